// Crash soak (issue #16), in the style of Kafka's system tests and Jepsen:
// `npm run bench -- soak [--cycles N] [--seconds-per-cycle S] [--seed N] [--segment-bytes N] [--recovery-kills] [--keep]`.
// One data dir; each cycle starts the broker (the built CLI), runs an idempotent producer (acks=all,
// per-key sequence numbers in the values), a transactional producer (commits some transactions,
// aborts others) and a consumer group committing offsets, all kafkajs, then SIGKILLs the broker at
// a random moment (seeded) while they are in flight. After the last cycle it restarts once more
// and checks what the clients were told: every acked record exactly once at its acked offset and
// in per-key order, no aborted record visible to read_committed, each transaction all-or-nothing,
// and the group's committed offsets never below a commit that was acknowledged before a kill
// nor past the log's end (which would mean the consumer had read records the crash then lost).
// `--recovery-kills` also SIGKILLs the broker while it recovers: before every cycle after the
// first, a start is killed at a random moment between spawn and 1.2× the last ready time (so
// during log recovery, snapshot loading or coordinator loading), then the cycle starts it again.
// Findings are printed (FINDING lines), never turned into an exit code: this is a benchmark.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { spawn } from 'node:child_process';
import { spawnArgs, spawnBroker, type BrokerProcess } from './lib/broker-process.js';
import { figure, fixed, heading, int, note } from './lib/report.js';

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

const CYCLES = Math.floor(option('--cycles', 10));
/** Upper bound of a cycle's random run time before the kill (the lower bound is a quarter of it, at least 0.5 s). */
const SECONDS = option('--seconds-per-cycle', 4);
const SEED = Math.floor(option('--seed', Math.floor(Math.random() * 2 ** 31) + 1));

/** mulberry32: small, seedable, good enough to pick kill moments and batch shapes. */
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
const randInt = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

const IDEM_TOPIC = 'soak-idem';
const TXN_TOPIC = 'soak-txn';
const GROUP = 'soak-group';
const TXN_ID = 'soak-txn-producer';
const KEYS = 8;
/** `--segment-bytes N` rolls segments often, so recovery after a kill also crosses segment boundaries. */
const SEGMENT_BYTES = process.argv.includes('--segment-bytes') ? Math.floor(option('--segment-bytes', 1)) : undefined;
const BROKER_CONFIG = ['group.initial.rebalance.delay.ms=0', 'group.min.session.timeout.ms=500', ...(SEGMENT_BYTES === undefined ? [] : [`log.segment.bytes=${SEGMENT_BYTES}`])];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-soak-'));
const segmentOption = SEGMENT_BYTES === undefined ? '' : ` --segment-bytes ${SEGMENT_BYTES}`;
console.log(`crash soak: ${CYCLES} cycles of up to ${SECONDS} s, seed ${SEED} (rerun: npm run bench -- soak --cycles ${CYCLES} --seconds-per-cycle ${SECONDS} --seed ${SEED}${segmentOption}), data dir ${dataDir}`);

// ---- What the clients were told ------------------------------------------------------------

interface Acked {
  partition: number;
  offset: bigint;
  value: string;
}
/** Idempotent records acknowledged, with the offset the broker gave. */
const acked: Acked[] = [];
/** Idempotent records sent whose send never succeeded: each may be present at most once. */
const unacked = new Set<string>();
/** Next sequence number per key, carried across cycles so per-key order spans the whole run. */
const nextSeq = new Array<number>(KEYS).fill(0);

type TxnOutcome = 'committed' | 'aborted' | 'commit-unknown' | 'abort-unknown';
interface Txn {
  id: number;
  values: string[];
  outcome: TxnOutcome;
}
const txns: Txn[] = [];

/** Highest offset whose commit the broker acknowledged, per partition of IDEM_TOPIC. */
const ackedCommit = new Map<number, bigint>();
/** Highest committed offset seen since (acked or read back after a restart): the floor for later reads. */
const commitFloor = new Map<number, bigint>();
let offsetRegressions = 0;
/** Committed offsets past the log end after a restart: records a consumer read were lost. */
let beyondEnd = 0;

const findings: string[] = [];
function finding(text: string): void {
  findings.push(text);
  console.log(`  FINDING: ${text}`);
}

// ---- Helpers -------------------------------------------------------------------------------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Awaits `p` for at most `ms`; a client stuck on a dead broker must not hold up the run. */
async function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function client(port: number): Kafka {
  return new Kafka({
    clientId: 'soak',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 500 },
  });
}

