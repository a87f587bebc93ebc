// Reader/writer pairs with the incompatibilities (kind and JSON-pointer location) Avro's Java
// SchemaCompatibility reports for them, shared by the unit matrix and the Java reference test.
const rec = (fields: unknown[], extra: Record<string, unknown> = {}): unknown => ({ type: 'record', name: 'R', namespace: 'ns', fields, ...extra });
const f = (name: string, type: unknown, extra: Record<string, unknown> = {}): unknown => ({ name, type, ...extra });
const en = (symbols: string[], extra: Record<string, unknown> = {}): unknown => ({ type: 'enum', name: 'E', symbols, ...extra });
const fx = (size: number, name = 'F'): unknown => ({ type: 'fixed', name, size });

export interface AvroPair {
  name: string;
  reader: unknown;
  writer: unknown;
  /** "KIND /location" per incompatibility, in Avro's order. */
  expected: string[];
}

export const AVRO_PAIRS: AvroPair[] = [
  { name: 'identical records', reader: rec([f('a', 'int')]), writer: rec([f('a', 'int')]), expected: [] },
  { name: 'reader field without default missing in writer', reader: rec([f('a', 'int'), f('b', 'string')]), writer: rec([f('a', 'int')]), expected: ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/1'] },
  { name: 'reader field with default missing in writer', reader: rec([f('a', 'int'), f('b', 'string', { default: '' })]), writer: rec([f('a', 'int')]), expected: [] },
  { name: 'writer field removed in reader', reader: rec([f('a', 'int')]), writer: rec([f('a', 'int'), f('b', 'string')]), expected: [] },
  { name: 'int read as long', reader: rec([f('a', 'long')]), writer: rec([f('a', 'int')]), expected: [] },
  { name: 'int read as float', reader: rec([f('a', 'float')]), writer: rec([f('a', 'int')]), expected: [] },
  { name: 'long read as double', reader: rec([f('a', 'double')]), writer: rec([f('a', 'long')]), expected: [] },
  { name: 'float read as double', reader: rec([f('a', 'double')]), writer: rec([f('a', 'float')]), expected: [] },
  { name: 'long read as int', reader: rec([f('a', 'int')]), writer: rec([f('a', 'long')]), expected: ['TYPE_MISMATCH /fields/0/type'] },
  { name: 'double read as float', reader: rec([f('a', 'float')]), writer: rec([f('a', 'double')]), expected: ['TYPE_MISMATCH /fields/0/type'] },
  { name: 'string read as bytes', reader: rec([f('a', 'bytes')]), writer: rec([f('a', 'string')]), expected: [] },
  { name: 'bytes read as string', reader: rec([f('a', 'string')]), writer: rec([f('a', 'bytes')]), expected: [] },
  { name: 'string read as int', reader: rec([f('a', 'int')]), writer: rec([f('a', 'string')]), expected: ['TYPE_MISMATCH /fields/0/type'] },
  { name: 'enum symbol added in reader', reader: en(['A', 'B', 'C']), writer: en(['A', 'B']), expected: [] },
  { name: 'enum symbol removed in reader', reader: en(['A']), writer: en(['A', 'C', 'B']), expected: ['MISSING_ENUM_SYMBOLS /symbols'] },
  { name: 'enum symbol removed, reader has a default', reader: en(['A'], { default: 'A' }), writer: en(['A', 'B']), expected: [] },
  { name: 'enum renamed', reader: { type: 'enum', name: 'E2', symbols: ['A'] }, writer: en(['A']), expected: ['NAME_MISMATCH /name'] },
  { name: 'enum renamed with an alias', reader: { type: 'enum', name: 'E2', aliases: ['E'], symbols: ['A'] }, writer: en(['A']), expected: [] },
  { name: 'fixed size changed', reader: fx(8), writer: fx(4), expected: ['FIXED_SIZE_MISMATCH /size'] },
  { name: 'fixed renamed and resized', reader: fx(8, 'G'), writer: fx(4), expected: ['NAME_MISMATCH /name', 'FIXED_SIZE_MISMATCH /size'] },
  { name: 'record renamed', reader: { type: 'record', name: 'S', namespace: 'ns', fields: [] }, writer: rec([]), expected: ['NAME_MISMATCH /name'] },
  { name: 'record namespace changed (names compare unqualified)', reader: { type: 'record', name: 'R', namespace: 'other', fields: [] }, writer: rec([]), expected: [] },
  { name: 'record renamed with an alias', reader: { type: 'record', name: 'S', namespace: 'ns', aliases: ['R'], fields: [] }, writer: rec([]), expected: [] },
  { name: 'field renamed with a field alias', reader: rec([f('b', 'int', { aliases: ['a'] })]), writer: rec([f('a', 'int')]), expected: [] },
  { name: 'union branch added in reader', reader: rec([f('a', ['null', 'string', 'int'])]), writer: rec([f('a', ['null', 'string'])]), expected: [] },
  { name: 'union branch removed in reader', reader: rec([f('a', ['null', 'string'])]), writer: rec([f('a', ['null', 'string', 'int'])]), expected: ['MISSING_UNION_BRANCH /fields/0/type/2'] },
  { name: 'plain type read as a union containing it', reader: rec([f('a', ['null', 'string'])]), writer: rec([f('a', 'string')]), expected: [] },
  { name: 'plain type read as a union without it', reader: rec([f('a', ['null', 'int'])]), writer: rec([f('a', 'string')]), expected: ['MISSING_UNION_BRANCH /fields/0/type'] },
  { name: 'union read as a plain type matching every branch', reader: rec([f('a', 'double')]), writer: rec([f('a', ['int', 'long'])]), expected: [] },
  { name: 'union read as a plain type missing a branch', reader: rec([f('a', 'string')]), writer: rec([f('a', ['null', 'string'])]), expected: ['TYPE_MISMATCH /fields/0/type/0'] },
  { name: 'array items promoted', reader: { type: 'array', items: 'long' }, writer: { type: 'array', items: 'int' }, expected: [] },
  { name: 'array items incompatible', reader: { type: 'array', items: 'int' }, writer: { type: 'array', items: 'string' }, expected: ['TYPE_MISMATCH /items'] },
  { name: 'map values incompatible', reader: { type: 'map', values: 'boolean' }, writer: { type: 'map', values: 'int' }, expected: ['TYPE_MISMATCH /values'] },
  { name: 'array read as map', reader: { type: 'map', values: 'int' }, writer: { type: 'array', items: 'int' }, expected: ['TYPE_MISMATCH /'] },
  {
    name: 'nested record field missing a default',
    reader: rec([f('inner', { type: 'record', name: 'I', fields: [f('x', 'int'), f('y', 'int')] })]),
    writer: rec([f('inner', { type: 'record', name: 'I', fields: [f('x', 'int')] })]),
    expected: ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/0/type/fields/1'],
  },
  {
    name: 'a named type used twice repeats its first finding (memoised)',
    reader: rec([f('p', { type: 'record', name: 'I', fields: [f('x', 'int')] }), f('q', 'I')]),
    writer: rec([f('p', { type: 'record', name: 'I', fields: [f('x', 'string')] }), f('q', 'I')]),
    expected: ['TYPE_MISMATCH /fields/0/type/fields/0/type', 'TYPE_MISMATCH /fields/0/type/fields/0/type'],
  },
  {
    name: 'recursive record',
    reader: rec([f('v', 'int'), f('next', ['null', 'R'], { default: null })]),
    writer: rec([f('v', 'int'), f('next', ['null', 'R'], { default: null })]),
    expected: [],
  },
  { name: 'several findings in field order', reader: rec([f('a', 'int'), f('b', 'string'), f('c', 'boolean')]), writer: rec([f('a', 'string'), f('c', 'int')]), expected: ['TYPE_MISMATCH /fields/0/type', 'READER_FIELD_MISSING_DEFAULT_VALUE /fields/1', 'TYPE_MISMATCH /fields/2/type'] },
  { name: 'reader enum field with a symbol default missing in writer (checked against the writer record)', reader: rec([f('e', en(['A'], { default: 'A' }))]), writer: rec([]), expected: ['TYPE_MISMATCH /fields/0/type'] },
  {
    name: 'a forward-referenced enum used twice repeats its finding',
    reader: rec([f('a', 'E'), f('b', en(['X']))]),
    writer: rec([f('a', 'E'), f('b', en(['X', 'Y']))]),
    expected: ['MISSING_ENUM_SYMBOLS /fields/0/type/symbols', 'MISSING_ENUM_SYMBOLS /fields/0/type/symbols'],
  },
  {
    name: 'a forward-referenced enum used twice repeats its finding',
    reader: rec([f('a', 'E'), f('b', en(['X']))]),
    writer: rec([f('a', 'E'), f('b', en(['X', 'Y']))]),
    expected: ['MISSING_ENUM_SYMBOLS /fields/0/type/symbols', 'MISSING_ENUM_SYMBOLS /fields/0/type/symbols'],
  },
];
