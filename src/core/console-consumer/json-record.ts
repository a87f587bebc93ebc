import { isUtf8 } from 'node:buffer';
import type { RecordHeaderInput } from '../../protocol/records/record.js';
import type { ProduceRecord } from '../../client/native/producer.js';
import type { RecordDecoders } from '../serde/decode.js';
import type { BatchContext, FormattableRecord } from './formatter.js';

/**
 * The JSON-lines record format: what `console-consumer -o json` writes (one object per line) and
 * `console-producer --input-format json` reads back.
 *
 *   {"topic":"t","partition":0,"offset":42,"timestamp":1700000000000,"timestampType":"CreateTime",
 *    "key":"k","value":"v","headers":[{"key":"h","value":"x"}]}
 *
 * - key / value / header values: a string when the bytes are valid UTF-8, else base64 with a
 *   sibling `keyEncoding` / `valueEncoding` field set to "base64" (absent for UTF-8); `null` for a
 *   null key/value/header value, so null and "" stay distinct.
 * - headers: an array in record order (keys may repeat); header keys are always strings.
 * - timestampType: "CreateTime", "LogAppendTime" or "NoTimestampType" (timestamp -1).
 * - offset and timestamp are JSON numbers.
 */
export interface JsonHeader {
  key: string;
  value: string | null;
  valueEncoding?: 'base64';
}

export interface JsonRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'CreateTime' | 'LogAppendTime' | 'NoTimestampType';
  key: string | null;
  keyEncoding?: 'base64';
  value: string | null;
  valueEncoding?: 'base64';
  headers: JsonHeader[];
}

/** A field's bytes as JSON: the string, plus whether it had to be base64. */
export function jsonBytes(b: Buffer | null): { text: string | null; base64: boolean } {
  if (b === null) return { text: null, base64: false };
  if (isUtf8(b)) return { text: b.toString('utf8'), base64: false };
  return { text: b.toString('base64'), base64: true };
}

/**
 * One record as a JSON line (with the trailing newline). With schema decoders the key/value is the
 * decoded JSON value, followed by `keySchemaId`/`valueSchemaId`; a null stays null, without an id.
 */
export function toJsonLine(b: BatchContext, r: FormattableRecord, decoders?: RecordDecoders): string {
  if (decoders !== undefined) return toDecodedJsonLine(b, r, decoders);
  const key = jsonBytes(r.key);
  const value = jsonBytes(r.value);
  // Built in the documented key order: each encoding right after the field it describes.
  const out: Record<string, unknown> = {
    topic: b.topic,
    partition: b.partition,
    offset: Number(r.offset),
    timestamp: Number(r.timestamp),
    timestampType: b.timestampType === 1 ? 'LogAppendTime' : b.timestampType === 0 ? 'CreateTime' : 'NoTimestampType',
    key: key.text,
  };
  if (key.base64) out['keyEncoding'] = 'base64';
  out['value'] = value.text;
  if (value.base64) out['valueEncoding'] = 'base64';
  out['headers'] = r.headers.map((h): JsonHeader => {
    const v = jsonBytes(h.value);
    return v.base64 ? { key: h.key, value: v.text, valueEncoding: 'base64' } : { key: h.key, value: v.text };
  });
  return `${JSON.stringify(out)}\n`;
}

