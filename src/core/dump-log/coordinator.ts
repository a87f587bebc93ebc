// --offsets-decoder and --transaction-log-decoder: a record of __consumer_offsets or
// __transaction_state as Kafka 4.4's CoordinatorRecordMessageParser prints it, over our generated
// coordinator codecs: key `{"type":"<record type>","data":{...}}`, value `{"version":"<v>","data":{...}}`
// or `<DELETE>` for a tombstone; a classic group's member subscription and assignment bytes are
// replaced by their decoded consumer-protocol JSON, as Kafka does.
import { Reader, type RawTaggedField } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';
import { uuidFromBytes } from '../../protocol/codec/uuid.js';
import * as cmaKey from '../../protocol/coordinator/consumer-group-current-member-assignment-key.js';
import * as cmaValue from '../../protocol/coordinator/consumer-group-current-member-assignment-value.js';
import * as mmKey from '../../protocol/coordinator/consumer-group-member-metadata-key.js';
import * as mmValue from '../../protocol/coordinator/consumer-group-member-metadata-value.js';
import * as gmKey from '../../protocol/coordinator/consumer-group-metadata-key.js';
import * as gmValue from '../../protocol/coordinator/consumer-group-metadata-value.js';
import * as pmKey from '../../protocol/coordinator/consumer-group-partition-metadata-key.js';
import * as pmValue from '../../protocol/coordinator/consumer-group-partition-metadata-value.js';
import * as tamKey from '../../protocol/coordinator/consumer-group-target-assignment-member-key.js';
import * as tamValue from '../../protocol/coordinator/consumer-group-target-assignment-member-value.js';
import * as tmKey from '../../protocol/coordinator/consumer-group-target-assignment-metadata-key.js';
import * as tmValue from '../../protocol/coordinator/consumer-group-target-assignment-metadata-value.js';
import { decodeGroupMetadataKey } from '../../protocol/coordinator/group-metadata-key.js';
import { decodeGroupMetadataValue, GroupMetadataValueVersions } from '../../protocol/coordinator/group-metadata-value.js';
import { decodeOffsetCommitKey } from '../../protocol/coordinator/offset-commit-key.js';
import { decodeOffsetCommitValue, OffsetCommitValueVersions } from '../../protocol/coordinator/offset-commit-value.js';
import { decodeTransactionLogKey } from '../../protocol/coordinator/transaction-log-key.js';
import { decodeTransactionLogValue, TransactionLogValueVersions } from '../../protocol/coordinator/transaction-log-value.js';
import { decodeConsumerProtocolAssignment } from '../../protocol/generated/messages/consumer-protocol-assignment.js';
import { decodeConsumerProtocolSubscription } from '../../protocol/generated/messages/consumer-protocol-subscription.js';
import type { KafkaRecord } from '../../protocol/records/record.js';
import { messageJson, RawJson, type FieldHook } from './json.js';
import { decodeBySchema } from './schema-decode.js';
import { SCHEMAS, type MessageSchema } from './schemas.js';
import { NEWER_RECORD_TYPES } from './schemas-newer.js';

type Decode = (r: Reader, version: number) => object;

interface RecordType {
  key: string;
  value: string;
  decodeKey: Decode;
  decodeValue: Decode;
  maxValueVersion: number;
  /** The version the key is read and printed at: the record type in ../shared's specs, 0 in the newer ones. */
  keyVersion?: number;
}

function type(name: string, decodeKey: Decode, decodeValue: Decode, maxValueVersion: number): RecordType {
  return { key: `${name}Key`, value: `${name}Value`, decodeKey, decodeValue, maxValueVersion };
}

/** A record type our generated codecs predate, read by its field list (schemas-newer.ts). */
function newerType(name: string, maxValueVersion: number): RecordType {
  const schema = (n: string): MessageSchema => {
    const s = SCHEMAS[n];
    if (s === undefined) throw new Error(`no schema for ${n}`);
    return s;
  };
  const key = schema(`${name}Key`);
  const value = schema(`${name}Value`);
  return {
    key: `${name}Key`,
    value: `${name}Value`,
    decodeKey: (r) => decodeBySchema(r, key, 0),
    decodeValue: (r, v) => decodeBySchema(r, value, v),
    maxValueVersion,
    keyVersion: 0,
  };
}

const offsetCommit = type('OffsetCommit', decodeOffsetCommitKey, decodeOffsetCommitValue, OffsetCommitValueVersions.max);

