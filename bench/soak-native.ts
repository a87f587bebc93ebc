// Crash soak of tkafka's own client (issue #16): `npm run bench -- soak-native [--cycles N]
// [--seconds-per-cycle S] [--seed N] [--segment-bytes N]`.
// bench/soak.ts drives the broker with kafkajs; this one drives it with the shipped tools, whose
// native client is what users run: each cycle starts the broker (bin/tkafka.js), runs
// `verifiable-producer` (acks=all, no retries, as Kafka's) and `verifiable-consumer` (a group that
// commits after each poll), and SIGKILLs the broker at a seeded random moment. The tools print
// Kafka's JSON events: every `producer_send_success` names the offset the broker acknowledged, every
// successful `offsets_committed` an offset the broker acknowledged. After the last cycle a restart
// checks: each acknowledged value exactly once, at its acknowledged offset; a failed send at most
// once (no retries, so never twice); and the group's committed offsets never below an acknowledged
// commit nor past the log end. Findings are printed, never turned into an exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { spawnBroker, type BrokerProcess } from './lib/broker-process.js';
import { figure, fixed, heading, int, note } from './lib/report.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = path.join(ROOT, 'bin/tkafka.js');

function option(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  if (i === -1) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`${name} needs a positive number, got ${argv[i + 1] ?? 'nothing'}`);
    process.exit(2);
  }
  return v;
}

const CYCLES = Math.floor(option('--cycles', 8));
const SECONDS = option('--seconds-per-cycle', 4);
const SEED = Math.floor(option('--seed', Math.floor(Math.random() * 2 ** 31) + 1));
const SEGMENT_BYTES = process.argv.includes('--segment-bytes') ? Math.floor(option('--segment-bytes', 1)) : undefined;
const TOPIC = 'native-soak';
const PARTITIONS = 3;
const GROUP = 'native-soak-group';
const BROKER_CONFIG = ['group.initial.rebalance.delay.ms=0', 'group.min.session.timeout.ms=500', ...(SEGMENT_BYTES === undefined ? [] : [`log.segment.bytes=${SEGMENT_BYTES}`])];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const rand = rng(SEED);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-soak-native-'));
console.log(`native-client crash soak: ${CYCLES} cycles of up to ${SECONDS} s, seed ${SEED} (rerun with --seed ${SEED}), data dir ${dataDir}`);

/** value → acknowledged (partition, offset). */
const acked = new Map<string, { partition: number; offset: bigint }>();
const failed = new Set<string>();
/** Per partition, the highest commit the broker acknowledged. */
const ackedCommit = new Map<number, bigint>();
const findings: string[] = [];
const finding = (text: string): void => {
  findings.push(text);
  console.log(`  FINDING: ${text}`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Tool {
  child: ChildProcess;
  events: Record<string, unknown>[];
  exited: Promise<void>;
}

/** Runs a tool and parses its stdout's JSON event lines as they come. */
function runTool(args: string[]): Tool {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const events: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('{')) events.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  child.stderr.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, events, exited };
}

async function stopTool(t: Tool, ms: number): Promise<void> {
  t.child.kill('SIGTERM');
  const timer = setTimeout(() => t.child.kill('SIGKILL'), ms);
  await t.exited;
  clearTimeout(timer);
}

function client(port: number): Kafka {
  return new Kafka({ clientId: 'soak-native-verify', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 10_000 });
}

async function checkCommitted(kafka: Kafka, when: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map((await admin.fetchTopicOffsets(TOPIC)).map((o) => [o.partition, BigInt(o.high)]));
    const got = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    const parts: string[] = [];
    for (const p of got[0]?.partitions ?? []) {
      const offset = BigInt(p.offset);
      const end = ends.get(p.partition) ?? 0n;
      if (offset > end) finding(`${when}: committed offset ${offset} of ${TOPIC}-${p.partition} is beyond the log end ${end}`);
      const floor = ackedCommit.get(p.partition);
      if (floor !== undefined && offset < floor) finding(`${when}: committed offset of ${TOPIC}-${p.partition} is ${offset}, below the acknowledged commit ${floor}`);
      parts.push(`p${p.partition}=${offset}`);
    }
    return parts.join(' ');
  } finally {
    await admin.disconnect();
  }
}

