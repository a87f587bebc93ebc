// dump-log -o json: int64 values stay exact (beyond 2^53) and the coordinator decoders' JSON text
// becomes objects, a tombstone's "<DELETE>" null, an error message a string.
import { describe, expect, it } from 'vitest';
import { recordJson, stringifyDocument } from '../../../src/core/dump-log/report-json.js';

describe('dump-log JSON document', () => {
  it('prints bigints as their exact digits, two-space indented', () => {
    expect(stringifyDocument({ a: 9007199254740993n, b: [-9223372036854775808n], s: 'x' })).toBe('{\n  "a": 9007199254740993,\n  "b": [\n    -9223372036854775808\n  ],\n  "s": "x"\n}\n');
  });

  it('turns the coordinator decoders\' output into JSON values', () => {
    const record = { offset: 7n, offsetDelta: 0, timestamp: 5n, key: Buffer.from('k'), value: null, headers: [] };
    expect(recordJson({ record, parsed: { key: '{"type":"1","data":{"group":"g"}}', payload: '<DELETE>' }, coordinator: true, printData: true })).toEqual({
      offset: 7n,
      timestamp: 5n,
      keySize: 1,
      valueSize: -1,
      key: { type: '1', data: { group: 'g' } },
      value: null,
    });
    expect(recordJson({ record, parsed: { key: 'Unknown record type 99 at offset 7, skipping.' }, coordinator: true, printData: true })['key']).toBe('Unknown record type 99 at offset 7, skipping.');
    expect(recordJson({ record, parsed: { key: '{not json' }, coordinator: false, printData: true })['key']).toBe('{not json');
  });
});
