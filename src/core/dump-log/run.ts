// kafka-dump-log (Kafka 4.4's DumpLogSegments): each --files entry by its suffix — .log and KRaft
// .checkpoint segments batch by batch (Buffer slices read at their position, records decoded only
// with --deep-iteration), .index and .timeindex checked against their segment, producer .snapshot
// and .txnindex files — then the mismatch maps on stderr, in Kafka's order and words.
import { Reader } from '../../protocol/codec/reader.js';
import { LOG_OVERHEAD, RECORD_BATCH_OVERHEAD } from '../../protocol/records/batch-header.js';
import { CompressionCodec, decompress, isCompressionCodec } from '../../protocol/records/compression.js';
import { crc32c } from '../../protocol/records/crc32c.js';
import { decodeRecords, type KafkaRecord } from '../../protocol/records/record.js';
import { offsetsParser, stringParser, transactionLogParser, type ParsedRecord, type RecordParser } from './coordinator.js';
import { absolutePath, DumpLogError, fileName, javaHashMapOrder, javaPath, parentOf, parseJavaLong, ReadFile } from './files.js';
import type { DumpLogOptions } from './options.js';
import { legacyBatchLine, legacyRecordMetadata, legacyRecords, viewLegacy, type LegacyRecord, type LegacyView } from './legacy.js';
import { batchLine, batchValid, decrementSequence, PartialLineError, recordMetadata, viewBatch, type BatchView } from './render.js';
import { legacyBatchJson, recordJson, v2BatchJson, type JsonFileEntry, type JsonObject } from './report-json.js';

export { DumpLogError } from './files.js';

/** Where the dump goes: Kafka's System.out and System.err. */
export interface DumpSink {
  out(text: string): void;
  err(text: string): void;
}

const HEADER_SIZE_UP_TO_MAGIC = 17;
const RECORD_OVERHEAD_V0 = 14;
const INT32_MAX = 0x7fffffff;
const NO_TIMESTAMP = -1n;

type PairMap = Map<string, Array<[bigint, bigint]>>;

interface State {
  opts: DumpLogOptions;
  sink: DumpSink;
  parser: RecordParser | undefined;
  /** Index file → (index offset → log offset), printed by descending index offset. */
  indexMismatches: Map<string, Map<bigint, bigint>>;
  /** Log file → (offset → next offset), printed ascending. */
  nonConsecutive: Map<string, Map<bigint, bigint>>;
  timeMismatch: PairMap;
  timeOutOfOrder: PairMap;
  timeNotFound: PairMap;
  /** -o json: the files of the document (text output is then not written). */
  json: JsonFileEntry[] | undefined;
}

/** The file's JSON object when -o json is on. */
function jsonFile(st: State, arg: string, kind: string): JsonObject | undefined {
  if (st.json === undefined) return undefined;
  const obj: JsonObject = { file: javaPath(arg), kind };
  st.json.push({ obj, abs: absolutePath(arg, st.opts.cwd) });
  return obj;
}

function pushTo(obj: JsonObject | undefined, key: string, value: unknown): void {
  if (obj === undefined) return;
  const list = (obj[key] ??= []) as unknown[];
  list.push(value);
}

/** A batch of a segment: v2 (magic 2 and above, as Kafka's DefaultFileChannelRecordBatch) or a v0/v1 entry. */
type AnyBatch = { v2: BatchView; legacy?: undefined } | { v2?: undefined; legacy: LegacyView };

function viewAny(slice: Buffer): AnyBatch {
  return slice.readInt8(HEADER_SIZE_UP_TO_MAGIC - 1) < 2 ? { legacy: viewLegacy(slice) } : { v2: viewBatch(slice) };
}

function lastOffsetOf(b: AnyBatch): bigint {
  return b.v2 !== undefined ? b.v2.lastOffset : b.legacy.offset;
}

interface DumpRecord {
  record: KafkaRecord;
  legacy?: LegacyRecord;
}

