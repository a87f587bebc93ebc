import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolationLevel, NativeClient } from '../../src/client/native/client.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

// The built bin/tkafka.js transactions against a real broker: kafka-transactions.sh's tables byte
// for byte (cells padded, a TAB after each), and the whole life of a hanging transaction: a
// transactional producer writes and dies; while its coordinator still knows the partition,
// find-hanging does not list it; once the coordinator's state is gone (its __transaction_state lost
// across a restart) the open transaction really hangs (the last stable offset is stuck), find-hanging
// lists it, abort ends it with a WriteTxnMarkers ABORT marker, and a read_committed consumer moves on.

const T = 'tx-orders';
const NODE = '1';

/** ToolsUtils.prettyPrintTable. */
function table(headers: string[], ...rows: string[][]): string {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [headers, ...rows].map((r) => `${r.map((c, i) => c.padEnd(w[i] ?? 0)).join('\t')}\t\n`).join('');
}
const LIST = ['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState'];
const DESCRIBE = ['CoordinatorId', 'TransactionalId', 'ProducerId', 'ProducerEpoch', 'TransactionState', 'TransactionTimeoutMs', 'CurrentTransactionStartTimeMs', 'TransactionDurationMs', 'TopicPartitions'];
const PRODUCERS = ['ProducerId', 'ProducerEpoch', 'LatestCoordinatorEpoch', 'LastSequence', 'LastTimestamp', 'CurrentTransactionStartOffset'];
const HANGING = ['Topic', 'Partition', 'ProducerId', 'ProducerEpoch', 'CoordinatorEpoch', 'StartOffset', 'LastTimestamp', 'Duration(min)'];

let dataDir: string;
let b: TestBroker;
let producer: Producer | undefined;

beforeAll(async () => {
  dataDir = tempDataDir();
  b = await startTestBroker({ dataDir });
});

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
  await b.dispose();
});

function txns(...args: string[]): Promise<CliResult> {
  return runCli(['transactions', '--bootstrap-server', b.bootstrap, ...args]);
}

function expectOk(r: CliResult, stdout: string): void {
  expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout, stderr: '', exitCode: 0 });
}

function expectFail(r: CliResult, stderr: string): void {
  expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });
}

async function lastStableOffset(): Promise<bigint> {
  const c = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'tx-test' });
  try {
    const a = await c.listOffsets([{ topic: T, partition: 0, timestamp: -1n }], IsolationLevel.READ_COMMITTED);
    return a.get(`${T}:0`)?.offset ?? -2n;
  } finally {
    await c.close();
  }
}

