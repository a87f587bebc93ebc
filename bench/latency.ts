// End-to-end latency with producer and consumer in separate processes (bench/lib/latency-worker.ts),
// on tkafka and on Apache Kafka 4.4 (one KRaft node) in the same run: a producer sends one-record
// Produce requests (linger 0, acks=-1) at a fixed rate, a consumer long-polls the partition (Fetch
// maxWaitMs 500, minBytes 1, as librdkafka's defaults), and each record's latency is the consumer's
// receipt time minus the producer's send time on the shared monotonic clock. Figures only.
// With --pin the bench, the producer and the consumer run on CPU 0 and each broker on CPU 1
// (bench/lib/pin.ts), so a broker is never waiting for the CPU its clients hold.
// Usage: npm run bench -- latency   or   npx tsx bench/latency.ts [--rate N] [--seconds N] [--runs N] [--no-kafka] [--node-defaults] [--pin] [--rt] [--src]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defaultFlavor, readCpuMs, spawnBroker } from './lib/broker-process.js';
import type { ConsumerFigures, ProducerFigures } from './lib/latency-worker.js';
import { ensureTopicAt } from './lib/ops.js';
import { printProfile, summariseProfile } from './lib/profile.js';
import { pin, realtime } from './lib/pin.js';
import { fixed, heading, int, note } from './lib/report.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORKER = path.join(ROOT, 'bench/lib/latency-worker.ts');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} wants a positive number, not '${process.argv[i + 1] ?? ''}'`);
  return v;
}

const RATE = flag('--rate', 10_000);
const SECONDS = flag('--seconds', 5);
const WARMUP_MS = 1000;
const RUNS = flag('--runs', 2);
const PIN = process.argv.includes('--pin');
// --rt: the broker and both workers get real-time round-robin scheduling (bench/lib/pin.ts), so what
// is left is the processes' own time, not the wait for a CPU another process holds.
const RT = process.argv.includes('--rt');
// Round-robin real-time processes sharing one CPU take 100 ms turns: pinned, the two workers would
// wait for each other (measured: p99 60-83 ms).
if (PIN && RT) {
  console.error('latency: --pin and --rt do not go together (real-time workers on one CPU take 100 ms turns)');
  process.exit(2);
}
const rt = (pid: number | undefined, what: string): void => {
  if (RT && (pid === undefined || !realtime(pid))) throw new Error(`--rt: chrt could not make ${what} real-time`);
};

interface Target {
  name: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

interface RunFigures {
  consumer: ConsumerFigures;
  producer: ProducerFigures;
  brokerCpuMs: number;
}

function worker(args: string[]): { child: ChildProcess; lines: AsyncIterator<string>; done: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`latency worker ${args[0] ?? ''} exited with ${code}: ${stderr.trim()}`))));
  });
  if (child.stdout === null) throw new Error('no stdout from the latency worker');
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator](), done };
}

async function nextLine(w: ReturnType<typeof worker>, what: string): Promise<string> {
  const r = await Promise.race([w.lines.next(), w.done.then(() => ({ done: true, value: '' }))]);
  if (r.done === true) throw new Error(`latency worker ended before ${what}`);
  return r.value;
}

async function runOnce(t: Target, topic: string): Promise<RunFigures> {
  const c = worker(['consumer', String(t.port), topic]);
  rt(c.child.pid, 'the consumer');
  if ((await nextLine(c, 'READY')) !== 'READY') throw new Error('consumer did not say READY');
  const cpu0 = readCpuMs(t.pid);
  const p = worker(['producer', String(t.port), topic, String(RATE), String(WARMUP_MS), String(SECONDS * 1000)]);
  rt(p.child.pid, 'the producer');
  const producer = JSON.parse(await nextLine(p, 'its figures')) as ProducerFigures;
  const consumer = JSON.parse(await nextLine(c, 'its figures')) as ConsumerFigures;
  const brokerCpuMs = readCpuMs(t.pid) - cpu0;
  await Promise.all([p.done, c.done]);
  return { consumer, producer, brokerCpuMs };
}

