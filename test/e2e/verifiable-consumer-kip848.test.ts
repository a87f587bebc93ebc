// verifiable-consumer --group-protocol consumer (KIP-848): the broker assigns, a member heartbeats.
// One member takes every partition; a second joins and the broker moves half of them to it, handed
// over incrementally (only the moved partitions are revoked, as Java's listener reports them), and
// every record is consumed once; the group is a consumer-protocol group with the right commits.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { kcat } from '../helpers/kcat.js';
import { waitFor } from '../helpers/wait.js';

let b: TestBroker;
beforeAll(async () => {
  // Short heartbeats so a new target reaches the first member quickly.
  b = await startTestBroker({ config: { 'group.consumer.heartbeat.interval.ms': '300' } });
});
afterAll(async () => {
  await b?.dispose();
});

const cli = (...args: string[]): Promise<CliResult> => runCli([args[0] as string, '--bootstrap-server', b.bootstrap, ...args.slice(1)], { timeoutMs: 60_000 });

interface Event {
  name: string;
  partitions?: Array<{ topic: string; partition: number; count?: number }>;
  count?: number;
}

function events(text: string): Event[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Event);
}

/** Ten records into each of the four partitions, by partition number (exact counts per member). */
async function tenEach(round: number): Promise<void> {
  for (let p = 0; p < 4; p++) {
    const r = await kcat(['-P', '-b', b.bootstrap, '-t', 'vc-848', '-p', String(p)], Array.from({ length: 10 }, (_, i) => `r${round}-p${p}-${i}`).join('\n') + '\n');
    expect(r.exitCode, r.stderr).toBe(0);
  }
}

const parts = (e: Event | undefined): number[] => (e?.partitions ?? []).map((p) => p.partition).sort((x, y) => x - y);
const consumed = (evs: Event[]): number => evs.filter((e) => e.name === 'records_consumed').reduce((n, e) => n + (e.count ?? 0), 0);

/** A verifiable-consumer running in the background, its stdout readable while it runs. */
function background(...args: string[]): { out: () => string; child: () => ChildProcess; done: Promise<CliResult> } {
  let text = '';
  let proc: ChildProcess | undefined;
  const done = runCli(['verifiable-consumer', '--bootstrap-server', b.bootstrap, ...args], {
    timeoutMs: 90_000,
    onSpawn: (c) => {
      proc = c;
      c.stdout?.on('data', (chunk: Buffer | string) => (text += chunk.toString()));
    },
  });
  return { out: () => text, child: () => proc as ChildProcess, done };
}

