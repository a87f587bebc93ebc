// The process-wide descriptor pool under the partition logs: a cap far below the number of files is
// never exceeded, closed handles reopen transparently, and the data read back is exactly what was
// written, across segment rolls, compaction and a restart.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLogConfig } from '../../../../src/broker/log/config.js';
import { FilePool, defaultMaxOpenFiles, isFdExhaustion, processFdLimit } from '../../../../src/broker/log/file-pool.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { buildBatch, rmDir, splitBatches, tempDir } from './batches.js';

const one = (value: string, timestamp: number): Buffer => buildBatch([{ value, timestamp }]);

const T0 = 1_700_000_000_000;
let root: string;
let clock: ManualClock;

function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

function readValues(log: PartitionLog): number {
  let offset = log.logStartOffset;
  let batches = 0;
  while (offset < log.logEndOffset) {
    const r = log.read(offset, 1 << 20);
    const got = splitBatches(r.records);
    expect(got.length).toBeGreaterThan(0);
    for (const b of got) {
      batches++;
      offset = Number(b.readBigInt64BE(0)) + b.readInt32BE(23) + 1;
    }
  }
  return batches;
}

beforeEach(() => {
  root = tempDir();
  clock = new ManualClock(T0);
});
afterEach(() => rmDir(root));

describe('FilePool under PartitionLog', () => {
  it('keeps at most its capacity open across 60 partitions, rolls and reads, and loses nothing', async () => {
    const pool = new FilePool(8);
    const cfg = makeLogConfig({ segmentBytes: 4096, indexIntervalBytes: 256 });
    const before = openFds();
    const logs = Array.from({ length: 60 }, (_, i) => PartitionLog.open(path.join(root, `t-${i}`), cfg, clock, { files: pool }));
    for (let round = 0; round < 20; round++) {
      for (const [i, log] of logs.entries()) {
        log.append(one(`p${i}-r${round}-${'x'.repeat(200)}`, T0 + round));
        expect(pool.openCount).toBeLessThanOrEqual(8);
      }
    }
    // Rolled segments are fsynced in the background through their own short-lived descriptors.
    for (let i = 0; i < 100 && openFds() - before > 8; i++) await new Promise((r) => setTimeout(r, 20));
    expect(openFds() - before).toBeLessThanOrEqual(8);
    expect(pool.evictions).toBeGreaterThan(0);
    for (const log of logs) expect(log.segmentCount()).toBeGreaterThan(1);
    for (const log of logs) expect(readValues(log)).toBe(20);
    for (const log of logs) log.flush();
    for (const log of logs) log.close();
    expect(pool.openCount).toBe(0);
    expect(openFds()).toBe(before);

    // Reopened (clean shutdown) with an even smaller pool: the same batches, byte for byte.
    const small = new FilePool(3);
    const again = Array.from({ length: 60 }, (_, i) => PartitionLog.open(path.join(root, `t-${i}`), cfg, clock, { files: small }));
    for (const [i, log] of again.entries()) {
      expect(log.logEndOffset).toBe(20);
      const r = log.read(19, 1 << 20);
      expect(r.records.toString('latin1')).toContain(`p${i}-r19-`);
      expect(readValues(log)).toBe(20);
    }
    expect(small.openCount).toBeLessThanOrEqual(3);
    for (const log of again) log.close();
  });

  it('fsyncs an active segment whose descriptor the pool closed', () => {
    const pool = new FilePool(2);
    const cfg = makeLogConfig({});
    const a = PartitionLog.open(path.join(root, 'a-0'), cfg, clock, { files: pool });
    const b = PartitionLog.open(path.join(root, 'b-0'), cfg, clock, { files: pool });
    a.append(one('one', T0));
    b.append(one('two', T0));
    const c = PartitionLog.open(path.join(root, 'c-0'), cfg, clock, { files: pool });
    c.append(one('three', T0));
    expect(() => a.flush()).not.toThrow();
    for (const log of [a, b, c]) log.close();
    const reopened = PartitionLog.open(path.join(root, 'a-0'), cfg, clock, { files: pool });
    expect(reopened.logEndOffset).toBe(1);
    reopened.close();
  });

  it('retries a failed open after closing idle handles when the process is out of descriptors', () => {
    const pool = new FilePool(100);
    const files = Array.from({ length: 4 }, (_, i) => {
      const p = path.join(root, `f${i}`);
      fs.writeFileSync(p, 'x');
      const f = pool.file(p, 'r');
      f.fd();
      return f;
    });
    let calls = 0;
    const out = pool.retrying(() => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(pool.openCount).toBe(2);
    // A pinned handle is never closed under its reader.
    const pinned = files[3];
    pinned?.with(() => {
      pool.setCapacity(1);
      expect(pinned.isOpen).toBe(true);
    });
    for (const f of files) f.close();
    expect(pool.openCount).toBe(0);
  });

  it('sizes its default from the process limit', () => {
    expect(defaultMaxOpenFiles(20000)).toBe(10000);
    expect(defaultMaxOpenFiles(20)).toBe(16);
    expect(defaultMaxOpenFiles(null)).toBe(4096);
    const limit = processFdLimit();
    if (process.platform === 'linux') expect(limit).toBeGreaterThan(0);
    expect(isFdExhaustion({ code: 'ENFILE' })).toBe(true);
    expect(isFdExhaustion({ code: 'ENOENT' })).toBe(false);
  });
});
