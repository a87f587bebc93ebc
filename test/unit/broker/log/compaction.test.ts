import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLogConfig, type LogConfig } from '../../../../src/broker/log/config.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { decodeRecordBatches, encodeControlBatch, encodeRecordBatch, type RecordBatch } from '../../../../src/protocol/records/batch.js';
import { ControlRecordType, type RecordInput } from '../../../../src/protocol/records/record.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { rmDir, tempDir } from './batches.js';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

let dir: string;
let clock: ManualClock;
const logs: PartitionLog[] = [];

function openLog(overrides: Partial<LogConfig> = {}): PartitionLog {
  const log = PartitionLog.open(dir, makeLogConfig({ cleanupPolicy: 'compact', ...overrides }), clock);
  logs.push(log);
  return log;
}

function put(log: PartitionLog, records: RecordInput[], extra: Partial<Parameters<typeof encodeRecordBatch>[0]> = {}): number {
  const batch = encodeRecordBatch({ records, timestamp: clock.now(), ...extra });
  return log.append(batch, { leaderEpoch: 0 }).baseOffset;
}

function kv(key: string, value: string | null): RecordInput {
  return { key, value };
}

/** Every batch from the log start to the end, decoded. */
function allBatches(log: PartitionLog): RecordBatch[] {
  const out: RecordBatch[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const r = log.read(offset, 1 << 20);
    const batches = decodeRecordBatches(r.records);
    expect(batches.length).toBeGreaterThan(0);
    out.push(...batches);
    const last = batches.at(-1) as RecordBatch;
    offset = Number(last.baseOffset) + last.lastOffsetDelta + 1;
  }
  return out;
}

function survivors(log: PartitionLog): [number, string, string | null][] {
  return allBatches(log)
    .filter((b) => !b.isControl)
    .flatMap((b) => b.records.map((r): [number, string, string | null] => [Number(r.offset), r.key?.toString() ?? '<null>', r.value?.toString() ?? null]));
}

beforeEach(() => {
  dir = path.join(tempDir(), 'compacted-0');
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
  rmDir(path.dirname(dir));
});

