/** Where formatted records go: the process's stdout as bytes (or a test stand-in). */
export interface ByteSink {
  /** Returns false when the consumer should wait for `drained()` before writing more. */
  write(chunk: Buffer): boolean;
  drained(): Promise<void>;
}

const INITIAL = 1 << 20;
/** Output is handed to the sink in pieces of about this size: few syscalls, bounded latency. */
export const FLUSH_AT = 256 * 1024;

/**
 * An append-only byte buffer for formatted output: records are formatted straight into it and
 * written to the sink in large chunks, never one write per record.
 */
export class OutputBuffer {
  private buf = Buffer.allocUnsafe(INITIAL);
  private pos = 0;

  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Latin-1/ASCII text (labels and numbers). */
  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  /** Hands the buffered bytes to the sink; resolves once the sink can take more. */
  async flushTo(sink: ByteSink): Promise<void> {
    if (this.pos === 0) return;
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    if (!sink.write(out)) await sink.drained();
  }
}
