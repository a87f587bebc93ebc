import fs from 'node:fs';
import path from 'node:path';
import * as kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { registerKafkajsCodecs } from '../helpers/kafkajs-codecs.js';

// tkafka dump-log on segments our broker wrote: known records (keys, headers, the four codecs), a
// committed and an aborted transaction, group offsets and the transaction log, dumped after the
// broker stopped. The reference tier (parity-dump-log) compares the same output with Kafka's tool.

const { Kafka, logLevel, CompressionTypes } = kafkajs;
const SEG = '00000000000000000000';
const T0 = 1_700_000_000_000;

let b: TestBroker;
let dir: string;

function seg(topicPartition: string, suffix: string): string {
  return path.join(dir, topicPartition, `${SEG}${suffix}`);
}

/** The __consumer_offsets / __transaction_state partition that holds data. */
function nonEmpty(prefix: string): string {
  const found = fs.readdirSync(dir).filter((d) => d.startsWith(prefix) && fs.existsSync(path.join(dir, d, `${SEG}.log`)) && fs.statSync(path.join(dir, d, `${SEG}.log`)).size > 0);
  expect(found).toHaveLength(1);
  return found[0] as string;
}

beforeAll(async () => {
  registerKafkajsCodecs(kafkajs);
  b = await startTestBroker();
  dir = b.dataDir;
  const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'dump-log-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'dl-data', numPartitions: 1 }, { topic: 'dl-txn', numPartitions: 1 }] });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({
    topic: 'dl-data',
    messages: [
      { key: 'k1', value: 'hello', headers: { h1: 'a', h2: 'b' }, timestamp: String(T0) },
      { key: null, value: 'no key', timestamp: String(T0 + 1) },
      { key: 'tomb', value: null, timestamp: String(T0 + 2) },
    ],
  });
  const codecs: Array<[string, number]> = [
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ];
  for (const [i, [name, codec]] of codecs.entries()) {
    await producer.send({
      topic: 'dl-data',
      compression: codec,
      messages: [
        { key: `${name}-1`, value: `v-${name}-1`, timestamp: String(T0 + 10 * (i + 1)) },
        { key: `${name}-2`, value: `v-${name}-2`, headers: { c: name }, timestamp: String(T0 + 10 * (i + 1) + 1) },
      ],
    });
  }
  await producer.disconnect();
  const txp = kafka.producer({ transactionalId: 'dl-tx', idempotent: true, maxInFlightRequests: 1 });
  await txp.connect();
  const commit = await txp.transaction();
  await commit.send({ topic: 'dl-txn', messages: [{ key: 'c', value: 'committed', timestamp: String(T0 + 100) }] });
  await commit.commit();
  const abort = await txp.transaction();
  await abort.send({ topic: 'dl-txn', messages: [{ key: 'a', value: 'aborted', timestamp: String(T0 + 200) }] });
  await abort.abort();
  await txp.disconnect();
  await admin.setOffsets({ groupId: 'dl-group', topic: 'dl-data', partitions: [{ partition: 0, offset: '3' }] });
  await admin.setOffsets({ groupId: 'dl-group', topic: 'dl-data', partitions: [{ partition: 0, offset: '5' }] });
  await admin.disconnect();
  await b.stop();
}, 60_000);

afterAll(async () => {
  await b.dispose();
});

