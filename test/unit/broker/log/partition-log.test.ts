import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeLogConfig, type LogConfig } from '../../../../src/broker/log/config.js';
import { CorruptRecordError, LogClosedError, OffsetOutOfRangeError, RecordTooLargeError } from '../../../../src/broker/log/errors.js';
import { CLEAN_SHUTDOWN_FILE, LOG_START_OFFSET_FILE, PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { encodeRecordBatch } from '../../../../src/protocol/records/batch.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { baseOffsetOf, buildBatch, crcValid, rmDir, splitBatches, tempDir, valueBatch } from './batches.js';

const T0 = 1_700_000_000_000;

let dir: string;
let clock: ManualClock;
const open: PartitionLog[] = [];

function openLog(overrides: Partial<LogConfig> = {}): PartitionLog {
  const log = PartitionLog.open(dir, makeLogConfig(overrides), clock);
  open.push(log);
  return log;
}

/** Stored copies of appended batches, keyed by base offset. */
function appendAll(log: PartitionLog, batches: Buffer[], epoch = 0): Map<number, Buffer> {
  const stored = new Map<number, Buffer>();
  for (const b of batches) {
    const { baseOffset } = log.append(b, { leaderEpoch: epoch });
    stored.set(baseOffset, Buffer.from(b));
  }
  return stored;
}

function readAllBatches(log: PartitionLog): Buffer[] {
  const out: Buffer[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const r = log.read(offset, 1 << 20);
    expect(r.outOfRange).toBe(false);
    const batches = splitBatches(r.records);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) {
      out.push(b);
      offset = baseOffsetOf(b) + b.readInt32BE(23) + 1;
    }
  }
  return out;
}

function segmentFiles(suffix: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort();
}

beforeEach(() => {
  dir = path.join(tempDir(), 'topic-0');
  clock = new ManualClock(T0);
});

afterEach(() => {
  for (const l of open.splice(0)) {
    try {
      l.close();
    } catch {
      // already closed or deleted by the test
    }
  }
  rmDir(path.dirname(dir));
});

