// Producer ids are handed out from blocks whose end is persisted before the first id of the block is
// used (Kafka's controller allocates blocks of 1000 the same way), so a restart, even after kill -9,
// continues past every id that may have been given out and no id is ever reused.
import fs from 'node:fs';
import path from 'node:path';
import { TkafkaError } from '../../shared/errors.js';
import { writeFileAtomic } from '../fs/atomic.js';

export const PRODUCER_ID_FILE = '.producer-ids';
export const PRODUCER_ID_BLOCK_SIZE = 1000;
const MAX_PRODUCER_ID = 2n ** 63n - 1n;

export class ProducerIdAllocator {
  private readonly file: string;
  private readonly blockSize: bigint;
  private next = 0n;
  private blockEnd = 0n;

  constructor(dataDir: string, blockSize = PRODUCER_ID_BLOCK_SIZE) {
    this.file = path.join(dataDir, PRODUCER_ID_FILE);
    this.blockSize = BigInt(blockSize);
  }

  /**
   * Reads the persisted block end: the next id to hand out. The file is only ever replaced whole, so
   * anything but the exact two lines was damaged from outside: a cut number would read as a smaller
   * block end and hand out ids again, so the start is refused instead (as for the other state files).
   */
  load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const m = /^version=1\nnext\.block\.start=(\d{1,19})\n$/.exec(text);
    if (m?.[1] === undefined || BigInt(m[1]) > MAX_PRODUCER_ID) {
      throw new TkafkaError(
        'BAD_CONFIG',
        `The producer id file ${this.file} is not valid (expected "version=1" and "next.block.start=<id>" lines); restore it from a backup: producer ids handed out before must never be given again.`,
      );
    }
    this.next = BigInt(m[1]);
    this.blockEnd = this.next;
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
