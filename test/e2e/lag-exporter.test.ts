import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../helpers/broker-process.js';
import { BIN, assertFreshBuild, runCli } from '../helpers/cli.js';
import { prometheusMissing, promtoolCheckMetrics, startPrometheus, type PromSample, type RunningPrometheus } from '../helpers/prometheus.js';
import { tempDataDir } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

// Issue 17: `tkafka lag-exporter` (bin/tkafka.js, as a user runs it) against a broker in its own process,
// scraped by a real Prometheus. After exactly known produces and commits, PromQL answers the lag per
// partition that `consumer-groups --describe` prints, lag seconds is the age of the record at the
// committed offset, promtool accepts the text, and the exporter keeps answering through a broker restart.

const missing = prometheusMissing();
if (missing !== undefined) console.log(`skipping lag-exporter Prometheus tests: ${missing}`);

const TOPIC = 'orders';
// Records per partition, and what group g1 commits on each (p2: nothing).
const PRODUCED = [10, 7, 3];
const G1_COMMITS: Record<number, number> = { 0: 4, 1: 7 };
// Two groups at different offsets of one partition: both records' timestamps are read.
const AUDIT_COMMITS: Record<number, number> = { 0: 7 };
// Every record at offset o of a partition gets timestamp BASE + o hours: a lag-seconds value read
// from the wrong offset is hours off.
const HOUR = 3_600_000;
const BASE = Date.now() - 48 * HOUR;
let exporterStarted = 0;

