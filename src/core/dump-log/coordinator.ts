// --offsets-decoder and --transaction-log-decoder: a record of __consumer_offsets or
// __transaction_state as Kafka 4.4's CoordinatorRecordMessageParser prints it, over our generated
// coordinator codecs: key `{"type":"<record type>","data":{...}}`, value `{"version":"<v>","data":{...}}`
// or `<DELETE>` for a tombstone; a classic group's member subscription and assignment bytes are
// replaced by their decoded consumer-protocol JSON, as Kafka does.
import { Reader, type RawTaggedField } from '../../protocol/codec/reader.js';
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

type Decode = (r: Reader, version: number) => object;

interface RecordType {
  key: string;
  value: string;
  decodeKey: Decode;
  decodeValue: Decode;
  maxValueVersion: number;
}

function type(name: string, decodeKey: Decode, decodeValue: Decode, maxValueVersion: number): RecordType {
  return { key: `${name}Key`, value: `${name}Value`, decodeKey, decodeValue, maxValueVersion };
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

/** OffsetCommitValue's topicId (tag 0, newer than our spec copy) from the unknown tagged fields the codec kept. */
function withKnownTags(type: string, value: object): object {
  if (type !== 'OffsetCommitValue') return value;
  const tagged = (value as { _tagged?: RawTaggedField[] })._tagged;
  const topicId = tagged?.find((f) => f.tag === 0 && f.data.length === 16);
  return topicId === undefined ? value : { ...value, topicId: uuidFromBytes(topicId.data) };
}

function coordinatorParser(types: ReadonlyMap<number, RecordType>): RecordParser {
  return (record) => {
    if (record.key === null) throw new Error(`Failed to decode message at offset ${record.offset} using the specified decoder (message had a missing key)`);
    try {
      const recordType = readVersion(record.key, 'key');
      const t = types.get(recordType);
      if (t === undefined) throw new UnknownRecordType(recordType);
      const key = readMessage(record.key, recordType, 'key', t.decodeKey);
      const keyJson = `{"type":"${recordType}","data":${messageJson(t.key, key, recordType)}}`;
      if (record.value === null) return { key: keyJson, payload: '<DELETE>' };
      const version = readVersion(record.value, 'value');
      if (version < 0 || version > t.maxValueVersion) throw new Error(`Unknown record version ${version} for record type ${recordType}`);
      const value = readMessage(record.value, version, 'value', t.decodeValue);
      return { key: keyJson, payload: `{"version":"${version}","data":${messageJson(t.value, withKnownTags(t.value, value), version, hookFor(t.value, value))}}` };
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
