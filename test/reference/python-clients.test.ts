// The broker with Python's aiokafka client. The peer is test/peers/python/peer.py, run in a venv under
// the reference cache (outside git), created on first use from test/peers/python/requirements.txt; it
// prints JSON lines, and this file asserts exact outcomes against our broker only (never the
// globalSetup's Apache Kafka clusters). Rows go to the parity table as 'Python clients × tkafka broker'.
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionForKey } from '../../src/client/native/partitioner.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { okLines, runProcess, scenarioLogger, storedBatches, type Json, type ProcessResult } from './peers.js';
import { PYTHON_PEERS, runSync, venvPython } from './python-venv.js';

const TIER = 'Python clients × tkafka broker';

interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: number;
  key: string | null;
  value: string | null;
  headers: Array<[string, string | null]>;
}

let py: string;

function runPeer(args: readonly string[], timeoutMs = 60_000): Promise<ProcessResult> {
  return runProcess(py, [path.join(PYTHON_PEERS, 'peer.py'), ...args], { env: { ...process.env, PYTHONUNBUFFERED: '1' }, timeoutMs });
}

function records(lines: Json[]): ConsumedRecord[] {
  return lines.filter((l) => l['record'] !== undefined).map((l) => l['record'] as ConsumedRecord);
}

function keyPartition(key: string, partitions: number): number {
  return partitionForKey(Buffer.from(key), partitions);
}

function orderValue(id: number): string {
  return `{"orderId":${id},"customerId":"customer-${id % 7}","amount":${10 + id}.5}`;
}

const HEADERS: Array<[string, string]> = [
  ['source', 'order-service'],
  ['version', '1.0'],
];

let broker: TestBroker;
let admin: Admin;
let aiokafka: string;

const scenario = scenarioLogger(TIER);

beforeAll(async () => {
  py = await venvPython('requirements.txt');
  aiokafka = runSync(py, ['-c', 'import aiokafka; print(aiokafka.__version__)'], 'aiokafka version').trim();
  broker = await startTestBroker();
  admin = new Kafka({ clientId: 'python-clients-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
}, 600_000);

afterAll(async () => {
  await admin?.disconnect();
  await broker?.dispose();
});

describe('aiokafka', () => {
  it('an idempotent acks=all producer with keys and headers, then a group with manual commit that resumes exactly', async () => {
    const topic = 'py-orders';
    const group = 'py-order-processing';
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const ends = [0, 0, 0];

    await scenario(`aiokafka ${aiokafka}: AIOKafkaProducer (acks=all, enable_idempotence, headers) → partitions by murmur2, exact offsets, idempotent batches`, async () => {
      const lines = okLines(await runPeer(['produce', broker.bootstrap, topic, '20']), 'produce');
      const acks = lines.filter((l) => l['id'] !== undefined);
      expect(acks).toHaveLength(20);
      expect(lines.at(-1)).toEqual({ flushed: 20 });
      for (const a of acks) {
        const key = `customer-${(a['id'] as number) % 7}`;
        const part = keyPartition(key, 3);
        expect(a).toEqual({ id: a['id'], key, topic, partition: part, offset: ends[part] });
        ends[part] = (ends[part] ?? 0) + 1;
      }
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.map((o) => [o.partition, Number(o.offset)]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual(ends.map((e, i) => [i, e]));
      // Idempotence: every stored batch, in every partition, carries the one producer id the broker gave the producer.
      const batches = [0, 1, 2].map((part) => storedBatches(broker.dataDir, topic, part));
      expect(batches.map((b) => b.length > 0)).toEqual([true, true, true]);
      const pids = [...new Set(batches.flat().map((b) => b.producerId))];
      expect(pids).toHaveLength(1);
      expect(pids[0]).toBeGreaterThanOrEqual(0n);
    });

    await scenario(`aiokafka ${aiokafka}: AIOKafkaConsumer group, manual commit: exact keys/values/headers/offsets, a second run resumes at the committed offsets, a third reads nothing`, async () => {
      const check = (r: ConsumedRecord): void => {
        const id = (JSON.parse(r.value ?? '') as { orderId: number }).orderId;
        expect(r).toEqual({ topic, partition: keyPartition(`customer-${id % 7}`, 3), offset: r.offset, timestamp: r.timestamp, timestampType: 0, key: `customer-${id % 7}`, value: orderValue(id), headers: HEADERS });
        expect(r.timestamp).toBeGreaterThan(Date.now() - 600_000);
      };
      const first = okLines(await runPeer(['consume', broker.bootstrap, group, topic, '12', '5000']), 'consume 1');
      const r1 = records(first);
      expect(r1).toHaveLength(12);
      r1.forEach(check);
      // aiokafka's commit() commits the position of every assigned partition, 0 for one not read from yet.
      const committed1: Record<string, number> = {};
      for (let part = 0; part < 3; part++) {
        const mine = r1.filter((r) => r.partition === part).map((r) => r.offset);
        expect(mine).toEqual(mine.map((_, i) => i)); // in order from offset 0
        committed1[String(part)] = mine.length;
      }
      expect(first.at(-1)).toEqual({ consumed: 12, assigned: [0, 1, 2], committed: committed1 });

      const second = okLines(await runPeer(['consume', broker.bootstrap, group, topic, '100', '2000']), 'consume 2');
      const r2 = records(second);
      expect(r2).toHaveLength(8);
      r2.forEach(check);
      for (let part = 0; part < 3; part++) {
        const from = committed1[String(part)] ?? 0;
        const mine = r2.filter((r) => r.partition === part).map((r) => r.offset);
        expect(mine).toEqual(Array.from({ length: (ends[part] ?? 0) - from }, (_, i) => from + i));
      }
      const ids = [...r1, ...r2].map((r) => (JSON.parse(r.value ?? '') as { orderId: number }).orderId).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const endsByPart = Object.fromEntries(ends.map((e, i) => [String(i), e]));
      expect(second.at(-1)).toEqual({ consumed: 8, assigned: [0, 1, 2], committed: endsByPart });

      const third = okLines(await runPeer(['consume', broker.bootstrap, group, topic, '100', '1500']), 'consume 3');
      expect(records(third)).toEqual([]);
      expect(third.at(-1)).toEqual({ consumed: 0, assigned: [0, 1, 2], committed: endsByPart });
      const fetched = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      expect(Object.fromEntries((fetched[0]?.partitions ?? []).map((x) => [String(x.partition), Number(x.offset)]))).toEqual(endsByPart);
    });
  }, 120_000);
});