interface Exporter {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startExporter(args: string[]): Promise<Exporter> {
  assertFreshBuild();
  const child = spawn(process.execPath, [BIN, 'lag-exporter', '--listen', '127.0.0.1:0', '--interval', '300ms', ...args], {
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return waitFor(
    'the exporter to listen',
    () => {
      const m = /Serving http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(err);
      if (child.exitCode !== null) throw new Error(`lag-exporter exited ${child.exitCode}: ${err}`);
      return m === null ? undefined : { child, port: Number(m[1]), stderr: () => err, exited };
    },
    30_000,
  );
}

async function scrape(port: number): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

function byPartition(samples: PromSample[]): Record<string, number> {
  const entries: Array<[string, number]> = samples.map((s) => [s.metric['partition'] ?? '?', s.value]);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

describe.skipIf(missing !== undefined)('tkafka lag-exporter scraped by Prometheus', () => {
  let dataDir: string;
  let broker: BrokerProcess;
  let exporter: Exporter;
  let prom: RunningPrometheus;
  let csvDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir('tkafka-lagexp-');
    csvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-lagexp-csv-'));
    broker = await spawnBroker(dataDir);
    const kafka = new kafkajs.Kafka({ brokers: [broker.bootstrap], clientId: 'lag-exporter-test', logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (const [partition, n] of PRODUCED.entries()) {
      // One send per record: each record its own batch, so a Fetch at any offset starts at that record.
      for (let o = 0; o < n; o++) await producer.send({ topic: TOPIC, messages: [{ partition, value: `v${o}`, timestamp: String(BASE + o * HOUR) }] });
    }
    await producer.disconnect();
    for (const [group, commits] of [['g1', G1_COMMITS], ['audit', AUDIT_COMMITS]] as const) {
      const csv = path.join(csvDir, `${group}.csv`);
      fs.writeFileSync(csv, Object.entries(commits).map(([p, o]) => `${TOPIC},${p},${o}\n`).join(''));
      const r = await runCli(['consumer-groups', '--bootstrap-server', broker.bootstrap, '--reset-offsets', '--group', group, '--from-file', csv, '--execute']);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    exporterStarted = Date.now();
    exporter = await startExporter(['--bootstrap-server', broker.bootstrap, '--exclude', '^__']);
    prom = await startPrometheus({ lag: [`127.0.0.1:${exporter.port}`] });
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    exporter?.child.kill('SIGKILL');
    broker?.child.kill('SIGKILL');
    await broker?.exited;
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    if (csvDir !== undefined) fs.rmSync(csvDir, { recursive: true, force: true });
  });

  it('PromQL lag per partition equals what consumer-groups --describe prints, and kafka_exporter -1 for an uncommitted partition', async () => {
    await prom.waitForTargetsUp();
    const lag = await prom.waitFor(`kafka_consumergroup_lag{consumergroup="g1",topic="${TOPIC}"}`, (s) => s.length === 3);
    expect(byPartition(lag)).toEqual({ '0': 6, '1': 0, '2': -1 });

    const described = await runCli(['consumer-groups', '--bootstrap-server', broker.bootstrap, '--describe', '--group', 'g1', '-o', 'json']);
    expect(described.exitCode, described.stderr).toBe(0);
    const rows = (JSON.parse(described.stdout) as { groups: Array<{ partitions: Array<{ partition: number; lag: number | null }> }> }).groups[0]?.partitions ?? [];
    expect(rows.map((r) => [r.partition, r.lag])).toEqual([[0, 6], [1, 0]]);
    for (const r of rows) expect(byPartition(lag)[String(r.partition)]).toBe(r.lag);

    expect(await prom.value(`kafka_consumergroup_lag_sum{consumergroup="g1",topic="${TOPIC}"}`)).toBe(6);
    expect(await prom.value(`kafka_consumergroup_current_offset_sum{consumergroup="g1",topic="${TOPIC}"}`)).toBe(4 + 7 - 1);
    expect(byPartition(await prom.query(`kafka_topic_partition_current_offset{topic="${TOPIC}"}`))).toEqual({ '0': 10, '1': 7, '2': 3 });
    expect(byPartition(await prom.query(`kafka_topic_partition_oldest_offset{topic="${TOPIC}"}`))).toEqual({ '0': 0, '1': 0, '2': 0 });
    expect(await prom.value(`kafka_topic_partitions{topic="${TOPIC}"}`)).toBe(3);
    expect(await prom.value('kafka_brokers')).toBe(1);
    expect(byPartition(await prom.query(`kafka_consumergroup_lag{consumergroup="audit",topic="${TOPIC}"}`))).toEqual({ '0': 3, '1': -1, '2': -1 });
    expect(await prom.value('kafka_consumergroup_members{consumergroup="g1"}')).toBe(0);
    // --exclude '^__' leaves the internal topic out.
    expect(await prom.query('kafka_topic_partitions{topic="__consumer_offsets"}')).toEqual([]);
  });

  it('lag seconds is the age of the record at the committed offset', async () => {
    const s = await prom.waitFor(`kafka_consumergroup_group_lag_seconds{consumergroup="g1",topic="${TOPIC}"}`, (r) => r.length === 2);
    const after = Date.now();
    const p = byPartition(s);
    // Record 4 of partition 0 was stamped BASE + 4h (record 3 an hour earlier, record 5 an hour later);
    // the scraped value was computed between the exporter's start and `after`.
    const written = BASE + 4 * HOUR;
    expect(p['0']).toBeGreaterThanOrEqual((exporterStarted - written) / 1000);
    expect(p['0']).toBeLessThanOrEqual((after - written) / 1000);
    expect(p['1']).toBe(0);
    expect(await prom.value('kafka_consumergroup_group_max_lag_seconds{consumergroup="g1"}')).toBe(p['0']);
    const audit = await prom.value(`kafka_consumergroup_group_lag_seconds{consumergroup="audit",topic="${TOPIC}",partition="0"}`);
    expect(audit).toBeGreaterThanOrEqual((exporterStarted - (BASE + 7 * HOUR)) / 1000);
    expect(audit).toBeLessThanOrEqual((after - (BASE + 7 * HOUR)) / 1000);
  });

  it("promtool check metrics accepts the exporter's text", async () => {
    const { status, text } = await scrape(exporter.port);
    expect(status).toBe(200);
    expect(text).toContain(`kafka_consumergroup_lag{consumergroup="g1",topic="${TOPIC}",partition="0"} 6\n`);
    // Prometheus's parser reads it all; its linter's only findings are about two of kafka_exporter's
    // own names, which are kept for its dashboards (exit 3: lint findings, not parse errors).
    const checked = promtoolCheckMetrics(text);
    expect(checked.output).toBe(
      'kafka_consumergroup_current_offset_sum non-histogram and non-summary metrics should not have "_sum" suffix\n' +
        'kafka_consumergroup_lag_sum non-histogram and non-summary metrics should not have "_sum" suffix',
    );
    expect(checked.exitCode).toBe(3);
    const withoutSums = text.split('\n\n').filter((family) => !/^# HELP kafka_consumergroup_(current_offset|lag)_sum /.test(family)).join('\n\n');
    expect(promtoolCheckMetrics(withoutSums)).toEqual({ exitCode: 0, output: '' });
  });

  it('keeps serving while the broker is down and recovers when it is back on the same port', async () => {
    const port = broker.port;
    broker.child.kill('SIGTERM');
    expect(await broker.exited).toBe(0);

    await prom.waitForValue('tkafka_lag_exporter_up', 0);
    await prom.waitForValue('kafka_brokers', 0);
    const down = await scrape(exporter.port);
    expect(down.status).toBe(200);
    expect(down.text).toContain('\nkafka_brokers 0\n');
    expect(down.text).not.toContain('kafka_consumergroup_lag{');
    expect(exporter.child.exitCode).toBe(null);
    expect(exporter.stderr()).toMatch(/ERROR Collection failed \(serving kafka_brokers 0 until the cluster answers\): Nothing answers at 127\.0\.0\.1:\d+ \(connection refused\)/);
    // Logged once per distinct error, not every 300 ms interval. A collection under way when the
    // broker stopped may fail first with another error (its connection closed), logged once too.
    const failures = exporter.stderr().split('\n').filter((l) => l.includes('Collection failed'));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.length).toBeLessThanOrEqual(2);
    expect(new Set(failures.map((l) => l.replace(/^.*?Collection failed/, ''))).size).toBe(failures.length);
    expect(failures.at(-1)).toMatch(/Nothing answers at 127\.0\.0\.1:\d+ \(connection refused\)/);

    broker = await spawnBroker(dataDir, port);
    await prom.waitForValue('tkafka_lag_exporter_up', 1);
    const lag = await prom.waitFor(`kafka_consumergroup_lag{consumergroup="g1",topic="${TOPIC}"}`, (s) => s.length === 3);
    expect(byPartition(lag)).toEqual({ '0': 6, '1': 0, '2': -1 });
    expect(await prom.value('kafka_brokers')).toBe(1);
    expect(exporter.stderr()).toContain('INFO Collecting from the cluster again.');
  });

  it('stops cleanly on SIGTERM', async () => {
    exporter.child.kill('SIGTERM');
    expect(await exporter.exited).toBe(0);
    expect(exporter.stderr()).toContain('INFO Stopped.');
  });
});

describe('tkafka lag-exporter usage errors', () => {
  it('a --listen that is not host:port: one line, exit 2', async () => {
    const r = await runCli(['lag-exporter', '--listen', 'localhost']);
    expect(r.stderr).toBe("tkafka: --listen 'localhost' is not host:port (e.g. 127.0.0.1:9308, :9308 for all interfaces, [::1]:9308).\n");
    expect(r.exitCode).toBe(2);
  });

  it('a --listen address in use: one line, exit 1', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await runCli(['lag-exporter', '--listen', `127.0.0.1:${port}`, '--bootstrap-server', '127.0.0.1:1']);
      expect(r.stderr).toBe(`tkafka: Cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE).\n`);
      expect(r.exitCode).toBe(1);
    } finally {
      server.close();
    }
  });

  it('a bad regular expression: one line, exit 2', async () => {
    const r = await runCli(['lag-exporter', '--group', '(']);
    expect(r.stderr).toMatch(/^tkafka: --group '\(' is not a valid regular expression: .+\n$/);
    expect(r.stderr.split('\n').length).toBe(2);
    expect(r.exitCode).toBe(2);
  });

  it('--once against nothing: the connection error, exit 1', async () => {
    const r = await runCli(['lag-exporter', '--once', '--bootstrap-server', '127.0.0.1:1']);
    expect(r.stderr).toBe("tkafka: Nothing answers at 127.0.0.1:1 (connection refused); start the bundled broker with 'tkafka broker start' or pass --bootstrap-server host:port.\n");
    expect(r.exitCode).toBe(1);
  });
});
