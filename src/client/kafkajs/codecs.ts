import { CompressionCodec, compressAsync, decompressAsync, type DecompressOptions } from '../../protocol/records/compression.js';

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
    compress: (encoder) => compressAsync(codec, encoder.buffer),
    decompress: (buffer) => decompressAsync(codec, buffer, opts),
  };
}

/** Registers snappy, lz4 and zstd with kafkajs (gzip stays kafkajs's own). Idempotent. */
export function registerKafkajsCodecs(kafkajs: KafkajsCompressionApi, opts?: DecompressOptions): void {
  const codecs = kafkajs.CompressionCodecs as Record<number, () => KafkajsCodec>;
  const snappy = kafkajsCodec(CompressionCodec.SNAPPY, opts);
  const lz4 = kafkajsCodec(CompressionCodec.LZ4, opts);
  const zstd = kafkajsCodec(CompressionCodec.ZSTD, opts);
  codecs[kafkajs.CompressionTypes.Snappy] = () => snappy;
  codecs[kafkajs.CompressionTypes.LZ4] = () => lz4;
  codecs[kafkajs.CompressionTypes.ZSTD] = () => zstd;
}