describe('verifiable-consumer --group-protocol consumer', () => {
  it('one member takes all partitions; a second gets half, moved incrementally; every record once', async () => {
    expect((await cli('topics', '--create', '--topic', 'vc-848', '--partitions', '4')).exitCode).toBe(0);
    await tenEach(1);

    const a = background('--topic', 'vc-848', '--group-id', 'vc-848', '--group-protocol', 'consumer');
    await waitFor('member A to consume 40 records', () => consumed(events(a.out())) === 40, 30_000);
    const aFirst = events(a.out());
    expect(aFirst[0]?.name).toBe('startup_complete');
    expect(aFirst[1]?.name).toBe('partitions_assigned');
    expect(parts(aFirst[1])).toEqual([0, 1, 2, 3]);

    const bm = background('--topic', 'vc-848', '--group-id', 'vc-848', '--group-protocol', 'consumer', '--group-remote-assignor', 'uniform');
    await waitFor('the hand-over from A to B', () => events(a.out()).some((e) => e.name === 'partitions_revoked') && events(bm.out()).some((e) => e.name === 'partitions_assigned' && (e.partitions?.length ?? 0) > 0), 30_000);
    const aAfter = events(a.out());
    const revokedAt = aAfter.findIndex((e) => e.name === 'partitions_revoked');
    const revoked = aAfter[revokedAt];
    const gained = events(bm.out()).find((e) => e.name === 'partitions_assigned' && (e.partitions?.length ?? 0) > 0);
    // Half moved, and only those were revoked from A: the two members own all four between them.
    expect(parts(revoked)).toHaveLength(2);
    expect(parts(gained)).toEqual(parts(revoked));
    // Then A's listener hears of no new partition (an incremental revocation's empty assignment).
    expect(aAfter[revokedAt + 1]).toMatchObject({ name: 'partitions_assigned', partitions: [] });

    // New records reach both members, each exactly once: ten per partition each owns.
    const aBefore = consumed(events(a.out()));
    await tenEach(2);
    await waitFor('80 records in all', () => consumed(events(a.out())) + consumed(events(bm.out())) === 80, 30_000);
    expect(consumed(events(a.out())) - aBefore).toBe(20);
    expect(consumed(events(bm.out()))).toBe(20);
    const seenBy = (evs: Event[]): number[] => [...new Set(evs.filter((e) => e.name === 'records_consumed').flatMap((e) => parts(e)))].sort((x, y) => x - y);
    expect(seenBy(events(bm.out()))).toEqual(parts(gained));

    a.child().kill('SIGINT');
    bm.child().kill('SIGINT');
    const [ra, rb] = await Promise.all([a.done, bm.done]);
    expect(ra.stderr).toBe('');
    expect(rb.stderr).toBe('');
    // Interrupted: shutdown requested (a commit in flight may still report after it), the partitions
    // it still owns revoked on close, then complete.
    for (const r of [ra, rb]) {
      const names = events(r.stdout).map((e) => e.name);
      expect(names).toContain('shutdown_requested');
      expect(names.slice(-2)).toEqual(['partitions_revoked', 'shutdown_complete']);
    }

    // Every offset committed: nothing left to read, and the group ran the consumer protocol.
    const described = await cli('consumer-groups', '--describe', '--group', 'vc-848', '-o', 'json');
    expect(described.exitCode, described.stderr).toBe(0);
    const rows = (JSON.parse(described.stdout) as { groups: Array<{ partitions: Array<{ partition: number; lag: number | null }> }> }).groups[0]?.partitions ?? [];
    expect(rows.map((r) => [r.partition, r.lag])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    const listed = await cli('groups', '--list', '--group-type', 'consumer');
    expect(listed.stdout.split('\n').filter((l) => /^vc-848\s+Consumer\s+consumer\s*$/.test(l))).toHaveLength(1);
  });

  it('--assignment-strategy with the consumer protocol and --group-remote-assignor with the classic one are usage errors', async () => {
    const mixed = await cli('verifiable-consumer', '--topic', 't', '--group-id', 'g', '--group-protocol', 'consumer', '--assignment-strategy', 'RangeAssignor');
    expect(mixed).toMatchObject({ exitCode: 2, stdout: '' });
    expect(mixed.stderr.split('\n')[0]).toBe('tkafka: --assignment-strategy is only used with --group-protocol classic (the broker assigns with --group-protocol consumer).');
    const remote = await cli('verifiable-consumer', '--topic', 't', '--group-id', 'g', '--group-remote-assignor', 'range');
    expect(remote).toMatchObject({ exitCode: 2, stdout: '' });
    expect(remote.stderr.split('\n')[0]).toBe('tkafka: --group-remote-assignor is only used with --group-protocol consumer.');
  });
});

describe('console-consumer --consumer-property group.protocol=consumer', () => {
  it('consumes as a consumer-protocol member, commits, and the next run resumes after the commit', async () => {
    expect((await cli('topics', '--create', '--topic', 'cc-848', '--partitions', '3')).exitCode).toBe(0);
    for (let p = 0; p < 3; p++) {
      const r = await kcat(['-P', '-b', b.bootstrap, '-t', 'cc-848', '-p', String(p)], `a${p}\nb${p}\n`);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const group = ['--group', 'cc-848', '--consumer-property', 'group.protocol=consumer', '--consumer-property', 'group.remote.assignor=range'];
    const first = await cli('console-consumer', '--topic', 'cc-848', ...group, '--from-beginning', '--max-messages', '6');
    expect(first).toMatchObject({ exitCode: 0, stderr: 'Processed a total of 6 messages\n' });
    expect(first.stdout.split('\n').filter((l) => l !== '').sort()).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
    const listed = await cli('groups', '--list', '--group-type', 'consumer');
    expect(listed.stdout.split('\n').filter((l) => /^cc-848\s+Consumer\s+consumer\s*$/.test(l))).toHaveLength(1);
    const more = await kcat(['-P', '-b', b.bootstrap, '-t', 'cc-848', '-p', '1'], 'c1\n');
    expect(more.exitCode).toBe(0);
    const second = await cli('console-consumer', '--topic', 'cc-848', ...group, '--max-messages', '1');
    expect(second).toMatchObject({ exitCode: 0, stdout: 'c1\n', stderr: 'Processed a total of 1 messages\n' });
  });

  it("refuses the classic protocol's configs with the consumer protocol, as Java's ConsumerConfig does", async () => {
    const bad = await cli('console-consumer', '--topic', 'cc-848', '--group', 'x', '--consumer-property', 'group.protocol=consumer', '--consumer-property', 'session.timeout.ms=10000', '--consumer-property', 'partition.assignment.strategy=range');
    expect(bad).toMatchObject({ exitCode: 2, stdout: '' });
    expect(bad.stderr.split('\n')[0]).toBe('tkafka: partition.assignment.strategy, session.timeout.ms cannot be set when group.protocol=CONSUMER');
    const classic = await cli('console-consumer', '--topic', 'cc-848', '--group', 'x', '--consumer-property', 'group.remote.assignor=uniform');
    expect(classic.stderr.split('\n')[0]).toBe('tkafka: group.remote.assignor cannot be set when group.protocol=CLASSIC');
    const unknown = await cli('console-consumer', '--topic', 'cc-848', '--group', 'x', '--consumer-property', 'group.protocol=share');
    expect(unknown.stderr.split('\n')[0]).toBe('tkafka: Invalid value share for configuration group.protocol: String must be one of (case insensitive): CLASSIC, CONSUMER');
  });
});
