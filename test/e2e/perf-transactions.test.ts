import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js producer-perf-test with transactions against a real broker: the records
// land in committed transactions (a read_committed console-consumer reads exactly N), the
// transactional id ends in CompleteCommit (transactions list / describe), the segments carry COMMIT
// markers (dump-log), and Kafka's validation of the transactional settings.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
});

afterAll(async () => {
  await b.dispose();
});

function cli(...args: string[]): Promise<CliResult> {
  return runCli([...args.slice(0, 1), '--bootstrap-server', b.bootstrap, ...args.slice(1)]);
}

const TOTAL = (n: number): RegExp =>
  new RegExp(`^${n} records sent, \\d+\\.\\d{6} records/sec \\(\\d+\\.\\d{2} MB/sec\\), \\d+\\.\\d{2} ms avg latency, \\d+\\.00 ms max latency, \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99\\.9th\\.$`);

/** Every record a read_committed console-consumer finds in the topic (it stops after 3 s of silence). */
async function readCommitted(topic: string): Promise<string[]> {
  const r = await cli('console-consumer', '--topic', topic, '--from-beginning', '--isolation-level', 'read_committed', '--timeout-ms', '3000', '--property', 'print.key=true');
  expect(r.stderr).toMatch(/Processed a total of \d+ messages/);
  return r.stdout.split('\n').slice(0, -1);
}

/** The transactions list row of one id, split on Kafka's tab-separated columns. */
async function listed(id: string): Promise<string[] | undefined> {
  const r = await cli('transactions', 'list');
  expect(r.exitCode).toBe(0);
  return r.stdout
    .split('\n')
    .map((l) => l.split('\t').map((c) => c.trim()))
    .find((cols) => cols[0] === id);
}

