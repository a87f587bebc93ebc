// `npm run bench -- embedded`: tkafka as a test suite's broker (#19).
// 1. start → ready → stop of an ephemeral broker from the library (dist/index.js, as a user imports
//    it), --runs times (default 20): median and p90 (goals: ready ≤ 150 ms, stop ≤ 50 ms).
// 2. A test-file-like run with kafkajs: create 100 topics, one consumer group subscribed to them,
//    then 100 produce → consume round trips (one record to each topic, awaited at the consumer);
//    tkafka's figure includes the broker's start and stop (goal: under 3 s in all). The same run
//    against the reference Apache Kafka (test/reference/kafka-ref.ts) is printed beside it, or the
//    reason it is skipped (--no-kafka, or it cannot start).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const ROOT = path.resolve(import.meta.dirname, '..');
const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(name);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const RUNS = arg('--runs', 20);
const TOPICS = arg('--topics', 100);

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}
const ms = (v: number): string => `${v.toFixed(1)} ms`;

const t0 = performance.now();
const lib = (await import(path.join(ROOT, 'dist/index.js'))) as typeof import('../src/index.js');
const importMs = performance.now() - t0;

// --- 1. start → ready → stop -------------------------------------------------------------------
const ready: number[] = [];
const stop: number[] = [];
for (let i = 0; i < RUNS + 1; i++) {
  const a = performance.now();
  const b = await lib.startBroker();
  const r = performance.now();
  await b.stop();
  const s = performance.now();
  // The first run pays for loading the broker's modules: reported apart.
  if (i === 0) console.log(`first start (loads the broker's modules): ready ${ms(r - a)}, stop ${ms(s - r)}; import of tkafka ${ms(importMs)}`);
  else {
    ready.push(r - a);
    stop.push(s - r);
  }
}
console.log(`\nEphemeral broker from the library, ${RUNS} runs (goals: median ready ≤ 150 ms, stop ≤ 50 ms)`);
console.log(`  start → ready   median ${ms(pct(ready, 50))}   p90 ${ms(pct(ready, 90))}   max ${ms(Math.max(...ready))}`);
console.log(`  stop            median ${ms(pct(stop, 50))}   p90 ${ms(pct(stop, 90))}   max ${ms(Math.max(...stop))}`);

// --- 2. a test file: topics and round trips ---------------------------------------------------
interface FileRun {
  createMs: number;
  joinMs: number;
  roundTripsMs: number;
  roundTrip: { median: number; p90: number };
}

async function testFile(bootstrap: string, prefix: string): Promise<FileRun> {
  const kafka = new Kafka({ clientId: 'bench-embedded', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const topics = Array.from({ length: TOPICS }, (_, i) => `${prefix}-${i}`);
  const admin = kafka.admin();
  await admin.connect();
  const c0 = performance.now();
  // One CreateTopics per topic, as tests that each make their own topic do. Not kafkajs' default
  // waitForLeaders: it sleeps 100 ms before its first metadata check, whatever the broker.
  for (const topic of topics) await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
  const createMs = performance.now() - c0;
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `${prefix}-group`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  const j0 = performance.now();
  await consumer.subscribe({ topics, fromBeginning: true });
  let waiting: { topic: string; resolve: () => void } | undefined;
  let joined!: () => void;
  const isJoined = new Promise<void>((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: ({ topic }) => {
      if (waiting?.topic === topic) waiting.resolve();
      return Promise.resolve();
    },
  });
  await isJoined;
  const joinMs = performance.now() - j0;
  const trips: number[] = [];
  const r0 = performance.now();
  for (const topic of topics) {
    const a = performance.now();
    const got = new Promise<void>((resolve) => (waiting = { topic, resolve }));
    await producer.send({ topic, acks: -1, messages: [{ value: 'x' }] });
    await got;
    trips.push(performance.now() - a);
  }
  const roundTripsMs = performance.now() - r0;
  await consumer.disconnect();
  await producer.disconnect();
  return { createMs, joinMs, roundTripsMs, roundTrip: { median: pct(trips, 50), p90: pct(trips, 90) } };
}

const s0 = performance.now();
const b = await lib.startBroker();
const startMs = performance.now() - s0;
const ours = await testFile(b.bootstrap, 'bench-embedded');
const st0 = performance.now();
await b.stop();
const stopMs = performance.now() - st0;
const ourTotal = startMs + ours.createMs + ours.joinMs + ours.roundTripsMs + stopMs;

let theirs: { name: string; run: FileRun; startMs: number } | string;
if (process.argv.includes('--no-kafka')) theirs = 'skipped (--no-kafka)';
else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-embedded-'));
  try {
    const { startKafka, stopKafka, KAFKA_4 } = await import('../test/reference/kafka-ref.js');
    const k0 = performance.now();
    const info = await startKafka({ version: KAFKA_4, nodes: 1, dir, heapMb: 1024 });
    const kStart = performance.now() - k0;
    try {
      theirs = { name: `Apache Kafka ${info.version}`, run: await testFile(info.bootstrap, 'bench-embedded'), startMs: kStart };
    } finally {
      stopKafka(info);
    }
  } catch (err) {
    theirs = `skipped (cannot start: ${(err as Error).message.split('\n')[0] ?? ''})`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`\nA test file with kafkajs: ${TOPICS} topics, one group, ${TOPICS} produce → consume round trips (goal for tkafka: under 3 s in all)`);
const col = (v: string): string => v.padStart(22);
const header = `  ${''.padEnd(28)}${col('tkafka (library)')}${typeof theirs === 'string' ? '' : col(theirs.name)}`;
console.log(header);
const line = (label: string, ours: string, other: string | undefined): void => console.log(`  ${label.padEnd(28)}${col(ours)}${other === undefined ? '' : col(other)}`);
const other = typeof theirs === 'string' ? undefined : theirs;
line('broker start → ready', ms(startMs), other === undefined ? undefined : `${ms(other.startMs)} (JVM)`);
line(`create ${TOPICS} topics`, ms(ours.createMs), other === undefined ? undefined : ms(other.run.createMs));
line('group join', ms(ours.joinMs), other === undefined ? undefined : ms(other.run.joinMs));
line(`${TOPICS} round trips`, ms(ours.roundTripsMs), other === undefined ? undefined : ms(other.run.roundTripsMs));
line('  one round trip median', ms(ours.roundTrip.median), other === undefined ? undefined : ms(other.run.roundTrip.median));
line('  one round trip p90', ms(ours.roundTrip.p90), other === undefined ? undefined : ms(other.run.roundTrip.p90));
line('broker stop', ms(stopMs), other === undefined ? undefined : '-');
line('total (topics..trips)', ms(ours.createMs + ours.joinMs + ours.roundTripsMs), other === undefined ? undefined : ms(other.run.createMs + other.run.joinMs + other.run.roundTripsMs));
line('total with start and stop', ms(ourTotal), undefined);
if (typeof theirs === 'string') console.log(`  Apache Kafka: ${theirs}`);