/** The records of a batch as Kafka's `for (Record record : batch)` hands them out. */
function* recordsOf(b: AnyBatch): Generator<DumpRecord> {
  if (b.v2 !== undefined) for (const record of batchRecords(b.v2)) yield { record };
  else for (const lr of legacyRecords(b.legacy)) yield { record: lr.record, legacy: lr };
}

function addPair(map: PairMap, key: string, a: bigint, b: bigint): void {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  list.push([a, b]);
}

/** One batch of a segment: its v2 slice, or null at the end (FileLogInputStream.nextBatch). */
function nextBatch(file: ReadFile, position: number, end: number, shown: string): Buffer | null {
  if (position >= end - HEADER_SIZE_UP_TO_MAGIC) return null;
  const header = file.read(position, HEADER_SIZE_UP_TO_MAGIC);
  const size = header.readInt32BE(8);
  if (size < RECORD_OVERHEAD_V0) throw new DumpLogError(`Found record size ${size} smaller than minimum record overhead (${RECORD_OVERHEAD_V0}) in file ${shown}.`);
  if (position > end - LOG_OVERHEAD - size) return null;
  return file.read(position, LOG_OVERHEAD + size);
}

/** The records of a batch, decompressed as needed (the batch's own timestamps applied). */
function batchRecords(b: BatchView): KafkaRecord[] {
  if (!isCompressionCodec(b.codec)) throw new DumpLogError(`java.lang.IllegalArgumentException: Unknown compression type id: ${b.codec}`);
  const ctx = { baseOffset: b.baseOffset, baseTimestamp: b.baseTimestamp, logAppendTime: b.logAppendTime ? b.maxTimestamp : null };
  try {
    if (b.codec === CompressionCodec.NONE) return decodeRecords(b.slice, RECORD_BATCH_OVERHEAD, b.slice.length, b.count, ctx);
    const raw = decompress(b.codec, b.slice.subarray(RECORD_BATCH_OVERHEAD));
    return decodeRecords(raw, 0, raw.length, b.count, ctx);
  } catch (err) {
    throw new DumpLogError(`Found invalid record batch at offset ${b.baseOffset}: ${(err as Error).message}`);
  }
}

function int32Decoder(buf: Buffer): string {
  if (buf.length < 4) throw new DumpLogError('java.nio.BufferUnderflowException');
  return String(buf.readInt32BE(0));
}

function int64Decoder(buf: Buffer): string {
  if (buf.length < 8) throw new DumpLogError('java.nio.BufferUnderflowException');
  return String(buf.readBigInt64BE(0));
}

function decoderFor(name: string): (buf: Buffer) => string {
  if (name === 'org.apache.kafka.tools.api.StringDecoder') return (b) => b.toString('utf8');
  if (name === 'org.apache.kafka.tools.api.IntegerDecoder') return int32Decoder;
  if (name === 'org.apache.kafka.tools.api.LongDecoder') return int64Decoder;
  throw new DumpLogError(`Failed to load decoder class ${name}: tkafka dump-log supports org.apache.kafka.tools.api.StringDecoder, IntegerDecoder and LongDecoder`);
}

/** DumpLogSegmentsOptions.messageParser, made when the first segment needs it (as Kafka does). */
function parserOf(st: State): RecordParser {
  if (st.parser !== undefined) return st.parser;
  const o = st.opts;
  let parser: RecordParser;
  if (o.parser === 'offsets') parser = offsetsParser;
  else if (o.parser === 'transaction-log') parser = transactionLogParser;
  else if (o.parser !== 'decoders') throw new DumpLogError(`--${o.parser}-decoder is not supported by tkafka dump-log`);
  else if (o.keyDecoder === 'org.apache.kafka.tools.api.StringDecoder' && o.valueDecoder === o.keyDecoder) parser = stringParser;
  else {
    const value = decoderFor(o.valueDecoder);
    const key = decoderFor(o.keyDecoder);
    parser = (r) => {
      const out: ParsedRecord = {};
      if (r.key !== null) out.key = key(r.key);
      if (r.value !== null) out.payload = value(r.value);
      return out;
    };
  }
  st.parser = parser;
  return parser;
}