describe('tkafka producer-perf-test --transactional-id', () => {
  it('produces N records in committed transactions: read_committed reads exactly N, CompleteCommit, COMMIT markers in every segment', async () => {
    const created = await cli('topics', '--create', '--topic', 'ppt-txn', '--partitions', '3');
    expect({ exitCode: created.exitCode, stderr: created.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const n = 3000;
    const r = await cli('producer-perf-test', '--topic', 'ppt-txn', '--num-records', String(n), '--payload-monotonic', '--throughput', '6000', '--key-distribution', 'range', '--record-key-range', '10', '--transactional-id', 'ppt-tx', '--transaction-duration-ms', '100');
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(r.stdout.split('\n').slice(0, -1).at(-1)).toMatch(TOTAL(n));

    const got = await readCommitted('ppt-txn');
    expect(got).toHaveLength(n);
    expect(got.map((l) => Number(l.split('\t')[1])).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));

    const row = await listed('ppt-tx');
    expect(row?.slice(1, 4)).toEqual(['1', expect.stringMatching(/^\d+$/), 'CompleteCommit']);
    const d = await cli('transactions', 'describe', '--transactional-id', 'ppt-tx');
    expect(d.exitCode).toBe(0);
    const [header, values] = d.stdout.split('\n').map((l) => l.split('\t').map((c) => c.trim()));
    expect(values?.[header?.indexOf('TransactionState') ?? -1]).toBe('CompleteCommit');
    expect(values?.[header?.indexOf('TransactionalId') ?? -1]).toBe('ppt-tx');

    // ~0.5 s of sending with 100 ms transactions: several commits, each a COMMIT marker in each
    // partition the transaction wrote; every partition got records, so every one has markers.
    let markers = 0;
    for (let p = 0; p < 3; p++) {
      const dir = join(b.dataDir, `ppt-txn-${p}`);
      const seg = readdirSync(dir).find((f) => f.endsWith('.log')) as string;
      const dump = await runCli(['dump-log', '--files', join(dir, seg), '--print-data-log']);
      expect(dump.exitCode).toBe(0);
      const commits = dump.stdout.split('\n').filter((l) => l.includes('endTxnMarker: COMMIT'));
      const controlBatches = dump.stdout.split('\n').filter((l) => l.includes('isTransactional: true isControl: true'));
      expect(commits.length).toBeGreaterThan(0);
      expect(controlBatches).toHaveLength(commits.length);
      expect(dump.stdout).not.toContain('endTxnMarker: ABORT');
      expect(dump.stdout).not.toMatch(/isTransactional: false/);
      markers += commits.length;
    }
    expect(markers).toBeGreaterThan(3);
  });

  it('transactional.id in --command-property, or a performance-producer-<uuid> id when only --transaction-duration-ms is given', async () => {
    const a = await cli('producer-perf-test', '--topic', 'ppt-txn-props', '--num-records', '200', '--record-size', '10', '--throughput', '-1', '--command-property', 'transactional.id=ppt-props-tx', 'transaction.timeout.ms=20000');
    expect({ exitCode: a.exitCode, stderr: a.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const d = await cli('transactions', 'describe', '--transactional-id', 'ppt-props-tx');
    const [header, values] = d.stdout.split('\n').map((l) => l.split('\t').map((c) => c.trim()));
    expect(values?.[header?.indexOf('TransactionTimeoutMs') ?? -1]).toBe('20000');
    expect(values?.[header?.indexOf('TransactionState') ?? -1]).toBe('CompleteCommit');

    const ids = async (): Promise<string[]> => (await cli('transactions', 'list')).stdout.split('\n').slice(1, -1).map((l) => (l.split('\t')[0] as string).trim());
    const before = await ids();
    const c = await cli('producer-perf-test', '--topic', 'ppt-txn-default', '--num-records', '100', '--record-size', '10', '--throughput', '-1', '--transaction-duration-ms', '5000');
    expect({ exitCode: c.exitCode, stderr: c.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const fresh = (await ids()).filter((id) => !before.includes(id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatch(/^performance-producer-[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect((await listed(fresh[0] as string))?.[3]).toBe('CompleteCommit');
    expect(await readCommitted('ppt-txn-default')).toHaveLength(100);
  });

  it("refuses bad transactional settings with Kafka's messages, one line, exit 2", async () => {
    const base = ['--topic', 'ppt-bad', '--num-records', '5', '--record-size', '1', '--throughput', '-1'];
    const cases: Array<[string[], string]> = [
      [['--transaction-duration-ms', '0'], '--transaction-duration-ms should be greater than zero.'],
      [['--transactional-id', 'x', '--command-property', 'acks=1'], 'Cannot set a transactional.id without also enabling idempotence.'],
      [['--transactional-id', 'x', '--command-property', 'enable.idempotence=false'], 'Cannot set a transactional.id without also enabling idempotence.'],
      [['--transactional-id', 'x', '--command-property', 'enable.idempotence=true', 'acks=1'], 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.'],
      [['--transactional-id', 'x', '--command-property', 'enable.idempotence=true', 'max.in.flight.requests.per.connection=6'], 'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.'],
    ];
    for (const [args, message] of cases) {
      const r = await cli('producer-perf-test', ...base, ...args);
      expect({ exitCode: r.exitCode, stdout: r.stdout, first: r.stderr.split('\n')[0] }).toEqual({ exitCode: 2, stdout: '', first: `tkafka: ${message}` });
    }
    // The broker's transaction.max.timeout.ms (15 min) refuses a longer transaction.timeout.ms.
    const r = await cli('producer-perf-test', ...base, '--transactional-id', 'too-long', '--command-property', 'transaction.timeout.ms=3600000');
    expect({ exitCode: r.exitCode, stdout: r.stdout, first: r.stderr.split('\n')[0] }).toEqual({
      exitCode: 1,
      stdout: '',
      first: 'tkafka: org.apache.kafka.common.KafkaException: Unexpected error in InitProducerIdResponse; The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).',
    });
  });
});
