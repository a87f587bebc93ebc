// Leader epoch → start offset, for OffsetForLeaderEpoch. Persisted in Kafka's leader-epoch-checkpoint
// text format: version line "0", entry count, then "epoch startOffset" per line.
import fs from 'node:fs';
import { writeFileAtomic } from '../fs/atomic.js';

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export class LeaderEpochCache {
  readonly path: string;
  private entries: EpochEntry[] = [];

  constructor(path: string) {
    this.path = path;
  }

  /**
   * Loads the checkpoint, strictly as Kafka's CheckpointFile reads it: version 0, the count, exactly
   * that many "epoch startOffset" lines in increasing order, a newline after each. Anything else
   * (a torn or damaged file, which could otherwise parse as a wrong offset) leaves the cache empty and
   * answers 'damaged', so the caller can rebuild it from the log; 'missing' when there is no file.
   */
  load(): 'ok' | 'missing' | 'damaged' {
    this.entries = [];
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch {
      return 'missing';
    }
    const lines = text.split('\n');
    // The last element is what follows the final newline: nothing in a whole file.
    if (lines.pop() !== '' || lines[0] !== '0' || !/^\d+$/.test(lines[1] ?? '')) return 'damaged';
    const count = Number(lines[1]);
    if (lines.length !== 2 + count) return 'damaged';
    for (let i = 0; i < count; i++) {
      const m = /^(\d+) (\d+)$/.exec(lines[2 + i] as string);
      if (m === null || !this.push(Number(m[1]), Number(m[2]))) {
        this.entries = [];
        return 'damaged';
      }
    }
    return 'ok';
  }

  /** Adds `epoch` at `startOffset` in memory only (rebuilding on open); false unless newer than the latest. */
  extend(epoch: number, startOffset: number): boolean {
    return epoch >= 0 && this.push(epoch, startOffset);
  }

  /** Writes the checkpoint if it can: on open, a full disk must not keep the log from opening. */
  checkpoint(): boolean {
    try {
      this.persist();
      return true;
    } catch {
      return false;
    }
  }

  all(): readonly EpochEntry[] {
    return this.entries;
  }

  latest(): EpochEntry | undefined {
    return this.entries[this.entries.length - 1];
  }

  private push(epoch: number, startOffset: number): boolean {
    const last = this.latest();
    if (last !== undefined && (epoch <= last.epoch || startOffset < last.startOffset)) return false;
    if (last?.startOffset === startOffset) this.entries.pop();
    this.entries.push({ epoch, startOffset });
    return true;
  }

  /**
   * Records that `epoch` starts at `startOffset`; ignored unless newer than the latest epoch. Throws
   * (the cache unchanged) when the checkpoint cannot be written: the caller has not appended yet.
   */
  assign(epoch: number, startOffset: number): boolean {
    if (epoch < 0) return false;
    const before = this.entries.slice();
    const changed = this.push(epoch, startOffset);
    if (changed) {
      try {
        this.persist();
      } catch (err) {
        this.entries = before;
        throw err;
      }
    }
    return changed;
  }

  /**
   * Drops epochs that start at or after `endOffset` (the log was cut there). The checkpoint is
   * rewritten if it can be: one left stale (disk full) is cut the same way on the next open.
   */
  truncateFromEnd(endOffset: number): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.startOffset < endOffset);
    if (this.entries.length !== before) this.persistIfPossible();
  }

  /** The log now starts at `startOffset`: the epoch covering it starts there, older ones go. */
  truncateFromStart(startOffset: number): void {
    let covering = -1;
    for (let i = 0; i < this.entries.length; i++) if ((this.entries[i] as EpochEntry).startOffset <= startOffset) covering = i;
    if (covering < 0) return;
    const cover = this.entries[covering] as EpochEntry;
    if (covering === 0 && cover.startOffset === startOffset) return;
    this.entries = [{ epoch: cover.epoch, startOffset }, ...this.entries.slice(covering + 1)];
    this.persistIfPossible();
  }

  /**
   * Kafka's answer to OffsetForLeaderEpoch: the largest epoch <= `requested` and the offset where the
   * next epoch starts (the log end offset for the latest epoch); (-1, -1) when unknown.
   */
  endOffsetFor(requested: number, logEndOffset: number): { epoch: number; endOffset: number } {
    const latest = this.latest();
    if (requested < 0 || latest === undefined) return { epoch: -1, endOffset: -1 };
    if (requested === latest.epoch) return { epoch: requested, endOffset: logEndOffset };
    let floor: EpochEntry | undefined;
    let higher: EpochEntry | undefined;
    for (const e of this.entries) {
      if (e.epoch <= requested) floor = e;
      else if (higher === undefined) higher = e;
    }
    if (higher === undefined) return { epoch: -1, endOffset: -1 };
    return { epoch: floor === undefined ? requested : floor.epoch, endOffset: higher.startOffset };
  }

  /** Truncations are redone from the log on every open, so a failed rewrite of one only waits for that. */
  private persistIfPossible(): void {
    this.checkpoint();
  }

  persist(): void {
    const lines = ['0', String(this.entries.length), ...this.entries.map((e) => `${e.epoch} ${e.startOffset}`)];
    writeFileAtomic(this.path, lines.join('\n') + '\n');
  }
}
