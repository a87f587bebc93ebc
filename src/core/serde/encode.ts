// Encoding console-producer's JSON lines with a schema in the Confluent wire format: the schema
// (and its id: registered, looked up, or given) is settled once before the first line; each line
// then validates and encodes synchronously. A line that does not fit the schema names its number.
import type { RegistrySchema, SchemaRegistryClient } from '../../client/schema-registry/client.js';
import type { AvroParsedSchema, JsonParsedSchema, ParsedSchema, ProtobufParsedSchema } from '../../schema/index.js';
import { SchemaParseError } from '../../schema/types.js';
import { parseFormat } from './parse.js';
import { encodeWire } from '../../schema/wire-format.js';
import { ERROR_CODES, TkafkaError, UsageError } from '../../shared/errors.js';
import { FORMAT_SCHEMA_TYPE, type SchemaFormat } from './formats.js';
import type { SchemaResolver } from './resolver.js';

export interface EncoderSpec {
  format: SchemaFormat;
  field: 'key' | 'value';
  topic: string;
  /** The schema text (from --value-schema-file) and where it came from, for messages. */
  schemaText?: string | undefined;
  schemaFile?: string | undefined;
  /** --value-schema-id: a schema already in the registry. */
  schemaId?: number | undefined;
  /** Protobuf: the message type to write (full name); default the file's first message. */
  messageName?: string | undefined;
  /** Confluent's auto.register.schemas (default true): register the schema under <topic>-<field>. */
  autoRegister: boolean;
  /** use.latest.version: with no schema given, write with the subject's latest version. */
  useLatest: boolean;
  normalize: boolean;
}

export class FieldEncoder {
  readonly schemaId: number;
  readonly subject: string;
  private readonly schema: ParsedSchema;
  private readonly indexes: number[] | null;
  private readonly field: 'key' | 'value';

  constructor(schemaId: number, subject: string, schema: ParsedSchema, indexes: number[] | null, field: 'key' | 'value') {
    this.schemaId = schemaId;
    this.subject = subject;
    this.schema = schema;
    this.indexes = indexes;
    this.field = field;
  }

