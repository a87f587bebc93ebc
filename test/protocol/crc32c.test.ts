import { crc32c as nativeCrc32c } from '@node-rs/crc32';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NATIVE_CRC_FROM, crc32c } from '../../src/protocol/records/crc32c.js';

// The JS loop (small buffers) and the native module (large ones) give the same CRC-32C.
describe('crc32c', () => {
  it("matches the standard check value and the native module's, continued CRCs included", () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 0xffffffff }), (a, b, init) => {
        expect(crc32c(a, init)).toBe(nativeCrc32c(Buffer.from(a), init) >>> 0);
        expect(crc32c(b, crc32c(a))).toBe(crc32c(Buffer.concat([a, b])));
      }),
    );
  });

  it('gives the same value on either side of the native threshold', () => {
    const big = Buffer.alloc(NATIVE_CRC_FROM + 10);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
    for (const n of [NATIVE_CRC_FROM - 1, NATIVE_CRC_FROM, big.length]) {
      expect(crc32c(big.subarray(0, n), 12345)).toBe(nativeCrc32c(big.subarray(0, n), 12345) >>> 0);
    }
  });
});
