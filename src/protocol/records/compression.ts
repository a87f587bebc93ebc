import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type * as Lz4 from 'lz4-napi';
import type * as Snappy from 'snappy';
import type * as Zstd from 'zstd-napi';
import type ZstdBindingModule from 'zstd-napi/binding.js';
import { RecordsError, RecordsErrorCode } from './errors.js';

// The native codecs load on first use: most brokers never see a compressed batch, and loading all
// three costs startup time and resident memory.
const requireNative = createRequire(import.meta.url);
let lz4Mod: typeof Lz4 | undefined;
let snappyMod: typeof Snappy | undefined;
let zstdMod: typeof Zstd | undefined;
let zstdBindingMod: typeof ZstdBindingModule | undefined;
const lz4 = (): typeof Lz4 => (lz4Mod ??= requireNative('lz4-napi') as typeof Lz4);
const snappy = (): typeof Snappy => (snappyMod ??= requireNative('snappy') as typeof Snappy);
const zstd = (): typeof Zstd => (zstdMod ??= requireNative('zstd-napi') as typeof Zstd);
const zstdBindingLazy = (): typeof ZstdBindingModule => (zstdBindingMod ??= requireNative('zstd-napi/binding.js') as typeof ZstdBindingModule);

/** Codec ids as stored in bits 0-2 of the batch attributes. */
export const CompressionCodec = {
  NONE: 0,
  GZIP: 1,
  SNAPPY: 2,
  LZ4: 3,
  ZSTD: 4,
} as const;
export type CompressionCodec = (typeof CompressionCodec)[keyof typeof CompressionCodec];

/** Kafka's `compression.type` names, by codec id. */
export const COMPRESSION_NAMES: Readonly<Record<CompressionCodec, string>> = {
  0: 'none',
  1: 'gzip',
  2: 'snappy',
  3: 'lz4',
  4: 'zstd',
};

export function compressionCodecFromName(name: string): CompressionCodec | undefined {
  switch (name.toLowerCase()) {
    case 'none':
    case 'uncompressed':
      return CompressionCodec.NONE;
    case 'gzip':
      return CompressionCodec.GZIP;
    case 'snappy':
      return CompressionCodec.SNAPPY;
    case 'lz4':
      return CompressionCodec.LZ4;
    case 'zstd':
      return CompressionCodec.ZSTD;
    default:
      return undefined;
  }
}

export function isCompressionCodec(id: number): id is CompressionCodec {
  return Number.isInteger(id) && id >= 0 && id <= 4;
}

/**
 * Zip-bomb guard: decompression refuses output beyond this many bytes unless the caller passes its
 * own `maxOutputBytes`. Every codec checks the size BEFORE allocating the output: gzip through
 * zlib's maxOutputLength, snappy from the length header of each raw block, lz4 from the frame's
 * block count times its declared block maximum, zstd from the frame content size (or by streaming
 * into bounded chunks when the frame does not declare it).
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export interface CompressOptions {
  /** gzip 1-9 (default 6, as Java's Deflater); zstd level (default 3, as Kafka). Ignored by snappy and lz4. */
  level?: number;
}

export interface DecompressOptions {
  /** Refuse (RecordsError CORRUPT_MESSAGE) if the output would exceed this many bytes. */
  maxOutputBytes?: number;
}

