import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js producer-perf-test and verifiable-producer against a real broker:
// Kafka's line shapes (figures matched by pattern only), the records that landed (read back with
// console-consumer), the JSON event sequences exactly apart from timestamps, and usage errors.

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

async function readBack(topic: string, n: number, ...extra: string[]): Promise<string[]> {
  const r = await cli('console-consumer', '--topic', topic, '--from-beginning', '--max-messages', String(n), '--timeout-ms', '10000', ...extra);
  expect(r.exitCode).toBe(0);
  return r.stdout.split('\n').slice(0, -1);
}

const F = '\\d+\\.\\d';
const TOTAL = (n: number, steady = ''): RegExp =>
  new RegExp(`^${n}${steady} records sent, \\d+\\.\\d{6} records/sec \\(\\d+\\.\\d{2} MB/sec\\), \\d+\\.\\d{2} ms avg latency, \\d+\\.00 ms max latency, \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99\\.9th\\.$`);
const WINDOW = new RegExp(`^\\d+ records sent, ${F} records/sec \\(\\d+\\.\\d{2} MB/sec\\), ${F} ms avg latency, \\d+\\.0 ms max latency\\.$`);

describe('tkafka producer-perf-test', () => {
  it('sends --num-records records of --record-size bytes and prints Kafka\'s total line', async () => {
    const r = await cli('producer-perf-test', '--topic', 'ppt-size', '--num-records', '2000', '--record-size', '100', '--throughput', '-1');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines.at(-1)).toMatch(TOTAL(2000));
    for (const l of lines.slice(0, -1)) expect(l).toMatch(WINDOW);
    const values = await readBack('ppt-size', 2000);
    expect(values).toHaveLength(2000);
    for (const v of values) expect(v).toMatch(/^[A-Z]{100}$/);
  });

  it('--payload-monotonic lands 0..n-1; throttled with a warm-up prints windows, the total and the steady-state total', async () => {
    const r = await cli('producer-perf-test', '--topic', 'ppt-mono', '--num-records', '60', '--payload-monotonic', '--throughput', '40', '--warmup-records', '10', '--reporting-interval', '500', '--command-property', 'acks=1', 'linger.ms=0');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines[0]).toBe('Warmup first 10 records. Steady state results will print after the complete test summary.');
    expect(lines.at(-2)).toMatch(TOTAL(60));
    expect(lines.at(-1)).toMatch(TOTAL(50, ' steady state'));
    const middle = lines.slice(1, -2);
    expect(middle.length).toBeGreaterThan(0);
    for (const l of middle) expect(l === 'In steady state.' || WINDOW.test(l)).toBe(true);
    expect(await readBack('ppt-mono', 60)).toEqual(Array.from({ length: 60 }, (_, i) => String(i)));
  });

  it('--payload-file picks payloads from the file; range keys cycle through [0, range)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ppt-')), 'payloads.txt');
    writeFileSync(file, 'alpha\nbeta\ngamma\n');
    const r = await cli('producer-perf-test', '--topic', 'ppt-file', '--num-records', '30', '--payload-file', file, '--throughput', '-1', '--key-distribution', 'range', '--record-key-range', '3');
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines.slice(0, 2)).toEqual([`Reading payloads from: ${file}`, 'Number of records read: 3']);
    expect(lines.at(-1)).toMatch(TOTAL(30));
    const got = await readBack('ppt-file', 30, '--property', 'print.key=true');
    expect(got).toHaveLength(30);
    for (const l of got) expect(l).toMatch(/^[012]\t(alpha|beta|gamma)$/);
  });

  it('refuses bad arguments with Kafka\'s messages, one line, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['--topic', 't', '--num-records', '0', '--record-size', '1', '--throughput', '-1'], '--num-records should be greater than zero.'],
      [['--topic', 't', '--num-records', '5', '--throughput', '-1'], 'one of the arguments --record-size --payload-file --payload-monotonic is required'],
      [['--topic', 't', '--num-records', '5', '--record-size', '1', '--throughput', '-1', '--warmup-records', '5'], 'The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.'],
      [['--topic', 't', '--num-records', '5', '--record-size', '1', '--throughput', '-1', '--key-distribution', 'range'], "--record-key-range is required when --key-distribution is 'range' or 'random'."],
      [['--topic', 't', '--num-records', '5', '--record-size', '1', '--throughput', '-1', '--command-property', 'a=b=c'], 'Invalid property: a=b=c'],
    ];
    for (const [args, message] of cases) {
      const r = await cli('producer-perf-test', ...args);
      expect({ exitCode: r.exitCode, stdout: r.stdout, first: r.stderr.split('\n')[0] }).toEqual({ exitCode: 2, stdout: '', first: `tkafka: ${message}` });
    }
  });
});

