// Torn or damaged files of a partition directory (a crash or power loss mid-write, or outside damage):
// every prefix of each file the log owns, and garbage after it, opens to the last valid state. The
// segment, index and time index cases are in partition-log.test.ts; here: the leader-epoch checkpoint,
// the log start offset checkpoint and the producer-state snapshot.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLogConfig } from '../../../../src/broker/log/config.js';
import { LEADER_EPOCH_FILE, LOG_START_OFFSET_FILE, PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { PRODUCER_SNAPSHOT_FILE, ProducerStateRegistry } from '../../../../src/broker/txn/producer-registry.js';
import { encodeRecordBatch } from '../../../../src/protocol/records/batch.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { rmDir, tempDir, valueBatch } from './batches.js';

const T0 = 1_700_000_000_000;
const cfg = makeLogConfig({ segmentBytes: 600 });
let dir: string;
let clock: ManualClock;

beforeEach(() => {
  dir = path.join(tempDir(), 'topic-0');
  clock = new ManualClock(T0);
});

afterEach(() => {
  rmDir(path.dirname(dir));
});

/** Every way the file can be found after a torn write: each proper prefix, and garbage after it. */
function tornVersions(whole: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let n = 0; n < whole.length; n++) out.push(whole.subarray(0, n));
  out.push(Buffer.concat([whole, Buffer.from('7 9')]), Buffer.concat([whole, Buffer.from([0, 0, 0])]));
  return out;
}

describe('torn partition files', () => {
  it('a torn leader-epoch checkpoint is rebuilt from the log: OffsetForLeaderEpoch answers as before', () => {
    const log = PartitionLog.open(dir, cfg, clock);
    // Epochs 0, 3 and 7 starting at offsets 0, 12 and 30, across several segments.
    for (let i = 0; i < 40; i++) {
      if (i === 12) log.assignLeaderEpoch(3);
      if (i === 30) log.assignLeaderEpoch(7);
      log.append(valueBatch(1, 40, i, T0 + i));
    }
    expect(log.segmentCount()).toBeGreaterThan(3);
    const answers = (l: PartitionLog): unknown[] => [0, 1, 3, 5, 7, 8].map((e) => l.endOffsetForEpoch(e));
    const expected = answers(log);
    expect(expected).toEqual([
      { epoch: 0, endOffset: 12 },
      { epoch: 0, endOffset: 12 },
      { epoch: 3, endOffset: 30 },
      { epoch: 3, endOffset: 30 },
      { epoch: 7, endOffset: 40 },
      { epoch: -1, endOffset: -1 },
    ]);
    log.close();
    const file = path.join(dir, LEADER_EPOCH_FILE);
    const whole = fs.readFileSync(file);
    expect(whole.toString()).toBe('0\n3\n0 0\n3 12\n7 30\n');

    for (const torn of tornVersions(whole)) {
      fs.writeFileSync(file, torn);
      const reopened = PartitionLog.open(dir, cfg, clock);
      expect(answers(reopened), JSON.stringify(torn.toString())).toEqual(expected);
      reopened.close();
      // The rebuilt checkpoint is whole again.
      expect(fs.readFileSync(file)).toEqual(whole);
    }
  });

  it('a torn log start checkpoint never reads as a later offset than was checkpointed', () => {
    const log = PartitionLog.open(dir, cfg, clock);
    for (let i = 0; i < 40; i++) log.append(valueBatch(1, 40, i, T0 + i));
    expect(log.deleteRecordsBefore(23)).toBe(23);
    const firstBase = log.segmentBaseOffsets()[0] as number;
    expect(firstBase).toBeLessThan(23);
    log.close();
    const file = path.join(dir, LOG_START_OFFSET_FILE);
    const whole = fs.readFileSync(file);
    expect(whole.toString()).toBe('23\n');

    for (const torn of tornVersions(whole)) {
      fs.writeFileSync(file, torn);
      const reopened = PartitionLog.open(dir, cfg, clock);
      // A whole file gives 23; a torn one is not trusted and the first segment's base is the start.
      expect(reopened.logStartOffset, JSON.stringify(torn.toString())).toBe(torn.equals(whole) ? 23 : firstBase);
      expect(reopened.logEndOffset).toBe(40);
      reopened.close();
    }
  });

  it('a torn producer-state snapshot is ignored and the state rebuilt from the whole log', () => {
    let log = PartitionLog.open(dir, cfg, clock);
    const reg = new ProducerStateRegistry(clock, () => undefined);
    reg.get(log);
    for (let seq = 0; seq < 6; seq++) {
      const b = { producerId: 5n, producerEpoch: 2, baseSequence: seq, lastOffsetDelta: 0, isTransactional: false };
      const res = log.append(encodeRecordBatch({ records: [{ value: Buffer.from(`s${seq}`) }], ...b, timestamp: T0 }));
      reg.get(log).applyData(b, res.baseOffset, res.lastOffset, T0);
    }
    expect(reg.snapshotAll(true)).toBe(1);
    log.close();
    const file = path.join(dir, PRODUCER_SNAPSHOT_FILE);
    const whole = fs.readFileSync(file);

    for (const torn of tornVersions(whole)) {
      fs.writeFileSync(file, torn);
      log = PartitionLog.open(dir, cfg, clock);
      const fresh = new ProducerStateRegistry(clock, () => undefined);
      const st = fresh.get(log);
      // Whole: used; torn: ignored, and the replay of all 6 batches gives the same state.
      expect(fresh.lastReplay?.snapshotUsed, JSON.stringify(torn.toString())).toBe(torn.equals(whole));
      expect(st.entry(5n)?.lastSeq).toBe(5);
      expect(st.entry(5n)?.epoch).toBe(2);
      expect(st.checkProduce({ producerId: 5n, producerEpoch: 2, baseSequence: 5, lastOffsetDelta: 0, isTransactional: false }).kind).toBe('duplicate');
      expect(st.checkProduce({ producerId: 5n, producerEpoch: 2, baseSequence: 6, lastOffsetDelta: 0, isTransactional: false }).kind).toBe('append');
      log.close();
    }
  });
});
