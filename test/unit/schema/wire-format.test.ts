import { describe, expect, it } from 'vitest';
import { WireFormatError, decodeWire, encodeMessageIndexes, encodeWire, wireSchemaId } from '../../../src/schema/wire-format.js';

describe('Confluent wire format', () => {
  it('writes magic byte 0, the id big-endian, then the payload', () => {
    expect(encodeWire(258, Buffer.from('ab'))).toEqual(Buffer.from([0, 0, 0, 1, 2, 0x61, 0x62]));
  });

  it('reads the id and the payload as a view of the same memory (no copy)', () => {
    const buf = Buffer.from([0, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3]);
    const w = decodeWire(buf, false);
    expect(w.schemaId).toBe(2147483647);
    expect(w.messageIndexes).toBeNull();
    expect([...w.payload]).toEqual([1, 2, 3]);
    expect(w.payload.buffer).toBe(buf.buffer);
    expect(w.payload.byteOffset).toBe(buf.byteOffset + 5);
  });

  it('Protobuf message indexes: [0] is the single byte 0, others a zigzag count and zigzag indexes', () => {
    expect([...encodeMessageIndexes([0])]).toEqual([0]);
    expect([...encodeMessageIndexes([1])]).toEqual([2, 2]);
    expect([...encodeMessageIndexes([0, 2])]).toEqual([4, 0, 4]);
    expect([...encodeMessageIndexes([64])]).toEqual([2, 0x80, 0x01]);
    for (const idx of [[0], [1], [3, 0, 7], [64], [1000, 2]]) {
      const buf = encodeWire(9, Buffer.from([0x0a, 0x01, 0x61]), idx);
      const w = decodeWire(buf, true);
      expect(w).toMatchObject({ schemaId: 9, messageIndexes: idx });
      expect([...w.payload]).toEqual([0x0a, 0x01, 0x61]);
    }
  });

  it('refuses a foreign magic byte, a short value and a truncated index array with one line each', () => {
    expect(() => wireSchemaId(Buffer.from('plain'))).toThrow(new WireFormatError('unknown magic byte 112 (the Confluent wire format starts with 0)'));
    expect(() => wireSchemaId(Buffer.from([0, 0, 1]))).toThrow(new WireFormatError('not in the Confluent wire format: 3 byte(s), shorter than the 5-byte header'));
    expect(() => decodeWire(Buffer.from([0, 0, 0, 0, 1, 4, 0]), true)).toThrow(new WireFormatError('truncated Protobuf message-index array'));
    expect(() => decodeWire(Buffer.from([0, 0, 0, 0, 1, 3]), true)).toThrow(new WireFormatError('bad Protobuf message-index count -2'));
  });
});
