// Many partitions under a small descriptor limit (issue #16): the broker runs in its own process
// under `prlimit --nofile=512`, so its file pool defaults to 256 descriptors for 3,000 partitions.
// Every partition is produced to and fetched back, then the broker is killed (-9), restarted under
// the same limit, and everything reads back exactly. Then creation with no descriptor left at all
// (the running broker's soft limit lowered to its lowest free descriptor) answers KAFKA_STORAGE_ERROR
// for the topic on a connection that stays open, leaves no directory behind, and succeeds once
// descriptors are back; a directory in the way of CreatePartitions is rolled back the same way, and
// the CLI prints either failure as one line.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreatePartitionsApi } from '../../src/protocol/generated/apis/create-partitions.js';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { FetchApi } from '../../src/protocol/generated/apis/fetch.js';
import { MetadataApi } from '../../src/protocol/generated/apis/metadata.js';
import { ProduceApi } from '../../src/protocol/generated/apis/produce.js';
import { defaultCreatableTopic, defaultCreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { defaultCreatePartitionsRequest } from '../../src/protocol/generated/messages/create-partitions-request.js';
import { defaultFetchPartition, defaultFetchRequest, defaultFetchTopic } from '../../src/protocol/generated/messages/fetch-request.js';
import { defaultMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { defaultPartitionProduceData, defaultProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { tempDataDir } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { WireClient, wireApi } from './admin-wire.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOFILE = 512;
const TOPICS = 6;
const PER_TOPIC = 500;
const ROUNDS = 2;
const KAFKA_STORAGE_ERROR = 56;

const CreateTopics = wireApi(CreateTopicsApi);
const CreatePartitions = wireApi(CreatePartitionsApi);
const Produce = wireApi(ProduceApi);
const Fetch = wireApi(FetchApi);
const Metadata = wireApi(MetadataApi);

interface Spawned {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

const live = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(() => {
  for (const c of live) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The test fixture broker in a child process whose descriptor limit is `nofile` (prlimit execs node: same pid). */
function spawnLimited(dataDir: string, nofile: number): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn('prlimit', [`--nofile=${nofile}:${nofile}`, '--', process.execPath, '--import', 'tsx', path.join(ROOT, 'test/fixtures/run-broker.ts'), dataDir, '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => {
      live.delete(child);
      r(code);
    }));
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`broker not READY after 60 s: ${err}`));
    }, 60_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`broker exited (${code}) before READY: ${err}`));
    });
  });
}

function fdNumbers(pid: number): number[] {
  return fs.readdirSync(`/proc/${pid}/fd`).map(Number).sort((a, b) => a - b);
}

const topicName = (t: number): string => `many-${t}`;
const valueOf = (t: number, p: number, round: number): string => `${topicName(t)}/${p}/${round}`;

async function createTopic(wire: WireClient, name: string, numPartitions: number, validateOnly = false): Promise<{ errorCode: number; errorMessage: string | null }> {
  const res = await wire.request(CreateTopics, 7, {
    ...defaultCreateTopicsRequest(),
    timeoutMs: 30_000,
    validateOnly,
    topics: [{ ...defaultCreatableTopic(), name, numPartitions, replicationFactor: 1 }],
  });
  const r = res.topics[0];
  return { errorCode: r?.errorCode ?? -1, errorMessage: r?.errorMessage ?? null };
}

async function produceRound(wire: WireClient, t: number, round: number): Promise<void> {
  const partitionData = Array.from({ length: PER_TOPIC }, (_, p) => ({
    ...defaultPartitionProduceData(),
    index: p,
    records: encodeRecordBatch({ records: [{ key: null, value: Buffer.from(valueOf(t, p, round)) }] }),
  }));
  const res = await wire.request(Produce, 9, { ...defaultProduceRequest(), acks: -1, timeoutMs: 30_000, topicData: [{ name: topicName(t), partitionData }] });
  const answers = res.responses[0]?.partitionResponses ?? [];
  expect(answers).toHaveLength(PER_TOPIC);
  for (const a of answers) {
    expect(a.errorCode).toBe(0);
    expect(Number(a.baseOffset)).toBe(round);
  }
}

