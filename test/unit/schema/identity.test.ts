// Canonical strings (Confluent's identity), normalize=true, references and codecs.
import { describe, expect, it } from 'vitest';
import { AvroParsedSchema, JsonParsedSchema, ProtobufParsedSchema, SchemaParseError, checkCompatibility, parseSchema, type ParsedSchema, type ResolvedReference, type SchemaType } from '../../../src/schema/index.js';

const parse = (type: SchemaType, s: string, refs: ResolvedReference[] = []): ParsedSchema => {
  const r = parseSchema(type, s, refs);
  if (r instanceof Error) throw r;
  return r;
};

describe('Avro canonical string (Java Schema.toString)', () => {
  it('is whitespace-insensitive, splits full names and keeps field order and custom properties', () => {
    const a = parse('AVRO', '{ "type" : "record", "name" : "a.b.R",\n "fields" : [ {"name":"x","type":"int","doc":"d"}, {"type":"string","name":"y","default":"z","custom":1} ] }');
    expect(a.canonical()).toBe('{"type":"record","name":"R","namespace":"a.b","fields":[{"name":"x","type":"int","doc":"d"},{"name":"y","type":"string","default":"z","custom":1}]}');
  });

  it('a primitive with no properties is its name; nested types in the same namespace omit it; a namespace-less one writes ""', () => {
    expect(parse('AVRO', '{"type":"string"}').canonical()).toBe('"string"');
    const s = parse('AVRO', JSON.stringify({ type: 'record', name: 'R', namespace: 'n', fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } }, { name: 'f', type: { type: 'fixed', name: 'x.F', size: 2 } }, { name: 'g', type: 'E' }] }));
    expect(s.canonical()).toBe('{"type":"record","name":"R","namespace":"n","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A"]}},{"name":"f","type":{"type":"fixed","name":"F","namespace":"x","size":2}},{"name":"g","type":"E"}]}');
  });

  it('keeps numbers as Jackson does: a double stays a double (1.0, 1.0E10), an integer an integer', () => {
    const s = parse('AVRO', '{"type":"record","name":"R","fields":[{"name":"d","type":"double","default":1.0},{"name":"e","type":"float","default":1e10},{"name":"g","type":"long","default":12}],"p":1.50}');
    expect(s.canonical()).toBe('{"type":"record","name":"R","fields":[{"name":"d","type":"double","default":1.0},{"name":"e","type":"float","default":1.0E10},{"name":"g","type":"long","default":12}],"p":1.5}');
  });

  it('resolves a name used before its definition (Avro 1.12), printing the definition where first met', () => {
    const s = parse('AVRO', '{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":["null","E"]},{"name":"b","type":{"type":"enum","name":"E","symbols":["X"]},"default":"X"}]}');
    expect(s.canonical()).toBe('{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":["null",{"type":"enum","name":"E","symbols":["X"]}]},{"name":"b","type":"E","default":"X"}]}');
  });

  it('names referenced types instead of repeating them', () => {
    const ref: ResolvedReference = { name: 'n.Addr', subject: 'addr', version: 1, schema: '{"type":"record","name":"Addr","namespace":"n","fields":[{"name":"s","type":"string"}]}' };
    const s = parse('AVRO', '{"type":"record","name":"P","namespace":"n","fields":[{"name":"a","type":"Addr"}]}', [ref]);
    expect(s.canonical()).toBe('{"type":"record","name":"P","namespace":"n","fields":[{"name":"a","type":"Addr"}]}');
    expect(parseSchema('AVRO', '{"type":"record","name":"P","namespace":"n","fields":[{"name":"a","type":"Addr"}]}')).toEqual(new SchemaParseError('Undefined schema: n.Addr'));
  });
});

describe('Avro normalize (Confluent AvroSchemaUtils)', () => {
  it('sorts properties and aliases, leaves field order, drops an empty record doc', () => {
    const a = parse('AVRO', '{"type":"record","name":"R","namespace":"n","doc":"","zeta":1,"alpha":2,"aliases":["Z","A"],"fields":[{"name":"b","type":"int","aliases":["y","x"]},{"name":"a","type":"long"}]}');
    expect(a.normalize().canonical()).toBe('{"type":"record","name":"R","namespace":"n","fields":[{"name":"b","type":"int","aliases":["x","y"]},{"name":"a","type":"long"}],"alpha":2,"zeta":1,"aliases":["A","Z"]}');
  });

  it('two property orders normalise to one identity; canonical keeps them apart', () => {
    const x = parse('AVRO', '{"type":"string","b":1,"a":2}');
    const y = parse('AVRO', '{"type":"string","a":2,"b":1}');
    expect(x.canonical()).not.toBe(y.canonical());
    expect(x.normalize().canonical()).toBe(y.normalize().canonical());
  });

  it('writes float and double defaults as Java does', () => {
    const a = parse('AVRO', '{"type":"record","name":"R","fields":[{"name":"d","type":"double","default":1}]}');
    expect(a.normalize().text).toBe('{"name":"R","type":"record","fields":[{"name":"d","type":"double","order":"ASCENDING","default":1.0}]}');
  });
});