function dumpLog(st: State, arg: string): void {
  const { opts, sink } = st;
  const shown = javaPath(arg);
  const name = fileName(arg);
  const jf = jsonFile(st, arg, 'log');
  if (name.endsWith('.log')) {
    const start = parseJavaLong(name.split('.')[0] ?? '');
    sink.out(`Log starting offset: ${start}\n`);
    if (jf !== undefined) jf['startOffset'] = start;
  } else if (name === 'bootstrap.checkpoint') {
    sink.out('KRaft bootstrap snapshot\n');
    if (jf !== undefined) jf['bootstrapSnapshot'] = true;
  } else {
    const m = /^(\d{20})-(\d{10})\.checkpoint$/.exec(name);
    if (m === null) throw new DumpLogError('No value present');
    sink.out(`Snapshot end offset: ${BigInt(m[1] ?? '0')}, epoch: ${Number(m[2])}\n`);
    if (jf !== undefined) {
      jf['snapshotEndOffset'] = BigInt(m[1] ?? '0');
      jf['snapshotEpoch'] = Number(m[2]);
    }
  }
  const parser = parserOf(st);
  const coordinator = opts.parser === 'offsets' || opts.parser === 'transaction-log';
  const file = ReadFile.open(absolutePath(arg, opts.cwd), shown);
  try {
    if (opts.maxBytes < 0) throw new DumpLogError(`Invalid size: ${opts.maxBytes} in fileRecords with size ${file.size}`);
    const end = Math.min(file.size, opts.maxBytes);
    const abs = absolutePath(arg, opts.cwd);
    let position = 0;
    let lastOffset = -1n;
    if (jf !== undefined) jf['batches'] = [];
    for (;;) {
      const slice = nextBatch(file, position, end, shown);
      if (slice === null) break;
      const b = viewAny(slice);
      let jb: JsonObject | undefined;
      if (jf !== undefined) jb = b.v2 !== undefined ? v2BatchJson(b.v2, position, batchValid(b.v2)) : legacyBatchJson(b.legacy, position);
      else {
        try {
          sink.out(`${b.v2 !== undefined ? batchLine(b.v2, position) : legacyBatchLine(b.legacy, position)}\n`);
        } catch (err) {
          if (err instanceof PartialLineError) sink.out(err.printed);
          throw err;
        }
      }
      pushTo(jf, 'batches', jb);
      if (opts.deepIteration) {
        if (jb !== undefined) jb['records'] = [];
        const isControl = b.v2?.isControl === true;
        for (const { record: r, legacy } of recordsOf(b)) {
          if (r.offset !== lastOffset + 1n) {
            let pairs = st.nonConsecutive.get(abs);
            if (pairs === undefined) st.nonConsecutive.set(abs, (pairs = new Map<bigint, bigint>()));
            pairs.set(lastOffset, r.offset);
          }
          lastOffset = r.offset;
          const parsed = opts.printDataLog && !isControl ? parser(r) : undefined;
          if (jb !== undefined) {
            pushTo(jb, 'records', recordJson({ record: r, ...(b.v2 === undefined ? {} : { v2: b.v2 }), ...(legacy === undefined ? {} : { legacy }), ...(parsed === undefined ? {} : { parsed }), coordinator, printData: opts.printDataLog }));
            continue;
          }
          let line = opts.skipRecordMetadata ? '' : b.v2 !== undefined ? recordMetadata(b.v2, r) : legacyRecordMetadata(b.legacy, legacy as LegacyRecord);
          if (parsed !== undefined) {
            let prefix = opts.skipRecordMetadata ? '| ' : ' ';
            if (parsed.key !== undefined) {
              line += `${prefix}key: ${parsed.key}`;
              prefix = ' ';
            }
            if (parsed.payload !== undefined) line += `${prefix}payload: ${parsed.payload}`;
          }
          sink.out(`${line}\n`);
        }
      }
      position += slice.length;
    }
    const trailing = end - position;
    if (trailing > 0 && opts.maxBytes === INT32_MAX) sink.out(`Found ${trailing} invalid bytes at the end of ${name}\n`);
    if (jf !== undefined) jf['trailingBytes'] = trailing;
  } finally {
    file.close();
  }
}

