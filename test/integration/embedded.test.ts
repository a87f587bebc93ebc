// The public library API (src/index.ts, `import { startBroker } from 'tkafka'`): ephemeral data dir,
// free port, restart on the same port (clean and crash), the manual clock, and a stop that leaves
// nothing behind (checked in a child process that must exit by itself).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../src/index.js';
import { startBroker as startServer } from '../../src/broker/server/broker.js';
import { CLEAN_SHUTDOWN_FILE } from '../../src/broker/log/partition-log.js';
import { uniqueTopic } from '../../src/testing/index.js';
import { tempDataDir } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const brokers: EmbeddedBroker[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c().catch(() => undefined);
  for (const b of brokers.splice(0)) await b.stop();
});

async function start(opts: Parameters<typeof startBroker>[0] = {}): Promise<EmbeddedBroker> {
  const b = await startBroker(opts);
  brokers.push(b);
  return b;
}

function kafka(b: EmbeddedBroker): Kafka {
  return new Kafka({ clientId: 'embedded-test', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 } });
}

async function produce(b: EmbeddedBroker, topic: string, values: string[], opts: { idempotent?: boolean } = {}): Promise<void> {
  const p: Producer = kafka(b).producer({ idempotent: opts.idempotent ?? false, allowAutoTopicCreation: true });
  await p.connect();
  try {
    await p.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  } finally {
    await p.disconnect();
  }
}

async function consumeAll(b: EmbeddedBroker, topic: string, count: number): Promise<string[]> {
  const c: Consumer = kafka(b).consumer({ groupId: uniqueTopic('g'), maxWaitTimeInMs: 100 });
  await c.connect();
  const seen: string[] = [];
  try {
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({ eachMessage: ({ message }) => {
      seen.push(message.value?.toString() ?? '');
      return Promise.resolve();
    } });
    await waitFor(`${count} records of ${topic}`, () => seen.length >= count, 30_000);
  } finally {
    await c.disconnect();
  }
  return seen;
}

describe('startBroker (library API)', () => {
  it('starts on a free port with a private ephemeral data dir, serves kafkajs, and removes the dir on stop', async () => {
    const b = await start({ config: { 'num.partitions': 1, 'auto.create.topics.enable': true } });
    expect(b.port).toBeGreaterThan(0);
    expect(b.bootstrap).toBe(`127.0.0.1:${b.port}`);
    expect(b.ephemeral).toBe(true);
    expect(fs.statSync(b.dataDir).mode & 0o777).toBe(0o700);
    const topic = uniqueTopic('basic');
    await produce(b, topic, ['a', 'b', 'c']);
    expect(await consumeAll(b, topic, 3)).toEqual(['a', 'b', 'c']);
    await b.stop();
    expect(b.running).toBe(false);
    expect(fs.existsSync(b.dataDir)).toBe(false);
    await b.stop(); // idempotent
  });

  it('keeps a given data dir on stop, and a second broker on it sees the records', async () => {
    const dir = tempDataDir();
    cleanups.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
    const topic = uniqueTopic('kept');
    const first = await start({ dataDir: dir });
    expect(first.ephemeral).toBe(false);
    await produce(first, topic, ['x', 'y']);
    await first.stop();
    expect(fs.existsSync(path.join(dir, topic + '-0'))).toBe(true);
    const second = await start({ dataDir: dir });
    expect(await consumeAll(second, topic, 2)).toEqual(['x', 'y']);
  });

  it('refuses a config value that is not a string, number or boolean, and a bad config', async () => {
    await expect(startBroker({ config: { 'num.partitions': null as unknown as string } })).rejects.toThrow('invalid broker config: num.partitions must be a string, number or boolean (got null)');
    await expect(startBroker({ config: { 'num.partitions': 0 } })).rejects.toThrow(/num\.partitions/);
  });

  it('restart() comes back on the same port with the records; restart({ crash: true }) too, and an idempotent producer adds no duplicate', async () => {
    const b = await start();
    const port = b.port;
    const topic = uniqueTopic('restart');
    await produce(b, topic, ['1', '2'], { idempotent: true });
    await b.restart();
    expect(b.port).toBe(port);
    expect(b.running).toBe(true);
    await produce(b, topic, ['3'], { idempotent: true });
    await b.restart({ crash: true });
    expect(b.port).toBe(port);
    // The same producer across the crash: its retried or continued sequence numbers must not duplicate.
    const p = kafka(b).producer({ idempotent: true });
    await p.connect();
    await p.send({ topic, acks: -1, messages: [{ value: '4' }] });
    await b.restart({ crash: true });
    await p.send({ topic, acks: -1, messages: [{ value: '5' }] });
    await p.disconnect();
    expect(await consumeAll(b, topic, 5)).toEqual(['1', '2', '3', '4', '5']);
    expect(b.logs.filter((l) => l.startsWith('tkafka broker crashed')).length).toBe(2);
  });

  it('clock.advance() refuses on a system-clock broker', async () => {
    const b = await start();
    expect(() => b.clock.advance(1)).toThrow("this broker's clock is not manual: start it with startBroker({ clock: 'manual' }) to advance time");
  });
});

