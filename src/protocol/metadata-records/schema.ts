// Hand-written, not generated: the KRaft metadata record specs (Kafka's common/metadata/*.json) are
// not in ../shared/kafka-protocol (it holds the message and coordinator specs only) and may not be
// committed here, so scripts/gen-protocol.ts cannot see them. This module is our own small
// table-driven codec for them instead: each record is a field table (records.ts), read and written
// by the two walkers below with the flexible encodings of the generated modules (compact strings,
// bytes and arrays; tagged fields). Every metadata record is flexible from version 0.
import type { Reader } from '../codec/reader.js';
import type { Writer } from '../codec/writer.js';

export type Scalar = 'bool' | 'int8' | 'int16' | 'uint16' | 'int32' | 'int64' | 'float64' | 'uuid' | 'string' | 'bytes';

export interface Field {
  name: string;
  /** A scalar, an array of a scalar (`[]int32`), or an array of structs (`struct` set). */
  type: Scalar | `[]${Scalar}` | '[]struct';
  /** The first version that has the field. */
  since?: number;
  nullableSince?: number;
  /** Tagged from `since` on (every tagged metadata field is tagged in all its versions). */
  tag?: number;
  /** The value when absent (a tagged field not sent, or a version before `since`). */
  dflt?: Value;
  struct?: readonly Field[];
}

export type Value = boolean | number | bigint | string | Buffer | null | Value[] | Struct;
export interface Struct {
  [field: string]: Value;
}

function zero(f: Field): Value {
  if (f.dflt !== undefined) return f.dflt;
  if (f.nullableSince !== undefined && f.tag !== undefined) return null;
  if (f.type.startsWith('[]')) return [];
  if (f.type === 'bool') return false;
  if (f.type === 'int64') return 0n;
  if (f.type === 'uuid') return 'AAAAAAAAAAAAAAAAAAAAAA';
  if (f.type === 'string') return '';
  if (f.type === 'bytes') return Buffer.alloc(0);
  return 0;
}

function readScalar(r: Reader, t: Scalar, nullable: boolean): Value {
  switch (t) {
    case 'bool':
      return r.bool();
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'uint16':
      return r.uint16();
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'float64':
      return r.float64();
    case 'uuid':
      return r.uuid();
    case 'string':
      return nullable ? r.compactNullableString() : r.compactString();
    case 'bytes':
      return nullable ? r.compactNullableBytes() : r.compactBytes();
  }
}

function readField(r: Reader, f: Field, version: number): Value {
  const nullable = f.nullableSince !== undefined && version >= f.nullableSince;
  if (f.type.startsWith('[]')) {
    const n = r.compactArrayLength();
    if (n < 0) {
      if (!nullable) r.fail(`non-nullable field ${f.name} was serialized as null`);
      return null;
    }
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(f.type === '[]struct' ? readStruct(r, f.struct ?? [], version) : readScalar(r, f.type.slice(2) as Scalar, false));
    return out;
  }
  const v = readScalar(r, f.type as Scalar, nullable);
  if (v === null && !nullable) r.fail(`non-nullable field ${f.name} was serialized as null`);
  return v;
}

/** Reads one struct of `version` (its untagged fields in order, then its tagged-field section). */
export function readStruct(r: Reader, fields: readonly Field[], version: number): Struct {
  const out: Struct = {};
  for (const f of fields) {
    out[f.name] = zero(f);
    if ((f.since ?? 0) > version || f.tag !== undefined) continue;
    out[f.name] = readField(r, f, version);
  }
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    const body = r.sub(size);
    const f = fields.find((x) => x.tag === tag && (x.since ?? 0) <= version);
    if (f === undefined) continue; // unknown tagged fields are skipped, as Kafka's readers do
    out[f.name] = readField(body, f, version);
  }
  return out;
}

function writeScalar(w: Writer, t: Scalar, v: Value, nullable: boolean): void {
  switch (t) {
    case 'bool':
      w.bool(v as boolean);
      return;
    case 'int8':
      w.int8(v as number);
      return;
    case 'int16':
      w.int16(v as number);
      return;
    case 'uint16':
      w.uint16(v as number);
      return;
    case 'int32':
      w.int32(v as number);
      return;
    case 'int64':
      w.int64(v as bigint);
      return;
    case 'float64':
      w.float64(v as number);
      return;
    case 'uuid':
      w.uuid(v as string);
      return;
    case 'string':
      if (nullable) w.compactNullableString(v as string | null);
      else w.compactString(v as string);
      return;
    case 'bytes':
      if (nullable) w.compactNullableBytes(v as Buffer | null);
      else w.compactBytes(v as Buffer);
      return;
  }
}

function writeField(w: Writer, f: Field, v: Value, version: number): void {
  const nullable = f.nullableSince !== undefined && version >= f.nullableSince;
  if (f.type.startsWith('[]')) {
    if (v === null) {
      w.compactArrayLength(-1);
      return;
    }
    const items = v as Value[];
    w.compactArrayLength(items.length);
    for (const item of items) {
      if (f.type === '[]struct') writeStruct(w, f.struct ?? [], item as Struct, version);
      else writeScalar(w, f.type.slice(2) as Scalar, item, false);
    }
    return;
  }
  writeScalar(w, f.type as Scalar, v, nullable);
}

function sameAsDefault(f: Field, v: Value): boolean {
  const d = zero(f);
  if (Array.isArray(d)) return Array.isArray(v) && v.length === 0;
  return v === d;
}

/** Writes one struct of `version`; tagged fields equal to their default are left out, as Kafka does. */
export function writeStruct(w: Writer, fields: readonly Field[], s: Struct, version: number, makeWriter: () => Writer = () => new (w.constructor as new () => Writer)()): void {
  const tagged: Array<[number, Buffer]> = [];
  for (const f of fields) {
    if ((f.since ?? 0) > version) continue;
    const v = Object.hasOwn(s, f.name) ? (s[f.name] as Value) : zero(f);
    if (f.tag === undefined) {
      writeField(w, f, v, version);
    } else if (!sameAsDefault(f, v)) {
      const body = makeWriter();
      writeField(body, f, v, version);
      tagged.push([f.tag, body.toBuffer()]);
    }
  }
  tagged.sort((a, b) => a[0] - b[0]);
  w.uvarint(tagged.length);
  for (const [tag, data] of tagged) w.uvarint(tag).uvarint(data.length).raw(data);
}
