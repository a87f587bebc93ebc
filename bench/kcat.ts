// kcat (librdkafka) as the load generator, side by side in one run against three brokers:
// librdkafka's in-memory mock cluster (the generator's own ceiling on this machine: the mock does
// next to no work per record), tkafka, and Apache Kafka 4.4 (one KRaft node, the reference bench).
// For each: `kcat -P` of N 100-byte lines into one partition, then `kcat -C` of them back to the
// end; msgs/s and MB/s by kcat's wall time, and the broker process's CPU seconds per million
// records (utime + stime from /proc/<pid>/stat before and after; the mock's is its own process).
// All three run at once and the rounds alternate between them, so a busy spell on this shared
// machine hits each alike; each prints its best round's rate and its median CPU per record (CPU per
// record moves far less with other load than wall-clock rates). Figures only, never asserted.
// Usage: npm run bench -- kcat   or   npx tsx bench/kcat.ts [--messages N] [--warmup N] [--rounds N] [--no-kafka] [--no-node-defaults] [--profile] [--src]
//   --warmup N: records produced and consumed once before the rounds (default N/10), so Kafka's
//   JIT and our broker's are warm; --no-kafka skips Apache Kafka (it takes ~20 s to start);
//   --profile: tkafka alone under --cpu-prof, with where its time goes during kcat -P and kcat -C.
//   A second tkafka runs without the node flags `tkafka broker start` gives its broker (node's own
//   heap defaults), so the run shows what they save; --no-node-defaults leaves it out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { mockClusterUnavailable, startMockCluster, type MockCluster } from '../test/reference/mock-cluster.js';
import { defaultFlavor, readCpuMs, spawnBroker, type BrokerProcess } from './lib/broker-process.js';
import { writeLinesFile } from './lib/load.js';
import { ensureTopicAt } from './lib/ops.js';
import { printProfile, summariseProfile } from './lib/profile.js';
import { fixed, heading, int, note } from './lib/report.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function count(name: string, fallback: number): number {
  const v = flag(name);
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} wants a positive whole number, not '${v}'`);
  return n;
}

const MESSAGES = count('--messages', 2_000_000);
const WARMUP = count('--warmup', Math.max(1, Math.floor(MESSAGES / 10)));
const VALUE_BYTES = 100;
const ROUNDS = count('--rounds', 3);
const TOPIC = 'bench-kcat';

interface Target {
  name: string;
  bootstrap: string;
  pid: number;
  /** Makes a topic of one partition (the mock's are made at its start). */
  topic(name: string): Promise<void>;
  stop(): Promise<void>;
}

interface Run {
  ms: number;
  brokerCpuMs: number;
  kcatCpuMs: number;
  /** Messages kcat -C printed, or the produced count for -P. */
  messages: number;
  /** kcat -C's first offset (the log start offset). */
  first?: number;
}

/**
 * Runs kcat to completion with stdout to `out` (or nowhere); rejects on a non-zero exit. A shell
 * runs it and then prints its own /proc/<pid>/stat, whose cutime + cstime (fields 16, 17) are
 * kcat's exact CPU time once waited for: sampling kcat's own stat would miss its last moments.
 */
function kcat(args: readonly string[], out: string | null): Promise<{ ms: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const fd = out === null ? 'ignore' : fs.openSync(out, 'w');
    const t0 = performance.now();
    const script = 'kcat "$@"; s=$?; echo "STAT $(cat /proc/$$/stat)" >&2; exit $s';
    const child = spawn('sh', ['-c', script, 'sh', ...args], { stdio: ['ignore', fd, 'pipe'] });
    if (typeof fd === 'number') fs.closeSync(fd);
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      const stat = /^STAT .*\) (.*)$/m.exec(stderr);
      const fields = stat?.[1]?.split(' ') ?? [];
      const cpuMs = (Number(fields[13]) + Number(fields[14])) * 10;
      if (code === 0) resolve({ ms, cpuMs });
      else reject(new Error(`kcat ${args.join(' ')} exited with ${code}: ${stderr.replace(/^STAT .*$/m, '').trim().split('\n').slice(-3).join(' / ')}`));
    });
  });
}

/** Lines of a file of `%o\n` lines, and the last offset in it (-1 when none). */
function consumed(file: string): { lines: number; last: number } {
  const text = fs.readFileSync(file, 'utf8').trimEnd();
  if (text === '') return { lines: 0, last: -1 };
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return { lines, last: Number(text.slice(text.lastIndexOf('\n') + 1)) };
}

async function produce(t: Target, topic: string, lines: string, messages: number): Promise<Run> {
  const cpu0 = readCpuMs(t.pid);
  const r = await kcat(['-P', '-b', t.bootstrap, '-t', topic, '-p', '0', '-l', lines], null);
  return { ms: r.ms, brokerCpuMs: readCpuMs(t.pid) - cpu0, kcatCpuMs: r.cpuMs, messages };
}

async function consume(t: Target, topic: string, root: string): Promise<Run> {
  const out = path.join(root, `consumed-${t.pid}.txt`);
  const cpu0 = readCpuMs(t.pid);
  // -e: exit at the partition's end; '%o\n' prints offsets only, so the check costs kcat little.
  const r = await kcat(['-C', '-b', t.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '%o\n'], out);
  const brokerCpuMs = readCpuMs(t.pid) - cpu0;
  const { lines, last } = consumed(out);
  fs.rmSync(out);
  return { ms: r.ms, brokerCpuMs, kcatCpuMs: r.cpuMs, messages: lines, first: last + 1 - lines };
}

interface Result {
  name: string;
  produce: Run[];
  fetch: Run[];
  /** Why a round's fetch gave no figure (the mock drops old data), when one did not. */
  fetchNote?: string;
}

async function warm(t: Target, root: string, warmLines: string): Promise<void> {
  await t.topic(`${TOPIC}-warm`);
  await produce(t, `${TOPIC}-warm`, warmLines, WARMUP);
  await consume(t, `${TOPIC}-warm`, root);
}

async function round(t: Target, r: number, root: string, lines: string, into: Result): Promise<void> {
  const topic = `${TOPIC}-${r}`;
  await t.topic(topic);
  into.produce.push(await produce(t, topic, lines, MESSAGES));
  const f = await consume(t, topic, root);
  if (f.messages === MESSAGES) {
    into.fetch.push(f);
    return;
  }
  // librdkafka's mock keeps only the last few MB of a partition (older message sets are dropped).
  const why = f.first !== 0 ? `: its log starts at ${int(f.first ?? 0)}, so no fetch figure (the mock keeps only a partition's last few MB)` : '';
  into.fetchNote = `read ${int(f.messages)} of ${int(MESSAGES)} messages back${why}`;
}