describe('parse errors (42201 detail)', () => {
  it.each([
    ['AVRO', '{"type":"record","name":"R"}', 'Record has no fields: {"type":"record","name":"R"}'],
    ['AVRO', '{"type":"recordx","name":"R","fields":[]}', 'A schema "type" MUST be a primitive type or one of "enum", "fixed", "record", "error", "array" or "map".'],
    ['AVRO', '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"long"}]}', 'Duplicate field a in record R: a type:LONG pos:1 and a type:INT pos:0.'],
    ['AVRO', '["int","int"]', 'Duplicate in union:int'],
    ['AVRO', '{"type":"enum","name":"E","symbols":["A","A"]}', 'Duplicate enum symbol: A'],
    ['AVRO', '{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]}', 'Invalid default for field a: "x" not a "int"'],
    ['AVRO', '{"type":"record","name":"1R","fields":[]}', 'Illegal initial character: 1R'],
    ['AVRO', 'nope', 'Invalid JSON: Unexpected character "n" at position 0'],
    ['AVRO', '{"type":"fixed","name":"F","size":4.0}', 'Invalid or no size: {"type":"fixed","name":"F","size":4.0}'],
    ['AVRO', '{"type":"record","name":"R","fields":[{"name":"d","type":"int","default":1.0}]}', 'Invalid default for field d: 1.0 not a "int"'],
  ] as const)('%s %s', (type, text, message) => {
    const r = parseSchema(type, text);
    expect(r).toBeInstanceOf(SchemaParseError);
    expect((r as SchemaParseError).message).toBe(message);
  });

  it('Protobuf syntax errors and unresolved imports are parse errors', () => {
    expect(parseSchema('PROTOBUF', 'message M { int32 a = 1; ')).toBeInstanceOf(SchemaParseError);
    expect((parseSchema('PROTOBUF', 'syntax = "proto3"; import "other.proto"; message M { Other o = 1; }') as SchemaParseError).message).toBe('Cannot resolve import "other.proto": no reference of that name');
  });

  it('a JSON schema that ajv refuses is a parse error', () => {
    expect(parseSchema('JSON', '{"type":"strin"}')).toBeInstanceOf(SchemaParseError);
    expect(parseSchema('JSON', '[1]')).toBeInstanceOf(SchemaParseError);
  });
});