function fail(message: string): never {
  throw new RecordsError(message, 0, RecordsErrorCode.CORRUPT_MESSAGE);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function limitOf(opts: DecompressOptions | undefined): number {
  const limit = opts?.maxOutputBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  if (!(limit >= 0)) throw new RangeError(`maxOutputBytes must be >= 0, got ${limit}`);
  return limit;
}

function tooLarge(codec: string, size: number | undefined, limit: number): never {
  const what = size === undefined ? 'more' : `${size} bytes, more`;
  return fail(`${codec} data decompresses to ${what} than the ${limit}-byte limit`);
}

// ---------------------------------------------------------------------------------------------
// snappy: the Java client writes xerial stream framing; librdkafka and others may send raw snappy.

/** xerial's 8-byte magic, then int32 version and int32 compatible-version (both 1). */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
/** Block size of xerial's SnappyOutputStream default, which is what the Java producer emits. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

function hasXerialMagic(data: Buffer, pos: number): boolean {
  return data.length - pos >= XERIAL_HEADER_SIZE && data.compare(XERIAL_MAGIC, 0, 8, pos, pos + 8) === 0;
}

/** Uncompressed length from the uvarint that starts every raw snappy block. */
function snappyRawLength(data: Buffer, start: number, end: number): number {
  let result = 0;
  for (let i = 0, pos = start; i < 5; i++, pos++) {
    if (pos >= end) fail('snappy block truncated in its length header');
    const b = data[pos] as number;
    result += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return result;
  }
  return fail('snappy block length header longer than 5 bytes');
}

interface SnappyBlock {
  start: number;
  end: number;
  size: number;
}

/** Splits xerial or raw snappy into raw blocks and checks the declared total against the limit. */
function snappyBlocks(data: Buffer, limit: number): { blocks: SnappyBlock[]; total: number } {
  if (!hasXerialMagic(data, 0)) {
    const size = snappyRawLength(data, 0, data.length);
    if (size > limit) tooLarge('snappy', size, limit);
    return { blocks: [{ start: 0, end: data.length, size }], total: size };
  }
  const blocks: SnappyBlock[] = [];
  let total = 0;
  let pos = XERIAL_HEADER_SIZE;
  while (pos < data.length) {
    // xerial's reader accepts a second stream header where a block would start (concatenated streams).
    if (hasXerialMagic(data, pos)) {
      pos += XERIAL_HEADER_SIZE;
      continue;
    }
    if (data.length - pos < 4) fail('xerial snappy block truncated in its length');
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || len > data.length - pos) fail(`xerial snappy block length ${len} exceeds the ${data.length - pos} bytes left`);
    const size = snappyRawLength(data, pos, pos + len);
    total += size;
    if (total > limit) tooLarge('snappy', total, limit);
    blocks.push({ start: pos, end: pos + len, size });
    pos += len;
  }
  return { blocks, total };
}

function snappyDecodeBlock(data: Buffer, block: SnappyBlock): Buffer {
  let out: Buffer;
  try {
    out = snappy().uncompressSync(data.subarray(block.start, block.end), { asBuffer: true }) as Buffer;
  } catch (err) {
    return fail(`corrupt snappy data: ${describe(err)}`);
  }
  if (out.length !== block.size) fail(`snappy block decoded to ${out.length} bytes, header said ${block.size}`);
  return out;
}

function joinBlocks(parts: Buffer[], total: number): Buffer {
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
}

function snappyDecompress(data: Buffer, limit: number): Buffer {
  const { blocks, total } = snappyBlocks(data, limit);
  return joinBlocks(
    blocks.map((b) => snappyDecodeBlock(data, b)),
    total,
  );
}

async function snappyDecompressAsync(data: Buffer, limit: number): Promise<Buffer> {
  const { blocks, total } = snappyBlocks(data, limit);
  const parts = await Promise.all(
    blocks.map(async (b) => {
      let out: Buffer;
      try {
        out = (await snappy().uncompress(data.subarray(b.start, b.end), { asBuffer: true })) as Buffer;
      } catch (err) {
        return fail(`corrupt snappy data: ${describe(err)}`);
      }
      if (out.length !== b.size) fail(`snappy block decoded to ${out.length} bytes, header said ${b.size}`);
      return out;
    }),
  );
  return joinBlocks(parts, total);
}

function xerialHeader(): Buffer {
  const h = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(h, 0);
  h.writeInt32BE(1, 8);
  h.writeInt32BE(1, 12);
  return h;
}

function xerialAssemble(compressedBlocks: Buffer[]): Buffer {
  const parts: Buffer[] = [xerialHeader()];
  let total = XERIAL_HEADER_SIZE;
  for (const block of compressedBlocks) {
    const len = Buffer.allocUnsafe(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, block);
    total += 4 + block.length;
  }
  return Buffer.concat(parts, total);
}

function xerialSlices(data: Buffer): Buffer[] {
  const slices: Buffer[] = [];
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK_SIZE) slices.push(data.subarray(pos, pos + XERIAL_BLOCK_SIZE));
  return slices;
}

// ---------------------------------------------------------------------------------------------
// lz4: the standard LZ4 frame (magic v2 batches never use Kafka's old broken-checksum variant).

const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK_MAX: Readonly<Record<number, number>> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

