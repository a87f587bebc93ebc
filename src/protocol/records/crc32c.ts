import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. Hardware-accelerated in the native module,
 * so the produce path can check every batch without decoding it. `initial` continues a running CRC
 * (crc32c(b, crc32c(a)) === crc32c(a ++ b)). Always returns the unsigned 32-bit value.
 */
export function crc32c(buf: Uint8Array, initial = 0): number {
  return nativeCrc32c(buf, initial) >>> 0;
}