describe('Protobuf canonical text, references and message indexes', () => {
  const text = 'syntax = "proto3";\n// comment\npackage p;   import "google/protobuf/timestamp.proto";\nmessage A { string s = 1; google.protobuf.Timestamp t = 2; message Inner { int32 x = 1; } }\nenum E { Z = 0; }\nmessage B { oneof o { string a = 1; int32 b = 2; } map<string, int64> m = 3; }';

  it("prints Confluent's layout whatever the input formatting (messages, then enums; sections set off by blank lines)", () => {
    const s = parse('PROTOBUF', text);
    expect(s.canonical()).toBe(
      'syntax = "proto3";\npackage p;\n\nimport "google/protobuf/timestamp.proto";\n\nmessage A {\n  string s = 1;\n  google.protobuf.Timestamp t = 2;\n\n  message Inner {\n    int32 x = 1;\n  }\n}\nmessage B {\n  map<string, int64> m = 3;\n\n  oneof o {\n    string a = 1;\n    int32 b = 2;\n  }\n}\nenum E {\n  Z = 0;\n}\n',
    );
    expect(parse('PROTOBUF', s.canonical()).canonical()).toBe(s.canonical());
  });

  it('prints proto2 labels, options (one in brackets, several one per line, default last) and reserved ranges', () => {
    const s = parse('PROTOBUF', 'syntax = "proto2"; message M { optional int32 a = 1 [default = 5, deprecated = true]; optional string s = 2 [default = "x"]; repeated int32 r = 3 [packed = true]; enum E { reserved 3; X = 0 [deprecated = true]; } reserved 10 to 20, 30; }');
    expect(s.canonical()).toBe(
      'syntax = "proto2";\n\nmessage M {\n  reserved 10 to 20, 30;\n\n  optional int32 a = 1 [\n    deprecated = true,\n    default = 5\n  ];\n  optional string s = 2 [default = "x"];\n  repeated int32 r = 3 [packed = true];\n\n  enum E {\n    reserved 3;\n    X = 0 [deprecated = true];\n  }\n}\n',
    );
    // Normalised (no syntax line for proto2) and read back: Wire's canonical printing keeps default last again.
    expect(s.normalize().canonical()).toBe(
      '\nmessage M {\n  reserved 10 to 20, 30;\n\n  optional int32 a = 1 [\n    deprecated = true,\n    default = 5\n  ];\n  optional string s = 2 [default = "x"];\n  repeated int32 r = 3 [packed = true];\n\n  enum E {\n    reserved 3;\n    X = 0 [deprecated = true];\n  }\n}\n',
    );
  });

  it('normalising sorts fields by number and qualifies type names', () => {
    const s = parse('PROTOBUF', 'syntax = "proto3"; package p; message N { int32 x = 1; } message M { N b = 2; string a = 1; }');
    expect(s.normalize().canonical()).toBe('syntax = "proto3";\npackage p;\n\nmessage N {\n  int32 x = 1;\n}\nmessage M {\n  string a = 1;\n  .p.N b = 2;\n}\n');
  });

  it('resolves imports from references and finds messages by Confluent message indexes', () => {
    const ref: ResolvedReference = { name: 'dep.proto', subject: 'dep', version: 1, schema: 'syntax = "proto3"; package d; message Dep { int32 v = 1; }' };
    const s = parse('PROTOBUF', 'syntax = "proto3"; package p; import "dep.proto"; message A { d.Dep dep = 1; message Inner { string z = 1; } } message B { int32 y = 1; }', [ref]) as ProtobufParsedSchema;
    expect(s.messageAt([])?.fullName).toBe('.p.A');
    expect(s.messageAt([1])?.fullName).toBe('.p.B');
    expect(s.messageAt([0, 0])?.fullName).toBe('.p.A.Inner');
    expect(s.messageAt([2])).toBeNull();
    expect(s.indexesOf('p.A.Inner')).toEqual([0, 0]);
    const codec = s.codec([0]);
    const bytes = codec.encode({ dep: { v: 7 } });
    expect(codec.toObject(codec.decode(bytes))).toEqual({ dep: { v: 7 } });
  });
});

