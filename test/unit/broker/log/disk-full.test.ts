// A write the file system refuses (ENOSPC, injected here into node:fs) fails that append alone with
// KAFKA_STORAGE_ERROR and leaves the log exactly as it was: no partial batch in the .log, indexes that
// still match it, no new segment, no epoch entry. The next append after the fault continues the offsets,
// and reopening (cleanly or after a crash) finds every batch written before.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeLogConfig, type LogConfig } from '../../../../src/broker/log/config.js';
import { KafkaStorageError } from '../../../../src/broker/log/errors.js';
import { LEADER_EPOCH_FILE, LOG_START_OFFSET_FILE, PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { baseOffsetOf, rmDir, splitBatches, tempDir, valueBatch } from './batches.js';

const T0 = 1_700_000_000_000;
let dir: string;
let clock: ManualClock;
const open: PartitionLog[] = [];

function openLog(overrides: Partial<LogConfig> = {}): PartitionLog {
  const log = PartitionLog.open(dir, makeLogConfig(overrides), clock);
  open.push(log);
  return log;
}

function enospc(syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', errno: -28, syscall });
}

const realWriteSync = fs.writeSync.bind(fs) as (fd: number, buf: Buffer, off: number, len: number, pos: number | null) => number;

/**
 * Makes the next write of a record batch (a write longer than any index entry) write only its
 * first half and then fail, as a filling disk does; index entry writes fail when `indexes`.
 */
function failWrites(opts: { batches: boolean; indexes: boolean }): void {
  let partialDone = false;
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Buffer, off: number, len: number, pos: number | null) => {
    const isIndexEntry = len === 8 || len === 12;
    if (isIndexEntry && opts.indexes) throw enospc('write');
    if (!isIndexEntry && opts.batches) {
      if (!partialDone) {
        partialDone = true;
        return realWriteSync(fd, buf, off, Math.floor(len / 2), pos);
      }
      throw enospc('write');
    }
    return realWriteSync(fd, buf, off, len, pos);
  }) as typeof fs.writeSync);
  if (opts.indexes) failOpen((p) => p.endsWith('index.tmp'));
}

/** Makes opening a file whose path matches fail with ENOSPC (no room for a new file's first block). */
function failOpen(matches: (p: string) => boolean): void {
  const realOpen = fs.openSync.bind(fs) as (p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => number;
  vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    if (matches(String(p))) throw enospc('open');
    return realOpen(p, flags, mode);
  }) as typeof fs.openSync);
}

function readAll(log: PartitionLog): Buffer[] {
  const out: Buffer[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const batches = splitBatches(log.read(offset, 1 << 20).records);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) {
      out.push(b);
      offset = baseOffsetOf(b) + b.readInt32BE(23) + 1;
    }
  }
  return out;
}

function logFileSizes(): number {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

function expectStorageError(fn: () => unknown): KafkaStorageError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(KafkaStorageError);
  const e = caught as KafkaStorageError;
  expect(e.kafkaErrorCode).toBe(56);
  expect(e.message).toBe(`Error while appending records to topic-0 in dir ${path.dirname(dir)}`);
  expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
  return e;
}

beforeEach(() => {
  dir = path.join(tempDir(), 'topic-0');
  clock = new ManualClock(T0);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const l of open.splice(0)) {
    try {
      l.close();
    } catch {
      // closed by the test
    }
  }
  rmDir(path.dirname(dir));
});

