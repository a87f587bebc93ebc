// Broker benchmarks: `node --import tsx bench/broker.ts [--src] [--profile] [--keep]`.
// The broker runs in its own process (the shipped CLI from dist/, or with --src the test fixture
// under tsx); the load generator runs here over our own codec, so the two never share an event
// loop. Figures only, never asserted. --profile instead runs the produce and fetch loads against
// a broker under --cpu-prof and prints where its time goes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultFlavor, nodeStartup, spawnBroker, type BrokerFlavor, type BrokerProcess } from './lib/broker-process.js';
import { batchOfSize, e2eLatency, fetchLoad, produceLoad, runTimed, writeLinesFile, type FetchFigures, type ProduceFigures } from './lib/load.js';
import { ensureTopic, latestOffset } from './lib/ops.js';
import { printProfile, summariseProfile } from './lib/profile.js';
import { atLeast, atMost, figure, fixed, heading, int, MB, mbps, MiB, note, perSec } from './lib/report.js';
import { WireClient } from './lib/wire.js';

const argv = process.argv.slice(2);
const flavor: BrokerFlavor = defaultFlavor(argv);
const PRODUCE_MS = 3000;
const WARMUP_MS = 500;
const FETCH_CAP_MS = 3000;
const IN_FLIGHT = 8;
const FETCH_IN_FLIGHT = 4;
const FILL_BYTES = 1024 * MiB;
const FILL_PARTITIONS = 4;
const KCAT_LINES = 1_000_000;
const KCAT_LINE_BYTES = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Cpu {
  brokerMs: number;
  generatorMs: number;
}

/**
 * CPU time the broker and this process spent on `fn`. On a shared 2-core machine wall-clock rates
 * move with whatever else runs; CPU per byte does not, so each rate is followed by it.
 */
async function withCpu<T>(b: BrokerProcess, fn: () => Promise<T>): Promise<[T, Cpu]> {
  const broker0 = b.cpuMs();
  const self0 = process.cpuUsage();
  const value = await fn();
  const self = process.cpuUsage(self0);
  return [value, { brokerMs: b.cpuMs() - broker0, generatorMs: (self.user + self.system) / 1000 }];
}

function cpuNote(bytes: number, ms: number, cpu: Cpu): void {
  const perCpuSecond = cpu.brokerMs > 0 ? `${fixed(bytes / MB / (cpu.brokerMs / 1000), 0)} MB per broker CPU-second` : 'broker CPU below 10 ms';
  note(`${''.padEnd(46)}   broker CPU ${int(cpu.brokerMs)} ms (${fixed((cpu.brokerMs / ms) * 100, 0)}% of a core) = ${perCpuSecond}; generator CPU ${int(cpu.generatorMs)} ms`);
}

function describeProduce(label: string, [f, cpu]: [ProduceFigures, Cpu], batchBytes: number, target?: number): void {
  const rate = mbps(f.bytes, f.ms);
  figure(label, `${fixed(rate)} MB/s, ${int(perSec(f.records, f.ms))} records/s (${int(perSec(f.requests, f.ms))} req/s of ${int(batchBytes)} B)`, target === undefined ? undefined : atLeast(rate, target, 'MB/s'));
  cpuNote(f.bytes, f.ms, cpu);
}

function describeFetch(label: string, [f, cpu]: [FetchFigures, Cpu], target?: number): void {
  const rate = mbps(f.bytes, f.ms);
  const reach = f.records >= f.end ? 'to the end' : `stopped at ${fixed((Number(f.records) / Number(f.end)) * 100, 0)}% of the log`;
  const extra = `, ${reach}${f.misaligned > 0 ? `, ${f.misaligned} short responses (a read stops at a segment end)` : ''}`;
  figure(label, `${fixed(rate)} MB/s, ${int(perSec(Number(f.records), f.ms))} records/s (${f.requests} responses, ${fixed(f.bytes / MB, 0)} MB${extra})`, target === undefined ? undefined : atLeast(rate, target, 'MB/s'));
  cpuNote(f.bytes, f.ms, cpu);
}