describe('RunningBroker.crash (what restart({ crash: true }) does)', () => {
  it('writes nothing on the way down: no clean-shutdown marker, no final producer snapshot, and the next start recovers', async () => {
    const dir = tempDataDir();
    cleanups.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
    const logs: string[] = [];
    const running = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, config: {}, log: (l) => logs.push(l) });
    const p = new Kafka({ brokers: [`127.0.0.1:${running.port}`], logLevel: logLevel.NOTHING }).producer({ idempotent: true });
    await p.connect();
    await p.send({ topic: 'crashed', acks: -1, messages: [{ value: 'kept' }] });
    await p.disconnect();
    await running.crash();
    const partition = path.join(dir, 'crashed-0');
    expect(fs.existsSync(path.join(partition, CLEAN_SHUTDOWN_FILE))).toBe(false);
    expect(fs.readdirSync(partition).filter((f) => f.includes('snapshot'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
    // A clean close writes the marker (the contrast that makes the check above mean something).
    const again = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, config: {}, log: (l) => logs.push(l) });
    const log = again.broker.topics.get('crashed')?.partitions[0]?.log;
    expect(log?.openReport.cleanShutdown).toBe(false);
    expect(log?.logEndOffset).toBe(1);
    await again.close();
    expect(fs.existsSync(path.join(partition, CLEAN_SHUTDOWN_FILE))).toBe(true);
  });
});

describe("clock: 'manual'", () => {
  it('expires a consumer group member only when the test advances past its session timeout', async () => {
    // Advancing 30 minutes would also close the clients' idle connections (connections.max.idle.ms).
    const b = await start({ clock: 'manual', config: { 'connections.max.idle.ms': -1 } });
    const topic = uniqueTopic('session');
    await produce(b, topic, ['r']);
    const groupId = uniqueTopic('session-group');
    // No heartbeat during the test (the longest session Kafka allows, a heartbeat just under it):
    // only the broker's clock can end the session.
    const c = kafka(b).consumer({ groupId, sessionTimeout: 1_800_000, heartbeatInterval: 1_799_999, maxWaitTimeInMs: 100 });
    cleanups.push(() => c.disconnect());
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    let got = 0;
    await c.run({ eachMessage: () => {
      got++;
      return Promise.resolve();
    } });
    await waitFor('the record consumed', () => got === 1, 30_000);
    const admin = kafka(b).admin();
    cleanups.push(() => admin.disconnect());
    await admin.connect();
    const members = async (): Promise<number> => (await admin.describeGroups([groupId])).groups[0]?.members.length ?? -1;
    expect(await members()).toBe(1);
    b.clock.advance(1_799_999);
    expect(await members()).toBe(1);
    b.clock.advance(1);
    const state = (await admin.describeGroups([groupId])).groups[0];
    expect(state?.members).toEqual([]);
    expect(b.logs.some((l) => l.includes(groupId))).toBe(true);
  });

  it('aborts a transaction only when the test advances past its timeout', async () => {
    const b = await start({ clock: 'manual' });
    const topic = uniqueTopic('txn');
    const admin = kafka(b).admin();
    cleanups.push(() => admin.disconnect());
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const p = kafka(b).producer({ transactionalId: uniqueTopic('tx'), idempotent: true, maxInFlightRequests: 1, transactionTimeout: 60_000 });
    cleanups.push(() => p.disconnect());
    await p.connect();
    const t1 = await p.transaction();
    await t1.send({ topic, messages: [{ value: 'committed' }] });
    b.clock.advance(59_999);
    await t1.commit();
    const t2 = await p.transaction();
    await t2.send({ topic, messages: [{ value: 'timed-out' }] });
    b.clock.advance(60_000);
    expect(b.logs.some((l) => l.includes('exceeded its timeout of 60000 ms'))).toBe(true);
    await expect(t2.commit()).rejects.toThrow();
    const c = kafka(b).consumer({ groupId: uniqueTopic('rc'), readUncommitted: false, maxWaitTimeInMs: 100 });
    cleanups.push(() => c.disconnect());
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await c.run({ eachMessage: ({ message }) => {
      seen.push(message.value?.toString() ?? '');
      return Promise.resolve();
    } });
    expect(Number((await admin.fetchTopicOffsets(topic))[0]?.high)).toBe(4); // 2 records, 2 markers
    // A record after the aborted one: once the consumer has it, it has passed the aborted record.
    await produce(b, topic, ['after']);
    await waitFor('the record after the aborted transaction', () => seen.includes('after'), 30_000);
    expect(seen).toEqual(['committed', 'after']);
  });
});

describe('stop() leaves nothing behind', () => {
  it('a process that starts a broker, uses it and stops it exits by itself, with no handle left and the data dir gone', async () => {
    const script = `
      import { startBroker } from ${JSON.stringify(path.join(root, 'dist/index.js'))};
      import kafkajs from 'kafkajs';
      const b = await startBroker({ clock: 'manual' });
      const admin = new kafkajs.Kafka({ brokers: [b.bootstrap], logLevel: 0 }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'leak-check' }] });
      await admin.disconnect();
      await b.restart({ crash: true });
      await b.stop();
      const left = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
      process.stdout.write(JSON.stringify({ dataDir: b.dataDir, left }));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // A deadline, not a timing assertion: a leaked handle keeps the child alive, and then it is killed.
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    expect(err).toBe('');
    expect(child.signalCode).toBe(null);
    expect(code).toBe(0);
    const res = JSON.parse(out) as { dataDir: string; left: string[] };
    expect(res.left).toEqual([]);
    expect(fs.existsSync(res.dataDir)).toBe(false);
  });
});
