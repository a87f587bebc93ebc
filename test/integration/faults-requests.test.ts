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

  it('rejects unknown API and error names with one-line messages', () => {
    expect(() => b.running.faults.inject({ type: 'error', api: 'Produse', error: 'NOT_LEADER_OR_FOLLOWER' })).toThrow(FaultSpecError);
    expect(() => b.running.faults.inject({ type: 'error', api: 'Produce', error: 'NOT_A_LEADER' })).toThrow('unknown error "NOT_A_LEADER": give Kafka\'s error name (e.g. "NOT_LEADER_OR_FOLLOWER") or code');
    expect(b.running.faults.armed).toBe(false);
  });
});
