// tkafka transactions / metadata-quorum / cluster / features / delegation-tokens next to Kafka 4.4's
// own tool classes, both run against Apache Kafka (one node and three nodes) on the same state, the
// outputs compared after normalising what differs by nature (times, durations, ports, offsets that
// move between the two runs). Exit codes are compared too; on failures Kafka adds a stack trace
// after its message, so only stderr's first line is compared.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool, type KafkaClusterInfo } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const kafka3 = inject('kafka3');
const TIER = 'cluster admin tools: Kafka 4.4 tool vs tkafka, on Apache Kafka';
const TOPIC = `pct-${Math.random().toString(36).slice(2, 7)}`;
const TXN_ID = `${TOPIC}-txn`;

interface Out {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

const MAIN: Record<string, string> = {
  transactions: 'org.apache.kafka.tools.TransactionsCommand',
  'metadata-quorum': 'org.apache.kafka.tools.MetadataQuorumCommand',
  cluster: 'org.apache.kafka.tools.ClusterTool',
  features: 'org.apache.kafka.tools.FeatureCommand',
  'delegation-tokens': 'org.apache.kafka.tools.DelegationTokenCommand',
};

/** Times, durations and "N ms ago" move between the two runs. */
function byNature(s: string): string {
  return s
    .replace(/\b1\d{12}\b/g, '<time>')
    .replace(/\b\d+ ms ago\b/g, '<ago>')
    .replace(/(HighWatermark:\s+)\d+/g, '$1<offset>')
    .replace(/(MaxFollowerLag(?:TimeMs)?:\s+)\d+/g, '$1<lag>')
    .replace(/(Epoch: )\d+/g, '$1<epoch>');
}

/** Column widths follow the values; compare the cells. */
function cells(s: string): string {
  return s
    .split('\n')
    .map((l) => l.split('\t').map((c) => c.trim()).join('\t').replace(/ {2,}/g, ' '))
    .join('\n');
}

function norm(o: Out, table: boolean): Out {
  const stdout = byNature(o.stdout);
  // The tool's own first line: log4j lines (Kafka's admin client logs some errors it also reports) set aside.
  const stderr = o.stderr.split('\n').filter((l) => !/^\[\d{4}-\d\d-\d\d /.test(l));
  return { stdout: table ? cells(stdout) : stdout, stderr: byNature(stderr[0] ?? ''), exitCode: o.exitCode };
}

async function pair(cluster: KafkaClusterInfo, tool: string, args: string[], opts: { table?: boolean; scenario: string; why?: string; prepare?: (k: Out, t: Out) => [Out, Out] }): Promise<void> {
  const main = MAIN[tool] ?? '';
  const k = await runKafkaTool(cluster, main, args);
  const t = await runCli([tool, ...args]);
  let [kn, tn] = [norm(k, opts.table === true), norm({ stdout: t.stdout, stderr: t.stderr, exitCode: t.exitCode }, opts.table === true)];
  const identical = k.stdout === t.stdout && (k.stderr.split('\n')[0] ?? '') === (t.stderr.split('\n')[0] ?? '') && k.exitCode === t.exitCode;
  if (opts.prepare !== undefined) [kn, tn] = opts.prepare(kn, tn);
  expect(tn).toEqual(kn);
  logParity({ tier: TIER, scenario: `${tool} ${opts.scenario}`, result: identical ? 'identical' : 'normalised-identical', ...(opts.why === undefined ? {} : { why: opts.why }) });
}

let producer: Producer;

beforeAll(async () => {
  const kafka = new Kafka({ clientId: 'pct', brokers: [kafka1.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  producer = kafka.producer({ transactionalId: TXN_ID, maxInFlightRequests: 1, idempotent: true, transactionTimeout: 600_000 });
  await producer.connect();
  const tx = await producer.transaction();
  await tx.send({ topic: TOPIC, messages: [{ value: 'x' }] });
}, 120_000);

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
});

describe('cluster admin tools: Kafka 4.4 vs tkafka on Apache Kafka', () => {
  it('transactions: list, describe, describe-producers, find-hanging and the error messages', async () => {
    const b = ['--bootstrap-server', kafka1.bootstrap];
    // Other files' transactions may be listed too: compare only this one's row.
    await pair(kafka1, 'transactions', [...b, 'list'], {
      table: true,
      scenario: 'list (an ongoing transaction)',
      prepare: (k, t) => [k, t].map((o) => ({ ...o, stdout: o.stdout.split('\n').filter((l, i) => i === 0 || l.startsWith(TXN_ID)).join('\n') })) as [Out, Out],
    });
    // KIP-1152's pattern is matched against the whole id (RE2/J), so only this file's id is listed.
    await pair(kafka1, 'transactions', [...b, 'list', '--transactional-id-pattern', `${TXN_ID.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`], { table: true, scenario: 'list --transactional-id-pattern (the whole id)' });
    await pair(kafka1, 'transactions', [...b, 'list', '--transactional-id-pattern', `${TXN_ID.slice(0, -1)}`], { table: true, scenario: 'list --transactional-id-pattern (a prefix matches nothing)' });
    await pair(kafka1, 'transactions', [...b, 'list', '--transactional-id-pattern', 'pct-(['], { scenario: 'list --transactional-id-pattern that does not compile (message, exit 1)' });
    await pair(kafka1, 'transactions', [...b, 'describe', '--transactional-id', TXN_ID], {
      table: true,
      scenario: 'describe --transactional-id (duration normalised)',
      prepare: (k, t) => [k, t].map((o) => ({ ...o, stdout: o.stdout.replace(/(<time>\t)\d+(\t)/, '$1<duration>$2') })) as [Out, Out],
    });
    await pair(kafka1, 'transactions', [...b, 'describe-producers', '--topic', TOPIC, '--partition', '0'], { table: true, scenario: 'describe-producers' });
    await pair(kafka1, 'transactions', [...b, 'find-hanging', '--topic', TOPIC, '--max-transaction-timeout', '0'], { table: true, scenario: 'find-hanging (the coordinator knows the partition: none)' });
    await pair(kafka1, 'transactions', [...b, 'find-hanging', '--broker-id', '1'], { table: true, scenario: 'find-hanging --broker-id' });
    await pair(kafka1, 'transactions', [...b, 'describe', '--transactional-id', `${TOPIC}-nope`], { scenario: 'describe of an unknown id (message, exit 1)' });
    await pair(kafka1, 'transactions', [...b, 'find-hanging'], { scenario: 'find-hanging without scope (message, exit 1)' });
    await pair(kafka1, 'transactions', [...b, 'abort', '--topic', TOPIC, '--partition', '0'], { scenario: 'abort without offsets (message, exit 1)' });
    await pair(kafka1, 'transactions', [...b, 'abort', '--topic', TOPIC, '--partition', '0', '--start-offset', '7'], {
      scenario: 'abort at an offset with no open transaction (message, exit 1)',
    });
  }, 120_000);

  it('metadata-quorum describe --status / --replication on three nodes', async () => {
    const b = ['--bootstrap-server', kafka3.bootstrap];
    await pair(kafka3, 'metadata-quorum', [...b, 'describe', '--status'], { scenario: 'describe --status (3 voters)' });
    // Offsets move with Kafka's no-op records between the runs.
    const offsets = (k: Out, t: Out): [Out, Out] => [k, t].map((o) => ({ ...o, stdout: o.stdout.replace(/^(\d+\tA{22}\t)\d+\t\d+/gm, '$1<offset>\t<lag>') })) as [Out, Out];
    await pair(kafka3, 'metadata-quorum', [...b, 'describe', '--replication'], { table: true, scenario: 'describe --replication', prepare: offsets });
    await pair(kafka3, 'metadata-quorum', [...b, 'describe', '--replication', '--human-readable'], { table: true, scenario: 'describe --replication --human-readable', prepare: offsets });
  }, 120_000);

  it('cluster cluster-id, list-endpoints, unregister of an unknown id', async () => {
    await pair(kafka3, 'cluster', ['cluster-id', '--bootstrap-server', kafka3.bootstrap], { scenario: 'cluster-id' });
    await pair(kafka3, 'cluster', ['list-endpoints', '--bootstrap-server', kafka3.bootstrap], { scenario: 'list-endpoints (3 brokers)' });
    await pair(kafka1, 'cluster', ['unregister', '--id', '99', '--bootstrap-server', kafka1.bootstrap], {
      scenario: 'unregister of an unregistered id',
      why: 'Kafka also logs an ERROR line and the stack trace; the exception line is the same',
      prepare: (k, t) => [{ ...k, stderr: '' }, { ...t, stderr: '' }],
    });
  }, 120_000);

  it('features describe, a refused upgrade, version-mapping, feature-dependencies', async () => {
    const b = ['--bootstrap-server', kafka1.bootstrap];
    await pair(kafka1, 'features', [...b, 'describe'], { scenario: 'describe' });
    await pair(kafka1, 'features', [...b, 'upgrade', '--feature', 'transaction.version=5'], { scenario: 'upgrade beyond the supported range (refused, exit 1)' });
    await pair(kafka1, 'features', [...b, 'upgrade', '--feature', 'group.version=1', '--dry-run'], { scenario: 'upgrade --dry-run to the finalized level' });
    await pair(kafka1, 'features', [...b, 'version-mapping'], { scenario: 'version-mapping' });
    await pair(kafka1, 'features', [...b, 'version-mapping', '--release-version', '3.9-IV0'], { scenario: 'version-mapping --release-version 3.9-IV0' });
    await pair(kafka1, 'features', [...b, 'feature-dependencies', '--feature', 'eligible.leader.replicas.version=1'], { scenario: 'feature-dependencies' });
    await pair(kafka1, 'features', [...b, 'version-mapping', '--release-version', '9.9'], { scenario: 'version-mapping of an unknown release (exit 1)' });
  }, 120_000);

  it('delegation-tokens on a PLAINTEXT listener: Kafka refuses token requests there', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pct-')), 'empty.properties');
    fs.writeFileSync(file, '');
    const b = ['--bootstrap-server', kafka1.bootstrap, '--command-config', file];
    await pair(kafka1, 'delegation-tokens', [...b, '--describe'], { scenario: '--describe (UnsupportedByAuthenticationException)', why: 'Kafka prints the stack trace after the exception line' });
    await pair(kafka1, 'delegation-tokens', [...b, '--create', '--max-life-time-period', '-1'], { scenario: '--create (UnsupportedByAuthenticationException)', why: 'Kafka prints the stack trace after the exception line' });
    // Usage errors: Kafka prints the message and the option table, exit 1; tkafka the message, exit 2.
    const k = await runKafkaTool(kafka1, MAIN['delegation-tokens'] ?? '', [...b, '--create']);
    const t = await runCli(['delegation-tokens', ...b, '--create']);
    expect(k.stderr.split('\n')[0]).toBe('Missing required argument "[max-life-time-period]"');
    expect(t.stderr.split('\n')[0]).toBe('tkafka: Missing required argument "[max-life-time-period]"');
    expect([k.exitCode, t.exitCode]).toEqual([1, 2]);
    logParity({ tier: TIER, scenario: 'delegation-tokens usage error (missing --max-life-time-period)', result: 'differs', why: "same message; tkafka's usage errors exit 2 with a tkafka: prefix and a --help hint (README's exit codes)" });
  }, 120_000);
});
