import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';

const TOPIC = 'resume';
const GROUP = 'resumers';

function client(b: TestBroker): Kafka {
  return new Kafka({ clientId: 'restart-it', brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
}

async function produce(kafka: Kafka, from: number, to: number): Promise<void> {
  const p = kafka.producer();
  await p.connect();
  const messages = [];
  for (let i = from; i < to; i++) for (const partition of [0, 1]) messages.push({ partition, value: `p${partition}-${i}` });
  await p.send({ topic: TOPIC, messages });
  await p.disconnect();
}

/** Runs a group member until `count` records arrived, then leaves (committing what it consumed). */
async function consume(kafka: Kafka, count: number): Promise<string[]> {
  const c = kafka.consumer({ groupId: GROUP, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  const got: string[] = [];
  await c.connect();
  await c.subscribe({ topic: TOPIC, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} records arrived`)), 15_000);
    void c.run({
      eachMessage: ({ partition, message }) => {
        got.push(`${partition}@${message.offset}=${message.value?.toString() ?? ''}`);
        if (got.length >= count) {
          clearTimeout(timer);
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await c.disconnect();
  return got.sort();
}

describe('committed offsets across a broker restart', () => {
  const dataDir = tempDataDir();
  let b: TestBroker | undefined;
  afterAll(async () => {
    await b?.dispose();
  });

  it('keeps commits in __consumer_offsets and resumes a new member at the committed offset', async () => {
    b = await startTestBroker({ dataDir });
    let kafka = client(b);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
    await admin.disconnect();
    await produce(kafka, 0, 10);
    expect(await consume(kafka, 20)).toHaveLength(20);
    await b.stop();

    b = await startTestBroker({ dataDir });
    kafka = client(b);
    const admin2 = kafka.admin();
    await admin2.connect();
    expect(await admin2.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })).toEqual([
      { topic: TOPIC, partitions: [{ partition: 0, offset: '10', metadata: null }, { partition: 1, offset: '10', metadata: null }] },
    ]);
    const { groups } = await admin2.describeGroups([GROUP]);
    expect(groups[0]).toMatchObject({ groupId: GROUP, state: 'Empty', protocolType: 'consumer', members: [] });
    await produce(kafka, 10, 13);
    // fromBeginning only applies without a commit: the new member starts at offset 10.
    expect(await consume(kafka, 6)).toEqual(['0@10=p0-10', '0@11=p0-11', '0@12=p0-12', '1@10=p1-10', '1@11=p1-11', '1@12=p1-12']);
    expect(await admin2.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })).toEqual([
      { topic: TOPIC, partitions: [{ partition: 0, offset: '13', metadata: null }, { partition: 1, offset: '13', metadata: null }] },
    ]);
    await admin2.disconnect();
  });
});
