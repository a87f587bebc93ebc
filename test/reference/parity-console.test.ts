// tkafka console-producer and console-consumer side by side with Kafka's ConsoleProducer and ConsoleConsumer:
// on the single Apache Kafka node (PLAINTEXT and SASL_SSL), on the three-node cluster, and on error paths.
// Producers write to a side-named topic each (`<base>-k` / `<base>-t`); what landed is then read back from
// both with Kafka's own ConsoleConsumer (keys, headers, partitions, offsets: murmur2 must match Kafka's) and
// the stored batches' compression checked. Consumers read the same topics on both sides.
import { Kafka, logLevel } from 'kafkajs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EARLIEST_TIMESTAMP, NativeClient } from '../../src/client/native/client.js';
import { NativeConsumer } from '../../src/client/native/consumer.js';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool, type KafkaClusterInfo } from './kafka-ref.js';
import { expectParity, KAFKA_TOOL, type DeviationId, type Scenario } from './parity.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const kafka3 = inject('kafka3');
const runDir = inject('refRunDir');
/** In every topic and group name, so the file can run again on a cluster that is still up (npm run kafka:ref). */
const R = Math.random().toString(36).slice(2, 6);
/** The topics the consumer scenarios read, the same on both sides. */
const C = { fmt: `c${R}-fmt`, parts: `c${R}-parts`, longs: `c${R}-longs`, txn: `c${R}-txn`, incA: `c${R}-inc-a`, incB: `c${R}-inc-b`, inc: `c${R}-inc-.*` };

const T_PROD = 'console-producer vs ConsoleProducer (Kafka, 1 node)';
const T_LANDED = 'console-producer: what landed, read back by ConsoleConsumer';
const T_CONS = 'console-consumer vs ConsoleConsumer (Kafka, 1 node)';
const T_SASL = 'console tools over SASL_SSL (Kafka, 1 node)';
const T_RF3 = 'console tools on 3 nodes (RF 3)';
const T_ERR = 'console tools: error paths';

/** Every field the DefaultMessageFormatter can print, for read-backs. */
const PRINT_ALL = ['print.partition', 'print.offset', 'print.headers', 'print.key'].flatMap((p) => ['--formatter-property', `${p}=true`]);

const fmt = (...props: string[]): string[] => props.flatMap((p) => ['--formatter-property', p]);
const rdr = (...props: string[]): string[] => props.flatMap((p) => ['--reader-property', p]);

/** Lines of several partitions interleave by nature: compare them sorted. */
const sortLines = (s: string): string => {
  const lines = s.split('\n');
  const last = lines[lines.length - 1] === '' ? lines.pop() : undefined;
  return [...lines.sort(), ...(last === undefined ? [] : [last])].join('\n');
};