/**
 * Walks the frame(s) without decompressing and returns an upper bound of the output size: each
 * block decodes to at most the frame's declared block maximum, which decoders enforce.
 */
function lz4OutputBound(data: Buffer): number {
  let pos = 0;
  let bound = 0;
  while (pos < data.length) {
    if (data.length - pos < 7) fail('lz4 frame header truncated');
    const magic = data.readUInt32LE(pos);
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) {
      // Skippable frame: 4-byte little-endian size of its payload.
      const size = data.readUInt32LE(pos + 4);
      if (size > data.length - pos - 8) fail('lz4 skippable frame truncated');
      pos += 8 + size;
      continue;
    }
    if (magic !== LZ4_MAGIC) fail(`not an lz4 frame (magic 0x${magic.toString(16)})`);
    const flg = data[pos + 4] as number;
    const bd = data[pos + 5] as number;
    if (flg >> 6 !== 1) fail(`unsupported lz4 frame version ${flg >> 6}`);
    const blockMax = LZ4_BLOCK_MAX[(bd >> 4) & 0x07];
    if (blockMax === undefined) fail(`invalid lz4 block maximum size id ${(bd >> 4) & 0x07}`);
    const blockChecksum = (flg & 0x10) !== 0;
    const hasContentSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const hasDictId = (flg & 0x01) !== 0;
    pos += 6 + (hasContentSize ? 8 : 0) + (hasDictId ? 4 : 0) + 1;
    if (pos > data.length) fail('lz4 frame descriptor truncated');
    for (;;) {
      if (data.length - pos < 4) fail('lz4 frame truncated before its end mark');
      const word = data.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      if (size > blockMax) fail(`lz4 block of ${size} bytes exceeds the frame's ${blockMax}-byte maximum`);
      pos += size + (blockChecksum ? 4 : 0);
      if (pos > data.length) fail('lz4 block truncated');
      bound += blockMax;
    }
    if (contentChecksum) {
      pos += 4;
      if (pos > data.length) fail('lz4 content checksum truncated');
    }
  }
  return bound;
}

function lz4Check(data: Buffer, limit: number): void {
  const bound = lz4OutputBound(data);
  if (bound > limit) fail(`lz4 data may decompress to ${bound} bytes, more than the ${limit}-byte limit`);
}

// ---------------------------------------------------------------------------------------------
// zstd

type ZstdBinding = typeof ZstdBindingModule;
type DCtx = InstanceType<ZstdBinding['DCtx']>;

const ZSTD_STREAM_CHUNK = 128 * 1024;
let sharedDctx: DCtx | undefined;

function dctx(): DCtx {
  sharedDctx ??= new (zstdBindingLazy().DCtx)();
  return sharedDctx;
}

/** Sum of the content sizes the frames declare, or null if any frame leaves it out. */
function zstdDeclaredSize(data: Buffer): number | null {
  let total = 0;
  let rest = data;
  while (rest.length > 0) {
    const size = zstdBindingLazy().getFrameContentSize(rest);
    if (size === null) return null;
    total += size;
    rest = rest.subarray(zstdBindingLazy().findFrameCompressedSize(rest));
  }
  return total;
}

function zstdDecompress(data: Buffer, limit: number): Buffer {
  const ctx = dctx();
  try {
    const declared = zstdDeclaredSize(data);
    if (declared !== null) {
      if (declared > limit) tooLarge('zstd', declared, limit);
      const out = Buffer.allocUnsafe(declared);
      const written = ctx.decompress(out, data);
      if (written !== declared) fail(`zstd data decoded to ${written} bytes, frame said ${declared}`);
      return out;
    }
    // Size unknown (streaming producers such as the Java client): decode into bounded chunks.
    const parts: Buffer[] = [];
    let total = 0;
    let input = data;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(ZSTD_STREAM_CHUNK, limit - total + 1));
      const [hint, produced, consumed] = ctx.decompressStream(chunk, input);
      total += produced;
      if (total > limit) tooLarge('zstd', total, limit);
      if (produced > 0) parts.push(chunk.subarray(0, produced));
      input = input.subarray(consumed);
      if (input.length === 0 && hint === 0) break;
      if (produced === 0 && consumed === 0) fail('zstd data truncated');
    }
    return joinBlocks(parts, total);
  } catch (err) {
    ctx.reset(zstdBindingLazy().ResetDirective.sessionOnly);
    if (err instanceof RecordsError) throw err;
    return fail(`corrupt zstd data: ${describe(err)}`);
  }
}