describe('append and read', () => {
  it('assigns offsets, stamps the batch in place and reads back the exact bytes across many rolls', () => {
    const log = openLog({ segmentBytes: 1024 });
    const batches = Array.from({ length: 60 }, (_, i) => valueBatch(1 + (i % 4), 20 + ((i * 37) % 150), i));
    let expectedBase = 0;
    for (const b of batches) {
      const res = log.append(b, { leaderEpoch: 7 });
      const count = b.readInt32BE(57);
      expect(res).toEqual({ baseOffset: expectedBase, lastOffset: expectedBase + count - 1, logAppendTime: -1 });
      expect(baseOffsetOf(b)).toBe(expectedBase);
      expect(b.readInt32BE(12)).toBe(7);
      expect(crcValid(b)).toBe(true);
      expectedBase += count;
    }
    expect(log.logEndOffset).toBe(expectedBase);
    expect(log.segmentCount()).toBeGreaterThan(10);
    expect(segmentFiles('.log')).toEqual(log.segmentBaseOffsets().map((o) => `${String(o).padStart(20, '0')}.log`));
    for (const f of segmentFiles('.log')) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(1024);
    expect(Buffer.concat(readAllBatches(log))).toEqual(Buffer.concat(batches));
    expect(log.sizeInBytes()).toBe(Buffer.concat(batches).length);
  });

  it('returns the batch containing an offset in the middle of it, for every offset', () => {
    const log = openLog({ segmentBytes: 2048, indexIntervalBytes: 100 });
    const stored = appendAll(log, Array.from({ length: 40 }, (_, i) => valueBatch(5, 30, i)));
    for (let off = 0; off < log.logEndOffset; off++) {
      const r = log.read(off, 1);
      const [first, ...rest] = splitBatches(r.records);
      expect(rest).toHaveLength(0);
      const base = off - (off % 5);
      expect(first).toEqual(stored.get(base));
    }
  });

  it('honours maxBytes with whole batches and always returns one batch with minOneBatch', () => {
    const log = openLog();
    const stored = appendAll(log, Array.from({ length: 10 }, (_, i) => valueBatch(2, 100, i)));
    const size = (stored.get(0) as Buffer).length;
    expect(splitBatches(log.read(0, size * 3 + size - 1).records)).toHaveLength(3);
    expect(log.read(0, size * 3 + size - 1).records.length).toBe(size * 3);
    expect(splitBatches(log.read(4, 10).records)).toEqual([stored.get(4)]);
    expect(log.read(4, 10, false).records.length).toBe(0);
    expect(log.read(4, 10, false).outOfRange).toBe(false);
    expect(log.read(4, size, false).records).toEqual(stored.get(4));
  });

  it('reads from one segment per call', () => {
    const log = openLog({ segmentBytes: 600 });
    appendAll(log, Array.from({ length: 10 }, (_, i) => valueBatch(1, 200, i)));
    const segs = log.segmentBaseOffsets();
    const r = log.read(0, 1 << 20);
    const last = splitBatches(r.records).at(-1) as Buffer;
    expect(baseOffsetOf(last) + 1).toBe(segs[1]);
  });

  it('flags offsets outside [logStart, logEnd] and answers empty at the log end', () => {
    const log = openLog();
    appendAll(log, [valueBatch(3, 10, 1)]);
    expect(log.read(3, 1000)).toEqual({ outOfRange: false, records: Buffer.alloc(0), logStartOffset: 0, logEndOffset: 3 });
    expect(log.read(4, 1000).outOfRange).toBe(true);
    expect(log.read(-1, 1000).outOfRange).toBe(true);
  });

  it('rejects malformed and oversized batches without changing the log', () => {
    const log = openLog({ maxMessageBytes: 500 });
    const good = valueBatch(1, 10, 1);
    expect(() => log.append(good.subarray(0, good.length - 1), { leaderEpoch: 0 })).toThrow(CorruptRecordError);
    const badMagic = Buffer.from(good);
    badMagic.writeInt8(1, 16);
    expect(() => log.append(badMagic, { leaderEpoch: 0 })).toThrow(CorruptRecordError);
    expect(() => log.append(valueBatch(1, 600, 1), { leaderEpoch: 0 })).toThrow(RecordTooLargeError);
    expect(log.logEndOffset).toBe(0);
    expect(log.sizeInBytes()).toBe(0);
  });

  it('stamps LogAppendTime: attribute bit 3, maxTimestamp and a recomputed valid CRC', () => {
    const log = openLog({ messageTimestampType: 'LogAppendTime' });
    const b = buildBatch([
      { key: 'a', value: 'x', timestamp: T0 - 5000 },
      { key: 'b', value: 'y', timestamp: T0 - 4000 },
    ]);
    const crcBefore = b.readUInt32BE(17);
    log.append(b, { leaderEpoch: 0, logAppendTime: T0 + 42 });
    const stored = log.read(0, 1000).records;
    expect(stored.readInt16BE(21) & 0x08).toBe(0x08);
    expect(Number(stored.readBigInt64BE(35))).toBe(T0 + 42);
    expect(Number(stored.readBigInt64BE(27))).toBe(T0 - 5000);
    expect(stored.readUInt32BE(17)).not.toBe(crcBefore);
    expect(crcValid(stored)).toBe(true);
    // Every record of a LogAppendTime batch carries the append time.
    expect(log.offsetForTimestamp(T0)).toEqual({ offset: 0, timestamp: T0 + 42, leaderEpoch: 0 });
    expect(log.maxTimestampOffset()).toEqual({ offset: 0, timestamp: T0 + 42, leaderEpoch: 0 });
  });

  it('stamps the clock time on every append of a LogAppendTime topic and reports it', () => {
    const log = openLog({ messageTimestampType: 'LogAppendTime' });
    clock.advance(7);
    const res = log.append(buildBatch([{ key: 'a', value: 'x', timestamp: 5 }]), { leaderEpoch: 0 });
    expect(res.logAppendTime).toBe(T0 + 7);
    const stored = log.read(0, 1000).records;
    expect(Number(stored.readBigInt64BE(35))).toBe(T0 + 7);
    expect(stored.readInt16BE(21) & 0x08).toBe(0x08);
    expect(crcValid(stored)).toBe(true);
    log.updateConfig({ messageTimestampType: 'CreateTime' });
    expect(log.append(buildBatch([{ key: 'b', value: 'y', timestamp: 5 }]), { leaderEpoch: 0 }).logAppendTime).toBe(-1);
    expect(Number(log.read(1, 1000).records.readBigInt64BE(35))).toBe(5);
  });

  it('rolls by segment.ms measured from the first append', () => {
    const log = openLog({ segmentMs: 1000 });
    appendAll(log, [valueBatch(1, 10, 1)]);
    clock.advance(1000);
    appendAll(log, [valueBatch(1, 10, 2)]);
    expect(log.segmentCount()).toBe(1);
    clock.advance(1);
    appendAll(log, [valueBatch(1, 10, 3)]);
    expect(log.segmentBaseOffsets()).toEqual([0, 2]);
    clock.advance(5000);
    appendAll(log, [valueBatch(1, 10, 4)]);
    expect(log.segmentBaseOffsets()).toEqual([0, 2, 3]);
  });

  it('throws LogClosedError after close', () => {
    const log = openLog();
    log.close();
    expect(() => log.append(valueBatch(1, 1, 1), { leaderEpoch: 0 })).toThrow(LogClosedError);
    expect(() => log.read(0, 1)).toThrow(LogClosedError);
  });
});

