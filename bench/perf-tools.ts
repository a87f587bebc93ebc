// `tkafka producer-perf-test` against Kafka's own ProducerPerformance (4.4), 100 B records,
// unthrottled, on our broker and on Apache Kafka 4.4, side by side: records/s and latency
// percentiles as each tool reports them (goal: tkafka >= 1.5x Java's records/s).
// Java runs with kafka-run-class.sh's defaults (G1, -Xmx512M as kafka-producer-perf-test.sh), not
// the reference tier's fast-start flags, so its JIT is at full strength.
// Usage: npm run build && npx tsx bench/perf-tools.ts [--records N] [--runs N] [--kafka-dir D] [--transactional]
//   --transactional: both tools produce in transactions (--transaction-duration-ms 3000, one
//   transactional id per run).
//   --kafka-dir: a running Kafka from `npm run kafka:ref -- start --dir D` (default: start one here).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { javaBin, readCluster, resolveKafka, startKafka, stopKafka, KAFKA_4, type KafkaClusterInfo } from '../test/reference/kafka-ref.js';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin/tkafka.js');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const RECORDS = Number(flag('--records') ?? 1_000_000);
const RUNS = Number(flag('--runs') ?? 2);
const TRANSACTIONAL = process.argv.includes('--transactional');

interface Figures {
  recordsPerSec: number;
  avg: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  line: string;
}

const TOTAL = /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$/m;

function run(cmd: string, args: string[]): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const m = TOTAL.exec(out);
      if (code !== 0 || m === null) {
        reject(new Error(`${path.basename(cmd)} exited ${code}: ${out.slice(-500)}${err.slice(-500)}`));
        return;
      }
      resolve({ recordsPerSec: Number(m[2]), avg: Number(m[4]), p50: Number(m[6]), p95: Number(m[7]), p99: Number(m[8]), p999: Number(m[9]), line: m[0] });
    });
  });
}

function perfArgs(bootstrap: string, topic: string): string[] {
  const txn = TRANSACTIONAL ? ['--transactional-id', `${topic}-tx`, '--transaction-duration-ms', '3000'] : [];
  return ['--bootstrap-server', bootstrap, '--topic', topic, '--num-records', String(RECORDS), '--record-size', '100', '--throughput', '-1', ...txn];
}

function tkafka(bootstrap: string, topic: string): Promise<Figures> {
  return run(process.execPath, [BIN, 'producer-perf-test', ...perfArgs(bootstrap, topic)]);
}

function java(lib: string, bootstrap: string, topic: string): Promise<Figures> {
  const log4j = path.join(os.tmpdir(), 'tkafka-bench-perf-log4j2.yaml');
  fs.writeFileSync(log4j, 'Configuration:\n  Loggers:\n    Root:\n      level: error\n');
  const jvm = ['-Xmx512M', '-server', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35', '-XX:+ExplicitGCInvokesConcurrent', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${log4j}`];
  return run(javaBin(), [...jvm, '-cp', `${lib}/*`, 'org.apache.kafka.tools.ProducerPerformance', ...perfArgs(bootstrap, topic)]);
}

function best(list: Figures[]): Figures {
  return list.reduce((a, b) => (b.recordsPerSec > a.recordsPerSec ? b : a));
}

function row(label: string, f: Figures): string {
  return `${label.padEnd(34)} ${f.recordsPerSec.toFixed(0).padStart(10)} rec/s  avg ${f.avg.toFixed(1).padStart(7)} ms  p50 ${String(f.p50).padStart(5)}  p95 ${String(f.p95).padStart(5)}  p99 ${String(f.p99).padStart(5)}  p99.9 ${String(f.p999).padStart(5)}`;
}

async function compare(target: string, bootstrap: string, lib: string): Promise<void> {
  const ours: Figures[] = [];
  const theirs: Figures[] = [];
  for (let r = 0; r < RUNS; r++) {
    // Alternate who goes first so neither always meets a warmer broker.
    const stamp = `${Date.now()}-${r}`;
    if (r % 2 === 0) {
      ours.push(await tkafka(bootstrap, `perf-tk-${stamp}`));
      theirs.push(await java(lib, bootstrap, `perf-java-${stamp}`));
    } else {
      theirs.push(await java(lib, bootstrap, `perf-java-${stamp}`));
      ours.push(await tkafka(bootstrap, `perf-tk-${stamp}`));
    }
  }
  const o = best(ours);
  const j = best(theirs);
  console.log(`\n${target}: ${RECORDS} records of 100 B, unthrottled${TRANSACTIONAL ? ', in transactions of 3 s' : ''}, best of ${RUNS}`);
  console.log(row('tkafka producer-perf-test', o));
  console.log(row('Kafka ProducerPerformance (Java)', j));
  console.log(`ratio tkafka/Java: ${(o.recordsPerSec / j.recordsPerSec).toFixed(2)}x (goal >= 1.5x)`);
}

const lib = resolveKafka(KAFKA_4);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-perf-'));
const broker = await spawnBroker({ dataDir, flavor: defaultFlavor(process.argv) });
try {
  await compare('tkafka broker', `127.0.0.1:${broker.port}`, lib);
} finally {
  await broker.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const kafkaDir = flag('--kafka-dir');
let started: KafkaClusterInfo | undefined;
const kafka = kafkaDir !== undefined ? readCluster(path.resolve(kafkaDir)) : (started = await startKafka({ version: KAFKA_4, nodes: 1 }));
if (kafka === undefined) throw new Error(`no running Kafka in ${kafkaDir ?? ''}`);
try {
  await compare(`Apache Kafka ${kafka.version}`, kafka.bootstrap, lib);
} finally {
  if (started !== undefined) stopKafka(started);
}