/** Masks what the broker's clock decides (marker and offset-commit times) and the CRCs that cover them. */
function maskClock(s: string): string {
  return s.replace(/(CreateTime: |Timestamp(?:Ms)?":)(17\d{11})/g, (m, p: string, t: string) => (t.startsWith('1700000000') ? m : `${p}<now>`));
}

describe('tkafka dump-log', () => {
  // kafkajs stamps baseSequence 0 and producerEpoch 0 on its non-idempotent batches (Java writes -1).
  it('prints batches and records of a data segment exactly as kafka-dump-log.sh', async () => {
    const r = await runCli(['dump-log', '--files', seg('dl-data-0', '.log'), '--print-data-log']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Dumping ${seg('dl-data-0', '.log')}`);
    expect(lines[1]).toBe('Log starting offset: 0');
    expect(lines[2]).toMatch(
      /^baseOffset: 0 lastOffset: 2 count: 3 baseSequence: 0 lastSequence: 2 producerId: -1 producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000002 size: \d+ magic: 2 compresscodec: none crc: \d+ isvalid: true$/,
    );
    expect(lines.slice(3, 6)).toEqual([
      '| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 5 sequence: 0 headerKeys: [h1,h2] key: k1 payload: hello',
      '| offset: 1 CreateTime: 1700000000001 keySize: -1 valueSize: 6 sequence: 1 headerKeys: [] payload: no key',
      '| offset: 2 CreateTime: 1700000000002 keySize: 4 valueSize: -1 sequence: 2 headerKeys: [] key: tomb',
    ]);
    const codecLines = lines.filter((l) => l.startsWith('baseOffset: ')).slice(1);
    expect(codecLines.map((l) => /compresscodec: (\w+)/.exec(l)?.[1])).toEqual(['gzip', 'snappy', 'lz4', 'zstd']);
    expect(lines).toContain('| offset: 8 CreateTime: 1700000000031 keySize: 5 valueSize: 7 sequence: 1 headerKeys: [c] key: lz4-2 payload: v-lz4-2');
    expect(lines).toContain('| offset: 9 CreateTime: 1700000000040 keySize: 6 valueSize: 8 sequence: 0 headerKeys: [] key: zstd-1 payload: v-zstd-1');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(3 + 3 + 4 * 3 + 1);
  });

  it('shows the transaction markers and both transactions', async () => {
    const r = await runCli(['dump-log', '--files', seg('dl-txn-0', '.log'), '--deep-iteration']);
    expect(r.exitCode).toBe(0);
    const out = maskClock(r.stdout).replace(/crc: \d+/g, 'crc: <crc>').replace(/size: \d+/g, 'size: <n>').replace(/producerId: \d+/g, 'producerId: <pid>');
    expect(out).toBe(
      [
        `Dumping ${seg('dl-txn-0', '.log')}`,
        'Log starting offset: 0',
        'baseOffset: 0 lastOffset: 0 count: 1 baseSequence: 0 lastSequence: 0 producerId: <pid> producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000100 size: <n> magic: 2 compresscodec: none crc: <crc> isvalid: true',
        '| offset: 0 CreateTime: 1700000000100 keySize: 1 valueSize: 9 sequence: 0 headerKeys: []',
        'baseOffset: 1 lastOffset: 1 count: 1 baseSequence: -1 lastSequence: -1 producerId: <pid> producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: true deleteHorizonMs: OptionalLong.empty position: 78 CreateTime: <now> size: <n> magic: 2 compresscodec: none crc: <crc> isvalid: true',
        '| offset: 1 CreateTime: <now> keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 0',
        'baseOffset: 2 lastOffset: 2 count: 1 baseSequence: 1 lastSequence: 1 producerId: <pid> producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: false deleteHorizonMs: OptionalLong.empty position: 156 CreateTime: 1700000000200 size: <n> magic: 2 compresscodec: none crc: <crc> isvalid: true',
        '| offset: 2 CreateTime: 1700000000200 keySize: 1 valueSize: 7 sequence: 1 headerKeys: []',
        'baseOffset: 3 lastOffset: 3 count: 1 baseSequence: -1 lastSequence: -1 producerId: <pid> producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: true deleteHorizonMs: OptionalLong.empty position: 232 CreateTime: <now> size: <n> magic: 2 compresscodec: none crc: <crc> isvalid: true',
        '| offset: 3 CreateTime: <now> keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: ABORT coordinatorEpoch: 0',
        '',
      ].join('\n'),
    );
  });

  it('decodes __consumer_offsets with --offsets-decoder and __transaction_state with --transaction-log-decoder', async () => {
    const offsets = await runCli(['dump-log', '--files', seg(nonEmpty('__consumer_offsets-'), '.log'), '--offsets-decoder', '--skip-record-metadata']);
    expect(offsets.exitCode).toBe(0);
    const records = maskClock(offsets.stdout)
      .split('\n')
      .filter((l) => l.startsWith('| key: {"type":"1"'));
    expect(records).toEqual([
      '| key: {"type":"1","data":{"group":"dl-group","topic":"dl-data","partition":0}} payload: {"version":"3","data":{"offset":3,"leaderEpoch":-1,"metadata":"","commitTimestamp":<now>}}',
      '| key: {"type":"1","data":{"group":"dl-group","topic":"dl-data","partition":0}} payload: {"version":"3","data":{"offset":5,"leaderEpoch":-1,"metadata":"","commitTimestamp":<now>}}',
    ]);
    // kafkajs' setOffsets joins the group: a classic group's members show their decoded subscription and assignment.
    expect(offsets.stdout).toContain('"subscription":{"topics":["dl-data"],"userData":""},"assignment":{"assignedPartitions":[{"topic":"dl-data","partitions":[0]}],"userData":""}');
    const txn = await runCli(['dump-log', '--files', seg(nonEmpty('__transaction_state-'), '.log'), '--transaction-log-decoder', '--skip-record-metadata']);
    expect(txn.exitCode).toBe(0);
    const states = txn.stdout.split('\n').filter((l) => l.startsWith('| ')).map((l) => /"transactionStatus":"(\w+)"/.exec(l)?.[1]);
    expect(states).toEqual(['Empty', 'Ongoing', 'PrepareCommit', 'CompleteCommit', 'Ongoing', 'PrepareAbort', 'CompleteAbort']);
    expect(txn.stdout).toContain('| key: {"type":"0","data":{"transactionalId":"dl-tx"}} payload: {"version":"');
  });

  it('-o json: decoded __consumer_offsets records as objects, transaction markers as control records', async () => {
    const offsets = await runCli(['dump-log', '--files', seg(nonEmpty('__consumer_offsets-'), '.log'), '--offsets-decoder', '-o', 'json']);
    expect(offsets.exitCode).toBe(0);
    const doc = JSON.parse(offsets.stdout) as { files: Array<{ kind: string; batches: Array<{ records: Array<{ key: { type?: string }; value: unknown; headers: unknown[] }> }> }> };
    const commits = doc.files[0]?.batches.flatMap((b) => b.records).filter((r) => r.key.type === '1');
    expect(commits).toEqual(
      [3, 5].map((offset) => ({
        offset: expect.any(Number) as number,
        timestamp: expect.any(Number) as number,
        keySize: expect.any(Number) as number,
        valueSize: expect.any(Number) as number,
        sequence: expect.any(Number) as number,
        headerKeys: [],
        key: { type: '1', data: { group: 'dl-group', topic: 'dl-data', partition: 0 } },
        value: { version: '3', data: { offset, leaderEpoch: -1, metadata: '', commitTimestamp: expect.any(Number) as number } },
        headers: [],
      })),
    );
    const txn = await runCli(['dump-log', '--files', seg('dl-txn-0', '.log'), '--deep-iteration', '--json']);
    const batches = (JSON.parse(txn.stdout) as { files: Array<{ batches: Array<{ isControl: boolean; records: Array<Record<string, unknown>> }> }> }).files[0]?.batches ?? [];
    expect(batches.map((b) => b.isControl)).toEqual([false, true, false, true]);
    expect(batches.filter((b) => b.isControl).map((b) => b.records[0]?.['control'])).toEqual([
      { type: 'COMMIT', coordinatorEpoch: 0 },
      { type: 'ABORT', coordinatorEpoch: 0 },
    ]);
    expect(batches[0]?.records[0]).toEqual({ offset: 0, timestamp: 1700000000100, keySize: 1, valueSize: 9, sequence: 0, headerKeys: [] });
  });

  it('prints and checks the offset and time indexes', async () => {
    const r = await runCli(['dump-log', '--files', `${seg('dl-data-0', '.index')},${seg('dl-data-0', '.timeindex')}`]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(`Dumping ${seg('dl-data-0', '.index')}`);
    const sanity = await runCli(['dump-log', '--files', `${seg('dl-data-0', '.index')},${seg('dl-data-0', '.timeindex')}`, '--index-sanity-check']);
    expect(sanity.stdout).toMatch(new RegExp(`(passed sanity check\\.|is empty\\.)\\n`));
  });

  it('reports a truncated segment, an unknown file and a missing file as Kafka does', async () => {
    const cut = path.join(dir, 'cut');
    fs.mkdirSync(cut);
    const log = fs.readFileSync(seg('dl-data-0', '.log'));
    const first = 12 + log.readInt32BE(8);
    fs.writeFileSync(path.join(cut, `${SEG}.log`), log.subarray(0, first + 30));
    const t = await runCli(['dump-log', '--files', `${path.join(cut, `${SEG}.log`)},${path.join(dir, 'dl-data-0', 'partition.metadata')}`]);
    expect(t.exitCode).toBe(0);
    expect(t.stdout.split('\n').slice(-3)).toEqual([`Found 30 invalid bytes at the end of ${SEG}.log`, `Dumping ${path.join(dir, 'dl-data-0', 'partition.metadata')}`, '']);
    expect(t.stderr).toBe(`Ignoring unknown file ${path.join(dir, 'dl-data-0', 'partition.metadata')}\n`);
    const missing = await runCli(['dump-log', '--files', path.join(cut, 'nope.log')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toBe(`Dumping ${path.join(cut, 'nope.log')}\n`);
    expect(missing.stderr).toBe(`tkafka: For input string: "nope"\n`);
    const gone = await runCli(['dump-log', '--files', path.join(cut, `${SEG.slice(0, -1)}1.log`)]);
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toBe(`tkafka: java.nio.file.NoSuchFileException: ${path.join(cut, `${SEG.slice(0, -1)}1.log`)}\n`);
    const usage = await runCli(['dump-log']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe('tkafka: Missing required argument "[files]"');
    const meta = await runCli(['dump-log', '--files', seg('dl-data-0', '.log'), '--cluster-metadata-decoder']);
    expect(meta.exitCode).toBe(1);
    expect(meta.stderr).toMatch(/^tkafka: --cluster-metadata-decoder is not supported by tkafka dump-log .*\n$/);
  });
});