/** The event lines with timestamps blanked (the only figure that varies). */
function events(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .slice(0, -1)
    .map((l) => {
      const e = JSON.parse(l) as Record<string, unknown>;
      expect(typeof e['timestamp']).toBe('number');
      e['timestamp'] = 0;
      if (e['name'] === 'tool_data') {
        expect(typeof e['avg_throughput']).toBe('number');
        e['avg_throughput'] = 0;
      }
      return e;
    });
}

describe('tkafka verifiable-producer', () => {
  it("prints Kafka's event sequence with every offset, and the values land", async () => {
    await cli('topics', '--create', '--topic', 'vp-one', '--partitions', '1');
    const r = await cli('verifiable-producer', '--topic', 'vp-one', '--max-messages', '5', '--value-prefix', '7', '--repeating-keys', '2');
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const ok = (key: string, value: string, offset: number): unknown => ({ timestamp: 0, name: 'producer_send_success', key, value, offset, topic: 'vp-one', partition: 0 });
    expect(events(r.stdout)).toEqual([
      { timestamp: 0, name: 'startup_complete' },
      ok('0', '7.0', 0),
      ok('1', '7.1', 1),
      ok('0', '7.2', 2),
      ok('1', '7.3', 3),
      ok('0', '7.4', 4),
      { timestamp: 0, name: 'shutdown_complete' },
      { timestamp: 0, name: 'tool_data', sent: 5, acked: 5, target_throughput: -1, avg_throughput: 0 },
    ]);
    // Key order of each line is Kafka's (Jackson's), not only the values.
    expect(r.stdout.split('\n')[1]).toMatch(/^\{"timestamp":\d+,"name":"producer_send_success","key":"0","value":"7\.0","offset":0,"topic":"vp-one","partition":0\}$/);
    expect(await readBack('vp-one', 5, '--property', 'print.key=true')).toEqual(['0\t7.0', '1\t7.1', '0\t7.2', '1\t7.3', '0\t7.4']);
  });

  it('null keys and plain values without --value-prefix; throttled', async () => {
    const r = await cli('verifiable-producer', '--topic', 'vp-plain', '--max-messages', '20', '--throughput', '100');
    expect(r.exitCode).toBe(0);
    const ev = events(r.stdout) as Array<Record<string, unknown>>;
    expect(ev).toHaveLength(23);
    const sends = ev.slice(1, 21);
    expect(sends.map((e) => e['value']).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    for (const e of sends) expect(Object.keys(e)).toEqual(['timestamp', 'name', 'key', 'value', 'offset', 'topic', 'partition']);
    expect(ev.at(-1)).toEqual({ timestamp: 0, name: 'tool_data', sent: 20, acked: 20, target_throughput: 100, avg_throughput: 0 });
  });
});

const TIME = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}:\\d{3}';
const HEADER = 'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';
const ROW = (n: number, mb: string): RegExp => new RegExp(`^${TIME}, ${TIME}, ${mb}, \\d+\\.\\d{4}, ${n}, \\d+\\.\\d{4}, \\d+, -?\\d+, [\\d.NaInfity-]+, [\\d.NaInfity-]+$`);

describe('tkafka consumer-perf-test', () => {
  it("consumes --num-records records in a group and prints Kafka's header and row; the group commits what it read", async () => {
    expect((await cli('producer-perf-test', '--topic', 'cpt-a', '--num-records', '500', '--record-size', '100', '--throughput', '-1')).exitCode).toBe(0);
    const r = await cli('consumer-perf-test', '--topic', 'cpt-a', '--num-records', '300', '--group', 'cpt-g');
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(2);
    // 300 records of 100 bytes = 0.0286 MB.
    expect(lines[1]).toMatch(ROW(300, '0\\.0286'));
    // The rest (200) is what the group has left; then the timeout warning with --hide-header.
    const rest = await cli('consumer-perf-test', '--topic', 'cpt-a', '--num-records', '1000', '--group', 'cpt-g', '--timeout', '1500', '--hide-header');
    expect(rest.exitCode).toBe(0);
    const restLines = rest.stdout.split('\n').slice(0, -1);
    expect(restLines[0]).toBe('WARNING: Exiting before consuming the expected number of records: timeout (1500 ms) exceeded. You can use the --timeout option to increase the timeout.');
    expect(restLines[1]).toMatch(ROW(200, '0\\.0191'));
    expect(restLines).toHaveLength(2);
  });
});

