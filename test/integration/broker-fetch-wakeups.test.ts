import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

describe('parked fetch wake-ups', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker();
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('wakes a parked fetch only for appends to its own partitions, or for a broker-wide notice', async () => {
    const broker = b.running.broker;
    const a = broker.topics.create('wake-a', 1, {});
    const other = broker.topics.create('wake-b', 1, {});
    if (!a.ok || a.value === null || !other.ok || other.value === null) throw new Error('topic creation failed');
    const logA = (a.value.partitions[0] ?? { log: undefined }).log;
    const logB = (other.value.partitions[0] ?? { log: undefined }).log;
    if (logA === undefined || logB === undefined) throw new Error('missing partition');
    const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

    let woken = 0;
    const ac = new AbortController();
    void broker.waitForAppend(60_000, ac.signal, new Set([logA])).then(() => woken++);
    broker.notifyAppend(logB);
    await flush();
    expect(woken).toBe(0);
    broker.notifyAppend(logA);
    await flush();
    expect(woken).toBe(1);

    void broker.waitForAppend(60_000, ac.signal, new Set([logA])).then(() => woken++);
    broker.notifyAppend();
    await flush();
    expect(woken).toBe(2);
    ac.abort();
  });

  it('wakes a fetch parked on __transaction_state when the transaction coordinator writes there (PartitionLog.append wakes, no writer has to)', async () => {
    const broker = b.running.broker;
    const first = broker.txn.coordinator.initProducerId('wake-txn', 60_000, null);
    expect(first.errorCode).toBe(0);
    const state = broker.topics.get('__transaction_state');
    const log = state?.partitions.find((p) => p.log.logEndOffset > 0)?.log;
    if (log === undefined) throw new Error('no __transaction_state record');
    const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
    let woken = 0;
    const ac = new AbortController();
    void broker.waitForAppend(60_000, ac.signal, new Set([log])).then(() => woken++);
    await flush();
    expect(woken).toBe(0);
    const end = log.logEndOffset;
    expect(broker.txn.coordinator.initProducerId('wake-txn', 60_000, null).errorCode).toBe(0);
    expect(log.logEndOffset).toBe(end + 1);
    await flush();
    expect(woken).toBe(1);
    ac.abort();
  });
});
