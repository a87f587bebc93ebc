import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLEANER_SETTINGS, LogCleaner, cleanPass, cleanableRange, isCleanable } from '../../../../src/broker/log/cleaner.js';
import { makeLogConfig, type LogConfig } from '../../../../src/broker/log/config.js';
import { CLEANER_CHECKPOINT_FILE, PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { decodeRecordBatches, encodeRecordBatch, type RecordBatch } from '../../../../src/protocol/records/batch.js';
import type { RecordInput } from '../../../../src/protocol/records/record.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { rmDir, tempDir } from './batches.js';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

let root: string;
let clock: ManualClock;
const logs: PartitionLog[] = [];

function openLog(name = 'compacted-0', overrides: Partial<LogConfig> = {}): PartitionLog {
  const log = PartitionLog.open(path.join(root, name), makeLogConfig({ cleanupPolicy: 'compact', ...overrides }), clock);
  logs.push(log);
  return log;
}

function put(log: PartitionLog, records: RecordInput[]): number {
  return log.append(encodeRecordBatch({ records, timestamp: clock.now() }), { leaderEpoch: 0 }).baseOffset;
}

/** One segment holding `n` records of keys k0..k(keys-1) in turn, values tagged with `tag`. */
function segment(log: PartitionLog, n: number, keys: number, tag: string): void {
  for (let i = 0; i < n; i++) put(log, [{ key: `k${i % keys}`, value: `${tag}-${i}` }]);
  log.roll();
}

function survivors(log: PartitionLog): [number, string, string | null][] {
  const out: [number, string, string | null][] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const batches = decodeRecordBatches(log.read(offset, 1 << 20).records, { verifyCrc: true });
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) for (const r of b.records) out.push([Number(r.offset), r.key?.toString() ?? '<null>', r.value?.toString() ?? null]);
    const last = batches.at(-1) as RecordBatch;
    offset = Number(last.baseOffset) + last.lastOffsetDelta + 1;
  }
  return out;
}

beforeEach(() => {
  root = tempDir();
  clock = new ManualClock(T0);
});

afterEach(() => {
  for (const l of logs.splice(0)) {
    try {
      l.close();
    } catch {
      // closed by the test
    }
  }
  rmDir(root);
});

