import { describe, expect, it } from 'vitest';
import { TransactionCoordinator, type TopicPartitionRef } from '../../../../src/broker/txn/coordinator.js';
import { decodeTxnLogKey, decodeTxnLogValue, encodeTxnLogKey, encodeTxnLogValue, TxnState, type TxnLogStore, type TxnLogValue } from '../../../../src/broker/txn/txn-log.js';
import { KafkaStorageError } from '../../../../src/broker/log/errors.js';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import { ManualClock } from '../../../../src/shared/clock.js';

class MemoryStore implements TxnLogStore {
  readonly records: { id: string; value: TxnLogValue | null }[] = [];
  failWith: Error | null = null;
  append(id: string, value: TxnLogValue | null): void {
    if (this.failWith !== null) throw this.failWith;
    // Through the real encoding, so what is replayed is what Kafka's format holds.
    this.records.push({ id: decodeTxnLogKey(encodeTxnLogKey(id)) ?? '', value: value === null ? null : decodeTxnLogValue(encodeTxnLogValue(value)) });
  }
  load(apply: (id: string, value: TxnLogValue | null) => void): void {
    for (const r of this.records) apply(r.id, r.value);
  }
  coordinatorEpoch(): number {
    return 0;
  }
}

interface Marker {
  producerId: bigint;
  epoch: number;
  commit: boolean;
  partitions: TopicPartitionRef[];
}

function setup(opts: { failMarkers?: () => boolean; store?: MemoryStore; clock?: ManualClock } = {}) {
  const clock = opts.clock ?? new ManualClock();
  const store = opts.store ?? new MemoryStore();
  const markers: Marker[] = [];
  let nextId = 1000n;
  const c = new TransactionCoordinator({
    clock,
    store,
    transactionMaxTimeoutMs: 60_000,
    allocateProducerId: () => nextId++,
    writeMarkers: (producerId, epoch, commit, _coordinatorEpoch, partitions) => {
      if (opts.failMarkers?.() === true) return false;
      markers.push({ producerId, epoch, commit, partitions });
      return true;
    },
    log: () => undefined,
  });
  return { c, clock, store, markers };
}

const TP = [{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }];