/** An index file's entries: (absolute offset, value) per slot, as Kafka's OffsetIndex/TimeIndex read them. */
interface IndexEntries {
  count: number;
  length: number;
  at(i: number): Buffer;
}

function readIndex(path: string, shown: string, entrySize: number): IndexEntries {
  const f = ReadFile.open(path, shown);
  try {
    const all = f.read(0, f.size);
    const count = Math.floor(all.length / entrySize);
    return { count, length: all.length, at: (i) => all.subarray(i * entrySize, (i + 1) * entrySize) };
  } finally {
    f.close();
  }
}

function segmentBase(arg: string): { base: bigint; stem: string } {
  const stem = fileName(arg).split('.')[0] ?? '';
  return { base: parseJavaLong(stem), stem };
}

function dumpIndex(st: State, arg: string): void {
  const { opts, sink } = st;
  const { base, stem } = segmentBase(arg);
  const abs = absolutePath(arg, opts.cwd);
  const logPath = `${parentOf(abs)}/${stem}.log`;
  const jf = jsonFile(st, arg, 'offset-index');
  const log = ReadFile.open(logPath, logPath);
  try {
    const index = readIndex(abs, javaPath(arg), 8);
    const offsetAt = (i: number): bigint => base + BigInt(index.at(i).readInt32BE(0));
    if (jf !== undefined) jf['entries'] = [];
    if (index.count === 0) {
      sink.out(`${javaPath(arg)} is empty.\n`);
      return;
    }
    if (opts.indexSanityOnly) {
      const last = offsetAt(index.count - 1);
      if (last < base) throw new DumpLogError(`Corrupt index found, index file ${abs} has non-zero size but the last offset is ${last} which is less than the base offset ${base}`);
      if (index.length % 8 !== 0) throw new DumpLogError(`Index file ${abs} is corrupt, found ${index.length} bytes which is neither positive nor a multiple of 8`);
      sink.out(`${javaPath(arg)} passed sanity check.\n`);
      if (jf !== undefined) jf['sanityCheck'] = 'passed';
      return;
    }
    for (let i = 0; i < index.count; i++) {
      const offset = offsetAt(i);
      const position = index.at(i).readInt32BE(4);
      if (offset === base && i > 0) return;
      const end = Math.min(log.size, position + opts.maxMessageSize);
      const slice = position > log.size ? null : nextBatch(log, position, end, logPath);
      if (slice === null) throw new DumpLogError(`No batch at position ${position} of ${logPath} within --max-message-size ${opts.maxMessageSize} (index entry offset ${offset})`);
      const batchLast = lastOffsetOf(viewAny(slice));
      if (batchLast !== offset) {
        let m = st.indexMismatches.get(abs);
        if (m === undefined) st.indexMismatches.set(abs, (m = new Map<bigint, bigint>()));
        m.set(offset, batchLast);
      }
      if (!opts.verifyOnly) {
        sink.out(`offset: ${offset} position: ${position}\n`);
        pushTo(jf, 'entries', { offset, position });
      }
    }
  } finally {
    log.close();
  }
}

