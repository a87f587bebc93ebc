// Property round-trip of every generated codec at every version: value → bytes → the same value,
// and bytes → value → the same bytes (unknown tagged fields included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { apis, messages, type MessageCodec } from '../../src/protocol/generated/index.js';
import { messageArbitrary, schema } from '../helpers/arbitrary.js';

// A few runs per version keep the suite fast; TKAFKA_FC_RUNS=500 for a deep local check.
const RUNS = Number(process.env['TKAFKA_FC_RUNS'] ?? 6);

function encode(codec: MessageCodec, value: unknown, v: number): Buffer {
  const w = new Writer(64);
  codec.encode(w, value, v);
  return w.toBuffer();
}

function decode(codec: MessageCodec, bytes: Buffer, v: number): unknown {
  const r = new Reader(bytes);
  const out = codec.decode(r, v);
  expect(r.remaining).toBe(0);
  return out;
}

function roundTrip(codec: MessageCodec, value: unknown, v: number): void {
  const bytes = encode(codec, value, v);
  const back = decode(codec, bytes, v);
  expect(back).toStrictEqual(value);
  expect(encode(codec, back, v).equals(bytes)).toBe(true);
}

describe('generated codec registry', () => {
  it('has every API key 0-87 with matching request/response ranges and every spec message', () => {
    expect([...apis.keys()]).toEqual(Array.from({ length: 88 }, (_, i) => i));
    for (const api of apis.values()) {
      expect(api.request.name).toBe(`${api.name}Request`);
      expect(api.response.name).toBe(`${api.name}Response`);
      expect([api.response.min, api.response.max]).toEqual([api.request.min, api.request.max]);
    }
    expect(messages.size).toBe(186);
    expect(schema.map((m) => m.name).sort()).toEqual([...messages.keys()].sort());
    for (const name of ['RequestHeader', 'ResponseHeader', 'ConsumerProtocolSubscription', 'ConsumerProtocolAssignment']) {
      expect(messages.has(name)).toBe(true);
    }
  });
});

describe('generated codecs round-trip at every version', () => {
  for (const m of schema) {
    const [min, max] = m.validVersions;
    it(`${m.name} v${min}-${max}`, () => {
      const codec = messages.get(m.name);
      if (codec === undefined) throw new Error(`no codec for ${m.name}`);
      expect([codec.min, codec.max]).toEqual([min, max]);
      for (let v = min; v <= max; v++) {
        // The all-defaults message (what handlers start from) must encode at every version.
        roundTrip(codec, codec.create(), v);
        fc.assert(
          fc.property(messageArbitrary(m, v), (value) => roundTrip(codec, value, v)),
          { numRuns: RUNS },
        );
      }
    });
  }
});
