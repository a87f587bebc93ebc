// Produce throughput with metrics off and on (issue #17's goal: on ≥ 97% of off): `npm run bench --
// metrics [--load 1m|16k|1r]`. As bench/acl-produce.ts: brokers run one at a time, a fresh one (empty
// data dir) per round, rounds alternate their order, and the best and the median of each side are
// printed. "On" is `metrics.port` set and a separate process reading /metrics every second meanwhile,
// as Prometheus would, after a consumer group has committed so the lag families have work to do. The
// scraper starts, and scrapes once, before the round: its own start-up would otherwise fall inside
// the round, and a fresh broker's first scrape compiles the collection code (printed apart), which a
// broker scraped all its life pays once.
// The machine's noise is larger than the effect (two brokers without metrics, alternated the same way,
// differed by 3% in the best and 6% in the median), so the metrics' own work is printed too: the
// measured path's cost per request timed here in a loop, plus the broker's CPU for one scrape (50
// scrapes of the broker after its round), over the broker's CPU during the round. Two brokers side by
// side with the load alternating in short windows were tried and were worse: each process's speed
// after idling differed by up to 25%. With `--pin` the bench process (the load and the scraper) runs
// on CPU 0 and each broker on CPU 1 (bench/lib/pin.ts), which removes most of that noise on 2 cores;
// `--rounds N` sets the rounds per side; `--shm` puts the data dirs on tmpfs. Figures only, never asserted.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';
import { batchOfSize, produceLoad } from './lib/load.js';
import { ensureTopic } from './lib/ops.js';
import { figure, fixed, heading, int, MB, mbps, MiB, note } from './lib/report.js';
import { pin } from './lib/pin.js';
import { WireClient } from './lib/wire.js';
import { freePort } from '../test/helpers/ports.js';
import { RequestStats } from '../src/broker/metrics/counters.js';
import type { ProduceResponse } from '../src/protocol/generated/messages/produce-response.js';

const ROUNDS = process.argv.includes('--rounds') ? Number(process.argv[process.argv.indexOf('--rounds') + 1]) : 6;
const PIN = process.argv.includes('--pin');
const PRODUCE_MS = 2000;
const WARMUP_MS = 500;
const IN_FLIGHT = 8;
const SCRAPE_SAMPLES = 50;
const TKAFKA = fileURLToPath(new URL('../bin/tkafka.js', import.meta.url));

interface Best {
  mbps: number;
  /** Every round's MB/s, for the median. */
  rates: number[];
  /** Broker CPU ms per wall ms, and requests per second, of every round (for the metrics' own share). */
  cpuPerMs: number[];
  reqPerSecs: number[];
  /** Broker CPU per scrape (ms) and a fresh broker's first scrape (ms), per round. */
  scrapeCpuMs: number[];
  coldMs: number[];
  mbPerCpuSecond: number;
  reqPerSec: number;
  scrapes: number;
  scrapeMs: number;
}

