// A real Prometheus (Debian's /usr/bin/prometheus) for tests: started on a free port with a temp
// config and storage dir, scraping the given targets every second, queried over its HTTP API.
// Used by the broker metrics tests and the lag exporter tests of issue #17.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export const PROMETHEUS_BIN = process.env['TKAFKA_PROMETHEUS'] ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env['TKAFKA_PROMTOOL'] ?? '/usr/bin/promtool';

/** Why Prometheus cannot run here, or undefined when it can (tests skip with this reason). */
export function prometheusMissing(): string | undefined {
  for (const bin of [PROMETHEUS_BIN, PROMTOOL_BIN]) {
    try {
      fs.accessSync(bin, fs.constants.X_OK);
    } catch {
      return `${bin} is not installed (apt-get install prometheus; .ci/run does)`;
    }
  }
  return undefined;
}

/** Scrape jobs: job name -> targets ("host:port"); each scraped at /metrics every second. */
export type ScrapeJobs = Record<string, string[]>;

/** One sample of an instant vector: its labels (with __name__) and value. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface RunningPrometheus {
  readonly url: string;
  readonly port: number;
  /** Instant query at "now"; a scalar or string result comes back as one sample with no labels. */
  query(promql: string): Promise<PromSample[]>;
  /** The single value of `promql`, undefined when the result is empty; throws when there are several. */
  value(promql: string): Promise<number | undefined>;
  /**
   * Polls `promql` (every 250 ms, up to `timeoutMs`) until `accept` holds for its result and returns
   * that result; at the deadline, throws naming the query and the last result seen.
   */
  waitFor(promql: string, accept: (samples: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>;
  /** Waits until `promql` is exactly one sample equal to `expected`; returns it. */
  waitForValue(promql: string, expected: number, timeoutMs?: number): Promise<number>;
  /** Waits until every target of every job has been scraped successfully (up == 1). */
  waitForTargetsUp(timeoutMs?: number): Promise<void>;
  /** Replaces the scrape jobs and reloads the config (POST /-/reload). */
  setJobs(jobs: ScrapeJobs): Promise<void>;
  /** Prometheus's own log so far (for failure messages). */
  log(): string;
  /** SIGTERM (SIGKILL after 10 s), then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function configYaml(jobs: ScrapeJobs): string {
  // JSON is YAML: no YAML writer needed, and target strings are quoted safely.
  const scrapeConfigs = Object.entries(jobs).map(([job, targets]) => ({
    job_name: job,
    scrape_interval: '1s',
    scrape_timeout: '1s',
    metrics_path: '/metrics',
    static_configs: [{ targets }],
  }));
  return JSON.stringify({ global: { scrape_interval: '1s', evaluation_interval: '1s' }, scrape_configs: scrapeConfigs }, null, 2) + '\n';
}

async function getJson(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${res.status}: ${text.slice(0, 500)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

interface QueryResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

function toSamples(data: { resultType: string; result: unknown }): PromSample[] {
  if (data.resultType === 'vector') {
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    const [, v] = data.result as [number, string];
    return [{ metric: {}, value: Number(v) }];
  }
  throw new Error(`unexpected result type ${data.resultType} (use an instant vector query)`);
}

/** Starts Prometheus scraping `jobs` and waits until it answers /-/ready. */
export async function startPrometheus(jobs: ScrapeJobs): Promise<RunningPrometheus> {
  const missing = prometheusMissing();
  if (missing !== undefined) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-prom-'));
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, configYaml(jobs));
  // The free port can be taken between freePort() and Prometheus's bind: one retry covers that race.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(dir, configFile, port);
    } catch (err) {
      if (attempt >= 2) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

async function launch(dir: string, configFile: string, port: number): Promise<RunningPrometheus> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let logText = '';
  child.stderr?.on('data', (c: Buffer) => {
    // Keep the tail only: a long test must not grow this without bound.
    logText = (logText + c.toString()).slice(-20_000);
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((r) => child.on('exit', (code) => ((exitCode = code), r())));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // Ready: /-/ready answers 200 once the TSDB is open and the config loaded (seconds on a busy machine).
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`prometheus exited (${exitCode}) before ready: ${logText.trim().slice(-2000)}`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) });
      await res.text();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`prometheus not ready after 30 s: ${logText.trim().slice(-2000)}`);
    }
    await pause(100);
  }

  let currentJobs: ScrapeJobs = JSON.parse(JSON.stringify(jobsFromFile(configFile))) as ScrapeJobs;

  const query = async (promql: string): Promise<PromSample[]> => {
    const body = (await getJson(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`)) as QueryResponse;
    if (body.status !== 'success' || body.data === undefined) throw new Error(`query ${promql}: ${body.error ?? body.status}`);
    return toSamples(body.data);
  };

  const waitFor = async (promql: string, accept: (s: PromSample[]) => boolean, timeoutMs = 30_000): Promise<PromSample[]> => {
    const until = Date.now() + timeoutMs;
    let last: PromSample[] | undefined;
    let lastErr: unknown;
    for (;;) {
      try {
        last = await query(promql);
        if (accept(last)) return last;
      } catch (err) {
        lastErr = err;
      }
      if (Date.now() > until) {
        const seen = last === undefined ? 'no result' : JSON.stringify(last);
        const why = lastErr instanceof Error ? `; last error: ${lastErr.message}` : '';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${promql}; last result: ${seen}${why}`);
      }
      await pause(250);
    }
  };

  return {
    url,
    port,
    query,
    async value(promql) {
      const s = await query(promql);
      if (s.length === 0) return undefined;
      if (s.length > 1) throw new Error(`query ${promql}: ${s.length} samples, expected one: ${JSON.stringify(s)}`);
      return s[0]!.value;
    },
    waitFor,
    async waitForValue(promql, expected, timeoutMs) {
      const s = await waitFor(promql, (r) => r.length === 1 && r[0]!.value === expected, timeoutMs);
      return s[0]!.value;
    },
    async waitForTargetsUp(timeoutMs = 30_000) {
      const want = Object.values(currentJobs).reduce((n, t) => n + t.length, 0);
      await waitFor('up', (r) => r.length === want && r.every((s) => s.value === 1), timeoutMs);
    },
    async setJobs(jobs) {
      fs.writeFileSync(configFile, configYaml(jobs));
      await getJson(`${url}/-/reload`, { method: 'POST' });
      currentJobs = jobs;
    },
    log: () => logText,
    stop,
  };
}

function jobsFromFile(configFile: string): ScrapeJobs {
  const cfg = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> };
  return Object.fromEntries(cfg.scrape_configs.map((c) => [c.job_name, c.static_configs.flatMap((s) => s.targets)]));
}

export interface PromtoolResult {
  exitCode: number | null;
  /** promtool's lint findings and errors (it prints them on stderr). */
  output: string;
}

/** `promtool check metrics` over `text` on stdin (Prometheus's own parser and lint rules). */
export function promtoolCheckMetrics(text: string): PromtoolResult {
  const r = spawnSync(PROMTOOL_BIN, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
  if (r.error !== undefined) throw r.error;
  return { exitCode: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}
