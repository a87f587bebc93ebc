// The record formats Kafka keeps in __consumer_offsets (group-coordinator/.../common/message/
// OffsetCommitKey/Value and GroupMetadataKey/Value), written by hand with the codec Writer. A key
// starts with an int16 that says what it is (0/1 offset commit, 2 group metadata; 3+ are KIP-848
// and share-group records this coordinator ignores); a value starts with its own int16 version.
// We write OffsetCommitKey 1 + OffsetCommitValue 3 (1 when the commit carries an expiry, as Kafka
// does) and GroupMetadataKey 2 + GroupMetadataValue 3, and read every version Kafka has written.
import { Reader } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';

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
  | { key: GroupMetadataKey; value: GroupMetadataValue | null };

export function encodeKey(key: CoordinatorKey): Buffer {
  const w = new Writer(64);
  if (key.type === 'offset') {
    w.int16(OFFSET_COMMIT_KEY_VERSION).string(key.group).string(key.topic).int32(key.partition);
  } else {
    w.int16(GROUP_METADATA_KEY_VERSION).string(key.group);
  }
  return w.toBuffer();
}

/** Null for key types that are not classic offsets or group metadata (left to other coordinators). */
export function decodeKey(buf: Buffer): CoordinatorKey | null {
  const r = new Reader(buf);
  const version = r.int16();
  if (version === 0 || version === 1) {
    return { type: 'offset', group: r.string(), topic: r.string(), partition: r.int32() };
  }
  if (version === 2) return { type: 'group', group: r.string() };
  return null;
}

export function encodeOffsetCommitValue(v: OffsetCommitValue): Buffer {
  const w = new Writer(64);
  if (v.expireTimestamp !== null) {
    w.int16(1).int64(v.offset).string(v.metadata).int64(BigInt(v.commitTimestamp)).int64(BigInt(v.expireTimestamp));
  } else {
    w.int16(3).int64(v.offset).int32(v.leaderEpoch).string(v.metadata).int64(BigInt(v.commitTimestamp));
  }
  return w.toBuffer();
}

export function decodeOffsetCommitValue(buf: Buffer): OffsetCommitValue {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0 || version > 4) r.fail(`unknown OffsetCommitValue version ${version}`);
  const flexible = version >= 4;
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : -1;
  const metadata = flexible ? r.compactString() : r.string();
  const commitTimestamp = Number(r.int64());
  const expireTimestamp = version === 1 ? Number(r.int64()) : -1;
  if (flexible) r.rawTaggedFields();
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp: expireTimestamp === -1 ? null : expireTimestamp };
}

export function encodeGroupMetadataValue(v: GroupMetadataValue): Buffer {
  const w = new Writer(256);
  w.int16(3).string(v.protocolType).int32(v.generation).nullableString(v.protocol).nullableString(v.leader);
  w.int64(BigInt(v.currentStateTimestamp)).arrayLength(v.members.length);
  for (const m of v.members) {
    w.string(m.memberId).nullableString(m.groupInstanceId).string(m.clientId).string(m.clientHost);
    w.int32(m.rebalanceTimeoutMs).int32(m.sessionTimeoutMs).bytes(m.subscription).bytes(m.assignment);
  }
  return w.toBuffer();
}

export function decodeGroupMetadataValue(buf: Buffer): GroupMetadataValue {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0 || version > 4) r.fail(`unknown GroupMetadataValue version ${version}`);
  const flexible = version >= 4;
  const str = (): string => (flexible ? r.compactString() : r.string());
  const nstr = (): string | null => (flexible ? r.compactNullableString() : r.nullableString());
  // Values may outlive the read buffer they were decoded from.
  const bytes = (): Buffer => Buffer.from(flexible ? r.compactBytes() : r.bytes());
  const protocolType = str();
  const generation = r.int32();
  const protocol = nstr();
  const leader = nstr();
  const currentStateTimestamp = version >= 2 ? Number(r.int64()) : -1;
  const count = flexible ? r.compactArrayLength() : r.arrayLength();
  const members: GroupMemberRecord[] = [];
  for (let i = 0; i < count; i++) {
    const memberId = str();
    const groupInstanceId = version >= 3 ? nstr() : null;
    const clientId = str();
    const clientHost = str();
    const rebalanceTimeoutMs = version >= 1 ? r.int32() : -1;
    const sessionTimeoutMs = r.int32();
    const subscription = bytes();
    const assignment = bytes();
    if (flexible) r.rawTaggedFields();
    members.push({
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      rebalanceTimeoutMs: rebalanceTimeoutMs === -1 ? sessionTimeoutMs : rebalanceTimeoutMs,
      sessionTimeoutMs,
      subscription,
      assignment,
    });
  }
  if (flexible) r.rawTaggedFields();
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}

export function encodeRecordValue(rec: CoordinatorRecord): Buffer | null {
  if (rec.value === null) return null;
  return rec.key.type === 'offset'
    ? encodeOffsetCommitValue(rec.value as OffsetCommitValue)
    : encodeGroupMetadataValue(rec.value as GroupMetadataValue);
}

/** Decodes a stored key/value pair; null when the key belongs to another kind of record. */
export function decodeRecord(key: Buffer, value: Buffer | null): CoordinatorRecord | null {
  const k = decodeKey(key);
  if (k === null) return null;
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