function rssLine(label: string, b: BrokerProcess): void {
  const rss = b.rss();
  figure(label, `${fixed(rss / MB)} MB`, atMost(rss / MB, 80, 'MB'));
}

async function timedStop(b: BrokerProcess): Promise<number> {
  const t0 = performance.now();
  const code = await b.stop();
  if (code !== 0) throw new Error(`broker exited with ${code} on SIGTERM`);
  return performance.now() - t0;
}

function kcatAvailable(): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((d) => d !== '' && fs.existsSync(path.join(d, 'kcat')));
}

async function throughput(b: BrokerProcess, client: WireClient): Promise<{ bigEnd: bigint }> {
  heading('Produce (acks=1, Produce v9, one partition, pre-encoded batches of 1 KiB records, 8 requests in flight)');
  const big = batchOfSize(MiB, 1024);
  const small = batchOfSize(16 * 1024, 1024);
  await ensureTopic(client, 'bench-1m');
  await ensureTopic(client, 'bench-16k');
  const bigTarget = [{ topic: 'bench-1m', partition: 0 }];
  const smallTarget = [{ topic: 'bench-16k', partition: 0 }];
  await produceLoad(client, bigTarget, big.batch, big.records, IN_FLIGHT, { ms: WARMUP_MS });
  describeProduce('produce, 1 MiB batches', await withCpu(b, () => produceLoad(client, bigTarget, big.batch, big.records, IN_FLIGHT, { ms: PRODUCE_MS })), big.batch.length, 500);
  await produceLoad(client, smallTarget, small.batch, small.records, IN_FLIGHT, { ms: WARMUP_MS });
  describeProduce('produce, 16 KiB batches', await withCpu(b, () => produceLoad(client, smallTarget, small.batch, small.records, IN_FLIGHT, { ms: PRODUCE_MS })), small.batch.length);

  const bigEnd = await latestOffset(client, 'bench-1m', 0);
  const smallEnd = await latestOffset(client, 'bench-16k', 0);
  heading(`Fetch (Fetch v12, from offset 0 towards the end, ${FETCH_IN_FLIGHT} requests in flight, at most ${FETCH_CAP_MS / 1000} s each)`);
  describeFetch('fetch 1 MiB batches, maxBytes 1 MiB', await withCpu(b, () => fetchLoad(client, 'bench-1m', bigEnd, MiB, MiB, FETCH_IN_FLIGHT, FETCH_CAP_MS)), 1000);
  describeFetch('fetch 1 MiB batches, maxBytes 8 MiB', await withCpu(b, () => fetchLoad(client, 'bench-1m', bigEnd, 8 * MiB, 8 * MiB, FETCH_IN_FLIGHT, FETCH_CAP_MS)), 1000);
  describeFetch('fetch 1 MiB batches, maxBytes 50 MiB', await withCpu(b, () => fetchLoad(client, 'bench-1m', bigEnd, 50 * MiB, 50 * MiB, FETCH_IN_FLIGHT, FETCH_CAP_MS)), 1000);
  describeFetch('fetch 16 KiB batches, maxBytes 1 MiB', await withCpu(b, () => fetchLoad(client, 'bench-16k', smallEnd, MiB, MiB, FETCH_IN_FLIGHT, FETCH_CAP_MS)));
  return { bigEnd };
}

