// kafka-dump-log.sh (Kafka 4.4's org.apache.kafka.tools.DumpLogSegments) next to tkafka dump-log on
// the SAME files: segments, indexes and internal-topic logs written by our broker and by the
// reference Kafka node (copied out of its log dir so they stay still while both tools read them).
// Outputs are compared byte for byte, stdout and stderr, one parity row per scenario.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { registerKafkajsCodecs } from '../helpers/kafkajs-codecs.js';
import { LEGACY_EDGE_CASES, writeLegacyEdgeSegments, writeLegacySegments } from '../helpers/legacy-segments.js';
import { javaBin, runKafkaTool } from './kafka-ref.js';
import { PEER_JVM, javaPeersClasspath } from './peer-builds.js';
import { stripLog4j } from './parity.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const runDir = inject('refRunDir');
const TIER = 'kafka-dump-log: Apache Kafka 4.4 DumpLogSegments vs tkafka dump-log (same files)';
const SEG = '00000000000000000000';
const { Kafka, logLevel, CompressionTypes } = kafkajs;

/**
 * The __consumer_offsets partition of every group written here (dlp-group, dlp-848-17, dls-app-8,
 * by Java's String.hashCode): the only one copied, as other groups (a console consumer's, another
 * file's) write to others.
 */
const OFFSETS_PARTITION = '__consumer_offsets-44';

let ours: TestBroker;
let work: string;

/** Copies the partition dirs of `dataDir` whose log has data and whose name starts with `prefix`. */
function copyPartitions(dataDir: string, prefixes: string[], to: string): void {
  for (const d of fs.readdirSync(dataDir)) {
    if (!prefixes.some((p) => d.startsWith(p))) continue;
    const log = path.join(dataDir, d, `${SEG}.log`);
    if (!fs.existsSync(log) || fs.statSync(log).size === 0) continue;
    const name = d.startsWith('__consumer_offsets') ? 'offsets' : d.startsWith('__transaction_state') ? 'txnlog' : d.replace(/-\d+$/, '').replace(/^dlp-/, '');
    fs.cpSync(path.join(dataDir, d), path.join(to, name), { recursive: true });
  }
}

async function writeWith(bootstrap: string): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'dump-log-parity', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'dlp-data', numPartitions: 1 }, { topic: 'dlp-txn', numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'dlp-data', messages: [{ key: 'k1', value: 'hello', headers: { h1: 'a', h2: 'b' } }, { value: 'no key' }, { key: 'tomb', value: null }] });
  for (const codec of [CompressionTypes.GZIP, CompressionTypes.Snappy, CompressionTypes.LZ4, CompressionTypes.ZSTD]) {
    await producer.send({ topic: 'dlp-data', compression: codec, messages: [{ key: `c${codec}-1`, value: `v${codec}-1` }, { key: `c${codec}-2`, value: `v${codec}-2`, headers: { c: String(codec) } }] });
  }
  await producer.disconnect();
  const txp = kafka.producer({ transactionalId: 'dlp-tx', idempotent: true, maxInFlightRequests: 1 });
  await txp.connect();
  const commit = await txp.transaction();
  await commit.send({ topic: 'dlp-txn', messages: [{ key: 'c', value: 'committed' }] });
  await commit.commit();
  const abort = await txp.transaction();
  await abort.send({ topic: 'dlp-txn', messages: [{ key: 'a', value: 'aborted' }] });
  await abort.abort();
  await txp.disconnect();
  await admin.setOffsets({ groupId: 'dlp-group', topic: 'dlp-data', partitions: [{ partition: 0, offset: '3' }] });
  await admin.disconnect();
  // A KIP-848 consumer group in the same __consumer_offsets partition as dlp-group (44 of 50, by
  // Java's String.hashCode): member metadata, assignments and epochs, in each broker's own format
  // (Kafka 4.4's has tagged fields newer than our spec copy).
  const consumed = await runCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'dlp-data', '--group', 'dlp-848-17', '--consumer-property', 'group.protocol=consumer', '--from-beginning', '--max-messages', '3']);
  expect(consumed.exitCode, consumed.stderr).toBe(0);
}

