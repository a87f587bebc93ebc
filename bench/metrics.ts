// Produce throughput with metrics off and on (issue #17's goal: on ≥ 97% of off): `npm run bench --
// metrics`. As bench/acl-produce.ts: brokers run one at a time, a fresh one (empty data dir) per
// round, rounds alternate their order and the best of each side is kept (a shared machine's noise is
// larger than the effect). "On" is `metrics.port` set and a scraper reading /metrics every second
// meanwhile, as Prometheus would (its collection time counts), after a consumer group has committed
// so the lag families have work to do. Figures only, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';
import { batchOfSize, produceLoad } from './lib/load.js';
import { ensureTopic } from './lib/ops.js';
import { figure, fixed, heading, int, MB, mbps, MiB } from './lib/report.js';
import { WireClient } from './lib/wire.js';
import { freePort } from '../test/helpers/ports.js';

const ROUNDS = 6;
const PRODUCE_MS = 2000;
const WARMUP_MS = 500;
const IN_FLIGHT = 8;

interface Best {
  mbps: number;
  mbPerCpuSecond: number;
  reqPerSec: number;
  scrapes: number;
  scrapeMs: number;
}

const fresh = (): Best => ({ mbps: 0, mbPerCpuSecond: 0, reqPerSec: 0, scrapes: 0, scrapeMs: 0 });

/** Reads /metrics every second until stopped; returns how many scrapes and their mean time. */
function scraper(url: string): { stop(): Promise<{ scrapes: number; meanMs: number }> } {
  let stopped = false;
  let scrapes = 0;
  let totalMs = 0;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      const res = await fetch(url);
      await res.text();
      totalMs += performance.now() - t0;
      scrapes++;
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { scrapes, meanMs: scrapes === 0 ? 0 : totalMs / scrapes };
    },
  };
}

let rounds = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-metrics-'));

async function round(on: boolean, load: { size: number; value?: number; topic: string }, best: Best): Promise<void> {
  const dataDir = path.join(dir, `${on ? 'on' : 'off'}-${++rounds}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const metricsPort = on ? await freePort() : 0;
  const b = await spawnBroker({ dataDir, flavor: defaultFlavor(process.argv), config: on ? [`metrics.port=${metricsPort}`] : [] });
  const client = await WireClient.connect(b.port);
  try {
    const { batch, records } = batchOfSize(load.size, load.value ?? 1024);
    const target = [{ topic: load.topic, partition: 0 }];
    await ensureTopic(client, load.topic);
    await produceLoad(client, target, batch, records, IN_FLIGHT, { ms: WARMUP_MS });
    const scrape = on ? scraper(`http://127.0.0.1:${metricsPort}/metrics`) : undefined;
    const cpu0 = b.cpuMs();
    const f = await produceLoad(client, target, batch, records, IN_FLIGHT, { ms: PRODUCE_MS });
    const cpu = b.cpuMs() - cpu0;
    const s = await scrape?.stop();
    const rate = mbps(f.bytes, f.ms);
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
  heading(`Produce v9, acks=1, one partition, ${IN_FLIGHT} in flight: metrics off vs metrics.port with /metrics scraped every second (best of ${ROUNDS} ${PRODUCE_MS / 1000} s rounds each, a fresh broker per round, order alternating)`);
  for (const load of loads) {
    const off = fresh();
    const on = fresh();
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of r % 2 === 0 ? [false, true] : [true, false]) await round(side, load, side ? on : off);
    }
    const share = (on.mbps / off.mbps) * 100;
    const cpuShare = off.mbPerCpuSecond > 0 ? (on.mbPerCpuSecond / off.mbPerCpuSecond) * 100 : NaN;
    figure(`${load.label}, off`, `${fixed(off.mbps)} MB/s (${int(off.reqPerSec)} req/s), ${fixed(off.mbPerCpuSecond, 0)} MB per broker CPU-second`);
    figure(`${load.label}, on`, `${fixed(on.mbps)} MB/s (${int(on.reqPerSec)} req/s), ${fixed(on.mbPerCpuSecond, 0)} MB per broker CPU-second; ${on.scrapes} scrapes, ${fixed(on.scrapeMs, 1)} ms each`);
    figure(`${load.label}, on / off`, `${fixed(share, 1)}% of the rate, ${fixed(cpuShare, 1)}% of the MB per CPU-second (goal: ≥ 97%)`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
