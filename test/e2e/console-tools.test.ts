import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient, EARLIEST_TIMESTAMP } from '../../src/client/native/client.js';
import { NativeConsumer } from '../../src/client/native/consumer.js';
import { partitionForKey } from '../../src/client/native/partitioner.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';

// The built bin/tkafka.js against a real in-process broker: exact stdout bytes, stderr messages
// and exit codes, and interoperability with kcat (librdkafka) in both directions.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
});

afterAll(async () => {
  await b.dispose();
});

function produce(topic: string, input: string, ...args: string[]): Promise<CliResult> {
  return runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', topic, ...args], { input });
}

function consume(...args: string[]): Promise<CliResult> {
  return runCli(['console-consumer', '--bootstrap-server', b.bootstrap, ...args]);
}

function createTopic(name: string, partitions: number): void {
  const r = b.running.broker.topics.create(name, partitions, {});
  if (!r.ok) throw new Error(`cannot create ${name}`);
}

function expectOneLineError(r: CliResult, code: number, message: RegExp): void {
  expect(r.exitCode).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(message);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const seq = (n: number, from = 1): string => Array.from({ length: n }, (_, i) => `${i + from}\n`).join('');

describe('console-producer | console-consumer round trips', () => {
  it('seq 1 100000 comes back exactly, with and without --partition/--offset', async () => {
    const input = seq(100_000);
    const p = await produce('seq', input);
    expect(p).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    const c = await consume('--topic', 'seq', '--from-beginning', '--max-messages', '100000');
    expect(c.exitCode).toBe(0);
    expect(c.stdout).toBe(input);
    expect(c.stderr).toBe('Processed a total of 100000 messages\n');
    const assigned = await consume('--topic', 'seq', '--partition', '0', '--offset', 'earliest', '--max-messages', '100000');
    expect(assigned.stdout).toBe(input);
    const from = await consume('--topic=seq', '--partition=0', '--offset=99997', '--max-messages=3');
    expect(from.stdout).toBe('99998\n99999\n100000\n');
  });

  it('spreads unkeyed lines over 3 partitions and reads back the same multiset', async () => {
    createTopic('spread', 3);
    const input = seq(30_000);
    expect((await produce('spread', input, '--batch-size', '2000')).exitCode).toBe(0);
    const c = await consume('--topic', 'spread', '--from-beginning', '--max-messages', '30000', '--property', 'print.partition=true');
    const rows = c.stdout.trimEnd().split('\n').map((l) => l.split('\t') as [string, string]);
    expect(rows.map((r) => Number(r[1])).sort((x, y) => x - y)).toEqual(Array.from({ length: 30_000 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r[0])).size).toBe(3);
    // Within a partition, lines keep their input order.
    for (const part of ['Partition:0', 'Partition:1', 'Partition:2']) {
      const values = rows.filter((r) => r[0] === part).map((r) => Number(r[1]));
      expect(values).toEqual([...values].sort((x, y) => x - y));
    }
  });

  it('spreads keys over 3 partitions like Kafka (murmur2), keeping per-key order', async () => {
    createTopic('keyed', 3);
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota'];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`${keys[i % keys.length] ?? ''}\t${i}`);
    const p = await produce('keyed', `${lines.join('\n')}\n`, '--property', 'parse.key=true');
    expect(p.exitCode).toBe(0);
    const c = await consume('--topic', 'keyed', '--from-beginning', '--max-messages', '3000', '--property', 'print.key=true', '--property', 'print.partition=true');
    const out = c.stdout.trimEnd().split('\n');
    expect(out.map((l) => l.split('\t').slice(1).join('\t')).sort()).toEqual([...lines].sort());
    const byKey = new Map<string, number[]>();
    for (const l of out) {
      const [part, key, value] = l.split('\t') as [string, string, string];
      expect(part).toBe(`Partition:${partitionForKey(Buffer.from(key), 3)}`);
      byKey.set(key, [...(byKey.get(key) ?? []), Number(value)]);
    }
    for (const values of byKey.values()) expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(new Set(out.map((l) => l.split('\t')[0]))).toEqual(new Set(keys.map((k) => `Partition:${partitionForKey(Buffer.from(k), 3)}`)));
    // librdkafka's murmur2 partitioner puts the same keys on the same partitions.
    createTopic('keyed-kcat', 3);
    const kp = await kcat(['-b', b.bootstrap, '-t', 'keyed-kcat', '-P', '-K', '\t', '-X', 'partitioner=murmur2_random'], `${keys.map((k) => `${k}\tx-${k}`).join('\n')}\n`);
    expect(kp.exitCode, kp.stderr).toBe(0);
    const k = await kcat(['-b', b.bootstrap, '-t', 'keyed-kcat', '-C', '-e', '-q', '-f', '%p %o %k %s\n']);
    expect(k.exitCode, k.stderr).toBe(0);
    // Every key once, on its murmur2 partition, at the next offset of that partition in input order.
    const next = new Map<number, number>();
    const expected = keys.map((key) => {
      const part = partitionForKey(Buffer.from(key), 3);
      const offset = next.get(part) ?? 0;
      next.set(part, offset + 1);
      return `${part} ${offset} ${key} x-${key}`;
    });
    expect(k.stdout.trimEnd().split('\n').sort()).toEqual(expected.sort());
  });

  it('round-trips keys, headers and null markers, printing every formatter field in order', async () => {
    const input = ['h1:v1,h2:NULL\tk1\tval1', 'NULL\tk2\tNULL', 'h3:\tNULL\t', 'a:1,a:2\t\tv'].join('\n');
    const p = await produce('hdr', input, '--reader-property', 'parse.key=true', '--reader-property=parse.headers=true', '--reader-property', 'null.marker=NULL');
    expect(p.exitCode).toBe(0);
    const props = ['print.partition', 'print.offset', 'print.headers', 'print.key'].flatMap((k) => ['--formatter-property', `${k}=true`]);
    const c = await consume('--topic', 'hdr', '--from-beginning', '--max-messages', '4', ...props);
    expect(c.stdout).toBe(
      ['Partition:0\tOffset:0\th1:v1,h2:null\tk1\tval1', 'Partition:0\tOffset:1\tNO_HEADERS\tk2\tnull', 'Partition:0\tOffset:2\th3:\tnull\t', 'Partition:0\tOffset:3\ta:1,a:2\t\tv', ''].join('\n'),
    );
    // What kcat sees: the same keys, values, headers and nulls.
    const k = await kcat(['-b', b.bootstrap, '-t', 'hdr', '-C', '-e', '-q', '-J']);
    expect(k.exitCode, k.stderr).toBe(0);
    const rows = k.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string | null; payload: string | null; headers?: Array<string | null> });
    expect(rows.map((r) => [r.key, r.payload, r.headers ?? []])).toEqual([
      ['k1', 'val1', ['h1', 'v1', 'h2', null]],
      ['k2', null, []],
      [null, '', ['h3', '']],
      ['', 'v', ['a', '1', 'a', '2']],
    ]);
    // Timestamps as kcat reads them; custom separators and null literal.
    const ts = await kcat(['-b', b.bootstrap, '-t', 'hdr', '-C', '-e', '-q', '-f', '%T\n']);
    expect(ts.exitCode, ts.stderr).toBe(0);
    const times = ts.stdout.trimEnd().split('\n');
    expect(times).toEqual([expect.stringMatching(/^\d{13}$/), expect.stringMatching(/^\d{13}$/), expect.stringMatching(/^\d{13}$/), expect.stringMatching(/^\d{13}$/)]);
    const withTs = await consume('--topic', 'hdr', '--from-beginning', '--max-messages', '2', '--property', 'print.timestamp=true', '--property', 'print.key=true', '--property', 'key.separator= | ', '--property', 'null.literal=<nil>', '--property', 'line.separator=;');
    expect(withTs.stdout).toBe(`CreateTime:${times[0]} | k1 | val1;CreateTime:${times[1]} | k2 | <nil>;`);
  });

  it('-o json → --input-format json → -o json is the identity (but for the topic)', async () => {
    const input = Buffer.concat([Buffer.from('k:'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('\n:\nx:plain\n')]);
    const k = await kcat(['-b', b.bootstrap, '-t', 'json-src', '-P', '-K:', '-H', 'h=\u00ff'], input);
    expect(k.exitCode).toBe(0);
    await produce('json-src', 'NULL\tNULL\n', '--property', 'parse.key=true', '--property', 'null.marker=NULL');
    const a = await consume('--topic', 'json-src', '--from-beginning', '--max-messages', '4', '-o', 'json');
    expect(a.exitCode).toBe(0);
    const lines = a.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3] ?? '')).toMatchObject({ key: null, value: null, headers: [] });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ key: 'k', value: '//4A', valueEncoding: 'base64', headers: [{ key: 'h', value: '\u00ff' }] });
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ key: '', value: '' });
    const p = await produce('json-dst', a.stdout, '--input-format', 'json');
    expect(p).toMatchObject({ exitCode: 0, stderr: '' });
    const c = await consume('--topic', 'json-dst', '--from-beginning', '--max-messages', '4', '--json');
    expect(c.stdout).toBe(a.stdout.replaceAll('"topic":"json-src"', '"topic":"json-dst"'));
  });

  it.each(['gzip', 'snappy', 'lz4', 'zstd'])('%s: batches are compressed, and kcat and tkafka read each other', async (codec) => {
    const input = seq(500);
    const p = await produce(`z-${codec}`, input, '--compression-codec', codec);
    expect(p.exitCode).toBe(0);
    const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'test' });
    try {
      const consumer = new NativeConsumer(client, { isolationLevel: 0, maxWaitMs: 100, minBytes: 1, maxBytes: 1 << 20, partitionMaxBytes: 1 << 20, resetPolicy: 'earliest' });
      await consumer.assign([{ topic: `z-${codec}`, partition: 0, offset: EARLIEST_TIMESTAMP }]);
      const got = await consumer.poll(5000);
      expect(got[0]?.batch.compression).toBe({ gzip: 1, snappy: 2, lz4: 3, zstd: 4 }[codec]);
      consumer.close();
    } finally {
      await client.close();
    }
    const k = await kcat(['-b', b.bootstrap, '-t', `z-${codec}`, '-C', '-e', '-q']);
    expect(k).toMatchObject({ exitCode: 0, stdout: input });
    const kp = await kcat(['-b', b.bootstrap, '-t', `zk-${codec}`, '-P', '-z', codec], input);
    expect(kp.exitCode, kp.stderr).toBe(0);
    const c = await consume('--topic', `zk-${codec}`, '--from-beginning', '--max-messages', '500');
    expect(c.stdout).toBe(input);
  });

  it('--compression-codec without a value means gzip', async () => {
    const p = await produce('z-default', 'a\nb\n', '--compression-codec', '--sync');
    expect(p.exitCode).toBe(0);
    const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'test' });
    try {
      const consumer = new NativeConsumer(client, { isolationLevel: 0, maxWaitMs: 100, minBytes: 1, maxBytes: 1 << 20, partitionMaxBytes: 1 << 20, resetPolicy: 'earliest' });
      await consumer.assign([{ topic: 'z-default', partition: 0, offset: EARLIEST_TIMESTAMP }]);
      const got = await consumer.poll(5000);
      expect(got.map((g) => g.batch.compression)).toEqual([1, 1]);
      consumer.close();
    } finally {
      await client.close();
    }
  });
});