describe('compaction', () => {
  it('keeps the latest record per key in closed segments, at its original offset', async () => {
    const log = openLog();
    put(log, [kv('a', 'a0'), kv('b', 'b0'), kv('c', 'c0')]); // 0-2
    put(log, [kv('a', 'a1'), { key: null, value: 'keyless' }]); // 3-4
    log.roll();
    put(log, [kv('b', 'b1'), kv('a', 'a2')]); // 5-6
    put(log, [kv('d', 'd0')]); // 7
    log.roll();
    put(log, [kv('c', 'c1')]); // 8, active: does not count yet
    const before = log.logEndOffset;
    const stats = await log.compact();
    expect(stats.segmentsCleaned).toBe(1);
    expect(stats.recordsRemoved).toBe(4);
    expect(stats.bytesAfter).toBeLessThan(stats.bytesBefore);
    expect(log.logEndOffset).toBe(before);
    expect(survivors(log)).toEqual([
      [2, 'c', 'c0'],
      [5, 'b', 'b1'],
      [6, 'a', 'a2'],
      [7, 'd', 'd0'],
      [8, 'c', 'c1'],
    ]);
    // The rewritten batch keeps its base and last offset; every stored batch has a valid CRC.
    const first = allBatches(log)[0] as RecordBatch;
    expect(Number(first.baseOffset)).toBe(0);
    expect(first.lastOffsetDelta).toBe(2);
    expect(() => decodeRecordBatches(log.read(0, 1 << 20).records, { verifyCrc: true })).not.toThrow();
    // An offset whose record was removed reads from the next surviving batch.
    expect(Number((decodeRecordBatches(log.read(3, 1).records)[0] as RecordBatch).baseOffset)).toBe(5);
    expect(log.read(0, 1).outOfRange).toBe(false);
    expect(log.logStartOffset).toBe(0);

    // Once c1 rolls out of the active segment, c0 goes too; a second run with nothing new is a no-op.
    log.roll();
    expect((await log.compact()).recordsRemoved).toBe(1);
    expect((await log.compact()).segmentsCleaned).toBe(0);
    expect(survivors(log).map(([o]) => o)).toEqual([5, 6, 7, 8]);
  });

  it('keeps tombstones until delete.retention.ms after the clean that first saw them', async () => {
    const log = openLog({ deleteRetentionMs: DAY });
    put(log, [kv('a', 'a0'), kv('b', 'b0')]);
    put(log, [kv('a', null)]);
    log.roll();
    put(log, [kv('z', 'active')]);
    await log.compact();
    expect(survivors(log)).toEqual([
      [1, 'b', 'b0'],
      [2, 'a', null],
      [3, 'z', 'active'],
    ]);
    const tomb = allBatches(log)[1] as RecordBatch;
    expect(tomb.hasDeleteHorizon).toBe(true);
    expect(Number(tomb.baseTimestamp)).toBe(T0 + DAY);
    expect(Number(tomb.records[0]?.timestamp)).toBe(T0);
    // Like Kafka (KIP-534), an expired tombstone goes at the next clean, which needs new dirty data.
    clock.advance(DAY - 1);
    put(log, [kv('y', 'more')]);
    log.roll();
    expect((await log.compact()).recordsRemoved).toBe(0);
    clock.advance(1);
    put(log, [kv('w', 'more')]);
    log.roll();
    expect((await log.compact()).recordsRemoved).toBe(1);
    expect(survivors(log)).toEqual([
      [1, 'b', 'b0'],
      [3, 'z', 'active'],
      [4, 'y', 'more'],
      [5, 'w', 'more'],
    ]);
    expect(log.offsetForTimestamp(T0)).toEqual({ offset: 1, timestamp: T0, leaderEpoch: 0 });
  });

  it('drops aborted transactional data, keeps committed data and markers, and stops at open transactions', async () => {
    const log = openLog();
    const txn = (pid: bigint, records: RecordInput[]): number => put(log, records, { isTransactional: true, producerId: pid, producerEpoch: 0, baseSequence: 0 });
    const marker = (pid: bigint, type: typeof ControlRecordType.ABORT | typeof ControlRecordType.COMMIT): void => {
      log.append(encodeControlBatch({ producerId: pid, producerEpoch: 0, type, coordinatorEpoch: 0, timestamp: T0 }), { leaderEpoch: 0 });
    };
    put(log, [kv('k', 'plain')]); // 0
    txn(1n, [kv('k', 'aborted')]); // 1
    marker(1n, ControlRecordType.ABORT); // 2
    txn(2n, [kv('j', 'committed')]); // 3
    marker(2n, ControlRecordType.COMMIT); // 4
    log.roll();
    txn(3n, [kv('j', 'undecided')]); // 5: its marker is not written yet
    put(log, [kv('j', 'later')]); // 6
    log.roll();
    put(log, [kv('x', 'active')]); // 7
    expect((await log.compact()).segmentsCleaned).toBe(1);
    const batches = allBatches(log);
    expect(batches.filter((b) => b.isControl).map((b) => Number(b.baseOffset))).toEqual([2, 4]);
    expect(survivors(log)).toEqual([
      [0, 'k', 'plain'],
      [3, 'j', 'committed'],
      [5, 'j', 'undecided'],
      [6, 'j', 'later'],
      [7, 'x', 'active'],
    ]);
  });

  it('re-encodes partially kept compressed batches with the same codec', async () => {
    const log = openLog();
    put(log, [kv('a', 'x'.repeat(100)), kv('b', 'y'.repeat(100)), kv('a', 'z'.repeat(100))], { compression: 4 });
    log.roll();
    put(log, [kv('q', 'active')]);
    await log.compact();
    const [batch] = allBatches(log);
    expect(batch?.compression).toBe(4);
    expect(batch?.records.map((r) => [Number(r.offset), r.key?.toString()])).toEqual([
      [1, 'b'],
      [2, 'a'],
    ]);
  });

  it('empties the first segment in place, deletes other emptied segments, and survives reopening', async () => {
    const log = openLog({ segmentBytes: 1 << 20 });
    put(log, [kv('a', '1')]);
    log.roll();
    put(log, [kv('a', '2')]);
    log.roll();
    put(log, [kv('a', '3')]);
    log.roll();
    put(log, [kv('b', 'active')]);
    expect(log.segmentBaseOffsets()).toEqual([0, 1, 2, 3]);
    await log.compact();
    expect(log.segmentBaseOffsets()).toEqual([0, 2, 3]);
    expect(fs.statSync(path.join(dir, '00000000000000000000.log')).size).toBe(0);
    expect(survivors(log)).toEqual([
      [2, 'a', '3'],
      [3, 'b', 'active'],
    ]);
    log.close();
    fs.writeFileSync(path.join(dir, '00000000000000000002.log.cleaned'), 'half-written');
    const again = openLog({ segmentBytes: 1 << 20 });
    expect(fs.existsSync(path.join(dir, '00000000000000000002.log.cleaned'))).toBe(false);
    expect(again.segmentBaseOffsets()).toEqual([0, 2, 3]);
    expect(again.logStartOffset).toBe(0);
    expect(again.logEndOffset).toBe(4);
    expect(survivors(again)).toEqual([
      [2, 'a', '3'],
      [3, 'b', 'active'],
    ]);
  });

  it('does nothing for cleanup.policy=delete', async () => {
    const log = openLog({ cleanupPolicy: 'delete' });
    put(log, [kv('a', '1'), kv('a', '2')]);
    log.roll();
    put(log, [kv('b', '1')]);
    expect(await log.compact()).toEqual({ segmentsCleaned: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 });
    expect(survivors(log)).toHaveLength(3);
  });
});
