// kafka-dump-log's lines (DumpLogSegments.printBatchLevel / printRecordMetadata / printControlRecord),
// from a v2 batch slice and its decoded records, in Kafka's words and Java's toString forms.
import { Reader } from '../../protocol/codec/reader.js';
import { decodeKRaftVersionRecord } from '../../protocol/generated/messages/kraft-version-record.js';
import { decodeLeaderChangeMessage } from '../../protocol/generated/messages/leader-change-message.js';
import { decodeSnapshotFooterRecord } from '../../protocol/generated/messages/snapshot-footer-record.js';
import { decodeSnapshotHeaderRecord } from '../../protocol/generated/messages/snapshot-header-record.js';
import { decodeVotersRecord } from '../../protocol/generated/messages/voters-record.js';
import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_SEQUENCE,
  BASE_TIMESTAMP,
  COMPRESSION_MASK,
  CONTROL_BIT,
  CRC,
  DELETE_HORIZON_BIT,
  LAST_OFFSET_DELTA,
  MAGIC,
  MAX_TIMESTAMP,
  PARTITION_LEADER_EPOCH,
  PRODUCER_EPOCH,
  PRODUCER_ID,
  RECORD_BATCH_OVERHEAD,
  RECORDS_COUNT,
  TIMESTAMP_TYPE_BIT,
  TRANSACTIONAL_BIT,
} from '../../protocol/records/batch-header.js';
import { crc32c } from '../../protocol/records/crc32c.js';
import type { KafkaRecord } from '../../protocol/records/record.js';
import { DumpLogError } from './files.js';
import { messageJson } from './json.js';

const INT32_MAX = 0x7fffffff;

/** DefaultRecordBatch.incrementSequence: sequences wrap at Integer.MAX_VALUE. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

export function decrementSequence(sequence: number, decrement: number): number {
  if (sequence < decrement) return INT32_MAX - (decrement - sequence) + 1;
  return sequence - decrement;
}

const CODEC_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** The header of one v2 batch, as DefaultRecordBatch's accessors report it. */
export interface BatchView {
  slice: Buffer;
  baseOffset: bigint;
  lastOffset: bigint;
  count: number;
  baseSequence: number;
  producerId: bigint;
  producerEpoch: number;
  partitionLeaderEpoch: number;
  isTransactional: boolean;
  isControl: boolean;
  hasDeleteHorizon: boolean;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  logAppendTime: boolean;
  magic: number;
  codec: number;
  crc: number;
}

export function viewBatch(slice: Buffer): BatchView {
  if (slice.length < RECORD_BATCH_OVERHEAD) {
    throw new DumpLogError(`Record batch is corrupt (the size ${slice.length} is smaller than the minimum allowed overhead ${RECORD_BATCH_OVERHEAD})`);
  }
  const attributes = slice.readInt16BE(ATTRIBUTES);
  const baseOffset = slice.readBigInt64BE(BASE_OFFSET);
  return {
    slice,
    baseOffset,
    lastOffset: baseOffset + BigInt(slice.readInt32BE(LAST_OFFSET_DELTA)),
    count: slice.readInt32BE(RECORDS_COUNT),
    baseSequence: slice.readInt32BE(BASE_SEQUENCE),
    producerId: slice.readBigInt64BE(PRODUCER_ID),
    producerEpoch: slice.readInt16BE(PRODUCER_EPOCH),
    partitionLeaderEpoch: slice.readInt32BE(PARTITION_LEADER_EPOCH),
    isTransactional: (attributes & TRANSACTIONAL_BIT) !== 0,
    isControl: (attributes & CONTROL_BIT) !== 0,
    hasDeleteHorizon: (attributes & DELETE_HORIZON_BIT) !== 0,
    baseTimestamp: slice.readBigInt64BE(BASE_TIMESTAMP),
    maxTimestamp: slice.readBigInt64BE(MAX_TIMESTAMP),
    logAppendTime: (attributes & TIMESTAMP_TYPE_BIT) !== 0,
    magic: slice.readInt8(MAGIC),
    codec: attributes & COMPRESSION_MASK,
    crc: slice.readUInt32BE(CRC),
  };
}

export function timestampTypeName(b: BatchView): string {
  return b.logAppendTime ? 'LogAppendTime' : 'CreateTime';
}

export function codecName(codec: number): string {
  const name = CODEC_NAMES[codec];
  if (name === undefined) throw new DumpLogError(`java.lang.IllegalArgumentException: Unknown compression type id: ${codec}`);
  return name;
}

/**
 * Kafka prints a batch line in two calls, the part up to deleteHorizonMs (v2) or "offset: N" (v0/v1)
 * first: an unknown codec id dies between them, after that part reached stdout.
 */
export class PartialLineError extends DumpLogError {
  readonly printed: string;
  constructor(printed: string, message: string) {
    super(message);
    this.printed = printed;
  }
}