describe('console-consumer start and stop positions', () => {
  beforeAll(async () => {
    await produce('pos', seq(20));
  });

  it('--tail, --from-time and --exit-at-end', async () => {
    const tail = await consume('--topic', 'pos', '--tail', '3', '--exit-at-end');
    expect(tail).toMatchObject({ exitCode: 0, stdout: '18\n19\n20\n', stderr: 'Processed a total of 3 messages\n' });
    const all = await consume('--topic', 'pos', '--from-beginning', '--exit-at-end');
    expect(all.stdout).toBe(seq(20));
    const future = await consume('--topic', 'pos', '--from-time', String(Date.now() + 3_600_000), '--exit-at-end');
    expect(future).toMatchObject({ exitCode: 0, stdout: '' });
    const past = await consume('--topic', 'pos', '--from-time', '-1h', '--exit-at-end');
    expect(past.stdout).toBe(seq(20));
  });

  it('--timeout-ms ends a quiet consumer with exit 0', async () => {
    const r = await consume('--topic', 'pos', '--timeout-ms', '300');
    expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: 'Processed a total of 0 messages\n' });
  });

  it('--include reads every matching topic', async () => {
    await produce('inc-a', 'a\n');
    await produce('inc-b', 'b\n');
    const r = await consume('--include', 'inc-.*', '--from-beginning', '--max-messages', '2');
    expect(r.stdout.split('\n').sort()).toEqual(['', 'a', 'b']);
  });
});