describe('tkafka e2e-latency', () => {
  it("times each record end to end and prints Kafka's lines; positional arguments work with the deprecation warning", async () => {
    const r = await cli('e2e-latency', '--topic', 'lat-a', '--num-records', '1001', '--producer-acks', '1', '--record-size', '50', '--record-key-size', '4');
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines[0]).toBe('Topic "lat-a" does not exist. Will create topic with 1 partition(s) and replication factor = 1');
    expect(lines[1]).toMatch(/^0\t\d+\.\d+(E-?\d+)?$/);
    expect(lines[2]).toMatch(/^1000\t\d+\.\d+(E-?\d+)?$/);
    expect(lines[3]).toMatch(/^Avg latency: \d+\.\d{4} ms$/);
    expect(lines[4]).toMatch(/^Percentiles: 50th = \d+, 99th = \d+, 99\.9th = \d+$/);
    expect(lines).toHaveLength(5);
    // Every record landed once: the consumer saw each as the only new one.
    expect(await readBack('lat-a', 1001)).toHaveLength(1001);
    const p = await runCli(['e2e-latency', b.bootstrap, 'lat-a', '3', 'all', '10']);
    expect(p.exitCode).toBe(0);
    expect(p.stderr).toBe('WARNING: Positional argument usage is deprecated and will be removed in Apache Kafka 5.0. Please use named arguments instead: --bootstrap-server, --topic, --num-records, --producer-acks, --record-size, --command-config\n');
    expect(p.stdout.split('\n').slice(0, -1).map((l) => l.replace(/\d+(\.\d+)?/g, 'N'))).toEqual(['N\tN', 'Avg latency: N ms', 'Percentiles: Nth = N, Nth = N, Nth = N']);
    const bad = await cli('e2e-latency', '--topic', 'lat-a', '--num-records', '1', '--producer-acks', '0', '--record-size', '1');
    expect({ exitCode: bad.exitCode, first: bad.stderr.split('\n')[0] }).toEqual({ exitCode: 2, first: "tkafka: Invalid value for --producer-acks. Latency testing requires synchronous acknowledgement. Please use '1' or 'all'." });
  });
});

describe('tkafka verifiable-consumer', () => {
  it("prints Kafka's event sequence, commits after each poll, and a second member of the group resumes after the commit", async () => {
    await cli('topics', '--create', '--topic', 'vc-one', '--partitions', '1');
    expect((await cli('verifiable-producer', '--topic', 'vc-one', '--max-messages', '5')).exitCode).toBe(0);
    const tp = { topic: 'vc-one', partition: 0 };
    const first = await cli('verifiable-consumer', '--topic', 'vc-one', '--group-id', 'vc-g', '--max-messages', '3');
    expect({ exitCode: first.exitCode, stderr: first.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(events(first.stdout)).toEqual([
      { timestamp: 0, name: 'startup_complete' },
      { timestamp: 0, name: 'partitions_assigned', partitions: [tp] },
      { timestamp: 0, name: 'records_consumed', count: 3, partitions: [{ ...tp, count: 3, minOffset: 0, maxOffset: 2 }] },
      { timestamp: 0, name: 'offsets_committed', offsets: [{ ...tp, offset: 3 }], success: true },
      { timestamp: 0, name: 'partitions_revoked', partitions: [tp] },
      { timestamp: 0, name: 'shutdown_complete' },
      { timestamp: 0, name: 'shutdown_requested' },
    ]);
    const second = await cli('verifiable-consumer', '--topic', 'vc-one', '--group-id', 'vc-g', '--max-messages', '2', '--verbose');
    expect(second.exitCode).toBe(0);
    const ev = events(second.stdout);
    expect(ev.slice(2, 5)).toEqual([
      { timestamp: 0, name: 'record_data', key: null, value: '3', topic: 'vc-one', partition: 0, offset: 3 },
      { timestamp: 0, name: 'record_data', key: null, value: '4', topic: 'vc-one', partition: 0, offset: 4 },
      { timestamp: 0, name: 'records_consumed', count: 2, partitions: [{ ...tp, count: 2, minOffset: 3, maxOffset: 4 }] },
    ]);
    expect(ev.at(5)).toEqual({ timestamp: 0, name: 'offsets_committed', offsets: [{ ...tp, offset: 5 }], success: true });
  });
});

describe('the perf tools with nothing at the bootstrap address', () => {
  it('each ends with the one-line connection error, exit 1 (not an internal error)', async () => {
    const NOTHING = "tkafka: Nothing answers at 127.0.0.1:1 (connection refused); start the bundled broker with 'tkafka broker start' or pass --bootstrap-server host:port.\n";
    const runs: string[][] = [
      ['producer-perf-test', '--topic', 't', '--num-records', '1', '--record-size', '1', '--throughput', '-1', '--command-property', 'max.block.ms=2000'],
      ['consumer-perf-test', '--topic', 't', '--num-records', '1'],
      ['e2e-latency', '--topic', 't', '--num-records', '1', '--producer-acks', '1', '--record-size', '1'],
      ['verifiable-producer', '--topic', 't', '--max-messages', '1'],
      ['verifiable-consumer', '--topic', 't', '--group-id', 'g'],
    ];
    for (const args of runs) {
      const r = await runCli([args[0] as string, '--bootstrap-server', '127.0.0.1:1', ...args.slice(1)]);
      expect({ tool: args[0], exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({ tool: args[0], exitCode: 1, stdout: '', stderr: NOTHING });
    }
  });
});
