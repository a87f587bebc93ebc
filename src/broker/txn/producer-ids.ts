// Producer ids are handed out from blocks whose end is persisted before the first id of the block is
// used (Kafka's controller allocates blocks of 1000 the same way), so a restart, even after kill -9,
// continues past every id that may have been given out and no id is ever reused.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';

export const PRODUCER_ID_FILE = '.producer-ids';
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export class ProducerIdAllocator {
  private readonly file: string;
  private readonly blockSize: bigint;
  private next = 0n;
  private blockEnd = 0n;

  constructor(dataDir: string, blockSize = PRODUCER_ID_BLOCK_SIZE) {
    this.file = path.join(dataDir, PRODUCER_ID_FILE);
    this.blockSize = BigInt(blockSize);
  }

  /** Reads the persisted block end: the next id to hand out. */
  load(): void {
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    const m = /next\.block\.start=(\d+)/.exec(text);
    if (m?.[1] !== undefined) {
      this.next = BigInt(m[1]);
      this.blockEnd = this.next;
    }
  }

  allocate(): bigint {
    if (this.next >= this.blockEnd) {
      const end = this.next + this.blockSize;
      writeFileAtomic(this.file, `version=1\nnext.block.start=${end}\n`);
      this.blockEnd = end;
    }
    const id = this.next;
    this.next++;
    return id;
  }
}
