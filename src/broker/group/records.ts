// The record formats Kafka keeps in __consumer_offsets, encoded by the codecs generated from
// Kafka's own specs (src/protocol/coordinator/, scripts/gen-coordinator.ts). A key starts with an
// int16 that says what it is (0/1 offset commit, 2 group metadata, 3-8 the KIP-848 consumer-group
// records, handled by consumer-records.ts; share-group records are ignored); a value starts with
// its own int16 version. We write OffsetCommitKey 1 + OffsetCommitValue 3 (1 when the commit carries
// an expiry, as Kafka does) and GroupMetadataKey 2 + GroupMetadataValue 3, and read every version
// Kafka has written.
import { decodeGroupMetadataKey, encodeGroupMetadataKey } from '../../protocol/coordinator/group-metadata-key.js';
import * as gm from '../../protocol/coordinator/group-metadata-value.js';
import { decodeOffsetCommitKey, encodeOffsetCommitKey } from '../../protocol/coordinator/offset-commit-key.js';
import * as oc from '../../protocol/coordinator/offset-commit-value.js';
import { Reader } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';
import {
  decodeConsumerGroupRecord,
  encodeConsumerGroupKey,
  encodeConsumerGroupValue,
  isConsumerGroupKey,
  type ConsumerGroupKey,
  type ConsumerGroupRecord,
} from './consumer-records.js';

export const OFFSET_COMMIT_KEY_VERSION = 1;
export const GROUP_METADATA_KEY_VERSION = 2;

export interface OffsetCommitKey {
  type: 'offset';
  group: string;
  topic: string;
  partition: number;
}

export interface GroupMetadataKey {
  type: 'group';
  group: string;
}

export type CoordinatorKey = OffsetCommitKey | GroupMetadataKey;

export interface OffsetCommitValue {
  offset: bigint;
  /** -1 when unknown. */
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** Set only by OffsetCommit v2-4 requests that carry a retention time. */
  expireTimestamp: number | null;
}

export interface GroupMemberRecord {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  /** -1 when unknown (values before version 2). */
  currentStateTimestamp: number;
  members: GroupMemberRecord[];
}

/** One logical change: a value, or null for a tombstone. */
export type CoordinatorRecord =
  | { key: OffsetCommitKey; value: OffsetCommitValue | null }
  | { key: GroupMetadataKey; value: GroupMetadataValue | null }
  | ConsumerGroupRecord;

/** Any key of the records this coordinator stores. */
export type StoredKey = CoordinatorKey | ConsumerGroupKey;

export function encodeKey(key: StoredKey): Buffer {
  if (isConsumerGroupKey(key)) return encodeConsumerGroupKey(key);
  const w = new Writer(64);
  if (key.type === 'offset') {
    w.int16(OFFSET_COMMIT_KEY_VERSION);
    encodeOffsetCommitKey(w, { group: key.group, topic: key.topic, partition: key.partition }, OFFSET_COMMIT_KEY_VERSION);
  } else {
    w.int16(GROUP_METADATA_KEY_VERSION);
    encodeGroupMetadataKey(w, { group: key.group }, GROUP_METADATA_KEY_VERSION);
  }
  return w.toBuffer();
}

/** Null for key types that are not classic offsets or group metadata (left to other coordinators). */
export function decodeKey(buf: Buffer): CoordinatorKey | null {
  const r = new Reader(buf);
  const version = r.int16();
  if (version === 0 || version === 1) {
    const k = decodeOffsetCommitKey(r, version);
    return { type: 'offset', group: k.group, topic: k.topic, partition: k.partition };
  }
  if (version === 2) return { type: 'group', group: decodeGroupMetadataKey(r, version).group };
  return null;
}

export function encodeOffsetCommitValue(v: OffsetCommitValue): Buffer {
  const w = new Writer(64);
  const version = v.expireTimestamp !== null ? 1 : 3;
  w.int16(version);
  oc.encodeOffsetCommitValue(
    w,
    {
      offset: v.offset,
      leaderEpoch: v.leaderEpoch,
      metadata: v.metadata,
      commitTimestamp: BigInt(v.commitTimestamp),
      expireTimestamp: BigInt(v.expireTimestamp ?? -1),
    },
    version,
  );
  return w.toBuffer();
}

export function decodeOffsetCommitValue(buf: Buffer): OffsetCommitValue {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0 || version > 4) r.fail(`unknown OffsetCommitValue version ${version}`);
  const v = oc.decodeOffsetCommitValue(r, version);
  const expire = Number(v.expireTimestamp);
  return { offset: v.offset, leaderEpoch: v.leaderEpoch, metadata: v.metadata, commitTimestamp: Number(v.commitTimestamp), expireTimestamp: expire === -1 ? null : expire };
}

export function encodeGroupMetadataValue(v: GroupMetadataValue): Buffer {
  const w = new Writer(256);
  w.int16(3);
  gm.encodeGroupMetadataValue(
    w,
    {
      protocolType: v.protocolType,
      generation: v.generation,
      protocol: v.protocol,
      leader: v.leader,
      currentStateTimestamp: BigInt(v.currentStateTimestamp),
      members: v.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeout: m.rebalanceTimeoutMs,
        sessionTimeout: m.sessionTimeoutMs,
        subscription: m.subscription,
        assignment: m.assignment,
      })),
    },
    3,
  );
  return w.toBuffer();
}

export function decodeGroupMetadataValue(buf: Buffer): GroupMetadataValue {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0 || version > 4) r.fail(`unknown GroupMetadataValue version ${version}`);
  const v = gm.decodeGroupMetadataValue(r, version);
  return {
    protocolType: v.protocolType,
    generation: v.generation,
    protocol: v.protocol,
    leader: v.leader,
    currentStateTimestamp: Number(v.currentStateTimestamp),
    members: v.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      // Values before version 1 have no rebalance timeout: the session timeout stands in.
      rebalanceTimeoutMs: m.rebalanceTimeout === -1 ? m.sessionTimeout : m.rebalanceTimeout,
      sessionTimeoutMs: m.sessionTimeout,
      // Values may outlive the read buffer they were decoded from.
      subscription: Buffer.from(m.subscription),
      assignment: Buffer.from(m.assignment),
    })),
  };
}

export function encodeRecordValue(rec: CoordinatorRecord): Buffer | null {
  if (rec.value === null) return null;
  if (isConsumerGroupKey(rec.key)) return encodeConsumerGroupValue(rec as ConsumerGroupRecord);
  return rec.key.type === 'offset'
    ? encodeOffsetCommitValue(rec.value as OffsetCommitValue)
    : encodeGroupMetadataValue(rec.value as GroupMetadataValue);
}

/** Decodes a stored key/value pair; null when the key belongs to another kind of record (share groups). */
export function decodeRecord(key: Buffer, value: Buffer | null): CoordinatorRecord | null {
  const k = decodeKey(key);
  if (k === null) return decodeConsumerGroupRecord(key, value);
  if (k.type === 'offset') return { key: k, value: value === null ? null : decodeOffsetCommitValue(value) };
  return { key: k, value: value === null ? null : decodeGroupMetadataValue(value) };
}

/** Java's String.hashCode over UTF-16 code units, as an int32. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's partitionFor: Utils.abs (which maps Integer.MIN_VALUE to 0) of the hash, mod the partition count. */
export function offsetsPartitionFor(groupId: string, partitions: number): number {
  const h = javaStringHashCode(groupId);
  const abs = h === -0x80000000 ? 0 : Math.abs(h);
  return abs % partitions;
}
