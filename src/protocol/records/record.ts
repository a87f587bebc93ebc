import { RecordsError, RecordsErrorCode } from './errors.js';

/**
 * Records inside a v2 batch (RECORDS.md §4): length varint, attributes int8, timestampDelta
 * varlong, offsetDelta varint, key/value as varint length (-1 = null) + bytes, headers. Writers
 * and readers here work on raw byte ranges with varints inlined: no per-record Buffer allocation
 * on encode, and decoded keys/values/header values are zero-copy slices of the input.
 */

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** One decoded record. `key`, `value` and header values are slices of the batch (or its decompressed payload). */
export interface KafkaRecord {
  offset: bigint;
  offsetDelta: number;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface RecordHeaderInput {
  key: string;
  value: Buffer | string | null;
}

/** A record to encode. Strings are written as UTF-8; a missing key/value is null. */
export interface RecordInput {
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  headers?: readonly RecordHeaderInput[];
  /** Epoch milliseconds. Defaults to the batch's default timestamp. */
  timestamp?: bigint | number;
  /** Defaults to the record's index in the batch. */
  offsetDelta?: number;
}

/** Control record key types (ControlRecordType in Kafka). Only ABORT and COMMIT occur in data logs. */
export const ControlRecordType = {
  ABORT: 0,
  COMMIT: 1,
  LEADER_CHANGE: 2,
  SNAPSHOT_HEADER: 3,
  SNAPSHOT_FOOTER: 4,
  KRAFT_VERSION: 5,
  KRAFT_VOTERS: 6,
} as const;
export type ControlRecordType = (typeof ControlRecordType)[keyof typeof ControlRecordType];

/** The smallest encoded record: length, attributes, timestampDelta, offsetDelta, key, value, header count. */
export const MIN_RECORD_SIZE = 7;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------------------------------------
// varint primitives on plain numbers (zig-zag values of int32 fit in [0, 2^32)).

export function zigzag32(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function sizeOfUvarint(u: number): number {
  if (u < 0x80) return 1;
  if (u < 0x4000) return 2;
  if (u < 0x200000) return 3;
  if (u < 0x10000000) return 4;
  return 5;
}

/** Writes an unsigned varint < 2^32; returns the next position. */
export function writeUvarint(buf: Buffer, pos: number, u: number): number {
  while (u >= 0x80) {
    buf[pos++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  buf[pos++] = u;
  return pos;
}

function zigzag64(n: bigint): bigint {
  return BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
}

function sizeOfUvarlong(u: bigint): number {
  let size = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    size++;
  }
  return size;
}

function writeUvarlong(buf: Buffer, pos: number, u: bigint): number {
  while (u >= 0x80n) {
    buf[pos++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  buf[pos++] = Number(u);
  return pos;
}

// ---------------------------------------------------------------------------------------------
// Encoding

function asBytes(v: Buffer | string | null | undefined): Buffer | string | null {
  return v ?? null;
}

function byteLen(v: Buffer | string | null): number {
  if (v === null) return -1;
  return typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;
}

function writeBytes(buf: Buffer, pos: number, v: Buffer | string | null, len: number): number {
  if (v === null) {
    buf[pos] = 1; // zig-zag(-1)
    return pos + 1;
  }
  pos = writeUvarint(buf, pos, len * 2);
  if (typeof v === 'string') buf.write(v, pos, len, 'utf8');
  else buf.set(v, pos);
  return pos + len;
}

function checkInt32(n: number, what: string): void {
  if (!Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) throw new RangeError(`${what} must be an int32, got ${n}`);
}

/**
 * A planned record section: sizes are measured once, then `write` fills a caller-provided buffer.
 * Timestamp deltas that fit in an int32 take a pure-number path; others fall back to bigint.
 */
export interface RecordsPlan {
  readonly count: number;
  readonly size: number;
  readonly baseTimestamp: bigint;
  readonly maxTimestamp: bigint;
  readonly lastOffsetDelta: number;
  write(buf: Buffer, pos: number): number;
}

export function planRecords(records: readonly RecordInput[], defaultTimestamp: bigint | number, baseTimestampOverride?: bigint): RecordsPlan {
  const n = records.length;
  const bodySizes = new Int32Array(n);
  const keyLens = new Int32Array(n);
  const valueLens = new Int32Array(n);
  const tsDeltas = new Float64Array(n);
  let bigDeltas: Map<number, bigint> | undefined;
  const defaultTsBig = typeof defaultTimestamp === 'bigint' ? defaultTimestamp : BigInt(defaultTimestamp);

  const first = records[0];
  const baseTs = baseTimestampOverride ?? (first === undefined ? -1n : toBigTs(first.timestamp ?? defaultTsBig));
  const baseTsNum = Number(baseTs);
  const baseSafe = Number.isSafeInteger(baseTsNum);
  let maxNum = -Infinity;
  let maxBig: bigint | null = null;
  let lastOffsetDelta = -1;
  let size = 0;

  for (let i = 0; i < n; i++) {
    const r = records[i] as RecordInput;
    const ts = r.timestamp ?? defaultTimestamp;
    let deltaSize: number;
    const tsNum = typeof ts === 'number' ? ts : ts >= -MAX_SAFE_BIG && ts <= MAX_SAFE_BIG ? Number(ts) : NaN;
    const delta = tsNum - baseTsNum;
    if (baseSafe && Number.isSafeInteger(tsNum) && delta >= INT32_MIN && delta <= INT32_MAX) {
      tsDeltas[i] = delta;
      deltaSize = sizeOfUvarint(zigzag32(delta));
      if (tsNum > maxNum) maxNum = tsNum;
    } else {
      const tsBig = toBigTs(ts);
      const d = BigInt.asIntN(64, tsBig - baseTs);
      (bigDeltas ??= new Map()).set(i, d);
      tsDeltas[i] = NaN;
      deltaSize = sizeOfUvarlong(zigzag64(d));
      if (maxBig === null || tsBig > maxBig) maxBig = tsBig;
    }
    const offsetDelta = r.offsetDelta ?? i;
    checkInt32(offsetDelta, 'offsetDelta');
    lastOffsetDelta = offsetDelta;
    const key = asBytes(r.key);
    const value = asBytes(r.value);
    const kl = byteLen(key);
    const vl = byteLen(value);
    keyLens[i] = kl;
    valueLens[i] = vl;
    let body = 1 + deltaSize + sizeOfUvarint(zigzag32(offsetDelta));
    body += kl < 0 ? 1 : sizeOfUvarint(kl * 2) + kl;
    body += vl < 0 ? 1 : sizeOfUvarint(vl * 2) + vl;
    const headers = r.headers;
    if (headers === undefined || headers.length === 0) {
      body += 1;
    } else {
      body += sizeOfUvarint(headers.length * 2);
      for (const h of headers) {
        const hk = Buffer.byteLength(h.key, 'utf8');
        const hv = byteLen(h.value);
        body += sizeOfUvarint(hk * 2) + hk + (hv < 0 ? 1 : sizeOfUvarint(hv * 2) + hv);
      }
    }
    if (body > INT32_MAX / 2) throw new RangeError(`record ${i} is too large (${body} bytes)`);
    bodySizes[i] = body;
    size += sizeOfUvarint(body * 2) + body;
  }
  let maxTs = -1n;
  if (n > 0) {
    maxTs = Number.isFinite(maxNum) ? BigInt(maxNum) : (maxBig as bigint);
    if (maxBig !== null && maxBig > maxTs) maxTs = maxBig;
  }

  const write = (buf: Buffer, start: number): number => {
    let pos = start;
    for (let i = 0; i < n; i++) {
      const r = records[i] as RecordInput;
      const body = bodySizes[i] as number;
      pos = writeUvarint(buf, pos, body * 2);
      buf[pos++] = 0; // record attributes: unused
      const d = tsDeltas[i] as number;
      if (Number.isNaN(d)) pos = writeUvarlong(buf, pos, zigzag64(bigDeltas?.get(i) ?? 0n));
      else pos = writeUvarint(buf, pos, zigzag32(d));
      pos = writeUvarint(buf, pos, zigzag32(r.offsetDelta ?? i));
      pos = writeBytes(buf, pos, asBytes(r.key), keyLens[i] as number);
      pos = writeBytes(buf, pos, asBytes(r.value), valueLens[i] as number);
      const headers = r.headers;
      if (headers === undefined || headers.length === 0) {
        buf[pos++] = 0;
      } else {
        pos = writeUvarint(buf, pos, headers.length * 2);
        for (const h of headers) {
          const hv = asBytes(h.value);
          pos = writeBytes(buf, pos, h.key, Buffer.byteLength(h.key, 'utf8'));
          pos = writeBytes(buf, pos, hv, byteLen(hv));
        }
      }
    }
    return pos;
  };

  return { count: n, size, baseTimestamp: baseTs, maxTimestamp: maxTs, lastOffsetDelta, write };
}

function toBigTs(ts: bigint | number): bigint {
  if (typeof ts === 'bigint') return BigInt.asIntN(64, ts);
  if (!Number.isSafeInteger(ts)) throw new RangeError(`timestamp must be an integer, got ${ts}`);
  return BigInt(ts);
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface RecordsContext {
  baseOffset: bigint;
  baseTimestamp: bigint;
  /** Set for LogAppendTime batches: every record reports this timestamp, as the Java client does. */
  logAppendTime: bigint | null;
}

function bad(message: string, pos: number): never {
  throw new RecordsError(message, pos, RecordsErrorCode.INVALID_RECORD);
}

/** Where the last readVarint32 stopped; module state keeps the decode loop free of closures. */
let varintEnd = 0;

/** Zig-zag varint of at most 32 bits from buf[pos, lim); sets varintEnd. */
function readVarint32(buf: Buffer, pos: number, lim: number): number {
  let result = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= lim) bad('truncated varint', pos);
    const b = buf[pos++] as number;
    if (shift === 28 && b > 0x0f) bad('varint overflows 32 bits', pos - 1);
    result += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) {
      varintEnd = pos;
      return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
    }
  }
  return bad('varint longer than 5 bytes', pos);
}

/**
 * Decodes `count` records from buf[start, end). Every length is checked against the bytes left
 * before anything is sliced, and the records must fill the range exactly.
 */
export function decodeRecords(buf: Buffer, start: number, end: number, count: number, ctx: RecordsContext): KafkaRecord[] {
  if (count < 0) bad(`invalid record count ${count}`, start);
  if (count > (end - start) / MIN_RECORD_SIZE) bad(`record count ${count} cannot fit in ${end - start} bytes`, start);
  const out = new Array<KafkaRecord>(count);
  const baseOffsetNum = Number(ctx.baseOffset);
  const offsetSafe = Number.isSafeInteger(baseOffsetNum) && Math.abs(baseOffsetNum) < 2 ** 52;
  const baseTsNum = Number(ctx.baseTimestamp);
  const tsSafe = Number.isSafeInteger(baseTsNum) && Math.abs(baseTsNum) < 2 ** 52;
  const appendTime = ctx.logAppendTime;
  let pos = start;

  // Every read is bounded by `lim`: the batch end for a record's length, then the record's end.
  let lim = end;

  for (let i = 0; i < count; i++) {
    lim = end;
    const recStart = pos;
    const bodyLen = readVarint32(buf, pos, lim);
    pos = varintEnd;
    if (bodyLen < 6 || bodyLen > end - pos) bad(`invalid record length ${bodyLen} with ${end - pos} bytes left`, recStart);
    const recEnd = pos + bodyLen;
    lim = recEnd;
    pos++; // attributes: unused in v2

    // timestampDelta (varlong): numbers while the value fits in 49 bits, bigint beyond.
    let tsDelta = 0;
    let tsDeltaBig: bigint | null = null;
    {
      let u = 0;
      let shift = 0;
      for (;;) {
        if (pos >= lim) bad('truncated varlong', pos);
        const b = buf[pos++] as number;
        if (shift >= 49) {
          let big = BigInt(u) + (BigInt(b & 0x7f) << BigInt(shift));
          let s = shift;
          let last = b;
          while (last >= 0x80) {
            s += 7;
            if (s > 63) bad('varlong longer than 10 bytes', pos);
            if (pos >= lim) bad('truncated varlong', pos);
            last = buf[pos++] as number;
            if (s === 63 && last > 0x01) bad('varlong overflows 64 bits', pos - 1);
            big += BigInt(last & 0x7f) << BigInt(s);
          }
          tsDeltaBig = (big >> 1n) ^ -(big & 1n);
          break;
        }
        u += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) {
          tsDelta = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
          break;
        }
        shift += 7;
      }
    }

    const offsetDelta = readVarint32(buf, pos, lim);
    pos = varintEnd;

    let key: Buffer | null = null;
    const keyLen = readVarint32(buf, pos, lim);
    pos = varintEnd;
    if (keyLen >= 0) {
      if (keyLen > lim - pos) bad(`key length ${keyLen} exceeds the ${lim - pos} bytes left in the record`, pos);
      key = buf.subarray(pos, pos + keyLen);
      pos += keyLen;
    } else if (keyLen !== -1) {
      bad(`invalid key length ${keyLen}`, pos);
    }

    let value: Buffer | null = null;
    const valueLen = readVarint32(buf, pos, lim);
    pos = varintEnd;
    if (valueLen >= 0) {
      if (valueLen > lim - pos) bad(`value length ${valueLen} exceeds the ${lim - pos} bytes left in the record`, pos);
      value = buf.subarray(pos, pos + valueLen);
      pos += valueLen;
    } else if (valueLen !== -1) {
      bad(`invalid value length ${valueLen}`, pos);
    }

    const headerCount = readVarint32(buf, pos, lim);
    pos = varintEnd;
    if (headerCount < 0) bad(`invalid header count ${headerCount}`, pos);
    if (headerCount > (lim - pos) / 2) bad(`header count ${headerCount} cannot fit in ${lim - pos} bytes`, pos);
    const headers = new Array<RecordHeader>(headerCount);
    for (let h = 0; h < headerCount; h++) {
      const hkLen = readVarint32(buf, pos, lim);
      pos = varintEnd;
      if (hkLen < 0) bad(`invalid header key length ${hkLen}`, pos);
      if (hkLen > lim - pos) bad(`header key length ${hkLen} exceeds the ${lim - pos} bytes left in the record`, pos);
      const hk = buf.toString('utf8', pos, pos + hkLen);
      pos += hkLen;
      const hvLen = readVarint32(buf, pos, lim);
      pos = varintEnd;
      let hv: Buffer | null = null;
      if (hvLen >= 0) {
        if (hvLen > lim - pos) bad(`header value length ${hvLen} exceeds the ${lim - pos} bytes left in the record`, pos);
        hv = buf.subarray(pos, pos + hvLen);
        pos += hvLen;
      } else if (hvLen !== -1) {
        bad(`invalid header value length ${hvLen}`, pos);
      }
      headers[h] = { key: hk, value: hv };
    }
    if (pos !== recEnd) bad(`record declared ${bodyLen} bytes but its fields end ${recEnd - pos} bytes early`, pos);

    let timestamp: bigint;
    if (appendTime !== null) timestamp = appendTime;
    else if (tsDeltaBig !== null) timestamp = BigInt.asIntN(64, ctx.baseTimestamp + tsDeltaBig);
    else if (tsSafe) timestamp = BigInt(baseTsNum + tsDelta);
    else timestamp = BigInt.asIntN(64, ctx.baseTimestamp + BigInt(tsDelta));

    out[i] = {
      offset: offsetSafe ? BigInt(baseOffsetNum + offsetDelta) : ctx.baseOffset + BigInt(offsetDelta),
      offsetDelta,
      timestamp,
      key,
      value,
      headers,
    };
  }
  if (pos !== end) bad(`${end - pos} bytes left after the batch's ${count} records`, pos);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Control records (transaction markers)

/** Key of a control record: version int16 (0) + type int16. */
export function encodeControlRecordKey(type: ControlRecordType): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt16BE(0, 0);
  b.writeInt16BE(type, 2);
  return b;
}

/** Value of an ABORT/COMMIT marker (EndTransactionMarker): version int16 (0) + coordinatorEpoch int32. */
export function encodeEndTxnMarkerValue(coordinatorEpoch: number): Buffer {
  checkInt32(coordinatorEpoch, 'coordinatorEpoch');
  const b = Buffer.alloc(6);
  b.writeInt16BE(0, 0);
  b.writeInt32BE(coordinatorEpoch, 2);
  return b;
}

export interface ControlRecord {
  /** ControlRecordType value, or the raw type number if Kafka defines no such type. */
  type: number;
  keyVersion: number;
  /** Present for ABORT and COMMIT markers. */
  coordinatorEpoch?: number;
  valueVersion?: number;
}

/** Reads the key (and for ABORT/COMMIT the value) of a record from a control batch. */
export function decodeControlRecord(record: Pick<KafkaRecord, 'key' | 'value'>): ControlRecord {
  const key = record.key;
  if (key === null || key.length < 4) throw new RecordsError(`control record key must be at least 4 bytes, got ${key === null ? 'null' : key.length}`, 0, RecordsErrorCode.CORRUPT_MESSAGE);
  const keyVersion = key.readInt16BE(0);
  if (keyVersion < 0) throw new RecordsError(`invalid control record key version ${keyVersion}`, 0, RecordsErrorCode.CORRUPT_MESSAGE);
  const type = key.readInt16BE(2);
  if (type !== ControlRecordType.ABORT && type !== ControlRecordType.COMMIT) return { type, keyVersion };
  const value = record.value;
  if (value === null || value.length < 6) throw new RecordsError(`transaction marker value must be at least 6 bytes, got ${value === null ? 'null' : value.length}`, 0, RecordsErrorCode.CORRUPT_MESSAGE);
  const valueVersion = value.readInt16BE(0);
  if (valueVersion < 0) throw new RecordsError(`invalid transaction marker version ${valueVersion}`, 0, RecordsErrorCode.CORRUPT_MESSAGE);
  return { type, keyVersion, valueVersion, coordinatorEpoch: value.readInt32BE(2) };
}
