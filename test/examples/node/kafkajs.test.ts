// Example (README "Testing with tkafka"): a kafkajs producer/consumer test under vitest with the
// library API. In a user's project the import is `from 'tkafka'`.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../../src/index.js';
import { uniqueTopic } from '../../../src/testing/index.js';

let broker: EmbeddedBroker;
let kafka: Kafka;

beforeAll(async () => {
  broker = await startBroker({ port: 0 });
  kafka = new Kafka({ clientId: 'example', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 8 } });
});

afterAll(async () => {
  await broker.stop();
});

it('recovers from NOT_LEADER_OR_FOLLOWER on two Produce requests: every record once, in order', async () => {
  const topic = uniqueTopic('orders');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();

  const fault = broker.faults.inject({ type: 'error', api: 'Produce', error: 'NOT_LEADER_OR_FOLLOWER', count: 2, topics: [topic] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const values = ['o-1', 'o-2', 'o-3', 'o-4', 'o-5'];
  for (const value of values) await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
  await producer.disconnect();
  // Both injected errors were answered (and retried by the client).
  expect(fault.hits.map((h) => h.api)).toEqual(['Produce', 'Produce']);

  const consumer = kafka.consumer({ groupId: uniqueTopic('orders-reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: { offset: string; value: string }[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: ({ message }) => {
        seen.push({ offset: message.offset, value: message.value?.toString() ?? '' });
        if (seen.length === values.length) resolve();
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  expect(seen).toEqual(values.map((value, i) => ({ offset: String(i), value })));
});
