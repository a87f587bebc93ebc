import type { CompressionCodec, DecompressOptions } from '../../src/protocol/records/compression.js';

// Test helper: kafkajs (the independent reference client of the tests) reads and writes snappy, lz4 and
// zstd batches through our codecs. The native codec modules cost ~40–55 ms to load; kafkajs users that never meet a compressed
// batch (most CLI commands) should not pay for them, so they load on first use.
let codecModule: Promise<typeof import('../../src/protocol/records/compression.js')> | undefined;
const loadCodecs = (): Promise<typeof import('../../src/protocol/records/compression.js')> =>
  (codecModule ??= import('../../src/protocol/records/compression.js'));

// Kafka's codec ids (RecordBatch attributes bits 0–2); mirrored here to avoid the eager import.
const SNAPPY = 2 as CompressionCodec;
const LZ4 = 3 as CompressionCodec;
const ZSTD = 4 as CompressionCodec;

/**
 * kafkajs ships only gzip; snappy, lz4 and zstd are plug-ins registered as
 * `CompressionCodecs[type] = () => ({ compress(encoder), decompress(buffer) })`, where compress
 * receives a kafkajs Encoder (bytes in `.buffer`) and both return Promise<Buffer>
 * (kafkajs src/protocol/message/compression/index.js). These use our codecs, so kafkajs reads
 * batches from any client (xerial or raw snappy, LZ4 frames, zstd) and writes what Java writes.
 */
export interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** The part of the kafkajs module this touches (structural, so any kafkajs 2.x import fits). */
export interface KafkajsCompressionApi {
  CompressionTypes: { Snappy: number; LZ4: number; ZSTD: number };
  CompressionCodecs: object;
}

export function kafkajsCodec(codec: CompressionCodec, opts?: DecompressOptions): KafkajsCodec {
  return {
    compress: async (encoder) => (await loadCodecs()).compressAsync(codec, encoder.buffer),
    decompress: async (buffer) => (await loadCodecs()).decompressAsync(codec, buffer, opts),
  };
}

/** Registers snappy, lz4 and zstd with kafkajs (gzip stays kafkajs's own). Idempotent. */
export function registerKafkajsCodecs(kafkajs: KafkajsCompressionApi, opts?: DecompressOptions): void {
  const codecs = kafkajs.CompressionCodecs as Record<number, () => KafkajsCodec>;
  const snappy = kafkajsCodec(SNAPPY, opts);
  const lz4 = kafkajsCodec(LZ4, opts);
  const zstd = kafkajsCodec(ZSTD, opts);
  codecs[kafkajs.CompressionTypes.Snappy] = () => snappy;
  codecs[kafkajs.CompressionTypes.LZ4] = () => lz4;
  codecs[kafkajs.CompressionTypes.ZSTD] = () => zstd;
}