describe('a write refused by the file system', () => {
  it('rolls back a partially written batch: same size, same offsets, the next append continues', () => {
    const log = openLog({ indexIntervalBytes: 100 });
    const written = Array.from({ length: 20 }, (_, i) => valueBatch(3, 60, i));
    for (const b of written) log.append(b);
    const sizeBefore = logFileSizes();
    expect(log.logEndOffset).toBe(60);

    failWrites({ batches: true, indexes: false });
    expectStorageError(() => log.append(valueBatch(3, 60, 100)));
    vi.restoreAllMocks();

    // Nothing of the failed batch: not in the file, not in the offsets, not in what reads return.
    expect(logFileSizes()).toBe(sizeBefore);
    expect(log.logEndOffset).toBe(60);
    expect(readAll(log)).toEqual(written);

    const after = valueBatch(3, 60, 200);
    expect(log.append(after).baseOffset).toBe(60);
    log.close();
    const reopened = openLog({ indexIntervalBytes: 100 });
    expect(reopened.openReport.truncatedBytes).toBe(0);
    expect(readAll(reopened)).toEqual([...written, after]);
    for (let o = 0; o < 63; o++) expect(baseOffsetOf(splitBatches(reopened.read(o, 1).records)[0] as Buffer)).toBe(o - (o % 3));
  });

  it('cuts the partial bytes on the next append when the rollback itself failed, and recovery after a crash agrees', () => {
    const log = openLog();
    const written = Array.from({ length: 5 }, (_, i) => valueBatch(2, 50, i));
    for (const b of written) log.append(b);
    const sizeBefore = logFileSizes();

    failWrites({ batches: true, indexes: false });
    vi.spyOn(fs, 'ftruncateSync').mockImplementation(() => {
      throw enospc('ftruncate');
    });
    expectStorageError(() => log.append(valueBatch(2, 500, 99)));
    vi.restoreAllMocks();
    // Half a batch is left past the end, unseen by readers.
    expect(logFileSizes()).toBeGreaterThan(sizeBefore);
    expect(readAll(log)).toEqual(written);

    // A shorter batch next: the torn bytes are cut first, so none of them is left behind it.
    const next = valueBatch(1, 10, 7);
    expect(log.append(next).baseOffset).toBe(10);
    expect(logFileSizes()).toBe(sizeBefore + next.length);

    // Crash (no close): the CRC scan of the active segment finds whole batches only.
    const reopened = openLog();
    expect(reopened.openReport.cleanShutdown).toBe(false);
    expect(reopened.openReport.truncatedBytes).toBe(0);
    expect(readAll(reopened)).toEqual([...written, next]);
  });

  it('keeps appending when index entry writes fail, and the indexes are whole again after a reopen', () => {
    const cfg = { indexIntervalBytes: 64 };
    const log = openLog(cfg);
    const first = Array.from({ length: 10 }, (_, i) => valueBatch(2, 40, i, T0 + i));
    for (const b of first) log.append(b);

    failWrites({ batches: false, indexes: true });
    // The batches are written; only their index entries are not: the appends succeed.
    const during = Array.from({ length: 10 }, (_, i) => valueBatch(2, 40, 50 + i, T0 + 50 + i));
    for (const b of during) log.append(b);
    vi.restoreAllMocks();
    expect(fs.existsSync(path.join(dir, '00000000000000000000.index'))).toBe(false);

    // The next entry rewrites the file whole from memory.
    const later = Array.from({ length: 5 }, (_, i) => valueBatch(2, 40, 90 + i, T0 + 90 + i));
    for (const b of later) log.append(b);
    const all = [...first, ...during, ...later];
    expect(readAll(log)).toEqual(all);
    expect(log.offsetForTimestamp(T0 + 55)?.offset).toBe(30);
    log.close();

    const reopened = openLog(cfg);
    expect(reopened.openReport.rebuiltIndexes).toBe(0);
    expect(readAll(reopened)).toEqual(all);
    for (let o = 0; o < 50; o++) expect(baseOffsetOf(splitBatches(reopened.read(o, 1).records)[0] as Buffer)).toBe(o - (o % 2));
    expect(reopened.offsetForTimestamp(T0 + 55)?.offset).toBe(30);
  });

  it('keeps the active segment when the new segment of a roll cannot be created', () => {
    const cfg = { segmentBytes: 1000 };
    const log = openLog(cfg);
    const written: Buffer[] = [];
    while (log.segmentCount() === 1) {
      const b = valueBatch(1, 100, written.length);
      log.append(b);
      written.push(b);
    }
    const segments = log.segmentCount();
    const files = fs.readdirSync(dir).sort();

    vi.spyOn(fs, 'writeFileSync').mockImplementation(() => {
      throw enospc('open');
    });
    // Enough to fill the active segment and force the next roll.
    let failed = 0;
    for (let i = 0; i < 20 && failed === 0; i++) {
      const b = valueBatch(1, 100, 100 + i);
      try {
        log.append(b);
        written.push(b);
      } catch (err) {
        expect(err).toBeInstanceOf(KafkaStorageError);
        failed++;
      }
    }
    vi.restoreAllMocks();
    expect(failed).toBe(1);
    expect(log.segmentCount()).toBe(segments);
    // No half-made segment files were left behind.
    expect(fs.readdirSync(dir).filter((f) => !files.includes(f))).toEqual([]);
    expect(log.logEndOffset).toBe(written.length);

    const next = valueBatch(1, 100, 999);
    expect(log.append(next).baseOffset).toBe(written.length);
    expect(log.segmentCount()).toBe(segments + 1);
    expect(readAll(log)).toEqual([...written, next]);
    log.close();
    expect(readAll(openLog(cfg))).toEqual([...written, next]);
  });

  it('writes nothing when the first append cannot checkpoint its leader epoch', () => {
    const log = openLog();
    failOpen((p) => p.endsWith(`${LEADER_EPOCH_FILE}.tmp`));
    expectStorageError(() => log.append(valueBatch(1, 10, 1)));
    vi.restoreAllMocks();
    expect(log.logEndOffset).toBe(0);
    expect(logFileSizes()).toBe(0);
    expect(log.latestLeaderEpoch()).toBe(-1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const b = valueBatch(1, 10, 2);
    expect(log.append(b).baseOffset).toBe(0);
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 1 });
    expect(fs.readFileSync(path.join(dir, LEADER_EPOCH_FILE), 'utf8')).toBe('0\n1\n0 0\n');
  });

  it('fails DeleteRecords when its log start cannot be checkpointed, yet retention still deletes (which frees space)', () => {
    const cfg = { segmentBytes: 500 };
    const log = openLog(cfg);
    for (let i = 0; i < 20; i++) log.append(valueBatch(1, 100, i, T0 + i));
    const segments = log.segmentCount();
    expect(segments).toBeGreaterThan(3);
    failOpen((p) => p.endsWith(`${LOG_START_OFFSET_FILE}.tmp`));
    let caught: unknown;
    try {
      log.deleteRecordsBefore(5);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KafkaStorageError);
    expect(log.logStartOffset).toBe(0);
    expect(log.segmentCount()).toBe(segments);

    // Retention: the first remaining segment's base is the log start on reopen, checkpoint or not.
    log.updateConfig({ retentionBytes: 1000 });
    const deleted = log.enforceRetention(T0 + 100);
    vi.restoreAllMocks();
    expect(deleted).toBeGreaterThan(0);
    const start = log.logStartOffset;
    expect(start).toBe(log.segmentBaseOffsets()[0]);
    expect(fs.existsSync(path.join(dir, LOG_START_OFFSET_FILE))).toBe(false);
    const kept = readAll(log);
    log.close();
    const reopened = openLog({ ...cfg, retentionBytes: 1000 });
    expect(reopened.logStartOffset).toBe(start);
    expect(readAll(reopened)).toEqual(kept);
  });
});