describe('transaction coordinator', () => {
  it('hands idempotent producers fresh ids with epoch 0', () => {
    const { c } = setup();
    expect(c.initProducerId(null, 0, null)).toEqual({ errorCode: 0, producerId: 1000n, producerEpoch: 0 });
    expect(c.initProducerId(null, 0, null)).toEqual({ errorCode: 0, producerId: 1001n, producerEpoch: 0 });
  });

  it('answers NOT_COORDINATOR when the transaction log refused the write (disk full), COORDINATOR_NOT_AVAILABLE for other failures', () => {
    const { c, store } = setup();
    store.failWith = new KafkaStorageError('Error while appending records to __transaction_state-0 in dir /d');
    expect(c.initProducerId('tx', 1000, null).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    store.failWith = new Error('something else');
    expect(c.initProducerId('tx', 1000, null).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    store.failWith = null;
    expect(c.initProducerId('tx', 1000, null).errorCode).toBe(0);
    expect(store.records.length).toBe(1);
  });

  it('validates the transactional id and timeout', () => {
    const { c } = setup();
    expect(c.initProducerId('', 1000, null).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(c.initProducerId('x', 0, null).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect(c.initProducerId('x', 60_001, null).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  });

  it('runs a transaction: add partitions, commit with markers, idempotent retries, wrong outcome refused', () => {
    const { c, markers, store } = setup();
    const { producerId, producerEpoch } = c.initProducerId('app', 10_000, null);
    expect(producerEpoch).toBe(0);
    expect(c.endTxn('app', producerId, 0, true)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(c.addPartitions('app', producerId, 0, TP)).toBe(0);
    expect(c.get('app')?.stateName).toBe('Ongoing');
    expect(c.verify('app', producerId, 0, 't', 1)).toBe(0);
    expect(c.verify('app', producerId, 0, 't', 2)).toBe(ErrorCode.TRANSACTION_ABORTABLE);
    expect(c.endTxn('app', producerId, 0, true)).toBe(0);
    expect(markers).toEqual([{ producerId, epoch: 0, commit: true, partitions: TP }]);
    expect(store.records.map((r) => r.value?.state)).toEqual([TxnState.EMPTY, TxnState.ONGOING, TxnState.PREPARE_COMMIT, TxnState.COMPLETE_COMMIT]);
    expect(store.records[3]?.value?.partitions.size).toBe(0);
    expect(c.endTxn('app', producerId, 0, true)).toBe(0);
    expect(c.endTxn('app', producerId, 0, false)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(markers).toHaveLength(1);
  });

  it('fences: a new instance bumps the epoch and aborts the open transaction of the old one', () => {
    const { c, markers } = setup();
    const first = c.initProducerId('app', 10_000, null);
    c.addPartitions('app', first.producerId, 0, TP);
    const second = c.initProducerId('app', 10_000, null);
    expect(second).toEqual({ errorCode: 0, producerId: first.producerId, producerEpoch: 2 });
    expect(markers).toEqual([{ producerId: first.producerId, epoch: 1, commit: false, partitions: TP }]);
    expect(c.addPartitions('app', first.producerId, 0, TP)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(c.endTxn('app', first.producerId, 0, true)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(c.addPartitions('app', 5n, 2, TP)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(c.verify('app', first.producerId, 0, 't', 0)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('KIP-360: a producer naming a stale id is fenced; a lost bump is answered again', () => {
    const { c } = setup();
    const a = c.initProducerId('app', 10_000, null);
    const b = c.initProducerId('app', 10_000, { producerId: a.producerId, producerEpoch: 0 });
    expect(b.producerEpoch).toBe(1);
    // The response was lost and the client retries with what it had.
    expect(c.initProducerId('app', 10_000, { producerId: a.producerId, producerEpoch: 0 }).producerEpoch).toBe(1);
    expect(c.initProducerId('app', 10_000, { producerId: 999n, producerEpoch: 1 }).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('aborts a transaction that outlives its timeout, under a bumped epoch', () => {
    const { c, clock, markers } = setup();
    const { producerId } = c.initProducerId('slow', 5000, null);
    c.addPartitions('slow', producerId, 0, TP);
    clock.advance(4999);
    expect(markers).toHaveLength(0);
    clock.advance(1);
    expect(markers).toEqual([{ producerId, epoch: 1, commit: false, partitions: TP }]);
    expect(c.get('slow')?.stateName).toBe('CompleteAbort');
    expect(c.endTxn('slow', producerId, 0, true)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stays in PrepareCommit answering CONCURRENT_TRANSACTIONS until markers can be written', () => {
    let fail = true;
    const { c, clock, markers } = setup({ failMarkers: () => fail });
    const { producerId } = c.initProducerId('app', 10_000, null);
    c.addPartitions('app', producerId, 0, TP);
    expect(c.endTxn('app', producerId, 0, true)).toBe(0);
    expect(c.get('app')?.stateName).toBe('PrepareCommit');
    expect(c.endTxn('app', producerId, 0, true)).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(c.addPartitions('app', producerId, 0, TP)).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(c.initProducerId('app', 10_000, null).errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    fail = false;
    clock.advance(1000);
    expect(markers).toHaveLength(1);
    expect(c.get('app')?.stateName).toBe('CompleteCommit');
  });

  it('recovers from its log: finishes a prepared commit and re-arms the timeout of an open transaction', () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    let fail = true;
    const before = setup({ store, clock, failMarkers: () => fail });
    const a = before.c.initProducerId('prepared', 10_000, null);
    before.c.addPartitions('prepared', a.producerId, 0, TP);
    before.c.endTxn('prepared', a.producerId, 0, true);
    const b = before.c.initProducerId('open', 3000, null);
    before.c.addPartitions('open', b.producerId, 0, [{ topic: 'u', partition: 0 }]);
    before.c.close();

    fail = false;
    clock.advance(1000);
    const after = setup({ store, clock });
    after.c.load();
    expect(after.c.get('prepared')?.stateName).toBe('PrepareCommit');
    expect(after.c.get('open')?.stateName).toBe('Ongoing');
    expect(after.c.unfinished().map((m) => m.transactionalId).sort()).toEqual(['open', 'prepared']);
    after.c.recover();
    expect(after.markers).toEqual([{ producerId: a.producerId, epoch: 0, commit: true, partitions: TP }]);
    expect(after.c.get('prepared')?.stateName).toBe('CompleteCommit');
    clock.advance(1999);
    expect(after.markers).toHaveLength(1);
    clock.advance(1);
    expect(after.markers[1]).toEqual({ producerId: b.producerId, epoch: 1, commit: false, partitions: [{ topic: 'u', partition: 0 }] });
  });

  it('expires idle transactional ids with a tombstone, never one in a transaction', () => {
    const { c, clock, store } = setup();
    const a = c.initProducerId('idle', 10_000, null);
    c.initProducerId('busy', 30_000, null);
    clock.advance(1000);
    c.addPartitions('busy', c.get('busy')?.producerId ?? -1n, 0, TP);
    clock.advance(5000);
    expect(c.expireTransactionalIds(5500)).toBe(1);
    expect(c.get('idle')).toBeUndefined();
    expect(c.get('busy')?.stateName).toBe('Ongoing');
    expect(store.records.at(-1)).toEqual({ id: 'idle', value: null });
    // A new instance starts over with a fresh producer id.
    expect(c.initProducerId('idle', 10_000, null).producerId).not.toBe(a.producerId);
  });

  it('lists and filters transactions', () => {
    const { c, clock } = setup();
    const a = c.initProducerId('a', 10_000, null);
    c.initProducerId('b', 10_000, null);
    c.addPartitions('a', a.producerId, 0, TP);
    clock.advance(500);
    expect(c.list([], [], -1).states.map((m) => m.transactionalId)).toEqual(['a', 'b']);
    expect(c.list(['Ongoing'], [], -1).states.map((m) => m.transactionalId)).toEqual(['a']);
    expect(c.list(['Bogus'], [], -1).unknownStateFilters).toEqual(['Bogus']);
    expect(c.list([], [a.producerId], -1).states.map((m) => m.transactionalId)).toEqual(['a']);
    expect(c.list(['Ongoing'], [], 1000).states).toEqual([]);
  });
});

describe('transaction log records', () => {
  it('encodes TransactionLogKey v0 and TransactionLogValue v0 as Kafka lays them out', () => {
    expect(encodeTxnLogKey('ab').toString('hex')).toBe('000000026162');
    const value: TxnLogValue = {
      producerId: 5n,
      producerEpoch: 2,
      timeoutMs: 60_000,
      state: TxnState.ONGOING,
      partitions: new Map([['t', [0, 3]]]),
      lastUpdateTimestamp: 9,
      startTimestamp: 8,
    };
    const hex = encodeTxnLogValue(value).toString('hex');
    expect(hex).toBe(
      '0000' + '0000000000000005' + '0002' + '0000ea60' + '01' + '00000001' + '000174' + '00000002' + '00000000' + '00000003' + '0000000000000009' + '0000000000000008',
    );
    expect(decodeTxnLogValue(encodeTxnLogValue(value))).toEqual(value);
    // Empty carries a null partition list.
    expect(encodeTxnLogValue({ ...value, state: TxnState.EMPTY, partitions: new Map() }).subarray(17, 21).toString('hex')).toBe('ffffffff');
  });
});
