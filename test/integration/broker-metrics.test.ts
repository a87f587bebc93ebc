// The broker's /metrics (metrics.port, issue #17) scraped by a real Prometheus: after a known load
// (1,000 records to topic t in one Produce request from kafkajs, a group that consumes and commits 600 with the built CLI)
// PromQL over Prometheus's HTTP API returns exact values, the lag equals what
// `consumer-groups --describe` prints, promtool accepts the text, metrics are off by default, and a
// taken port is a one-line start error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { freePort, handlesOnPort } from '../helpers/ports.js';
import { prometheusMissing, promtoolCheckMetrics, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const missing = prometheusMissing();
if (missing !== undefined) console.warn(`skipping the broker metrics tests: ${missing}`);

/** Inodes of the TCP sockets this process listens on (state 0A in /proc/net/tcp{,6}). */
function listeningSockets(): Set<string> {
  const own = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (m !== null) own.add(m[1] as string);
    } catch {
      // closed meanwhile
    }
  }
  const listening = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && own.has(cols[9] ?? '')) listening.add(cols[9] as string);
    }
  }
  return listening;
}

describe.skipIf(missing !== undefined)('broker metrics (metrics.port) scraped by Prometheus', () => {
  let broker: TestBroker;
  let prom: RunningPrometheus | undefined;
  let metricsPort = 0;

  beforeAll(async () => {
    metricsPort = await freePort();
    broker = await startTestBroker({ config: { 'metrics.port': String(metricsPort) } });
    // One send of 1,000 records to one partition is exactly one Produce request (kcat's batching
    // splits the same load into 1 to 3 requests depending on timing, which the exact count below
    // could not follow).
    const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'metrics-load', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 't', numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 't', messages: Array.from({ length: 1000 }, (_, i) => ({ partition: 0, value: `record-${i}` })) });
    await producer.disconnect();
    const consumed = await runCli(['console-consumer', '--bootstrap-server', broker.bootstrap, '--topic', 't', '--group', 'g', '--from-beginning', '--max-messages', '600']);
    expect(consumed.exitCode, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n')).toHaveLength(600);
    prom = await startPrometheus({ tkafka: [`127.0.0.1:${metricsPort}`] });
    await prom.waitForTargetsUp();
  });
  afterAll(async () => {
    await prom?.stop();
    await broker?.dispose();
  });

  it("serves scrapes from a worker thread: the broker's thread holds no socket of metrics.port", async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { connection: 'keep-alive' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('kafka_server_brokertopicmetrics_messagesin_total{topic="t"} 1000');
    // HTTP sockets in the broker's own isolate would share Node's stream code with the Kafka
    // connections and deoptimise it (README "Metrics"): neither the listener nor the kept-alive
    // connection may be a handle of this thread.
    expect(handlesOnPort(metricsPort)).toEqual([]);
    // The check sees this thread's servers: the Kafka listener is one.
    expect(handlesOnPort(Number(broker.bootstrap.split(':').pop()))).not.toEqual([]);
  });

  it('PromQL returns the exact counts, offsets and lag of the load', async () => {
    const p = prom as RunningPrometheus;
    expect(await p.waitForValue('kafka_server_brokertopicmetrics_messagesin_total{topic="t"}', 1000)).toBe(1000);
    // The series without a topic label is all topics, as Kafka's own MBean.
    expect(await p.value('kafka_server_brokertopicmetrics_messagesin_total{topic=""}')).toBe(1000);
    expect(await p.value('kafka_log_log_logendoffset{topic="t",partition="0"}')).toBe(1000);
    expect(await p.value('kafka_log_log_logstartoffset{topic="t",partition="0"}')).toBe(0);
    expect(await p.value('kafka_topic_partition_current_offset{topic="t",partition="0"}')).toBe(1000);
    expect(await p.value('kafka_consumergroup_current_offset{consumergroup="g",topic="t",partition="0"}')).toBe(600);
    expect(await p.value('sum(kafka_consumergroup_lag{consumergroup="g",topic="t"})')).toBe(400);
    expect(await p.value('kafka_consumergroup_lag_sum{consumergroup="g",topic="t"}')).toBe(400);
    expect(await p.value('kafka_consumergroup_members{consumergroup="g"}')).toBe(0);
    const lagSeconds = await p.value('kafka_consumergroup_group_lag_seconds{consumergroup="g",topic="t",partition="0"}');
    expect(lagSeconds).toBeGreaterThan(0);
    expect(await p.value('kafka_server_replicamanager_underreplicatedpartitions')).toBe(0);
    expect(await p.value('kafka_controller_kafkacontroller_activecontrollercount')).toBe(1);
    expect(await p.value('kafka_coordinator_group_groupmetadatamanager_numgroupsempty')).toBe(1);
    expect(await p.value('kafka_network_requestmetrics_requests_total{request="Produce"}')).toBe(1);
    expect(await p.value('kafka_network_requestmetrics_errors_total{request="Produce",error="NONE"}')).toBe(1);
    expect(await p.value('kafka_network_requestmetrics_totaltimems_count{request="Produce"}')).toBe(1);
    expect(await p.value('kafka_network_requestmetrics_totaltimems_bucket{request="Produce",le="+Inf"}')).toBe(1);
    expect(await p.value('sum(kafka_server_socket_server_metrics_connection_count)')).toBe(0);

    // The lag consumer-groups --describe prints for the same group.
    const described = await runCli(['consumer-groups', '--bootstrap-server', broker.bootstrap, '--describe', '--group', 'g']);
    expect(described.exitCode, described.stderr).toBe(0);
    const header = described.stdout.split('\n').find((l) => l.includes('LAG'));
    const row = described.stdout.split('\n').find((l) => /^g\s+t\s+0\s/.test(l));
    expect(header, described.stdout).toBeDefined();
    expect(row, described.stdout).toBeDefined();
    const cols = (header as string).trim().split(/\s+/);
    const vals = (row as string).trim().split(/\s+/);
    expect(Number(vals[cols.indexOf('LAG')])).toBe(400);
    expect(Number(vals[cols.indexOf('CURRENT-OFFSET')])).toBe(600);
    expect(Number(vals[cols.indexOf('LOG-END-OFFSET')])).toBe(1000);
  });

  it('promtool check metrics accepts the text (lint: only kafka_exporter\'s own _sum gauges)', async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const check = promtoolCheckMetrics(text);
    // kafka_exporter names these two gauges *_sum; dashboards query them by that name, so they stay.
    expect(check.output.split('\n').sort()).toEqual([
      'kafka_consumergroup_current_offset_sum non-histogram and non-summary metrics should not have "_sum" suffix',
      'kafka_consumergroup_lag_sum non-histogram and non-summary metrics should not have "_sum" suffix',
    ]);
    // Without those two, nothing to report: Prometheus's parser takes the text as valid.
    const rest = text.split('\n').filter((l) => !/kafka_consumergroup_(current_offset|lag)_sum/.test(l)).join('\n');
    expect(promtoolCheckMetrics(rest)).toEqual({ exitCode: 0, output: '' });
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);

    // README's "Broker metrics" table names every family the endpoint serves, with its type.
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Broker metrics'), readme.indexOf('\n## ', readme.indexOf('### Broker metrics')));
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] as string, m[2] as string] as const);
    expect(types.length).toBeGreaterThan(50);
    for (const [name, type] of types) {
      const row = rows.find((r) => r.split('|')[1]?.includes(`\`${name}\``) === true);
      expect(row, `README row for ${name}`).toBeDefined();
      expect((row as string).split('|')[2]?.trim(), `README type of ${name}`).toBe(type);
    }
  });
});

