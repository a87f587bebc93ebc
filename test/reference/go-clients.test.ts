// The broker with today's Go clients: segmentio/kafka-go (Writer/Reader as in the README examples),
// twmb/franz-go (kgo, idempotent producer, group with manual commits) and IBM/sarama (SyncProducer,
// ConsumerGroup). The peer is one Go program under test/peers/go/modern (its go.mod pins the versions),
// built with `go build` into the reference cache, outside git. Each run prints JSON lines, and this file
// asserts exact outcomes against our broker only. Rows go to the parity table as 'Go clients × tkafka broker'.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionForKey } from '../../src/client/native/partitioner.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { GO_PEER, goBinary, goPeerBinary } from './peer-builds.js';
import { okLines, runProcess, scenarioLogger, storedBatches, type Json } from './peers.js';

const TIER = 'Go clients × tkafka broker';
const N = 15;
const MORE = 7;

type Client = 'kafkago' | 'franz' | 'sarama';

interface Rec {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: Array<[string, string]>;
}

/** The versions go.mod names (reported in the scenario names). */
function versions(): Record<Client, string> {
  const mod = fs.readFileSync(path.join(GO_PEER, 'go.mod'), 'utf8');
  const v = (m: string): string => new RegExp(`${m.replaceAll('.', '\\.')} (v\\S+)`).exec(mod)?.[1] ?? '?';
  return { kafkago: `kafka-go ${v('github.com/segmentio/kafka-go')}`, franz: `franz-go ${v('github.com/twmb/franz-go')}`, sarama: `sarama ${v('github.com/IBM/sarama')}` };
}

/** kafka-go's Murmur2Balancer and franz-go's default partitioner: Java's murmur2. */
function murmur2Partition(key: string, partitions: number): number {
  return partitionForKey(Buffer.from(key), partitions);
}

/** sarama's default HashPartitioner: FNV-1a 32, as int32, modulo, negated when negative. */
function fnv1aPartition(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(key)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return Math.abs((h | 0) % partitions);
}

const PARTITIONER: Record<Client, (key: string, partitions: number) => number> = { kafkago: murmur2Partition, franz: murmur2Partition, sarama: fnv1aPartition };

/** producerId of every batch in a partition's first segment. */
function storedProducerIds(dataDir: string, topic: string, partition: number): bigint[] {
  return storedBatches(dataDir, topic, partition).map((b) => b.producerId);
}

const go = goBinary();
let broker: TestBroker;
let kafka: Kafka;
let admin: Admin;
let bin: string;

async function peer(args: string[]): Promise<Json[]> {
  return okLines(await runProcess(bin, args, { timeoutMs: 90_000 }), args.slice(0, 2).join(' '));
}

const scenario = scenarioLogger(TIER);

// Skipped only off CI: .ci/run installs Go, so there a missing toolchain fails instead of passing silently.
describe.skipIf(go === null && process.env['CI'] !== 'true')('Go clients (kafka-go, franz-go, sarama) × tkafka broker', () => {
  const v = versions();

  beforeAll(async () => {
    bin = await goPeerBinary(go ?? 'go');
    broker = await startTestBroker();
    kafka = new Kafka({ clientId: 'go-clients-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  }, 600_000);

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.dispose();
  });

  const cases: Array<[Client, string, string]> = [
    ['kafkago', 'Writer (Murmur2Balancer, RequiredAcks=all) with keys and headers', 'Reader in a group, ReadMessage committing each message'],
    ['franz', 'kgo ProduceSync, idempotent (acks=all) with keys and headers', 'kgo consumer group, DisableAutoCommit, CommitUncommittedOffsets'],
    ['sarama', 'SyncProducer (WaitForAll, Version 4.0, HashPartitioner) with keys and headers', 'ConsumerGroup, MarkMessage + manual Commit'],
  ];

  it.each(cases)('%s: produce, consume in a group and commit, then produce more and resume from the commits', async (client, produceWhat, consumeWhat) => {
    const topic = `go-${client}`;
    const group = `go-${client}-group`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const produced: Rec[] = [];
    const next = [0, 0, 0];
    const byPos = (a: Rec, b: Rec): number => a.partition - b.partition || a.offset - b.offset;

    /** Produces messages from..from+count-1 and checks each ack: its key's partition, the next offset there. */
    const produce = async (from: number, count: number): Promise<Rec[]> => {
      const lines = await peer([client, 'produce', broker.bootstrap, topic, String(count), String(from)]);
      expect(lines.at(-1)).toEqual({ done: count });
      const acks = lines.filter((l) => l['produced'] !== undefined);
      expect(acks).toHaveLength(count);
      const recs = acks.map((l) => l['produced'] as Rec).sort((a, b) => Number(a.headers[1]?.[1]) - Number(b.headers[1]?.[1]));
      recs.forEach((r, j) => {
        const i = from + j;
        const key = `key-${i % 5}`;
        const part = PARTITIONER[client](key, 3);
        expect(r).toEqual({ topic, partition: part, offset: next[part], key, value: `${client}-${i}`, headers: [['source', client], ['idx', String(i)]] });
        next[part] = (next[part] ?? 0) + 1;
      });
      if (client === 'franz') {
        // Idempotent: every record carries the producer id and epoch the broker handed out, and so does every stored batch.
        const ids = new Set(acks.map((l) => l['producerId']));
        expect(ids.size).toBe(1);
        expect(acks.every((l) => (l['producerId'] as number) >= 0 && l['producerEpoch'] === 0)).toBe(true);
        if (from === 0) for (let part = 0; part < 3; part++) for (const id of storedProducerIds(broker.dataDir, topic, part)) expect(Number(id)).toBe([...ids][0]);
      }
      produced.push(...recs);
      return recs;
    };

    /** Reads `expected` in the group; checks every record exactly, in order per partition, and the commits at the log ends. */
    const consume = async (expected: Rec[]): Promise<void> => {
      const lines = await peer([client, 'consume', broker.bootstrap, topic, group, String(expected.length)]);
      expect(lines.at(-1)).toEqual({ done: expected.length });
      const got = lines.filter((l) => l['record'] !== undefined).map((l) => l['record'] as Rec);
      expect([...got].sort(byPos)).toEqual([...expected].sort(byPos));
      for (let part = 0; part < 3; part++) {
        const offs = got.filter((r) => r.partition === part).map((r) => r.offset);
        expect(offs).toEqual([...offs].sort((a, b) => a - b));
      }
      const ends = Object.fromEntries(next.map((o, part) => [String(part), o]));
      const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      expect(Object.fromEntries((committed[0]?.partitions ?? []).map((x) => [String(x.partition), Number(x.offset)]))).toEqual(ends);
    };

    await scenario(`${v[client]}: ${produceWhat} → partitions by key, offsets from 0 in order`, async () => {
      await produce(0, N);
    });
    await scenario(`${v[client]}: ${consumeWhat} → every record exactly, committed offsets at the log ends`, async () => {
      expect(produced).toHaveLength(N);
      await consume(produced);
    });
    await scenario(`${v[client]}: a second run of the group after ${MORE} more messages reads only the new ones and commits the new ends`, async () => {
      expect(produced).toHaveLength(N);
      await consume(await produce(N, MORE));
    });
  }, 120_000);
});
