// console-consumer's Avro JSON writer (core/serde/avro-json.ts) against JSON.stringify of the same
// decoded value (bytes as one char per byte, unions wrapped as avsc decodes them): every type, and
// strings that need escaping (quotes, backslashes, control characters, lone and paired surrogates).
import { describe, expect, it } from 'vitest';
import { avroJsonWriter } from '../../../src/core/serde/avro-json.js';
import { AvroParsedSchema, parseSchema } from '../../../src/schema/index.js';

const SCHEMA = {
  type: 'record',
  name: 'All',
  namespace: 't',
  fields: [
    { name: 'n', type: 'null' },
    { name: 'b', type: 'boolean' },
    { name: 'i', type: 'int' },
    { name: 'l', type: 'long' },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'by', type: 'bytes' },
    { name: 'fx', type: { type: 'fixed', name: 'F2', size: 2 } },
    { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'] } },
    { name: 'a', type: { type: 'array', items: 'string' } },
    { name: 'm', type: { type: 'map', values: 'int' } },
    { name: 'u', type: ['null', 'string', 'int'] },
    { name: 'next', type: ['null', 'All'], default: null },
  ],
};

const parsed = parseSchema('AVRO', JSON.stringify(SCHEMA));
if (!(parsed instanceof AvroParsedSchema)) throw new Error('schema');
const codec = parsed.codec();
const write = avroJsonWriter(codec.type);
const reference = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && (x as { type?: string }).type === 'Buffer' ? Buffer.from((x as { data: number[] }).data).toString('latin1') : x));

describe('avroJsonWriter', () => {
  it.each([
    ['plain', 'hello'],
    ['quote and backslash', 'a"b\\c'],
    ['control characters', 'tab\there\nnul\u0000'],
    ['emoji (a surrogate pair)', 'ok 😀'],
    ['a lone surrogate', 'x\ud800y'],
    ['non-ASCII', 'Grüße, 東京'],
  ])('writes what JSON.stringify writes: %s', (_name, s) => {
    const value = {
      n: null,
      b: true,
      i: -7,
      l: 1_700_000_000_123,
      f: 1.5,
      d: Number.NaN,
      s,
      by: Buffer.from([0, 0x22, 0x5c, 0x7f, 0xff]),
      fx: Buffer.from([1, 2]),
      e: 'B',
      a: [s, 'x'],
      m: { [s]: 1, k: 2 },
      u: { string: s },
      next: { 't.All': { n: null, b: false, i: 0, l: 0, f: 0, d: 0, s: '', by: Buffer.alloc(0), fx: Buffer.from([9, 9]), e: 'A', a: [], m: {}, u: { int: 3 }, next: null } },
    };
    const decoded = codec.decode(codec.encode(value));
    const text = write(decoded);
    expect(text).toBe(reference(decoded));
    // (A lone surrogate does not survive UTF-8: the codec reads back replacement characters.)
    const back = (decoded as { s: string }).s;
    expect(JSON.parse(text)).toMatchObject({ s: back, u: { string: back }, next: { 't.All': { u: { int: 3 } } } });
  });
});