/** Every value stored in every partition of topic `t`, "p:offset:value" in partition order. */
async function fetchTopic(wire: WireClient, t: number): Promise<string[]> {
  const partitions = Array.from({ length: PER_TOPIC }, (_, p) => ({ ...defaultFetchPartition(), partition: p, fetchOffset: 0n, partitionMaxBytes: 64 * 1024 }));
  const res = await wire.request(Fetch, 12, { ...defaultFetchRequest(), maxWaitMs: 0, minBytes: 1, maxBytes: 64 << 20, topics: [{ ...defaultFetchTopic(), topic: topicName(t), partitions }] });
  const out: string[] = [];
  for (const p of [...(res.responses[0]?.partitions ?? [])].sort((a, b) => a.partitionIndex - b.partitionIndex)) {
    expect(p.errorCode).toBe(0);
    expect(Number(p.highWatermark)).toBe(ROUNDS);
    for (const b of decodeRecordBatches(p.records ?? Buffer.alloc(0))) {
      for (const r of b.records) out.push(`${p.partitionIndex}:${Number(b.baseOffset) + r.offsetDelta}:${r.value?.toString() ?? ''}`);
    }
  }
  return out;
}

function expected(t: number): string[] {
  const out: string[] = [];
  for (let p = 0; p < PER_TOPIC; p++) for (let round = 0; round < ROUNDS; round++) out.push(`${p}:${round}:${valueOf(t, p, round)}`);
  return out;
}

async function partitionCount(wire: WireClient, topic: string): Promise<number> {
  const res = await wire.request(Metadata, 12, { ...defaultMetadataRequest(), topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: topic }], allowAutoTopicCreation: false });
  const t = res.topics[0];
  return t === undefined || t.errorCode !== 0 ? -1 : t.partitions.length;
}

