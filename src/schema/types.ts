// The vocabulary shared by the schema formats (Avro, Protobuf, JSON Schema), the registry
// (broker) and the serialisers (console tools). Pure data: nothing here does I/O.

/** Confluent's `schemaType` names; a registration without one is AVRO. */
export const SCHEMA_TYPES = ['AVRO', 'PROTOBUF', 'JSON'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

export function isSchemaType(s: string): s is SchemaType {
  return (SCHEMA_TYPES as readonly string[]).includes(s);
}

/** Confluent's compatibility levels. The non-transitive ones compare with the latest version only. */
export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export function isCompatibilityLevel(s: string): s is CompatibilityLevel {
  return (COMPATIBILITY_LEVELS as readonly string[]).includes(s);
}

/**
 * A schema reference as the registry resolved it: `name` is how the referring schema names it (an
 * Avro full name, a Protobuf import path, a JSON Schema `$ref` URL), `schema` the referenced
 * version's text. A reference's own references come first in the list (dependencies before
 * dependants), as Confluent's resolvedReferences map is ordered.
 */
export interface ResolvedReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
  readonly schema: string;
}

/**
 * A parse failure: `message` is the detail Confluent's registry puts after "Invalid schema ..."
 * (error code 42201). It is returned, never thrown, by parseSchema.
 */
export class SchemaParseError extends Error {
  override readonly name = 'SchemaParseError';
}

/** One incompatibility found by a format's checker, before Confluent's message formatting. */
export interface Difference {
  /** The format's difference kind: Avro's SchemaIncompatibilityType, Confluent's Protobuf/JSON Difference.Type. */
  readonly kind: string;
  /** Where in the schema (Avro: a JSON pointer; Protobuf and JSON Schema: Confluent's path). */
  readonly path: string;
  /**
   * The message as Confluent words it. Avro's keep two `%s` slots, filled by the checker with who
   * reads and who writes ("new"/"old"), as Confluent's SchemaValidatorBuilder does.
   */
  readonly message: string;
}

/** A parsed schema of one format. Immutable; the codec objects behind it are made once and cached. */
export interface ParsedSchema {
  readonly schemaType: SchemaType;
  /** The text as given. */
  readonly text: string;
  readonly references: readonly ResolvedReference[];
  /** Confluent's canonical string: what the registry stores, returns and compares for identity. */
  canonical(): string;
  /** The schema Confluent's `normalize=true` turns this one into (its canonical() is the normalised identity). */
  normalize(): ParsedSchema;
  /**
   * The Avro reader-can-read-writer test of this (the reader) against `writer`, or Confluent's
   * Protobuf/JSON Schema diff of `writer` (the older) into this (the newer), as incompatibilities.
   * Both schemas are of this format.
   */
  backwardDifferences(writer: ParsedSchema): Difference[];
}
