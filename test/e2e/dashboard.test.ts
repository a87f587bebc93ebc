import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { LagExporter } from '../../src/core/lag-exporter/exporter.js';
import { ALL } from '../../src/core/lag-exporter/options.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { prometheusMissing, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

// dashboards/tkafka-overview.json (issue 17): valid JSON of a Grafana dashboard, and every PromQL
// expression in it names only metrics that the broker (metrics.port) or tkafka lag-exporter export,
// as a live scrape of both shows; a real Prometheus evaluates every expression without error, and the
// lag panels count a group once although both targets export its lag.

interface Target {
  expr: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface Dashboard {
  title: string;
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: string | { query: string } }> };
}

const DASHBOARD = new URL('../../dashboards/tkafka-overview.json', import.meta.url);
const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as Dashboard;

const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
const variableQueries = dashboard.templating.list.flatMap((v) => (v.type === 'query' && v.query !== undefined ? [typeof v.query === 'string' ? v.query : v.query.query] : []));

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset']);

/** The metric names a PromQL expression selects: identifiers outside label matchers, ranges and grouping clauses that are not function calls or keywords. */
export function metricNames(expr: string): string[] {
  let e = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  e = e.replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  e = e.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const m of e.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = e.slice((m.index ?? 0) + m[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

/** Grafana's label_values(metric, label): the metric. */
function variableMetric(query: string): string {
  const m = /^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*\w+\s*\)$/.exec(query);
  if (m === null) throw new Error(`unexpected variable query ${query}`);
  return m[1] as string;
}

/** Every sample name a scrape can hold: each family's name, a histogram's _bucket/_sum/_count. */
function exportedNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    out.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.add(`${name}${s}`);
    if (type === 'summary') for (const s of ['_sum', '_count']) out.add(`${name}${s}`);
  }
  return out;
}

/** Grafana's variables as Prometheus cannot know them: All for the filters, a fixed rate interval. */
const concrete = (expr: string): string => expr.replaceAll('$__rate_interval', '1m').replaceAll('$group', '.*').replaceAll('$topic', '.*');

describe('dashboards/tkafka-overview.json', () => {
  it('is a Grafana dashboard: unique panel ids, panels on the 24-column grid, an expression per target', () => {
    expect(dashboard.uid).toBe('tkafka-overview');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      if (p.type !== 'row') expect(p.targets?.length, p.title).toBeGreaterThan(0);
    }
    expect(exprs.length).toBeGreaterThan(20);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'group', 'topic']);
  });

  it('metricNames finds the selected metrics and nothing else', () => {
    expect(metricNames('sum by (topic) (rate(a_total{topic=~"$topic", x!="by"}[$__rate_interval])) / on (topic) b > 0')).toEqual(['a_total', 'b']);
    expect(metricNames('histogram_quantile(0.99, sum by (le, request) (rate(h_bucket[5m])))')).toEqual(['h_bucket']);
  });
});

const missing = prometheusMissing();
if (missing !== undefined) console.log(`skipping the dashboard's live checks: ${missing}`);

describe.skipIf(missing !== undefined)("the dashboard's expressions against a live broker and lag-exporter", () => {
  let broker: TestBroker;
  let metricsPort = 0;
  let exporter: LagExporter;
  let exporterPort = 0;
  let prom: RunningPrometheus;
  let exported: Set<string>;

  beforeAll(async () => {
    metricsPort = await freePort();
    broker = await startTestBroker({ config: { 'metrics.port': String(metricsPort) } });
    const created = await runCli(['topics', '--bootstrap-server', broker.bootstrap, '--create', '--topic', 'dash', '--partitions', '1']);
    expect(created.exitCode, created.stderr).toBe(0);
    const produced = await runCli(['console-producer', '--bootstrap-server', broker.bootstrap, '--topic', 'dash'], { input: Array.from({ length: 50 }, (_, i) => `r${i}\n`).join('') });
    expect(produced.exitCode, produced.stderr).toBe(0);
    const consumed = await runCli(['console-consumer', '--bootstrap-server', broker.bootstrap, '--topic', 'dash', '--group', 'dash-g', '--from-beginning', '--max-messages', '20']);
    expect(consumed.exitCode, consumed.stderr).toBe(0);

    exporter = new LagExporter({
      connect: async () => {
        const client = await NativeClient.connect({ brokers: [broker.bootstrap], clientId: 'dashboard-test' });
        return { client, admin: new NativeGroupAdmin(client), close: () => client.close() };
      },
      filters: ALL,
      intervalMs: 500,
      log: { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined },
      describeError: (err) => String(err),
    });
    expect(await exporter.collectOnce()).toBe(true);
    exporterPort = (await exporter.listen({ host: '127.0.0.1', port: 0 })).port;
    exporter.startCollecting();

    const brokerText = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const exporterText = await (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).text();
    exported = new Set([...exportedNames(brokerText), ...exportedNames(exporterText)]);
    prom = await startPrometheus({ 'tkafka-broker': [`127.0.0.1:${metricsPort}`], 'kafka-lag': [`127.0.0.1:${exporterPort}`] });
    await prom.waitForTargetsUp();
  });

  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
    await broker?.dispose();
  });

  it('names only metrics that the broker or the exporter export', () => {
    const used = new Set([...exprs.flatMap(metricNames), ...variableQueries.map(variableMetric)]);
    expect(used.size).toBeGreaterThan(20);
    const unknown = [...used].filter((n) => !exported.has(n)).sort();
    expect(unknown).toEqual([]);
  });

  it('every expression evaluates in Prometheus', async () => {
    for (const e of exprs) await prom.query(concrete(e));
  });

  it('counts a group once although the broker and the exporter both export its lag', async () => {
    const lagPerGroup = exprs.find((e) => e.startsWith('sum by (consumergroup) (max by (consumergroup, topic) (kafka_consumergroup_lag_sum') && !e.includes('/'));
    expect(lagPerGroup).toBeDefined();
    const both = await prom.waitFor('count by (consumergroup) (kafka_consumergroup_lag_sum{consumergroup="dash-g"})', (s) => s[0]?.value === 2);
    expect(both).toHaveLength(1);
    const samples = await prom.query(concrete(lagPerGroup as string).replace('consumergroup=~".*"', 'consumergroup="dash-g"'));
    expect(samples.map((s) => [s.metric['consumergroup'], s.value])).toEqual([['dash-g', 30]]);
    expect(await prom.value(concrete(exprs.find((e) => e === 'max(kafka_brokers)') as string))).toBe(1);
  });
});