describe('Protobuf schemas as serialised descriptors (what confluent-kafka-python registers)', () => {
  // google/protobuf/timestamp.proto's FileDescriptorProto as Python's protobuf 6 serialises it (protoc output, file options included).
  const TIMESTAMP_B64 = 'Ch9nb29nbGUvcHJvdG9idWYvdGltZXN0YW1wLnByb3RvEg9nb29nbGUucHJvdG9idWYiOwoJVGltZXN0YW1wEhgKB3NlY29uZHMYASABKANSB3NlY29uZHMSFAoFbmFub3MYAiABKAVSBW5hbm9zQoUBChNjb20uZ29vZ2xlLnByb3RvYnVmQg5UaW1lc3RhbXBQcm90b1ABWjJnb29nbGUuZ29sYW5nLm9yZy9wcm90b2J1Zi90eXBlcy9rbm93bi90aW1lc3RhbXBwYvgBAaICA0dQQqoCHkdvb2dsZS5Qcm90b2J1Zi5XZWxsS25vd25UeXBlc2IGcHJvdG8z';

  it('reads a base64 FileDescriptorProto as the .proto text it describes', () => {
    expect(parse('PROTOBUF', TIMESTAMP_B64).canonical()).toBe('syntax = "proto3";\npackage google.protobuf;\n\nmessage Timestamp {\n  int64 seconds = 1;\n  int32 nanos = 2;\n}\n');
  });

  it('writes a schema as its descriptor (maps as entry types, oneofs, proto3 optional) and reads it back to the same structure', () => {
    const text = 'syntax = "proto3"; package p; import "google/protobuf/timestamp.proto"; message A { string s = 1; map<string, int32> m_x = 2; oneof o { int32 x = 3; string y = 7; } optional int32 opt = 4; repeated B bs = 5; google.protobuf.Timestamp t = 6; enum E { Z = 0; Q = 1; } E e = 8; } message B { int64 v = 1; }';
    const s = parse('PROTOBUF', text) as ProtobufParsedSchema;
    const back = parse('PROTOBUF', s.serialized('p.proto')) as ProtobufParsedSchema;
    expect(back.canonical()).toBe(
      'syntax = "proto3";\npackage p;\n\nimport "google/protobuf/timestamp.proto";\n\nmessage A {\n  string s = 1;\n  map<string, int32> m_x = 2;\n  optional int32 opt = 4;\n  repeated .p.B bs = 5;\n  .google.protobuf.Timestamp t = 6;\n  .p.A.E e = 8;\n\n  oneof o {\n    int32 x = 3;\n    string y = 7;\n  }\n\n  enum E {\n    Z = 0;\n    Q = 1;\n  }\n}\nmessage B {\n  int64 v = 1;\n}\n',
    );
    // A message Python's protobuf wrote from this very descriptor (pool.Add(FileDescriptorProto)): s, m_x, opt, bs, t, y, e.
    const fromPython = Buffer.from('0a02686912050a016b100320052a020809320208643a037768794001', 'hex');
    const codec = back.codec([0]);
    expect(codec.toObject(codec.decode(fromPython))).toEqual({ s: 'hi', m_x: { k: 3 }, opt: 5, bs: [{ v: '9' }], t: { seconds: '100', nanos: 0 }, y: 'why', e: 'Q' });
    expect(checkCompatibility(back, [s], 'FULL')).toEqual([]);
  });

  it('text that is neither .proto nor a descriptor stays a parse error', () => {
    expect(parseSchema('PROTOBUF', 'message {')).toBeInstanceOf(SchemaParseError);
    expect(parseSchema('PROTOBUF', 'bm90IGEgZGVzY3JpcHRvcg==')).toBeInstanceOf(SchemaParseError);
  });
});

describe('JSON Schema canonical and normalised text', () => {
  it('is compact Jackson output: key order kept, numbers keep their kind; normalising sorts keys', () => {
    const s = parse('JSON', '{ "type": "object",\n  "properties": { "b": {"type":"number","maximum": 1.0}, "a": {"type":"string"} } }');
    expect(s.canonical()).toBe('{"type":"object","properties":{"b":{"type":"number","maximum":1.0},"a":{"type":"string"}}}');
    expect(s.normalize().canonical()).toBe('{"properties":{"a":{"type":"string"},"b":{"maximum":1.0,"type":"number"}},"type":"object"}');
  });
});

describe('codecs', () => {
  it('Avro decodes a slice of a larger buffer in place and round-trips', () => {
    const s = parse('AVRO', '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":["null","string"]}]}') as AvroParsedSchema;
    const codec = s.codec();
    expect(s.codec()).toBe(codec);
    const body = codec.encode({ a: 5, b: { string: 'hi' } });
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), body]);
    expect(codec.decode(frame.subarray(5))).toEqual({ a: 5, b: { string: 'hi' } });
    const errors: string[] = [];
    expect(codec.isValid({ a: 'x', b: null }, errors)).toBe(false);
    expect(errors).toEqual(['a']);
  });

  it('Avro codec resolves referenced named types', () => {
    const ref: ResolvedReference = { name: 'n.Addr', subject: 'addr', version: 1, schema: '{"type":"record","name":"Addr","namespace":"n","fields":[{"name":"s","type":"string"}]}' };
    const s = parse('AVRO', '{"type":"record","name":"P","namespace":"n","fields":[{"name":"a","type":"Addr"}]}', [ref]) as AvroParsedSchema;
    expect(s.codec().decode(s.codec().encode({ a: { s: 'x' } }))).toEqual({ a: { s: 'x' } });
  });

  it('JSON Schema validates with $ref to a reference', () => {
    const ref: ResolvedReference = { name: 'addr.json', subject: 'addr', version: 1, schema: '{"type":"object","properties":{"s":{"type":"string"}},"required":["s"]}' };
    const s = parse('JSON', '{"type":"object","properties":{"a":{"$ref":"addr.json"}}}', [ref]) as JsonParsedSchema;
    expect(s.codec().validate({ a: { s: 'x' } })).toBeNull();
    expect(s.codec().validate({ a: {} })).toBe("/a must have required property 's'");
    expect(s.normalize().canonical()).toBe('{"properties":{"a":{"$ref":"addr.json"}},"type":"object"}');
  });
});
