// PartitionLog.append is the one way to append: it stamps the log's leader epoch when the writer
// passes none, decides LogAppendTime itself, wakes the fetches parked on that log (and only those),
// and skips re-checking a batch the produce path has already validated.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLogConfig, type LogConfig } from '../../../../src/broker/log/config.js';
import { RecordTooLargeError } from '../../../../src/broker/log/errors.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { validateProducedBatches } from '../../../../src/protocol/records/validate.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { buildBatch, rmDir, tempDir } from './batches.js';

const T0 = 1_700_000_000_000;
const LEADER_EPOCH_AT = 12;
const MAX_TIMESTAMP_AT = 35;

let root: string;
let clock: ManualClock;
const open: PartitionLog[] = [];

function openLog(name: string, overrides: Partial<LogConfig> = {}): PartitionLog {
  const log = PartitionLog.open(path.join(root, name), makeLogConfig(overrides), clock);
  open.push(log);
  return log;
}

beforeEach(() => {
  root = tempDir();
  clock = new ManualClock(T0);
});

afterEach(() => {
  for (const l of open.splice(0)) l.close();
  rmDir(root);
});

describe('the one append', () => {
  it('stamps the log leader epoch when the writer passes none (0 on a single node, never backwards)', () => {
    const log = openLog('t-0');
    expect(log.leaderEpoch).toBe(0);
    log.append(buildBatch([{ key: 'a', value: 'x', timestamp: T0 }]));
    expect(log.read(0, 1000).records.readInt32BE(LEADER_EPOCH_AT)).toBe(0);
    log.assignLeaderEpoch(4);
    expect(log.leaderEpoch).toBe(4);
    log.append(buildBatch([{ key: 'b', value: 'y', timestamp: T0 }]));
    expect(log.read(1, 1000).records.readInt32BE(LEADER_EPOCH_AT)).toBe(4);
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 1 });
  });

  it('decides LogAppendTime from the topic config and reports it', () => {
    const log = openLog('t-0', { messageTimestampType: 'LogAppendTime' });
    clock.advance(9);
    expect(log.append(buildBatch([{ key: 'a', value: 'x', timestamp: 5 }])).logAppendTime).toBe(T0 + 9);
    expect(Number(log.read(0, 1000).records.readBigInt64BE(MAX_TIMESTAMP_AT))).toBe(T0 + 9);
  });

  it('wakes the waiters parked on that log only, once each; a cancelled waiter is not woken', () => {
    const a = openLog('a-0');
    const b = openLog('b-0');
    const woken: string[] = [];
    a.onNextAppend(() => woken.push('a1'));
    const cancel = a.onNextAppend(() => woken.push('a2'));
    b.onNextAppend(() => woken.push('b1'));
    cancel();
    a.append(buildBatch([{ key: 'k', value: 'v', timestamp: T0 }]));
    expect(woken).toEqual(['a1']);
    a.append(buildBatch([{ key: 'k', value: 'v', timestamp: T0 }]));
    expect(woken).toEqual(['a1']);
    b.wakeAppendWaiters();
    expect(woken).toEqual(['a1', 'b1']);
  });

  it('checks max.message.bytes on an internal writer’s raw batch, and takes a produce-validated batch as validated', () => {
    const log = openLog('t-0');
    const batch = buildBatch([{ key: 'k', value: 'x'.repeat(200), timestamp: T0 }]);
    const checked = validateProducedBatches(Buffer.from(batch), { maxMessageBytes: 10_000 });
    if (!checked.ok) throw new Error(checked.message);
    log.updateConfig({ maxMessageBytes: 100 });
    expect(() => log.append(Buffer.from(batch))).toThrow(RecordTooLargeError);
    expect(log.append(checked)).toEqual({ baseOffset: 0, lastOffset: 0, logAppendTime: -1 });
    expect(log.logEndOffset).toBe(1);
  });
});
