import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLogConfig } from '../../../../src/broker/log/config.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { PRODUCER_SNAPSHOT_FILE, ProducerStateRegistry } from '../../../../src/broker/txn/producer-registry.js';
import { PartitionProducerState, incrementSequence, type ProducerBatch } from '../../../../src/broker/txn/producer-state.js';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import { encodeControlBatch, encodeRecordBatch } from '../../../../src/protocol/records/batch.js';
import { ControlRecordType } from '../../../../src/protocol/records/record.js';
import { ManualClock } from '../../../../src/shared/clock.js';

const PID = 7n;

function batch(seq: number, count = 1, epoch = 0, isTransactional = false, producerId = PID): ProducerBatch {
  return { producerId, producerEpoch: epoch, baseSequence: seq, lastOffsetDelta: count - 1, isTransactional };
}

/** Checks and, when accepted, applies at `offset` (as the produce path does). */
function produce(st: PartitionProducerState, b: ProducerBatch, offset: number): ReturnType<PartitionProducerState['checkProduce']> {
  const check = st.checkProduce(b);
  if (check.kind === 'append') st.applyData(b, offset, offset + b.lastOffsetDelta, 1000 + offset);
  return check;
}

describe('producer state checks', () => {
  it('accepts any sequence from an unknown producer id (KIP-360) and then requires the next one', () => {
    const st = new PartitionProducerState();
    expect(produce(st, batch(42, 3), 0).kind).toBe('append');
    expect(st.entry(PID)?.lastSeq).toBe(44);
    const gap = produce(st, batch(46), 3);
    expect(gap).toMatchObject({ kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(produce(st, batch(45), 3).kind).toBe('append');
  });

  it('answers a retried batch among the last 5 with its original offsets, and forgets older ones', () => {
    const st = new PartitionProducerState();
    for (let i = 0; i < 6; i++) expect(produce(st, batch(i * 2, 2), i * 2).kind).toBe('append');
    const dup = st.checkProduce(batch(4, 2));
    expect(dup).toEqual({ kind: 'duplicate', batch: { firstSeq: 4, lastSeq: 5, firstOffset: 4, lastOffset: 5, timestamp: 1004 } });
    expect(st.checkProduce(batch(10, 2)).kind).toBe('duplicate');
    // Sequence 0-1 was the sixth-newest batch: no longer cached, so it is simply out of order.
    expect(st.checkProduce(batch(0, 2))).toMatchObject({ kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    // Same sequences under another epoch are not duplicates.
    expect(st.checkProduce(batch(10, 2, 1))).toMatchObject({ kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });

  it('fences older epochs and makes a new epoch start at sequence 0', () => {
    const st = new PartitionProducerState();
    produce(st, batch(0, 1, 3), 0);
    expect(st.checkProduce(batch(1, 1, 2))).toMatchObject({ kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(st.checkProduce(batch(5, 1, 4))).toMatchObject({ kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(produce(st, batch(0, 1, 4), 1).kind).toBe('append');
    expect(st.entry(PID)?.batches).toHaveLength(1);
  });

  it('wraps sequences from INT32_MAX to 0', () => {
    expect(incrementSequence(0x7fffffff - 1, 3)).toBe(1);
    const st = new PartitionProducerState();
    produce(st, batch(0x7fffffff - 1, 2), 0);
    expect(st.entry(PID)?.lastSeq).toBe(0x7fffffff);
    expect(produce(st, batch(0), 2).kind).toBe('append');
  });

  it('expires idle producers unless they have a transaction open', () => {
    const st = new PartitionProducerState();
    produce(st, batch(0, 1, 0, false, 1n), 0); // timestamp 1000
    produce(st, batch(0, 1, 0, true, 2n), 1); // timestamp 1001, open transaction
    expect(st.expireProducers(1000 + 500, 400)).toBe(1);
    expect(st.entry(1n)).toBeUndefined();
    expect(st.entry(2n)?.txnFirstOffset).toBe(1);
  });

  it('refuses a non-transactional write while the producer has a transaction open here', () => {
    const st = new PartitionProducerState();
    produce(st, batch(0, 1, 0, true), 0);
    expect(st.checkProduce(batch(1))).toMatchObject({ kind: 'error', errorCode: ErrorCode.INVALID_TXN_STATE });
  });
});

describe('last stable offset and aborted transactions', () => {
  it('pins the LSO at the oldest open transaction and indexes aborted ones', () => {
    const st = new PartitionProducerState();
    expect(st.lastStableOffset(10)).toBe(10);
    produce(st, batch(0, 2, 0, true, 1n), 10); // 10-11
    produce(st, batch(0, 1, 0, true, 2n), 12); // 12
    expect(st.lastStableOffset(13)).toBe(10);
    expect(st.applyMarker(1n, 0, false, 0, 13, 0)).toEqual({ producerId: 1n, firstOffset: 10, lastOffset: 13, lastStableOffset: 12 });
    expect(st.lastStableOffset(14)).toBe(12);
    expect(st.applyMarker(2n, 0, true, 0, 14, 0)).toMatchObject({ firstOffset: 12, lastOffset: 14 });
    expect(st.lastStableOffset(15)).toBe(15);
    // A marker for a producer that wrote nothing here ends nothing.
    expect(st.applyMarker(3n, 0, false, 0, 15, 0)).toBeNull();
    produce(st, batch(0, 1, 0, true, 4n), 16);
    st.applyMarker(4n, 0, false, 0, 17, 0);

    expect(st.abortedTransactions(0, 100).map((a) => [a.producerId, a.firstOffset])).toEqual([
      [1n, 10],
      [4n, 16],
    ]);
    expect(st.abortedTransactions(14, 100).map((a) => a.producerId)).toEqual([4n]);
    expect(st.abortedTransactions(0, 11).map((a) => a.producerId)).toEqual([1n]);
    expect(st.abortedTransactions(0, 10)).toEqual([]);
    st.truncateHead(14);
    expect(st.abortedCount()).toBe(1);
  });

  it('survives a serialize/deserialize round trip', () => {
    const st = new PartitionProducerState();
    produce(st, batch(0, 2, 1, true, 5n), 0);
    produce(st, batch(0, 1, 0, true, 6n), 2);
    st.applyMarker(6n, 0, false, 2, 3, 50);
    const copy = PartitionProducerState.deserialize(JSON.parse(JSON.stringify(st.serialize(4))) as ReturnType<PartitionProducerState['serialize']>);
    expect(copy.serialize(4)).toEqual(st.serialize(4));
    expect(copy.lastStableOffset(4)).toBe(0);
    expect(copy.checkProduce(batch(0, 2, 1, true, 5n)).kind).toBe('duplicate');
    expect(copy.entry(6n)?.coordinatorEpoch).toBe(2);
  });
});

describe('producer state registry: snapshot plus log tail', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  function append(log: PartitionLog, reg: ProducerStateRegistry | null, b: ProducerBatch, values: string[]): number {
    const buf = encodeRecordBatch({
      records: values.map((v) => ({ value: Buffer.from(v) })),
      producerId: b.producerId,
      producerEpoch: b.producerEpoch,
      baseSequence: b.baseSequence,
      isTransactional: b.isTransactional,
      timestamp: 5,
    });
    const res = log.append(buf, { leaderEpoch: 0 });
    reg?.get(log).applyData(b, res.baseOffset, res.lastOffset, 5);
    return res.baseOffset;
  }

  it('rebuilds the same state from the snapshot and the batches appended after it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-pstate-'));
    dirs.push(dir);
    const clock = new ManualClock();
    let log = PartitionLog.open(path.join(dir, 't-0'), makeLogConfig({}), clock);
    const reg = new ProducerStateRegistry(clock, () => undefined);
    append(log, reg, batch(0, 2), ['a', 'b']);
    append(log, reg, batch(0, 1, 0, true, 9n), ['t']);
    expect(reg.snapshotAll(false)).toBe(1);
    expect(reg.snapshotAll(false)).toBe(0);
    // After the snapshot: more data, a plain batch and the transaction's marker, written behind the registry's back.
    append(log, null, batch(2, 1), ['c']);
    log.append(encodeRecordBatch({ records: [{ value: Buffer.from('plain') }], timestamp: 5 }), { leaderEpoch: 0 });
    log.append(encodeControlBatch({ producerId: 9n, producerEpoch: 0, type: ControlRecordType.ABORT, coordinatorEpoch: 0, timestamp: 6 }), { leaderEpoch: 0 });
    log.close();

    log = PartitionLog.open(path.join(dir, 't-0'), makeLogConfig({}), clock);
    const fresh = new ProducerStateRegistry(clock, () => undefined);
    const st = fresh.get(log);
    expect(fresh.lastReplay).toEqual({ batches: 3, fromOffset: 3, snapshotUsed: true });
    expect(st.entry(PID)?.lastSeq).toBe(2);
    expect(st.checkProduce(batch(2, 1)).kind).toBe('duplicate');
    expect(st.lastStableOffset(log.highWatermark)).toBe(6);
    expect(st.abortedTransactions(0, 6)).toEqual([{ producerId: 9n, firstOffset: 2, lastOffset: 5, lastStableOffset: 6 }]);

    // A snapshot claiming more than the log holds (a tail lost in recovery) is ignored.
    const snap = path.join(log.dir, PRODUCER_SNAPSHOT_FILE);
    const claimed = JSON.parse(fs.readFileSync(snap, 'utf8')) as { offset: number };
    fs.writeFileSync(snap, JSON.stringify({ ...claimed, offset: 1000 }));
    const again = new ProducerStateRegistry(clock, () => undefined);
    again.get(log);
    expect(again.lastReplay).toEqual({ batches: 5, fromOffset: 0, snapshotUsed: false });
    log.close();
  });
});