function dumpTimeIndex(st: State, arg: string): void {
  const { opts, sink } = st;
  const { base, stem } = segmentBase(arg);
  const abs = absolutePath(arg, opts.cwd);
  const logPath = `${parentOf(abs)}/${stem}.log`;
  const indexPath = `${parentOf(abs)}/${stem}.index`;
  const jf = jsonFile(st, arg, 'time-index');
  if (jf !== undefined) jf['entries'] = [];
  const log = ReadFile.open(logPath, logPath);
  try {
    const index = readIndex(indexPath, indexPath, 8);
    const timeIndex = readIndex(abs, javaPath(arg), 12);
    const entryAt = (i: number): { timestamp: bigint; offset: bigint } => {
      const e = timeIndex.at(i);
      return { timestamp: e.readBigInt64BE(0), offset: base + BigInt(e.readInt32BE(8)) };
    };
    if (opts.indexSanityOnly) {
      if (timeIndex.count !== 0) {
        const last = entryAt(timeIndex.count - 1);
        const first = entryAt(0).timestamp;
        if (last.timestamp < first) throw new DumpLogError(`Corrupt time index found, time index file (${abs}) has non-zero size but the last timestamp is ${last.timestamp} which is less than the first timestamp ${first}`);
        if (last.offset < base) throw new DumpLogError(`Corrupt time index found, time index file (${abs}) has non-zero size but the last offset is ${last.offset} which is less than the first offset ${base}`);
      }
      if (timeIndex.length % 12 !== 0) throw new DumpLogError(`Time index file ${abs} is corrupt, found ${timeIndex.length} bytes which is neither positive nor a multiple of 12`);
      sink.out(`${javaPath(arg)} passed sanity check.\n`);
      if (jf !== undefined) jf['sanityCheck'] = 'passed';
      return;
    }
    // The offset index's slots up to its first zero entry (a preallocated active index ends in zeros).
    const slots: Array<[bigint, number]> = [];
    for (let i = 0; i < index.count; i++) {
      const off = base + BigInt(index.at(i).readInt32BE(0));
      if (off === base && i > 0) break;
      slots.push([off, index.at(i).readInt32BE(4)]);
    }
    let prevTimestamp = NO_TIMESTAMP;
    for (let i = 0; i < timeIndex.count; i++) {
      const entry = entryAt(i);
      if (entry.offset === base && i > 0) return;
      let position = 0;
      for (const [off, pos] of slots) if (off <= entry.offset) position = pos;
      let found: AnyBatch | null = null;
      for (let p = position; ; ) {
        const slice = nextBatch(log, p, log.size, logPath);
        if (slice === null) break;
        const b = viewAny(slice);
        if (lastOffsetOf(b) >= entry.offset) {
          found = b;
          break;
        }
        p += slice.length;
      }
      if (found === null) addPair(st.timeNotFound, abs, entry.offset, -1n);
      else if (lastOffsetOf(found) !== entry.offset) addPair(st.timeNotFound, abs, entry.offset, lastOffsetOf(found));
      else {
        let max = NO_TIMESTAMP;
        for (const { record: r } of recordsOf(found)) if (r.timestamp > max) max = r.timestamp;
        if (max !== entry.timestamp) addPair(st.timeMismatch, abs, entry.timestamp, max);
        if (prevTimestamp >= entry.timestamp) addPair(st.timeOutOfOrder, abs, entry.timestamp, prevTimestamp);
      }
      if (!opts.verifyOnly) {
        sink.out(`timestamp: ${entry.timestamp} offset: ${entry.offset}\n`);
        pushTo(jf, 'entries', { timestamp: entry.timestamp, offset: entry.offset });
      }
      prevTimestamp = entry.timestamp;
    }
  } finally {
    log.close();
  }
}