/** GroupCoordinatorRecordSerde's record types (the key's leading int16) that we have codecs for. */
const GROUP_TYPES: ReadonlyMap<number, RecordType> = new Map([
  [0, offsetCommit],
  [1, offsetCommit],
  [2, type('GroupMetadata', decodeGroupMetadataKey, decodeGroupMetadataValue, GroupMetadataValueVersions.max)],
  [3, type('ConsumerGroupMetadata', gmKey.decodeConsumerGroupMetadataKey, gmValue.decodeConsumerGroupMetadataValue, gmValue.ConsumerGroupMetadataValueVersions.max)],
  [4, type('ConsumerGroupPartitionMetadata', pmKey.decodeConsumerGroupPartitionMetadataKey, pmValue.decodeConsumerGroupPartitionMetadataValue, pmValue.ConsumerGroupPartitionMetadataValueVersions.max)],
  [5, type('ConsumerGroupMemberMetadata', mmKey.decodeConsumerGroupMemberMetadataKey, mmValue.decodeConsumerGroupMemberMetadataValue, mmValue.ConsumerGroupMemberMetadataValueVersions.max)],
  [6, type('ConsumerGroupTargetAssignmentMetadata', tmKey.decodeConsumerGroupTargetAssignmentMetadataKey, tmValue.decodeConsumerGroupTargetAssignmentMetadataValue, tmValue.ConsumerGroupTargetAssignmentMetadataValueVersions.max)],
  [7, type('ConsumerGroupTargetAssignmentMember', tamKey.decodeConsumerGroupTargetAssignmentMemberKey, tamValue.decodeConsumerGroupTargetAssignmentMemberValue, tamValue.ConsumerGroupTargetAssignmentMemberValueVersions.max)],
  [8, type('ConsumerGroupCurrentMemberAssignment', cmaKey.decodeConsumerGroupCurrentMemberAssignmentKey, cmaValue.decodeConsumerGroupCurrentMemberAssignmentValue, cmaValue.ConsumerGroupCurrentMemberAssignmentValueVersions.max)],
  ...NEWER_RECORD_TYPES.map(([n, name, max]): [number, RecordType] => [n, newerType(name, max)]),
]);

const TXN_TYPES: ReadonlyMap<number, RecordType> = new Map([[0, type('TransactionLog', decodeTransactionLogKey, decodeTransactionLogValue, TransactionLogValueVersions.max)]]);

export interface ParsedRecord {
  key?: string;
  payload?: string;
}

export type RecordParser = (record: KafkaRecord) => ParsedRecord;

class UnknownRecordType extends Error {
  readonly recordType: number;
  constructor(recordType: number) {
    super(`unknown record type ${recordType}`);
    this.recordType = recordType;
  }
}

function readVersion(buf: Buffer, name: string): number {
  if (buf.length < 2) throw new Error(`Could not read version from ${name}'s buffer.`);
  return buf.readInt16BE(0);
}

function readMessage<T>(buf: Buffer, version: number, name: string, decode: (r: Reader, v: number) => T): T {
  try {
    return decode(new Reader(buf, 2), version);
  } catch (err) {
    throw new Error(`Could not read record with version ${version} from ${name}'s buffer due to: ${(err as Error).message}.`);
  }
}

/** The embedded consumer-protocol bytes of a classic "consumer" group's members, decoded (kept as bytes when they do not decode). */
const consumerProtocolHook: FieldHook = (path, value) => {
  if (!Buffer.isBuffer(value) || (path !== 'members.subscription' && path !== 'members.assignment')) return value;
  try {
    const r = new Reader(value);
    const version = r.int16();
    if (path === 'members.subscription') return new RawJson(messageJson('ConsumerProtocolSubscription', decodeConsumerProtocolSubscription(r, version), version));
    return new RawJson(messageJson('ConsumerProtocolAssignment', decodeConsumerProtocolAssignment(r, version), version));
  } catch {
    return value;
  }
};

/** Kafka's TransactionState names, which its 4.4 JSON prints for transactionStatus. */
const TXN_STATES = ['Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead', 'PrepareEpochFence'];

const txnStatusHook: FieldHook = (path, value) => (path === 'transactionStatus' && typeof value === 'number' ? new RawJson(TXN_STATES[value] === undefined ? String(value) : `"${TXN_STATES[value]}"`) : value);

function hookFor(type: string, value: object): FieldHook | undefined {
  if (type === 'GroupMetadataValue' && (value as { protocolType?: string }).protocolType === 'consumer') return consumerProtocolHook;
  if (type === 'TransactionLogValue') return txnStatusHook;
  return undefined;
}

type Tagged = { _tagged?: RawTaggedField[] };

function tag(value: Tagged, n: number): Buffer | undefined {
  return value._tagged?.find((f) => f.tag === n)?.data;
}

/** A tagged int64 (8 bytes), else undefined. */
function int64Tag(value: Tagged, n: number): bigint | undefined {
  const d = tag(value, n);
  return d?.length === 8 ? d.readBigInt64BE(0) : undefined;
}

