// kafka-get-offsets, kafka-delete-records, kafka-log-dirs and kafka-broker-api-versions against
// Apache Kafka 4.4 (one node and three nodes): Kafka's own tool classes and tkafka on the same
// cluster state, one parity row per scenario.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { nodeHash } from '../../src/core/broker-api-versions/run.js';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool, type KafkaClusterInfo } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const kafka3 = inject('kafka3');
const runDir = inject('refRunDir');
const TIER = 'offsets tools: Kafka 4.4 vs tkafka';

interface Side {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

async function kafkaTool(cluster: KafkaClusterInfo, cls: string, args: string[], input?: string): Promise<Side> {
  return runKafkaTool(cluster, `org.apache.kafka.tools.${cls}`, ['--bootstrap-server', cluster.bootstrap, ...args], input === undefined ? {} : { input });
}

async function tkafka(cluster: KafkaClusterInfo, tool: string, args: string[]): Promise<Side> {
  const r = await runCli([tool, '--bootstrap-server', cluster.bootstrap, ...args]);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

/** Kafka's stderr without log4j lines (its admin client logs some errors it also reports). */
const quiet = (s: string): string =>
  s
    .split('\n')
    .filter((l) => !/^\[\d{4}-\d\d-\d\d /.test(l))
    .join('\n');

function identical(scenario: string, k: Side, t: Side): void {
  expect(t).toEqual({ ...k, stderr: quiet(k.stderr) });
  logParity({ tier: TIER, scenario, result: 'identical' });
}

async function setupTopic(cluster: KafkaClusterInfo, topic: string, partitions: number, lines: string): Promise<void> {
  const c = await kafkaTool(cluster, 'TopicCommand', ['--create', '--topic', topic, '--partitions', String(partitions)]);
  expect(c.exitCode).toBe(0);
  if (lines !== '') {
    const p = await kafkaTool(cluster, 'ConsoleProducer', ['--topic', topic, '--property', 'parse.key=true'], lines);
    expect(p.exitCode).toBe(0);
  }
}

describe('get-offsets: GetOffsetShell vs tkafka', () => {
  it('the same lines for each --time and filter, the same errors', async () => {
    // Keys spread the records over the partitions; one partition may stay empty.
    await setupTopic(kafka1, 'pgo-a', 3, 'k1\ta\nk2\tb\nk3\tc\nk4\td\nk5\te\n');
    await setupTopic(kafka1, 'pgo-b', 12, '');
    for (const args of [
      ['--topic', 'pgo-.*'],
      ['--topic', 'pgo-a', '--time', 'earliest'],
      ['--topic', 'pgo-a', '--time', '-3'],
      ['--topic', 'pgo-a', '--time', 'earliest-local'],
      ['--topic', 'pgo-a', '--time', 'latest-tiered'],
      ['--topic', 'pgo-a', '--time', '0'],
      ['--topic', 'pgo-b', '--partitions', '1,2,10'],
      ['--topic-partitions', 'pgo-a:1-,pgo-b:-2,pgo-b:11'],
      ['--topic', 'pgo-nothing'],
      ['--topic', '__.*', '--exclude-internal-topics'],
    ]) {
      identical(`get-offsets ${args.join(' ')}`, await kafkaTool(kafka1, 'GetOffsetShell', args), await tkafka(kafka1, 'get-offsets', args));
    }
    // Usage errors: Kafka's message, as "tkafka: ..." with exit 2 instead of "Error occurred: ..." with exit 1.
    for (const args of [['--time', 'soon'], ['--topic', 'x', '--topic-partitions', 'x'], ['--partitions', 'a,1']]) {
      const k = await kafkaTool(kafka1, 'GetOffsetShell', args);
      const t = await tkafka(kafka1, 'get-offsets', args);
      expect([k.exitCode, t.exitCode]).toEqual([1, 2]);
      expect(t.stderr.split('\n')[0]?.replace(/^tkafka: /, '')).toBe(k.stderr.split('\n')[0]?.replace(/^Error occurred: /, ''));
      logParity({ tier: TIER, scenario: `get-offsets ${args.join(' ')}`, result: 'normalised-identical', why: "usage error: Kafka's message as 'tkafka: ...', exit 2 (Kafka: 'Error occurred: ...', exit 1)" });
    }
    logParity({
      tier: TIER,
      scenario: 'get-offsets --time earliest-pending-upload (-6)',
      result: 'differs',
      why: 'needs ListOffsets v11, beyond our protocol table (v10): tkafka prints Kafka\'s "Skip getting offsets ..." line per partition with UnsupportedVersionException',
    });
  });
});

describe('delete-records: DeleteRecordsCommand vs tkafka', () => {
  it('the same lines on the same partitions (sorted: Kafka prints them in a per-run random order)', async () => {
    await setupTopic(kafka1, 'pdr-a', 3, 'k1\ta\nk2\tb\nk3\tc\nk4\td\nk5\te\nk6\tf\n');
    const dir = fs.mkdtempSync(path.join(runDir, 'pdr-'));
    const file = (name: string, doc: unknown): string => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, JSON.stringify(doc));
      return f;
    };
    const sorted = (s: Side): Side => ({ ...s, stderr: quiet(s.stderr), stdout: s.stdout.split('\n').slice(0, 2).join('\n') + '\n' + s.stdout.split('\n').slice(2).filter((l) => l !== '').sort().join('\n') + '\n' });
    const ok = file('ok.json', { partitions: [0, 1, 2].map((p) => ({ topic: 'pdr-a', partition: p, offset: 0 })), version: 1 });
    identical('delete-records (sorted lines)', sorted(await kafkaTool(kafka1, 'DeleteRecordsCommand', ['--offset-json-file', ok])), sorted(await tkafka(kafka1, 'delete-records', ['--offset-json-file', ok])));
    // A high watermark (-1) deletes everything; twice gives the same low watermark on both sides.
    const all = file('all.json', { partitions: [{ topic: 'pdr-a', partition: 0, offset: -1 }] });
    identical('delete-records offset -1', await kafkaTool(kafka1, 'DeleteRecordsCommand', ['--offset-json-file', all]), await tkafka(kafka1, 'delete-records', ['--offset-json-file', all]));
    const far = file('far.json', { partitions: [{ topic: 'pdr-a', partition: 1, offset: 1000 }], version: 1 });
    const k = await kafkaTool(kafka1, 'DeleteRecordsCommand', ['--offset-json-file', far]);
    const t = await tkafka(kafka1, 'delete-records', ['--offset-json-file', far]);
    expect([t.stdout, k.exitCode, t.exitCode]).toEqual([k.stdout, 0, 1]);
    logParity({ tier: TIER, scenario: 'delete-records offset out of range', result: 'normalised-identical', why: 'same stdout; tkafka exits 1 on a failed partition (Kafka 0)' });
    const dup = file('dup.json', { partitions: [{ topic: 'dr', partition: 0, offset: 1 }, { topic: 'dr', partition: 0, offset: 2 }, { topic: 'x', partition: 3, offset: 1 }, { topic: 'x', partition: 3, offset: 1 }], version: 1 });
    const kd = await kafkaTool(kafka1, 'DeleteRecordsCommand', ['--offset-json-file', dup]);
    const td = await tkafka(kafka1, 'delete-records', ['--offset-json-file', dup]);
    const message = /Offset json file contains duplicate topic partitions: \S+/.exec(`${kd.stdout}${kd.stderr}`)?.[0];
    expect([kd.exitCode, td.exitCode, td.stderr]).toEqual([1, 2, `tkafka: ${message ?? 'no message from Kafka'}\n`]);
    logParity({ tier: TIER, scenario: 'delete-records duplicate partitions', result: 'normalised-identical', why: "Kafka's message (HashSet order) as one 'tkafka:' line, exit 2; Kafka adds the stack trace, exit 1" });
    logParity({ tier: TIER, scenario: 'delete-records unknown topic', result: 'differs', why: "Kafka's admin client retries until its timeout (60 s), tkafka answers UnknownTopicOrPartitionException at once" });
  });
});

describe('log-dirs: LogDirsCommand vs tkafka', () => {
  it('the same two lines and JSON line on one and three nodes', async () => {
    await setupTopic(kafka1, 'pld-a', 3, 'k1\ta\nk2\tb\nk3\tc\n');
    const c = await kafkaTool(kafka3, 'TopicCommand', ['--create', '--topic', 'pld-b', '--partitions', '4', '--replication-factor', '2']);
    expect(c.exitCode).toBe(0);
    for (const [name, cluster, args] of [
      ['one node', kafka1, ['--describe', '--topic-list', 'pld-a']],
      ['three nodes', kafka3, ['--describe', '--topic-list', 'pld-b']],
      ['three nodes, --broker-list 3,1', kafka3, ['--describe', '--topic-list', 'pld-b', '--broker-list', '3,1']],
      ['unknown brokers', kafka3, ['--describe', '--broker-list', '9,2,7']],
    ] as const) {
      identical(`log-dirs ${name}`, await kafkaTool(cluster, 'LogDirsCommand', [...args]), await tkafka(cluster, 'log-dirs', [...args]));
    }
  });
});

interface NodeBlock {
  id: number;
  bucket: number;
  text: string;
}

/** One block per broker of broker-api-versions' output, with the HashMap bucket of its Node. */
function blocks(out: string): NodeBlock[] {
  return out
    .split(/^(?=\S+:\d+ \(id: )/m)
    .filter((b) => b.trim() !== '')
    .map((text) => {
      const m = /^(\S+):(\d+) \(id: (-?\d+) rack: (\S+) /.exec(text);
      if (m === null) throw new Error(`not a broker line: ${text.split('\n')[0]}`);
      const id = Number(m[3]);
      const h = nodeHash({ id, host: m[1]!, port: Number(m[2]), rack: m[4] === 'null' ? null : m[4]! });
      return { id, bucket: (h ^ (h >>> 16)) & 15, text };
    });
}

const byBucketThenId = (bs: NodeBlock[]): NodeBlock[] => [...bs].sort((a, b) => a.bucket - b.bucket || a.id - b.id);

describe('broker-api-versions: BrokerApiVersionsCommand vs tkafka', () => {
  it("the same brokers, order and ranges; usable against tkafka's protocol table", async () => {
    // Usable versions and the names of APIs newer than our table differ by design: compare key and range.
    const ranges = (s: string): string => s.replace(/^\t\S+\((\d+)\): /gm, '\t($1): ').replace(/ \[(usable: \d+|unusable: node too (new|old))\]/g, '');
    for (const [name, cluster] of [
      ['one node', kafka1],
      ['three nodes', kafka3],
    ] as const) {
      const k = await kafkaTool(cluster, 'BrokerApiVersionsCommand', []);
      const t = await tkafka(cluster, 'broker-api-versions', []);
      expect([t.exitCode, t.stderr]).toEqual([0, '']);
      // Kafka's order is its HashMap's buckets; within one bucket it is random (the Java client's
      // Cluster shuffles its nodes), where tkafka keeps id order. So: Kafka's buckets ascend,
      // tkafka prints (bucket, id) order, and the blocks are the same text.
      const kb = blocks(ranges(k.stdout));
      const tb = blocks(ranges(t.stdout));
      expect(kb.map((b) => b.bucket)).toEqual(kb.map((b) => b.bucket).sort((x, y) => x - y));
      expect(tb).toEqual(byBucketThenId(tb));
      expect(tb.map((b) => b.text)).toEqual(byBucketThenId(kb).map((b) => b.text));
      expect(tb).toHaveLength(name === 'one node' ? 1 : 3);
      logParity({
        tier: TIER,
        scenario: `broker-api-versions ${name}`,
        result: 'normalised-identical',
        why: "same brokers, order (where Kafka's is random, brokers sharing a hash bucket, tkafka's is by id) and ranges; [usable: N] is computed against tkafka's protocol table (Kafka: the Java client's), and APIs newer than it print as UNKNOWN(n)",
      });
    }
  });
});
