import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolationLevel, NativeClient } from '../../src/client/native/client.js';
import { NativeConsumer } from '../../src/client/native/consumer.js';
import { NativeProducer, type ProduceFailure } from '../../src/client/native/producer.js';
import { TransactionError } from '../../src/client/native/transactions.js';
import { clientApi } from '../../src/client/native/apis.js';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { defaultCreatableTopic, defaultCreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The native producer in transactional mode against our broker: InitProducerId through the
// transaction coordinator, AddPartitionsToTxn before each partition's first batch, transactional
// batches with sequences, EndTxn. A read_committed consumer sees committed records only; a second
// producer with the same transactional id fences the first with Kafka's errors.

let b: TestBroker;
const clients: NativeClient[] = [];

beforeAll(async () => {
  b = await startTestBroker();
  const c = await client();
  await c.topic('txn-native', { autoCreate: true });
  await createTopic(c, 'txn-native-3', 3);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await b.dispose();
});

async function client(): Promise<NativeClient> {
  const c = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'txn-test', retryBackoffMs: 20 });
  clients.push(c);
  return c;
}

async function createTopic(c: NativeClient, name: string, partitions: number, configs: Record<string, string> = {}): Promise<void> {
  const conn = await c.anyConnection();
  const topic = { ...defaultCreatableTopic(), name, numPartitions: partitions, replicationFactor: 1, configs: Object.entries(configs).map(([k, value]) => ({ name: k, value })) };
  const res = await conn.send(clientApi(CreateTopicsApi, 2, 7), { ...defaultCreateTopicsRequest(), timeoutMs: 5000, topics: [topic] });
  expect(res.topics[0]?.errorCode).toBe(0);
  await c.topic(name);
}

async function producer(topic: string, transactionalId: string, failures: ProduceFailure[] = []): Promise<NativeProducer> {
  return NativeProducer.create(
    await client(),
    { topic, acks: -1, compression: CompressionCodec.NONE, batchSize: 16_384, lingerMs: 1, bufferMemory: 32 << 20, retries: 3, retryBackoffMs: 20, requestTimeoutMs: 10_000, maxInFlight: 5, maxRequestSize: 1 << 20, maxBlockMs: 10_000, transactionalId, transactionTimeoutMs: 30_000 },
    (f) => failures.push(f),
  );
}

/**
 * The values a consumer with this isolation level finds in the topic's partitions: polls until
 * `expected` arrived, then once more (anything beyond would show up there), sorted.
 */
async function readAll(topic: string, partitions: number, isolationLevel: IsolationLevel, expected: number): Promise<string[]> {
  const c = await client();
  await c.topic(topic);
  const consumer = new NativeConsumer(c, { isolationLevel, maxWaitMs: 50, minBytes: 1, maxBytes: 1 << 20, partitionMaxBytes: 1 << 20, resetPolicy: 'earliest' });
  await consumer.assign(Array.from({ length: partitions }, (_, p) => ({ topic, partition: p, offset: 0n })));
  const out: string[] = [];
  const take = async (ms: number): Promise<void> => {
    for (const fb of await consumer.poll(ms)) if (!fb.batch.isControl) for (const r of fb.batch.records) out.push(r.value === null ? '' : r.value.toString());
  };
  const deadline = Date.now() + 10_000;
  while (out.length < expected && Date.now() < deadline) await take(200);
  await take(300);
  return out.sort();
}

/** Log end offsets (read_uncommitted: markers included) of the topic's partitions. */
async function logEnds(topic: string, partitions: number): Promise<bigint[]> {
  const c = await client();
  const ends = await c.listOffsets(Array.from({ length: partitions }, (_, p) => ({ topic, partition: p, timestamp: -1n })));
  return Array.from({ length: partitions }, (_, p) => ends.get(`${topic}:${p}`)?.offset ?? -1n);
}

function send(p: NativeProducer, values: readonly string[], keyed = true): void {
  values.forEach((v, i) => p.send({ key: keyed ? Buffer.from(String(i)) : null, value: Buffer.from(v) }, i));
}

