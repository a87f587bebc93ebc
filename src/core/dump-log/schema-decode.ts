// A message read by its field list (schemas.ts) rather than by a generated codec: for the coordinator
// records newer than ../shared's specs (schemas-newer.ts), whose only consumer is dump-log's JSON.
// Follows Kafka's generated read(): fields in order for the version, compact encodings in flexible
// versions, nullable structs behind an int8 marker, then the tagged-field section, where a known tag
// is read by its field's type and an unknown one is skipped.
import { Reader } from '../../protocol/codec/reader.js';
import { inVersions } from './json.js';
import type { FieldSchema, MessageSchema } from './schema-types.js';

type Obj = Record<string, unknown>;

function readScalar(r: Reader, type: string, nullable: boolean, flexible: boolean): unknown {
  switch (type) {
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
    case 'uint32':
      return r.uint32();
    case 'int64':
      return r.int64();
    case 'float64':
      return r.float64();
    case 'uuid':
      return r.uuid();
    case 'string':
      if (flexible) return nullable ? r.compactNullableString() : r.compactString();
      return nullable ? r.nullableString() : r.string();
    case 'bytes':
    case 'records':
      if (flexible) return nullable ? r.compactNullableBytes() : r.compactBytes();
      return nullable ? r.nullableBytes() : r.bytes();
    default:
      return r.fail(`unsupported field type ${type}`);
  }
}

function readField(r: Reader, f: FieldSchema, version: number, flexible: boolean): unknown {
  const nullable = inVersions(f.nv, version);
  if (f.t.startsWith('[]')) {
    const n = flexible ? r.compactArrayLength() : r.arrayLength();
    if (n < 0) {
      if (!nullable) r.fail(`non-nullable field ${f.n} was serialized as null`);
      return null;
    }
    const elem = f.t.slice(2);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(elem === 'struct' ? readStruct(r, f.f ?? [], version, flexible) : readScalar(r, elem, false, flexible));
    return out;
  }
  if (f.t === 'struct') {
    if (nullable && r.int8() < 0) return null;
    return readStruct(r, f.f ?? [], version, flexible);
  }
  return readScalar(r, f.t, nullable, flexible);
}

/** A tagged field's default when its tag is absent: the spec's default, else the type's zero. */
function tagDefault(f: FieldSchema): unknown {
  if (f.d === null) return null;
  if (f.t.startsWith('[]')) return [];
  if (f.d !== undefined) return f.t === 'int64' ? BigInt(f.d) : f.d;
  switch (f.t) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int64':
      return 0n;
    default:
      return 0;
  }
}

function readStruct(r: Reader, fields: readonly FieldSchema[], version: number, flexible: boolean): Obj {
  const out: Obj = {};
  const tagged: FieldSchema[] = [];
  for (const f of fields) {
    if (!inVersions(f.v, version)) continue;
    if (flexible && inVersions(f.tv, version)) {
      tagged.push(f);
      out[f.n] = tagDefault(f);
      continue;
    }
    out[f.n] = readField(r, f, version, flexible);
  }
  if (!flexible) return out;
  for (const raw of r.rawTaggedFields()) {
    const f = tagged.find((t) => t.tag === raw.tag);
    if (f !== undefined) out[f.n] = readField(new Reader(raw.data), f, version, true);
  }
  return out;
}

/** Reads one message of `schema` at `version` from `r`. */
export function decodeBySchema(r: Reader, schema: MessageSchema, version: number): Obj {
  return readStruct(r, schema.fields, version, inVersions(schema.flexible, version));
}