/** The best round's rate (the least disturbed one) with the median broker CPU per record over all rounds. */
function summary(runs: readonly Run[]): Run | undefined {
  if (runs.length === 0) return undefined;
  const best = runs.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  const cpu = runs.map((r) => r.brokerCpuMs).sort((a, b) => a - b);
  return { ...best, brokerCpuMs: cpu[Math.floor((cpu.length - 1) / 2)] as number };
}

function rate(r: Run): number {
  return r.messages / (r.ms / 1000);
}

function row(label: string, r: Run | string | undefined): string {
  if (r === undefined) return `  ${label.padEnd(32)} no figure`;
  if (typeof r === 'string') return `  ${label.padEnd(32)} ${r}`;
  const cpuPerM = r.brokerCpuMs / 1000 / (r.messages / 1e6);
  return (
    `  ${label.padEnd(32)} ${int(rate(r)).padStart(10)} msgs/s ${fixed((r.messages * VALUE_BYTES) / 1e6 / (r.ms / 1000)).padStart(7)} MB/s` +
    `   broker CPU ${fixed(cpuPerM, 2).padStart(5)} s per M records (${int(r.brokerCpuMs)} ms, median)   best round: kcat CPU ${int(r.kcatCpuMs)} ms, wall ${int(r.ms)} ms`
  );
}

function ratio(a: Run | undefined, b: Run | undefined): string {
  if (a === undefined || b === undefined) return 'n/a';
  return `${fixed(rate(a) / rate(b), 2)}x`;
}

function cpuRatio(a: Run | undefined, b: Run | undefined): string {
  if (a === undefined || b === undefined || b.brokerCpuMs === 0) return 'n/a';
  return `${fixed(a.brokerCpuMs / a.messages / (b.brokerCpuMs / b.messages), 2)}x`;
}

async function mockTarget(): Promise<Target> {
  const topics: Record<string, { partitions: number }> = { [`${TOPIC}-warm`]: { partitions: 1 } };
  for (let r = 0; r < ROUNDS; r++) topics[`${TOPIC}-${r}`] = { partitions: 1 };
  const mock: MockCluster = await startMockCluster({ brokers: 1, topics });
  return { name: 'librdkafka mock cluster', bootstrap: mock.bootstrap, pid: mock.pid, topic: () => Promise.resolve(), stop: () => mock.stop() };
}

