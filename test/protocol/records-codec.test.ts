import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { compressFrameSync } from 'lz4-napi';
import { compressSync as snappyRaw } from 'snappy';
import { describe, expect, it } from 'vitest';
import zstdBinding from 'zstd-napi/binding.js';
import {
  COMPRESSION_NAMES,
  CompressionCodec,
  compress,
  compressAsync,
  compressionCodecFromName,
  decompress,
  decompressAsync,
} from '../../src/protocol/records/compression.js';
import { crc32c } from '../../src/protocol/records/crc32c.js';
import { RecordsError } from '../../src/protocol/records/errors.js';

const CODECS = [CompressionCodec.NONE, CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD] as const;

/** Compressible but not trivial: repeated text with random islands. */
function sample(size: number): Buffer {
  const out = Buffer.alloc(size);
  const text = Buffer.from('the quick brown fox jumps over the lazy dog; ');
  for (let i = 0; i < size; i++) out[i] = text[i % text.length] as number;
  for (let i = 0; i < size; i += 997) randomBytes(Math.min(13, size - i)).copy(out, i);
  return out;
}

function expectRecordsError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(RecordsError);
  expect((caught as RecordsError).code).toBe(2);
  expect((caught as RecordsError).message).toMatch(pattern);
}

describe('crc32c', () => {
  it('matches the CRC-32C check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('is unsigned and continues across chunks', () => {
    const data = randomBytes(4096);
    const whole = crc32c(data);
    expect(whole).toBeGreaterThanOrEqual(0);
    expect(crc32c(data.subarray(1000), crc32c(data.subarray(0, 1000)))).toBe(whole);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });
});

