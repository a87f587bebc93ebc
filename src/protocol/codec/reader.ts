import { ProtocolDecodeError } from './errors.js';
import { uuidFromBytes } from './uuid.js';

export interface RawTaggedField {
  tag: number;
  data: Buffer;
}

/**
 * Bounds-checked cursor over one frame. Every read checks the remaining length first, so a
 * truncated or hostile frame gives a ProtocolDecodeError, never an out-of-frame read. Byte
 * fields are returned as slices of the input (no copy): the caller owns the frame's lifetime.
 */
export class Reader {
  readonly buf: Buffer;
  offset: number;
  readonly end: number;

  constructor(buf: Buffer, offset = 0, end = buf.length) {
    this.buf = buf;
    if (offset < 0 || end > buf.length || offset > end) throw new RangeError('reader window outside buffer');
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  fail(message: string): never {
    throw new ProtocolDecodeError(message, this.offset);
  }

  need(n: number): void {
    if (n > this.end - this.offset) this.fail(`need ${n} bytes, ${this.end - this.offset} left`);
  }

  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.offset++);
  }

  uint8(): number {
    this.need(1);
    return this.buf[this.offset++] as number;
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  uint16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  float64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  uuid(): string {
    this.need(16);
    const v = uuidFromBytes(this.buf.subarray(this.offset, this.offset + 16));
    this.offset += 16;
    return v;
  }

  /** Unsigned LEB128 varint, at most 5 bytes, value must fit in 32 bits. */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      if (this.offset >= this.end) this.fail('truncated varint');
      const b = this.buf[this.offset++] as number;
      if (i === 4 && b > 0x0f) this.fail('varint overflows 32 bits');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    return this.fail('varint longer than 5 bytes');
  }

  /** Zig-zag signed 32-bit varint (record fields). */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Unsigned LEB128 varlong, at most 10 bytes. */
  uvarlong(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) this.fail('truncated varlong');
      const b = this.buf[this.offset++] as number;
      if (i === 9 && b > 0x01) this.fail('varlong overflows 64 bits');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
    return this.fail('varlong longer than 10 bytes');
  }

  /** Zig-zag signed 64-bit varlong (record timestamp deltas). */
  varlong(): bigint {
    const u = this.uvarlong();
    return (u >> 1n) ^ -(u & 1n);
  }

  private utf8(len: number): string {
    this.need(len);
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }

  private slice(len: number): Buffer {
    this.need(len);
    const b = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return b;
  }

  string(): string {
    const len = this.int16();
    if (len < 0) this.fail(`non-nullable string has length ${len}`);
    return this.utf8(len);
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    if (len < 0) this.fail(`invalid string length ${len}`);
    return this.utf8(len);
  }

  compactString(): string {
    const len = this.uvarint() - 1;
    if (len < 0) this.fail('non-nullable compact string is null');
    return this.utf8(len);
  }

  compactNullableString(): string | null {
    const len = this.uvarint() - 1;
    return len < 0 ? null : this.utf8(len);
  }

  bytes(): Buffer {
    const len = this.int32();
    if (len < 0) this.fail(`non-nullable bytes has length ${len}`);
    return this.slice(len);
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    if (len < 0) this.fail(`invalid bytes length ${len}`);
    return this.slice(len);
  }

  compactBytes(): Buffer {
    const len = this.uvarint() - 1;
    if (len < 0) this.fail('non-nullable compact bytes is null');
    return this.slice(len);
  }

  compactNullableBytes(): Buffer | null {
    const len = this.uvarint() - 1;
    return len < 0 ? null : this.slice(len);
  }

  /**
   * int32 element count; -1 means null. Every element of every array takes at least one byte, so
   * a count above the bytes left is rejected before anything is allocated for it.
   */
  arrayLength(): number {
    const n = this.int32();
    if (n < -1) this.fail(`invalid array length ${n}`);
    if (n > this.remaining) this.fail(`array length ${n} exceeds the ${this.remaining} bytes left`);
    return n;
  }

  /** Compact (uvarint count+1) element count; -1 means null. */
  compactArrayLength(): number {
    const n = this.uvarint() - 1;
    if (n > this.remaining) this.fail(`array length ${n} exceeds the ${this.remaining} bytes left`);
    return n;
  }

  /** A sub-reader over the next n bytes; advances this reader past them. */
  sub(n: number): Reader {
    this.need(n);
    const r = new Reader(this.buf, this.offset, this.offset + n);
    this.offset += n;
    return r;
  }

  /** Reads a whole tagged-field section without interpreting it. */
  rawTaggedFields(): RawTaggedField[] {
    const count = this.uvarint();
    if (count > this.remaining) this.fail(`tagged field count ${count} exceeds the bytes left`);
    const out: RawTaggedField[] = [];
    let last = -1;
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      if (tag <= last) this.fail(`tagged fields out of order (${tag} after ${last})`);
      last = tag;
      const size = this.uvarint();
      out.push({ tag, data: this.slice(size) });
    }
    return out;
  }
}