/**
 * Kafka only (our broker has no streams groups): a Kafka Streams app (test/peers/java
 * StreamsProtocolGroup) joins a KIP-1071 streams group, runs, and leaves, so __consumer_offsets
 * holds every streams group record type (17, 19-23) and their tombstones. Its application id,
 * dls-app-8, lands in partition 44 like dlp-group.
 */
async function runStreamsApp(bootstrap: string): Promise<void> {
  for (const topic of ['dls-in', 'dls-out']) {
    expect((await runCli(['topics', '--bootstrap-server', bootstrap, '--create', '--if-not-exists', '--topic', topic, '--partitions', '1'])).exitCode).toBe(0);
  }
  const produced = await runCli(['console-producer', '--bootstrap-server', bootstrap, '--topic', 'dls-in'], { input: 'apple\npear\napple\n' });
  expect(produced.exitCode, produced.stderr).toBe(0);
  const cp = await javaPeersClasspath(kafka1.version);
  const stateDir = fs.mkdtempSync(path.join(runDir, 'dls-state-'));
  const child = spawn(javaBin(), [...PEER_JVM, '-cp', cp, 'tkafka.peers.StreamsProtocolGroup', bootstrap, 'dls-app-8', stateDir, 'dls-in', 'dls-out'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (log += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // RUNNING once its tasks are assigned; the three words counted once they reach the output topic.
    await waitFor('the Streams app RUNNING', () => child.exitCode === null ? log.includes('"RUNNING"') : Promise.reject(new Error(`the Streams app exited ${child.exitCode}:\n${log}`)), 90_000, 200);
    const out = await runCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'dls-out', '--from-beginning', '--max-messages', '3', '--timeout-ms', '60000']);
    expect(out.exitCode, out.stderr).toBe(0);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

beforeAll(async () => {
  registerKafkajsCodecs(kafkajs);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-dump-log-parity-'));
  ours = await startTestBroker();
  await writeWith(ours.bootstrap);
  await ours.stop();
  copyPartitions(ours.dataDir, ['dlp-', OFFSETS_PARTITION, '__transaction_state-'], path.join(work, 'ours'));
  await writeWith(kafka1.bootstrap);
  await runStreamsApp(kafka1.bootstrap);
  // Kafka appends the transaction markers and the offset commit asynchronously to the producer's acks.
  await new Promise<void>((resolve) => setTimeout(resolve, 1000));
  copyPartitions(path.join(kafka1.dir, 'node-1', 'data'), ['dlp-', OFFSETS_PARTITION, '__transaction_state-'], path.join(work, 'kafka'));
  writeLegacySegments(path.join(work, 'legacy'));
  writeLegacyEdgeSegments(path.join(work, 'legacy', 'edge'));
}, 240_000);

afterAll(async () => {
  await ours?.dispose();
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

const SCENARIOS: Array<[string, (d: string) => string[]]> = [
  ['data segment, shallow', (d) => ['--files', `${d}/data/${SEG}.log`]],
  ['data segment, --print-data-log (keys, headers, gzip/snappy/lz4/zstd)', (d) => ['--files', `${d}/data/${SEG}.log`, '--print-data-log']],
  ['data segment, --skip-record-metadata', (d) => ['--files', `${d}/data/${SEG}.log`, '--print-data-log', '--skip-record-metadata']],
  ['offset and time index', (d) => ['--files', `${d}/data/${SEG}.index,${d}/data/${SEG}.timeindex`]],
  ['--index-sanity-check', (d) => ['--files', `${d}/data/${SEG}.index,${d}/data/${SEG}.timeindex`, '--index-sanity-check']],
  ['--verify-index-only', (d) => ['--files', `${d}/data/${SEG}.index,${d}/data/${SEG}.timeindex`, '--verify-index-only']],
  ['transactions: commit and abort markers', (d) => ['--files', `${d}/txn/${SEG}.log`, '--deep-iteration']],
  ['--offsets-decoder on __consumer_offsets', (d) => ['--files', `${d}/offsets/${SEG}.log`, '--offsets-decoder']],
  ['--transaction-log-decoder on __transaction_state', (d) => ['--files', `${d}/txnlog/${SEG}.log`, '--transaction-log-decoder']],
  ['unknown files are ignored', (d) => ['--files', `${d}/data/partition.metadata,${d}/data/leader-epoch-checkpoint`]],
  ['--max-bytes', (d) => ['--files', `${d}/data/${SEG}.log`, '--max-bytes', '200']],
];

describe('tkafka dump-log vs kafka-dump-log.sh on the same files', () => {
  for (const side of ['ours', 'kafka'] as const) {
    for (const [name, args] of SCENARIOS) {
      it(`${name} (segments written by ${side === 'ours' ? 'the tkafka broker' : 'Apache Kafka'})`, async () => {
        const a = args(path.join(work, side));
        const k = await runKafkaTool(kafka1, 'org.apache.kafka.tools.DumpLogSegments', a);
        const t = await runCli(['dump-log', ...a]);
        const same = k.stdout === t.stdout && stripLog4j(k.stderr) === t.stderr && k.exitCode === t.exitCode;
        logParity({
          tier: TIER,
          scenario: `${name} — ${side === 'ours' ? 'tkafka broker files' : 'Kafka files'}`,
          result: same ? 'identical' : 'differs',
          ...(same ? {} : { why: 'output differs' }),
        });
        if (side === 'kafka' && name === '--offsets-decoder on __consumer_offsets') {
          // Every streams group record type, decoded (runStreamsApp), with its tombstones.
          for (const type of [17, 19, 20, 21, 22, 23]) expect(k.stdout).toMatch(new RegExp(`key: \\{"type":"${type}","data":\\{"groupId":"dls-app-8"[^\\n]*payload: \\{"version":"0"`));
          expect(k.stdout).toMatch(/key: \{"type":"22","data":\{"groupId":"dls-app-8","memberId":"[^"]+"\}\} payload: <DELETE>/);
        }
        expect(t.stdout).toBe(k.stdout);
        expect(t.stderr).toBe(stripLog4j(k.stderr));
        expect(t.exitCode).toBe(k.exitCode);
      });
    }
  }

  // Message format v0/v1 segments (test/helpers/legacy-segments.ts): no Kafka 4.4 broker writes them any
  // more, so both tools read the same hand-built files, as a log from before 0.11 would be.
  const LEGACY: Array<[string, (d: string) => string[]]> = [
    ['magic 0: plain messages, gzip/snappy/lz4 wrappers, shallow', (d) => ['--files', `${d}/v0/${SEG}.log`]],
    ['magic 0: --print-data-log', (d) => ['--files', `${d}/v0/${SEG}.log`, '--print-data-log']],
    ['magic 0: offset index with a mismatch', (d) => ['--files', `${d}/v0/${SEG}.index`]],
    ['magic 1 then v2: shallow', (d) => ['--files', `${d}/v1/${SEG}.log`]],
    ['magic 1 then v2: --deep-iteration (relative offsets, LogAppendTime wrapper, bad CRC)', (d) => ['--files', `${d}/v1/${SEG}.log`, '--deep-iteration']],
    ['magic 1 then v2: --print-data-log --skip-record-metadata', (d) => ['--files', `${d}/v1/${SEG}.log`, '--print-data-log', '--skip-record-metadata']],
    ['magic 1: offset and time index', (d) => ['--files', `${d}/v1/${SEG}.index,${d}/v1/${SEG}.timeindex`]],
    ['magic 1: --verify-index-only', (d) => ['--files', `${d}/v1/${SEG}.index,${d}/v1/${SEG}.timeindex`, '--verify-index-only']],
    ["magic 1: librdkafka's zero wrapper offset", (d) => ['--files', `${d}/zero/${SEG}.log`, '--print-data-log']],
  ];
  for (const [name, args] of LEGACY) {
    it(`legacy formats: ${name}`, async () => {
      const a = args(path.join(work, 'legacy'));
      const k = await runKafkaTool(kafka1, 'org.apache.kafka.tools.DumpLogSegments', a);
      const t = await runCli(['dump-log', ...a]);
      const same = k.stdout === t.stdout && stripLog4j(k.stderr) === t.stderr && k.exitCode === t.exitCode;
      logParity({ tier: TIER, scenario: `legacy formats: ${name}`, result: same ? 'identical' : 'differs', ...(same ? {} : { why: 'output differs' }) });
      expect(t.stdout).toBe(k.stdout);
      expect(t.stderr).toBe(stripLog4j(k.stderr));
      expect(t.exitCode).toBe(k.exitCode);
    });
  }

  it('legacy formats: a v1 wrapper offset below its last inner one: Kafka dies with InvalidRecordException, tkafka prints that line', async () => {
    const a = ['--files', path.join(work, 'legacy', 'bad', `${SEG}.log`), '--deep-iteration'];
    const k = await runKafkaTool(kafka1, 'org.apache.kafka.tools.DumpLogSegments', a);
    const t = await runCli(['dump-log', ...a]);
    expect(t.stdout).toBe(k.stdout);
    const kafkaLine = stripLog4j(k.stderr).split('\n')[0]?.replace('Exception in thread "main" ', '');
    expect(t.stderr).toBe(`tkafka: ${kafkaLine}\n`);
    expect(k.exitCode).toBe(1);
    expect(t.exitCode).toBe(1);
    logParity({ tier: TIER, scenario: 'legacy formats: invalid v1 wrapper offset', result: 'normalised-identical', why: 'Kafka prints the exception with a stack trace; tkafka the same exception line after "tkafka: "' });
  });

  // Entries Kafka's legacy reader dies on (InvalidRecordException, KafkaException over ZipException,
  // IllegalArgumentException for a codec id) and two odd ones it reads: same stdout up to the failure,
  // Kafka's exception line (without its stack trace) after "tkafka: ".
  for (const name of LEGACY_EDGE_CASES) {
    it(`legacy formats, edge case: ${name}`, async () => {
      const a = ['--files', path.join(work, 'legacy', 'edge', name, `${SEG}.log`), '--print-data-log'];
      const k = await runKafkaTool(kafka1, 'org.apache.kafka.tools.DumpLogSegments', a);
      const t = await runCli(['dump-log', ...a]);
      const kerr = stripLog4j(k.stderr);
      const died = kerr.startsWith('Exception in thread "main" ');
      const expectedErr = died ? `tkafka: ${kerr.split('\n')[0]?.replace('Exception in thread "main" ', '') ?? ''}\n` : kerr;
      const same = k.stdout === t.stdout && expectedErr === t.stderr && k.exitCode === t.exitCode;
      logParity({ tier: TIER, scenario: `legacy formats, edge case: ${name}`, result: same ? (died ? 'normalised-identical' : 'identical') : 'differs', ...(same && !died ? {} : { why: same ? 'Kafka prints the exception with a stack trace; tkafka the same exception line after "tkafka: "' : 'output differs' }) });
      expect(t.stdout).toBe(k.stdout);
      expect(t.stderr).toBe(expectedErr);
      expect(t.exitCode).toBe(k.exitCode);
    });
  }

  it('a missing segment: Kafka dies with NoSuchFileException and a stack trace, tkafka prints that exception line', async () => {
    const missing = path.join(work, `${SEG.slice(0, -1)}7.log`);
    const k = await runKafkaTool(kafka1, 'org.apache.kafka.tools.DumpLogSegments', ['--files', missing]);
    const t = await runCli(['dump-log', '--files', missing]);
    expect(t.stdout).toBe(k.stdout);
    const kafkaLine = k.stderr.split('\n')[0]?.replace('Exception in thread "main" ', '');
    expect(t.stderr).toBe(`tkafka: ${kafkaLine}\n`);
    expect(k.exitCode).toBe(1);
    expect(t.exitCode).toBe(1);
    logParity({ tier: TIER, scenario: 'missing segment file', result: 'normalised-identical', why: 'Kafka prints the exception with a stack trace; tkafka the same exception line after "tkafka: "' });
  });
});