/** tkafka as `tkafka broker start` runs it, or (nodeDefaults) without its node flags, to show what they save. */
async function tkafkaTarget(root: string, nodeDefaults = false): Promise<Target> {
  const b: BrokerProcess = await spawnBroker({ dataDir: path.join(root, nodeDefaults ? 'tkafka-node-defaults' : 'tkafka'), flavor: defaultFlavor(process.argv), nodeDefaults });
  return {
    name: nodeDefaults ? "tkafka, node's heap defaults" : 'tkafka',
    bootstrap: `127.0.0.1:${b.port}`,
    pid: b.pid,
    topic: async (name) => void (await ensureTopicAt(b.port, name)),
    stop: async () => {
      await b.stop();
    },
  };
}

async function kafkaTarget(root: string): Promise<Target> {
  const { startKafka, stopKafka, KAFKA_4 } = await import('../test/reference/kafka-ref.js');
  const info = await startKafka({ version: KAFKA_4, nodes: 1, dir: path.join(root, 'kafka'), heapMb: 1024 });
  const node = info.nodes[0];
  if (node === undefined) throw new Error('Kafka started without a node');
  return {
    name: `Apache Kafka ${info.version}`,
    bootstrap: info.bootstrap,
    pid: node.pid,
    topic: async (name) => {
      await ensureTopicAt(node.port, name);
    },
    stop: () => {
      stopKafka(info);
      return Promise.resolve();
    },
  };
}

/**
 * The machine's price for growing the page cache: CPU ms to write `bytes` into a new file in `dir`,
 * 1 MiB at a time, then again right after deleting it (pages the kernel just freed). On this VM
 * (virtio-balloon free page reporting) memory the guest has not touched lately costs a host fault
 * per page, so a broker that writes its log pays several times more kernel CPU per byte than on
 * bare metal; the mock keeps no file and pays nothing. Kafka and tkafka pay it alike.
 */
function pageCacheCost(dir: string, bytes: number): { freshMs: number; recycledMs: number } {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const once = (): number => {
    const file = path.join(dir, 'page-cache-probe');
    const t0 = process.cpuUsage();
    const fd = fs.openSync(file, 'w');
    for (let left = bytes; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length));
    fs.closeSync(fd);
    const used = process.cpuUsage(t0);
    fs.rmSync(file);
    return (used.user + used.system) / 1000;
  };
  const freshMs = once();
  return { freshMs, recycledMs: once() };
}

function kcatMissing(): boolean {
  return !(process.env['PATH'] ?? '').split(path.delimiter).some((d) => d !== '' && fs.existsSync(path.join(d, 'kcat')));
}