async function cycle(n: number, brokerRef: { b: BrokerProcess | null }): Promise<void> {
  const broker = await spawnBroker({ dataDir, flavor: 'dist', config: BROKER_CONFIG });
  brokerRef.b = broker;
  const bootstrap = `127.0.0.1:${broker.port}`;
  const committedAtStart = n === 1 ? '-' : await checkCommitted(client(broker.port), `after restart ${n}`);
  if (n === 1) {
    const t = runTool(['topics', '--bootstrap-server', bootstrap, '--create', '--topic', TOPIC, '--partitions', String(PARTITIONS)]);
    await t.exited;
  }
  const producer = runTool(['verifiable-producer', '--bootstrap-server', bootstrap, '--topic', TOPIC, '--value-prefix', String(n), '--repeating-keys', '8', '--throughput', '20000']);
  const consumer = runTool(['verifiable-consumer', '--bootstrap-server', bootstrap, '--topic', TOPIC, '--group-id', GROUP, '--session-timeout', '6000']);
  const runMs = Math.round((0.5 + rand() * (SECONDS - 0.5)) * 1000);
  await sleep(runMs);
  broker.kill();
  brokerRef.b = null;
  // Sends in flight fail (no retries); give the tools a moment to report them, then stop them.
  await sleep(1500);
  await Promise.all([stopTool(producer, 5000), stopTool(consumer, 5000)]);
  let ok = 0;
  let bad = 0;
  for (const e of producer.events) {
    if (e['name'] === 'producer_send_success') {
      acked.set(String(e['value']), { partition: Number(e['partition']), offset: BigInt(e['offset'] as number) });
      ok++;
    } else if (e['name'] === 'producer_send_error') {
      failed.add(String(e['value']));
      bad++;
    }
  }
  let commits = 0;
  for (const e of consumer.events) {
    if (e['name'] !== 'offsets_committed' || e['success'] !== true) continue;
    commits++;
    for (const o of e['offsets'] as { partition: number; offset: number }[]) {
      const prev = ackedCommit.get(o.partition);
      if (prev === undefined || BigInt(o.offset) > prev) ackedCommit.set(o.partition, BigInt(o.offset));
    }
  }
  figure(`cycle ${String(n).padStart(2)}: killed after ${fixed(runMs / 1000, 2)} s`, `ready ${int(broker.readyMs)} ms; sends acked ${ok}, failed ${bad}; commits acked ${commits}; group offsets at start ${committedAtStart}`);
}

async function readAll(kafka: Kafka): Promise<Map<number, { offset: bigint; value: string }[]>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(TOPIC)).map((o) => [o.partition, BigInt(o.high)]));
  await admin.disconnect();
  const out = new Map<number, { offset: bigint; value: string }[]>();
  const reached = new Map<number, bigint>();
  const consumer = kafka.consumer({ groupId: `soak-native-verify-${SEED}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  let last = Date.now();
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const list = out.get(batch.partition) ?? [];
      out.set(batch.partition, list);
      for (const m of batch.messages) list.push({ offset: BigInt(m.offset), value: m.value?.toString('utf8') ?? '' });
      reached.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
      last = Date.now();
      await Promise.resolve();
    },
  });
  const deadline = Date.now() + 120_000;
  const done = (): boolean => [...ends].every(([p, end]) => end === 0n || (reached.get(p) ?? 0n) >= end);
  while (!done() && Date.now() - last < 5000 && Date.now() < deadline) await sleep(100);
  await consumer.disconnect();
  if (!done()) finding(`stopped reading at ${[...reached].map(([p, o]) => `p${p}=${o}`).join(' ')} of ${[...ends].map(([p, o]) => `p${p}=${o}`).join(' ')}`);
  return out;
}

async function verify(): Promise<void> {
  heading(`Verify (restart ${CYCLES + 1})`);
  const broker = await spawnBroker({ dataDir, flavor: 'dist', config: BROKER_CONFIG });
  try {
    const kafka = client(broker.port);
    const committedNow = await checkCommitted(kafka, 'final restart');
    const log = await readAll(kafka);
    const seen = new Map<string, { partition: number; offset: bigint }[]>();
    for (const [partition, records] of log) for (const r of records) seen.set(r.value, [...(seen.get(r.value) ?? []), { partition, offset: r.offset }]);
    let lost = 0;
    let misplaced = 0;
    let duplicates = 0;
    for (const [value, at] of acked) {
      const got = seen.get(value) ?? [];
      if (got.length === 0) {
        lost++;
        if (lost <= 10) finding(`acknowledged ${value} at ${TOPIC}-${at.partition}@${at.offset} is missing`);
      } else if (got.length > 1) {
        duplicates++;
        if (duplicates <= 10) finding(`acknowledged ${value} is present ${got.length} times`);
      } else if (got[0]?.partition !== at.partition || got[0]?.offset !== at.offset) {
        misplaced++;
        if (misplaced <= 10) finding(`acknowledged ${value} at ${TOPIC}-${at.partition}@${at.offset} is at ${TOPIC}-${got[0]?.partition}@${got[0]?.offset}`);
      }
    }
    let failedPresent = 0;
    for (const value of failed) {
      const got = seen.get(value) ?? [];
      if (got.length > 0) failedPresent++;
      if (got.length > 1) {
        duplicates++;
        finding(`failed send ${value} is present ${got.length} times (sends are never retried)`);
      }
    }
    figure('group committed offsets at the final restart', committedNow);
    figure('sends acknowledged', int(acked.size));
    figure('  present once at their acknowledged offset', int(acked.size - lost - misplaced - duplicates));
    figure('sends failed (present / total)', `${int(failedPresent)} / ${int(failed.size)}`);
    figure('highest acknowledged commits', [...ackedCommit].map(([p, o]) => `p${p}=${o}`).join(' ') || '-');
    console.log(`\nVERDICT ${findings.length === 0 ? 'OK' : `${findings.length} FINDING(S)`}: seed ${SEED}, ${CYCLES} cycles; acked ${acked.size}, lost ${lost}, misplaced ${misplaced}, duplicates ${duplicates}`);
  } finally {
    await broker.stop();
  }
}

const ref: { b: BrokerProcess | null } = { b: null };
try {
  heading('Cycles');
  for (let n = 1; n <= CYCLES; n++) await cycle(n, ref);
  await verify();
} catch (err) {
  note(`soak stopped: ${err instanceof Error ? err.message : String(err)}`);
  ref.b?.kill();
} finally {
  if (!process.argv.includes('--keep')) fs.rmSync(dataDir, { recursive: true, force: true });
}
