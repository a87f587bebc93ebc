// tkafka dump-log -o json: one document for all --files, built beside Kafka's text lines from the same
// reads. Shape (int64 values as exact JSON numbers, absent values as null):
//   {"files":[
//     {"file","kind":"log","startOffset"|"snapshotEndOffset"+"snapshotEpoch"|"bootstrapSnapshot":true,
//      "batches":[{"position","size","magic",
//                  v2: "baseOffset","lastOffset","count","baseSequence","lastSequence","producerId",
//                      "producerEpoch","partitionLeaderEpoch","isTransactional","isControl","deleteHorizonMs",
//                  v0/v1: "lastOffset",
//                  "timestampType","maxTimestamp","compression","crc","isValid",
//                  with --deep-iteration "records":[{"offset","timestamp","keySize","valueSize",
//                      v2: "sequence","headerKeys", control batches: "control":{"type",...},
//                      v0/v1: "isValid","crc",
//                      with --print-data-log "key","value" (decoded; the coordinator decoders' JSON as
//                      objects, a tombstone's value null), v2 "headers":[{"key","value"}]}]}],
//      "trailingBytes","nonConsecutiveOffsets":[{"offset","next"}]}
//     {"file","kind":"offset-index","entries":[{"offset","position"}],"sanityCheck","mismatches":[{"indexOffset","logOffset"}]}
//     {"file","kind":"time-index","entries":[{"timestamp","offset"}],"sanityCheck","timestampMismatches":[{"indexTimestamp","logTimestamp"}],
//      "outOfOrderTimestamps":[{"indexTimestamp","previousTimestamp"}],"offsetsNotFound":[{"indexOffset","logOffset"}]}
//     {"file","kind":"producer-snapshot","entries":[{"producerId","producerEpoch","coordinatorEpoch","currentTxnFirstOffset",
//      "lastTimestamp", with batch metadata "firstSequence","lastSequence","lastOffset","offsetDelta","timestamp"}],"error"}
//     {"file","kind":"transaction-index","entries":[{"version","producerId","firstOffset","lastOffset","lastStableOffset"}]}
//     {"file","kind":"unknown"}]}
import type { KafkaRecord } from '../../protocol/records/record.js';
import type { ParsedRecord } from './coordinator.js';
import type { LegacyRecord, LegacyView } from './legacy.js';
import { codecName, controlInfo, incrementSequence, timestampTypeName, type BatchView } from './render.js';

export type JsonObject = Record<string, unknown>;

/** A file of the document and the absolute path Kafka keys its mismatch maps by. */
export interface JsonFileEntry {
  obj: JsonObject;
  abs: string;
}

export function v2BatchJson(b: BatchView, position: number, valid: boolean): JsonObject {
  return {
    position,
    size: b.slice.length,
    magic: b.magic,
    baseOffset: b.baseOffset,
    lastOffset: b.lastOffset,
    count: b.count,
    baseSequence: b.baseSequence,
    lastSequence: b.baseSequence === -1 ? -1 : incrementSequence(b.baseSequence, Number(b.lastOffset - b.baseOffset)),
    producerId: b.producerId,
    producerEpoch: b.producerEpoch,
    partitionLeaderEpoch: b.partitionLeaderEpoch,
    isTransactional: b.isTransactional,
    isControl: b.isControl,
    deleteHorizonMs: b.hasDeleteHorizon ? b.baseTimestamp : null,
    timestampType: timestampTypeName(b),
    maxTimestamp: b.maxTimestamp,
    compression: codecName(b.codec),
    crc: b.crc,
    isValid: valid,
  };
}

export function legacyBatchJson(b: LegacyView, position: number): JsonObject {
  return {
    position,
    size: b.slice.length,
    magic: b.magic,
    lastOffset: b.offset,
    timestampType: b.timestampType,
    maxTimestamp: b.timestamp,
    compression: codecName(b.codec),
    crc: b.crc,
    isValid: b.valid,
  };
}

/** A decoder's output as JSON: the coordinator decoders' JSON text as objects, their "<DELETE>" as null. */
function decoded(text: string | undefined, coordinator: boolean): unknown {
  if (text === undefined) return null;
  if (!coordinator) return text;
  if (text === '<DELETE>') return null;
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export interface RecordJsonInput {
  record: KafkaRecord;
  v2?: BatchView;
  legacy?: LegacyRecord;
  /** The decoder's output with --print-data-log (not for control batches). */
  parsed?: ParsedRecord;
  coordinator: boolean;
  printData: boolean;
}

export function recordJson(x: RecordJsonInput): JsonObject {
  const r = x.record;
  const out: JsonObject = {
    offset: r.offset,
    timestamp: r.timestamp,
    keySize: x.legacy !== undefined ? x.legacy.keySize : r.key === null ? -1 : r.key.length,
    valueSize: x.legacy !== undefined ? x.legacy.valueSize : r.value === null ? -1 : r.value.length,
  };
  if (x.v2 !== undefined) {
    out['sequence'] = x.v2.baseSequence === -1 ? -1 : incrementSequence(x.v2.baseSequence, r.offsetDelta);
    out['headerKeys'] = r.headers.map((h) => h.key);
  }
  if (x.legacy !== undefined) {
    out['isValid'] = x.legacy.valid;
    out['crc'] = x.legacy.crc;
  }
  if (x.v2?.isControl === true) {
    const c = controlInfo(r).json;
    out['control'] = c.data === undefined ? c : { ...c, data: JSON.parse(c.data) as unknown };
  } else if (x.printData && x.parsed !== undefined) {
    out['key'] = decoded(x.parsed.key, x.coordinator);
    out['value'] = decoded(x.parsed.payload, x.coordinator);
    if (x.v2 !== undefined) out['headers'] = r.headers.map((h) => ({ key: h.key, value: h.value === null ? null : h.value.toString('utf8') }));
  }
  return out;
}

const BIG = '\u0000int64:';

/** The document, two-space indented, with every bigint printed as its exact decimal digits. */
export function stringifyDocument(doc: unknown): string {
  const text = JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? `${BIG}${v}` : v), 2);
  return `${text.replace(/"\\u0000int64:(-?\d+)"/g, '$1')}\n`;
}