/** tkafka alone under --cpu-prof: one broker life for kcat -P, a second for kcat -C, so each profile holds one path. */
async function profile(root: string, lines: string): Promise<void> {
  const dataDir = path.join(root, 'tkafka');
  const life = async (name: string, work: (t: Target) => Promise<Run>): Promise<void> => {
    const dir = path.join(root, 'profiles', name);
    const b = await spawnBroker({ dataDir, flavor: defaultFlavor(process.argv), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const t: Target = { name: 'tkafka', bootstrap: `127.0.0.1:${b.port}`, pid: b.pid, topic: async (n) => void (await ensureTopicAt(b.port, n)), stop: async () => void (await b.stop()) };
    let r: Run;
    let window: { fromUs: number; toUs: number };
    try {
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      r = await work(t);
      window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    } finally {
      await t.stop();
    }
    console.log(row(name, r));
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no profile written in ${dir}`);
    printProfile(`broker profile: ${name} (samples while kcat ran)`, summariseProfile(path.join(dir, file), 30, window));
  };
  await life('kcat -P', async (t) => {
    await t.topic(TOPIC);
    return produce(t, TOPIC, lines, MESSAGES);
  });
  await life('kcat -C', (t) => consume(t, TOPIC, root));
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-kcat-'));
process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
console.log(`kcat benchmark: ${int(MESSAGES)} messages of ${VALUE_BYTES} B into one partition (librdkafka defaults), after a warm-up of ${int(WARMUP)}; ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => fixed(l, 1)).join(' ')}`);
if (kcatMissing()) {
  note('kcat not found on PATH: skipped');
  process.exit(0);
}
const lines = path.join(root, 'lines.txt');
writeLinesFile(lines, MESSAGES, VALUE_BYTES);
const warmLines = path.join(root, 'warm.txt');
writeLinesFile(warmLines, WARMUP, VALUE_BYTES);

if (process.argv.includes('--profile')) {
  await profile(root, lines);
  process.exit(0);
}

const skipped: string[] = [];
const candidates: [string, () => Promise<Target>, string | null][] = [
  ['mock', mockTarget, mockClusterUnavailable()],
  ['tkafka', () => tkafkaTarget(root), null],
  ['tkafka-node-defaults', () => tkafkaTarget(root, true), process.argv.includes('--no-node-defaults') ? '--no-node-defaults' : null],
  ['kafka', () => kafkaTarget(root), process.argv.includes('--no-kafka') ? '--no-kafka' : null],
];
const targets = new Map<string, Target>();
const results = new Map<string, Result>();
try {
  for (const [key, start, unavailable] of candidates) {
    if (unavailable !== null) {
      skipped.push(`${key}: skipped (${unavailable})`);
      continue;
    }
    try {
      const t = await start();
      targets.set(key, t);
      results.set(key, { name: t.name, produce: [], fetch: [] });
    } catch (err) {
      skipped.push(`${key}: skipped (cannot start: ${(err as Error).message.split('\n')[0] ?? ''})`);
    }
  }
  for (const t of targets.values()) await warm(t, root, warmLines);
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so no broker always goes first after the previous round's load.
    const order = r % 2 === 0 ? [...targets.entries()] : [...targets.entries()].reverse();
    for (const [key, t] of order) await round(t, r, root, lines, results.get(key) as Result);
  }
} finally {
  for (const t of targets.values()) await t.stop();
}

heading(`kcat -P (produce, ${int(MESSAGES)} × ${VALUE_BYTES} B, one partition; best of ${ROUNDS} rounds)`);
for (const r of results.values()) console.log(row(`→ ${r.name}`, summary(r.produce)));
heading(`kcat -C (fetch from the beginning to the end, -e; best of ${ROUNDS} rounds)`);
for (const r of results.values()) console.log(row(`← ${r.name}`, r.fetchNote ?? summary(r.fetch)));
for (const s of skipped) note(s);

const get = (key: string, what: 'produce' | 'fetch'): Run | undefined => {
  const r = results.get(key);
  return r === undefined ? undefined : summary(r[what]);
};
heading('Ratios (records/s of the best rounds; median broker CPU per record)');
note(`produce: tkafka / mock ceiling ${ratio(get('tkafka', 'produce'), get('mock', 'produce'))} (goal ≥ 0.90x), tkafka / Kafka ${ratio(get('tkafka', 'produce'), get('kafka', 'produce'))} (goal ≥ 1.5x), CPU per record tkafka / Kafka ${cpuRatio(get('tkafka', 'produce'), get('kafka', 'produce'))} (goal < 1x)`);
note(`fetch:   tkafka / Kafka ${ratio(get('tkafka', 'fetch'), get('kafka', 'fetch'))}, CPU per record tkafka / Kafka ${cpuRatio(get('tkafka', 'fetch'), get('kafka', 'fetch'))}`);
if (results.has('tkafka-node-defaults')) {
  note(`node flags: CPU per record tkafka / tkafka with node's heap defaults: produce ${cpuRatio(get('tkafka', 'produce'), get('tkafka-node-defaults', 'produce'))}, fetch ${cpuRatio(get('tkafka', 'fetch'), get('tkafka-node-defaults', 'fetch'))}`);
}
// After the rounds, whose logs still hold their pages: the same bytes as one round's log.
const logBytes = fs.statSync(lines).size;
const pc = pageCacheCost(root, logBytes);
const perM = (ms: number): string => fixed(ms / 1000 / (MESSAGES / 1e6), 2);
note(
  `page cache here: writing ${fixed(logBytes / 1e6, 0)} MB (one round's records) into a new file took ${int(pc.freshMs)} ms of CPU (${perM(pc.freshMs)} s per M records), ` +
    `${int(pc.recycledMs)} ms into pages just freed (${perM(pc.recycledMs)} s per M): part of each broker's CPU per record above, none of the mock's`,
);
note(`load average at the end: ${os.loadavg().map((l) => fixed(l, 1)).join(' ')}`);