/** Reads the group's committed offsets and checks them against every commit acknowledged before. */
async function checkCommitted(kafka: Kafka, when: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const got = await admin.fetchOffsets({ groupId: GROUP, topics: [IDEM_TOPIC] });
    const ends = new Map((await admin.fetchTopicOffsets(IDEM_TOPIC)).map((o) => [o.partition, BigInt(o.high)]));
    const parts: string[] = [];
    for (const t of got) {
      for (const p of t.partitions) {
        const offset = BigInt(p.offset);
        // The consumer committed only past records it had read: beyond the log's end means it read records the crash lost.
        const end = ends.get(p.partition);
        if (end !== undefined && offset > end) {
          beyondEnd++;
          finding(`${when}: group ${GROUP} committed offset ${offset} of ${IDEM_TOPIC}-${p.partition} is beyond the log end ${end}`);
        }
        const floor = commitFloor.get(p.partition);
        const ack = ackedCommit.get(p.partition);
        if (floor !== undefined && offset < floor) {
          offsetRegressions++;
          finding(`${when}: group ${GROUP} committed offset of ${IDEM_TOPIC}-${p.partition} is ${offset}, below ${floor} (last acknowledged commit ${ack ?? 'none'})`);
        }
        if (offset >= 0n && (floor === undefined || offset > floor)) commitFloor.set(p.partition, offset);
        parts.push(`p${p.partition}=${offset}`);
      }
    }
    return parts.join(' ');
  } finally {
    await bounded(admin.disconnect(), 2000);
  }
}

// ---- The workers of one cycle ----------------------------------------------------------------

interface Stop {
  stopped: boolean;
}

async function idempotentWorker(producer: Producer, stop: Stop, counts: { acked: number; unacked: number }): Promise<void> {
  while (!stop.stopped) {
    const n = randInt(1, 5);
    const messages: { key: string; value: string }[] = [];
    for (let i = 0; i < n; i++) {
      const k = randInt(0, KEYS - 1);
      const seq = nextSeq[k] as number;
      nextSeq[k] = seq + 1;
      messages.push({ key: `k${k}`, value: `k${k}:${seq}` });
    }
    for (const m of messages) unacked.add(m.value);
    let meta;
    try {
      meta = await producer.send({ topic: IDEM_TOPIC, acks: -1, messages });
    } catch {
      counts.unacked += n;
      return; // The broker is gone: everything in this send stays "sent, not acknowledged".
    }
    // kafkajs answers one base offset per partition; a partition's records keep the send's order.
    const base = new Map(meta.map((m) => [m.partition, BigInt(m.baseOffset ?? '-1')]));
    const next = new Map<number, bigint>();
    for (const m of messages) {
      const k = Number(m.key.slice(1));
      const partition = partitionOf(k);
      const b = base.get(partition);
      if (b === undefined || b < 0n) {
        finding(`send acknowledged without a base offset for partition ${partition}`);
        continue;
      }
      const off = next.get(partition) ?? b;
      next.set(partition, off + 1n);
      acked.push({ partition, offset: off, value: m.value });
      unacked.delete(m.value);
      counts.acked++;
    }
  }
}

/** The partition kafkajs's default partitioner (murmur2 of the key, as Java's) picks for a key of IDEM_TOPIC. */
const partitioner = Partitioners.DefaultPartitioner();
const IDEM_PARTITIONS = 3;
function partitionOf(k: number): number {
  const partitionMetadata = Array.from({ length: IDEM_PARTITIONS }, (_, i) => ({ partitionErrorCode: 0, partitionId: i, leader: 0, replicas: [0], isr: [0] }));
  return partitioner({ topic: IDEM_TOPIC, partitionMetadata, message: { key: `k${k}`, value: null } });
}

async function transactionalWorker(producer: Producer, stop: Stop, counts: Record<TxnOutcome, number>): Promise<void> {
  while (!stop.stopped) {
    const txn: Txn = { id: txns.length, values: [], outcome: 'abort-unknown' };
    const n = randInt(1, 6);
    for (let i = 0; i < n; i++) txn.values.push(`t${txn.id}-${i}`);
    const commit = rand() < 0.6;
    txns.push(txn);
    try {
      const t = await producer.transaction();
      await t.send({ topic: TXN_TOPIC, messages: txn.values.map((v, i) => ({ key: `t${i % 3}`, value: v })) });
      // Only once EndTxn is on the way is the fate up to the broker; before, a kill means abort.
      txn.outcome = commit ? 'commit-unknown' : 'abort-unknown';
      if (commit) await t.commit();
      else await t.abort();
      txn.outcome = commit ? 'committed' : 'aborted';
    } catch {
      counts[txn.outcome]++;
      return;
    }
    counts[txn.outcome]++;
  }
}

