// The kafka-python example of ../shared/reference/examples.md against our broker: the producer with the
// example's settings (acks=all, idempotence, gzip, linger 10 ms, headers, future.get) and the
// manual-commit consumer group committing after each message. The peer is
// test/peers/python/kafka_python_peer.py in its own venv (python-venv.ts); the test asserts exact
// partitions, offsets, records, stored batches and committed offsets.
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionForKey } from '../../src/client/native/partitioner.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { okLines, runProcess, scenarioLogger, storedBatches, type Json, type ProcessResult } from './peers.js';
import { PYTHON_PEERS, runSync, venvPython } from './python-venv.js';

const TIER = 'Python clients × tkafka broker';

interface Order {
  orderId: number;
  customerId: string;
  amount: number;
}

interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestampType: number;
  key: string | null;
  value: Order;
  headers: Array<[string, string | null]>;
}

let py: string;
let version: string;
let broker: TestBroker;
let admin: Admin;
const scenario = scenarioLogger(TIER);

function runPeer(args: readonly string[]): Promise<ProcessResult> {
  return runProcess(py, [path.join(PYTHON_PEERS, 'kafka_python_peer.py'), ...args], { env: { ...process.env, PYTHONUNBUFFERED: '1' }, timeoutMs: 60_000 });
}

function records(lines: Json[]): ConsumedRecord[] {
  return lines.filter((l) => l['record'] !== undefined).map((l) => l['record'] as ConsumedRecord);
}

const order = (id: number): Order => ({ orderId: id, customerId: `customer-${id % 7}`, amount: 10 + id + 0.5 });
const partitionOf = (key: string): number => partitionForKey(Buffer.from(key), 3);

beforeAll(async () => {
  py = await venvPython('requirements-kafka-python.txt');
  version = runSync(py, ['-c', 'import kafka; print(kafka.__version__)'], 'kafka-python version').trim();
  broker = await startTestBroker();
  admin = new Kafka({ clientId: 'kafka-python-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
}, 600_000);

afterAll(async () => {
  await admin?.disconnect();
  await broker?.dispose();
});

describe('kafka-python', () => {
  it('the example producer (acks=all, idempotent, gzip, headers) and the manual-commit group that resumes exactly', async () => {
    const topic = 'orders';
    const group = 'order-processing';
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const ends = [0, 0, 0];

    await scenario(`kafka-python ${version}: KafkaProducer as in the example → murmur2 partitions, exact offsets, gzip idempotent batches`, async () => {
      const lines = okLines(await runPeer(['produce', broker.bootstrap, topic, '20']), 'produce');
      expect(lines).toHaveLength(21);
      lines.slice(0, 20).forEach((a, id) => {
        const key = `customer-${id % 7}`;
        const part = partitionOf(key);
        expect(a).toEqual({ id, key, topic, partition: part, offset: ends[part] });
        ends[part] = (ends[part] ?? 0) + 1;
      });
      expect(lines[20]).toEqual({ flushed: 20 });
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.map((o) => [o.partition, Number(o.offset)]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual(ends.map((e, i) => [i, e]));
      // One record per batch (each send waits for its ack), gzip, one idempotent producer id.
      const pids = new Set<bigint>();
      for (let part = 0; part < 3; part++) {
        const batches = storedBatches(broker.dataDir, topic, part);
        expect(batches.map((b) => b.baseOffset)).toEqual(Array.from({ length: ends[part] ?? 0 }, (_, i) => i));
        for (const b of batches) {
          expect(b.compression).toBe(1);
          expect(b.transactional).toBe(false);
          pids.add(b.producerId);
        }
      }
      expect(pids.size).toBe(1);
      expect([...pids][0]).toBeGreaterThanOrEqual(0n);
    });

    await scenario(`kafka-python ${version}: KafkaConsumer group, commit() after each message: exact records, a second run resumes at the committed offsets, a third reads nothing`, async () => {
      const check = (r: ConsumedRecord): void => {
        const id = r.value.orderId;
        expect(r).toEqual({ topic, partition: partitionOf(`customer-${id % 7}`), offset: r.offset, timestampType: 0, key: `customer-${id % 7}`, value: order(id), headers: [['source', 'order-service'], ['version', '1.0']] });
      };
      const first = okLines(await runPeer(['consume', broker.bootstrap, group, topic, '12', '5000']), 'consume 1');
      const r1 = records(first);
      expect(r1).toHaveLength(12);
      r1.forEach(check);
      const summary1 = first.at(-1) as { consumed: number; assigned: number[]; committed: Record<string, number | null> };
      expect({ consumed: summary1.consumed, assigned: summary1.assigned }).toEqual({ consumed: 12, assigned: [0, 1, 2] });
      const committed1: Record<string, number> = {};
      for (let part = 0; part < 3; part++) {
        const mine = r1.filter((r) => r.partition === part).map((r) => r.offset);
        expect(mine).toEqual(mine.map((_, i) => i)); // in order from offset 0
        committed1[String(part)] = mine.length;
        // commit() commits every consumed position: a partition not read from has none (None) until its
        // first fetch sets it to 0, which may come before the last commit or not; both resume at 0.
        if (mine.length === 0) expect([null, 0]).toContain(summary1.committed[String(part)]);
        else expect(summary1.committed[String(part)]).toBe(mine.length);
      }

      const second = okLines(await runPeer(['consume', broker.bootstrap, group, topic, '100', '3000']), 'consume 2');
      const r2 = records(second);
      expect(r2).toHaveLength(8);
      r2.forEach(check);
      for (let part = 0; part < 3; part++) {
        const from = committed1[String(part)] ?? -1;
        const mine = r2.filter((r) => r.partition === part).map((r) => r.offset);
        expect(mine).toEqual(Array.from({ length: (ends[part] ?? 0) - from }, (_, i) => from + i));
      }
      const ids = [...r1, ...r2].map((r) => r.value.orderId).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const endsByPart = Object.fromEntries(ends.map((e, i) => [String(i), e]));
      expect(second.at(-1)).toEqual({ consumed: 8, assigned: [0, 1, 2], committed: endsByPart });

      const third = okLines(await runPeer(['consume', broker.bootstrap, group, topic, '100', '2000']), 'consume 3');
      expect(records(third)).toEqual([]);
      expect(third.at(-1)).toEqual({ consumed: 0, assigned: [0, 1, 2], committed: endsByPart });
      const fetched = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      expect(Object.fromEntries((fetched[0]?.partitions ?? []).map((x) => [String(x.partition), Number(x.offset)]))).toEqual(endsByPart);
    });
  }, 180_000);
});