describe('consumer groups', () => {
  it('reads with --group, commits, and a second run continues after what was printed', async () => {
    await produce('grp', seq(10));
    const first = await consume('--topic', 'grp', '--group', 'g1', '--from-beginning', '--max-messages', '4');
    expect(first).toMatchObject({ exitCode: 0, stdout: seq(4) });
    const second = await consume('--topic', 'grp', '--group', 'g1', '--from-beginning', '--max-messages', '6');
    expect(second.stdout).toBe(seq(6, 5));
  });
});

describe('errors', () => {
  it('a wrong flag or value exits 2 with one line naming it', async () => {
    expectOneLineError(await consume('--topic', 't', '--form-beginning'), 2, /unknown option '--form-beginning'/);
    expectOneLineError(await consume('--topic', 't', '--offset', '5'), 2, /^tkafka: The partition is required when offset is specified\.$/);
    expectOneLineError(await consume('--topic', 't', '--partition', '0', '--offset', 'soon'), 2, /The provided offset value 'soon' is incorrect/);
    expectOneLineError(await consume('--from-beginning'), 2, /^tkafka: Exactly one of the following arguments is required: \[topic\], \[include\]$/);
    expectOneLineError(await consume('--topic', 't', '--group', 'g', '--partition', '0'), 2, /Options group and partition cannot be specified together\./);
    expectOneLineError(await consume('--topic', 't', '--property', 'print.key=true', '--formatter-property', 'print.value=true'), 2, /Options --property and --formatter-property cannot be specified together\./);
    expectOneLineError(await produce('t', '', '--compression-codec', 'brotli'), 2, /^tkafka: Invalid value brotli for configuration compression\.type: String must be one of: none, gzip, snappy, lz4, zstd$/);
    expectOneLineError(await produce('t', '', '--timeout', '-5'), 2, /^tkafka: Invalid value -5 for configuration linger\.ms: Value must be at least 0$/);
    expectOneLineError(await produce('t', '', '--batch-size', 'x'), 2, /^tkafka: Cannot parse argument 'x' of option batch-size$/);
    expectOneLineError(await consume('--topic', 't', '--partition', 'x'), 2, /^tkafka: Cannot parse argument 'x' of option partition$/);
    expectOneLineError(await consume('--topic', 't', '--isolation-level', 'foo'), 2, /^tkafka: Invalid value foo for configuration isolation\.level: String must be one of: read_committed, read_uncommitted$/);
    expectOneLineError(await produce('t', '', '--producer-property', 'sasl.kerberos.service.name=kafka'), 2, /Unsupported client property 'sasl\.kerberos\.service\.name'/);
    expectOneLineError(await runCli(['console-producer']), 2, /^tkafka: Missing required argument "\[topic\]"$/);
  });

  it('an invalid topic name is the broker refusing it, named, with a hint (not an internal error)', async () => {
    const p = await produce('bad topic!', 'a\n');
    expect(p).toMatchObject({ exitCode: 1, stdout: '' });
    expect(p.stderr).toBe(
      "tkafka: INVALID_TOPIC_EXCEPTION (17): topic 'bad topic!': The topic name is invalid or the operation is not allowed on this topic.\nTopic names are 1 to 249 characters from ASCII letters, digits, '.', '_' and '-'.\n",
    );
    const c = await consume('--topic', 'bad topic!', '--timeout-ms', '500');
    expect(c).toMatchObject({ exitCode: 1, stdout: '' });
    expect(c.stderr.split('\n').slice(0, 2)).toEqual(['Processed a total of 0 messages', "tkafka: INVALID_TOPIC_EXCEPTION (17): topic 'bad topic!': The topic name is invalid or the operation is not allowed on this topic."]);
  });

  it('--partition on a missing topic has it auto-created, as Kafka does; a negative --max-messages means no limit', async () => {
    const c = await consume('--topic', 'created-by-partition', '--partition', '0', '--timeout-ms', '300');
    expect(c).toMatchObject({ exitCode: 0, stdout: '', stderr: 'Processed a total of 0 messages\n' });
    expect(b.running.broker.topics.get('created-by-partition')?.partitions.map((p) => p.index)).toEqual([0]);
    expect((await produce('created-by-partition', 'a\nb\n')).exitCode).toBe(0);
    // The idle timeout is what ends this read: long enough that a slow first fetch on a busy machine is not mistaken for the end.
    const all = await consume('--topic', 'created-by-partition', '--partition', '0', '--offset', 'earliest', '--max-messages', '-1', '--timeout-ms', '3000');
    expect(all).toMatchObject({ exitCode: 0, stdout: 'a\nb\n', stderr: 'Processed a total of 2 messages\n' });
  });

  it('an unreachable broker is one line saying nothing answers, exit 1', async () => {
    const r = await runCli(['console-consumer', '--bootstrap-server', '127.0.0.1:1', '--topic', 't']);
    // Like Kafka's tool, the consumer reports its count once it has started, even when nothing answered.
    expect(r).toMatchObject({ exitCode: 1, stdout: '' });
    const [count, error, ...rest] = r.stderr.trimEnd().split('\n');
    expect(count).toBe('Processed a total of 0 messages');
    expect(error).toMatch(/^tkafka: Nothing answers at 127\.0\.0\.1:1 \(connection refused\); start the bundled broker with 'tkafka broker start'/);
    expect(rest).toEqual([]);
    const p = await runCli(['console-producer', '--topic', 't'], { input: 'x\n', env: { TKAFKA_BOOTSTRAP_SERVER: '127.0.0.1:1' } });
    expectOneLineError(p, 1, /Nothing answers at 127\.0\.0\.1:1/);
  });

  it('a record the broker rejects is reported with its line number and exit 1', async () => {
    const big = 'x'.repeat(1_100_000);
    const r = await produce('too-big', `ok\n${big}\nok\n`, '--sync');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error when sending the record on line 2 to too-big-0: MESSAGE_TOO_LARGE/m);
    const bad = await produce('bad-line', 'k\tv\nno-separator\n', '--property', 'parse.key=true');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("tkafka: No key separator found on line number 2: 'no-separator'\n");
    const c = await consume('--topic', 'bad-line', '--from-beginning', '--exit-at-end');
    expect(c.stdout).toBe('v\n');
  });

  it('neither --help nor a group run loads kafkajs (only the SASL fallback does)', async () => {
    const env = { NODE_DEBUG: 'module' };
    const help = await runCli(['console-consumer', '--help'], { env });
    expect(help.exitCode).toBe(0);
    expect(help.stderr).not.toMatch(/kafkajs/);
    const group = await runCli(['console-consumer', '--bootstrap-server', '127.0.0.1:1', '--topic', 't', '--group', 'g'], { env });
    expect(group.stderr).toMatch(/Nothing answers at 127\.0\.0\.1:1/);
    expect(group.stderr).not.toMatch(/kafkajs/);
  });
});
