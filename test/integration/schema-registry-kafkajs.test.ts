// @kafkajs/confluent-schema-registry against the bundled registry: register, encode, produce,
// consume and decode Avro, JSON Schema and Protobuf through our broker.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryBroker, type RegistryBroker } from '../helpers/schema-registry.js';

let b: RegistryBroker;
beforeAll(async () => {
  b = await startRegistryBroker();
});
afterAll(async () => {
  await b.dispose();
});

const AVRO = '{"type":"record","name":"User","namespace":"t","fields":[{"name":"name","type":"string"},{"name":"age","type":"int"}]}';
const JSON_SCHEMA = '{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name"]}';
const PROTO = 'syntax = "proto3";\npackage t;\n\nmessage User {\n  string name = 1;\n  int32 age = 2;\n}\n';

async function roundTrip(topic: string, values: Buffer[]): Promise<Buffer[]> {
  const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `g-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: Buffer[] = [];
  await consumer.run({
    eachMessage: ({ message }) => {
      if (message.value !== null) got.push(message.value);
      return Promise.resolve();
    },
  });
  const deadline = Date.now() + 30_000;
  while (got.length < values.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await consumer.disconnect();
  return got;
}

describe('@kafkajs/confluent-schema-registry against the bundled registry', () => {
  it.each([
    ['avro', SchemaType.AVRO, AVRO],
    ['json', SchemaType.JSON, JSON_SCHEMA],
    ['protobuf', SchemaType.PROTOBUF, PROTO],
  ] as const)('round-trips %s records', async (name, type, schema) => {
    const registry = new SchemaRegistry({ host: b.registryUrl });
    const { id } = await registry.register({ type, schema }, { subject: `${name}-value` });
    // Registering the same schema again answers the same id.
    expect((await registry.register({ type, schema }, { subject: `${name}-value` })).id).toBe(id);
    expect(await registry.getLatestSchemaId(`${name}-value`)).toBe(id);
    const users = [
      { name: 'ada', age: 36 },
      { name: 'bob', age: 41 },
    ];
    const encoded = await Promise.all(users.map((u) => registry.encode(id, u)));
    for (const e of encoded) expect(e.readInt32BE(1)).toBe(id);
    const consumed = await roundTrip(`${name}-topic`, encoded);
    // A fresh client (no cache) fetches the schema by id from the registry to decode.
    const reader = new SchemaRegistry({ host: b.registryUrl });
    const decoded = await Promise.all(consumed.map((v) => reader.decode(v)));
    expect(decoded.map((d) => ({ ...(d as object) }))).toEqual(users);
  });
});
