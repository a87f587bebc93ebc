// The Avro compatibility matrix: each row an old schema (or several, oldest first), a new one, a
// level, and Confluent's verdict with the incompatibility kinds Avro's SchemaCompatibility reports.
// test/reference/avro-compat.test.ts runs the reader/writer pairs of AVRO_PAIRS through Avro's own Java
// SchemaCompatibility and asserts the same kinds and locations.
import { describe, expect, it } from 'vitest';
import { AvroParsedSchema, checkCompatibility, parseSchema, type CompatibilityLevel, type ParsedSchema } from '../../../src/schema/index.js';
import { AVRO_PAIRS } from './avro-pairs.js';

const avro = (s: unknown): ParsedSchema => {
  const r = parseSchema('AVRO', typeof s === 'string' ? s : JSON.stringify(s));
  if (r instanceof Error) throw r;
  return r;
};
const rec = (fields: unknown[], name = 'R'): unknown => ({ type: 'record', name, namespace: 'ns', fields });

describe('Avro reader/writer pairs (Avro SchemaCompatibility)', () => {
  it.each(AVRO_PAIRS)('$name', (row) => {
    const reader = avro(row.reader) as AvroParsedSchema;
    const writer = avro(row.writer);
    expect(reader.backwardDifferences(writer).map((d) => `${d.kind} ${d.path}`)).toEqual(row.expected);
  });
});

const V1 = rec([{ name: 'a', type: 'int' }]);
const V2 = rec([{ name: 'a', type: 'int' }, { name: 'b', type: 'string', default: 'x' }]);
const V3 = rec([{ name: 'a', type: 'int' }, { name: 'b', type: 'string', default: 'x' }, { name: 'c', type: 'long' }]);
const V2_NO_DEFAULT = rec([{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }]);
const V3_DROP_B = rec([{ name: 'a', type: 'int' }, { name: 'c', type: 'long', default: 0 }]);

interface LevelRow {
  name: string;
  old: unknown[];
  next: unknown;
  level: CompatibilityLevel;
  kinds: string[];
}

// kinds: the errorType of each message (the {oldSchema...} lines are checked separately below).
const LEVEL_ROWS: LevelRow[] = [
  { name: 'NONE accepts anything', old: [V1], next: '"string"', level: 'NONE', kinds: [] },
  { name: 'BACKWARD: field added with a default', old: [V1], next: V2, level: 'BACKWARD', kinds: [] },
  { name: 'BACKWARD: field added without a default', old: [V1], next: V2_NO_DEFAULT, level: 'BACKWARD', kinds: ['READER_FIELD_MISSING_DEFAULT_VALUE'] },
  { name: 'FORWARD: field added without a default (old readers ignore it)', old: [V1], next: V2_NO_DEFAULT, level: 'FORWARD', kinds: [] },
  { name: 'FORWARD: field removed that has no default in the old schema', old: [V2_NO_DEFAULT], next: V1, level: 'FORWARD', kinds: ['READER_FIELD_MISSING_DEFAULT_VALUE'] },
  { name: 'BACKWARD: field removed', old: [V2_NO_DEFAULT], next: V1, level: 'BACKWARD', kinds: [] },
  { name: 'FULL: field with a default added', old: [V1], next: V2, level: 'FULL', kinds: [] },
  { name: 'FULL: field without a default added (forward ok, backward not)', old: [V1], next: V2_NO_DEFAULT, level: 'FULL', kinds: ['READER_FIELD_MISSING_DEFAULT_VALUE'] },
  { name: 'FULL: int widened to long fails forward', old: [V1], next: rec([{ name: 'a', type: 'long' }]), level: 'FULL', kinds: ['TYPE_MISMATCH'] },
  { name: 'BACKWARD: int widened to long', old: [V1], next: rec([{ name: 'a', type: 'long' }]), level: 'BACKWARD', kinds: [] },
  // Non-transitive levels compare with the latest only; the transitive ones with every version.
  { name: 'BACKWARD ignores an older version', old: [V1, V2], next: V3_DROP_B, level: 'BACKWARD', kinds: [] },
  { name: 'BACKWARD_TRANSITIVE: c has a default, every version readable', old: [V1, V2], next: V3_DROP_B, level: 'BACKWARD_TRANSITIVE', kinds: [] },
  { name: 'BACKWARD: c without default vs latest', old: [V1, V2], next: V3, level: 'BACKWARD', kinds: ['READER_FIELD_MISSING_DEFAULT_VALUE'] },
  { name: 'BACKWARD passes against the latest, BACKWARD_TRANSITIVE fails on v1', old: [V2_NO_DEFAULT, V1], next: V2_NO_DEFAULT, level: 'BACKWARD', kinds: ['READER_FIELD_MISSING_DEFAULT_VALUE'] },
  { name: 'FORWARD passes against the latest only', old: [V2_NO_DEFAULT, V2], next: V1, level: 'FORWARD', kinds: [] },
  { name: 'FORWARD_TRANSITIVE fails on the oldest', old: [V2_NO_DEFAULT, V2], next: V1, level: 'FORWARD_TRANSITIVE', kinds: ['READER_FIELD_MISSING_DEFAULT_VALUE'] },
  { name: 'FULL passes against the latest only', old: [rec([{ name: 'a', type: 'long' }]), V1], next: V2, level: 'FULL', kinds: [] },
  { name: 'FULL_TRANSITIVE fails on the oldest (long read as int)', old: [rec([{ name: 'a', type: 'long' }]), V1], next: V2, level: 'FULL_TRANSITIVE', kinds: ['TYPE_MISMATCH'] },
];

describe('Avro levels (Confluent CompatibilityChecker)', () => {
  it.each(LEVEL_ROWS)('$name', (row) => {
    const messages = checkCompatibility(avro(row.next), row.old.map(avro), row.level);
    const kinds = messages.filter((m) => m.startsWith('{errorType:')).map((m) => /errorType:'([A-Z_]+)'/.exec(m)?.[1]);
    expect(kinds).toEqual(row.kinds);
    expect(messages.length > 0).toBe(row.kinds.length > 0);
  });

  it('words a failure as Confluent does, with the old version and schema last', () => {
    const old = avro(V1);
    expect(checkCompatibility(avro(V2_NO_DEFAULT), [{ schema: old, version: 3 }], 'BACKWARD')).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'b'}",
      '{oldSchemaVersion: 3}',
      `{oldSchema: '${old.canonical()}'}`,
    ]);
  });

  it('FULL reports the forward findings (old reads new) without the schema, then the backward ones', () => {
    const messages = checkCompatibility(avro(rec([{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }])), [avro(V1)], 'FULL');
    expect(messages).toEqual([
      "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the old schema does not match with the new schema', additionalInfo:'reader type: INT not compatible with writer type: LONG'}",
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'b'}",
      `{oldSchema: '${avro(V1).canonical()}'}`,
    ]);
  });

  it('a schema of another type is incompatible', () => {
    const proto = parseSchema('PROTOBUF', 'syntax = "proto3"; message M { int32 a = 1; }');
    if (proto instanceof Error) throw proto;
    expect(checkCompatibility(avro(V1), [proto], 'BACKWARD')[0]).toBe('Incompatible because of different schema type');
  });
});