/** Kafka's producer state snapshot (ProducerSnapshot v1: version, crc, entries), CorruptSnapshotException's words on stderr. */
function dumpProducerSnapshot(st: State, arg: string): void {
  const jf = jsonFile(st, arg, 'producer-snapshot');
  const f = ReadFile.open(absolutePath(arg, st.opts.cwd), javaPath(arg));
  let buf: Buffer;
  try {
    buf = f.read(0, f.size);
  } finally {
    f.close();
  }
  const lines: string[] = [];
  const entries: JsonObject[] = [];
  try {
    let crc: number;
    try {
      const r = new Reader(buf);
      const version = r.int16();
      if (version !== 1) throw new Error(`Snapshot contained an unknown file version ${version}`);
      crc = r.uint32();
      const n = r.int32();
      if (n < 0 || n > (buf.length - 10) / 46) throw new Error('null');
      for (let i = 0; i < n; i++) {
        const producerId = r.int64();
        const epoch = r.int16();
        const lastSequence = r.int32();
        const lastOffset = r.int64();
        const offsetDelta = r.int32();
        const timestamp = r.int64();
        const coordinatorEpoch = r.int32();
        const txnFirst = r.int64();
        let line = `producerId: ${producerId} producerEpoch: ${epoch} coordinatorEpoch: ${coordinatorEpoch} currentTxnFirstOffset: ${txnFirst >= 0n ? `OptionalLong[${txnFirst}]` : 'OptionalLong.empty'} lastTimestamp: ${timestamp}`;
        const entry: JsonObject = { producerId, producerEpoch: epoch, coordinatorEpoch, currentTxnFirstOffset: txnFirst >= 0n ? txnFirst : null, lastTimestamp: timestamp };
        if (lastOffset >= 0n) {
          const firstSequence = decrementSequence(lastSequence, offsetDelta);
          line += ` firstSequence: ${firstSequence} lastSequence: ${lastSequence} lastOffset: ${lastOffset} offsetDelta: ${offsetDelta} timestamp: ${timestamp}`;
          Object.assign(entry, { firstSequence, lastSequence, lastOffset, offsetDelta, timestamp });
        }
        lines.push(line);
        entries.push(entry);
      }
    } catch (err) {
      const msg = err instanceof Error && err.message.startsWith('Snapshot contained') ? err.message : 'null';
      throw new DumpLogError(`Snapshot failed schema validation: ${msg}`);
    }
    const computed = crc32c(buf.subarray(6));
    if (crc !== computed) throw new DumpLogError(`Snapshot is corrupt (CRC is no longer valid). Stored crc: ${crc}. Computed crc: ${computed}`);
  } catch (err) {
    if (err instanceof DumpLogError) {
      st.sink.err(`${err.message}\n`);
      if (jf !== undefined) Object.assign(jf, { entries: [], error: err.message });
      return;
    }
    throw err;
  }
  for (const l of lines) st.sink.out(`${l}\n`);
  if (jf !== undefined) jf['entries'] = entries;
}

/** A transaction index: 34-byte AbortedTxn entries (version, producerId, firstOffset, lastOffset, lastStableOffset). */
function dumpTxnIndex(st: State, arg: string): void {
  const jf = jsonFile(st, arg, 'transaction-index');
  if (jf !== undefined) jf['entries'] = [];
  const f = ReadFile.open(absolutePath(arg, st.opts.cwd), javaPath(arg));
  try {
    for (let pos = 0; pos + 34 <= f.size; pos += 34) {
      const e = f.read(pos, 34);
      const version = e.readInt16BE(0);
      if (version !== 0) throw new DumpLogError(`Unexpected aborted transaction version ${version} in transaction index ${absolutePath(arg, st.opts.cwd)}, current version is 0`);
      const entry = { version, producerId: e.readBigInt64BE(2), firstOffset: e.readBigInt64BE(10), lastOffset: e.readBigInt64BE(18), lastStableOffset: e.readBigInt64BE(26) };
      st.sink.out(`version: ${version} producerId: ${entry.producerId} firstOffset: ${entry.firstOffset} lastOffset: ${entry.lastOffset} lastStableOffset: ${entry.lastStableOffset}\n`);
      pushTo(jf, 'entries', entry);
    }
  } finally {
    f.close();
  }
}

/**
 * Runs the dump; a DumpLogError is Kafka's failure message (stdout up to that point has been written).
 * With opts.json nothing goes to the sink: the document (report-json.ts) is returned.
 */