describe('recovery', () => {
  function fillLog(overrides: Partial<LogConfig> = {}): { batches: Buffer[]; config: Partial<LogConfig> } {
    const config = { segmentBytes: 4096, indexIntervalBytes: 128, ...overrides };
    const log = openLog(config);
    const batches = Array.from({ length: 50 }, (_, i) => valueBatch(1 + (i % 3), 50 + (i % 7) * 13, i));
    appendAll(log, batches);
    return { batches, config };
  }

  function activeLogFile(): string {
    return path.join(dir, segmentFiles('.log').at(-1) as string);
  }

  it('keeps every offset and byte across a clean reopen', () => {
    const { batches, config } = fillLog();
    const before = open[0] as PartitionLog;
    const leo = before.logEndOffset;
    const segs = before.segmentBaseOffsets();
    before.close();
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(true);
    const log = openLog(config);
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(false);
    expect(log.openReport).toEqual({ truncatedBytes: 0, rebuiltIndexes: 0, cleanShutdown: true });
    expect(log.logEndOffset).toBe(leo);
    expect(log.segmentBaseOffsets()).toEqual(segs);
    expect(Buffer.concat(readAllBatches(log))).toEqual(Buffer.concat(batches));
    log.append(valueBatch(1, 5, 99), { leaderEpoch: 0 });
    expect(log.logEndOffset).toBe(leo + 1);
  });

  it('keeps every offset after a crash (no close) and recovers the active segment fully', () => {
    const { batches, config } = fillLog();
    const leo = (open[0] as PartitionLog).logEndOffset;
    const log = openLog(config);
    expect(log.openReport.cleanShutdown).toBe(false);
    expect(log.openReport.rebuiltIndexes).toBe(1);
    expect(log.logEndOffset).toBe(leo);
    expect(Buffer.concat(readAllBatches(log))).toEqual(Buffer.concat(batches));
  });

  it('truncates a torn last batch (file cut mid-batch) and appends cleanly after it', () => {
    const { batches, config } = fillLog();
    (open[0] as PartitionLog).close();
    const file = activeLogFile();
    const size = fs.statSync(file).size;
    const last = batches.at(-1) as Buffer;
    fs.truncateSync(file, size - Math.floor(last.length / 2));
    const log = openLog(config);
    expect(log.openReport.truncatedBytes).toBe(last.length - Math.floor(last.length / 2));
    expect(fs.statSync(file).size).toBe(size - last.length);
    expect(log.logEndOffset).toBe(baseOffsetOf(last));
    expect(Buffer.concat(readAllBatches(log))).toEqual(Buffer.concat(batches.slice(0, -1)));
    const again = valueBatch(2, 10, 1234);
    expect(log.append(again, { leaderEpoch: 0 }).baseOffset).toBe(baseOffsetOf(last));
    expect(log.read(baseOffsetOf(last), 1 << 20).records).toEqual(again);
  });

  it('truncates garbage appended after the last batch', () => {
    const { batches, config } = fillLog();
    const file = activeLogFile();
    const size = fs.statSync(file).size;
    fs.appendFileSync(file, Buffer.from('0000000000000000ffffffffgarbage garbage garbage'));
    const log = openLog(config);
    expect(fs.statSync(file).size).toBe(size);
    expect(Buffer.concat(readAllBatches(log))).toEqual(Buffer.concat(batches));
  });

  it('truncates at a batch whose CRC no longer matches after an unclean shutdown', () => {
    const { batches, config } = fillLog({ segmentBytes: 1 << 20 });
    const file = activeLogFile();
    const cut = batches.slice(0, 20).reduce((n, b) => n + b.length, 0);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, cut + 70);
    fs.closeSync(fd);
    const log = openLog(config);
    expect(fs.statSync(file).size).toBe(cut);
    expect(log.logEndOffset).toBe(baseOffsetOf(batches[20] as Buffer));
    expect(Buffer.concat(readAllBatches(log))).toEqual(Buffer.concat(batches.slice(0, 20)));
  });

  it('rebuilds deleted index files and lookups stay right', () => {
    const { batches, config } = fillLog();
    (open[0] as PartitionLog).close();
    const indexes = segmentFiles('.index');
    const before = Object.fromEntries(indexes.map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    expect(Object.values(before).some((b) => b.length > 0)).toBe(true);
    for (const f of [...indexes, ...segmentFiles('.timeindex')]) fs.rmSync(path.join(dir, f));
    const log = openLog(config);
    expect(log.openReport.rebuiltIndexes).toBe(indexes.length);
    for (const f of indexes) expect(fs.readFileSync(path.join(dir, f))).toEqual(before[f]);
    let base = 0;
    for (const b of batches) {
      const count = b.readInt32BE(57);
      expect(log.read(base + count - 1, 1).records).toEqual(b);
      base += count;
    }
  });

  it('rebuilds corrupt or stale indexes instead of trusting them', () => {
    const { batches, config } = fillLog();
    (open[0] as PartitionLog).close();
    const indexes = segmentFiles('.index');
    // Odd size, entries pointing past the file, and a plausible-looking but wrong entry.
    fs.appendFileSync(path.join(dir, indexes[0] as string), Buffer.from([1, 2, 3]));
    const wrong = Buffer.alloc(16);
    wrong.writeInt32BE(1, 0);
    wrong.writeInt32BE(1_000_000, 4);
    fs.writeFileSync(path.join(dir, indexes[1] as string), wrong);
    const stale = Buffer.alloc(8);
    stale.writeInt32BE(0, 0);
    stale.writeInt32BE(1, 4);
    fs.writeFileSync(path.join(dir, indexes.at(-1) as string), stale);
    fs.writeFileSync(path.join(dir, segmentFiles('.timeindex')[2] as string), Buffer.alloc(24, 0xff));
    const log = openLog(config);
    expect(log.openReport.rebuiltIndexes).toBe(4);
    let base = 0;
    for (const b of batches) {
      const count = b.readInt32BE(57);
      for (let o = base; o < base + count; o++) expect(log.read(o, 1).records).toEqual(b);
      base += count;
    }
  });

  it('cuts a torn closed segment and drops the segments after it, with a warning', () => {
    const { batches, config } = fillLog();
    const before = open[0] as PartitionLog;
    const segs = before.segmentBaseOffsets();
    before.close();
    expect(segs.length).toBeGreaterThan(2);
    const second = path.join(dir, segmentFiles('.log')[1] as string);
    fs.truncateSync(second, fs.statSync(second).size - 1);
    const warnings: string[] = [];
    const log = PartitionLog.open(dir, makeLogConfig(config), clock, {
      logger: { error: () => undefined, warn: (m) => warnings.push(m), info: () => undefined, debug: () => undefined },
    });
    open.push(log);
    expect(log.segmentBaseOffsets()).toEqual(segs.slice(0, 2));
    expect(segmentFiles('.log')).toHaveLength(2);
    const kept = batches.filter((b) => baseOffsetOf(b) + b.readInt32BE(23) < log.logEndOffset);
    expect(Buffer.concat(readAllBatches(log))).toEqual(Buffer.concat(kept));
    expect(warnings.some((w) => w.includes('Truncated') && w.includes(path.basename(second)))).toBe(true);
    // The cut segment is the active one now.
    expect(log.append(valueBatch(1, 1, 1), { leaderEpoch: 0 }).baseOffset).toBe(log.logEndOffset - 1);
    expect(log.segmentCount()).toBe(2);
  });

  it('drops orphan index files and leftovers of interrupted atomic writes', () => {
    fillLog();
    (open[0] as PartitionLog).close();
    fs.writeFileSync(path.join(dir, `${'9'.repeat(20)}.index`), Buffer.alloc(8));
    fs.writeFileSync(path.join(dir, `${LOG_START_OFFSET_FILE}.tmp`), '5');
    openLog();
    expect(fs.existsSync(path.join(dir, `${'9'.repeat(20)}.index`))).toBe(false);
    expect(fs.existsSync(path.join(dir, `${LOG_START_OFFSET_FILE}.tmp`))).toBe(false);
  });
});