describe('dirty ratio and the choice of log', () => {
  it('measures clean and cleanable bytes from the checkpoint and picks the dirtiest log above min.cleanable.dirty.ratio', async () => {
    const a = openLog('a-0');
    segment(a, 10, 5, 'a1');
    put(a, [{ key: 'x', value: 'active' }]);
    const fresh = cleanableRange(a.cleanerView(), a.config, clock.now());
    expect(fresh).toMatchObject({ firstDirty: 0, firstUncleanable: 10, cleanBytes: 0, ratio: 1, needCompactionNow: false });
    expect(fresh.cleanableBytes).toBe(a.cleanerView().closed[0]?.size);
    await a.compact();
    const cleanedSize = a.cleanerView().closed[0]?.size as number;
    expect(a.cleanerView().checkpoint).toBe(10);
    // One more segment of the same size as the first, uncleaned: ratio = dirty / (clean + dirty).
    segment(a, 10, 5, 'a2');
    const dirtySize = a.cleanerView().closed[1]?.size as number;
    const range = cleanableRange(a.cleanerView(), a.config, clock.now());
    expect(range).toMatchObject({ firstDirty: 10, firstUncleanable: 21, cleanBytes: cleanedSize, cleanableBytes: dirtySize });
    expect(range.ratio).toBeCloseTo(dirtySize / (cleanedSize + dirtySize), 10);
    expect(isCleanable(range, a.config)).toBe(true);
    expect(isCleanable(range, { ...a.config, minCleanableDirtyRatio: 0.9 })).toBe(false);

    // b: a small dirty part over a big clean one, below the ratio.
    const b = openLog('b-0');
    segment(b, 40, 40, 'b1');
    await b.compact();
    segment(b, 2, 2, 'b2');
    const bRange = cleanableRange(b.cleanerView(), b.config, clock.now());
    expect(bRange.ratio).toBeLessThan(0.5);

    const c = openLog('c-0', { cleanupPolicy: 'delete' });
    segment(c, 10, 1, 'c');
    const cleaner = new LogCleaner({
      logs: () => [{ name: 'a-0', log: a }, { name: 'b-0', log: b }, { name: 'c-0', log: c }],
      settings: () => ({ ...DEFAULT_CLEANER_SETTINGS, backoffMs: 1000 }),
      now: () => clock.now(),
      log: () => undefined,
    });
    expect(cleaner.filthiest(clock.now())?.name).toBe('a-0');
    b.updateConfig({ minCleanableDirtyRatio: 0.01 });
    a.updateConfig({ minCleanableDirtyRatio: 0.99 });
    expect(cleaner.filthiest(clock.now())?.name).toBe('b-0');
    // Kafka compares strictly: a ratio equal to the minimum does not qualify.
    b.updateConfig({ minCleanableDirtyRatio: bRange.ratio });
    expect(cleaner.filthiest(clock.now())).toBeNull();
    expect(await cleaner.cleanOnce()).toBe(false);
    b.updateConfig({ minCleanableDirtyRatio: 0.01 });
    expect(await cleaner.cleanOnce()).toBe(true);
    expect(b.cleanerView().checkpoint).toBe(42);
    expect(survivors(b).filter(([o]) => o < 40)).toHaveLength(38);
    expect(survivors(c)).toHaveLength(10);
  });

  it('keeps segments younger than min.compaction.lag.ms dirty and cleans them once old enough', async () => {
    const log = openLog('lag-0', { minCompactionLagMs: HOUR });
    segment(log, 4, 2, 'old'); // 0-3 at T0
    clock.advance(HOUR / 2);
    segment(log, 2, 2, 'new'); // 4-5 at T0 + 30 min
    put(log, [{ key: 'z', value: 'active' }]);
    clock.advance(HOUR / 2); // the first segment is exactly the lag old: clean; the second is not
    expect(cleanableRange(log.cleanerView(), log.config, clock.now()).firstUncleanable).toBe(4);
    await log.compact();
    expect(survivors(log)).toEqual([
      [2, 'k0', 'old-2'],
      [3, 'k1', 'old-3'],
      [4, 'k0', 'new-0'],
      [5, 'k1', 'new-1'],
      [6, 'z', 'active'],
    ]);
    expect(log.cleanerView().checkpoint).toBe(4);
    clock.advance(HOUR / 2);
    await log.compact();
    expect(survivors(log)).toEqual([
      [4, 'k0', 'new-0'],
      [5, 'k1', 'new-1'],
      [6, 'z', 'active'],
    ]);
  });

  it('cleans a log dirtier than nothing once a dirty record is older than max.compaction.lag.ms', async () => {
    const log = openLog('maxlag-0', { minCleanableDirtyRatio: 0.99, maxCompactionLagMs: HOUR });
    segment(log, 20, 20, 'base');
    await log.compact();
    segment(log, 2, 1, 'dup'); // 20-21, same key twice
    const cleaner = new LogCleaner({
      logs: () => [{ name: 'maxlag-0', log }],
      settings: () => ({ ...DEFAULT_CLEANER_SETTINGS, backoffMs: 1000 }),
      now: () => clock.now(),
      log: () => undefined,
    });
    const range = cleanableRange(log.cleanerView(), log.config, clock.now());
    expect(range.ratio).toBeLessThan(0.99);
    expect(range.needCompactionNow).toBe(false);
    expect(await cleaner.cleanOnce()).toBe(false);
    clock.advance(HOUR + 1);
    expect(cleanableRange(log.cleanerView(), log.config, clock.now()).needCompactionNow).toBe(true);
    expect(await cleaner.cleanOnce()).toBe(true);
    expect(survivors(log).map(([o]) => o)).toEqual([...Array.from({ length: 20 }, (_, i) => i).filter((o) => o !== 0), 21]);
  });
});

