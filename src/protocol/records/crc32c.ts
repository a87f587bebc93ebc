import { createRequire } from 'node:module';

// A table-driven CRC-32C in JS for small buffers, the native (hardware-accelerated) module for the
// rest: a console tool sending or reading one record then never loads the native addon, whose
// loader costs more than the whole checksum (start-up, issue 15). The broker's log uses the native
// module directly.

const POLY = 0x82f63b78; // Castagnoli, reflected
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** Below this many bytes the JS loop costs about a native call; above it, the native module is far faster. */
export const NATIVE_CRC_FROM = 1024;

let native: ((buf: Uint8Array, initial?: number) => number) | undefined;

function jsCrc32c(buf: Uint8Array, initial: number): number {
  let crc = ~initial >>> 0;
  for (let i = 0; i < buf.length; i++) crc = (TABLE[(crc ^ (buf[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. `initial` continues a running CRC
 * (crc32c(b, crc32c(a)) === crc32c(a ++ b)). Always returns the unsigned 32-bit value.
 */
export function crc32c(buf: Uint8Array, initial = 0): number {
  if (buf.length < NATIVE_CRC_FROM) return jsCrc32c(buf, initial);
  native ??= (createRequire(import.meta.url)('@node-rs/crc32') as typeof import('@node-rs/crc32')).crc32c;
  return native(buf, initial) >>> 0;
}