describe('retention and DeleteRecords', () => {
  function timedLog(overrides: Partial<LogConfig>): PartitionLog {
    const log = openLog({ segmentBytes: 1000, ...overrides });
    // 10 segments of 3 batches each; segment i holds timestamps T0 + i*1000.
    for (let s = 0; s < 10; s++) {
      for (let b = 0; b < 3; b++) log.append(valueBatch(1, 200, s * 3 + b, T0 + s * 1000 + b), { leaderEpoch: 0 });
    }
    return log;
  }

  it('retention.ms deletes whole expired segments, raises the log start and persists it', () => {
    const log = timedLog({ retentionMs: 10_000 });
    expect(log.segmentCount()).toBe(10);
    const segs = log.segmentBaseOffsets();
    expect(log.enforceRetention(T0 + 10_000 + 2)).toBe(0);
    expect(log.enforceRetention(T0 + 13_000)).toBe(3);
    expect(log.logStartOffset).toBe(segs[3]);
    expect(log.segmentBaseOffsets()).toEqual(segs.slice(3));
    expect(fs.existsSync(path.join(dir, `${String(segs[0]).padStart(20, '0')}.log`))).toBe(false);
    expect(log.read(0, 100).outOfRange).toBe(true);
    expect(log.read(segs[3] as number, 100).outOfRange).toBe(false);
    log.close();
    const again = openLog({ segmentBytes: 1000, retentionMs: 10_000 });
    expect(again.logStartOffset).toBe(segs[3]);
    expect(again.logEndOffset).toBe(30);
  });

  it('retention.ms on a fully expired log rolls and deletes the old active segment too', () => {
    const log = timedLog({ retentionMs: 1000 });
    expect(log.enforceRetention(T0 + 100_000)).toBe(10);
    expect(log.segmentBaseOffsets()).toEqual([30]);
    expect(log.logStartOffset).toBe(30);
    expect(log.logEndOffset).toBe(30);
    expect(log.sizeInBytes()).toBe(0);
    expect(log.append(valueBatch(1, 1, 1), { leaderEpoch: 0 }).baseOffset).toBe(30);
  });

  it('retention.ms is skipped for cleanup.policy=compact and -1 keeps forever', () => {
    const compacted = timedLog({ retentionMs: 1, cleanupPolicy: 'compact' });
    expect(compacted.enforceRetention(T0 + 1e9)).toBe(0);
    compacted.delete();
    expect(timedLog({ retentionMs: -1 }).enforceRetention(T0 + 1e12)).toBe(0);
  });

  it('retention.bytes deletes oldest segments while the rest still exceed the limit', () => {
    const log = timedLog({ retentionBytes: -1 });
    const sizes = log.segmentBaseOffsets().map((o) => fs.statSync(path.join(dir, `${String(o).padStart(20, '0')}.log`)).size);
    const total = log.sizeInBytes();
    log.updateConfig({ retentionBytes: total - (sizes[0] as number) - 1 });
    expect(log.enforceRetention()).toBe(1);
    log.updateConfig({ retentionBytes: 0 });
    expect(log.enforceRetention()).toBe(9);
    expect(log.sizeInBytes()).toBe(0);
    expect(log.logStartOffset).toBe(30);
  });

  it('deleteRecordsBefore raises the start, hides older offsets, deletes whole segments and persists', () => {
    const log = timedLog({});
    const segs = log.segmentBaseOffsets();
    expect(log.deleteRecordsBefore(7)).toBe(7);
    expect(log.logStartOffset).toBe(7);
    expect(log.segmentBaseOffsets()[0]).toBeLessThanOrEqual(7);
    expect(log.segmentBaseOffsets()).toEqual(segs.filter((_, i) => (segs[i + 1] ?? Infinity) > 7));
    expect(log.read(6, 100).outOfRange).toBe(true);
    expect(baseOffsetOf(log.read(7, 1).records)).toBeLessThanOrEqual(7);
    expect(log.deleteRecordsBefore(3)).toBe(7);
    expect(() => log.deleteRecordsBefore(31)).toThrow(OffsetOutOfRangeError);
    expect(() => log.deleteRecordsBefore(-2)).toThrow(OffsetOutOfRangeError);
    expect(fs.readFileSync(path.join(dir, LOG_START_OFFSET_FILE), 'utf8').trim()).toBe('7');
    log.close();
    expect(openLog().logStartOffset).toBe(7);
  });

  it('deleteRecordsBefore the log end (-1 = high watermark) keeps the active segment and later appends continue', () => {
    const log = timedLog({});
    expect(log.deleteRecordsBefore(-1)).toBe(30);
    expect(log.segmentCount()).toBe(1);
    expect(log.read(30, 100)).toMatchObject({ outOfRange: false, records: Buffer.alloc(0) });
    log.append(valueBatch(1, 1, 1), { leaderEpoch: 0 });
    expect(log.read(30, 100).records.length).toBeGreaterThan(0);
  });
});