describe('cleaning passes', () => {
  it('cleans in several passes when the offset map is too small, to the same records at the same offsets', async () => {
    const small = openLog('small-0');
    const big = openLog('big-0');
    for (const log of [small, big]) {
      for (let s = 0; s < 4; s++) segment(log, 30, 12, `s${s}`);
      put(log, [{ key: 'k0', value: 'active' }]);
    }
    // 5 keys per map (5 * 24 bytes at load factor 1): 12 keys need several passes.
    const settings = { ...DEFAULT_CLEANER_SETTINGS, dedupeBufferSize: 5 * 24, loadFactor: 1 };
    const ends: number[] = [];
    for (;;) {
      const r = await cleanPass(small, { now: clock.now(), settings });
      if (r === null) break;
      expect(r.keys).toBeLessThanOrEqual(5);
      ends.push(r.endOffset);
    }
    expect(ends.length).toBeGreaterThan(2);
    expect(ends).toEqual([...ends].sort((x, y) => x - y));
    expect(ends.at(-1)).toBe(120);
    await big.compact();
    expect(survivors(small)).toEqual(survivors(big));
    expect(survivors(small)).toEqual([
      ...Array.from({ length: 12 }, (_, i): [number, string, string] => [108 + i, `k${(18 + i) % 12}`, `s3-${18 + i}`]),
      [120, 'k0', 'active'],
    ]);
    // The checkpoint survives a restart.
    expect(fs.readFileSync(path.join(small.dir, CLEANER_CHECKPOINT_FILE), 'utf8')).toBe('120\n');
    small.close();
    const again = openLog('small-0');
    expect(again.cleanerView().checkpoint).toBe(120);
    expect(survivors(again)).toEqual(survivors(big));
  });

  it('keeps appends, rolls and reads correct while a pass runs, and swaps in indexes that match the files', async () => {
    const log = openLog('busy-0', { indexIntervalBytes: 256 });
    for (let s = 0; s < 3; s++) segment(log, 200, 50, `s${s}`);
    const pass = log.compact();
    // Interleave: these run between the pass's slices.
    let appended = 0;
    const before = survivors(log).length;
    expect(before).toBe(600);
    while (appended < 100) {
      put(log, [{ key: `k${appended % 50}`, value: `live-${appended}` }]);
      appended++;
      if (appended % 25 === 0) log.roll();
      await new Promise((r) => setImmediate(r));
    }
    const stats = await pass;
    expect(stats.segmentsCleaned).toBeGreaterThan(0);
    const got = survivors(log);
    // The cleaned part: the last value of each key among the first 600 records; then every live record.
    expect(got.filter(([o]) => o < 600)).toEqual(Array.from({ length: 50 }, (_, i): [number, string, string] => [550 + i, `k${i}`, `s2-${150 + i}`]));
    expect(got.filter(([o]) => o >= 600)).toEqual(Array.from({ length: 100 }, (_, i): [number, string, string] => [600 + i, `k${i % 50}`, `live-${i}`]));
    // Point reads through the new offset index land on the right batch.
    for (const o of [0, 549, 550, 575, 599]) {
      const first = decodeRecordBatches(log.read(o, 1).records)[0] as RecordBatch;
      expect(Number(first.baseOffset)).toBe(Math.max(o, 550));
    }
    expect(log.offsetForTimestamp(T0)?.offset).toBe(550);
    expect(fs.readdirSync(log.dir).filter((f) => f.endsWith('.cleaned'))).toEqual([]);
    // A reopen (clean shutdown) trusts the swapped-in indexes and reads the same.
    log.close();
    const again = openLog('busy-0', { indexIntervalBytes: 256 });
    expect(again.openReport.rebuiltIndexes).toBe(0);
    expect(survivors(again)).toEqual(got);
  });

  it('leaves no trace when the log closes mid-pass, and skips a segment that retention removed meanwhile', async () => {
    const log = openLog('closing-0');
    for (let s = 0; s < 3; s++) segment(log, 200, 10, `s${s}`);
    const files = fs.readdirSync(log.dir).sort();
    const pass = log.compact();
    await new Promise((r) => setImmediate(r));
    log.close();
    await expect(pass).rejects.toThrow(/aborted|closed/);
    expect(fs.readdirSync(log.dir).filter((f) => f !== '.clean-shutdown').sort()).toEqual(files);

    const again = openLog('closing-0', { cleanupPolicy: 'compact,delete' });
    const pass2 = again.compact();
    await new Promise((r) => setImmediate(r));
    expect(again.deleteRecordsBefore(200)).toBe(200);
    await pass2;
    expect(again.segmentBaseOffsets()[0]).toBe(200);
    expect(survivors(again)).toEqual(Array.from({ length: 10 }, (_, i): [number, string, string] => [590 + i, `k${i}`, `s2-${190 + i}`]));
    expect(fs.readdirSync(again.dir).filter((f) => f.endsWith('.cleaned'))).toEqual([]);
  });
});