describe.skipIf(process.platform !== 'linux')(`3,000 partitions under a ${NOFILE}-descriptor limit`, () => {
  it('creates, produces to, fetches from every partition, and reads all back exactly after kill -9', async () => {
    const dataDir = tempDataDir('tkafka-fds-');
    dirs.push(dataDir);
    const first = await spawnLimited(dataDir, NOFILE);
    const wire = await WireClient.connect(first.port);
    try {
      for (let t = 0; t < TOPICS; t++) expect(await createTopic(wire, topicName(t), PER_TOPIC)).toEqual({ errorCode: 0, errorMessage: null });
      for (let round = 0; round < ROUNDS; round++) for (let t = 0; t < TOPICS; t++) await produceRound(wire, t, round);
      for (let t = 0; t < TOPICS; t++) expect(await fetchTopic(wire, t)).toEqual(expected(t));
      // The pool holds at most half the limit; sockets, node's own descriptors and short-lived files share the rest.
      const open = fdNumbers(first.child.pid as number).length;
      expect(open).toBeLessThan(NOFILE / 2 + 64);
    } finally {
      wire.close();
    }
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await spawnLimited(dataDir, NOFILE);
    const again = await WireClient.connect(second.port);
    try {
      for (let t = 0; t < TOPICS; t++) expect(await partitionCount(again, topicName(t))).toBe(PER_TOPIC);
      for (let t = 0; t < TOPICS; t++) expect(await fetchTopic(again, t)).toEqual(expected(t));
      expect(fdNumbers(second.child.pid as number).length).toBeLessThan(NOFILE / 2 + 64);
    } finally {
      again.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 240_000);

  it('answers KAFKA_STORAGE_ERROR when no descriptor is left, keeps the connection, leaves nothing behind', async () => {
    const dataDir = tempDataDir('tkafka-fds-');
    dirs.push(dataDir);
    const b = await spawnLimited(dataDir, NOFILE);
    const pid = b.child.pid as number;
    const wire = await WireClient.connect(b.port);
    const other = await WireClient.connect(b.port);
    try {
      // Load the handler's code before starving the process, without opening any log: with an idle
      // descriptor in the pool the broker would close it and carry on (the point of the pool).
      expect((await createTopic(wire, 'starved', 20, true)).errorCode).toBe(0);
      // No descriptor left: the soft limit goes down to the lowest free descriptor number.
      const used = new Set(fdNumbers(pid));
      let lowestFree = 0;
      while (used.has(lowestFree)) lowestFree++;
      execFileSync('prlimit', ['--pid', String(pid), `--nofile=${lowestFree}:${NOFILE}`]);
      const starved = await createTopic(wire, 'starved', 20);
      expect(starved.errorCode).toBe(KAFKA_STORAGE_ERROR);
      expect(starved.errorMessage).toMatch(new RegExp(`^Error while creating log for starved-0 in dir ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: EMFILE: too many open files`));
      // The same connection and another one are still served.
      expect(await partitionCount(wire, 'starved')).toBe(-1);
      expect(await partitionCount(other, 'starved')).toBe(-1);
      expect(fs.readdirSync(dataDir).filter((n) => n.startsWith('starved'))).toEqual([]);
      expect(fs.existsSync(path.join(dataDir, '.topics', 'starved.json'))).toBe(false);

      // Descriptors back: a new client connects and the same topic is created whole.
      execFileSync('prlimit', ['--pid', String(pid), `--nofile=${NOFILE}:${NOFILE}`]);
      const fresh = await WireClient.connect(b.port);
      try {
        expect(await createTopic(fresh, 'starved', 20)).toEqual({ errorCode: 0, errorMessage: null });
        expect(await partitionCount(fresh, 'starved')).toBe(20);
      } finally {
        fresh.close();
      }
    } finally {
      wire.close();
      other.close();
      b.child.kill('SIGTERM');
      await b.exited;
    }
  }, 120_000);

  it('rolls back CreatePartitions and CreateTopics that fail half-way; the CLI prints one line', async () => {
    const dataDir = tempDataDir('tkafka-fds-');
    dirs.push(dataDir);
    const b = await spawnLimited(dataDir, NOFILE);
    const wire = await WireClient.connect(b.port);
    const bootstrap = `127.0.0.1:${b.port}`;
    try {
      expect((await createTopic(wire, 'grow', 2)).errorCode).toBe(0);
      // Something in the way of partition 5: partitions 2–4 are made, then undone.
      fs.writeFileSync(path.join(dataDir, 'grow-5'), 'not a directory');
      const res = await wire.request(CreatePartitions, 3, {
        ...defaultCreatePartitionsRequest(),
        timeoutMs: 30_000,
        topics: [{ name: 'grow', count: 8, assignments: null }],
      });
      expect(res.results[0]?.errorCode).toBe(KAFKA_STORAGE_ERROR);
      expect(res.results[0]?.errorMessage).toContain('Error while creating log for grow-5 in dir ');
      expect(await partitionCount(wire, 'grow')).toBe(2);
      expect(fs.readdirSync(dataDir).filter((n) => n.startsWith('grow-')).sort()).toEqual(['grow-0', 'grow-1', 'grow-5']);
      expect(fs.readFileSync(path.join(dataDir, 'grow-5'), 'utf8')).toBe('not a directory');

      const alter = await runCli(['topics', '--bootstrap-server', bootstrap, '--alter', '--topic', 'grow', '--partitions', '8']);
      expect(alter.exitCode).toBe(1);
      // Kafka's TopicCommand prints this line on stdout.
      expect(alter.stdout + alter.stderr).toMatch(/^Error while executing topic command : Error while creating log for grow-5 in dir .*: EEXIST: file already exists, mkdir '.*grow-5'\n$/);

      fs.writeFileSync(path.join(dataDir, 'fresh-3'), 'in the way');
      const create = await runCli(['topics', '--bootstrap-server', bootstrap, '--create', '--topic', 'fresh', '--partitions', '6']);
      expect(create.exitCode).toBe(1);
      expect(create.stdout + create.stderr).toMatch(/^Error while executing topic command : Error while creating log for fresh-3 in dir .*: EEXIST: file already exists, mkdir '.*fresh-3'\n$/);
      expect(fs.readdirSync(dataDir).filter((n) => n.startsWith('fresh')).sort()).toEqual(['fresh-3']);

      // With the obstacles gone both succeed whole.
      fs.rmSync(path.join(dataDir, 'grow-5'));
      fs.rmSync(path.join(dataDir, 'fresh-3'));
      expect((await runCli(['topics', '--bootstrap-server', bootstrap, '--alter', '--topic', 'grow', '--partitions', '8'])).exitCode).toBe(0);
      expect((await runCli(['topics', '--bootstrap-server', bootstrap, '--create', '--topic', 'fresh', '--partitions', '6'])).stdout).toBe('Created topic fresh.\n');
      expect(await partitionCount(wire, 'grow')).toBe(8);
      expect(await partitionCount(wire, 'fresh')).toBe(6);
    } finally {
      wire.close();
      b.child.kill('SIGTERM');
      await b.exited;
    }
  }, 120_000);
});
