// Decoding untrusted bytes: every failure must be a ProtocolDecodeError (never a RangeError,
// TypeError or a huge allocation), and decoding must always terminate.
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ProtocolDecodeError } from '../../src/protocol/codec/errors.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { messages, type MessageCodec } from '../../src/protocol/generated/index.js';
import { decodeApiVersionsRequest } from '../../src/protocol/generated/messages/api-versions-request.js';
import { decodeApiVersionsResponse } from '../../src/protocol/generated/messages/api-versions-response.js';
import { decodeFetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { decodeJoinGroupRequest } from '../../src/protocol/generated/messages/join-group-request.js';
import { decodeMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { decodeRequestHeader } from '../../src/protocol/generated/messages/request-header.js';
import { messageArbitrary, schema } from '../helpers/arbitrary.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const str16 = (s: string): string => Buffer.from([0, s.length]).toString('hex') + Buffer.from(s).toString('hex');

function decodeError(fn: () => unknown): ProtocolDecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolDecodeError) return e;
    throw new Error(`expected ProtocolDecodeError, got ${String(e)}`);
  }
  throw new Error('expected ProtocolDecodeError, but decoding succeeded');
}

function codecOf(name: string): MessageCodec {
  const c = messages.get(name);
  if (c === undefined) throw new Error(name);
  return c;
}

const samples = new Map<string, Buffer>();

/** One deterministic, non-trivial encoded sample per message version and seed (memoized). */
function sample(name: string, v: number, seed: number): Buffer {
  const key = `${name}/${v}/${seed}`;
  let bytes = samples.get(key);
  if (bytes === undefined) {
    bytes = makeSample(name, v, seed);
    samples.set(key, bytes);
  }
  return bytes;
}

function makeSample(name: string, v: number, seed: number): Buffer {
  const m = schema.find((s) => s.name === name);
  if (m === undefined) throw new Error(name);
  const values = fc.sample(messageArbitrary(m, v), { numRuns: 4, seed });
  const encoded = values.map((value) => {
    const w = new Writer();
    codecOf(name).encode(w, value, v);
    return w.toBuffer();
  });
  return encoded.reduce((a, b) => (b.length > a.length ? b : a));
}

