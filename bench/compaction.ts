// Compaction off the request path: `npm run bench -- compaction` (or `npx tsx bench/compaction.ts
// [--mib N] [--root <checkout>]`, COMPACTION_BENCH_MIB=N). Loads a compacted topic of N MiB (default
// 1024: rounds of 50,000 keys with 1 KiB values, segment.bytes 64 MiB) with cleaning off, restarts the
// broker with cleaning on and, while it cleans, runs a producer (one record per request, acks=1) and a
// consumer (fetch from its offset, maxWait 0) on another topic. Prints how long the clean took, the
// latency of those requests (p50/p99/max) and, from the cleaner's own log line, the broker's
// event-loop delay during the clean. `--root` runs another checkout's built broker (e.g. the commit
// before the cleaner moved off the event loop) for a before/after comparison.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { spawnBroker, type BrokerProcess } from './lib/broker-process.js';
import { ensureTopic, fetchOne, produceOne } from './lib/ops.js';
import { figure, fixed, heading, int, note, percentile } from './lib/report.js';
import { WireClient } from './lib/wire.js';
import { encodeRecordBatch } from '../src/protocol/records/batch.js';

const MiB = 1024 * 1024;
const KEYS = 50_000;
const PER_BATCH = 100;
const VALUE = Buffer.alloc(1000, 0x61);
const SEGMENT_BYTES = 64 * MiB;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const totalMiB = Number(arg('--mib') ?? process.env['COMPACTION_BENCH_MIB'] ?? 1024);
const root = path.resolve(arg('--root') ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..'));
if (!Number.isFinite(totalMiB) || totalMiB <= 0) {
  console.error(`--mib must be a positive number, got ${totalMiB}`);
  process.exit(2);
}
// A checkout from before log/cleaner.ts knows none of the cleaner's keys (and compacts on the maintenance timer).
const hasCleaner = fs.existsSync(path.join(root, 'src/broker/log/cleaner.ts'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-compaction-'));

function logBytes(dir: string): { total: number; last: number; cleaning: boolean } {
  const files = fs.readdirSync(dir).sort();
  let total = 0;
  let last = 0;
  for (const f of files) {
    if (!f.endsWith('.log')) continue;
    last = fs.statSync(path.join(dir, f)).size;
    total += last;
  }
  return { total, last, cleaning: files.some((f) => f.endsWith('.cleaned')) };
}

async function load(broker: BrokerProcess): Promise<{ rounds: number; bytes: number }> {
  execFileSync(process.execPath, [path.join(root, 'bin/tkafka.js'), 'topics', '--bootstrap-server', `127.0.0.1:${broker.port}`, '--create', '--topic', 'table', '--partitions', '1', '--config', 'cleanup.policy=compact', '--config', `segment.bytes=${SEGMENT_BYTES}`], { stdio: 'ignore' });
  const client = await WireClient.connect(broker.port);
  await ensureTopic(client, 'table');
  const batches = Array.from({ length: KEYS / PER_BATCH }, (_, b) =>
    encodeRecordBatch({ records: Array.from({ length: PER_BATCH }, (_, i) => ({ key: `key-${b * PER_BATCH + i}`, value: VALUE })), timestamp: Date.now() }),
  );
  const roundBytes = batches.reduce((n, b) => n + b.length, 0);
  const rounds = Math.max(2, Math.round((totalMiB * MiB) / roundBytes));
  const inFlight = new Set<Promise<void>>();
  for (let r = 0; r < rounds; r++) {
    for (const batch of batches) {
      const p: Promise<void> = produceOne(client, 'table', 0, Buffer.from(batch)).then((res) => {
        if (res.errorCode !== 0) throw new Error(`produce to table: error ${res.errorCode}`);
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= 16) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  client.close();
  return { rounds, bytes: rounds * roundBytes };
}

interface Latencies {
  produce: number[];
  fetch: number[];
  records: number;
}

/** Producer and consumer on 'events' until `stop()` says so; request latencies in ms. */
async function otherTopic(port: number, stop: () => boolean): Promise<Latencies> {
  const producer = await WireClient.connect(port, '127.0.0.1', 'events-producer');
  const consumer = await WireClient.connect(port, '127.0.0.1', 'events-consumer');
  await ensureTopic(producer, 'events');
  const out: Latencies = { produce: [], fetch: [], records: 0 };
  const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
  const produceLoop = async (): Promise<void> => {
    for (let i = 0; !stop(); i++) {
      const batch = encodeRecordBatch({ records: [{ key: `e${i % 10}`, value: `event-${i}` }], timestamp: Date.now() });
      const t0 = performance.now();
      const res = await produceOne(producer, 'events', 0, batch);
      out.produce.push(performance.now() - t0);
      if (res.errorCode !== 0) throw new Error(`produce to events: error ${res.errorCode}`);
      await pause();
    }
  };
  const fetchLoop = async (): Promise<void> => {
    let offset = 0n;
    while (!stop()) {
      const t0 = performance.now();
      const res = await fetchOne(consumer, { topic: 'events', partition: 0, offset, maxBytes: MiB, partitionMaxBytes: MiB, maxWaitMs: 0, minBytes: 1 });
      out.fetch.push(performance.now() - t0);
      const p = res.responses[0]?.partitions[0];
      if (p === undefined || p.errorCode !== 0) throw new Error(`fetch from events: error ${p?.errorCode}`);
      const records = p.records ?? Buffer.alloc(0);
      let pos = 0;
      while (records.length - pos >= 61) {
        const size = 12 + records.readInt32BE(pos + 8);
        if (records.length - pos < size) break;
        offset = records.readBigInt64BE(pos) + BigInt(records.readInt32BE(pos + 23)) + 1n;
        out.records += records.readInt32BE(pos + 57);
        pos += size;
      }
      await pause();
    }
  };
  await Promise.all([produceLoop(), fetchLoop()]);
  producer.close();
  consumer.close();
  return out;
}

function latencyLine(label: string, ms: number[]): void {
  const s = [...ms].sort((a, b) => a - b);
  figure(label, `${int(s.length)} requests: p50 ${fixed(percentile(s, 50), 2)} ms, p99 ${fixed(percentile(s, 99), 2)} ms, max ${fixed(s.at(-1) ?? Number.NaN, 1)} ms`);
}

try {
  heading(`Compaction of a ${totalMiB} MiB compacted topic while another topic is produced and consumed (${hasCleaner ? 'log cleaner off the event loop' : `${root}: compaction on the maintenance timer`})`);
  // Load with cleaning off: no cleaner, and (before the cleaner existed) no maintenance run.
  const quiet = ['log.retention.check.interval.ms=3600000', 'log.cleaner.enable=false'];
  const loader = await spawnBroker({ dataDir, flavor: 'dist', root, config: quiet });
  const t0 = performance.now();
  const { rounds, bytes } = await load(loader);
  const loadMs = performance.now() - t0;
  await loader.stop();
  const dir = path.join(dataDir, 'table-0');
  const loaded = logBytes(dir);
  figure('loaded', `${fixed(loaded.total / MiB, 0)} MiB in ${fixed(loadMs / 1000, 1)} s (${rounds} rounds of ${int(KEYS)} keys, ${fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length} segments)`);
  // Cleaned: one round in the closed segments, plus whatever the active segment holds.
  const target = (bytes / rounds) * 1.05 + loaded.last;

  const lines: string[] = [];
  const cleaning = hasCleaner ? ['log.retention.check.interval.ms=1000', 'log.cleaner.backoff.ms=1000'] : ['log.retention.check.interval.ms=1000'];
  const broker = await spawnBroker({ dataDir, flavor: 'dist', root, config: cleaning, onOutput: (t) => lines.push(...t.split('\n').filter((l) => l.includes('Log cleaner'))) });
  const started = performance.now();
  let done = false;
  let cleanedAt = 0;
  const clients = otherTopic(broker.port, () => done);
  const deadline = started + 30 * 60_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const now = logBytes(dir);
    if ((now.total <= target && !now.cleaning) || performance.now() > deadline) {
      cleanedAt = performance.now();
      break;
    }
  }
  // A little longer: requests queued behind a stall complete and count.
  await new Promise((r) => setTimeout(r, 1000));
  done = true;
  const lat = await clients;
  await broker.stop();
  const after = logBytes(dir);
  figure('cleaned', `${fixed(loaded.total / MiB, 0)} MiB -> ${fixed(after.total / MiB, 0)} MiB, ${fixed((cleanedAt - started) / 1000, 1)} s from broker start${cleanedAt - started > 30 * 60_000 ? ' (GAVE UP)' : ''}`);
  for (const l of lines) note(l.replace(/^.*?(Log cleaner)/, '$1'));
  latencyLine('produce on another topic during the clean', lat.produce);
  latencyLine('fetch on another topic during the clean', lat.fetch);
  figure('records consumed', int(lat.records));
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
