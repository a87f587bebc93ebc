import { ProtocolDecodeError } from './errors.js';

/** Kafka's socket.request.max.bytes default. */
export const DEFAULT_MAX_FRAME_BYTES = 104_857_600;

/**
 * Splits a TCP byte stream into size-prefixed frames. Handles frames split across chunks and
 * several frames in one chunk; a frame that fits in one chunk is returned as a slice (no copy).
 * A negative or oversized length throws before any allocation sized by it.
 */
export class FrameSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private need = -1; // body size of the frame being assembled, -1 while its prefix is incomplete

  private readonly maxFrameBytes: number;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received but not yet returned as frames. */
  get buffered(): number {
    return this.pendingLength;
  }

  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let buf: Buffer;
    if (this.pendingLength === 0) {
      buf = chunk;
    } else {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.need >= 0 && this.pendingLength < this.need + 4) return frames;
      buf = Buffer.concat(this.pending, this.pendingLength);
      this.pending = [];
      this.pendingLength = 0;
    }
    let off = 0;
    while (buf.length - off >= 4) {
      const size = buf.readInt32BE(off);
      if (size < 0 || size > this.maxFrameBytes) {
        throw new ProtocolDecodeError(`frame size ${size} outside 0..${this.maxFrameBytes}`, off);
      }
      if (buf.length - off - 4 < size) {
        this.need = size;
        break;
      }
      frames.push(buf.subarray(off + 4, off + 4 + size));
      off += 4 + size;
      this.need = -1;
    }
    if (off < buf.length) {
      if (buf.length - off < 4) this.need = -1;
      this.pending = [buf.subarray(off)];
      this.pendingLength = buf.length - off;
    }
    return frames;
  }
}