describe('native transactional producer', () => {
  it('commits: read_committed sees every record once; an aborted transaction stays invisible to it', async () => {
    const p = await producer('txn-native', 'native-tx-1');
    await p.initTransactions();
    const txn = p.transactions;
    expect(txn?.state).toBe('READY');
    expect(txn?.producerId).toBeGreaterThanOrEqual(0n);

    p.beginTransaction();
    send(p, ['c1', 'c2', 'c3']);
    await p.commitTransaction();

    p.beginTransaction();
    send(p, ['a1', 'a2']);
    await p.flush();
    await p.abortTransaction();

    p.beginTransaction();
    send(p, ['c4']);
    await p.commitTransaction();
    expect(p.acked).toBe(6);
    expect(p.failed).toBe(0);
    p.close();

    expect(await readAll('txn-native', 1, IsolationLevel.READ_COMMITTED, 4)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(await readAll('txn-native', 1, IsolationLevel.READ_UNCOMMITTED, 6)).toEqual(['a1', 'a2', 'c1', 'c2', 'c3', 'c4']);
    // 6 records and 3 markers (COMMIT, ABORT, COMMIT).
    expect(await logEnds('txn-native', 1)).toEqual([9n]);
  });

  it('adds each partition of a transaction before writing it; an empty transaction commits without a marker', async () => {
    const p = await producer('txn-native-3', 'native-tx-multi');
    expect(p.numPartitions).toBe(3);
    await p.initTransactions();
    p.beginTransaction();
    await p.commitTransaction(); // nothing sent: nothing to end at the coordinator
    p.beginTransaction();
    const values = Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    for (let i = 0; i < 60; i++) p.send({ key: null, value: Buffer.from(values[i] as string), partition: i % 3 }, i);
    await p.commitTransaction();
    expect(p.acked).toBe(60);
    p.close();
    expect(await readAll('txn-native-3', 3, IsolationLevel.READ_COMMITTED, 60)).toEqual(values);
    // One COMMIT marker per partition after its 20 records (the empty transaction wrote nothing).
    expect(await logEnds('txn-native-3', 3)).toEqual([21n, 21n, 21n]);
  });

  it('a second producer with the same transactional id fences the first with Kafka\'s ProducerFencedException', async () => {
    const failures: ProduceFailure[] = [];
    const first = await producer('txn-native', 'native-tx-fence', failures);
    await first.initTransactions();
    first.beginTransaction();
    send(first, ['old1']);
    await first.flush();
    const firstEpoch = first.transactions?.producerEpoch;

    const second = await producer('txn-native', 'native-tx-fence');
    await second.initTransactions(); // aborts the first one's open transaction, bumps the epoch
    expect(second.transactions?.producerId).toBe(first.transactions?.producerId);
    // Kafka's coordinator bumps the epoch to abort the open transaction, then again for the new producer.
    expect(second.transactions?.producerEpoch).toBe((firstEpoch ?? 0) + 2);

    const err = await first.commitTransaction().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransactionError);
    expect(String(err)).toBe('org.apache.kafka.common.errors.ProducerFencedException: There is a newer producer with the same transactionalId which fences the current one.');
    expect(first.transactions?.state).toBe('FATAL_ERROR');
    // Every later call fails with the "has been fenced" form of Kafka's maybeFailWithError.
    expect(() => first.beginTransaction()).toThrow(
      `Producer with transactionalId 'native-tx-fence' and (producerId=${first.transactions?.producerId}, epoch=${firstEpoch}) has been fenced by another producer with the same transactionalId`,
    );
    expect(() => first.send({ key: null, value: Buffer.from('x') }, 0)).toThrow(/has been fenced by another producer/);
    first.close();

    second.beginTransaction();
    send(second, ['new1']);
    await second.commitTransaction();
    second.close();
    const seen = await readAll('txn-native', 1, IsolationLevel.READ_COMMITTED, 5);
    expect(seen).toContain('new1');
    expect(seen).not.toContain('old1');
  });

  it('fenced between transactions: the next batches fail and commit throws the "has been fenced" form', async () => {
    const failures: ProduceFailure[] = [];
    const first = await producer('txn-native', 'native-tx-fence2', failures);
    await first.initTransactions();
    const second = await producer('txn-native', 'native-tx-fence2');
    await second.initTransactions();
    first.beginTransaction();
    send(first, ['stale1', 'stale2']);
    await first.flush();
    expect(failures.map((f) => f.tags)).toEqual([[0, 1]]);
    expect(String(failures[0]?.error)).toBe('org.apache.kafka.common.errors.ProducerFencedException: There is a newer producer with the same transactionalId which fences the current one.');
    await expect(first.commitTransaction()).rejects.toThrow(
      `Producer with transactionalId 'native-tx-fence2' and (producerId=${first.transactions?.producerId}, epoch=${first.transactions?.producerEpoch}) has been fenced by another producer with the same transactionalId`,
    );
    await expect(first.abortTransaction()).rejects.toThrow(/has been fenced/);
    first.close();
    second.close();
  });

  it('a rejected batch makes the transaction abortable; the abort bumps the epoch and the next transaction starts its sequences again', async () => {
    await createTopic(await client(), 'txn-native-small', 1, { 'max.message.bytes': '300' });
    const failures: ProduceFailure[] = [];
    const p = await producer('txn-native-small', 'native-tx-abortable', failures);
    await p.initTransactions();
    const epoch = p.transactions?.producerEpoch ?? -1;
    p.beginTransaction();
    p.send({ key: null, value: Buffer.from('ok0'), partition: 0 }, 0);
    await p.flush();
    p.send({ key: null, value: Buffer.alloc(1000, 0x61), partition: 0 }, 1);
    await p.flush();
    expect(failures.map((f) => f.tags)).toEqual([[1]]);
    expect(p.transactions?.state).toBe('ABORTABLE_ERROR');
    await expect(p.commitTransaction()).rejects.toThrow('Cannot execute transactional method because we are in an error state');
    await p.abortTransaction();
    expect(p.transactions?.producerEpoch).toBe(epoch + 1);
    p.beginTransaction();
    send(p, ['ok1', 'ok2'], false);
    await p.commitTransaction();
    expect(failures).toHaveLength(1);
    p.close();
    expect(await readAll('txn-native-small', 1, IsolationLevel.READ_COMMITTED, 2)).toEqual(['ok1', 'ok2']);
  });

  it("refuses transactional calls out of order with Kafka's IllegalStateException texts", async () => {
    const p = await producer('txn-native', 'native-tx-order');
    expect(() => p.beginTransaction()).toThrow('Cannot perform transactional operation before completing a call to initTransactions');
    expect(() => p.send({ key: null, value: Buffer.from('x'), partition: 0 }, 0)).toThrow('Cannot add partition txn-native-0 to transaction before completing a call to initTransactions');
    await p.initTransactions();
    expect(() => p.send({ key: null, value: Buffer.from('x'), partition: 0 }, 0)).toThrow('Cannot add partition txn-native-0 to transaction while in state  READY');
    await expect(p.commitTransaction()).rejects.toThrow('Invalid transition attempted from state READY to state COMMITTING_TRANSACTION');
    p.close();
  });
});
