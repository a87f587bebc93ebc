// tkafka reassign-partitions / leader-election / groups next to Kafka 4.4's own tool classes, both
// against Apache Kafka with three nodes on the same kind of state: each tool moves its own topic
// (same replicas, same move), so outputs are compared with the topic names normalised. A real
// replica move (generate → execute → verify to completion) and a preferred-leader election after
// the move changed the preferred replica. Kafka adds a stack trace after its failure messages, so
// only stdout and the exit code are compared there.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { runKafkaTool } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka3 = inject('kafka3');
const TIER = 'admin tools: Kafka 4.4 tool vs tkafka, on Apache Kafka (3 nodes)';
const TAG = Math.random().toString(36).slice(2, 7);
const K_TOPIC = `pat-k-${TAG}`;
const T_TOPIC = `pat-t-${TAG}`;
const REASSIGN = 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand';
const ELECT = 'org.apache.kafka.tools.LeaderElectionCommand';
const GROUPS = 'org.apache.kafka.tools.GroupsCommand';
const dir = mkdtempSync(path.join(tmpdir(), 'tkafka-pat-'));

interface Out {
  stdout: string;
  exitCode: number | null;
}

function file(name: string, body: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, JSON.stringify(body));
  return p;
}

const b = (): string[] => ['--bootstrap-server', kafka3.bootstrap];

async function kafkaTool(main: string, args: string[]): Promise<Out> {
  const r = await runKafkaTool(kafka3, main, [...b(), ...args]);
  return { stdout: r.stdout, exitCode: r.exitCode };
}

async function tkafka(tool: string, args: string[]): Promise<Out> {
  const r = await runCli([tool, ...b(), ...args], { timeoutMs: 60_000 });
  return { stdout: r.stdout, exitCode: r.exitCode };
}

const plain = (o: Out, topic: string): Out => ({ stdout: o.stdout.split(topic).join('<topic>'), exitCode: o.exitCode });

/** Both topics: 2 partitions on brokers 1,2 (fixed, so both tools start from the same state). */
async function createTopics(): Promise<void> {
  for (const topic of [K_TOPIC, T_TOPIC]) {
    const r = await runKafkaTool(kafka3, 'org.apache.kafka.tools.TopicCommand', [...b(), '--create', '--topic', topic, '--replica-assignment', '1:2,2:1']);
    expect(r.exitCode).toBe(0);
  }
}

function compare(scenario: string, k: Out, t: Out, topicK = K_TOPIC, topicT = T_TOPIC, why?: string): void {
  const kn = plain(k, topicK);
  const tn = plain(t, topicT);
  expect(tn).toEqual(kn);
  logParity({ tier: TIER, scenario, result: 'normalised-identical', why: why ?? 'each tool works on its own topic of the same shape; topic names normalised' });
}

