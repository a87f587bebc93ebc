import net from 'node:net';
import { Kafka, logLevel, type Admin, type Consumer, type EachMessagePayload, type ISocketFactory, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { decodeOffsetFetchResponse } from '../../src/protocol/generated/messages/offset-fetch-response.js';
import { defaultOffsetFetchRequest, encodeOffsetFetchRequest, OffsetFetchRequestVersions } from '../../src/protocol/generated/messages/offset-fetch-request.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const OffsetFetch = api(OffsetFetchRequestVersions, encodeOffsetFetchRequest, decodeOffsetFetchResponse);

/**
 * A socket factory that lets the first Produce request through, then cuts the connection before
 * the client can read the response: the broker appended the batch, the client never heard of it.
 */
function droppingSocketFactory(): { factory: ISocketFactory; dropped: () => number; produceRequests: () => number } {
  let drops = 0;
  let produces = 0;
  const factory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    const write = socket.write.bind(socket) as (chunk: Buffer, cb?: (err?: Error | null) => void) => boolean;
    socket.write = ((chunk: Buffer, ...rest: unknown[]) => {
      const isProduce = Buffer.isBuffer(chunk) && chunk.length >= 6 && chunk.readInt16BE(4) === 0;
      if (isProduce) produces++;
      const ok = write(chunk, rest.find((r) => typeof r === 'function') as ((err?: Error | null) => void) | undefined);
      if (isProduce && drops === 0) {
        drops++;
        socket.pause();
        setTimeout(() => socket.destroy(new Error('injected connection drop')), 200);
      }
      return ok;
    });
    return socket;
  };
  return { factory, dropped: () => drops, produceRequests: () => produces };
}

interface Seen {
  values: string[];
  done: boolean;
  /** How many sentinel records arrived (one per partition when each partition ends with one). */
  sentinels: number;
}

async function collect(kafka: Kafka, topic: string, groupId: string, readUncommitted: boolean, sentinel: string): Promise<{ consumer: Consumer; seen: Seen }> {
  const consumer = kafka.consumer({ groupId, readUncommitted, maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 500 });
  const seen: Seen = { values: [], done: false, sentinels: 0 };
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }: EachMessagePayload) => {
      const v = message.value?.toString() ?? '';
      if (v === sentinel) {
        seen.done = true;
        seen.sentinels++;
      } else seen.values.push(v);
      return Promise.resolve();
    },
  });
  return { consumer, seen };
}

