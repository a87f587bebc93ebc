// Protobuf and JSON Schema compatibility matrices (Confluent's SchemaDiff rules): each row an old
// schema, a new one, a level, and the incompatible difference kinds Confluent reports (none: compatible).
import { describe, expect, it } from 'vitest';
import { checkCompatibility, parseSchema, type CompatibilityLevel, type ParsedSchema, type SchemaType } from '../../../src/schema/index.js';

const parse = (type: SchemaType, s: string): ParsedSchema => {
  const r = parseSchema(type, s);
  if (r instanceof Error) throw r;
  return r;
};
const kinds = (messages: string[]): string[] => messages.flatMap((m) => /^\{errorType:"([A-Z_]+)"/.exec(m)?.[1] ?? []);

interface Row {
  name: string;
  old: string[];
  next: string;
  level: CompatibilityLevel;
  kinds: string[];
}

const P = (body: string, pkg = 'p'): string => `syntax = "proto3";\npackage ${pkg};\n${body}`;

const PROTO_ROWS: Row[] = [
  { name: 'field added', old: [P('message M { string a = 1; }')], next: P('message M { string a = 1; int32 b = 2; }'), level: 'BACKWARD', kinds: [] },
  { name: 'field removed', old: [P('message M { string a = 1; int32 b = 2; }')], next: P('message M { string a = 1; }'), level: 'BACKWARD', kinds: [] },
  { name: 'field renamed (same number)', old: [P('message M { string a = 1; }')], next: P('message M { string b = 1; }'), level: 'FULL', kinds: [] },
  { name: 'int32 to int64 (same scalar group)', old: [P('message M { int32 a = 1; }')], next: P('message M { int64 a = 1; }'), level: 'BACKWARD', kinds: [] },
  { name: 'int32 to sint32', old: [P('message M { int32 a = 1; }')], next: P('message M { sint32 a = 1; }'), level: 'BACKWARD', kinds: ['FIELD_SCALAR_KIND_CHANGED'] },
  { name: 'string to bytes', old: [P('message M { string a = 1; }')], next: P('message M { bytes a = 1; }'), level: 'BACKWARD', kinds: [] },
  { name: 'enum field to int32 (both general numbers)', old: [P('enum E { A = 0; } message M { E a = 1; }')], next: P('enum E { A = 0; } message M { int32 a = 1; }'), level: 'BACKWARD', kinds: [] },
  { name: 'scalar to message', old: [P('message M { string a = 1; }')], next: P('message N { string x = 1; } message M { N a = 1; }'), level: 'BACKWARD', kinds: ['FIELD_KIND_CHANGED'] },
  { name: 'message field type renamed', old: [P('message N { string x = 1; } message M { N a = 1; }')], next: P('message O { string x = 1; } message M { O a = 1; }'), level: 'BACKWARD', kinds: ['FIELD_NAMED_TYPE_CHANGED', 'MESSAGE_REMOVED'] },
  { name: 'message removed', old: [P('message M { string a = 1; } message N { int32 b = 1; }')], next: P('message M { string a = 1; }'), level: 'BACKWARD', kinds: ['MESSAGE_REMOVED'] },
  { name: 'message added and moved', old: [P('message M { string a = 1; }')], next: P('message N { int32 b = 1; } message M { string a = 1; }'), level: 'BACKWARD', kinds: [] },
  { name: 'message added is a removal when read FORWARD', old: [P('message M { string a = 1; }')], next: P('message N { int32 b = 1; } message M { string a = 1; }'), level: 'FULL', kinds: ['MESSAGE_REMOVED'] },
  { name: 'enum removed, enum value added', old: [P('enum E { A = 0; } enum F { X = 0; } message M { string a = 1; }')], next: P('enum E { A = 0; B = 1; } message M { string a = 1; }'), level: 'BACKWARD', kinds: [] },
  { name: 'package changed', old: [P('message M { string a = 1; }')], next: P('message M { string a = 1; }', 'q'), level: 'BACKWARD', kinds: ['PACKAGE_CHANGED'] },
  { name: 'nested message field kind changed', old: [P('message M { message N { int32 x = 1; } N n = 1; }')], next: P('message M { message N { double x = 1; } N n = 1; }'), level: 'BACKWARD', kinds: ['FIELD_SCALAR_KIND_CHANGED'] },
  { name: 'one field moved into a new oneof', old: [P('message M { string a = 1; int32 b = 2; }')], next: P('message M { oneof o { string a = 1; } int32 b = 2; }'), level: 'BACKWARD', kinds: [] },
  { name: 'two fields moved into one oneof', old: [P('message M { string a = 1; int32 b = 2; }')], next: P('message M { oneof o { string a = 1; int32 b = 2; } }'), level: 'BACKWARD', kinds: ['MULTIPLE_FIELDS_MOVED_TO_ONEOF'] },
  { name: 'oneof field removed', old: [P('message M { oneof o { string a = 1; int32 b = 2; } }')], next: P('message M { oneof o { string a = 1; } }'), level: 'BACKWARD', kinds: ['ONEOF_FIELD_REMOVED'] },
  { name: 'oneof field added', old: [P('message M { oneof o { string a = 1; } }')], next: P('message M { oneof o { string a = 1; int32 b = 2; } }'), level: 'BACKWARD', kinds: [] },
  { name: 'oneof field added is a removal when read FORWARD', old: [P('message M { oneof o { string a = 1; } }')], next: P('message M { oneof o { string a = 1; int32 b = 2; } }'), level: 'FORWARD', kinds: ['ONEOF_FIELD_REMOVED'] },
  { name: 'map value kind changed', old: [P('message M { map<string, int32> m = 1; }')], next: P('message M { map<string, string> m = 1; }'), level: 'BACKWARD', kinds: ['FIELD_SCALAR_KIND_CHANGED'] },
  { name: 'non-transitive ignores v1', old: [P('message M { int32 a = 1; }'), P('message M { sint32 a = 1; }')], next: P('message M { sint64 a = 1; }'), level: 'BACKWARD', kinds: [] },
  { name: 'transitive checks v1', old: [P('message M { int32 a = 1; }'), P('message M { sint32 a = 1; }')], next: P('message M { sint64 a = 1; }'), level: 'BACKWARD_TRANSITIVE', kinds: ['FIELD_SCALAR_KIND_CHANGED'] },
];

const J = (s: unknown): string => JSON.stringify(s);
const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): string => J({ type: 'object', properties, ...extra });

