// Burrow (Debian's 1.2.1, sarama at kafka-version 2.0) reading a group's lag from our broker: its
// cluster module asks each partition's latest offset with ListOffsets v0 (the old multi-offset form),
// its consumer module reads the group's commits from __consumer_offsets in Kafka's record formats.
// Burrow needs a ZooKeeper for its own coordination: the real one, from Apache Kafka 3.9's jars in
// the reference cache. The test asserts, through Burrow's HTTP API, the topic's offsets and the
// group's lag per partition exactly, before and after more records and commits.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';
import { javaBin, KAFKA_3, portOpen, resolveKafka } from './kafka-ref.js';
import { scenarioLogger } from './peers.js';

const TIER = 'Go clients × tkafka broker';
const BURROW = '/usr/bin/Burrow';

let broker: TestBroker;
let admin: Admin;
let producer: Producer;
let dir: string;
let zookeeper: ChildProcess | undefined;
let burrow: ChildProcess | undefined;
let burrowOut = '';
let http = '';
const scenario = scenarioLogger(TIER);

/** Polls until `probe` gives a value, with Burrow's output in the error when it never does. */
function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  return waitFor(what, probe, timeoutMs, 250).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}\n--- Burrow:\n${burrowOut}`, { cause: err });
  });
}

async function get(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${http}${url}`);
  return (await res.json()) as Record<string, unknown>;
}

interface PartitionLag {
  topic: string;
  partition: number;
  end: { offset: number; lag: number };
  current_lag: number;
}

interface LagStatus {
  group: string;
  partitions: PartitionLag[];
  partition_count: number;
  totallag: number;
}

/** Burrow's view once it equals `offsets` for the topic and `committed` for the group (else undefined). */
async function burrowView(offsets: number[], committed: number[]): Promise<{ offsets: number[]; lag: LagStatus } | undefined> {
  const topic = await get('/v3/kafka/tk/topic/lagged');
  if (JSON.stringify(topic['offsets']) !== JSON.stringify(offsets)) return undefined;
  const lag = (await get('/v3/kafka/tk/consumer/lag-group/lag'))['status'] as LagStatus | undefined;
  if (lag === undefined || JSON.stringify(lag.partitions.map((p) => p.end.offset)) !== JSON.stringify(committed)) return undefined;
  // The lag is taken against the topic offsets Burrow fetched last; wait until it used these.
  if (lag.totallag !== offsets.reduce((a, o, i) => a + o - (committed[i] ?? 0), 0)) return undefined;
  return { offsets: topic['offsets'] as number[], lag };
}

async function produce(partition: number, n: number): Promise<void> {
  await producer.send({ topic: 'lagged', acks: -1, messages: Array.from({ length: n }, (_, i) => ({ partition, value: `v${i}` })) });
}

async function commit(offsets: number[]): Promise<void> {
  await admin.setOffsets({ groupId: 'lag-group', topic: 'lagged', partitions: offsets.map((o, partition) => ({ partition, offset: String(o) })) });
}