/** A tagged nullable compact array of int32 (its length + 1 as an unsigned varint, then the values). */
function int32ArrayTag(value: Tagged, n: number): number[] | null | undefined {
  const d = tag(value, n);
  if (d === undefined) return undefined;
  try {
    const r = new Reader(d);
    const len = r.uvarint() - 1;
    if (len < 0) return null;
    const out: number[] = [];
    for (let i = 0; i < len; i++) out.push(r.int32());
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Fields of Kafka 4.4's coordinator records newer than our spec copy, read from the unknown tagged
 * fields the codec kept: OffsetCommitValue's topicId, ConsumerGroupMetadataValue's metadataHash,
 * the target assignment's timestamp, a member assignment's per-partition assignment epochs, and the
 * transaction log's next producer epoch.
 */
function withKnownTags(type: string, value: object, raw: Buffer, version: number): object {
  const v = value as Tagged;
  switch (type) {
    case 'ConsumerGroupMemberMetadataValue': {
      // Kafka 4.4 writes classicMemberMetadata's tag even when null (its Java default is an empty
      // struct, so null differs from it and is printed); our codec reads both as null. The tag
      // written with a null is 3 bytes (tag 0, size 1, marker 0) our encoder leaves out.
      const m = value as mmValue.ConsumerGroupMemberMetadataValue;
      if (m.classicMemberMetadata !== null) return value;
      const w = new Writer(raw.length);
      mmValue.encodeConsumerGroupMemberMetadataValue(w, m, version);
      return w.toBuffer().length + 2 === raw.length - 3 ? { ...value, classicMemberMetadata: new RawJson('null') } : value;
    }
    case 'OffsetCommitValue': {
      const topicId = tag(v, 0);
      return topicId?.length === 16 ? { ...value, topicId: uuidFromBytes(topicId) } : value;
    }
    case 'ConsumerGroupMetadataValue':
      return { ...value, metadataHash: int64Tag(v, 0) ?? 0n };
    case 'ConsumerGroupTargetAssignmentMetadataValue':
      return { ...value, assignmentTimestamp: int64Tag(v, 0) ?? 0n };
    case 'ConsumerGroupCurrentMemberAssignmentValue': {
      const withEpochs = (list: unknown): unknown =>
        Array.isArray(list)
          ? list.map((tp: Tagged) => {
              return { ...tp, assignmentEpochs: int32ArrayTag(tp, 0) ?? null };
            })
          : list;
      const m = value as { assignedPartitions?: unknown; partitionsPendingRevocation?: unknown };
      return { ...value, assignedPartitions: withEpochs(m.assignedPartitions), partitionsPendingRevocation: withEpochs(m.partitionsPendingRevocation) };
    }
    case 'TransactionLogValue': {
      const d = tag(v, 3);
      return { ...value, nextProducerEpoch: d?.length === 2 ? d.readInt16BE(0) : -1 };
    }
    default:
      return value;
  }
}

function coordinatorParser(types: ReadonlyMap<number, RecordType>): RecordParser {
  return (record) => {
    if (record.key === null) throw new Error(`Failed to decode message at offset ${record.offset} using the specified decoder (message had a missing key)`);
    try {
      const recordType = readVersion(record.key, 'key');
      const t = types.get(recordType);
      if (t === undefined) throw new UnknownRecordType(recordType);
      const keyVersion = t.keyVersion ?? recordType;
      const key = readMessage(record.key, keyVersion, 'key', t.decodeKey);
      const keyJson = `{"type":"${recordType}","data":${messageJson(t.key, key, keyVersion)}}`;
      if (record.value === null) return { key: keyJson, payload: '<DELETE>' };
      const version = readVersion(record.value, 'value');
      if (version < 0 || version > t.maxValueVersion) throw new Error(`Unknown record version ${version} for record type ${recordType}`);
      const value = readMessage(record.value, version, 'value', t.decodeValue);
      return { key: keyJson, payload: `{"version":"${version}","data":${messageJson(t.value, withKnownTags(t.value, value, record.value, version), version, hookFor(t.value, value))}}` };
    } catch (err) {
      if (err instanceof UnknownRecordType) return { key: `Unknown record type ${err.recordType} at offset ${record.offset}, skipping.` };
      return { key: `Error at offset ${record.offset}, skipping. ${(err as Error).message}` };
    }
  };
}

export const offsetsParser: RecordParser = coordinatorParser(GROUP_TYPES);
export const transactionLogParser: RecordParser = coordinatorParser(TXN_TYPES);

/** Kafka's StringDecoder for keys and values: UTF-8 text. */
export const stringParser: RecordParser = (record) => {
  const out: ParsedRecord = {};
  if (record.key !== null) out.key = record.key.toString('utf8');
  if (record.value !== null) out.payload = record.value.toString('utf8');
  return out;
};