export function runDumpLog(opts: DumpLogOptions, sink: DumpSink): JsonObject | undefined {
  if (opts.json) return dumpJson(opts);
  const st = newState(opts, sink, undefined);
  dumpFiles(st);
  for (const file of javaHashMapOrder([...st.indexMismatches.keys()])) {
    sink.err(`Mismatches in :${file}\n`);
    const m: Map<bigint, bigint> = st.indexMismatches.get(file) ?? new Map<bigint, bigint>();
    for (const k of [...m.keys()].sort(descending)) sink.err(`  Index offset: ${k}, log offset: ${m.get(k)}\n`);
  }
  for (const file of javaHashMapOrder([...st.timeMismatch.keys()])) {
    sink.err(`Found timestamp mismatch in :${file}\n`);
    for (const [a, b] of st.timeMismatch.get(file) ?? []) sink.err(`  Index timestamp: ${a}, log timestamp: ${b}\n`);
  }
  for (const file of javaHashMapOrder([...st.timeOutOfOrder.keys()])) {
    sink.err(`Found out of order timestamp in :${file}\n`);
    for (const [a, b] of st.timeOutOfOrder.get(file) ?? []) sink.err(`  Index timestamp: ${a}, Previously indexed timestamp: ${b}\n`);
  }
  for (const file of javaHashMapOrder([...st.timeNotFound.keys()])) {
    sink.err(`The following indexed offsets are not found in :${file}\n`);
    for (const [a, b] of st.timeNotFound.get(file) ?? []) sink.err(`Indexed offset: ${a}, found log offset: ${b}\n`);
  }
  for (const file of javaHashMapOrder([...st.nonConsecutive.keys()])) {
    sink.err(`Non-consecutive offsets in ${file}\n`);
    const m: Map<bigint, bigint> = st.nonConsecutive.get(file) ?? new Map<bigint, bigint>();
    for (const k of [...m.keys()].sort(ascending)) sink.err(`  ${k} is followed by ${m.get(k)}\n`);
  }
  return undefined;
}

function newState(opts: DumpLogOptions, sink: DumpSink, json: JsonFileEntry[] | undefined): State {
  return { opts, sink, parser: undefined, indexMismatches: new Map(), nonConsecutive: new Map(), timeMismatch: new Map(), timeOutOfOrder: new Map(), timeNotFound: new Map(), json };
}

function dumpFiles(st: State): void {
  const { opts, sink } = st;
  for (const arg of opts.files) {
    sink.out(`Dumping ${javaPath(arg)}\n`);
    const name = fileName(arg);
    const dot = name.lastIndexOf('.');
    const suffix = dot < 0 ? '' : name.slice(dot);
    switch (suffix) {
      case '.log':
      case '.checkpoint':
        dumpLog(st, arg);
        break;
      case '.index':
        dumpIndex(st, arg);
        break;
      case '.timeindex':
        dumpTimeIndex(st, arg);
        break;
      case '.snapshot':
        dumpProducerSnapshot(st, arg);
        break;
      case '.txnindex':
        dumpTxnIndex(st, arg);
        break;
      default:
        sink.err(`Ignoring unknown file ${javaPath(arg)}\n`);
        jsonFile(st, arg, 'unknown');
    }
  }
}

const descending = (a: bigint, b: bigint): number => (a < b ? 1 : a > b ? -1 : 0);
const ascending = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** -o json: the files, then Kafka's mismatch maps (keyed by absolute path) on the files they belong to. */
function dumpJson(opts: DumpLogOptions): JsonObject {
  const files: JsonFileEntry[] = [];
  const st = newState(opts, { out: () => undefined, err: () => undefined }, files);
  dumpFiles(st);
  const pairs = (map: PairMap, abs: string, a: string, b: string): JsonObject[] => (map.get(abs) ?? []).map(([x, y]) => ({ [a]: x, [b]: y }));
  for (const { obj, abs } of files) {
    switch (obj['kind']) {
      case 'log': {
        const m = st.nonConsecutive.get(abs) ?? new Map<bigint, bigint>();
        obj['nonConsecutiveOffsets'] = [...m.keys()].sort(ascending).map((k) => ({ offset: k, next: m.get(k) }));
        break;
      }
      case 'offset-index': {
        const m = st.indexMismatches.get(abs) ?? new Map<bigint, bigint>();
        obj['mismatches'] = [...m.keys()].sort(descending).map((k) => ({ indexOffset: k, logOffset: m.get(k) }));
        break;
      }
      case 'time-index':
        obj['timestampMismatches'] = pairs(st.timeMismatch, abs, 'indexTimestamp', 'logTimestamp');
        obj['outOfOrderTimestamps'] = pairs(st.timeOutOfOrder, abs, 'indexTimestamp', 'previousTimestamp');
        obj['offsetsNotFound'] = pairs(st.timeNotFound, abs, 'indexOffset', 'logOffset');
        break;
      default:
    }
  }
  return { files: files.map((f) => f.obj) };
}