async function consumerWorker(consumer: Consumer, counts: { commits: number }): Promise<void> {
  await consumer.subscribe({ topics: [IDEM_TOPIC], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: true,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (batch.messages.length === 0) return;
      const next = BigInt(batch.lastOffset()) + 1n;
      // Not consumer.commitOffsets: once the runner has stopped (the broker died) kafkajs resolves
      // that without sending anything, which would count a commit that never happened. This one
      // always sends OffsetCommit and resolves only on the broker's answer.
      await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next.toString() }] }] });
      const prev = ackedCommit.get(batch.partition);
      if (prev === undefined || next > prev) ackedCommit.set(batch.partition, next);
      const floor = commitFloor.get(batch.partition);
      if (floor === undefined || next > floor) commitFloor.set(batch.partition, next);
      counts.commits++;
    },
  });
}

// ---- One cycle ----------------------------------------------------------------------------------

async function startBroker(): Promise<BrokerProcess> {
  return spawnBroker({ dataDir, flavor: 'dist', config: BROKER_CONFIG });
}

const RECOVERY_KILLS = process.argv.includes('--recovery-kills');
let lastReadyMs = 500;
const recoveryKills = { beforeReady: 0, afterReady: 0 };

/** Starts the broker on the data dir and SIGKILLs it `delayMs` after spawn, ready or not. */
async function killDuringRecovery(delayMs: number): Promise<boolean> {
  const { cmd, args, ready } = spawnArgs({ dataDir, flavor: 'dist', config: BROKER_CONFIG });
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await sleep(delayMs);
  child.kill('SIGKILL');
  await exited;
  return ready.test(output);
}

async function cycle(n: number): Promise<void> {
  if (RECOVERY_KILLS && n > 1) {
    const delay = randInt(1, Math.max(2, Math.round(lastReadyMs * 1.2)));
    const wasReady = await killDuringRecovery(delay);
    if (wasReady) recoveryKills.afterReady++;
    else recoveryKills.beforeReady++;
    note(`cycle ${n}: killed a start ${delay} ms after spawn, ${wasReady ? 'after' : 'before'} it was ready`);
  }
  const broker = await startBroker();
  lastReadyMs = broker.readyMs;
  const kafka = client(broker.port);
  const committed = n === 1 ? '-' : await checkCommitted(kafka, `after restart ${n}`);
  if (n === 1) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: IDEM_TOPIC, numPartitions: IDEM_PARTITIONS, replicationFactor: 1 },
        { topic: TXN_TOPIC, numPartitions: 2, replicationFactor: 1 },
      ],
    });
    await admin.disconnect();
  }
  const idem = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const tx = kafka.producer({ idempotent: true, maxInFlightRequests: 1, transactionalId: TXN_ID, transactionTimeout: 10_000, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 1000, heartbeatInterval: 300, rebalanceTimeout: 3000, retry: { retries: 1, restartOnFailure: () => Promise.resolve(false) } });
  const stop: Stop = { stopped: false };
  const idemCounts = { acked: 0, unacked: 0 };
  const txnCounts: Record<TxnOutcome, number> = { committed: 0, aborted: 0, 'commit-unknown': 0, 'abort-unknown': 0 };
  const consCounts = { commits: 0 };
  const runMs = Math.round((Math.max(0.5, SECONDS / 4) + rand() * (SECONDS - Math.max(0.5, SECONDS / 4))) * 1000);
  await Promise.all([idem.connect(), tx.connect(), consumer.connect()]);
  const workers = [idempotentWorker(idem, stop, idemCounts), transactionalWorker(tx, stop, txnCounts), consumerWorker(consumer, consCounts)].map((p) =>
    p.catch((err: unknown) => note(`cycle ${n}: worker stopped: ${err instanceof Error ? err.message : String(err)}`)),
  );
  await sleep(runMs);
  broker.kill();
  stop.stopped = true;
  await bounded(Promise.all(workers), 15_000);
  await Promise.all([bounded(idem.disconnect(), 2000), bounded(tx.disconnect(), 2000), bounded(consumer.disconnect(), 2000)]);
  figure(
    `cycle ${String(n).padStart(2)}: killed after ${fixed(runMs / 1000, 2)} s`,
    `ready ${int(broker.readyMs)} ms; idem acked ${idemCounts.acked}, unacked ${idemCounts.unacked}; txns committed ${txnCounts.committed}, aborted ${txnCounts.aborted}, in flight ${txnCounts['commit-unknown'] + txnCounts['abort-unknown']}; offset commits ${consCounts.commits}; group offsets at start ${committed}`,
  );
}