  /** The wire-format bytes of one JSON text; throws a one-line message (the caller adds the line number). */
  encode(text: Buffer): Buffer {
    let value: unknown;
    const str = text.toString('utf8');
    try {
      value = JSON.parse(str);
    } catch (err) {
      throw new Error(`${this.field} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const s = this.schema;
    const bad = (why: string): Error => new Error(`${this.field} does not match schema id ${this.schemaId}: ${why}`);
    if (s.schemaType === 'AVRO') {
      const type = (s as AvroParsedSchema).codec().type;
      let datum: unknown;
      try {
        // Avro's JSON encoding: unions as {"type": value}, bytes as one char per byte.
        datum = type.fromString(withDefaults(type as unknown as AvroRecordType, value, str));
      } catch (err) {
        throw bad(avroWhere(type, value) ?? (err instanceof Error ? err.message : String(err)));
      }
      return encodeWire(this.schemaId, type.toBuffer(datum));
    }
    if (s.schemaType === 'PROTOBUF') {
      const codec = (s as ProtobufParsedSchema).codec(this.indexes ?? [0]);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`expected a JSON object for message ${codec.type.fullName.slice(1)}`);
      // Protobuf's JSON mapping writes 64-bit integers as strings and enums by name (console-consumer
      // prints them so): they become {low, high} and numbers first, so verify checks every field
      // strictly and nothing is coerced.
      const plain = longsFromStrings(codec.type, value as Record<string, unknown>);
      const why = codec.verify(plain);
      if (why !== null) throw bad(why);
      const message = codec.fromObject(plain);
      return encodeWire(this.schemaId, codec.type.encode(message).finish(), this.indexes ?? [0]);
    }
    if (s.schemaType === 'JSON') {
      const codec = (s as JsonParsedSchema).codec();
      const why = codec.validate(value);
      if (why !== null) throw bad(why);
      return encodeWire(this.schemaId, codec.encode(value));
    }
    throw bad('unknown schema type');
  }
}

interface PbField {
  name: string;
  type: string;
  repeated: boolean;
  map?: boolean;
  resolvedType: unknown;
}
interface PbType {
  fieldsArray: readonly PbField[];
}
interface PbEnum {
  values: Record<string, number>;
}

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

function toLong(v: unknown, unsigned: boolean): unknown {
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) return v;
  const n = BigInt(v);
  // Out of range stays a string, which verify refuses ("integer|Long expected").
  if (unsigned ? n < 0n || n >= 1n << 64n : n < -(1n << 63n) || n >= 1n << 63n) return v;
  const big = BigInt.asUintN(64, n);
  return { low: Number(big & 0xffffffffn) | 0, high: Number(big >> 32n) | 0, unsigned };
}

/** A copy of `obj` with 64-bit integer strings as {low, high} and enum names as numbers, nested messages too. */
function longsFromStrings(type: PbType, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  for (const f of type.fieldsArray) {
    const v = out[f.name];
    if (v === undefined || v === null || f.map === true) continue;
    const one = (x: unknown): unknown => {
      if (LONG_TYPES.has(f.type)) return toLong(x, f.type.startsWith('u') || f.type === 'fixed64');
      const nested = f.resolvedType as PbType | PbEnum | null;
      // Enums by name (the JSON mapping) as their numbers: verify takes numbers only.
      if (nested !== null && typeof nested === 'object' && 'values' in nested && typeof x === 'string' && Object.hasOwn(nested.values, x)) return nested.values[x];
      if (nested !== null && typeof nested === 'object' && 'fieldsArray' in nested && typeof x === 'object' && x !== null && !Array.isArray(x)) return longsFromStrings(nested, x as Record<string, unknown>);
      return x;
    };
    out[f.name] = f.repeated && Array.isArray(v) ? v.map(one) : one(v);
  }
  return out;
}

interface AvroRecordType {
  getFields?: () => ReadonlyArray<{ name: string; defaultValue(): unknown }>;
}

function latin1Buffers(this: unknown, key: string, v: unknown): unknown {
  const own = (this as Record<string, unknown>)[key];
  return Buffer.isBuffer(own) ? own.toString('latin1') : v;
}

/**
 * The JSON text with a record's missing fields set to their defaults in Avro's JSON encoding: avsc
 * fills them itself only as decoded values, which it then cannot re-read for bytes and fixed fields.
 */
function withDefaults(type: AvroRecordType, value: unknown, text: string): string {
  if (typeof type.getFields !== 'function' || typeof value !== 'object' || value === null || Array.isArray(value)) return text;
  const obj = value as Record<string, unknown>;
  let changed = false;
  for (const f of type.getFields()) {
    if (obj[f.name] !== undefined) continue;
    const d = f.defaultValue();
    if (d === undefined) continue;
    obj[f.name] = JSON.parse(JSON.stringify(d, latin1Buffers)) as unknown;
    changed = true;
  }
  return changed ? JSON.stringify(obj) : text;
}

/** For a record, the first top-level field that does not fit, as `field 'x': ...`. */
function avroWhere(type: { fromString(s: string): unknown; getFields?: () => ReadonlyArray<{ name: string; type: { fromString(s: string): unknown }; defaultValue(): unknown }> }, value: unknown): string | null {
  if (typeof type.getFields !== 'function' || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const obj = value as Record<string, unknown>;
  for (const f of type.getFields()) {
    const v = obj[f.name];
    if (v === undefined) {
      if (f.defaultValue() === undefined) return `field '${f.name}' is missing and has no default`;
      continue;
    }
    try {
      f.type.fromString(JSON.stringify(v));
    } catch (err) {
      return `field '${f.name}': ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return null;
}

async function parseLocal(type: RegistrySchema['schemaType'], text: string, file: string): Promise<ParsedSchema> {
  try {
    return await parseFormat(type, text, [], true);
  } catch (err) {
    if (err instanceof SchemaParseError) throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `${file} is not a valid ${type} schema: ${err.message.replace(/\s+/g, ' ')}`, { exitCode: 2 });
    throw err;
  }
}

/**
 * Settles the schema and id for one field, as Confluent's serializers do: a given id is used as is;
 * a schema file is registered under `<topic>-<field>` (TopicNameStrategy) when auto.register.schemas
 * is true, else looked up there; with neither, use.latest.version takes the subject's latest.
 */
export async function fieldEncoder(spec: EncoderSpec, resolver: SchemaResolver): Promise<FieldEncoder> {
  const client: SchemaRegistryClient = resolver.registry;
  const subject = `${spec.topic}-${spec.field}`;
  const type = FORMAT_SCHEMA_TYPE[spec.format];
  const opt = `--${spec.field}`;
  let id: number;
  let parsed: ParsedSchema;
  if (spec.schemaId !== undefined) {
    id = spec.schemaId;
    parsed = await resolver.byIdParsed(id);
  } else if (spec.schemaText !== undefined) {
    const file = spec.schemaFile ?? `${opt}-schema-file`;
    parsed = await parseLocal(type, spec.schemaText, file);
    const schema: RegistrySchema = { schema: spec.schemaText, schemaType: type, references: [] };
    id = spec.autoRegister ? await client.register(subject, schema, { normalize: spec.normalize }) : (await client.lookup(subject, schema, { normalize: spec.normalize })).id;
  } else if (spec.useLatest) {
    const latest = await client.subjectVersion(subject, 'latest');
    id = latest.id;
    parsed = await resolver.byIdParsed(id);
  } else {
    throw new UsageError(`${opt}-format ${spec.format} needs ${opt}-schema-file or ${opt}-schema-id (or use.latest.version=true).`);
  }
  if (parsed.schemaType !== type) throw new UsageError(`${opt}-schema-id ${id} is a ${parsed.schemaType} schema, not ${type} (${opt}-format ${spec.format}).`);
  let indexes: number[] | null = null;
  if (parsed.schemaType === 'PROTOBUF') {
    const pb = parsed as ProtobufParsedSchema;
    const names = pb.messageNames();
    if (spec.messageName === undefined) indexes = [0];
    else {
      indexes = pb.indexesOf(spec.messageName.replace(/^\./, ''));
      if (indexes === null) throw new UsageError(`${opt}-message: no message ${spec.messageName} in the schema (it has ${names.join(', ') || 'no messages'}).`);
    }
    if (names.length === 0) throw new UsageError(`The ${spec.field} schema defines no message.`);
  } else if (spec.messageName !== undefined) {
    throw new UsageError(`${opt}-message is for --${spec.field}-format protobuf.`);
  }
  return new FieldEncoder(id, subject, parsed, indexes, spec.field);
}