beforeAll(async () => {
  if (!fs.existsSync(BURROW)) throw new Error(`${BURROW} is missing: apt-get install burrow (.ci/run installs it)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-burrow-'));
  broker = await startTestBroker();
  const kafka = new Kafka({ clientId: 'burrow-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();

  const zkPort = await freePort();
  fs.writeFileSync(path.join(dir, 'zoo.cfg'), [`dataDir=${path.join(dir, 'zk')}`, `clientPort=${zkPort}`, 'clientPortAddress=127.0.0.1', 'admin.enableServer=false', ''].join('\n'));
  const lib = resolveKafka(KAFKA_3);
  zookeeper = spawn(javaBin(), ['-Xmx128m', '-cp', `${lib}/*`, '-Dlog4j.configuration=file:/dev/null', 'org.apache.zookeeper.server.ZooKeeperServerMain', path.join(dir, 'zoo.cfg')], { stdio: 'ignore' });
  await until('ZooKeeper', async () => ((await portOpen(zkPort)) ? true : undefined));

  const httpPort = await freePort();
  http = `http://127.0.0.1:${httpPort}`;
  fs.writeFileSync(
    path.join(dir, 'burrow.toml'),
    [
      '[general]',
      `pidfile="${path.join(dir, 'burrow.pid')}"`,
      '[logging]',
      'level="info"',
      '[zookeeper]',
      `servers=["127.0.0.1:${zkPort}"]`,
      'root-path="/burrow"',
      '[client-profile.tk]',
      'client-id="burrow-tkafka"',
      'kafka-version="2.0.0"',
      '[cluster.tk]',
      'class-name="kafka"',
      `servers=["${broker.bootstrap}"]`,
      'client-profile="tk"',
      'topic-refresh=1',
      'offset-refresh=1',
      '[consumer.tk]',
      'class-name="kafka"',
      'cluster="tk"',
      `servers=["${broker.bootstrap}"]`,
      'client-profile="tk"',
      'start-latest=false',
      '[httpserver.default]',
      `address="127.0.0.1:${httpPort}"`,
      '[storage.default]',
      'class-name="inmemory"',
      'intervals=10',
      'min-distance=1',
      '',
    ].join('\n'),
  );
  await admin.createTopics({ topics: [{ topic: 'lagged', numPartitions: 3 }], waitForLeaders: true });
}, 600_000);

afterAll(async () => {
  burrow?.kill('SIGKILL');
  zookeeper?.kill('SIGKILL');
  await producer?.disconnect();
  await admin?.disconnect();
  await broker?.dispose();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Burrow 1.2.1 (sarama, kafka-version 2.0)', () => {
  it("reads the topic's offsets (ListOffsets v0) and the group's lag per partition exactly, and follows new records and commits", async () => {
    await produce(0, 4);
    await produce(1, 7);
    await commit([1, 7, 0]);
    burrow = spawn(BURROW, ['--config-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    burrow.stdout?.setEncoding('utf8').on('data', (c: string) => (burrowOut += c));
    burrow.stderr?.setEncoding('utf8').on('data', (c: string) => (burrowOut += c));

    await scenario('Burrow 1.2.1: topic offsets from ListOffsets v0, group lag per partition from __consumer_offsets', async () => {
      const view = await until('Burrow to see offsets [4, 7, 0] and commits [1, 7, 0]', () => burrowView([4, 7, 0], [1, 7, 0]));
      expect(view.offsets).toEqual([4, 7, 0]);
      expect(view.lag.group).toBe('lag-group');
      expect(view.lag.partition_count).toBe(3);
      expect(view.lag.partitions.map((p) => [p.topic, p.partition, p.end.offset, p.current_lag])).toEqual([
        ['lagged', 0, 1, 3],
        ['lagged', 1, 7, 0],
        ['lagged', 2, 0, 0],
      ]);
      expect(view.lag.totallag).toBe(3);
      const groups = (await get('/v3/kafka/tk/consumer'))['consumers'] as string[];
      expect(groups).toEqual(['lag-group']);
      const topics = (await get('/v3/kafka/tk/topic'))['topics'] as string[];
      expect([...topics].sort()).toEqual(['__consumer_offsets', 'lagged']);
    });

    await scenario('Burrow 1.2.1: follows new records and new commits', async () => {
      await produce(2, 5);
      await produce(1, 2);
      await commit([4, 8, 1]);
      const view = await until('Burrow to see offsets [4, 9, 5] and commits [4, 8, 1]', () => burrowView([4, 9, 5], [4, 8, 1]));
      expect(view.lag.partitions.map((p) => [p.partition, p.end.offset, p.current_lag])).toEqual([
        [0, 4, 0],
        [1, 8, 1],
        [2, 1, 4],
      ]);
      expect(view.lag.totallag).toBe(5);
    });
  }, 180_000);
});