// ---- Verification -----------------------------------------------------------------------------

/** Reads a whole topic from the beginning with a fresh group; done when every partition reached its high watermark or it went quiet. */
async function readAll(kafka: Kafka, topic: string, readUncommitted: boolean): Promise<Map<number, { offset: bigint; value: string }[]>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
  await admin.disconnect();
  const out = new Map<number, { offset: bigint; value: string }[]>();
  const reached = new Map<number, bigint>();
  const consumer = kafka.consumer({ groupId: `soak-verify-${topic}-${readUncommitted ? 'ru' : 'rc'}-${SEED}`, readUncommitted, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
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
  await bounded(consumer.disconnect(), 5000);
  if (!done()) note(`${topic} (${readUncommitted ? 'read_uncommitted' : 'read_committed'}): stopped reading at ${[...reached].map(([p, o]) => `p${p}=${o}`).join(' ')} of ${[...ends].map(([p, o]) => `p${p}=${o}`).join(' ')}`);
  return out;
}

async function verify(): Promise<void> {
  heading(`Verify (restart ${CYCLES + 1})`);
  const broker = await startBroker();
  const kafka = client(broker.port);
  try {
    const committedNow = await checkCommitted(kafka, 'final restart');
    // A new transactional session fences the last cycle's and aborts its open transaction, as a
    // restarted application would; without it read_committed would wait for the timeout.
    const fence = kafka.producer({ idempotent: true, maxInFlightRequests: 1, transactionalId: TXN_ID });
    await fence.connect();
    await fence.disconnect();

    // Idempotent records: acked ones exactly once at their offset; per-key order; unacked at most once.
    const idemLog = await readAll(kafka, IDEM_TOPIC, true);
    const byValue = new Map<string, { partition: number; offset: bigint }[]>();
    for (const [partition, list] of idemLog) for (const r of list) byValue.set(r.value, [...(byValue.get(r.value) ?? []), { partition, offset: r.offset }]);
    let present = 0;
    let lost = 0;
    let duplicates = 0;
    let misplaced = 0;
    for (const a of acked) {
      const where = byValue.get(a.value) ?? [];
      if (where.length === 0) {
        lost++;
        if (lost <= 10) finding(`acked record ${a.value} (${IDEM_TOPIC}-${a.partition}@${a.offset}) is missing`);
        continue;
      }
      present++;
      if (where.length > 1) {
        duplicates++;
        if (duplicates <= 10) finding(`acked record ${a.value} is present ${where.length} times: ${where.map((w) => `p${w.partition}@${w.offset}`).join(', ')}`);
      }
      if (!where.some((w) => w.partition === a.partition && w.offset === a.offset)) {
        misplaced++;
        if (misplaced <= 10) finding(`acked record ${a.value} was acked at ${IDEM_TOPIC}-${a.partition}@${a.offset} but is at ${where.map((w) => `p${w.partition}@${w.offset}`).join(', ')}`);
      }
    }
    let unackedPresent = 0;
    for (const v of unacked) {
      const where = byValue.get(v) ?? [];
      if (where.length > 0) unackedPresent++;
      if (where.length > 1) {
        duplicates++;
        finding(`unacknowledged record ${v} is present ${where.length} times`);
      }
    }
    let orderViolations = 0;
    for (const [partition, list] of idemLog) {
      const lastSeq = new Map<string, number>();
      for (const r of [...list].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0))) {
        const [key, seqText] = r.value.split(':');
        const seq = Number(seqText);
        const prev = lastSeq.get(key as string);
        if (prev !== undefined && seq <= prev) {
          orderViolations++;
          if (orderViolations <= 10) finding(`key ${key} out of order in ${IDEM_TOPIC}-${partition}: seq ${seq} at offset ${r.offset} after seq ${prev}`);
        }
        lastSeq.set(key as string, seq);
      }
    }

    // Transactions: read_committed shows committed ones exactly once, no aborted one, each all or nothing.
    const rc = await readAll(kafka, TXN_TOPIC, false);
    const ru = await readAll(kafka, TXN_TOPIC, true);
    const count = (log: Map<number, { value: string }[]>): Map<string, number> => {
      const m = new Map<string, number>();
      for (const list of log.values()) for (const r of list) m.set(r.value, (m.get(r.value) ?? 0) + 1);
      return m;
    };
    const rcCount = count(rc);
    const ruCount = count(ru);
    let committedRecords = 0;
    let committedPresent = 0;
    let abortedRecords = 0;
    let abortedVisible = 0;
    let partialTxns = 0;
    for (const t of txns) {
      const seen = t.values.map((v) => rcCount.get(v) ?? 0);
      const visible = seen.filter((c) => c > 0).length;
      for (const [i, c] of seen.entries()) {
        if (c > 1) {
          duplicates++;
          finding(`transactional record ${t.values[i]} visible ${c} times to read_committed`);
        }
        if ((ruCount.get(t.values[i] as string) ?? 0) > 1) {
          duplicates++;
          finding(`transactional record ${t.values[i]} present ${ruCount.get(t.values[i] as string)} times to read_uncommitted`);
        }
      }
      if (t.outcome === 'committed') {
        committedRecords += t.values.length;
        committedPresent += visible;
        if (visible < t.values.length) {
          lost += t.values.length - visible;
          finding(`committed transaction t${t.id}: only ${visible} of ${t.values.length} records visible to read_committed`);
        }
      } else if (t.outcome === 'aborted' || t.outcome === 'abort-unknown') {
        abortedRecords += t.values.length;
        abortedVisible += visible;
        if (visible > 0) finding(`${t.outcome === 'aborted' ? 'aborted' : 'never-committed'} transaction t${t.id}: ${visible} of ${t.values.length} records visible to read_committed`);
      } else if (visible !== 0 && visible !== t.values.length) {
        partialTxns++;
        finding(`transaction t${t.id} (commit in flight at a kill): ${visible} of ${t.values.length} records visible to read_committed`);
      }
    }
    const commitUnknown = txns.filter((t) => t.outcome === 'commit-unknown');
    const commitUnknownVisible = commitUnknown.filter((t) => t.values.every((v) => (rcCount.get(v) ?? 0) > 0)).length;

    figure('group committed offsets at the final restart', committedNow);
    figure('idempotent records acked', int(acked.length));
    figure('  present at their acked offset', int(acked.length - lost - misplaced));
    figure('  sent but never acked (present / total)', `${int(unackedPresent)} / ${int(unacked.size)}`);
    figure('transactions committed / aborted / in flight at a kill', `${txns.filter((t) => t.outcome === 'committed').length} / ${txns.filter((t) => t.outcome === 'aborted').length} / ${txns.length - txns.filter((t) => t.outcome === 'committed' || t.outcome === 'aborted').length}`);
    figure('  committed records visible (read_committed)', `${int(committedPresent)} / ${int(committedRecords)}`);
    figure('  aborted records visible (read_committed)', `${int(abortedVisible)} / ${int(abortedRecords)}`);
    figure('  commits in flight at a kill that took effect', `${commitUnknownVisible} / ${commitUnknown.length}`);
    if (RECOVERY_KILLS) figure('starts killed during recovery (before / after ready)', `${recoveryKills.beforeReady} / ${recoveryKills.afterReady}`);
    const verdict = findings.length === 0 ? 'OK' : `${findings.length} FINDING(S)`;
    console.log(
      `\nVERDICT ${verdict}: seed ${SEED}, ${CYCLES} cycles; acked ${acked.length + committedRecords}, present ${present + committedPresent}, duplicates ${duplicates}, lost ${lost}, misplaced ${misplaced}, out of order ${orderViolations}, aborted visible ${abortedVisible}, partial transactions ${partialTxns}, offset regressions ${offsetRegressions}, commits beyond log end ${beyondEnd}`,
    );
  } finally {
    await broker.stop();
  }
}

try {
  heading('Cycles (start the broker, produce / transact / commit offsets, SIGKILL at a random moment)');
  for (let n = 1; n <= CYCLES; n++) await cycle(n);
  await verify();
  if (process.argv.includes('--keep') || findings.length > 0) note(`data dir kept for inspection: ${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
} catch (err) {
  console.log(`FINDING: the soak could not go on: ${err instanceof Error ? (err.stack ?? err.message) : String(err)} (data dir kept: ${dataDir})`);
}
