// The AVRO format: Confluent's AvroSchema (parse with the references first, canonical string,
// normalisation, backward check through Avro's SchemaCompatibility) and the avsc codec.
import avro from 'avsc';
import { SchemaParseError, type Difference, type ParsedSchema, type ResolvedReference } from '../types.js';
import { avroReaderWriterDifferences } from './compat.js';
import { parseAvro, toJavaJson, type AvroNames, type AvroNode } from './model.js';
import { toNormalizedString } from './normalize.js';

/**
 * An avsc codec. Unions are wrapped (`{"string": "x"}`), as Avro's JSON encoding writes them, so a
 * decoded value printed as JSON reads as Confluent's Avro console consumer prints it. Decoding reads
 * from the given Buffer in place (a record value's slice after the wire-format header), never a copy.
 */
export interface AvroCodec {
  readonly type: avro.Type;
  /** Decodes exactly the whole of `buf`; trailing bytes are an error. */
  decode(buf: Buffer): unknown;
  encode(value: unknown): Buffer;
  /** Whether `value` is a valid datum; `errors` receives the paths of the invalid parts. */
  isValid(value: unknown, errors?: string[]): boolean;
}

export class AvroParsedSchema implements ParsedSchema {
  readonly schemaType = 'AVRO' as const;
  private canonicalText: string | undefined;
  private codecCache: AvroCodec | undefined;

  readonly text: string;
  readonly references: readonly ResolvedReference[];
  readonly root: AvroNode;
  readonly names: AvroNames;
  /** The references' root types, which the canonical string names rather than repeats. */
  readonly refRoots: readonly AvroNode[];

  private constructor(text: string, references: readonly ResolvedReference[], root: AvroNode, names: AvroNames, refRoots: readonly AvroNode[]) {
    this.text = text;
    this.references = references;
    this.root = root;
    this.names = names;
    this.refRoots = refRoots;
  }

  /** `isNew` (a registration) also checks field defaults, as Confluent's parser does for new schemas. */
  static parse(text: string, references: readonly ResolvedReference[], isNew = true): AvroParsedSchema {
    const { root, names, refRoots } = parseAvro(
      text,
      references.map((r) => r.schema),
      isNew,
    );
    return new AvroParsedSchema(text, references, root, names, refRoots);
  }

  canonical(): string {
    this.canonicalText ??= toJavaJson(this.root, this.refRoots);
    return this.canonicalText;
  }

  normalize(): AvroParsedSchema {
    const refs = [...this.references].sort(compareReferences).filter((r, i, a) => i === 0 || compareReferences(a[i - 1] as ResolvedReference, r) !== 0);
    return AvroParsedSchema.parse(toNormalizedString(this.root, this.refRoots), refs, false);
  }

  backwardDifferences(writer: ParsedSchema): Difference[] {
    if (!(writer instanceof AvroParsedSchema)) return [{ kind: 'SCHEMA_TYPE', path: '/', message: 'Incompatible because of different schema type' }];
    try {
      return avroReaderWriterDifferences(this.root, writer.root);
    } catch (e) {
      return [{ kind: 'EXCEPTION', path: '/', message: `Unexpected exception during compatibility check: ${(e as Error).message}` }];
    }
  }

  /** The named type `fullName` (Confluent's record name strategies look it up), or undefined. */
  recordName(): string | null {
    return this.root.kind === 'record' ? this.root.name.full : null;
  }

  codec(): AvroCodec {
    if (this.codecCache !== undefined) return this.codecCache;
    const registry: Record<string, avro.Type> = {};
    const opts = { registry, wrapUnions: true } as const;
    try {
      for (const r of this.refRoots) avro.Type.forSchema(JSON.parse(toJavaJson(r)) as avro.Schema, opts);
      const type = avro.Type.forSchema(JSON.parse(this.canonical()) as avro.Schema, opts);
      this.codecCache = {
        type,
        decode: (buf) => type.fromBuffer(buf) as unknown,
        encode: (value) => type.toBuffer(value),
        isValid: (value, errors) => type.isValid(value, errors === undefined ? {} : { errorHook: (path: string[]) => errors.push(path.join('.') || '<root>') }),
      };
    } catch (e) {
      throw new SchemaParseError(`avsc cannot build a codec: ${(e as Error).message}`);
    }
    return this.codecCache;
  }
}

/** Confluent's SchemaReference ordering: name, then subject, then version. */
export function compareReferences(a: ResolvedReference, b: ResolvedReference): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version;
}