describe('timestamps', () => {
  const config = { segmentBytes: 250, indexIntervalBytes: 50 };

  function stampedLog(): PartitionLog {
    const log = openLog(config);
    // Record o has timestamp T0 + 10*o, except a straggler at offset 20 stamped T0 + 1000.
    for (let b = 0; b < 8; b++) {
      const recs = [0, 1, 2].map((j) => {
        const o = b * 3 + j;
        return { key: `k${o}`, value: `v${o}`, timestamp: o === 20 ? T0 + 1000 : T0 + 10 * o };
      });
      log.append(buildBatch(recs), { leaderEpoch: b < 4 ? 1 : 2 });
    }
    return log;
  }

  it('offsetForTimestamp finds the first offset whose record timestamp is >= target', () => {
    const log = stampedLog();
    expect(log.segmentCount()).toBeGreaterThan(2);
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: T0, leaderEpoch: 1 });
    expect(log.offsetForTimestamp(T0 + 10)).toEqual({ offset: 1, timestamp: T0 + 10, leaderEpoch: 1 });
    expect(log.offsetForTimestamp(T0 + 31)).toEqual({ offset: 4, timestamp: T0 + 40, leaderEpoch: 1 });
    expect(log.offsetForTimestamp(T0 + 135)).toEqual({ offset: 14, timestamp: T0 + 140, leaderEpoch: 2 });
    expect(log.offsetForTimestamp(T0 + 190)).toEqual({ offset: 19, timestamp: T0 + 190, leaderEpoch: 2 });
    // 21..23 (T0+210..230) come after the straggler at 20, which already qualifies.
    expect(log.offsetForTimestamp(T0 + 191)).toEqual({ offset: 20, timestamp: T0 + 1000, leaderEpoch: 2 });
    expect(log.offsetForTimestamp(T0 + 215)).toEqual({ offset: 20, timestamp: T0 + 1000, leaderEpoch: 2 });
    expect(log.offsetForTimestamp(T0 + 1000)).toEqual({ offset: 20, timestamp: T0 + 1000, leaderEpoch: 2 });
    expect(log.offsetForTimestamp(T0 + 1001)).toBeNull();
  });

  it('offsetForTimestamp never answers below the log start offset', () => {
    const log = stampedLog();
    log.deleteRecordsBefore(7);
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 7, timestamp: T0 + 70, leaderEpoch: 1 });
    log.deleteRecordsBefore(21);
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 21, timestamp: T0 + 210, leaderEpoch: 2 });
    expect(log.offsetForTimestamp(T0 + 500)).toBeNull();
  });

  it('maxTimestampOffset returns the record with the largest timestamp, also after reopening', () => {
    const log = stampedLog();
    expect(log.maxTimestampOffset()).toEqual({ offset: 20, timestamp: T0 + 1000, leaderEpoch: 2 });
    log.close();
    const again = openLog(config);
    expect(again.maxTimestampOffset()).toEqual({ offset: 20, timestamp: T0 + 1000, leaderEpoch: 2 });
    expect(again.offsetForTimestamp(T0 + 135)).toEqual({ offset: 14, timestamp: T0 + 140, leaderEpoch: 2 });
  });

  it('timestamp lookups on an empty log give null', () => {
    const log = openLog();
    expect(log.offsetForTimestamp(0)).toBeNull();
    expect(log.maxTimestampOffset()).toBeNull();
  });
});