/** The rest of a batch line from " position:" on, or PartialLineError after `printed` when the codec id is unknown. */
export function batchLineRest(printed: string, position: number, timestampType: string, maxTimestamp: bigint, size: number, magic: number, codec: number, crc: number, valid: () => boolean): string {
  let name: string;
  try {
    name = codecName(codec);
  } catch (err) {
    throw new PartialLineError(printed, (err as Error).message);
  }
  return `${printed} position: ${position} ${timestampType}: ${maxTimestamp} size: ${size} magic: ${magic} compresscodec: ${name} crc: ${crc} isvalid: ${valid()}`;
}

/** DefaultRecordBatch.isValid: the stored CRC-32C matches the one over attributes..end. */
export function batchValid(b: BatchView): boolean {
  return crc32c(b.slice.subarray(ATTRIBUTES)) === b.crc;
}

export function batchLine(b: BatchView, position: number): string {
  const lastSequence = b.baseSequence === -1 ? -1 : incrementSequence(b.baseSequence, Number(b.lastOffset - b.baseOffset));
  const horizon = b.hasDeleteHorizon ? `OptionalLong[${b.baseTimestamp}]` : 'OptionalLong.empty';
  const printed =
    `baseOffset: ${b.baseOffset} lastOffset: ${b.lastOffset} count: ${b.count} baseSequence: ${b.baseSequence} lastSequence: ${lastSequence}` +
    ` producerId: ${b.producerId} producerEpoch: ${b.producerEpoch} partitionLeaderEpoch: ${b.partitionLeaderEpoch}` +
    ` isTransactional: ${b.isTransactional} isControl: ${b.isControl} deleteHorizonMs: ${horizon}`;
  return batchLineRest(printed, position, timestampTypeName(b), b.maxTimestamp, b.slice.length, b.magic, b.codec, b.crc, () => batchValid(b));
}

export function recordMetadata(b: BatchView, r: KafkaRecord): string {
  const sequence = b.baseSequence === -1 ? -1 : incrementSequence(b.baseSequence, r.offsetDelta);
  let line =
    `| offset: ${r.offset} ${timestampTypeName(b)}: ${r.timestamp} keySize: ${r.key === null ? -1 : r.key.length} valueSize: ${r.value === null ? -1 : r.value.length}` +
    ` sequence: ${sequence} headerKeys: [${r.headers.map((h) => h.key).join(',')}]`;
  if (b.isControl) line += controlRecord(r);
  return line;
}

const CONTROL_NAMES = ['ABORT', 'COMMIT', 'LEADER_CHANGE', 'SNAPSHOT_HEADER', 'SNAPSHOT_FOOTER', 'KRAFT_VERSION', 'KRAFT_VOTERS'];

/** A control record as dump-log shows it: the text its line ends with, and its JSON form (-o json). */
export interface ControlInfo {
  text: string;
  json: { type: string; typeId?: number; coordinatorEpoch?: number; data?: string };
}

/** A control record's part of the line (ControlRecordType.parseTypeId, EndTransactionMarker, the KRaft records' JSON). */
function controlRecord(r: KafkaRecord): string {
  return controlInfo(r).text;
}

export function controlInfo(r: KafkaRecord): ControlInfo {
  const key = r.key;
  if (key === null || key.length < 4) throw new DumpLogError(`Invalid value size found for end control record key. Must have at least 4 bytes, but found only ${key === null ? -1 : key.length}`);
  const version = key.readInt16BE(0);
  if (version < 0) throw new DumpLogError(`Invalid version found for control record: ${version}. May indicate data corruption`);
  const typeId = key.readInt16BE(2);
  const name = CONTROL_NAMES[typeId] ?? 'UNKNOWN';
  const value = r.value ?? Buffer.alloc(0);
  // The KRaft control records carry their version as their first field and are read at version 0 (ControlRecordUtils).
  const kraft = <T extends { version: number }>(label: string, type: string, decode: (r: Reader, v: number) => T): ControlInfo => {
    const m = decode(new Reader(value), 0);
    const data = messageJson(type, m, m.version);
    return { text: ` ${label} ${data}`, json: { type: name, data } };
  };
  switch (name) {
    case 'ABORT':
    case 'COMMIT': {
      if (value.length < 6) throw new DumpLogError(`Invalid value size found for end transaction marker. Must have at least 6 bytes, but found only ${value.length}`);
      const coordinatorEpoch = value.readInt32BE(2);
      return { text: ` endTxnMarker: ${name} coordinatorEpoch: ${coordinatorEpoch}`, json: { type: name, coordinatorEpoch } };
    }
    case 'LEADER_CHANGE':
      return kraft('LeaderChange:', 'LeaderChangeMessage', decodeLeaderChangeMessage);
    case 'SNAPSHOT_HEADER':
      return kraft('SnapshotHeader', 'SnapshotHeaderRecord', decodeSnapshotHeaderRecord);
    case 'SNAPSHOT_FOOTER':
      return kraft('SnapshotFooter', 'SnapshotFooterRecord', decodeSnapshotFooterRecord);
    case 'KRAFT_VERSION':
      return kraft('KRaftVersion', 'KRaftVersionRecord', decodeKRaftVersionRecord);
    case 'KRAFT_VOTERS':
      return kraft('KRaftVoters', 'VotersRecord', decodeVotersRecord);
    default:
      return { text: ` controlType: UNKNOWN(${typeId})`, json: { type: 'UNKNOWN', typeId } };
  }
}