const JSON_ROWS: Row[] = [
  { name: 'property added to a closed model', old: [obj({ a: { type: 'string' } }, { additionalProperties: false })], next: obj({ a: { type: 'string' }, b: { type: 'integer' } }, { additionalProperties: false }), level: 'BACKWARD', kinds: [] },
  { name: 'required property added to a closed model', old: [obj({ a: { type: 'string' } }, { additionalProperties: false })], next: obj({ a: { type: 'string' }, b: { type: 'integer' } }, { additionalProperties: false, required: ['b'] }), level: 'BACKWARD', kinds: ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'] },
  { name: 'required property with a default added to a closed model', old: [obj({ a: { type: 'string' } }, { additionalProperties: false })], next: obj({ a: { type: 'string' }, b: { type: 'integer', default: 0 } }, { additionalProperties: false, required: ['b'] }), level: 'BACKWARD', kinds: [] },
  { name: 'property added to an open model', old: [obj({ a: { type: 'string' } })], next: obj({ a: { type: 'string' }, b: { type: 'integer' } }), level: 'BACKWARD', kinds: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'property removed from an open model', old: [obj({ a: { type: 'string' }, b: { type: 'integer' } })], next: obj({ a: { type: 'string' } }), level: 'BACKWARD', kinds: [] },
  { name: 'property removed from a closed model', old: [obj({ a: { type: 'string' }, b: { type: 'integer' } }, { additionalProperties: false })], next: obj({ a: { type: 'string' } }, { additionalProperties: false }), level: 'BACKWARD', kinds: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'] },
  { name: 'property type changed', old: [obj({ a: { type: 'string' } })], next: obj({ a: { type: 'integer' } }), level: 'BACKWARD', kinds: ['TYPE_CHANGED'] },
  { name: 'integer extended to number', old: [obj({ a: { type: 'integer' } })], next: obj({ a: { type: 'number' } }), level: 'BACKWARD', kinds: [] },
  { name: 'number narrowed to integer', old: [obj({ a: { type: 'number' } })], next: obj({ a: { type: 'integer' } }), level: 'BACKWARD', kinds: ['TYPE_NARROWED'] },
  { name: 'type extended to a union', old: [obj({ a: { type: 'string' } })], next: obj({ a: { type: ['string', 'null'] } }), level: 'BACKWARD', kinds: [] },
  { name: 'required attribute added', old: [obj({ a: { type: 'string' } })], next: obj({ a: { type: 'string' } }, { required: ['a'] }), level: 'BACKWARD', kinds: ['REQUIRED_ATTRIBUTE_ADDED'] },
  { name: 'required attribute removed', old: [obj({ a: { type: 'string' } }, { required: ['a'] })], next: obj({ a: { type: 'string' } }), level: 'BACKWARD', kinds: [] },
  { name: 'enum extended', old: [J({ enum: ['a', 'b'] })], next: J({ enum: ['a', 'b', 'c'] }), level: 'BACKWARD', kinds: [] },
  { name: 'enum narrowed', old: [J({ enum: ['a', 'b'] })], next: J({ enum: ['a'] }), level: 'BACKWARD', kinds: ['ENUM_ARRAY_NARROWED'] },
  { name: 'maxLength decreased', old: [J({ type: 'string', maxLength: 10 })], next: J({ type: 'string', maxLength: 5 }), level: 'BACKWARD', kinds: ['MAX_LENGTH_DECREASED'] },
  { name: 'maxLength increased', old: [J({ type: 'string', maxLength: 5 })], next: J({ type: 'string', maxLength: 10 }), level: 'BACKWARD', kinds: [] },
  { name: 'minimum added', old: [J({ type: 'number' })], next: J({ type: 'number', minimum: 0 }), level: 'BACKWARD', kinds: ['MINIMUM_ADDED'] },
  { name: 'minimum decreased', old: [J({ type: 'number', minimum: 5 })], next: J({ type: 'number', minimum: 0 }), level: 'BACKWARD', kinds: [] },
  { name: 'additionalProperties closed', old: [obj({ a: { type: 'string' } })], next: obj({ a: { type: 'string' } }, { additionalProperties: false }), level: 'BACKWARD', kinds: ['ADDITIONAL_PROPERTIES_REMOVED'] },
  { name: 'array items type changed', old: [J({ type: 'array', items: { type: 'string' } })], next: J({ type: 'array', items: { type: 'integer' } }), level: 'BACKWARD', kinds: ['TYPE_CHANGED'] },
  { name: 'FULL: open-model property added is incompatible both ways', old: [obj({ a: { type: 'string' } })], next: obj({ a: { type: 'string' }, b: { type: 'integer' } }), level: 'FULL', kinds: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'non-transitive ignores v1', old: [J({ type: 'string', maxLength: 10 }), J({ type: 'string', maxLength: 3 })], next: J({ type: 'string', maxLength: 5 }), level: 'BACKWARD', kinds: [] },
  { name: 'transitive checks v1', old: [J({ type: 'string', maxLength: 10 }), J({ type: 'string', maxLength: 3 })], next: J({ type: 'string', maxLength: 5 }), level: 'BACKWARD_TRANSITIVE', kinds: ['MAX_LENGTH_DECREASED'] },
];

describe.each([
  ['PROTOBUF', PROTO_ROWS],
  ['JSON', JSON_ROWS],
] as const)('%s compatibility (Confluent SchemaDiff)', (type, rows) => {
  it.each(rows)('$name ($level)', (row) => {
    const messages = checkCompatibility(parse(type, row.next), row.old.map((o) => parse(type, o)), row.level);
    expect(kinds(messages)).toEqual(row.kinds);
    expect(messages.length > 0).toBe(row.kinds.length > 0);
  });
});

describe('Protobuf and JSON Schema messages', () => {
  it('Protobuf words a finding with its path, reader and writer', () => {
    const old = parse('PROTOBUF', P('message M { int32 a = 1; }'));
    expect(checkCompatibility(parse('PROTOBUF', P('message M { sint32 a = 1; }')), [old], 'BACKWARD')[0]).toBe(
      `{errorType:"FIELD_SCALAR_KIND_CHANGED", description:"The kind of a SCALAR field at path '#/M/1' in the new schema does not match its kind in the old schema"}`,
    );
  });

  it('JSON Schema words a finding with its path, reader and writer', () => {
    const old = parse('JSON', J({ type: 'string', maxLength: 10 }));
    expect(checkCompatibility(parse('JSON', J({ type: 'string', maxLength: 5 })), [old], 'FORWARD')).toEqual([]);
    expect(checkCompatibility(parse('JSON', J({ type: 'string', maxLength: 5 })), [old], 'BACKWARD')[0]).toBe(
      `{errorType:"MAX_LENGTH_DECREASED", description:"The value at path '#/maxLength' in the new schema is less than its value in the old schema"}`,
    );
  });
});