describe('admin tools on Apache Kafka (3 nodes): Kafka 4.4 vs tkafka', () => {
  it('reassign-partitions: generate, execute with a throttle, verify until complete, list', async () => {
    await createTopics();
    // --generate's proposal is random (AdminUtils); the current assignment (with log dirs) is not.
    const genK = await kafkaTool(REASSIGN, ['--generate', '--topics-to-move-json-file', file('k-topics.json', { topics: [{ topic: K_TOPIC }], version: 1 }), '--broker-list', '1,2,3']);
    const genT = await tkafka('reassign-partitions', ['--generate', '--topics-to-move-json-file', file('t-topics.json', { topics: [{ topic: T_TOPIC }], version: 1 }), '--broker-list', '1,2,3']);
    const current = (o: Out): Out => ({ stdout: o.stdout.split('\n').slice(0, 2).join('\n'), exitCode: o.exitCode });
    const proposedShape = (o: Out): string => (o.stdout.split('\n')[4] ?? '').replace(/\[\d+,\d+\]/g, '[r,r]');
    expect(proposedShape(plain(genT, T_TOPIC))).toBe(proposedShape(plain(genK, K_TOPIC)));
    compare('--generate (current assignment exact; random proposal compared in shape)', current(genK), current(genT), K_TOPIC, T_TOPIC, 'proposal is random in Kafka too: compared with broker ids masked');

    // Move partition 0 from [1,2] to [2,3] and partition 1 from [2,1] to [3,2], throttled.
    const plan = (topic: string): unknown => ({ version: 1, partitions: [{ topic, partition: 0, replicas: [2, 3] }, { topic, partition: 1, replicas: [3, 2] }] });
    const kPlan = file('k-plan.json', plan(K_TOPIC));
    const tPlan = file('t-plan.json', plan(T_TOPIC));
    const execK = await kafkaTool(REASSIGN, ['--execute', '--reassignment-json-file', kPlan, '--throttle', '50000000']);
    // Let Kafka's move finish so tkafka's --execute does not meet an ongoing one.
    await waitFor('no reassignment in progress', async () => (await kafkaTool(REASSIGN, ['--list'])).stdout === 'No partition reassignments found.\n', 60_000, 500);
    const execT = await tkafka('reassign-partitions', ['--execute', '--reassignment-json-file', tPlan, '--throttle', '50000000']);
    compare('--execute --throttle (rollback JSON with log dirs, throttles set)', execK, execT);

    await waitFor('no reassignment in progress', async () => (await tkafka('reassign-partitions', ['--list'])).stdout === 'No partition reassignments found.\n', 60_000, 500);
    const verK = await kafkaTool(REASSIGN, ['--verify', '--reassignment-json-file', kPlan]);
    const verT = await tkafka('reassign-partitions', ['--verify', '--reassignment-json-file', tPlan]);
    expect(verT.stdout).toContain(`Reassignment of partition ${T_TOPIC}-0 is completed.`);
    compare('--verify after the move completed (throttles cleared)', verK, verT);

    compare('--list with nothing moving', await kafkaTool(REASSIGN, ['--list']), await tkafka('reassign-partitions', ['--list']));

    const bad = file('bad.json', { version: 1, partitions: [{ topic: K_TOPIC, partition: 0, replicas: [2, 9] }] });
    const badK = await kafkaTool(REASSIGN, ['--execute', '--reassignment-json-file', bad]);
    const badT = await tkafka('reassign-partitions', ['--execute', '--reassignment-json-file', bad]);
    expect({ first: badT.stdout.split('\n')[0], exitCode: badT.exitCode }).toEqual({ first: badK.stdout.split('\n')[0], exitCode: badK.exitCode });
    logParity({ tier: TIER, scenario: '--execute naming a broker that does not exist', result: 'normalised-identical', why: "Kafka's stack trace after the message left out" });
  }, 240_000);

  it('leader-election: the preferred replica elected after a move changed it, then nothing to elect', async () => {
    // After the move, partition 0's replicas are [2,3] led by 2 and partition 1's [3,2]: reorder
    // partition 0 to [3,2] so its preferred leader (3) is not the leader.
    for (const [topic, who] of [[K_TOPIC, 'k'], [T_TOPIC, 't']] as const) {
      const p = file(`${who}-swap.json`, { version: 1, partitions: [{ topic, partition: 0, replicas: [3, 2] }] });
      expect((await kafkaTool(REASSIGN, ['--execute', '--reassignment-json-file', p])).exitCode).toBe(0);
      await waitFor('no reassignment in progress', async () => (await kafkaTool(REASSIGN, ['--list'])).stdout === 'No partition reassignments found.\n', 60_000, 500);
    }
    const k = await kafkaTool(ELECT, ['--election-type', 'preferred', '--topic', K_TOPIC, '--partition', '0']);
    const t = await tkafka('leader-election', ['--election-type', 'preferred', '--topic', T_TOPIC, '--partition', '0']);
    expect(t.stdout).toBe(`Successfully completed leader election (PREFERRED) for partitions ${T_TOPIC}-0\n`);
    compare('preferred election that moves leadership', k, t);
    compare(
      'preferred election with the preferred leader in place',
      await kafkaTool(ELECT, ['--election-type', 'preferred', '--topic', K_TOPIC, '--partition', '0']),
      await tkafka('leader-election', ['--election-type', 'preferred', '--topic', T_TOPIC, '--partition', '0']),
    );
    const uk = await kafkaTool(ELECT, ['--election-type', 'unclean', '--topic', 'pat-nope', '--partition', '0']);
    const ut = await tkafka('leader-election', ['--election-type', 'unclean', '--topic', 'pat-nope', '--partition', '0']);
    expect(ut).toEqual(uk);
    logParity({ tier: TIER, scenario: 'unclean election of an unknown topic (failure line, exit 1)', result: 'identical' });
  }, 240_000);

  it('groups --list and its filters', async () => {
    for (const args of [['--list'], ['--list', '--consumer'], ['--list', '--group-type', 'classic'], ['--list', '--streams'], ['--list', '--share']]) {
      const k = await kafkaTool(GROUPS, args);
      const t = await tkafka('groups', args);
      const sorted = (o: Out): Out => ({ stdout: o.stdout.split('\n').sort().join('\n'), exitCode: o.exitCode });
      expect(sorted(t)).toEqual(sorted(k));
      logParity({ tier: TIER, scenario: `groups ${args.join(' ')}`, result: 'normalised-identical', why: 'rows sorted: Kafka lists groups in its coordinators\' hash order' });
    }
  }, 120_000);
});
