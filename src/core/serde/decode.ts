// Decoding record keys and values in the Confluent wire format for console-consumer: the schema
// ids of a batch are fetched before it is printed (prepare), then each record decodes synchronously
// from its Buffer slice with the cached schema's codec.
import type { AvroParsedSchema, JsonParsedSchema, ParsedSchema, ProtobufParsedSchema } from '../../schema/index.js';
import { avroJsonWriter } from './avro-json.js';
import { WireFormatError, decodeWire } from '../../schema/wire-format.js';
import { TkafkaError } from '../../shared/errors.js';
import { FORMAT_SCHEMA_TYPE, type SchemaFormat } from './formats.js';
import type { SchemaResolver } from './resolver.js';

/** A record's key or value that cannot be decoded: reported per record (--skip-message-on-error skips it). */
export class SchemaDecodeError extends TkafkaError {
  override readonly name: string = 'SchemaDecodeError';
  constructor(message: string) {
    super('DESERIALIZE_FAILED', message);
  }
}

export interface Decoded {
  schemaId: number;
  /** The decoded value as compact JSON text (what the formatter prints and -o json embeds). */
  text: string;
}

/** Payload (and Protobuf message indexes) → JSON text, made once per schema id. */
type ToText = (payload: Buffer, indexes: readonly number[] | null) => string;
type Entry = { toText: ToText } | { error: string };

function toTextOf(s: ParsedSchema): ToText {
  // By type, not instanceof: the format classes load only when their format is used.
  if (s.schemaType === 'AVRO') {
    const codec = (s as AvroParsedSchema).codec();
    const write = avroJsonWriter(codec.type);
    return (payload) => write(codec.decode(payload));
  }
  if (s.schemaType === 'PROTOBUF') {
    const pb = s as ProtobufParsedSchema;
    return (payload, indexes) => {
      const codec = pb.codec(indexes ?? [0]);
      return JSON.stringify(codec.toObject(codec.decode(payload)));
    };
  }
  if (s.schemaType === 'JSON') {
    const codec = (s as JsonParsedSchema).codec();
    return (payload) => JSON.stringify(codec.decode(payload));
  }
  throw new Error(`unknown schema type ${String(s.schemaType)}`);
}

export class FieldDecoder {
  readonly format: SchemaFormat;
  readonly field: 'key' | 'value';
  private readonly resolver: SchemaResolver;
  private readonly schemas = new Map<number, Entry>();
  private readonly protobuf: boolean;

  constructor(format: SchemaFormat, field: 'key' | 'value', resolver: SchemaResolver) {
    this.format = format;
    this.field = field;
    this.resolver = resolver;
    this.protobuf = format === 'protobuf';
  }

  /** The ids among `values` not fetched yet (a well-formed header only; the rest fails per record). */
  missing(values: Iterable<Buffer | null>, into: Set<number>): void {
    for (const b of values) {
      if (b === null || b.length < 5 || b[0] !== 0) continue;
      const id = b.readInt32BE(1);
      if (!this.schemas.has(id)) into.add(id);
    }
  }

  /**
   * Fetches and parses these ids. An id the registry does not know (or a schema of another type)
   * becomes a per-record error; a registry that cannot be reached rejects (the run ends).
   */
  async fetch(ids: Iterable<number>): Promise<void> {
    await Promise.all(
      [...ids].map(async (id) => {
        try {
          const schema = await this.resolver.byIdParsed(id);
          const want = FORMAT_SCHEMA_TYPE[this.format];
          this.schemas.set(id, schema.schemaType === want ? { toText: toTextOf(schema) } : { error: `schema id ${id} is ${schema.schemaType}, not ${want}` });
        } catch (err) {
          if (err instanceof Error && err.name === 'SchemaRegistryError') this.schemas.set(id, { error: `schema id ${id}: ${err.message}` });
          else if (err instanceof Error && err.name === 'SchemaParseError') this.schemas.set(id, { error: err.message });
          else throw err;
        }
      }),
    );
  }

  /** Decodes one key or value whose schema was fetched; throws SchemaDecodeError. */
  decode(bytes: Buffer): Decoded {
    let wire;
    try {
      wire = decodeWire(bytes, this.protobuf);
    } catch (err) {
      if (err instanceof WireFormatError) throw new SchemaDecodeError(`${this.field} is not ${this.format} in the Confluent wire format: ${err.message}`);
      throw err;
    }
    const entry = this.schemas.get(wire.schemaId);
    if (entry === undefined) throw new SchemaDecodeError(`${this.field}: schema id ${wire.schemaId} was not fetched`);
    if ('error' in entry) throw new SchemaDecodeError(`${this.field}: ${entry.error}`);
    try {
      return { schemaId: wire.schemaId, text: entry.toText(wire.payload, wire.messageIndexes) };
    } catch (err) {
      throw new SchemaDecodeError(`${this.field} does not decode with schema id ${wire.schemaId}: ${err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err)}`);
    }
  }
}
/** The key and value decoders of a run; `prepare` fetches a batch's unknown schema ids first. */
export class RecordDecoders {
  readonly key: FieldDecoder | null;
  readonly value: FieldDecoder | null;

  constructor(key: FieldDecoder | null, value: FieldDecoder | null) {
    this.key = key;
    this.value = value;
  }

  /** Null when every id of `records` is known (the common case: no promise, no await). */
  prepare(records: ReadonlyArray<{ key: Buffer | null; value: Buffer | null }>): Promise<void> | null {
    let keys: Set<number> | null = null;
    let values: Set<number> | null = null;
    if (this.key !== null) {
      keys = new Set();
      this.key.missing(
        records.map((r) => r.key),
        keys,
      );
    }
    if (this.value !== null) {
      values = new Set();
      this.value.missing(
        records.map((r) => r.value),
        values,
      );
    }
    if ((keys === null || keys.size === 0) && (values === null || values.size === 0)) return null;
    return Promise.all([keys !== null && keys.size > 0 ? this.key?.fetch(keys) : undefined, values !== null && values.size > 0 ? this.value?.fetch(values) : undefined]).then(() => undefined);
  }
}