function toDecodedJsonLine(b: BatchContext, r: FormattableRecord, decoders: RecordDecoders): string {
  // Spliced as text: the decoders already wrote the decoded values as JSON.
  let out = `{"topic":${JSON.stringify(b.topic)},"partition":${b.partition},"offset":${r.offset},"timestamp":${r.timestamp},"timestampType":"${b.timestampType === 1 ? 'LogAppendTime' : b.timestampType === 0 ? 'CreateTime' : 'NoTimestampType'}"`;
  for (const [field, bytes, d] of [
    ['key', r.key, decoders.key],
    ['value', r.value, decoders.value],
  ] as const) {
    if (d !== null && bytes !== null) {
      const decoded = d.decode(bytes);
      out += `,"${field}":${decoded.text},"${field}SchemaId":${decoded.schemaId}`;
    } else {
      const plain = jsonBytes(bytes);
      out += `,"${field}":${JSON.stringify(plain.text)}${plain.base64 ? `,"${field}Encoding":"base64"` : ''}`;
    }
  }
  const headers = r.headers.map((h): JsonHeader => {
    const v = jsonBytes(h.value);
    return v.base64 ? { key: h.key, value: v.text, valueEncoding: 'base64' } : { key: h.key, value: v.text };
  });
  return `${out},"headers":${JSON.stringify(headers)}}\n`;
}

/** Options of parseJsonRecord: with a schema format, the key/value field is the JSON value itself (not its text). */
export interface JsonRecordOptions {
  structuredKey?: boolean;
  structuredValue?: boolean;
}

export class JsonRecordError extends Error {
  override readonly name = 'JsonRecordError';
}

function decodeField(value: unknown, encoding: unknown, what: string): Buffer | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new JsonRecordError(`${what} must be a string or null`);
  if (encoding === undefined || encoding === null || encoding === 'utf8' || encoding === 'utf-8') return Buffer.from(value, 'utf8');
  if (encoding === 'base64') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) throw new JsonRecordError(`${what} is not valid base64`);
    return Buffer.from(value, 'base64');
  }
  throw new JsonRecordError(`unknown ${what} encoding ${JSON.stringify(encoding)} (expected base64 or utf8)`);
}

/** A schema'd field of a JSON record: its JSON value as text, for the encoder (null stays a null record field). */
function structured(v: unknown): Buffer | null {
  return v === null || v === undefined ? null : Buffer.from(JSON.stringify(v), 'utf8');
}

/**
 * Parses one JSON line back into a record to produce. `topic` and `offset` are ignored (the
 * broker assigns offsets); `partition` and `timestamp` are kept when present. Header lists may
 * also be given as an object `{ "k": "v" }`. Throws JsonRecordError.
 */
export function parseJsonRecord(line: string, opts: JsonRecordOptions = {}): ProduceRecord {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (err) {
    throw new JsonRecordError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new JsonRecordError('expected a JSON object');
  const o = obj as Record<string, unknown>;
  const record: ProduceRecord = {
    key: opts.structuredKey === true ? structured(o['key']) : decodeField(o['key'], o['keyEncoding'], 'key'),
    value: opts.structuredValue === true ? structured(o['value']) : decodeField(o['value'], o['valueEncoding'], 'value'),
  };
  const partition = o['partition'];
  if (partition !== undefined && partition !== null) {
    if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0) throw new JsonRecordError('partition must be a whole number >= 0');
    record.partition = partition;
  }
  const timestamp = o['timestamp'];
  if (timestamp !== undefined && timestamp !== null) {
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) throw new JsonRecordError('timestamp must be epoch milliseconds');
    if (timestamp >= 0) record.timestamp = timestamp;
  }
  const headers = o['headers'];
  if (headers !== undefined && headers !== null) {
    const list: RecordHeaderInput[] = [];
    if (Array.isArray(headers)) {
      for (const h of headers as unknown[]) {
        if (typeof h !== 'object' || h === null) throw new JsonRecordError('each header must be an object {"key": ..., "value": ...}');
        const hh = h as Record<string, unknown>;
        if (typeof hh['key'] !== 'string') throw new JsonRecordError('header key must be a string');
        list.push({ key: hh['key'], value: decodeField(hh['value'], hh['valueEncoding'], 'header value') });
      }
    } else if (typeof headers === 'object') {
      for (const [k, v] of Object.entries(headers as Record<string, unknown>)) list.push({ key: k, value: decodeField(v, undefined, 'header value') });
    } else {
      throw new JsonRecordError('headers must be an array or an object');
    }
    if (list.length > 0) record.headers = list;
  }
  return record;
}
