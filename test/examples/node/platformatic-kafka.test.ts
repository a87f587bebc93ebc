// The library's broker with @platformatic/kafka, a client that speaks the newest API versions
// (issue #19: its users take startBroker unchanged): admin, an idempotent producer recovering from
// an injected NOT_LEADER_OR_FOLLOWER, and a group consumer reading every record once, in order.
import { Admin, Consumer, MessagesStreamModes, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../../src/index.js';
import { uniqueTopic } from '../../../src/testing/index.js';

let broker: EmbeddedBroker;

beforeAll(async () => {
  broker = await startBroker({ port: 0 });
});

afterAll(async () => {
  await broker.stop();
});

it('produces through an injected NOT_LEADER_OR_FOLLOWER and consumes every record once, in order', async () => {
  const topic = uniqueTopic('pk-orders');
  const admin = new Admin({ clientId: 'example-admin', bootstrapBrokers: [broker.bootstrap] });
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
  await admin.close();

  const fault = broker.faults.inject({ type: 'error', api: 'Produce', error: 'NOT_LEADER_OR_FOLLOWER', count: 1, topics: [topic] });
  const producer = new Producer({ clientId: 'example-producer', bootstrapBrokers: [broker.bootstrap], serializers: stringSerializers, idempotent: true, retries: 5, retryDelay: 50 });
  const values = ['o-1', 'o-2', 'o-3', 'o-4', 'o-5'];
  for (const value of values) await producer.send({ messages: [{ topic, key: 'k', value, headers: { src: 'pk' } }] });
  await producer.close();
  expect(fault.hits.map((h) => h.api)).toEqual(['Produce']);

  const consumer = new Consumer({ groupId: uniqueTopic('pk-reader'), clientId: 'example-consumer', bootstrapBrokers: [broker.bootstrap], deserializers: stringDeserializers, maxWaitTime: 100 });
  const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
  const seen: { offset: string; key: string; value: string; src: string | undefined }[] = [];
  for await (const m of stream) {
    seen.push({ offset: String(m.offset), key: m.key, value: m.value, src: m.headers.get('src') });
    if (seen.length === values.length) break;
  }
  await stream.close();
  await consumer.close();
  expect(seen).toEqual(values.map((value, i) => ({ offset: String(i), key: 'k', value, src: 'pk' })));
});