async function kcat(root: string, client: WireClient, b: BrokerProcess): Promise<void> {
  heading(`kcat as producer (${int(KCAT_LINES)} lines of ${KCAT_LINE_BYTES} bytes, librdkafka default batching)`);
  if (!kcatAvailable()) {
    note('kcat not found on PATH: skipped');
    return;
  }
  const file = path.join(root, 'kcat-lines.txt');
  writeLinesFile(file, KCAT_LINES, KCAT_LINE_BYTES);
  await ensureTopic(client, 'bench-kcat');
  const [{ ms, cpuMs: kcatCpuMs }, cpu] = await withCpu(b, () => runTimed('kcat', ['-P', '-b', `127.0.0.1:${b.port}`, '-t', 'bench-kcat', '-p', '0', '-l', file]));
  fs.rmSync(file);
  const hw = await latestOffset(client, 'bench-kcat', 0);
  const rate = perSec(KCAT_LINES, ms);
  figure('kcat -P -l, msgs/s (kcat wall time)', `${int(rate)} msgs/s (${int(ms)} ms, ${fixed(mbps(KCAT_LINES * KCAT_LINE_BYTES, ms))} MB/s of values)`, atLeast(rate, 800_000, 'msgs/s'));
  cpuNote(KCAT_LINES * KCAT_LINE_BYTES, ms, cpu);
  note(`${''.padEnd(46)}   kcat's own CPU ≈ ${int(kcatCpuMs)} ms`);
  figure('kcat high watermark', `${hw}${hw === BigInt(KCAT_LINES) ? ' (all delivered)' : ` (expected ${KCAT_LINES})`}`);
}

async function latency(b: BrokerProcess): Promise<void> {
  heading('End-to-end latency (one-record Produce requests at 10,000 msgs/s, long-polling Fetch maxWaitMs 500 minBytes 1)');
  const producer = await WireClient.connect(b.port, '127.0.0.1', 'bench-e2e-producer');
  const consumer = await WireClient.connect(b.port, '127.0.0.1', 'bench-e2e-consumer');
  try {
    await ensureTopic(producer, 'bench-e2e');
    const [f, cpu] = await withCpu(b, () => e2eLatency(producer, consumer, 'bench-e2e', 10_000, 3000, 500));
    figure('e2e latency p50 / p99 / max', `${fixed(f.p50, 2)} / ${fixed(f.p99, 2)} / ${fixed(f.max, 2)} ms`, atMost(f.p99, 3, 'ms p99'));
    figure('e2e records sent / received', `${int(f.sent)} / ${int(f.received)} (${int(perSec(f.sent, f.ms + 500))} msgs/s offered)`);
    note(`${''.padEnd(46)}   broker CPU ${int(cpu.brokerMs)} ms (${fixed((cpu.brokerMs / (f.ms + 500)) * 100, 0)}% of a core); generator CPU ${int(cpu.generatorMs)} ms, its event-loop delay p99 ${fixed(f.generatorLoopDelayP99, 1)} ms`);
  } finally {
    producer.close();
    consumer.close();
  }
}

async function restartWithData(root: string): Promise<void> {
  heading(`Ready time with data (${FILL_BYTES / MiB} MiB in 1 MiB batches over ${FILL_PARTITIONS} topic-partitions, graceful stop, restart)`);
  const dataDir = path.join(root, 'fill');
  const b = await spawnBroker({ dataDir, flavor });
  const client = await WireClient.connect(b.port);
  const big = batchOfSize(MiB, 1024);
  const targets = Array.from({ length: FILL_PARTITIONS }, (_, i) => ({ topic: `bench-fill-${i}`, partition: 0 }));
  for (const t of targets) await ensureTopic(client, t.topic);
  const fill = await produceLoad(client, targets, big.batch, big.records, IN_FLIGHT, { bytes: FILL_BYTES });
  client.close();
  note(`filled ${fixed(fill.bytes / MB, 0)} MB in ${int(fill.ms)} ms (${fixed(mbps(fill.bytes, fill.ms))} MB/s)`);
  const stopMs = await timedStop(b);
  figure('graceful stop (SIGTERM to exit)', `${int(stopMs)} ms`);
  const again = await spawnBroker({ dataDir, flavor });
  try {
    figure('ready with 1 GiB: ready line / TCP connect', `${int(again.readyMs)} / ${int(again.connectMs)} ms`, atMost(again.connectMs, 2000, 'ms'));
    note(`${''.padEnd(46)}   broker CPU by then ${int(again.cpuAtReadyMs)} ms`);
    await sleep(500);
    rssLine('idle RSS after restart with 1 GiB', again);
    const check = await WireClient.connect(again.port);
    let records = 0n;
    for (const t of targets) records += await latestOffset(check, t.topic, t.partition);
    check.close();
    figure('records after restart', `${int(Number(records))} (expected ${int(fill.records)})`);
  } finally {
    await again.stop();
  }
}

