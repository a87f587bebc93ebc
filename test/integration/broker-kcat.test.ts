import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';

// librdkafka is much stricter than kafkajs about the wire format, so these run every core API
// through a second, independent client implementation.
describe('broker with kcat (librdkafka)', () => {
  let b: TestBroker;

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'num.partitions': '1' } });
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('lists metadata with -L', async () => {
    const p = await kcat(['-b', b.bootstrap, '-t', 'meta-topic', '-P'], 'x\n');
    expect(p.exitCode, p.stderr).toBe(0);
    const r = await kcat(['-b', b.bootstrap, '-L', '-t', 'meta-topic']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(` 1 brokers:\n  broker 1 at 127.0.0.1:${b.running.port} (controller)\n`);
    expect(r.stdout).toContain('  topic "meta-topic" with 1 partitions:\n    partition 0, leader 1, replicas: 1, isrs: 1\n');
  });

  it('produces keys and headers and consumes them byte-exact', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `key-${i}:value-${i}`).join('\n') + '\n';
    const p = await kcat(['-b', b.bootstrap, '-t', 'kv', '-P', '-K:', '-H', 'h1=v1', '-H', 'h2=v2'], lines);
    expect(p.exitCode).toBe(0);
    const c = await kcat(['-b', b.bootstrap, '-t', 'kv', '-C', '-e', '-q', '-f', '%o|%k|%s|%h\n']);
    expect(c.exitCode).toBe(0);
    const expected = Array.from({ length: 50 }, (_, i) => `${i}|key-${i}|value-${i}|h1=v1,h2=v2`).join('\n') + '\n';
    expect(c.stdout).toBe(expected);
  });

  it('seeks with -o beginning, end, N and -N', async () => {
    const values = Array.from({ length: 10 }, (_, i) => `m${i}`).join('\n') + '\n';
    const p = await kcat(['-b', b.bootstrap, '-t', 'seek', '-P'], values);
    expect(p.exitCode, p.stderr).toBe(0);
    const fmt = ['-f', '%o=%s\n', '-C', '-e', '-q'];
    const fromBeginning = await kcat(['-b', b.bootstrap, '-t', 'seek', '-o', 'beginning', ...fmt]);
    expect(fromBeginning.stdout).toBe(Array.from({ length: 10 }, (_, i) => `${i}=m${i}\n`).join(''));
    const fromEnd = await kcat(['-b', b.bootstrap, '-t', 'seek', '-o', 'end', ...fmt]);
    expect(fromEnd.stdout).toBe('');
    const from7 = await kcat(['-b', b.bootstrap, '-t', 'seek', '-o', '7', ...fmt]);
    expect(from7.stdout).toBe('7=m7\n8=m8\n9=m9\n');
    const last2 = await kcat(['-b', b.bootstrap, '-t', 'seek', '-o', '-2', ...fmt]);
    expect(last2.stdout).toBe('8=m8\n9=m9\n');
  });

  it('looks up offsets by time with -Q', async () => {
    // One kcat per record: each is a new process, so their CreateTimes differ.
    for (const v of ['a', 'b', 'c']) {
      const p = await kcat(['-b', b.bootstrap, '-t', 'timed', '-P'], `${v}\n`);
      expect(p.exitCode, p.stderr).toBe(0);
    }
    const c = await kcat(['-b', b.bootstrap, '-t', 'timed', '-C', '-e', '-q', '-f', '%T\n']);
    const [t0, t1, t2] = c.stdout.trimEnd().split('\n').map(Number) as [number, number, number];
    expect(t0 < t1 && t1 < t2, c.stdout).toBe(true);
    const query = async (ts: number): Promise<string> => {
      const r = await kcat(['-b', b.bootstrap, '-Q', '-t', `timed:0:${ts}`]);
      expect(r.exitCode, r.stderr).toBe(0);
      return r.stdout;
    };
    // The first offset whose timestamp is at or after the one asked for; -1 past the last.
    expect(await query(t0 - 60_000)).toBe('timed [0] offset 0\n');
    expect(await query(t1)).toBe('timed [0] offset 1\n');
    expect(await query(t1 + 1)).toBe('timed [0] offset 2\n');
    expect(await query(t2 + 1)).toBe('timed [0] offset -1\n');
  });

  it('round-trips every compression codec', async () => {
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      const topic = `codec-${codec}`;
      const body = Array.from({ length: 200 }, (_, i) => `${codec}-${i}-${'x'.repeat(i % 17)}`).join('\n') + '\n';
      const p = await kcat(['-b', b.bootstrap, '-t', topic, '-P', '-z', codec], body);
      expect(p.exitCode, p.stderr).toBe(0);
      const c = await kcat(['-b', b.bootstrap, '-t', topic, '-C', '-e', '-q']);
      expect(c).toMatchObject({ exitCode: 0, stdout: body });
    }
  });
});

// Several librdkafka readers at once, with CRC checks on, over pooled fetch read buffers. Early
// reuse of a pool slot is caught by broker-fetch-buffers.test.ts (a reader that does not drain);
// this checks the common case end to end with a strict second client.
describe('fetch read buffers under concurrent readers', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker();
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('serves identical, CRC-valid data to concurrent consumers', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `${i}:${'v'.repeat(150 + (i % 50))}`).join('\n') + '\n';
    const p = await kcat(['-b', b.bootstrap, '-t', 'pool', '-P', '-X', 'batch.size=200000', '-X', 'linger.ms=5'], lines, 60_000);
    expect(p.exitCode, p.stderr).toBe(0);
    const read = (): ReturnType<typeof kcat> =>
      kcat(['-b', b.bootstrap, '-t', 'pool', '-C', '-e', '-q', '-X', 'check.crcs=true', '-X', 'fetch.max.bytes=2000000', '-X', 'queued.min.messages=1000000'], undefined, 60_000);
    const results = await Promise.all([read(), read(), read()]);
    for (const r of results) {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/CRC|corrupt/i);
      expect(r.stdout).toBe(lines);
    }
  });
});