describe('leader epochs', () => {
  it('tracks epoch start offsets for OffsetForLeaderEpoch and persists them', () => {
    const log = openLog();
    log.assignLeaderEpoch(0);
    appendAll(log, [valueBatch(2, 1, 1)], 0);
    appendAll(log, [valueBatch(3, 1, 2)], 3);
    appendAll(log, [valueBatch(1, 1, 3)], 3);
    expect(log.latestLeaderEpoch()).toBe(3);
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 2 });
    expect(log.endOffsetForEpoch(2)).toEqual({ epoch: 0, endOffset: 2 });
    expect(log.endOffsetForEpoch(3)).toEqual({ epoch: 3, endOffset: 6 });
    expect(log.endOffsetForEpoch(4)).toEqual({ epoch: -1, endOffset: -1 });
    log.close();
    const again = openLog();
    expect(again.endOffsetForEpoch(1)).toEqual({ epoch: 0, endOffset: 2 });
    expect(again.endOffsetForEpoch(3)).toEqual({ epoch: 3, endOffset: 6 });
  });
});

describe('flushing', () => {
  it('fsyncs once flush.messages are unflushed, and after flush.ms via the clock', () => {
    const spy = vi.spyOn(fs, 'fsyncSync');
    try {
      const log = openLog({ flushIntervalMessages: 5 });
      log.assignLeaderEpoch(0);
      const base = spy.mock.calls.length;
      appendAll(log, [valueBatch(2, 1, 1), valueBatch(2, 1, 2)]);
      expect(spy.mock.calls.length).toBe(base);
      appendAll(log, [valueBatch(1, 1, 3)]);
      expect(spy.mock.calls.length).toBe(base + 1);
      log.updateConfig({ flushIntervalMessages: Number.MAX_SAFE_INTEGER, flushMs: 1000 });
      appendAll(log, [valueBatch(1, 1, 4)]);
      clock.advance(999);
      expect(spy.mock.calls.length).toBe(base + 1);
      clock.advance(1);
      expect(spy.mock.calls.length).toBe(base + 2);
      expect(clock.pendingTimers).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('delete', () => {
  it('removes the whole partition directory', () => {
    const log = openLog();
    appendAll(log, [valueBatch(1, 1, 1)]);
    log.delete();
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('timestamps in compressed batches', () => {
  it('finds the exact record inside gzip, snappy, lz4 and zstd batches', () => {
    const log = openLog();
    for (const codec of [1, 2, 3, 4] as const) {
      const base = log.logEndOffset;
      const batch = encodeRecordBatch({
        compression: codec,
        records: [0, 1, 2, 3].map((i) => ({ key: `k${i}`, value: 'v'.repeat(50), timestamp: T0 + codec * 100 + i * 10 })),
      });
      expect(batch.readInt16BE(21) & 7).toBe(codec);
      log.append(batch, { leaderEpoch: 0 });
      expect(log.offsetForTimestamp(T0 + codec * 100 + 15)).toEqual({ offset: base + 2, timestamp: T0 + codec * 100 + 20, leaderEpoch: 0 });
    }
    expect(log.maxTimestampOffset()).toEqual({ offset: 15, timestamp: T0 + 430, leaderEpoch: 0 });
  });
});