async function runAll(root: string): Promise<void> {
  const bare = await nodeStartup();
  const b = await spawnBroker({ dataDir: path.join(root, 'main'), flavor });
  heading('Start (empty data dir)');
  figure('ready, empty: ready line / TCP connect', `${int(b.readyMs)} / ${int(b.connectMs)} ms`, atMost(b.connectMs, 300, 'ms'));
  note(`${''.padEnd(46)}   broker CPU by then ${int(b.cpuAtReadyMs)} ms; bare \`node -e\`: ${int(bare.ms)} ms wall, ${int(bare.cpuMs)} ms CPU`);
  await sleep(500);
  rssLine('idle RSS after start (empty)', b);
  const client = await WireClient.connect(b.port);
  try {
    await throughput(b, client);
    await kcat(root, client, b);
    await latency(b);
  } finally {
    client.close();
    await b.stop();
  }
  fs.rmSync(path.join(root, 'main'), { recursive: true, force: true });
  await restartWithData(root);
}

/** Produce and fetch under --cpu-prof, one broker life each, so each profile holds one path. */
async function runProfile(root: string): Promise<void> {
  const profDir = path.join(root, 'profiles');
  const dataDir = path.join(root, 'main');
  const big = batchOfSize(MiB, 1024);
  const target = [{ topic: 'bench-1m', partition: 0 }];
  const life = async (name: string, work: (c: WireClient, b: BrokerProcess) => Promise<void>): Promise<void> => {
    const dir = path.join(profDir, name);
    const b = await spawnBroker({ dataDir, flavor, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const c = await WireClient.connect(b.port);
    try {
      await work(c, b);
    } finally {
      c.close();
      await b.stop();
    }
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no profile written in ${dir}`);
    printProfile(`broker profile: ${name}`, summariseProfile(path.join(dir, file)));
  };
  heading(`Profiles of the broker process (${flavor})`);
  await life('produce 1 MiB batches', async (c, b) => {
    await ensureTopic(c, 'bench-1m');
    describeProduce('produce, 1 MiB batches (profiled)', await withCpu(b, () => produceLoad(c, target, big.batch, big.records, IN_FLIGHT, { ms: PRODUCE_MS })), big.batch.length);
  });
  await life('fetch maxBytes 1 MiB', async (c, b) => {
    const end = await latestOffset(c, 'bench-1m', 0);
    describeFetch('fetch, maxBytes 1 MiB (profiled)', await withCpu(b, () => fetchLoad(c, 'bench-1m', end, MiB, MiB, FETCH_IN_FLIGHT, FETCH_CAP_MS)));
  });
  await life('produce 16 KiB batches', async (c, b) => {
    const small = batchOfSize(16 * 1024, 1024);
    await ensureTopic(c, 'bench-16k');
    describeProduce('produce, 16 KiB batches (profiled)', await withCpu(b, () => produceLoad(c, [{ topic: 'bench-16k', partition: 0 }], small.batch, small.records, IN_FLIGHT, { ms: PRODUCE_MS })), small.batch.length);
  });
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-broker-'));
const keep = argv.includes('--keep');
// Also on a crash: 'exit' runs after the brokers were killed (their handler was registered first).
process.on('exit', () => {
  if (!keep) fs.rmSync(root, { recursive: true, force: true });
});
const t0 = performance.now();
try {
  console.log(
    `broker benchmarks: broker = ${flavor === 'dist' ? 'bin/tkafka.js broker start --foreground (dist/)' : 'test/fixtures/run-broker.ts under tsx'}, ` +
      `load generator in this process, MB = 10^6 bytes, ${os.cpus().length} CPUs`,
  );
  if (argv.includes('--profile')) await runProfile(root);
  else await runAll(root);
  console.log(`\nbroker benchmarks done in ${fixed((performance.now() - t0) / 1000)} s`);
} finally {
  if (keep) console.log(`kept ${root}`);
}
