/**
 * Recycles the buffers that fetch reads land in: a fresh 1 MiB buffer per fetch costs page faults,
 * external-memory GC work and allocation, more than the read itself. A buffer goes back to the pool
 * once the response that holds it has been handed to the kernel.
 */
export class ReadBufferPool {
  private readonly free: Buffer[] = [];
  readonly slotBytes: number;
  private readonly maxFree: number;

  constructor(slotBytes: number, maxFree: number) {
    this.slotBytes = slotBytes;
    this.maxFree = maxFree;
  }

  /** A whole slot (slotBytes long) for a read of up to slotBytes, or undefined for larger reads. */
  acquire(n: number): Buffer | undefined {
    if (n > this.slotBytes) return undefined;
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.slotBytes);
  }

  release(slot: Buffer): void {
    if (this.free.length < this.maxFree) this.free.push(slot);
  }
}

export const readBuffers = new ReadBufferPool(1024 * 1024, 16);
