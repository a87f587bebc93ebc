import { spawn, type ChildProcess } from 'node:child_process';
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { kcat } from '../helpers/kcat.js';

const TOPIC = 'kc';
// Fast heartbeats so a running member notices a rebalance quickly.
const GROUP_OPTS = ['-X', 'heartbeat.interval.ms=300', '-X', 'session.timeout.ms=6000', '-X', 'auto.offset.reset=earliest'];

describe('consumer groups with kcat (librdkafka balanced consumer)', () => {
  let b: TestBroker;
  let admin: Admin;
  const running: ChildProcess[] = [];

  /** Partitions per member, once the group is Stable with `members` members. */
  async function assignment(groupId: string, members: number): Promise<number[][]> {
    return waitFor(`${groupId} stable with ${members} member(s)`, async () => {
      const g = (await admin.describeGroups([groupId])).groups[0];
      if (g?.state !== 'Stable' || g.members.length !== members) return undefined;
      const parts = g.members.map((m) => [...(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[TOPIC] ?? [])].sort());
      return parts.flat().length === 4 ? parts : undefined;
    }, 20_000, 100);
  }

  beforeAll(async () => {
    b = await startTestBroker();
    const kafka = new Kafka({ clientId: 'kcat-groups-it', brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
    const p = kafka.producer();
    await p.connect();
    await p.send({ topic: TOPIC, messages: Array.from({ length: 8 }, (_, i) => ({ partition: i % 4, value: `v${i}` })) });
    await p.disconnect();
  });

  afterAll(async () => {
    for (const c of running) c.kill('SIGKILL');
    await admin.disconnect();
    await b.dispose();
  });

  it('joins alone, gets every partition, consumes everything and commits it', async () => {
    const r = await kcat(['-b', b.bootstrap, '-G', 'kcat-solo', TOPIC, '-e', '-q', '-f', '%p:%o:%s\n', ...GROUP_OPTS]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['0:0:v0', '0:1:v4', '1:0:v1', '1:1:v5', '2:0:v2', '2:1:v6', '3:0:v3', '3:1:v7']);
    // librdkafka commits the consumed positions when it closes.
    expect(await admin.fetchOffsets({ groupId: 'kcat-solo', topics: [TOPIC] })).toEqual([
      { topic: TOPIC, partitions: [0, 1, 2, 3].map((partition) => ({ partition, offset: '2', metadata: null })) },
    ]);
    const { groups } = await admin.describeGroups(['kcat-solo']);
    expect(groups[0]).toMatchObject({ state: 'Empty', protocolType: 'consumer', members: [] });
  });

  it('splits the partitions when a second kcat joins the same group', async () => {
    const start = (): ChildProcess => {
      const c = spawn('kcat', ['-b', b.bootstrap, '-G', 'kcat-pair', TOPIC, '-q', ...GROUP_OPTS], { stdio: 'ignore' });
      running.push(c);
      return c;
    };
    const first = start();
    expect(await assignment('kcat-pair', 1)).toEqual([[0, 1, 2, 3]]);
    const second = start();
    const split = await assignment('kcat-pair', 2);
    expect(split.map((p) => p.length)).toEqual([2, 2]);
    expect(split.flat().sort()).toEqual([0, 1, 2, 3]);
    // A clean shutdown leaves the group; the other member takes everything back.
    const exited = new Promise((r) => second.once('exit', r));
    second.kill('SIGTERM');
    await exited;
    expect(await assignment('kcat-pair', 1)).toEqual([[0, 1, 2, 3]]);
    first.kill('SIGTERM');
    await waitFor('group empty', async () => ((await admin.describeGroups(['kcat-pair'])).groups[0]?.state === 'Empty' ? true : undefined), 20_000, 100);
  });
});
