import { ProtocolDecodeError } from './errors.js';

/** Kafka's socket.request.max.bytes default. */
export const DEFAULT_MAX_FRAME_BYTES = 104_857_600;

/**
 * Frames at least this large that span chunks get their own allocation, which `recycle` may take
 * back; smaller ones come from Node's shared pool and are left to the GC.
 */
const RECYCLE_MIN_BYTES = 64 * 1024;
/** Larger frames are never kept, nor spares beyond this together: an idle connection should not pin a 100 MB request's memory. */
const RECYCLE_MAX_BYTES = 16 * 1024 * 1024;
/**
 * Frames are handled one at a time, but the next one may be assembling (its start came in the
 * same chunk) while the last is handled: two spares cover a producer pipelining big batches.
 */
const MAX_SPARES = 2;

/** A size prefix outside 0..maxFrameBytes; `size` lets the caller say which limit it broke. */
export class FrameSizeError extends ProtocolDecodeError {
  readonly size: number;

  constructor(size: number, max: number, offset: number) {
    super(`frame size ${size} outside 0..${max}`, offset);
    this.size = size;
  }
}

/**
 * Splits a TCP byte stream into size-prefixed frames. Handles frames split across chunks and
 * several frames in one chunk; a frame that fits in one chunk is returned as a slice (no copy).
 * A frame that spans chunks is copied, as its chunks arrive, into one buffer of its exact size.
 * A negative or oversized length throws FrameSizeError before any allocation sized by it.
 */
export class FrameSplitter {
  /** The frame being assembled (its size is known), or null. */
  private partial: Buffer | null = null;
  private filled = 0;
  /** Up to 3 bytes of a size prefix split across chunks. */
  private readonly prefix = Buffer.alloc(4);
  private prefixLength = 0;
  /** Big frame buffers returned through `recycle`, free for the next spanning frame. */
  private readonly spares: Buffer[] = [];
  /** Backing stores this splitter allocated, so `recycle` only ever takes its own. */
  private readonly owned = new WeakSet<ArrayBufferLike>();

  /**
   * The largest frame accepted. It may change between pushes (a SASL listener lowers it until the
   * client has authenticated); every size prefix is checked against the value when it is complete.
   */
  maxFrameBytes: number;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received but not yet returned as frames. */
  get buffered(): number {
    return this.partial === null ? this.prefixLength : 4 + this.filled;
  }

  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let off = 0;
    if (this.partial !== null) {
      const n = Math.min(this.partial.length - this.filled, chunk.length);
      chunk.copy(this.partial, this.filled, 0, n);
      this.filled += n;
      off = n;
      if (this.filled < this.partial.length) return frames;
      frames.push(this.partial);
      this.partial = null;
      this.filled = 0;
    } else if (this.prefixLength > 0) {
      const n = Math.min(4 - this.prefixLength, chunk.length);
      chunk.copy(this.prefix, this.prefixLength, 0, n);
      this.prefixLength += n;
      off = n;
      if (this.prefixLength < 4) return frames;
      this.prefixLength = 0;
      const size = this.checkedSize(this.prefix, 0, 0);
      const body = Math.min(size, chunk.length - off);
      if (body === size) {
        // The whole body is in this chunk: a slice, as for any frame inside one chunk.
        frames.push(chunk.subarray(off, off + size));
      } else {
        this.startPartial(size, chunk, off);
        return frames;
      }
      off += size;
    }
    while (chunk.length - off >= 4) {
      const size = this.checkedSize(chunk, off, off);
      if (chunk.length - off - 4 < size) {
        this.startPartial(size, chunk, off + 4);
        return frames;
      }
      frames.push(chunk.subarray(off + 4, off + 4 + size));
      off += 4 + size;
    }
    if (off < chunk.length) {
      chunk.copy(this.prefix, 0, off);
      this.prefixLength = chunk.length - off;
    }
    return frames;
  }

  /**
   * Hands back a frame this splitter returned, once nothing refers to its bytes any more, so the
   * next large frame can be assembled in the same memory. Frames it did not allocate are ignored.
   */
  recycle(frame: Buffer): void {
    const store = frame.buffer;
    if (frame.byteOffset !== 0 || store.byteLength > RECYCLE_MAX_BYTES || !this.owned.has(store)) return;
    for (const s of this.spares) if (s.buffer === store) return;
    // Keep the largest spares, largest first, within MAX_SPARES and RECYCLE_MAX_BYTES together (so an
    // idle connection pins no more than one frame's bound): a larger spare holds any smaller batch, so
    // a producer's varying batch sizes stop costing a new allocation each.
    this.spares.push(Buffer.from(store, 0, store.byteLength));
    this.spares.sort((a, b) => b.length - a.length);
    let kept = 0;
    let n = 0;
    for (; n < this.spares.length && n < MAX_SPARES; n++) {
      const len = (this.spares[n] as Buffer).length;
      if (kept + len > RECYCLE_MAX_BYTES) break;
      kept += len;
    }
    this.spares.length = n;
  }

  private checkedSize(buf: Buffer, at: number, reportAt: number): number {
    const size = buf.readInt32BE(at);
    if (size < 0 || size > this.maxFrameBytes) {
      throw new FrameSizeError(size, this.maxFrameBytes, reportAt);
    }
    return size;
  }

  /** Starts assembling a `size`-byte frame body with the rest of `chunk` from `from`. */
  private startPartial(size: number, chunk: Buffer, from: number): void {
    const frame = this.allocate(size);
    chunk.copy(frame, 0, from);
    this.partial = frame;
    this.filled = chunk.length - from;
  }

  private allocate(size: number): Buffer {
    if (size < RECYCLE_MIN_BYTES) return Buffer.allocUnsafe(size);
    // The smallest spare that holds it (they are kept largest first), so a larger one stays for a larger frame.
    for (let i = this.spares.length - 1; i >= 0; i--) {
      if ((this.spares[i] as Buffer).length >= size) return (this.spares.splice(i, 1)[0] as Buffer).subarray(0, size);
    }
    // Rounded up to whole 64 KiB within the recycling bound, so a spare fits a batch a few bytes
    // larger than the one it held (a producer's batch sizes vary by a record or two).
    const capacity = size > RECYCLE_MAX_BYTES ? size : Math.ceil(size / RECYCLE_MIN_BYTES) * RECYCLE_MIN_BYTES;
    const b = Buffer.allocUnsafeSlow(capacity);
    this.owned.add(b.buffer);
    return capacity === size ? b : b.subarray(0, size);
  }
}