async function createTopics(c: KafkaClusterInfo, topics: Array<{ topic: string; numPartitions: number; replicationFactor?: number }>): Promise<void> {
  const kafka = new Kafka({ brokers: c.bootstrap.split(','), clientId: 'parity-setup', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

async function tk(args: string[], input?: string): Promise<void> {
  const r = await runCli(args, input === undefined ? {} : { input });
  if (r.exitCode !== 0) throw new Error(`tkafka ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

/** The compression codec of every stored batch of `topic` (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
async function batchCodecs(bootstrap: string, topic: string, partitions: number): Promise<number[]> {
  const client = await NativeClient.connect({ brokers: bootstrap.split(','), clientId: 'parity-codecs' });
  try {
    const consumer = new NativeConsumer(client, { isolationLevel: 0, maxWaitMs: 200, minBytes: 1, maxBytes: 1 << 20, partitionMaxBytes: 1 << 20, resetPolicy: 'earliest' });
    await consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: EARLIEST_TIMESTAMP })));
    const codecs = new Set<number>();
    for (let i = 0; i < 3; i++) for (const b of await consumer.poll(300)) codecs.add(b.batch.compression);
    consumer.close();
    return [...codecs].sort();
  } finally {
    await client.close();
  }
}

/** Read-back lines (`Partition:P<TAB>Offset:O<TAB>headers<TAB>key<TAB>value`) grouped by the `[tag]` each record carries, in partition/offset order. */
function byTag(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const tag = /\[(\w+)\]/.exec(line)?.[1] ?? '?';
    out.set(tag, [...(out.get(tag) ?? []), line]);
  }
  const po = (l: string): [number, number] => {
    const m = /^Partition:(\d+)\tOffset:(\d+)/.exec(l);
    return [Number(m?.[1]), Number(m?.[2])];
  };
  for (const lines of out.values()) lines.sort((a, b) => po(a)[0] - po(b)[0] || po(a)[1] - po(b)[1]);
  return out;
}

/** Reads every topic matching `include` from the beginning with Kafka's ConsoleConsumer. */
async function readBack(c: KafkaClusterInfo, bootstrap: string, include: string, count: number): Promise<string> {
  const r = await runKafkaTool(c, KAFKA_TOOL['console-consumer'], ['--bootstrap-server', bootstrap, '--include', include, '--from-beginning', '--max-messages', String(count), '--timeout-ms', '20000', ...PRINT_ALL]);
  return r.stdout;
}

/** Each side's topic must hold batches of exactly these codecs (per side when a documented deviation says why). */
type Codecs = number[] | { k: number[]; t: number[]; why: string };

interface Landed {
  tag: string;
  name: string;
  /** Records with this scenario's tag that must have landed on each side. */
  count: number;
  /** Records without a tag (compared together). */
  untagged?: number;
  codecs?: Codecs;
  partitions?: number;
}

/** Kafka's ConsoleProducer sets compression.type from --compression-codec, or to none: a compression.type property never counts. */
const COMPRESSION_PROPERTY =
  "tkafka honours compression.type from --command-property/--command-config (flags win over properties, properties over defaults); Kafka's ConsoleProducer overwrites it with --compression-codec's value or none, so its batches are uncompressed";

describe('console-producer against Apache Kafka', () => {
  const bs = kafka1.bootstrap;
  const landed: Landed[] = [];
  const prod = (tag: string, s: { name: string; partitions?: number; args: (n: (b: string) => string) => string[]; input: string; count: number; untagged?: number; codecs?: Codecs; deviations?: DeviationId[] }): Promise<unknown> => {
    landed.push({ tag, name: s.name, count: s.count, untagged: s.untagged ?? 0, ...(s.codecs === undefined ? {} : { codecs: s.codecs }), partitions: s.partitions ?? 1 });
    return expectParity(kafka1, {
      tier: T_PROD,
      tool: 'console-producer',
      name: s.name,
      input: s.input,
      ...(s.deviations === undefined ? {} : { deviations: s.deviations }),
      args: (n) => ['--bootstrap-server', bs, '--topic', n(`p${R}-${tag}`), ...s.args(n)],
    });
  };
  const topics: Array<[string, number]> = [
    ['plain', 1],
    ['keys', 6],
    ['hdrs', 1],
    ['ignore', 1],
    ['badline', 1],
    ['gzip', 1],
    ['snappy', 1],
    ['lz4', 1],
    ['zstd', 1],
    ['gzdflt', 1],
    ['sync', 1],
    ['batch', 1],
    ['pprop', 2],
    ['ccfg', 1],
  ];

  beforeAll(async () => {
    await createTopics(
      kafka1,
      topics.flatMap(([t, p]) => ['k', 't'].map((side) => ({ topic: `p${R}-${t}-${side}`, numPartitions: p }))),
    );
  });

  it('plain lines', async () => {
    // The empty line (an empty value, no tag) is compared with the other untagged records.
    await prod('plain', { name: 'plain lines (an empty one, UTF-8, no final newline)', input: '[plain] one\n[plain] two\n\n[plain] ünïcødé ✓\n[plain] last line without newline', count: 4, untagged: 1, args: () => [] });
  });

  it('parse.key with key.separator: keys partitioned by murmur2 as Kafka does', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? `ключ-${i}` : `key-${i}`));
    const input = keys.map((k, i) => `${k}::[keys] v${i}\n`).join('');
    await prod('keys', { name: 'parse.key=true key.separator=:: (6 partitions)', partitions: 6, input, count: 40, args: () => rdr('parse.key=true', 'key.separator=::') });
  });

  it('parse.headers with custom headers.delimiter, headers.separator, headers.key.separator, and null.marker', async () => {
    const input = ['h1=a;h2=b|k1|[hdrs] v1', 'h1=c|k2|[hdrs] v2', 'solo=|k3|[hdrs] v3', 'x=1;y=2;z=3|k4|[hdrs] v4 with | bar', 'h=[hdrs]|NULL|v5', 'h=NULL|k6|[hdrs] v6', 'h=[hdrs]|k7|NULL', 'NULL|k8|[hdrs] no headers'].join('\n') + '\n';
    await prod('hdrs', {
      name: 'parse.headers=true parse.key=true headers.delimiter=| headers.separator=; headers.key.separator== key.separator=| null.marker=NULL',
      input,
      count: 8,
      args: () => rdr('parse.headers=true', 'parse.key=true', 'headers.delimiter=|', 'headers.separator=;', 'headers.key.separator==', 'key.separator=|', 'null.marker=NULL'),
    });
  });

  it('ignore.error keeps lines without separators', async () => {
    const input = ['k1\t[ignore] v1', '[ignore] no separator here', 'h:1,bad\tk3\t[ignore] v3'].join('\n') + '\n';
    await prod('ignore', { name: 'parse.key=true ignore.error=true', input, count: 3, args: () => rdr('parse.key=true', 'ignore.error=true') });
  });

  it('a line without its key separator stops the producer (what came before is sent)', async () => {
    await prod('badline', { name: 'parse.key=true, line 2 without separator', input: 'k1\t[badline] v1\nno separator\nk3\t[badline] v3\n', count: 1, deviations: ['java-exception'], args: () => rdr('parse.key=true') });
  });

  it('--compression-codec gzip, snappy, lz4, zstd, and the flag alone', async () => {
    const codecs = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
    for (const [codec, id] of Object.entries(codecs)) {
      const input = Array.from({ length: 20 }, (_, i) => `[${codec}] record ${i} ${'x'.repeat(i * 3)}\n`).join('');
      await prod(codec, { name: `--compression-codec ${codec}`, input, count: 20, codecs: [id], args: () => ['--compression-codec', codec] });
    }
    await prod('gzdflt', { name: '--compression-codec (no value: gzip)', input: '[gzdflt] a\n[gzdflt] b\n', count: 2, codecs: [1], args: () => ['--compression-codec'] });
  });

  it('--request-required-acks, --sync, --batch-size and --timeout', async () => {
    const lines = (tag: string, n: number): string => Array.from({ length: n }, (_, i) => `[${tag}] ${i}\n`).join('');
    await prod('sync', { name: '--sync --request-required-acks 0', input: lines('sync', 5), count: 5, args: () => ['--sync', '--request-required-acks', '0'] });
    await prod('batch', { name: '--request-required-acks 1 --batch-size 64 --timeout 50', input: lines('batch', 30), count: 30, args: () => ['--request-required-acks', '1', '--batch-size', '64', '--timeout', '50'] });
  });

  it('--producer-property, --producer.config and --command-config', async () => {
    const cfg = path.join(runDir, 'console-producer.properties');
    fs.writeFileSync(cfg, 'compression.type=lz4\nacks=1\nlinger.ms=0\n');
    const keyed = (tag: string): string => Array.from({ length: 10 }, (_, i) => `k${i}\t[${tag}] v${i}\n`).join('');
    await prod('pprop', {
      name: '--property parse.key=true --producer-property compression.type=zstd --producer-property acks=all (old names)',
      partitions: 2,
      input: keyed('pprop'),
      count: 10,
      codecs: { k: [0], t: [4], why: COMPRESSION_PROPERTY },
      deviations: ['deprecated-option-notice'],
      args: () => ['--property', 'parse.key=true', '--producer-property', 'compression.type=zstd', '--producer-property', 'acks=all'],
    });
    await prod('ccfg', {
      name: '--command-config (compression.type=lz4, acks=1, linger.ms=0) --command-property compression.type=snappy',
      input: keyed('ccfg'),
      count: 10,
      codecs: { k: [0], t: [2], why: COMPRESSION_PROPERTY },
      args: () => [...rdr('parse.key=true'), '--command-config', cfg, '--command-property', 'compression.type=snappy'],
    });
  });

  afterAll(async () => {
    // One read-back per side for every producer scenario above: records carry their scenario's [tag].
    const total = landed.reduce((s, l) => s + l.count + (l.untagged ?? 0), 0);
    const k = byTag(await readBack(kafka1, bs, `p${R}-.*-k`, total));
    const t = byTag(await readBack(kafka1, bs, `p${R}-.*-t`, total));
    const failures: string[] = [];
    // Records without a tag (the plain scenario's empty line) must match too.
    if (JSON.stringify(k.get('?') ?? []) !== JSON.stringify(t.get('?') ?? [])) failures.push(`untagged records: Kafka ${JSON.stringify(k.get('?'))}, tkafka ${JSON.stringify(t.get('?'))}`);
    for (const l of landed) {
      const kl = k.get(l.tag) ?? [];
      const tl = t.get(l.tag) ?? [];
      let problem: string | undefined;
      let deviation: string | undefined;
      if (kl.length !== l.count) problem = `Kafka's side holds ${kl.length} records, expected ${l.count}`;
      else if (JSON.stringify(kl) !== JSON.stringify(tl)) problem = `Kafka's topic holds\n${kl.join('\n')}\ntkafka's holds\n${tl.join('\n')}`;
      if (problem === undefined && l.codecs !== undefined) {
        const want = Array.isArray(l.codecs) ? { k: l.codecs, t: l.codecs } : l.codecs;
        const [kc, tc] = [await batchCodecs(bs, `p${R}-${l.tag}-k`, l.partitions ?? 1), await batchCodecs(bs, `p${R}-${l.tag}-t`, l.partitions ?? 1)];
        if (JSON.stringify(kc) !== JSON.stringify(want.k) || JSON.stringify(tc) !== JSON.stringify(want.t)) problem = `batch codecs Kafka ${kc.join(',')}, tkafka ${tc.join(',')}; expected ${want.k.join(',')} and ${want.t.join(',')}`;
        else if (!Array.isArray(l.codecs)) deviation = l.codecs.why;
      }
      const scenario = l.name + (l.codecs === undefined ? '' : ' (+ batch codec)');
      if (problem !== undefined) {
        logParity({ tier: T_LANDED, scenario, result: 'differs', why: 'UNDOCUMENTED DIFFERENCE' });
        failures.push(`${l.name}: ${problem}`);
      } else logParity({ tier: T_LANDED, scenario, result: deviation === undefined ? 'identical' : 'differs', ...(deviation === undefined ? {} : { why: deviation }) });
    }
    // Keys really spread: the murmur2 check means something only when several partitions are used.
    expect(new Set((k.get('keys') ?? []).map((x) => x.split('\t')[0])).size).toBeGreaterThan(3);
    expect(failures).toEqual([]);
  });
});