describe('failed produce requests, counted as Kafka counts them', () => {
  it('a keyless record on a compacted topic is one failed produce of that topic; a good produce to another is none', async () => {
    const metricsPort = await freePort();
    const b = await startTestBroker({ config: { 'metrics.port': String(metricsPort) } });
    try {
      const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'failed-produce', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'c', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }, { topic: 'ok', numPartitions: 1 }] });
      await admin.disconnect();
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      await expect(producer.send({ topic: 'c', messages: [{ value: 'no key' }] })).rejects.toThrow(/This record has failed the validation on broker/);
      await producer.send({ topic: 'ok', messages: [{ value: 'v' }] });
      await producer.disconnect();
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const sample = (series: string): number | undefined => {
        const line = text.split('\n').find((l) => l.startsWith(`${series} `));
        return line === undefined ? undefined : Number(line.slice(series.length + 1));
      };
      expect(sample('kafka_server_brokertopicmetrics_failedproducerequests_total{topic="c"}')).toBe(1);
      expect(sample('kafka_server_brokertopicmetrics_failedproducerequests_total{topic="ok"}')).toBe(0);
      expect(sample('kafka_server_brokertopicmetrics_failedproducerequests_total')).toBe(1);
      expect(sample('kafka_server_brokertopicmetrics_failedfetchrequests_total')).toBe(0);
      expect(sample('kafka_network_requestmetrics_errors_total{request="Produce",error="INVALID_RECORD"}')).toBe(1);
    } finally {
      await b.dispose();
    }
  });
});