describe('compression codecs', () => {
  it('names map both ways', () => {
    for (const c of CODECS) expect(compressionCodecFromName(COMPRESSION_NAMES[c])).toBe(c);
    expect(compressionCodecFromName('brotli')).toBeUndefined();
  });

  it.each(CODECS)('codec %i round-trips empty, small and multi-block inputs (sync and async)', async (codec) => {
    for (const size of [0, 1, 100, 32 * 1024, 32 * 1024 + 1, 300_000]) {
      const data = sample(size);
      const c = compress(codec, data);
      expect(decompress(codec, c).equals(data)).toBe(true);
      expect((await decompressAsync(codec, c)).equals(data)).toBe(true);
      const ca = await compressAsync(codec, data);
      expect(decompress(codec, ca).equals(data)).toBe(true);
    }
  });

  it('snappy encodes with xerial framing: header, 32 KiB blocks with int32 lengths', () => {
    const data = sample(70_000);
    const c = compress(CompressionCodec.SNAPPY, data);
    expect(c.subarray(0, 16).toString('hex')).toBe('82534e415050590000000001' + '00000001');
    let pos = 16;
    const blockSizes: number[] = [];
    while (pos < c.length) {
      const len = c.readInt32BE(pos);
      blockSizes.push(len);
      pos += 4 + len;
    }
    expect(pos).toBe(c.length);
    expect(blockSizes).toHaveLength(3); // 32768 + 32768 + 4464
  });

  it('snappy decodes raw (unframed) snappy as librdkafka may send it', () => {
    const data = sample(50_000);
    expect(decompress(CompressionCodec.SNAPPY, snappyRaw(data)).equals(data)).toBe(true);
  });

  it('snappy accepts concatenated xerial streams', () => {
    const a = sample(1000);
    const b = Buffer.from('second stream');
    const joined = Buffer.concat([compress(CompressionCodec.SNAPPY, a), compress(CompressionCodec.SNAPPY, b)]);
    expect(decompress(CompressionCodec.SNAPPY, joined).equals(Buffer.concat([a, b]))).toBe(true);
  });

  it('lz4 writes a standard frame with independent blocks (what Java and librdkafka read)', () => {
    const c = compress(CompressionCodec.LZ4, sample(10_000));
    expect(c.readUInt32LE(0)).toBe(0x184d2204);
    const flg = c[4] as number;
    expect(flg >> 6).toBe(1); // version 01
    expect(flg & 0x20).toBe(0x20); // block independence
    expect(c.readUInt32LE(c.length - 4)).toBe(0); // end mark, no content checksum
  });

  it('gzip output is plain gzip and multi-member input decodes', () => {
    const data = sample(5000);
    const c = compress(CompressionCodec.GZIP, data);
    expect(c[0]).toBe(0x1f);
    expect(c[1]).toBe(0x8b);
    const twoMembers = Buffer.concat([zlib.gzipSync(data.subarray(0, 100)), zlib.gzipSync(data.subarray(100))]);
    expect(decompress(CompressionCodec.GZIP, twoMembers).equals(data)).toBe(true);
  });

  it('zstd decodes frames that do not declare their content size (streaming producers)', () => {
    const data = sample(400_000);
    const cctx = new zstdBinding.CCtx();
    const out = Buffer.alloc(zstdBinding.compressBound(data.length));
    // Feeding the input before ending the frame leaves the content size out of its header.
    const [, first] = cctx.compressStream2(out, data, zstdBinding.EndDirective.continue);
    const [, rest] = cctx.compressStream2(out.subarray(first), Buffer.alloc(0), zstdBinding.EndDirective.end);
    const frame = out.subarray(0, first + rest);
    expect(zstdBinding.getFrameContentSize(frame)).toBeNull();
    expect(decompress(CompressionCodec.ZSTD, frame).equals(data)).toBe(true);
    expectRecordsError(() => decompress(CompressionCodec.ZSTD, frame, { maxOutputBytes: 100_000 }), /zstd data decompresses to .* than the 100000-byte limit/);
  });

  describe('zip-bomb guard', () => {
    const bomb = Buffer.alloc(4 * 1024 * 1024);

    it.each(CODECS)('codec %i refuses output past maxOutputBytes', (codec) => {
      const c = compress(codec, bomb);
      expect(decompress(codec, c, { maxOutputBytes: bomb.length }).length).toBe(bomb.length);
      expectRecordsError(() => decompress(codec, c, { maxOutputBytes: 1024 * 1024 }), /than the 1048576-byte limit/);
    });

    it.each(CODECS)('codec %i refuses past the limit asynchronously too', async (codec) => {
      const c = compress(codec, bomb);
      await expect(decompressAsync(codec, c, { maxOutputBytes: 1000 })).rejects.toBeInstanceOf(RecordsError);
    });

    it('snappy checks the declared size before decoding anything', () => {
      // A raw block whose header claims 2^31 bytes: refused without allocating.
      const lying = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08, 0x00]);
      expectRecordsError(() => decompress(CompressionCodec.SNAPPY, lying), /2147483648 bytes, more than/);
    });
  });

  describe('corrupt input gives RecordsError CORRUPT_MESSAGE', () => {
    const data = sample(20_000);
    it.each([CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD])('codec %i: truncated and garbled', (codec) => {
      const c = compress(codec, data);
      for (const cut of [0, 1, 5, Math.floor(c.length / 2), c.length - 1]) {
        expect(() => decompress(codec, c.subarray(0, cut))).toThrow(RecordsError);
      }
      const garbled = Buffer.from(c);
      for (let i = 20; i < garbled.length; i += 7) garbled[i] = (garbled[i] as number) ^ 0x5a;
      let result: Buffer | undefined;
      try {
        result = decompress(codec, garbled);
      } catch (err) {
        expect(err).toBeInstanceOf(RecordsError);
      }
      // A few codecs carry no checksum; if garbling happened to decode, it must not equal the input.
      if (result !== undefined) expect(result.equals(data)).toBe(false);
    });

    it('lz4 rejects a block larger than the frame maximum and a missing end mark', () => {
      const c = compressFrameSync(sample(1000));
      const noEnd = c.subarray(0, c.length - 4);
      expectRecordsError(() => decompress(CompressionCodec.LZ4, noEnd), /before its end mark/);
      const big = Buffer.from(c);
      big.writeUInt32LE(0x7fffffff, 7); // first block size word
      expectRecordsError(() => decompress(CompressionCodec.LZ4, big), /exceeds the frame's/);
    });

    it('xerial block length beyond the data', () => {
      const c = Buffer.from(compress(CompressionCodec.SNAPPY, sample(100)));
      c.writeInt32BE(1_000_000, 16);
      expectRecordsError(() => decompress(CompressionCodec.SNAPPY, c), /block length 1000000 exceeds/);
    });
  });
});