// ---------------------------------------------------------------------------------------------

function gzipDecompress(data: Buffer, limit: number): Buffer {
  try {
    // unzip accepts gzip (any number of members) and zlib-wrapped deflate, as kafkajs does.
    return zlib.unzipSync(data, { maxOutputLength: Math.max(1, limit) });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge('gzip', undefined, limit);
    return fail(`corrupt gzip data: ${describe(err)}`);
  }
}

const unzipAsync = promisify(zlib.unzip);
const gzipAsync = promisify(zlib.gzip);

/** Compresses `data` with `codec`, in the framing Kafka's Java client writes. */
export function compress(codec: CompressionCodec, data: Buffer, opts?: CompressOptions): Buffer {
  switch (codec) {
    case CompressionCodec.NONE:
      return data;
    case CompressionCodec.GZIP:
      return zlib.gzipSync(data, { level: opts?.level ?? 6 });
    case CompressionCodec.SNAPPY:
      return xerialAssemble(xerialSlices(data).map((s) => snappy().compressSync(s)));
    case CompressionCodec.LZ4:
      return lz4().compressFrameSync(data);
    case CompressionCodec.ZSTD:
      return zstd().compress(data, { compressionLevel: opts?.level ?? 3 });
  }
}

/** Decompresses one batch payload. Throws RecordsError (CORRUPT_MESSAGE) on bad data or past the limit. */
export function decompress(codec: CompressionCodec, data: Buffer, opts?: DecompressOptions): Buffer {
  const limit = limitOf(opts);
  if (codec !== CompressionCodec.NONE && data.length === 0) fail(`empty ${COMPRESSION_NAMES[codec]} payload`);
  switch (codec) {
    case CompressionCodec.NONE:
      if (data.length > limit) tooLarge('uncompressed', data.length, limit);
      return data;
    case CompressionCodec.GZIP:
      return gzipDecompress(data, limit);
    case CompressionCodec.SNAPPY:
      return snappyDecompress(data, limit);
    case CompressionCodec.LZ4: {
      lz4Check(data, limit);
      try {
        return lz4().decompressFrameSync(data);
      } catch (err) {
        return fail(`corrupt lz4 data: ${describe(err)}`);
      }
    }
    case CompressionCodec.ZSTD:
      return zstdDecompress(data, limit);
  }
}

/** As compress(), but gzip/snappy/lz4 run off the main thread (zstd stays synchronous). */
export async function compressAsync(codec: CompressionCodec, data: Buffer, opts?: CompressOptions): Promise<Buffer> {
  switch (codec) {
    case CompressionCodec.GZIP:
      return gzipAsync(data, { level: opts?.level ?? 6 });
    case CompressionCodec.SNAPPY:
      return xerialAssemble(await Promise.all(xerialSlices(data).map((s) => snappy().compress(s))));
    case CompressionCodec.LZ4:
      return lz4().compressFrame(data);
    case CompressionCodec.NONE:
    case CompressionCodec.ZSTD:
      return compress(codec, data, opts);
  }
}

/** As decompress(), but gzip/snappy/lz4 run off the main thread (zstd stays synchronous). */
export async function decompressAsync(codec: CompressionCodec, data: Buffer, opts?: DecompressOptions): Promise<Buffer> {
  const limit = limitOf(opts);
  if (codec !== CompressionCodec.NONE && data.length === 0) fail(`empty ${COMPRESSION_NAMES[codec]} payload`);
  switch (codec) {
    case CompressionCodec.GZIP:
      try {
        return await unzipAsync(data, { maxOutputLength: Math.max(1, limit) });
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge('gzip', undefined, limit);
        return fail(`corrupt gzip data: ${describe(err)}`);
      }
    case CompressionCodec.SNAPPY:
      return snappyDecompressAsync(data, limit);
    case CompressionCodec.LZ4:
      lz4Check(data, limit);
      try {
        return await lz4().decompressFrame(data);
      } catch (err) {
        return fail(`corrupt lz4 data: ${describe(err)}`);
      }
    case CompressionCodec.NONE:
    case CompressionCodec.ZSTD:
      return decompress(codec, data, opts);
  }
}
