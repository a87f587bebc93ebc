// What the registry needs from the schema formats: parse (validate, canonical text) and
// compatibility. The formats themselves live in src/schema/; this is the one place that calls them.
import { checkCompatibility, parseSchema, SchemaParseError, type ParsedSchema, type ResolvedReference as FlatReference } from '../../schema/index.js';
import type { SchemaReference, SchemaType } from './records.js';

export const SCHEMA_TYPES: readonly SchemaType[] = ['JSON', 'PROTOBUF', 'AVRO'];

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** A referenced schema, resolved: the name it is imported by and its stored text. */
export interface ResolvedReference {
  name: string;
  subject: string;
  version: number;
  schemaType: SchemaType;
  schema: string;
  /** The referenced schema's own references, resolved. */
  references: ResolvedReference[];
}

export interface SchemaInput {
  schemaType: SchemaType;
  schema: string;
  references: ResolvedReference[];
  /** A stored version's number (Confluent's "{oldSchemaVersion: N}" line in a failed check). */
  version?: number;
}

/** A parse failure; its message is the details part of Confluent's 42201 text ("Invalid schema of type AVRO, details: ..."). */
export class InvalidSchemaError extends Error {}

export interface SchemaFormats {
  /** The text to store (Confluent stores a schema's canonical string); throws InvalidSchemaError. */
  canonical(input: SchemaInput, normalize: boolean): string;
  /** The incompatibilities of `next` against `previous` (oldest first) at `level`; empty when compatible. */
  incompatibilities(level: CompatibilityLevel, next: SchemaInput, previous: readonly SchemaInput[]): string[];
}

/** References flattened as src/schema takes them: each one's own references before it, once. */
function flatten(refs: readonly ResolvedReference[], out: FlatReference[] = [], seen = new Set<string>()): FlatReference[] {
  for (const r of refs) {
    flatten(r.references, out, seen);
    const key = `${r.name}\u0000${r.subject}\u0000${r.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: r.name, subject: r.subject, version: r.version, schema: r.schema });
  }
  return out;
}

function parse(input: SchemaInput, isNew: boolean): ParsedSchema {
  const parsed = parseSchema(input.schemaType, input.schema, flatten(input.references), { isNew });
  if (parsed instanceof SchemaParseError) throw new InvalidSchemaError(parsed.message);
  return parsed;
}

/** The formats of src/schema/: Confluent's canonical strings, normalisation and compatibility rules. */
export const schemaFormats: SchemaFormats = {
  canonical(input, normalize) {
    const parsed = parse(input, true);
    return (normalize ? parsed.normalize() : parsed).canonical();
  },
  incompatibilities(level, next, previous) {
    // Stored schemas are re-read as Confluent re-reads them (no new-schema default validation).
    const candidate = parse(next, false);
    return checkCompatibility(
      candidate,
      previous.map((p) => (p.version === undefined ? { schema: parse(p, false) } : { schema: parse(p, false), version: p.version })),
      level,
    );
  },
};

export function referenceList(refs: readonly ResolvedReference[]): SchemaReference[] {
  return refs.map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
}
