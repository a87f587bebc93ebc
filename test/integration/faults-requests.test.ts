// Request faults (error answers, latency, dropped and stalled connections) seen by real clients
// (kafkajs), which must recover: the records come back exactly once each.
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultSpecError } from '../../src/broker/faults/injector.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

describe('fault injection: request faults', () => {
  let b: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  const producers: Producer[] = [];
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'group.min.session.timeout.ms': '1000', 'offsets.topic.num.partitions': '1' } });
    kafka = new Kafka({ clientId: 'faults-test', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 10 } });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: ['nl', 'group-errs', 'lat', 'drop', 'stall'].map((topic) => ({ topic, numPartitions: 1 })) });
  });

  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    for (const p of producers) await p.disconnect().catch(() => undefined);
    await admin.disconnect();
    await b.dispose();
  });

  async function readAll(topic: string, expected: number): Promise<string[]> {
    const consumer = kafka.consumer({ groupId: `read-${topic}-${Math.random()}`, maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: ({ message }) => Promise.resolve(void seen.push(message.value?.toString() ?? '')) });
    await waitFor(`${expected} records of ${topic}`, () => seen.length >= expected);
    // Anything more (a duplicate) arrives with the same fetch or the next one; the high watermark says it all.
    const [offsets] = await admin.fetchTopicOffsets(topic);
    expect(offsets?.high).toBe(String(expected));
    await consumer.disconnect();
    return seen;
  }

  it('NOT_LEADER_OR_FOLLOWER on the next 2 Produce: the idempotent producer retries, every record once', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    producers.push(producer);
    await producer.connect();
    const fault = b.running.faults.inject({ type: 'error', api: 'Produce', count: 2, error: 'NOT_LEADER_OR_FOLLOWER', topics: ['nl'] });
    const values = Array.from({ length: 5 }, (_, i) => `v${i}`);
    for (const v of values) await producer.send({ topic: 'nl', messages: [{ value: v }] });
    expect(fault.state).toBe('done');
    expect(fault.hits.map((h) => [h.api, h.clientId])).toEqual([
      ['Produce', 'faults-test'],
      ['Produce', 'faults-test'],
    ]);
    expect(b.logs.filter((l) => l.startsWith(`fault #${fault.id} (error NOT_LEADER_OR_FOLLOWER) injected into Produce v`))).toHaveLength(2);
    expect((await readAll('nl', 5)).sort()).toEqual(values);
    expect(b.running.faults.armed).toBe(false);
  });

  it('COORDINATOR_NOT_AVAILABLE on FindCoordinator, REQUEST_TIMED_OUT and COORDINATOR_LOAD_IN_PROGRESS on OffsetFetch: the group still consumes every record once', async () => {
    const producer = kafka.producer({ idempotent: true });
    producers.push(producer);
    await producer.connect();
    const values = Array.from({ length: 6 }, (_, i) => `g${i}`);
    await producer.send({ topic: 'group-errs', messages: values.map((value) => ({ value })) });
    const find = b.running.faults.inject({ type: 'error', api: 'FindCoordinator', count: 2, error: 'COORDINATOR_NOT_AVAILABLE' });
    const offsetFetch = b.running.faults.inject({ type: 'error', api: 'OffsetFetch', count: 1, error: 'REQUEST_TIMED_OUT' });
    const loading = b.running.faults.inject({ type: 'error', api: 'OffsetFetch', count: 1, error: 'COORDINATOR_LOAD_IN_PROGRESS' });
    const consumer = kafka.consumer({ groupId: 'faulted-group', maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'group-errs', fromBeginning: true });
    await consumer.run({ eachMessage: ({ message }) => Promise.resolve(void seen.push(message.value?.toString() ?? '')) });
    await waitFor("the group to consume 6 records", () => seen.length >= 6).catch((e: unknown) => { console.log(b.logs.slice(-40).join("\n")); throw e; });
    expect(seen).toEqual(values);
    expect([find.state, find.hits.length, offsetFetch.state, offsetFetch.hits.length, loading.state, loading.hits.length]).toEqual(['done', 2, 'done', 1, 'done', 1]);
    await consumer.disconnect();
  });

  it('latency holds the request (and its connection) while others go on; clear() releases it', async () => {
    const slow = new Kafka({ clientId: 'slow-client', brokers: [b.bootstrap], logLevel: logLevel.NOTHING }).producer();
    const fast = kafka.producer();
    producers.push(slow, fast);
    await Promise.all([slow.connect(), fast.connect()]);
    // Metadata first, so each producer's next request is its Produce.
    await Promise.all([slow.send({ topic: 'lat', messages: [{ value: 'warm-slow' }] }), fast.send({ topic: 'lat', messages: [{ value: 'warm-fast' }] })]);
    const fault = b.running.faults.inject({ type: 'latency', api: 'Produce', clientId: 'slow-client', latencyMs: 600_000 });
    let slowDone = false;
    const slowSend = slow.send({ topic: 'lat', messages: [{ value: 'slow' }] }).then(() => (slowDone = true));
    await waitFor('the slow Produce to be held', () => fault.hits.length === 1);
    await fast.send({ topic: 'lat', messages: [{ value: 'fast' }] });
    expect(slowDone).toBe(false);
    expect(b.running.faults.list().active.map((f) => f.id)).toEqual([]);
    expect(b.running.faults.clear()).toBe(0);
    await slowSend;
    expect((await readAll('lat', 4)).slice(2)).toEqual(['fast', 'slow']);
  });

  it('a dropped connection: the producer reconnects and sends every record once', async () => {
    const producer = kafka.producer({ idempotent: true });
    producers.push(producer);
    await producer.connect();
    await producer.send({ topic: 'drop', messages: [{ value: 'd0' }] });
    const fault = b.running.faults.inject({ type: 'drop', api: 'Produce', topics: ['drop'] });
    await producer.send({ topic: 'drop', messages: [{ value: 'd1' }] });
    await producer.send({ topic: 'drop', messages: [{ value: 'd2' }] });
    expect(fault.state).toBe('done');
    expect(fault.hits).toHaveLength(1);
    expect(b.logs.some((l) => l.includes(`connection ${fault.hits[0]?.connectionId ?? -1} (`) && l.startsWith(`fault #${fault.id} (drop connection) injected into Produce`))).toBe(true);
    expect(await readAll('drop', 3)).toEqual(['d0', 'd1', 'd2']);
  });

  it('a stalled connection that then closes: the producer reconnects and sends every record once', async () => {
    const producer = kafka.producer({ idempotent: true });
    producers.push(producer);
    await producer.connect();
    await producer.send({ topic: 'stall', messages: [{ value: 's0' }] });
    const fault = b.running.faults.inject({ type: 'stall', api: 'Produce', topics: ['stall'], stallMs: 300, then: 'close' });
    await producer.send({ topic: 'stall', messages: [{ value: 's1' }] });
    expect(fault.hits).toHaveLength(1);
    expect(await readAll('stall', 2)).toEqual(['s0', 's1']);
  });

  it('rejects unknown API and error names with one-line messages', () => {
    expect(() => b.running.faults.inject({ type: 'error', api: 'Produse', error: 'NOT_LEADER_OR_FOLLOWER' })).toThrow(FaultSpecError);
    expect(() => b.running.faults.inject({ type: 'error', api: 'Produce', error: 'NOT_A_LEADER' })).toThrow('unknown error "NOT_A_LEADER": give Kafka\'s error name (e.g. "NOT_LEADER_OR_FOLLOWER") or code');
    expect(b.running.faults.armed).toBe(false);
  });
});
