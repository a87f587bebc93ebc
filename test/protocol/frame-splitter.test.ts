import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../src/protocol/codec/errors.js';
import { FrameSizeError, FrameSplitter } from '../../src/protocol/codec/frame.js';

function framed(body: Buffer): Buffer {
  const b = Buffer.alloc(4 + body.length);
  b.writeInt32BE(body.length, 0);
  body.copy(b, 4);
  return b;
}

/** Cuts `stream` at the given (sorted, deduplicated) positions. */
function cut(stream: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (stream.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, stream.length]) {
    out.push(stream.subarray(prev, p));
    prev = p;
  }
  return out;
}

describe('FrameSplitter', () => {
  it('returns the same frames however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (bodies, cuts) => {
          const stream = Buffer.concat(bodies.map((b) => framed(Buffer.from(b))));
          const s = new FrameSplitter();
          const got: Buffer[] = [];
          for (const c of cut(stream, cuts)) {
            for (const f of s.push(c)) got.push(Buffer.from(f));
          }
          expect(got.map((b) => b.toString('hex'))).toEqual(bodies.map((b) => Buffer.from(b).toString('hex')));
          expect(s.buffered).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns a frame inside one chunk as a slice of it', () => {
    const chunk = Buffer.concat([framed(Buffer.from('ab')), framed(Buffer.from('cde'))]);
    const [a, b] = new FrameSplitter().push(chunk);
    expect(a?.buffer).toBe(chunk.buffer);
    expect(b?.toString()).toBe('cde');
    expect(b?.byteOffset).toBe(chunk.byteOffset + 10);
  });

  it('counts buffered bytes of a partial prefix and a partial body', () => {
    const s = new FrameSplitter();
    const stream = framed(Buffer.from('hello'));
    expect(s.push(stream.subarray(0, 2))).toEqual([]);
    expect(s.buffered).toBe(2);
    expect(s.push(stream.subarray(2, 6))).toEqual([]);
    expect(s.buffered).toBe(6);
    expect(s.push(stream.subarray(6)).map((f) => f.toString())).toEqual(['hello']);
    expect(s.buffered).toBe(0);
  });

  it('rejects negative and oversized sizes, also when the prefix spans chunks', () => {
    expect(() => new FrameSplitter(100).push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(ProtocolDecodeError);
    const s = new FrameSplitter(100);
    expect(s.push(Buffer.from([0, 0]))).toEqual([]);
    expect(() => s.push(Buffer.from([0, 101]))).toThrow(/frame size 101 outside 0..100/);
  });

  it('checks every size prefix against the limit in force when it completes (a changed maxFrameBytes)', () => {
    const s = new FrameSplitter(1000);
    // A frame and the next prefix in one chunk: the second prefix is checked too.
    s.maxFrameBytes = 10;
    const err = ((): unknown => {
      try {
        s.push(Buffer.concat([framed(Buffer.from('abc')), Buffer.from([0, 0, 0, 11])]));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(FrameSizeError);
    expect(err).toMatchObject({ size: 11, message: 'frame size 11 outside 0..10 at byte 7' });
    // A prefix split across chunks is checked with the limit set before its last byte arrived.
    const t = new FrameSplitter(10);
    expect(t.push(Buffer.from([0, 0]))).toEqual([]);
    t.maxFrameBytes = 1000;
    expect(t.push(Buffer.from([0, 11]))).toEqual([]);
    expect(t.buffered).toBe(4);
    const u = new FrameSplitter(1000);
    expect(u.push(Buffer.from([0, 0]))).toEqual([]);
    u.maxFrameBytes = 10;
    expect(() => u.push(Buffer.from([0, 11]))).toThrow(/^frame size 11 outside 0..10 at byte 0$/);
  });

  it('assembles a recycled big frame in the same memory, and never reuses memory it was not given back', () => {
    const body = Buffer.alloc(200_000, 7);
    const stream = framed(body);
    const s = new FrameSplitter();
    const first = [...s.push(stream.subarray(0, 70_000)), ...s.push(stream.subarray(70_000))];
    expect(first).toHaveLength(1);
    const f1 = first[0] as Buffer;
    expect(f1.equals(body)).toBe(true);

    // Not recycled: the next frame gets fresh memory and f1 keeps its bytes.
    const body2 = Buffer.alloc(150_000, 9);
    const [f2] = [...s.push(framed(body2).subarray(0, 1000)), ...s.push(framed(body2).subarray(1000))];
    expect(f2?.buffer).not.toBe(f1.buffer);
    expect(f1.equals(body)).toBe(true);

    s.recycle(f1);
    const [f3] = [...s.push(framed(body2).subarray(0, 1000)), ...s.push(framed(body2).subarray(1000))];
    expect(f3?.buffer).toBe(f1.buffer);
    expect(f3?.equals(body2)).toBe(true);
    expect(f2?.equals(body2)).toBe(true);

    // A slice of someone else's chunk is never taken.
    const chunk = framed(Buffer.alloc(100_000, 1));
    const [own] = s.push(chunk);
    s.recycle(own as Buffer);
    const [f4] = [...s.push(framed(body).subarray(0, 10)), ...s.push(framed(body).subarray(10))];
    expect(f4?.buffer).not.toBe(chunk.buffer);
    expect(chunk.readInt32BE(0)).toBe(100_000);
  });

  it('keeps two spares, the largest ones: a batch a little larger than the last, or two in flight, reuse memory', () => {
    const s = new FrameSplitter();
    const spanning = (body: Buffer): Buffer => {
      const stream = framed(body);
      const out = [...s.push(stream.subarray(0, 1000)), ...s.push(stream.subarray(1000))];
      expect(out).toHaveLength(1);
      expect(out[0]?.equals(body)).toBe(true);
      return out[0] as Buffer;
    };
    // 300,000 bytes sit in 5 × 64 KiB = 327,680: a later frame of up to that size fits the same memory.
    const a = spanning(Buffer.alloc(300_000, 1));
    expect(a.buffer.byteLength).toBe(327_680);
    s.recycle(a);
    const b = spanning(Buffer.alloc(320_000, 2));
    expect(b.buffer === a.buffer).toBe(true);
    // Two frames in use at once (the next one assembling while the last is handled) get two stores,
    // and both come back as spares.
    const c = spanning(Buffer.alloc(200_000, 3));
    expect(c.buffer === b.buffer).toBe(false);
    s.recycle(b);
    s.recycle(c);
    const d = spanning(Buffer.alloc(190_000, 4));
    const e = spanning(Buffer.alloc(310_000, 5));
    expect([d.buffer === c.buffer, e.buffer === b.buffer]).toEqual([true, true]);
    expect(e.buffer === b.buffer).toBe(true); // only the larger store holds 310,000 bytes
    // With two spares kept, a third, larger frame's store replaces the smaller spare, not the larger.
    const big = spanning(Buffer.alloc(400_000, 6));
    s.recycle(d);
    s.recycle(e);
    s.recycle(big);
    const f = spanning(Buffer.alloc(390_000, 7));
    const g = spanning(Buffer.alloc(320_000, 8));
    expect(f.buffer === big.buffer).toBe(true);
    expect(g.buffer === e.buffer).toBe(true);
    const h = spanning(Buffer.alloc(190_000, 9));
    expect([big.buffer, e.buffer, d.buffer].some((x) => x === h.buffer)).toBe(false);
    // The spares together stay within 16 MiB: of two 10 MB frames handed back, one is kept.
    const t = new FrameSplitter();
    const tenMb = (fill: number): Buffer => {
      const body = Buffer.alloc(10_000_000, fill);
      const stream = framed(body);
      return [...t.push(stream.subarray(0, 1000)), ...t.push(stream.subarray(1000))][0] as Buffer;
    };
    const m1 = tenMb(1);
    const m2 = tenMb(2);
    t.recycle(m1);
    t.recycle(m2);
    const m3 = tenMb(3);
    const m4 = tenMb(4);
    expect(m3.buffer === m1.buffer).toBe(true);
    expect(m4.buffer === m2.buffer || m4.buffer === m1.buffer).toBe(false);
    // A frame past the 16 MiB bound is exactly its size and never kept.
    const huge = spanning(Buffer.alloc(17 * 1024 * 1024 + 1, 1));
    expect(huge.buffer.byteLength).toBe(17 * 1024 * 1024 + 1);
  });
});
