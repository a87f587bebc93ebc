// The schema formats' entry points, pure code: parse a schema of a Confluent schemaType with its
// resolved references, and check a new schema against earlier versions at a compatibility level
// exactly as Confluent's CompatibilityChecker and SchemaValidatorBuilder do.
import { AvroParsedSchema } from './avro/index.js';
import { JsonParsedSchema } from './json/index.js';
import { ProtobufParsedSchema } from './protobuf/index.js';
import { SchemaParseError, type CompatibilityLevel, type Difference, type ParsedSchema, type ResolvedReference, type SchemaType } from './types.js';

export * from './types.js';
export { AvroParsedSchema, type AvroCodec } from './avro/index.js';
export { ProtobufParsedSchema, type ProtobufCodec } from './protobuf/index.js';
export { JsonParsedSchema, type JsonSchemaCodec } from './json/index.js';

export interface ParseOptions {
  /**
   * A schema being registered (the default): Avro field defaults are validated, as Confluent's
   * parser does for new schemas only. Stored schemas re-read from `_schemas` pass false.
   */
  readonly isNew?: boolean;
}

/** Parses `text` as `type`; a bad schema is a SchemaParseError value (Confluent's 42201), never a throw. */
export function parseSchema(type: SchemaType, text: string, references: readonly ResolvedReference[] = [], opts: ParseOptions = {}): ParsedSchema | SchemaParseError {
  try {
    switch (type) {
      case 'AVRO':
        return AvroParsedSchema.parse(text, references, opts.isNew ?? true);
      case 'PROTOBUF':
        return ProtobufParsedSchema.parse(text, references);
      case 'JSON':
        return JsonParsedSchema.parse(text, references);
    }
  } catch (e) {
    if (e instanceof SchemaParseError) return e;
    return new SchemaParseError(e instanceof Error ? e.message : String(e));
  }
}

/** A previous version as the checker sees it; `version` adds Confluent's "{oldSchemaVersion: N}" line. */
export interface PreviousSchema {
  readonly schema: ParsedSchema;
  readonly version?: number;
}

/** Confluent's message size limit for the old schema quoted in an incompatibility report. */
const MAX_SCHEMA_SIZE_FOR_LOGGING = 10 * 1024;

function formatMessages(found: readonly Difference[], existing: PreviousSchema, reader: string, writer: string, appendSchema: boolean): string[] {
  if (found.length === 0) return [];
  const out = found.map((d) => d.message.replace('%s', reader).replace('%s', writer));
  if (appendSchema) {
    if (existing.version !== undefined) out.push(`{oldSchemaVersion: ${existing.version}}`);
    const old = existing.schema.canonical();
    out.push(old.length <= MAX_SCHEMA_SIZE_FOR_LOGGING ? `{oldSchema: '${old}'}` : `{oldSchema: <truncated to ${MAX_SCHEMA_SIZE_FOR_LOGGING} characters> '${old.slice(0, MAX_SCHEMA_SIZE_FOR_LOGGING)}'}`);
  }
  return out;
}

type Strategy = (candidate: ParsedSchema, existing: PreviousSchema) => string[];

// Confluent's canReadStrategy (BACKWARD: the new schema reads what the old wrote), canBeReadStrategy
// (FORWARD) and mutualReadStrategy (FULL: forward's findings, then backward's).
const canRead: Strategy = (c, e) => formatMessages(c.backwardDifferences(e.schema), e, 'new', 'old', true);
const canBeRead: Strategy = (c, e) => formatMessages(e.schema.backwardDifferences(c), e, 'old', 'new', true);
const mutual: Strategy = (c, e) => [...formatMessages(e.schema.backwardDifferences(c), e, 'old', 'new', false), ...formatMessages(c.backwardDifferences(e.schema), e, 'new', 'old', true)];

const LEVELS: Record<Exclude<CompatibilityLevel, 'NONE'>, { strategy: Strategy; transitive: boolean }> = {
  BACKWARD: { strategy: canRead, transitive: false },
  BACKWARD_TRANSITIVE: { strategy: canRead, transitive: true },
  FORWARD: { strategy: canBeRead, transitive: false },
  FORWARD_TRANSITIVE: { strategy: canBeRead, transitive: true },
  FULL: { strategy: mutual, transitive: false },
  FULL_TRANSITIVE: { strategy: mutual, transitive: true },
};

/**
 * Confluent's compatibility check: `previous` oldest first. The non-transitive levels compare with
 * the latest only; the transitive ones walk newest to oldest and stop at the first version that
 * fails. Returns the messages Confluent returns (empty: compatible). A schema of another type than
 * the one it is compared with is incompatible, as in Confluent.
 */
export function checkCompatibility(candidate: ParsedSchema, previous: readonly (ParsedSchema | PreviousSchema)[], level: CompatibilityLevel): string[] {
  if (level === 'NONE') return [];
  const { strategy, transitive } = LEVELS[level];
  const newestFirst = previous.map((p) => ('schema' in p ? p : { schema: p })).reverse();
  for (const existing of transitive ? newestFirst : newestFirst.slice(0, 1)) {
    const found = strategy(candidate, existing);
    if (found.length > 0) return found;
  }
  return [];
}

/** The `{validateFields: ..., compatibility: ...}` line Confluent's registry appends to a failed check's messages. */
export function compatibilityTrailer(level: CompatibilityLevel, validateFields = false): string {
  return `{validateFields: '${validateFields}', compatibility: '${level}'}`;
}