describe('crash safety of the swap', () => {
  /** Two copies of the same log; `cleaned` is compacted, `original` is left as it was. */
  async function twoCopies(): Promise<{ original: string; cleaned: string; before: [number, string, string | null][]; after: [number, string, string | null][] }> {
    const log = openLog('orig-0');
    segment(log, 300, 7, 'v');
    put(log, [{ key: 'a', value: 'active' }]);
    const before = survivors(log);
    log.close();
    const copy = path.join(root, 'copy-0');
    fs.cpSync(log.dir, copy, { recursive: true });
    const c = openLog('copy-0');
    await c.compact();
    const after = survivors(c);
    c.close();
    return { original: log.dir, cleaned: copy, before, after };
  }
  const base = '00000000000000000000';

  it('keeps the old segment when the crash comes before the .log rename (leftover .cleaned files deleted)', async () => {
    const { original, cleaned, before } = await twoCopies();
    for (const ext of ['log', 'index', 'timeindex']) fs.copyFileSync(path.join(cleaned, `${base}.${ext}`), path.join(original, `${base}.${ext}.cleaned`));
    fs.rmSync(path.join(original, '.clean-shutdown'));
    const log = openLog('orig-0');
    expect(survivors(log)).toEqual(before);
    expect(fs.readdirSync(original).filter((f) => f.endsWith('.cleaned'))).toEqual([]);
  });

  it('has the new segment, indexes rebuilt, when the crash comes between the .log and the index renames', async () => {
    const { original, cleaned, after } = await twoCopies();
    fs.rmSync(path.join(original, `${base}.index`));
    fs.rmSync(path.join(original, `${base}.timeindex`));
    fs.copyFileSync(path.join(cleaned, `${base}.log`), path.join(original, `${base}.log`));
    fs.copyFileSync(path.join(cleaned, `${base}.index`), path.join(original, `${base}.index.cleaned`));
    fs.copyFileSync(path.join(cleaned, `${base}.timeindex`), path.join(original, `${base}.timeindex.cleaned`));
    fs.rmSync(path.join(original, '.clean-shutdown'));
    const log = openLog('orig-0');
    expect(log.openReport.rebuiltIndexes).toBeGreaterThan(0);
    expect(survivors(log)).toEqual(after);
    expect(after).toEqual([...Array.from({ length: 7 }, (_, i): [number, string, string] => [293 + i, `k${(293 + i) % 7}`, `v-${293 + i}`]), [300, 'a', 'active']]);
  });
});
