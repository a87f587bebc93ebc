// The broker with Kafka's own Java client (4.4 and 3.9), Kafka Streams and Kafka Connect. The peers are
// small Java programs under test/peers/java (built with Maven into the reference cache, outside git);
// each prints JSON lines, and this file asserts exact outcomes against our broker only (never the
// globalSetup's Apache Kafka clusters). Rows go to the parity table as 'Java client × tkafka broker'.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionForKey } from '../../src/client/native/partitioner.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { freePort } from '../helpers/ports.js';
import { cacheDir, javaBin } from './kafka-ref.js';
import { logParity } from './parity-table.js';
import { JAVA_PEERS, PEER_JVM, javaPeersClasspath, mvn, runJavaPeer } from './peer-builds.js';
import { cachedBuild, jsonLines, okLines, scenarioLogger, storedBatches, type Json } from './peers.js';

const CLIENTS = ['4.4.0', '3.9.1'] as const;
const STREAMS = '4.4.0';
const TIER = 'Java client × tkafka broker';

interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: string;
  key: string | null;
  value: string | null;
  headers: Array<[string, string | null]>;
}

/** Kafka Connect's runtime and the FileStream connectors (jars only). */
async function buildConnect(): Promise<string> {
  const pom = path.join(JAVA_PEERS, 'connect', 'pom.xml');
  const version = /<connect\.version>([^<]+)</.exec(fs.readFileSync(pom, 'utf8'))?.[1] ?? 'unknown';
  const dir = await cachedBuild(path.join(cacheDir(), 'java-peers', `connect-${version}`), (out) =>
    mvn(['-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(out, 'lib')}`, '-Dmdep.includeScope=runtime'], `Kafka Connect ${version}`),
  );
  return path.join(dir, 'lib', '*');
}

/** A long-running JVM (Streams, Connect) whose output is collected as it comes. */
interface LiveJava {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function startJava(cp: string, main: string, args: readonly string[], extraJvm: readonly string[] = []): LiveJava {
  const child = spawn(javaBin(), [...PEER_JVM, ...extraJvm, '-cp', cp, main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, exited };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs: number, detail: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function records(lines: Json[]): ConsumedRecord[] {
  return lines.filter((l) => l['record'] !== undefined).map((l) => l['record'] as ConsumedRecord);
}

function keyPartition(key: string, partitions: number): number {
  return partitionForKey(Buffer.from(key), partitions);
}

function check(lines: Json[], name: string): Json {
  const c = lines.find((l) => l['check'] === name);
  if (c === undefined) throw new Error(`no check ${name} in ${JSON.stringify(lines)}`);
  return c;
}

let broker: TestBroker;
let port: number;
let dataDir: string;
let kafka: Kafka;
let admin: Admin;
const classpaths = new Map<string, string>();

async function restartBroker(): Promise<void> {
  await broker.stop();
  broker = await startTestBroker({ dataDir, port });
}

async function createTopic(topic: string, numPartitions: number, configEntries: Array<{ name: string; value: string }> = []): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: true });
}

const scenario = scenarioLogger(TIER);

beforeAll(async () => {
  for (const v of new Set<string>([...CLIENTS, STREAMS])) classpaths.set(v, await javaPeersClasspath(v));
  port = await freePort();
  broker = await startTestBroker({ port });
  dataDir = broker.dataDir;
  kafka = new Kafka({ clientId: 'java-clients-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
}, 600_000);

afterAll(async () => {
  await admin?.disconnect();
  await broker?.dispose();
});

function cp(version: string): string {
  const c = classpaths.get(version);
  if (c === undefined) throw new Error(`no classpath for ${version}`);
  return c;
}

const HEADERS: Array<[string, string]> = [
  ['source', 'order-service'],
  ['version', '1.0'],
];

function orderValue(id: number): string {
  return `{"orderId":${id},"customerId":"customer-${id % 7}","amount":${10 + id}.5}`;
}

describe.each(CLIENTS)('Java client %s', (version) => {
  const p = `j${version.replaceAll('.', '')}`;

  it('the example producer (acks=all, idempotence, gzip, headers) and a group with manual commitSync that resumes after a consumer and a broker restart', async () => {
    await scenario(`${version}: example producer (acks=all, idempotent, gzip, linger.ms=10, headers) → partitions by murmur2, offsets, gzip batches`, async () => {
      const topic = `${p}-orders`;
      await createTopic(topic, 3);
      const lines = okLines(await runJavaPeer(cp(version), 'ExampleProducer', [broker.bootstrap, topic, '30']), 'ExampleProducer');
      const acks = lines.filter((l) => l['id'] !== undefined);
      expect(acks).toHaveLength(30);
      expect(lines.at(-1)).toEqual({ flushed: 30, failures: 0 });
      const next = [0, 0, 0];
      for (const a of [...acks].sort((x, y) => (x['id'] as number) - (y['id'] as number))) {
        const key = `customer-${(a['id'] as number) % 7}`;
        const part = keyPartition(key, 3);
        expect(a).toMatchObject({ key, partition: part, offset: next[part], text: `Sent to partition ${part} offset ${next[part]}` });
        next[part] = (next[part] ?? 0) + 1;
      }
      for (let part = 0; part < 3; part++) {
        const batches = storedBatches(dataDir, topic, part);
        expect(batches.length).toBeGreaterThan(0);
        for (const b of batches) {
          expect(b.compression).toBe(1); // gzip
          expect(b.producerId).toBeGreaterThanOrEqual(0n); // idempotent
        }
      }
    });

    await scenario(`${version}: consumer group, manual commitSync, resumes after consumer restart and broker restart`, async () => {
      const topic = `${p}-orders`;
      const group = `${p}-order-processing`;
      const first = okLines(await runJavaPeer(cp(version), 'GroupConsumer', [broker.bootstrap, group, topic, '12', '15000']), 'GroupConsumer 1');
      const r1 = records(first);
      expect(r1).toHaveLength(12);
      for (const r of r1) {
        const id = (JSON.parse(r.value ?? '') as { orderId: number }).orderId;
        expect(r).toMatchObject({ topic, key: `customer-${id % 7}`, value: orderValue(id), headers: HEADERS, timestampType: 'CreateTime' });
        expect(r.partition).toBe(keyPartition(r.key ?? '', 3));
      }
      const committed1: Record<string, number | null> = {};
      for (let part = 0; part < 3; part++) {
        const mine = r1.filter((r) => r.partition === part).map((r) => r.offset);
        // Within a partition the consumer reads in order from offset 0.
        expect(mine).toEqual(mine.map((_, i) => i));
        committed1[String(part)] = mine.length === 0 ? null : mine.length;
      }
      const summary1 = first.at(-1) as Json;
      expect(summary1['consumed']).toBe(12);
      for (const [part, off] of Object.entries(committed1)) if (off !== null) expect((summary1['committed'] as Json)[part]).toBe(off);

      await restartBroker();
      okLines(await runJavaPeer(cp(version), 'ExampleProducer', [broker.bootstrap, topic, '6', '30']), 'ExampleProducer (more)');
      const second = okLines(await runJavaPeer(cp(version), 'GroupConsumer', [broker.bootstrap, group, topic, '24', '15000']), 'GroupConsumer 2');
      const r2 = records(second);
      expect(r2).toHaveLength(24);
      const all = [...r1, ...r2].map((r) => `${r.partition}:${r.offset}`);
      expect(new Set(all).size).toBe(36);
      const ids = [...r1, ...r2].map((r) => (JSON.parse(r.value ?? '') as { orderId: number }).orderId).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: 36 }, (_, i) => i));
      for (const r of r2) expect(r.offset).toBeGreaterThanOrEqual(committed1[String(r.partition)] ?? 0);
      const ends: Record<string, number> = {};
      for (let part = 0; part < 3; part++) ends[String(part)] = ids.filter((id) => keyPartition(`customer-${id % 7}`, 3) === part).length;
      expect((second.at(-1) as Json)['committed']).toEqual(ends);
      const described = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      expect(Object.fromEntries((described[0]?.partitions ?? []).map((x) => [String(x.partition), Number(x.offset)]))).toEqual(ends);
    });
  }, 150_000);

  it('a transactional consume-transform-produce loop: read_committed sees exactly the committed output, an aborted transaction is invisible', async () => {
    await scenario(`${version}: transactional consume-transform-produce (sendOffsetsToTransaction, an aborted batch replayed), read_committed exact`, async () => {
      const input = `${p}-txn-in`;
      const output = `${p}-txn-out`;
      const group = `${p}-txn-group`;
      await createTopic(input, 3);
      await createTopic(output, 3);
      okLines(await runJavaPeer(cp(version), 'ExampleProducer', [broker.bootstrap, input, '10']), 'ExampleProducer');
      const run1 = okLines(await runJavaPeer(cp(version), 'TxnLoop', [broker.bootstrap, group, input, output, `${p}-eos-1`, '10', '15000', 'true']), 'TxnLoop 1');
      const done1 = run1.at(-1) as Json;
      const aborted = done1['aborted'] as number;
      expect(done1).toMatchObject({ done: 10 });
      expect(aborted).toBeGreaterThan(0);

      const checkOutput = async (n: number, abortedCount: number): Promise<void> => {
        const committed = records(okLines(await runJavaPeer(cp(version), 'ReadAll', [broker.bootstrap, output, 'read_committed']), 'ReadAll read_committed'));
        expect(committed).toHaveLength(n);
        const from = committed.map((r) => r.headers.find((h) => h[0] === 'from')?.[1]).sort();
        expect(new Set(from).size).toBe(n);
        for (const r of committed) {
          const src = (r.headers.find((h) => h[0] === 'from')?.[1] ?? '').split(':').map(Number);
          // Same key, same partition count: the output lands in the input's partition.
          expect(r.partition).toBe(src[0]);
          const id = (JSON.parse(r.value ?? '') as { ORDERID: number }).ORDERID;
          expect(r).toMatchObject({ key: `customer-${id % 7}`, value: orderValue(id).toUpperCase() });
        }
        const uncommitted = records(okLines(await runJavaPeer(cp(version), 'ReadAll', [broker.bootstrap, output, 'read_uncommitted']), 'ReadAll read_uncommitted'));
        expect(uncommitted).toHaveLength(n + abortedCount);
      };
      await checkOutput(10, aborted);

      okLines(await runJavaPeer(cp(version), 'ExampleProducer', [broker.bootstrap, input, '5', '10']), 'ExampleProducer (more)');
      const run2 = okLines(await runJavaPeer(cp(version), 'TxnLoop', [broker.bootstrap, group, input, output, `${p}-eos-1`, '5', '15000', 'false']), 'TxnLoop 2');
      expect(run2.at(-1)).toMatchObject({ done: 5, aborted: 0 });
      const groupOffsets = (run2.at(-1) as Json)['groupOffsets'] as Record<string, number>;
      const expected: Record<string, number> = {};
      for (let part = 0; part < 3; part++) expected[String(part)] = Array.from({ length: 15 }, (_, i) => i).filter((id) => keyPartition(`customer-${id % 7}`, 3) === part).length;
      expect(groupOffsets).toEqual(expected);
      await checkOutput(15, aborted);
      // Control batches (commit/abort markers) and transactional data are on disk as Kafka writes them.
      expect(storedBatches(dataDir, output, 0).some((b) => b.transactional)).toBe(true);
    });
  }, 120_000);

  it('AdminClient: cluster, topics and configs, offsets, groups, records, partitions, producers, transactions, features', async () => {
    const run = await runJavaPeer(cp(version), 'AdminChecks', [broker.bootstrap, p], 90_000);
    const lines = jsonLines(run.stdout);
    const topic = `${p}-admin`;
    const group = `${p}-admin-group`;
    // Each row asserts our broker's exact answer. A third element says how Apache Kafka 4.4.0 answers the
    // same program differently (found by running AdminChecks against it); that row is logged as 'differs'.
    const rows: Array<[string, () => void, (string | undefined)?]> = [
      [
        'describeCluster',
        () => {
          const c = check(lines, 'describeCluster');
          expect(c['nodes']).toEqual([{ id: 1, host: '127.0.0.1', port, rack: null }]);
          expect(c['controller']).toBe(1);
          expect(typeof c['clusterId']).toBe('string');
        },
      ],
      [
        'createTopics (duplicate, replication factor 3)',
        () =>
          expect(check(lines, 'createTopics')).toEqual({
            check: 'createTopics',
            partitions: 3,
            leaders: [1, 1, 1],
            duplicate: { error: 'TopicExistsException', message: `Topic '${topic}' already exists.` },
            replicationFactor3: { error: 'InvalidReplicationFactorException', message: 'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered or some brokers have all their log directories cordoned.' },
          }),
      ],
      [
        'describeConfigs topic',
        () => {
          const c = check(lines, 'describeConfigs topic');
          const e = c['entries'] as Json;
          expect(e['retention.ms']).toEqual({ value: '86400000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false });
          expect(e['cleanup.policy']).toEqual({ value: 'delete', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false });
          expect(e['segment.bytes']).toEqual({ value: '1073741824', source: 'DEFAULT_CONFIG', readOnly: false, sensitive: false });
          expect(e['max.message.bytes']).toEqual({ value: '1048588', source: 'DEFAULT_CONFIG', readOnly: false, sensitive: false });
          expect(e['message.timestamp.type']).toEqual({ value: 'CreateTime', source: 'DEFAULT_CONFIG', readOnly: false, sensitive: false });
          expect(c['names']).toEqual(expect.arrayContaining(['cleanup.policy', 'compression.type', 'retention.bytes', 'segment.ms', 'min.insync.replicas', 'unclean.leader.election.enable']));
          // Kafka 4.4's 37 topic configs.
          expect(c['count']).toBe(37);
        },
      ],
      [
        'incrementalAlterConfigs topic (SET, DELETE, bad value, unknown key)',
        () =>
          expect(check(lines, 'incrementalAlterConfigs topic')).toEqual({
            check: 'incrementalAlterConfigs topic',
            'retention.ms': { value: '3600000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false },
            'cleanup.policy': { value: 'delete', source: 'DEFAULT_CONFIG', readOnly: false, sensitive: false },
            'max.message.bytes': { value: '2000000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false },
            badValue: { error: 'InvalidConfigurationException', message: 'Invalid value soon for configuration retention.ms: Not a number of type LONG' },
            unknownKey: { error: 'InvalidConfigurationException', message: 'Unknown topic config name: no.such.config' },
          }),
      ],
      [
        'describeConfigs broker (the broker config list)',
        () => {
          const c = check(lines, 'describeConfigs broker');
          const e = c['entries'] as Json;
          expect(e['num.partitions']).toEqual({ value: '1', source: 'DEFAULT_CONFIG', readOnly: true, sensitive: false });
          expect(e['log.retention.hours']).toEqual({ value: '168', source: 'DEFAULT_CONFIG', readOnly: true, sensitive: false });
          expect(e['group.initial.rebalance.delay.ms']).toEqual({ value: '0', source: 'STATIC_BROKER_CONFIG', readOnly: true, sensitive: false });
          expect(e['offsets.topic.num.partitions']).toEqual({ value: '50', source: 'DEFAULT_CONFIG', readOnly: true, sensitive: false });
          expect(c['names']).toEqual(expect.arrayContaining(['auto.create.topics.enable', 'broker.id', 'log.segment.bytes', 'message.max.bytes', 'node.id', 'transaction.max.timeout.ms']));
          // One more once a run before this one (the other client version, same broker) set log.cleaner.threads dynamically.
          expect(c['count']).toBe((c['names'] as string[]).includes('log.cleaner.threads') ? 58 : 57);
        },
        "57 of Kafka 4.4's 350 broker configs (no listener, SSL/SASL, thread, KRaft, remote-storage or share-group keys), read-only exactly where Kafka's are (message.max.bytes, log.segment.bytes and the other dynamic keys are not)",
      ],
      [
        'incrementalAlterConfigs broker',
        () =>
          expect(check(lines, 'incrementalAlterConfigs broker')).toEqual({
            check: 'incrementalAlterConfigs broker',
            set: { error: null },
            after: { value: '2', source: 'DYNAMIC_BROKER_CONFIG', readOnly: false, sensitive: false },
          }),
      ],
      [
        'listOffsets (earliest, latest, timestamp, max-timestamp)',
        () => {
          expect(check(lines, 'produce with timestamps')['acks']).toEqual([
            [0, 0, 1000],
            [0, 1, 5000],
            [0, 2, 3000],
            [0, 3, 2000],
            [0, 4, 4000],
          ]);
          expect(check(lines, 'listOffsets')).toEqual({
            check: 'listOffsets',
            earliest: { 0: [0, -1], 1: [0, -1], 2: [0, -1] },
            latest: { 0: [5, -1], 1: [0, -1], 2: [0, -1] },
            forTimestamp2500: { 0: [1, 5000] },
            forTimestamp5000: { 0: [1, 5000] },
            forTimestamp9999: { 0: [-1, -1] },
            maxTimestamp: { 0: [1, 5000], 1: [-1, -1], 2: [-1, -1] },
          });
        },
      ],
      ['describeProducers', () => expect(check(lines, 'describeProducers')['producers']).toEqual([{ epoch: 0, lastSequence: 4, lastTimestamp: 4000, txnStartOffset: null }])],
      [
        'listTransactions, describeTransactions, describeProducers of an open transaction, LSO',
        () => {
          const c = check(lines, 'transactions');
          expect(c['listed']).toEqual({ [`${p}-txn-done`]: 'CompleteCommit', [`${p}-txn-open`]: 'Ongoing' });
          expect(c['openOffset']).toBe(2);
          expect(c['describeOpen']).toEqual({ state: 'Ongoing', partitions: [`${topic}:1`], timeoutMs: 60000 });
          // latest = the high watermark: the open transaction's record is below it.
          expect(c['latestWhileOpen']).toEqual({ 0: [5, -1], 1: [3, -1] });
          expect(c['producersP1']).toEqual([
            { lastSequence: 0, txnStartOffset: null },
            { lastSequence: 0, txnStartOffset: 2 },
          ]);
        },
        version.startsWith('3.') ? undefined : 'describeProducers after a committed transaction: lastSequence 0 here (transaction protocol v1); Kafka 4.4 finalizes transaction.version 2, the 4.4 producer bumps its epoch at commit and Kafka reports -1',
      ],
      [
        'deleteRecords',
        () =>
          expect(check(lines, 'deleteRecords')).toEqual({
            check: 'deleteRecords',
            lowWatermark: 2,
            earliest: { 0: [2, -1] },
            beyondEnd: { error: 'OffsetOutOfRangeException', message: 'The requested offset is not within the range of offsets maintained by the server.' },
          }),
      ],
      [
        'createPartitions',
        () =>
          expect(check(lines, 'createPartitions')).toEqual({
            check: 'createPartitions',
            partitions: 5,
            fewer: { error: 'InvalidPartitionsException', message: `The topic ${topic} currently has 5 partition(s); 2 would not be an increase.` },
            latest: { 0: [5, -1], 1: [4, -1], 2: [0, -1], 3: [0, -1], 4: [0, -1] },
          }),
      ],
      [
        'listConsumerGroups, describeConsumerGroups, alter/deleteConsumerGroupOffsets, deleteConsumerGroups',
        () => {
          const assignment = [0, 1, 2, 3, 4].map((x) => `${topic}:${x}`);
          expect(check(lines, 'consumer groups')).toEqual({
            check: 'consumer groups',
            listedWhileActive: true,
            describeActive: { state: 'Stable', protocolType: 'consumer', assignor: 'range', coordinator: 1, members: [{ clientId: `consumer-${group}-1`, host: '/127.0.0.1', assignment }] },
            deleteActive: { error: 'GroupNotEmptyException', message: 'The group is not empty.' },
            alterActive: { error: 'UnknownMemberIdException', message: `Failed altering ${version.startsWith('3.') ? 'consumer ' : ''}group offsets for the following partitions: [${topic}-0]` },
            deleteOffsetsActive: { error: 'GroupSubscribedToTopicException', message: 'Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.' },
            describeEmpty: { state: 'Empty', protocolType: 'consumer', assignor: '', coordinator: 1, members: [] },
            offsets: { [`${topic}:0`]: 3, [`${topic}:1`]: 1 },
            afterAlter: { [`${topic}:0`]: 4, [`${topic}:1`]: 1, [`${topic}:2`]: 0 },
            afterDeleteOffsets: { [`${topic}:0`]: 4, [`${topic}:2`]: 0 },
            listedAfterDelete: false,
            describeDeleted: { state: 'Dead', protocolType: '', assignor: '', coordinator: 1, members: [] },
            deleteMissing: { error: 'GroupIdNotFoundException', message: 'The group id does not exist.' },
          });
        },
        version.startsWith('3.') ? undefined : 'describeConsumerGroups of a deleted group: state Dead (DescribeGroups v5, our newest); Kafka 4.4 answers v6 (KIP-1043) and the 4.4 client throws GroupIdNotFoundException',
      ],
      [
        'describeFeatures',
        () =>
          expect(check(lines, 'describeFeatures')).toEqual({
            check: 'describeFeatures',
            finalized: { 'group.version': [1, 1], 'metadata.version': [33, 33] },
            supported: { 'group.version': [0, 1], 'kraft.version': [0, 0], 'metadata.version': [7, 33], 'transaction.version': [0, 0] },
            epoch: 0,
          }),
        'Kafka 4.4 also finalizes transaction.version 2 (and kraft.version 1): this broker keeps transaction.version 0, so clients use the transaction protocol it implements (KIP-890 part 2 is not served)',
      ],
    ];
    const failures: string[] = [];
    for (const [name, assert, kafka44] of rows) {
      try {
        assert();
        logParity({ tier: TIER, scenario: `${version}: AdminClient ${name}`, ...(kafka44 === undefined ? { result: 'passes' } : { result: 'differs', why: `passes; Kafka 4.4 differs: ${kafka44}` }) });
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message}`);
        logParity({ tier: TIER, scenario: `${version}: AdminClient ${name}`, result: 'differs', why: (err as Error).message.split('\n')[0] ?? '' });
      }
    }
    expect(failures, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toEqual([]);
    expect(run.code).toBe(0);
  }, 120_000);
});

interface Order {
  id: number;
  category: string;
  amount: number;
  timestamp: number;
}

interface Aggregate {
  category: string;
  windowStart: number;
  total: number;
}

const WINDOW_MS = 5 * 60_000;
const CATEGORIES = ['books', 'games', 'tools'];

function orders(from: number, to: number, windowStart: number): Order[] {
  const out: Order[] = [];
  for (let id = from; id < to; id++) out.push({ id, category: CATEGORIES[id % 3] ?? 'books', amount: 30 + ((id * 37) % 80) + 0.25 * (id % 4), timestamp: windowStart + id * 1000 });
  return out;
}

describe(`Kafka Streams ${STREAMS}`, () => {
  it('order analytics (filter, groupBy, 5-minute tumbling windows, sum) with exactly_once_v2: exact aggregates, its own repartition and changelog topics, resumes after kill -9 without duplicates', async () => {
    await scenario(`${STREAMS}: Kafka Streams order analytics, exactly_once_v2, repartition + changelog topics, kill -9 when idle and again mid-batch, restarts without duplicates`, async () => {
      const appId = 'order-analytics';
      const input = 'orders';
      const output = 'order-analytics';
      await createTopic(input, 3);
      await createTopic(output, 3);
      const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-streams-'));
      const w1 = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS - 6 * WINDOW_MS;
      const w2 = w1 + WINDOW_MS;
      const producer = kafka.producer();
      await producer.connect();
      const send = async (list: Order[]): Promise<void> => {
        await producer.send({
          topic: input,
          messages: list.map((o) => ({ key: `customer-${o.id % 4}`, value: JSON.stringify({ orderId: o.id, customerId: `customer-${o.id % 4}`, amount: o.amount, category: o.category }), timestamp: String(o.timestamp) })),
        });
      };
      const seen: Aggregate[] = [];
      const outKeys: string[] = [];
      const consumer: Consumer = kafka.consumer({ groupId: 'order-analytics-reader', readUncommitted: false });
      await consumer.connect();
      await consumer.subscribe({ topic: output, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          seen.push(JSON.parse(message.value?.toString() ?? '') as Aggregate);
          outKeys.push(message.key?.toString() ?? '');
          return Promise.resolve();
        },
      });
      const app = (): LiveJava => startJava(cp(STREAMS), 'tkafka.peers.OrderAnalytics', [broker.bootstrap, appId, stateDir, input, output]);
      const sent: Order[] = [];
      const passing = (): Order[] => sent.filter((o) => o.amount > 50);
      let live: LiveJava | undefined;
      try {
        const phaseA = orders(0, 12, w1);
        sent.push(...phaseA);
        await send(phaseA);
        live = app();
        const first = live;
        await waitFor('the first aggregates', () => (seen.length >= passing().length ? true : undefined), 90_000, () => `${seen.length} of ${passing().length}\n${first.out()}`);
        // kill -9: no clean shutdown, no checkpoint; the next instance restores from the changelog.
        first.child.kill('SIGKILL');
        await first.exited;

        // Restarted on more orders, it is killed again as soon as its first new aggregate is visible:
        // part of them committed, maybe a transaction open, the rest not read yet.
        const afterA = seen.length;
        const phaseB = orders(12, 24, w1);
        sent.push(...phaseB);
        await send(phaseB);
        live = app();
        const midway = live;
        await waitFor('a first aggregate after the restart', () => (seen.length > afterA ? true : undefined), 90_000, () => `${seen.length} of ${passing().length}\n${midway.out()}`);
        midway.child.kill('SIGKILL');
        await midway.exited;
        live = app();
        const second = live;
        await waitFor('the aggregates after the restarts', () => (seen.length >= passing().length ? true : undefined), 90_000, () => `${seen.length} of ${passing().length}\n${second.out()}`);
        const phaseC = orders(24, 33, w2 - 24_000);
        sent.push(...phaseC);
        await send(phaseC);
        await waitFor('the second window', () => (seen.length >= passing().length ? true : undefined), 60_000, () => `${seen.length} of ${passing().length}\n${second.out()}`);
        second.child.kill('SIGTERM');
        await second.exited;
        // Nothing more arrives after the app stopped: no duplicates.
        await new Promise((r) => setTimeout(r, 500));
        expect(seen).toHaveLength(passing().length);
        expect(outKeys).toEqual(seen.map((a) => a.category));

        // Per category and window: the updates start from zero and add each passing order exactly once.
        const byWindow = new Map<string, number[]>();
        for (const a of seen) byWindow.set(`${a.category}@${a.windowStart}`, [...(byWindow.get(`${a.category}@${a.windowStart}`) ?? []), a.total]);
        const expected = new Map<string, number[]>();
        for (const o of passing()) {
          const ws = Math.floor(o.timestamp / WINDOW_MS) * WINDOW_MS;
          expected.set(`${o.category}@${ws}`, [...(expected.get(`${o.category}@${ws}`) ?? []), o.amount]);
        }
        expect([...byWindow.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [k, totals] of byWindow) {
          const increments = totals.map((t, i) => t - (i === 0 ? 0 : (totals[i - 1] ?? 0)));
          expect(increments.sort((a, b) => a - b), k).toEqual((expected.get(k) ?? []).sort((a, b) => a - b));
          expect(totals.at(-1), k).toBe((expected.get(k) ?? []).reduce((s, x) => s + x, 0));
        }
        expect(new Set(seen.map((a) => a.windowStart))).toEqual(new Set([w1, w2]));

        // Streams created its internal topics on our broker, with the configs it asks for.
        const topics = await admin.listTopics();
        const repartition = topics.filter((t) => t.startsWith(`${appId}-`) && t.endsWith('-repartition'));
        const changelog = topics.filter((t) => t.startsWith(`${appId}-`) && t.endsWith('-changelog'));
        expect(repartition).toHaveLength(1);
        expect(changelog).toHaveLength(1);
        const md = await admin.fetchTopicMetadata({ topics: [...repartition, ...changelog] });
        for (const t of md.topics) expect(t.partitions).toHaveLength(3);
        const configs = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [...repartition, ...changelog].map((name) => ({ type: 2, name, configNames: ['cleanup.policy', 'retention.ms'] })),
        });
        const policy = Object.fromEntries(configs.resources.map((r) => [r.resourceName.endsWith('-repartition') ? 'repartition' : 'changelog', Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue]))]));
        expect(policy['repartition']).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
        expect(policy['changelog']?.['cleanup.policy']).toBe('compact,delete');
      } finally {
        if (live !== undefined && live.child.exitCode === null) live.child.kill('SIGKILL');
        await consumer.disconnect();
        await producer.disconnect();
        fs.rmSync(stateDir, { recursive: true, force: true });
      }
    });
  }, 240_000);
});

describe('Kafka Connect standalone', () => {
  it('FileStreamSource → topic → FileStreamSink reproduces the file byte for byte', async () => {
    await scenario('Kafka Connect standalone (4.3.1 runtime): FileStreamSource → topic → FileStreamSink, byte for byte', async () => {
      const lib = await buildConnect();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-connect-'));
      const topic = 'connect-lines';
      await createTopic(topic, 1);
      const lines = Array.from({ length: 500 }, (_, i) => (i % 50 === 7 ? `tabs\tand "quotes" ${i}` : i % 97 === 3 ? `unicode ✓ ünïcødé ${'x'.repeat(i)}` : `line ${i} ${'abcdefghij'.repeat(i % 13)}`));
      const inFile = path.join(dir, 'in.txt');
      const outFile = path.join(dir, 'out.txt');
      const content = `${lines.join('\n')}\n`;
      fs.writeFileSync(inFile, content);
      const restPort = await freePort();
      fs.writeFileSync(
        path.join(dir, 'worker.properties'),
        [
          `bootstrap.servers=${broker.bootstrap}`,
          'key.converter=org.apache.kafka.connect.storage.StringConverter',
          'value.converter=org.apache.kafka.connect.storage.StringConverter',
          `offset.storage.file.filename=${path.join(dir, 'offsets')}`,
          'offset.flush.interval.ms=1000',
          `listeners=http://127.0.0.1:${restPort}`,
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(dir, 'source.properties'), ['name=file-source', 'connector.class=FileStreamSource', 'tasks.max=1', `file=${inFile}`, `topic=${topic}`, ''].join('\n'));
      fs.writeFileSync(path.join(dir, 'sink.properties'), ['name=file-sink', 'connector.class=FileStreamSink', 'tasks.max=1', `file=${outFile}`, `topics=${topic}`, ''].join('\n'));
      const connect = startJava(lib, 'org.apache.kafka.connect.cli.ConnectStandalone', [path.join(dir, 'worker.properties'), path.join(dir, 'source.properties'), path.join(dir, 'sink.properties')]);
      try {
        await waitFor('the sink file', () => (fs.existsSync(outFile) && fs.statSync(outFile).size >= Buffer.byteLength(content) ? true : undefined), 90_000, () => connect.out());
        expect(fs.readFileSync(outFile).equals(fs.readFileSync(inFile))).toBe(true);
        const offsets = await admin.fetchTopicOffsets(topic);
        expect(offsets).toEqual([expect.objectContaining({ partition: 0, offset: String(lines.length), low: '0' })]);
        // The sink's group committed everything it wrote.
        await waitFor('the sink group offsets', async () => {
          const o = await admin.fetchOffsets({ groupId: 'connect-file-sink', topics: [topic] });
          return o[0]?.partitions[0]?.offset === String(lines.length) ? true : undefined;
        }, 30_000, () => connect.out());
      } finally {
        connect.child.kill('SIGTERM');
        await Promise.race([connect.exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (connect.child.exitCode === null) connect.child.kill('SIGKILL');
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }, 180_000);
});
