// The Prometheus test helper against a fixed /metrics page: what the broker and lag exporter tests
// rely on (a real scrape, PromQL over the HTTP API, reloads, promtool) works on its own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusMissing, promtoolCheckMetrics, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const missing = prometheusMissing();
if (missing !== undefined) console.warn(`skipping the Prometheus helper test: ${missing}`);

describe.skipIf(missing !== undefined)('test/helpers/prometheus.ts', () => {
  let server: http.Server;
  let target = '';
  let page = '# HELP demo_things_total Things.\n# TYPE demo_things_total counter\ndemo_things_total{kind="a"} 7\ndemo_things_total{kind="b"} 5\n';
  let prom: RunningPrometheus | undefined;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(page);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await prom?.stop();
    await new Promise((r) => server.close(r));
  });

  it('scrapes a target, answers PromQL, follows changes and reloads', async () => {
    prom = await startPrometheus({ demo: [target] });
    await prom.waitForTargetsUp();
    expect(await prom.waitForValue('sum(demo_things_total)', 12)).toBe(12);
    const byKind = await prom.query('demo_things_total');
    expect(byKind.map((s) => [s.metric['kind'], s.value]).sort()).toEqual([['a', 7], ['b', 5]]);
    expect(byKind[0]!.metric['job']).toBe('demo');
    expect(await prom.value('absent_metric_xyz')).toBeUndefined();
    page = page.replace('} 7', '} 70');
    expect(await prom.waitForValue('demo_things_total{kind="a"}', 70)).toBe(70);
    await prom.setJobs({ demo: [target], second: [target] });
    await prom.waitForTargetsUp();
    expect(await prom.waitForValue('count(up{job="second"})', 1)).toBe(1);
    await expect(prom.waitFor('demo_things_total{kind="c"}', (s) => s.length > 0, 1_500)).rejects.toThrow(/timed out after 1500 ms waiting for demo_things_total\{kind="c"\}; last result: \[\]/);
  });

  it('promtool check metrics accepts good text and reports bad text', () => {
    expect(promtoolCheckMetrics(page)).toEqual({ exitCode: 0, output: '' });
    const bad = promtoolCheckMetrics('# TYPE demo counter\ndemo 1\n');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.output).toContain('counter metrics should have "_total" suffix');
  });
});