describe('console-consumer against Apache Kafka', () => {
  const bs = kafka1.bootstrap;
  const cons = (s: Omit<Scenario, 'tier' | 'tool' | 'args'> & { args: (n: (b: string) => string) => string[] }): Promise<unknown> =>
    expectParity(kafka1, { tier: T_CONS, tool: 'console-consumer', ...s, args: (n) => ['--bootstrap-server', bs, ...s.args(n)] });
  const FMT_INPUT = ['h1:a,h2:b\tk1\tv1', 'NULL\tk2\tv2', 'h3:NULL\tNULL\tv3', 'h4:x\tk4\tNULL', 'h5:\tk5\t', 'ü:ß\tキー\t値'].join('\n') + '\n';

  beforeAll(async () => {
    await createTopics(kafka1, [
      { topic: C.fmt, numPartitions: 1 },
      { topic: C.parts, numPartitions: 3 },
      { topic: C.longs, numPartitions: 1 },
      { topic: C.txn, numPartitions: 1 },
      { topic: C.incA, numPartitions: 1 },
      { topic: C.incB, numPartitions: 2 },
    ]);
    const p = (topic: string, input: string, ...args: string[]): Promise<void> => tk(['console-producer', '--bootstrap-server', bs, '--topic', topic, ...args], input);
    await p(C.fmt, FMT_INPUT, ...rdr('parse.headers=true', 'parse.key=true', 'null.marker=NULL'));
    await p(C.parts, Array.from({ length: 12 }, (_, i) => `k${i}\tv${i}\n`).join(''), ...rdr('parse.key=true'));
    const long = (n: bigint): string => {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(n);
      return b.toString('base64');
    };
    const int = (n: number): string => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(n);
      return b.toString('base64');
    };
    const longs = [
      [1, 1n],
      [-1, -1n],
      [70000, 1n << 40n],
      [0, -9223372036854775808n],
    ] as const;
    await p(C.longs, longs.map(([k, v]) => JSON.stringify({ key: int(k), keyEncoding: 'base64', value: long(v), valueEncoding: 'base64' }) + '\n').join(''), '--input-format', 'json');
    await p(C.incA, 'a1\na2\n');
    await p(C.incB, 'x\tb1\ny\tb2\n', ...rdr('parse.key=true'));
    // Transactions (kafkajs): committed, aborted, committed.
    const kafka = new Kafka({ brokers: [bs], clientId: 'parity-txn', logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: `parity-console-txn-${R}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (const [values, commit] of [
        [['committed-1', 'committed-2'], true],
        [['aborted-1'], false],
        [['committed-3'], true],
      ] as const) {
        const txn = await producer.transaction();
        await txn.send({ topic: C.txn, messages: values.map((value) => ({ value })) });
        if (commit) await txn.commit();
        else await txn.abort();
      }
    } finally {
      await producer.disconnect();
    }
  });

  it('--from-beginning --max-messages', async () => {
    await cons({ name: '--from-beginning --max-messages 3', deviations: ['kip848-notice'], args: () => ['--topic', C.fmt, '--from-beginning', '--max-messages', '3'] });
  });

  it('every print.* property, with the records own timestamps', async () => {
    await cons({
      name: 'print.timestamp/key/partition/offset/headers=true (keys, headers, nulls, UTF-8)',
      deviations: ['kip848-notice'],
      args: () => ['--topic', C.fmt, '--from-beginning', '--max-messages', '6', ...fmt('print.timestamp=true', 'print.key=true', 'print.partition=true', 'print.offset=true', 'print.headers=true')],
    });
  });

  it('key.separator, line.separator, headers.separator, null.literal', async () => {
    await cons({
      name: "key.separator=' | ' line.separator=<EOR> headers.separator=; null.literal=<nil>",
      deviations: ['kip848-notice'],
      args: () => ['--topic', C.fmt, '--from-beginning', '--max-messages', '6', ...fmt('print.key=true', 'print.headers=true', 'key.separator= | ', 'line.separator=<EOR>\n', 'headers.separator=;', 'null.literal=<nil>')],
    });
  });

  it('--property (old name of --formatter-property) with print.value=false', async () => {
    await cons({
      name: '--property print.value=false --property print.key=true --property print.offset=true (old name)',
      deviations: ['kip848-notice', 'deprecated-option-notice'],
      args: () => ['--topic', C.fmt, '--from-beginning', '--max-messages', '6', '--property', 'print.value=false', '--property', 'print.key=true', '--property', 'print.offset=true'],
    });
  });

  it('every partition of a multi-partition topic', async () => {
    await cons({ name: '3 partitions, --from-beginning print.partition/key (order across partitions normalised)', normalise: sortLines, deviations: ['kip848-notice'], args: () => ['--topic', C.parts, '--from-beginning', '--max-messages', '12', ...fmt('print.partition=true', 'print.key=true')] });
  });

  it('--partition N --offset earliest|N|latest', async () => {
    await cons({ name: '--partition 1 --offset earliest', args: () => ['--topic', C.parts, '--partition', '1', '--offset', 'earliest', '--max-messages', '2', ...fmt('print.offset=true', 'print.key=true')] });
    await cons({ name: '--partition 1 --offset 1', args: () => ['--topic', C.parts, '--partition', '1', '--offset', '1', '--max-messages', '1', ...fmt('print.offset=true', 'print.key=true')] });
    await cons({ name: '--partition 0 --offset latest --timeout-ms 1000', deviations: ['timeout-log'], args: () => ['--topic', C.parts, '--partition', '0', '--offset', 'latest', '--timeout-ms', '1000'] });
  });

  it('--key-deserializer and --value-deserializer', async () => {
    await cons({
      name: '--key-deserializer IntegerDeserializer --value-deserializer LongDeserializer',
      deviations: ['kip848-notice'],
      args: () => ['--topic', C.longs, '--from-beginning', '--max-messages', '4', '--key-deserializer', 'org.apache.kafka.common.serialization.IntegerDeserializer', '--value-deserializer', 'org.apache.kafka.common.serialization.LongDeserializer', ...fmt('print.key=true')],
    });
  });

  it('--include REGEX', async () => {
    await cons({ name: "--include 'c-inc-.*' (order across topics normalised)", normalise: sortLines, deviations: ['kip848-notice'], args: () => ['--include', C.inc, '--from-beginning', '--max-messages', '4', ...fmt('print.key=true')] });
  });

  it('--group commits: a second run continues after what the first printed', async () => {
    const args = (n: (b: string) => string): string[] => ['--topic', C.fmt, '--group', n(`cgroup${R}`), '--from-beginning', '--max-messages', '2', ...fmt('print.offset=true')];
    await cons({ name: '--group G --from-beginning --max-messages 2 (first run)', deviations: ['kip848-notice'], args });
    await cons({ name: '--group G --max-messages 2 (second run resumes)', deviations: ['kip848-notice'], args });
  });

  it('--isolation-level read_committed hides the aborted transaction', async () => {
    await cons({ name: '--isolation-level read_committed', deviations: ['kip848-notice'], args: () => ['--topic', C.txn, '--from-beginning', '--isolation-level', 'read_committed', '--max-messages', '3', ...fmt('print.offset=true')] });
    await cons({ name: 'read_uncommitted (default) shows it', deviations: ['kip848-notice'], args: () => ['--topic', C.txn, '--from-beginning', '--max-messages', '4', ...fmt('print.offset=true')] });
  });
});

describe('console tools over SASL_SSL', () => {
  const bs = kafka1.saslBootstrap ?? '';
  const cfg = kafka1.saslClientConfig ?? '';

  it('produces with --producer.config and --command-config, consumes with --consumer.config and --command-config', async () => {
    await createTopics(kafka1, [
      { topic: `sasl${R}-k`, numPartitions: 3 },
      { topic: `sasl${R}-t`, numPartitions: 3 },
    ]);
    const input = Array.from({ length: 9 }, (_, i) => `key${i}\tv${i}\n`).join('');
    await expectParity(kafka1, { tier: T_SASL, tool: 'console-producer', name: 'console-producer --command-config (SCRAM-SHA-512)', input, args: (n) => ['--bootstrap-server', bs, '--command-config', cfg, '--topic', n(`sasl${R}`), ...rdr('parse.key=true')] });
    await expectParity(kafka1, {
      tier: T_SASL,
      tool: 'console-producer',
      name: 'console-producer --producer.config (old name)',
      input: 'late\tv9\n',
      deviations: ['deprecated-option-notice'],
      args: (n) => ['--bootstrap-server', bs, '--producer.config', cfg, '--topic', n(`sasl${R}`), ...rdr('parse.key=true')],
    });
    // Each consumer reads what the other side's producer wrote: the same output proves both what landed
    // (keys, partitions, offsets) and how it is printed.
    const r = await expectParity(kafka1, {
      tier: T_SASL,
      tool: 'console-consumer',
      name: "console-consumer --command-config --from-beginning, each side reading the other producer's topic (order across partitions normalised)",
      normalise: sortLines,
      deviations: ['kip848-notice'],
      args: (_n, side) => ['--bootstrap-server', bs, '--command-config', cfg, '--topic', side === 'k' ? `sasl${R}-t` : `sasl${R}-k`, '--from-beginning', '--max-messages', '10', ...fmt('print.key=true', 'print.partition=true', 'print.offset=true', 'print.headers=true')],
    });
    expect(r.kafka.stdout.split('\n').filter((l) => l !== '')).toHaveLength(10);
    await expectParity(kafka1, {
      tier: T_SASL,
      tool: 'console-consumer',
      name: 'console-consumer --consumer.config --group (old name)',
      normalise: sortLines,
      deviations: ['kip848-notice', 'deprecated-option-notice'],
      args: (n) => ['--bootstrap-server', bs, '--consumer.config', cfg, '--group', n(`sasl${R}-group`), '--topic', `sasl${R}-k`, '--from-beginning', '--max-messages', '10', ...fmt('print.key=true')],
    });
    // One partition read directly (no group) is the native client's partition loop over SASL_SSL.
    const partition = /Partition:(\d+)/.exec(r.kafka.stdout)?.[1] ?? '0';
    const inIt = r.kafka.stdout.split('\n').filter((l) => l.includes(`Partition:${partition}\t`)).length;
    await expectParity(kafka1, {
      tier: T_SASL,
      tool: 'console-consumer',
      name: 'console-consumer --partition --offset earliest over SASL_SSL (no group)',
      args: () => ['--bootstrap-server', bs, '--command-config', cfg, '--topic', `sasl${R}-k`, '--partition', partition, '--offset', 'earliest', '--max-messages', String(inIt), ...fmt('print.key=true', 'print.offset=true')],
    });
  });
});

describe('console tools on a 3-broker Apache Kafka', () => {
  const bs = kafka3.bootstrap;

  it('produce to and consume an RF-3 topic whose leaders are spread', async () => {
    await createTopics(kafka3, [
      { topic: `rf3c${R}-k`, numPartitions: 6, replicationFactor: 3 },
      { topic: `rf3c${R}-t`, numPartitions: 6, replicationFactor: 3 },
    ]);
    const input = Array.from({ length: 30 }, (_, i) => `user-${i}\tevent ${i}\n`).join('');
    await expectParity(kafka3, { tier: T_RF3, tool: 'console-producer', name: 'console-producer parse.key=true, 6 partitions RF 3', input, args: (n) => ['--bootstrap-server', bs, '--topic', n(`rf3c${R}`), '--request-required-acks', 'all', ...rdr('parse.key=true')] });
    // Each consumer reads what the other side's producer wrote (see the SASL_SSL case).
    const r = await expectParity(kafka3, {
      tier: T_RF3,
      tool: 'console-consumer',
      name: "console-consumer --group over 6 partitions on 3 leaders, each side reading the other producer's topic (order normalised)",
      normalise: sortLines,
      deviations: ['kip848-notice'],
      args: (n, side) => ['--bootstrap-server', bs, '--topic', side === 'k' ? `rf3c${R}-t` : `rf3c${R}-k`, '--group', n(`rf3g${R}`), '--from-beginning', '--max-messages', '30', ...fmt('print.key=true', 'print.partition=true', 'print.offset=true')],
    });
    // Keys really spread over the partitions (and so over the three leaders).
    expect(new Set(r.kafka.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0])).size).toBeGreaterThan(3);
    await expectParity(kafka3, { tier: T_RF3, tool: 'console-consumer', name: 'console-consumer --partition 4 --offset earliest', args: () => ['--bootstrap-server', bs, '--topic', `rf3c${R}-k`, '--partition', '4', '--offset', 'earliest', '--max-messages', '2', ...fmt('print.key=true', 'print.offset=true')] });
  });
});

describe('console tools: error paths', () => {
  const bs = kafka1.bootstrap;
  const err = (tool: 'console-producer' | 'console-consumer', s: Omit<Scenario, 'tier' | 'tool' | 'args'> & { args: (n: (b: string) => string) => string[]; bootstrap?: string }): Promise<unknown> =>
    expectParity(kafka1, { tier: T_ERR, tool, ...s, args: (n) => ['--bootstrap-server', s.bootstrap ?? bs, ...s.args(n)] });

  it('an invalid topic name', async () => {
    await err('console-producer', { name: "console-producer --topic 'bad topic!'", input: 'a\n', deviations: ['error-log', 'exit-code'], args: () => ['--topic', 'bad topic!'] });
    await err('console-consumer', { name: "console-consumer --topic 'bad topic!'", deviations: ['kip848-notice', 'error-log', 'exit-code'], args: () => ['--topic', 'bad topic!', '--timeout-ms', '3000'] });
  });

  it('a missing topic (auto-created by the broker, as for Kafka)', async () => {
    await err('console-consumer', { name: 'console-consumer --topic missing --timeout-ms 1000', deviations: ['kip848-notice', 'client-log', 'timeout-log'], args: (n) => ['--topic', n(`missing${R}`), '--timeout-ms', '1000'] });
    await err('console-consumer', { name: 'console-consumer --topic missing --partition 0 --timeout-ms 1000', deviations: ['client-log', 'timeout-log'], args: (n) => ['--topic', n(`missing${R}p`), '--partition', '0', '--timeout-ms', '1000'] });
  });

  it('an unreachable broker', async () => {
    await err('console-producer', { name: 'console-producer --bootstrap-server 127.0.0.1:1 --max-block-ms 1000', bootstrap: '127.0.0.1:1', input: 'a\n', deviations: ['client-log', 'error-log', 'exit-code'], args: () => ['--topic', 'x', '--max-block-ms', '1000'] });
    await err('console-consumer', { name: 'console-consumer --bootstrap-server 127.0.0.1:1 --timeout-ms 1000', bootstrap: '127.0.0.1:1', deviations: ['kip848-notice', 'client-log', 'timeout-log', 'error-log', 'exit-code'], args: () => ['--topic', 'x', '--timeout-ms', '1000'] });
  });

  it('bad flags and flag values', async () => {
    await err('console-producer', { name: 'console-producer without --topic', deviations: ['usage'], args: () => [] });
    await err('console-producer', { name: 'console-producer --compression-codec foo', input: 'a\n', deviations: ['java-exception', 'usage'], args: () => ['--topic', 'x', '--compression-codec', 'foo'] });
    await err('console-producer', { name: 'console-producer --request-required-acks 2', input: 'a\n', deviations: ['java-exception', 'usage'], args: () => ['--topic', 'x', '--request-required-acks', '2'] });
    await err('console-producer', { name: 'console-producer --batch-size x', deviations: ['usage'], args: () => ['--topic', 'x', '--batch-size', 'x'] });
    await err('console-producer', { name: 'console-producer --timeout -5', input: 'a\n', deviations: ['java-exception', 'usage'], args: () => ['--topic', 'x', '--timeout', '-5'] });
    await err('console-consumer', { name: 'console-consumer without --topic or --include', deviations: ['usage'], args: () => [] });
    await err('console-consumer', { name: 'console-consumer --topic and --include', deviations: ['usage'], args: () => ['--topic', 'x', '--include', 'y'] });
    await err('console-consumer', { name: 'console-consumer --partition x', deviations: ['java-exception', 'usage'], args: () => ['--topic', 'x', '--partition', 'x'] });
    await err('console-consumer', { name: 'console-consumer --offset foo', deviations: ['usage'], args: () => ['--topic', 'x', '--partition', '0', '--offset', 'foo'] });
    await err('console-consumer', { name: 'console-consumer --offset without --partition', deviations: ['usage'], args: () => ['--topic', 'x', '--offset', '5'] });
    await err('console-consumer', { name: 'console-consumer --group with --partition', deviations: ['usage'], args: () => ['--topic', 'x', '--partition', '0', '--group', 'g'] });
    await err('console-consumer', { name: 'console-consumer --isolation-level foo', deviations: ['java-exception', 'usage'], args: () => ['--topic', 'x', '--isolation-level', 'foo'] });
  });
});
