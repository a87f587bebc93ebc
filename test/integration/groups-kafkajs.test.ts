import { AssignerProtocol, Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJoinGroupResponse } from '../../src/protocol/generated/messages/join-group-response.js';
import { encodeJoinGroupRequest, JoinGroupRequestVersions } from '../../src/protocol/generated/messages/join-group-request.js';
import { decodeSyncGroupResponse } from '../../src/protocol/generated/messages/sync-group-response.js';
import { encodeSyncGroupRequest, SyncGroupRequestVersions } from '../../src/protocol/generated/messages/sync-group-request.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const TOPIC = 'orders';
const JoinGroup = api(JoinGroupRequestVersions, encodeJoinGroupRequest, decodeJoinGroupResponse);
const SyncGroup = api(SyncGroupRequestVersions, encodeSyncGroupRequest, decodeSyncGroupResponse);

describe('consumer groups with kafkajs', () => {
  let b: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  /** Member id → partitions of TOPIC, once the group is Stable with `members` members covering every partition. */
  async function stableAssignment(groupId: string, members: number): Promise<Map<string, number[]>> {
    return waitFor(`${groupId} stable with ${members} members`, async () => {
      const { groups } = await admin.describeGroups([groupId]);
      const g = groups[0];
      if (g?.state !== 'Stable' || g.members.length !== members) return undefined;
      const byMember = new Map<string, number[]>();
      for (const m of g.members) {
        const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
        byMember.set(m.memberId, [...(decoded?.assignment[TOPIC] ?? [])].sort((x, y) => x - y));
      }
      const all = [...byMember.values()].flat();
      return all.length === 6 && new Set(all).size === 6 ? byMember : undefined;
    }, 15_000, 100);
  }

  function newConsumer(groupId: string): Consumer {
    const c = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 10_000, maxWaitTimeInMs: 100 });
    consumers.push(c);
    return c;
  }

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'group.min.session.timeout.ms': '1000' } });
    kafka = new Kafka({ clientId: 'groups-it', brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 6 }] });
    producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: Array.from({ length: 60 }, (_, i) => ({ partition: i % 6, value: `m${i}` })) });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await producer.disconnect();
    await admin.disconnect();
    await b.dispose();
  });

  // One scenario in three steps, each building on the group the previous one left: one test, so
  // that it runs whole when run alone or shuffled.
  it('one group through joins, a clean leave and a silent member', async () => {
    const seen = new Set<string>();
    const group = 'balanced';

    {
      // splits 6 partitions among 3 members, each partition owned by exactly one
      const three = [newConsumer(group), newConsumer(group), newConsumer(group)];
      await Promise.all(
        three.map(async (c) => {
          await c.connect();
          await c.subscribe({ topic: TOPIC, fromBeginning: true });
          await c.run({
            eachMessage: ({ partition, message }) => {
              seen.add(`${partition}:${message.offset}`);
              return Promise.resolve();
            },
          });
        }),
      );
      const byMember = await stableAssignment(group, 3);
      expect([...byMember.values()].map((p) => p.length)).toEqual([2, 2, 2]);
      expect([...byMember.values()].flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
      await waitFor('all 60 records consumed', () => Promise.resolve(seen.size === 60 ? true : undefined));

      // hands the partitions of a member that leaves cleanly to the others
      const leaving = three[2] as Consumer;
      await leaving.disconnect();
      const afterLeave = await stableAssignment(group, 2);
      expect([...afterLeave.values()].map((p) => p.length)).toEqual([3, 3]);
    }

    {
      // removes a member that stops heartbeating after its session timeout
      const raw = await RawClient.connect(b.running.port);
      try {
        const metadata = AssignerProtocol.MemberMetadata.encode({ version: 1, topics: [TOPIC], userData: Buffer.alloc(0) });
        const join = {
          groupId: group,
          sessionTimeoutMs: 2000,
          rebalanceTimeoutMs: 10_000,
          memberId: '',
          groupInstanceId: null,
          protocolType: 'consumer',
          protocols: [{ name: 'RoundRobinAssigner', metadata }],
          reason: null,
        };
        const first = await raw.call(JoinGroup, 5, join);
        expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
        const joined = await raw.call(JoinGroup, 5, { ...join, memberId: first.memberId });
        expect(joined.errorCode).toBe(0);
        expect(joined.leader).not.toBe(first.memberId);
        const synced = await raw.call(SyncGroup, 3, { groupId: group, generationId: joined.generationId, memberId: first.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
        expect(synced.errorCode).toBe(0);
        expect(AssignerProtocol.MemberAssignment.decode(synced.assignment)?.assignment[TOPIC]).toHaveLength(2);
        const silentSince = Date.now();
        // It never heartbeats: 2 s later the coordinator drops it and the other two take everything back.
        const byMember = await stableAssignment(group, 2);
        expect(byMember.has(first.memberId)).toBe(false);
        expect([...byMember.values()].map((p) => p.length)).toEqual([3, 3]);
        expect(Date.now() - silentSince).toBeGreaterThanOrEqual(1900);
      } finally {
        raw.close();
      }
    }
  });

  describe('admin operations', () => {
    const group = 'admin-ops';

    it('sets, fetches, resets and deletes offsets of an idle group', async () => {
      await admin.setOffsets({ groupId: group, topic: TOPIC, partitions: [{ partition: 0, offset: '3' }, { partition: 4, offset: '7' }] });
      expect(await admin.fetchOffsets({ groupId: group, topics: [TOPIC] })).toEqual([
        {
          topic: TOPIC,
          partitions: [
            { partition: 0, offset: '3', metadata: null },
            { partition: 1, offset: '-1', metadata: null },
            { partition: 2, offset: '-1', metadata: null },
            { partition: 3, offset: '-1', metadata: null },
            { partition: 4, offset: '7', metadata: null },
            { partition: 5, offset: '-1', metadata: null },
          ],
        },
      ]);
      expect((await admin.listGroups()).groups).toContainEqual({ groupId: group, protocolType: 'consumer' });
      const { groups } = await admin.describeGroups([group, 'never-existed']);
      expect(groups).toEqual([
        { groupId: group, errorCode: 0, state: 'Empty', protocolType: 'consumer', protocol: '', members: [] },
        { groupId: 'never-existed', errorCode: 0, state: 'Dead', protocolType: '', protocol: '', members: [] },
      ]);

      // kafkajs resets by committing the logical offset (-2 = earliest) for every partition.
      await admin.resetOffsets({ groupId: group, topic: TOPIC, earliest: true });
      const reset = await admin.fetchOffsets({ groupId: group, topics: [TOPIC] });
      expect(reset[0]?.partitions.map((p) => p.offset)).toEqual(['-2', '-2', '-2', '-2', '-2', '-2']);

      const deleted = await admin.deleteGroups([group]);
      expect(deleted).toEqual([{ groupId: group, errorCode: 0 }]);
      const after = await admin.fetchOffsets({ groupId: group, topics: [TOPIC] });
      expect(after[0]?.partitions.map((p) => p.offset)).toEqual(['-1', '-1', '-1', '-1', '-1', '-1']);
      expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(group);
      await expect(admin.deleteGroups([group])).rejects.toMatchObject({ name: 'KafkaJSDeleteGroupsError', groups: [{ groupId: group, errorCode: ErrorCode.GROUP_ID_NOT_FOUND }] });
    });

    it('describes a running group with decodable member assignments and refuses to delete it', async () => {
      const live = 'admin-live';
      const c = newConsumer(live);
      await c.connect();
      await c.subscribe({ topic: TOPIC, fromBeginning: true });
      await c.run({ eachMessage: () => Promise.resolve() });
      await stableAssignment(live, 1);
      const { groups } = await admin.describeGroups([live]);
      const g = groups[0];
      expect(g).toMatchObject({ groupId: live, errorCode: 0, state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
      expect(g?.members).toHaveLength(1);
      const m = g?.members[0];
      expect(m?.clientId).toBe('groups-it');
      expect(m?.clientHost).toBe('/127.0.0.1');
      expect(m?.memberId).toMatch(/^groups-it-[0-9a-f-]{36}$/);
      expect(AssignerProtocol.MemberAssignment.decode(m?.memberAssignment as Buffer)).toEqual({ version: 0, assignment: { [TOPIC]: [0, 1, 2, 3, 4, 5] }, userData: Buffer.alloc(0) });
      expect(AssignerProtocol.MemberMetadata.decode(m?.memberMetadata as Buffer)).toEqual({ version: 0, topics: [TOPIC], userData: Buffer.alloc(0) });
      await expect(admin.deleteGroups([live])).rejects.toMatchObject({ groups: [{ groupId: live, errorCode: ErrorCode.NON_EMPTY_GROUP }] });
      await expect(admin.setOffsets({ groupId: live, topic: TOPIC, partitions: [{ partition: 0, offset: '1' }] })).rejects.toThrow(/no running instances/);
    });
  });
});
