// What the registry needs from the schema formats: parse (validate, canonical text) and
// compatibility. The formats themselves live in src/schema/; this is the one place that calls them.
// TEMPORARY STUB until src/schema/ lands on main: AVRO and JSON are checked to be JSON, PROTOBUF is
// taken as given, and every compatibility level answers "compatible" (NONE's answer).
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
}

/** A parse failure; its message is the details part of Confluent's 42201 text ("Invalid schema of type AVRO, details: ..."). */
export class InvalidSchemaError extends Error {}

export interface SchemaFormats {
  /** The text to store (Confluent stores a schema's canonical string); throws InvalidSchemaError. */
  canonical(input: SchemaInput, normalize: boolean): string;
  /** The incompatibilities of `next` against `previous` (oldest first) at `level`; empty when compatible. */
  incompatibilities(level: CompatibilityLevel, next: SchemaInput, previous: readonly SchemaInput[]): string[];
}

export const stubFormats: SchemaFormats = {
  canonical(input) {
    if (input.schemaType === 'PROTOBUF') return input.schema;
    try {
      return JSON.stringify(JSON.parse(input.schema));
    } catch (err) {
      throw new InvalidSchemaError((err as Error).message);
    }
  },
  incompatibilities() {
    return [];
  },
};

export function referenceList(refs: readonly ResolvedReference[]): SchemaReference[] {
  return refs.map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
}