describe('truncated input', () => {
  it('fails with ProtocolDecodeError at every truncation point, for every message version', () => {
    // Stack traces dominate the cost of ~10^5 expected throws.
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    onTestFinished(() => {
      Error.stackTraceLimit = stackLimit;
    });
    let checked = 0;
    for (const m of schema) {
      const codec = codecOf(m.name);
      for (let v = m.validVersions[0]; v <= m.validVersions[1]; v++) {
        const bytes = sample(m.name, v, 0);
        const full = new Reader(bytes);
        codec.decode(full, v);
        expect(full.remaining).toBe(0);
        for (let k = 0; k < bytes.length; k++) {
          // A fresh copy, so nothing can read past the cut through the parent buffer.
          const cut = Buffer.from(bytes.subarray(0, k));
          decodeError(() => codec.decode(new Reader(cut), v));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });
});

describe('corrupted input', () => {
  it('random byte corruption either decodes or throws ProtocolDecodeError', () => {
    const targets = schema.flatMap((m) => [m.validVersions[0], m.validVersions[1]].map((v) => ({ name: m.name, v })));
    fc.assert(
      fc.property(
        fc.constantFrom(...targets),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 2 }),
        ({ name, v }, edits, seed) => {
          const bytes = Buffer.from(sample(name, v, seed));
          if (bytes.length === 0) return;
          for (const [pos, value] of edits) bytes[pos % bytes.length] = value;
          try {
            codecOf(name).decode(new Reader(bytes), v);
          } catch (e) {
            if (!(e instanceof ProtocolDecodeError)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random garbage never escapes as another exception type', () => {
    const all = [...messages.values()].flatMap((c) => [c.min, c.max].map((v) => ({ c, v })));
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.uint8Array({ maxLength: 64 }), ({ c, v }, garbage) => {
        try {
          c.decode(new Reader(Buffer.from(garbage)), v);
        } catch (e) {
          if (!(e instanceof ProtocolDecodeError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('hostile lengths and varints', () => {
  it('rejects negative string lengths (other than -1 where nullable) and null non-nullable strings', () => {
    // RequestHeader v1: key, version, correlation id, then client id length -2.
    expect(decodeError(() => decodeRequestHeader(new Reader(hex('0003 0001 00000001 fffe')), 1)).message).toMatch(/length -2/);
    // JoinGroup v0 group id is not nullable: -1 is an error too.
    decodeError(() => decodeJoinGroupRequest(new Reader(hex('ffff 00007530 0000 0000 00000000')), 0));
  });

  it('rejects string and bytes lengths beyond the frame', () => {
    decodeError(() => decodeRequestHeader(new Reader(hex('0003 0001 00000001 0064 6162636465')), 1));
    // JoinGroup v0, one protocol whose metadata claims 1000 bytes (and one with a negative length).
    const head = `${str16('g')} 00007530 ${str16('')} ${str16('consumer')} 00000001 ${str16('range')}`;
    decodeError(() => decodeJoinGroupRequest(new Reader(hex(`${head} 000003e8 0102`)), 0));
    expect(decodeError(() => decodeJoinGroupRequest(new Reader(hex(`${head} fffffffb`)), 0)).message).toMatch(/length -5/);
  });

  it('rejects huge or negative array counts before allocating', () => {
    // MetadataResponse v0: brokers count 0x7fffffff with 10 bytes left.
    const e = decodeError(() => decodeMetadataResponse(new Reader(hex(`7fffffff ${'00'.repeat(10)}`)), 0));
    expect(e.message).toMatch(/array length 2147483647/);
    decodeError(() => decodeMetadataResponse(new Reader(hex('fffffffe 00000000')), 0));
    // MetadataRequest v0 topics are not nullable.
    expect(decodeError(() => decodeMetadataRequest(new Reader(hex('ffffffff')), 0)).message).toMatch(/null for non-nullable MetadataRequest.topics/);
    // Flexible (compact) count: uvarint 0xfffffffe + 1 elements with 3 bytes left.
    decodeError(() => decodeMetadataRequest(new Reader(hex('ffffffff0f 000000')), 12));
    // FetchResponse v4: responses count large enough to exhaust memory if trusted.
    decodeError(() => decodeFetchResponse(new Reader(hex(`00000000 10000000 ${'00'.repeat(10)}`)), 4));
  });

  it('rejects malformed varints', () => {
    // ApiVersionsRequest v3: compact string length as a 6-byte uvarint, and one overflowing 32 bits.
    expect(decodeError(() => decodeApiVersionsRequest(new Reader(hex('ffffffffff01 00')), 3)).message).toMatch(/varint/);
    decodeError(() => decodeApiVersionsRequest(new Reader(hex('ffffffff7f 00')), 3));
    decodeError(() => decodeApiVersionsRequest(new Reader(hex('8080')), 3));
    // A compact null (0) where the string is not nullable.
    expect(decodeError(() => decodeApiVersionsRequest(new Reader(hex('00 00 00')), 3)).message).toMatch(/null/);
  });

  it('rejects tagged sections that overrun the frame', () => {
    const head = '0000 01 00000000'; // ApiVersionsResponse v3 up to its tag section
    decodeError(() => decodeApiVersionsResponse(new Reader(hex(`${head} 01 09 7f 00`)), 3)); // unknown tag, size 127
    decodeError(() => decodeApiVersionsResponse(new Reader(hex(`${head} 01 01 20 0000`)), 3)); // known tag 1, size 32
    decodeError(() => decodeApiVersionsResponse(new Reader(hex(`${head} ffffffff0f 0100`)), 3)); // 2^32-1 tags
    decodeError(() => decodeApiVersionsResponse(new Reader(hex(`${head} 01 01 04 00000000`)), 3)); // int64 in 4 bytes
  });
});