describe('metrics.port: off by default, refused when bad or taken', () => {
  it('opens no port without metrics.port, and one more with it', async () => {
    const before = listeningSockets();
    const off = await startTestBroker();
    const withoutMetrics = [...listeningSockets()].filter((s) => !before.has(s)).length;
    expect(off.running.metrics).toBeNull();
    await off.dispose();
    const on = await startTestBroker({ config: { 'metrics.port': String(await freePort()) } });
    const withMetrics = [...listeningSockets()].filter((s) => !before.has(s)).length;
    expect(on.running.metrics).not.toBeNull();
    await on.dispose();
    expect(withMetrics).toBe(withoutMetrics + 1);
    // Closed with the broker: nothing of either left listening.
    expect([...listeningSockets()].filter((s) => !before.has(s))).toEqual([]);
  });

  it.each([
    ['--input-type=module', 'the worker thread is CommonJS'],
    ['--initial-old-space-size=64', 'a Worker refuses V8 heap flags; the background broker runs with this one'],
  ])('serves /metrics from an embedded broker in a `node %s` script (%s)', async (flag) => {
    const port = await freePort();
    const dist = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;
    const script = `
      const { startBroker } = await import(${JSON.stringify(dist)});
      const b = await startBroker({ config: { 'metrics.port': ${port} } });
      const res = await fetch('http://127.0.0.1:${port}/metrics');
      const body = await res.text();
      console.log(res.status, body.includes('# TYPE kafka_server_brokertopicmetrics_messagesin_total counter'));
      await b.stop();`;
    const r = spawnSync(process.execPath, [...new Set(['--input-type=module', flag]), '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('200 true\n');
    expect(r.status).toBe(0);
  });

  it('a taken metrics.port fails the start with one line and frees the data dir', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = tempDataDir();
    try {
      await expect(startTestBroker({ dataDir, config: { 'metrics.port': String(port) } })).rejects.toThrow(`metrics.port ${port} on 127.0.0.1 is already in use`);
      // The data dir is not left locked.
      const again = await startTestBroker({ dataDir });
      await again.dispose();
    } finally {
      await new Promise((r) => blocker.close(r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a bad metrics.port is a config error', async () => {
    await expect(startTestBroker({ config: { 'metrics.port': 'abc' } })).rejects.toThrow("invalid broker config: metrics.port must be an integer, got 'abc'");
    await expect(startTestBroker({ config: { 'metrics.port': '70000' } })).rejects.toThrow('invalid broker config: metrics.port must be a TCP port (1-65535, or 0 for off), got 70000');
  });
});