function row(label: string, f: RunFigures): string {
  const c = f.consumer;
  const seconds = (SECONDS * 1000 + WARMUP_MS) / 1000;
  return (
    `  ${label.padEnd(34)} p50 ${fixed(c.p50, 2).padStart(6)}  p99 ${fixed(c.p99, 2).padStart(6)}  p99.9 ${fixed(c.p999, 2).padStart(6)}  max ${fixed(c.max, 1).padStart(6)} ms` +
    `   ${int(c.received)} of ${int(f.producer.sent)} received; broker CPU ${fixed((f.brokerCpuMs / 1000 / seconds) * 100, 0)}% of a core;` +
    ` produce ack p50 ${fixed(f.producer.ackP50, 2)} / p99 ${fixed(f.producer.ackP99, 2)} ms; producer send lag p99 ${fixed(f.producer.sendLagP99, 2)} ms, loop delay p99 producer ${fixed(f.producer.loopDelayP99, 1)} / consumer ${fixed(c.loopDelayP99, 1)} ms`
  );
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-latency-'));
process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
const load = (): string => os.loadavg().map((l) => fixed(l, 1)).join(' ');
console.log(`end-to-end latency: ${int(RATE)} msgs/s of 100 B for ${SECONDS} s after ${WARMUP_MS / 1000} s of warm-up, producer and consumer in their own processes${PIN ? ' (pinned to CPU 0, brokers to CPU 1)' : ''}${RT ? ' (brokers and workers real-time, chrt -r)' : ''}, ${RUNS} run(s) each, alternating; ${os.cpus().length} CPUs, load average ${load()}`);

// Before any spawn: the workers inherit CPU 0.
if (PIN && !pin(process.pid, 0)) throw new Error('--pin: taskset could not pin this process to CPU 0');
const pinBroker = (pid: number): void => {
  if (PIN && !pin(pid, 1)) throw new Error(`--pin: taskset could not pin broker ${pid} to CPU 1`);
  rt(pid, `broker ${pid}`);
};

const targets: Target[] = [];
// --profile: the broker runs under --cpu-prof and its busy time during the measured runs is printed.
const PROFILE = process.argv.includes('--profile');
const profDir = path.join(root, 'profile');
const b = await spawnBroker({ dataDir: path.join(root, 'tkafka'), flavor: defaultFlavor(process.argv), nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
pinBroker(b.pid);
targets.push({ name: 'tkafka', port: b.port, pid: b.pid, stop: async () => void (await b.stop()) });
// --node-defaults: a second tkafka without the node flags `tkafka broker start` gives its broker, so
// the run shows what they change.
if (process.argv.includes('--node-defaults')) {
  const d = await spawnBroker({ dataDir: path.join(root, 'tkafka-node-defaults'), flavor: defaultFlavor(process.argv), nodeDefaults: true });
  pinBroker(d.pid);
  targets.push({ name: "tkafka, node's heap defaults", port: d.port, pid: d.pid, stop: async () => void (await d.stop()) });
}
const skipped: string[] = [];
if (process.argv.includes('--no-kafka') || PROFILE) skipped.push('Apache Kafka: skipped (--no-kafka)');
else {
  try {
    const { startKafka, stopKafka, KAFKA_4 } = await import('../test/reference/kafka-ref.js');
    const info = await startKafka({ version: KAFKA_4, nodes: 1, dir: path.join(root, 'kafka'), heapMb: 1024 });
    const node = info.nodes[0];
    if (node === undefined) throw new Error('no node');
    pinBroker(node.pid);
    targets.push({ name: `Apache Kafka ${info.version}`, port: node.port, pid: node.pid, stop: () => Promise.resolve(stopKafka(info)) });
  } catch (err) {
    skipped.push(`Apache Kafka: skipped (cannot start: ${(err as Error).message.split('\n')[0] ?? ''})`);
  }
}

const results = new Map<string, RunFigures[]>();
let window: { fromUs: number; toUs: number } | undefined;
try {
  for (const t of targets) {
    await ensureTopicAt(t.port, 'bench-latency-warm');
    // A first short run warms the broker (and Kafka's JIT) and the workers' code paths.
    for (let r = 0; r < RUNS; r++) await ensureTopicAt(t.port, `bench-latency-${r}`);
  }
  for (let r = 0; r < RUNS; r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      if (r === 0) await runOnce(t, 'bench-latency-warm');
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const f = await runOnce(t, `bench-latency-${r}`);
      if (t.pid === b.pid) window = { fromUs: window?.fromUs ?? fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
      results.set(t.name, [...(results.get(t.name) ?? []), f]);
    }
  }
} finally {
  for (const t of targets) await t.stop();
}

heading('End-to-end latency (ms; each run separately)');
for (const t of targets) for (const [i, f] of (results.get(t.name) ?? []).entries()) console.log(row(`${t.name} #${i + 1}`, f));
for (const s of skipped) note(s);
if (PROFILE) {
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no profile written in ${profDir}`);
  printProfile('tkafka broker during the measured runs', summariseProfile(path.join(profDir, file), 30, window));
}
note(`load average at the end: ${load()} (other processes on these CPUs delay all three processes alike)`);