const fresh = (): Best => ({ mbps: 0, rates: [], cpuPerMs: [], reqPerSecs: [], scrapeCpuMs: [], coldMs: [], mbPerCpuSecond: 0, reqPerSec: 0, scrapes: 0, scrapeMs: 0 });

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** on/off of the mean rates with its 95% interval (delta method over each side's standard error), in %. */
function meanRatio(on: readonly number[], off: readonly number[]): { ratio: number; half: number } {
  const rel = (xs: readonly number[]): number => {
    const m = mean(xs);
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
    return sd / Math.sqrt(xs.length) / m;
  };
  const ratio = (mean(on) / mean(off)) * 100;
  return { ratio, half: 1.96 * ratio * Math.sqrt(rel(on) ** 2 + rel(off) ** 2) };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Scraper {
  /** Begins scraping every second. */
  go(): void;
  stop(): Promise<{ scrapes: number; meanMs: number }>;
}

/**
 * A process of its own that scrapes `url` as Prometheus does. It starts (and makes the broker's
 * first scrape, whose time it reports) before the measured round, so neither its start-up nor the
 * first scrape's compilation falls inside the round; `go()` starts the one-second scrapes.
 */
async function scraper(url: string): Promise<{ scraper: Scraper; coldMs: number }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const url = ${JSON.stringify(url)};
       let scrapes = 0, total = 0, stopped = false;
       const once = async () => { const t0 = performance.now(); await (await fetch(url)).text(); return performance.now() - t0; };
       process.on('message', async (m) => {
         if (m === 'stop') { stopped = true; return; }
         while (!stopped) {
           total += await once();
           scrapes++;
           await new Promise((r) => setTimeout(r, 1000));
         }
         process.send({ scrapes, meanMs: scrapes === 0 ? 0 : total / scrapes }, () => process.exit(0));
       });
       once().then((ms) => process.send({ coldMs: ms }));`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const coldMs = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { coldMs: number }).coldMs)));
  let started = false;
  return {
    coldMs,
    scraper: {
      go: () => {
        started = true;
        child.send('go');
      },
      stop: () =>
        new Promise((resolve) => {
          if (!started) {
            child.kill();
            resolve({ scrapes: 0, meanMs: 0 });
            return;
          }
          child.once('message', (m) => resolve(m as { scrapes: number; meanMs: number }));
          child.send('stop');
        }),
    },
  };
}

/** What one request costs the measured path: two clock reads, the histogram and the error count of a one-partition Produce answer. */
function requestCostNs(): number {
  const stats = new RequestStats();
  const res = { throttleTimeMs: 0, responses: [{ name: 't', partitionResponses: [{ index: 0, errorCode: 0 }] }] } as unknown as ProduceResponse;
  const run = (n: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      stats.countErrors(0, res);
      stats.api(0).observe(9, performance.now() - started);
    }
    return performance.now() - t0;
  };
  run(200_000);
  return (run(2_000_000) / 2_000_000) * 1e6;
}

let rounds = 0;
// --shm: data dirs on tmpfs, so the previous round's gigabyte of dirty pages being written back to
// disk does not fall inside the next round.
const SHM = process.argv.includes('--shm');
if (SHM && !fs.existsSync('/dev/shm')) throw new Error('--shm: no /dev/shm here');
const dir = fs.mkdtempSync(path.join(SHM ? '/dev/shm' : os.tmpdir(), 'tkafka-bench-metrics-'));

async function round(on: boolean, load: { size: number; value?: number; topic: string }, best: Best): Promise<void> {
  const dataDir = path.join(dir, `${on ? 'on' : 'off'}-${++rounds}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const metricsPort = on ? await freePort() : 0;
  const b = await spawnBroker({ dataDir, flavor: defaultFlavor(process.argv), config: on ? [`metrics.port=${metricsPort}`] : [] });
  if (PIN && !pin(b.pid, 1)) throw new Error('--pin: taskset could not pin the broker to CPU 1');
  const client = await WireClient.connect(b.port);
  try {
    const { batch, records } = batchOfSize(load.size, load.value ?? 1024);
    const target = [{ topic: load.topic, partition: 0 }];
    await ensureTopic(client, load.topic);
    await produceLoad(client, target, batch, records, IN_FLIGHT, { ms: WARMUP_MS });
    // A committed offset behind the log end: the lag families read its record's timestamp.
    await promisify(execFile)(process.execPath, [TKAFKA, 'consumer-groups', '--bootstrap-server', `127.0.0.1:${b.port}`, '--group', 'bench', '--topic', load.topic, '--reset-offsets', '--to-earliest', '--execute']);
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    let scrape: Scraper | undefined;
    if (on) {
      const started = await scraper(url);
      best.coldMs.push(started.coldMs);
      scrape = started.scraper;
      scrape.go();
    }
    const cpu0 = b.cpuMs();
    const f = await produceLoad(client, target, batch, records, IN_FLIGHT, { ms: PRODUCE_MS });
    const cpu = b.cpuMs() - cpu0;
    const s = await scrape?.stop();
    const rate = mbps(f.bytes, f.ms);
    best.rates.push(rate);
    best.cpuPerMs.push(cpu / f.ms);
    best.reqPerSecs.push((f.requests / f.ms) * 1000);
    if (on) {
      const c0 = b.cpuMs();
      for (let i = 0; i < SCRAPE_SAMPLES; i++) await (await fetch(url)).text();
      best.scrapeCpuMs.push((b.cpuMs() - c0) / SCRAPE_SAMPLES);
    }
    if (rate > best.mbps) {
      best.mbps = rate;
      best.reqPerSec = (f.requests / f.ms) * 1000;
      if (s !== undefined) {
        best.scrapes = s.scrapes;
        best.scrapeMs = s.meanMs;
      }
    }
    if (cpu > 0) best.mbPerCpuSecond = Math.max(best.mbPerCpuSecond, f.bytes / MB / (cpu / 1000));
  } finally {
    client.close();
    await b.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  const loads = [
    { label: '1 MiB batches of 1 KiB records', size: MiB, topic: 'metrics-bench-1m' },
    { label: '16 KiB batches of 1 KiB records', size: 16 * 1024, topic: 'metrics-bench-16k' },
    { label: 'one 100-byte record per request', size: 200, value: 100, topic: 'metrics-bench-1r' },
  ];
  const only = process.argv[process.argv.indexOf('--load') + 1];
  const chosen = process.argv.includes('--load') ? loads.filter((l) => l.topic.endsWith(`-${only}`)) : loads;
  if (PIN && !pin(process.pid, 0)) throw new Error('--pin: taskset could not pin this process to CPU 0');
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds wants a positive integer');
  const ns = requestCostNs();
  heading(`Produce v9, acks=1, one partition, ${IN_FLIGHT} in flight: metrics off vs metrics.port with /metrics scraped every second by another process (best and median of ${ROUNDS} ${PRODUCE_MS / 1000} s rounds each, a fresh broker per round, order alternating${PIN ? '; load and scraper on CPU 0, broker on CPU 1' : ''}${SHM ? '; data on tmpfs' : ''})`);
  note(`the measured path per request (two clock reads, the histogram, the error count), timed in a loop: ${fixed(ns, 0)} ns`);
  for (const load of chosen) {
    const off = fresh();
    const on = fresh();
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of r % 2 === 0 ? [false, true] : [true, false]) await round(side, load, side ? on : off);
    }
    const share = (on.mbps / off.mbps) * 100;
    const medianShare = (median(on.rates) / median(off.rates)) * 100;
    const m = meanRatio(on.rates, off.rates);
    // The metrics' own work over the broker's CPU, from the median "on" round.
    const own = ((median(on.reqPerSecs) * ns) / 1e6 + median(on.scrapeCpuMs)) / (median(on.cpuPerMs) * 1000);
    const cpuShare = off.mbPerCpuSecond > 0 ? (on.mbPerCpuSecond / off.mbPerCpuSecond) * 100 : NaN;
    figure(`${load.label}, off`, `${fixed(off.mbps)} MB/s (${int(off.reqPerSec)} req/s), ${fixed(off.mbPerCpuSecond, 0)} MB per broker CPU-second`);
    figure(`${load.label}, on`, `${fixed(on.mbps)} MB/s (${int(on.reqPerSec)} req/s), ${fixed(on.mbPerCpuSecond, 0)} MB per broker CPU-second; ${on.scrapes} scrapes, ${fixed(on.scrapeMs, 1)} ms each (a fresh broker's first: median ${fixed(median(on.coldMs), 1)} ms)`);
    figure(`${load.label}, on / off`, `${fixed(share, 1)}% of the best rate, ${fixed(medianShare, 1)}% of the median, ${fixed(m.ratio, 1)}% ± ${fixed(m.half, 1)} of the mean (95% interval), ${fixed(cpuShare, 1)}% of the MB per CPU-second (goal: ≥ 97%)`);
    figure(
      `${load.label}, metrics' own work`,
      `${fixed(own * 100, 2)}% of the broker's CPU (${int(median(on.reqPerSecs))} req/s × ${fixed(ns, 0)} ns + 1 scrape/s × ${fixed(median(on.scrapeCpuMs), 1)} ms), so ${fixed(100 - own * 100, 1)}% of the rate where the broker is the bottleneck`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