describe('exactly-once with kafkajs', () => {
  let b: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  const producers: Producer[] = [];
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'group.min.session.timeout.ms': '1000', 'offsets.topic.num.partitions': '3' } });
    kafka = new Kafka({ clientId: 'txn-test', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 8 } });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: ['idem', 'txn', 'cts-in', 'cts-out', 'slow'].map((topic) => ({ topic, numPartitions: topic === 'txn' ? 3 : 1 })) });
  });

  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    for (const p of producers) await p.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await b.dispose();
  });

  it('an idempotent produce retried after a dropped connection is appended once', async () => {
    const { factory, dropped, produceRequests } = droppingSocketFactory();
    const k = new Kafka({ clientId: 'idem', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, socketFactory: factory, retry: { initialRetryTime: 50 } });
    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    producers.push(producer);
    await producer.connect();
    const [first] = await producer.send({ topic: 'idem', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    expect(dropped()).toBe(1);
    // The batch went out twice (the retry after the drop) and got its first offsets back.
    expect(produceRequests()).toBe(2);
    expect(first?.baseOffset).toBe('0');
    const [second] = await producer.send({ topic: 'idem', acks: -1, messages: [{ value: 'c' }] });
    expect(second?.baseOffset).toBe('2');
    const [hw] = await admin.fetchTopicOffsets('idem');
    expect(hw?.high).toBe('3');
    const partition = b.running.broker.topics.partition('idem', 0);
    if (partition === undefined) throw new Error('no partition');
    const entries = [...b.running.broker.txn.producers.get(partition.log).entries()];
    expect(entries).toHaveLength(1);
    expect(entries[0]?.lastSeq).toBe(2);
  });

  it('read_committed consumers see committed transactions only; read_uncommitted see everything', async () => {
    const producer = kafka.producer({ transactionalId: 'tx-basic', maxInFlightRequests: 1, idempotent: true });
    producers.push(producer);
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({ topic: 'txn', messages: [0, 1, 2, 3, 4, 5].map((i) => ({ value: `c${i}`, partition: i % 3 })) });
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'txn', messages: [0, 1, 2, 3, 4, 5].map((i) => ({ value: `a${i}`, partition: i % 3 })) });
    await aborted.abort();
    const plain = kafka.producer();
    producers.push(plain);
    await plain.connect();
    await plain.send({ topic: 'txn', messages: [0, 1, 2].map((partition) => ({ value: 'end', partition })) });

    const rc = await collect(kafka, 'txn', 'rc', false, 'end');
    const ru = await collect(kafka, 'txn', 'ru', true, 'end');
    consumers.push(rc.consumer, ru.consumer);
    // Every partition ends with an 'end' written after both transactions: once a consumer has read
    // all three, it has read everything it ever will (no pause needed to see whether more arrives).
    await waitFor('both consumers at the end of all 3 partitions', () => (rc.seen.sentinels === 3 && ru.seen.sentinels === 3 ? true : undefined));
    expect(rc.seen.values.sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(ru.seen.values.sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5']);

    // Each partition: 2 committed + marker, 2 aborted + marker, 1 plain record.
    const offsets = await admin.fetchTopicOffsets('txn');
    expect(offsets.map((o) => o.high)).toEqual(['7', '7', '7']);
    const txnState = b.running.broker.txn.coordinator.get('tx-basic');
    expect(txnState?.stateName).toBe('CompleteAbort');
  });

  it('sendOffsets inside a transaction commits the group offsets only when the transaction commits', async () => {
    const producer = kafka.producer({ transactionalId: 'tx-cts', maxInFlightRequests: 1, idempotent: true });
    producers.push(producer);
    await producer.connect();
    const raw = await RawClient.connect(b.running.port);
    const fetchStable = async (): Promise<{ errorCode: number; offset: bigint }> => {
      const res = await raw.call(OffsetFetch, 7, { ...defaultOffsetFetchRequest(), groupId: 'cts', topics: [{ name: 'cts-in', partitionIndexes: [0] }], requireStable: true });
      const p = res.topics[0]?.partitions[0];
      return { errorCode: p?.errorCode ?? -1, offset: p?.committedOffset ?? -2n };
    };
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic: 'cts-out', messages: [{ value: 'x' }] });
      await aborted.sendOffsets({ consumerGroupId: 'cts', topics: [{ topic: 'cts-in', partitions: [{ partition: 0, offset: '5' }] }] });
      expect(await fetchStable()).toEqual({ errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT, offset: -1n });
      await aborted.abort();
      expect(await fetchStable()).toEqual({ errorCode: 0, offset: -1n });

      const txn = await producer.transaction();
      await txn.send({ topic: 'cts-out', messages: [{ value: 'y' }] });
      await txn.sendOffsets({ consumerGroupId: 'cts', topics: [{ topic: 'cts-in', partitions: [{ partition: 0, offset: '7' }] }] });
      const before = await admin.fetchOffsets({ groupId: 'cts', topics: ['cts-in'] });
      expect(before[0]?.partitions[0]?.offset).toBe('-1');
      await txn.commit();
      const after = await admin.fetchOffsets({ groupId: 'cts', topics: ['cts-in'] });
      expect(after[0]?.partitions[0]?.offset).toBe('7');
      expect(await fetchStable()).toEqual({ errorCode: 0, offset: 7n });
    } finally {
      raw.close();
    }
  });

  it('the broker aborts a transaction left open past its timeout and fences the producer', async () => {
    const producer = kafka.producer({ transactionalId: 'tx-slow', maxInFlightRequests: 1, idempotent: true, transactionTimeout: 1000, retry: { retries: 1, initialRetryTime: 50 } });
    producers.push(producer);
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'slow', messages: [{ value: 'zombie' }] });
    const plain = kafka.producer();
    producers.push(plain);
    await plain.connect();
    await plain.send({ topic: 'slow', messages: [{ value: 'after' }] });
    // kafkajs lists offsets read_committed: latest is the last stable offset, pinned by the open transaction.
    const [open] = await admin.fetchTopicOffsets('slow');
    expect(open?.high).toBe('0');
    expect(b.running.broker.topics.partition('slow', 0)?.log.highWatermark).toBe(2);

    const rc = await collect(kafka, 'slow', 'slow-rc', false, 'never');
    consumers.push(rc.consumer);
    await waitFor('the timed-out transaction to be aborted', () => (rc.seen.values.includes('after') ? true : undefined), 10_000);
    expect(rc.seen.values).toEqual(['after']);
    expect(b.running.broker.txn.coordinator.get('tx-slow')?.stateName).toBe('CompleteAbort');
    // Its epoch was bumped by the abort; kafkajs's EndTxn version learns that as INVALID_PRODUCER_EPOCH.
    await expect(txn.commit()).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH', code: 47 });
  });
});