describe('tkafka transactions', () => {
  it('lists, describes and finds (no) hanging transactions while the coordinator knows them; after the coordinator lost them, find-hanging lists one and abort ends it', async () => {
    const kafka = new Kafka({ clientId: 'tx-e2e', brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: T, numPartitions: 1 }] });
    await admin.disconnect();

    expectOk(await txns('list'), table(LIST));

    producer = kafka.producer({ transactionalId: 'tx-keeper', maxInFlightRequests: 1, idempotent: true, transactionTimeout: 900_000 });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic: T, messages: [{ value: 'a' }, { value: 'b' }] });

    // The producer id and timestamps the broker holds, read through describe-producers.
    const dp = await txns('describe-producers', '--topic', T, '--partition', '0');
    const row = dp.stdout.split('\n')[1]?.split('\t').map((c) => c.trim()) ?? [];
    const [pid = '', , , , lastTs = ''] = row;
    expectOk(dp, table(PRODUCERS, [pid, '0', '-1', '1', lastTs, '0']));
    expect(Number(lastTs)).toBeGreaterThan(0);

    expectOk(await txns('list'), table(LIST, ['tx-keeper', NODE, pid, 'Ongoing']));
    expectOk(await txns('list', '--duration-filter', '3600000'), table(LIST));
    // ListTransactions v2: the pattern (RE2/J) must match the whole id.
    expectOk(await txns('list', '--transactional-id-pattern', 'tx-k.*'), table(LIST, ['tx-keeper', NODE, pid, 'Ongoing']));
    expectOk(await txns('list', '--transactional-id-pattern', 'tx-k'), table(LIST));
    expectOk(await txns('list', '--transactional-id-pattern', ''), table(LIST, ['tx-keeper', NODE, pid, 'Ongoing']));
    expect(await txns('list', '--transactional-id-pattern', 'tx-([')).toMatchObject({
      stdout: '',
      stderr: `Failed to list transactions: ListTransactions request sent to broker ${NODE} failed with an unexpected exception. Enable debug logging for additional detail.\n`,
      exitCode: 1,
    });

    const d = await txns('describe', '--transactional-id', 'tx-keeper');
    const cells = d.stdout.split('\n')[1]?.split('\t').map((c) => c.trim()) ?? [];
    const [, , , , , , start = '', duration = ''] = cells;
    expectOk(d, table(DESCRIBE, [NODE, 'tx-keeper', pid, '0', 'Ongoing', '900000', start, duration, `${T}-0`]));
    expect(Number(duration)).toBeGreaterThanOrEqual(0);

    // The coordinator still has the partition in the transaction: it will write the marker, not hanging.
    expectOk(await txns('find-hanging', '--topic', T, '--max-transaction-timeout', '0'), table(HANGING));
    expect(await lastStableOffset()).toBe(0n);

    // The producer dies and the coordinator's state is lost across a restart: now it hangs.
    await producer.disconnect();
    producer = undefined;
    const port = b.running.port;
    await b.stop();
    for (const e of fs.readdirSync(dataDir)) if (e.startsWith('__transaction_state')) fs.rmSync(path.join(dataDir, e), { recursive: true, force: true });
    fs.rmSync(path.join(dataDir, '.topics', '__transaction_state.json'), { force: true });
    b = await startTestBroker({ dataDir, port });

    expect(await lastStableOffset()).toBe(0n);
    const hanging = table(HANGING, [T, '0', pid, '0', '-1', '0', lastTs, String(Math.floor((Date.now() - Number(lastTs)) / 60_000))]);
    expectOk(await txns('find-hanging', '--topic', T, '--max-transaction-timeout', '0'), hanging);
    expectOk(await txns('find-hanging', '--broker-id', NODE, '--max-transaction-timeout', '0'), hanging);
    expectOk(await txns('find-hanging', '--topic', T, '--partition', '0'), table(HANGING)); // younger than 15 minutes
    expectOk(await txns('describe-producers', '--topic', T, '--partition', '0', '--broker-id', NODE), table(PRODUCERS, [pid, '0', '-1', '1', lastTs, '0']));

    expectFail(await txns('abort', '--topic', T, '--partition', '0', '--start-offset', '1'), `Could not find any open transactions starting at offset 1 on partition ${T}-0`);
    expectOk(await txns('abort', '--topic', T, '--partition', '0', '--start-offset', '0'), '');

    // The ABORT marker is at offset 2: the last stable offset moves past it, nothing hangs any more.
    expect(await lastStableOffset()).toBe(3n);
    expectOk(await txns('find-hanging', '--topic', T, '--max-transaction-timeout', '0'), table(HANGING));
    expectFail(await txns('abort', '--topic', T, '--partition', '0', '--start-offset', '0'), `Could not find any open transactions starting at offset 0 on partition ${T}-0`);

    // A read_committed consumer gets past the aborted records to what comes next.
    const plain = new Kafka({ clientId: 'tx-e2e-plain', brokers: [b.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await plain.connect();
    await plain.send({ topic: T, messages: [{ value: 'after' }] });
    await plain.disconnect();
    const consumed = await runCli(['console-consumer', '--bootstrap-server', b.bootstrap, '--topic', T, '--from-beginning', '--isolation-level', 'read_committed', '--max-messages', '1', '--timeout-ms', '10000']);
    expect({ stdout: consumed.stdout, exitCode: consumed.exitCode }).toEqual({ stdout: 'after\n', exitCode: 0 });
    await waitFor('the last stable offset past the new record', async () => (await lastStableOffset()) === 4n);
  });

  it("answers Kafka's messages for unknown ids, missing scope and missing abort arguments, and -o json", async () => {
    expectFail(
      await txns('describe', '--transactional-id', 'tx-nope'),
      'Failed to describe transaction state of transactional-id `tx-nope`: DescribeTransactions request for transactionalId `tx-nope` failed because the ID could not be found. Enable debug logging for additional detail.',
    );
    expectFail(await txns('find-hanging'), 'The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search');
    expectFail(await txns('find-hanging', '--partition', '0', '--broker-id', '1'), 'The --partition argument requires --topic to be provided');
    expectFail(
      await txns('abort', '--topic', T, '--partition', '0'),
      'The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)',
    );
    expectFail(await txns('abort', '--topic', T, '--partition', '0', '--producer-id', '5'), 'Missing required argument --producer-epoch');
    expectFail(await txns('abort', '--topic', T, '--partition', '0', '--producer-id', '5', '--producer-epoch', '0'), 'Missing required argument --coordinator-epoch');
    const json = await txns('describe-producers', '--topic', T, '--partition', '0', '-o', 'json');
    expect(json.exitCode).toBe(0);
    expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
    const bad = await txns('describe-producers', '--topic', T, '--partition', 'x');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.split('\n').filter((l) => l !== '')).toHaveLength(2);
    // forceTerminateTransaction fences the id's producer; its ongoing transaction is aborted.
    const kafka = new Kafka({ clientId: 'tx-e2e-force', brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer({ transactionalId: 'tx-forced', maxInFlightRequests: 1, idempotent: true, transactionTimeout: 900_000 });
    await p.connect();
    const tx = await p.transaction();
    await tx.send({ topic: T, messages: [{ value: 'forced' }] });
    expect((await txns('list')).stdout).toContain('\tOngoing');
    expectOk(await txns('forceTerminateTransaction', '--transactionalId', 'tx-forced'), '');
    const after = await txns('describe', '--transactional-id', 'tx-forced');
    expect(after.stdout.split('\n')[1]?.split('\t').map((c) => c.trim())[4]).toMatch(/^(CompleteAbort|Empty)$/);
    await p.disconnect().catch(() => undefined);
    // The connection flags may come after the subcommand too.
    expect(await runCli(['transactions', 'list', '--bootstrap-server', b.bootstrap])).toMatchObject({ stderr: '', exitCode: 0 });
  });
});
