// Kafka 4's mixed groups on a manual clock and an in-memory store holding __consumer_offsets bytes:
// a classic group upgraded by a ConsumerGroupHeartbeat, classic members driven through
// JoinGroup/SyncGroup/Heartbeat/LeaveGroup/OffsetCommit as members of the consumer group, and the
// downgrade back to a classic group when the last consumer-protocol member leaves
// (group.consumer.migration.policy).
import { describe, expect, it } from 'vitest';
import { parseBrokerConfig, type ConsumerGroupMigrationPolicy } from '../../../../src/broker/config.js';
import type { JoinGroupResult, SyncGroupResult } from '../../../../src/broker/group/classic-group.js';
import type { ConsumerHeartbeatInput } from '../../../../src/broker/group/consumer-coordinator.js';
import { GroupCoordinator } from '../../../../src/broker/group/coordinator.js';
import type { GroupStore } from '../../../../src/broker/group/group-store.js';
import type { JoinGroupInput } from '../../../../src/broker/group/membership.js';
import { decodeRecord, encodeKey, encodeRecordValue, type CoordinatorRecord } from '../../../../src/broker/group/records.js';
import { decodeAssignment, encodeAssignment, encodeSubscription } from '../../../../src/protocol/consumer-protocol.js';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import { ManualClock } from '../../../../src/shared/clock.js';

class MemoryStore implements GroupStore {
  readonly entries: { key: Buffer; value: Buffer | null }[] = [];
  append(_groupId: string, records: readonly CoordinatorRecord[]): void {
    for (const r of records) this.entries.push({ key: encodeKey(r.key), value: encodeRecordValue(r) });
  }
  load(apply: (rec: CoordinatorRecord) => void): void {
    for (const e of this.entries) {
      const rec = decodeRecord(e.key, e.value);
      if (rec !== null) apply(rec);
    }
  }
  types(from = 0): string[] {
    return this.entries.slice(from).map((e) => {
      const r = decodeRecord(e.key, e.value) as CoordinatorRecord;
      return `${r.key.type}${r.value === null ? '(tombstone)' : ''}`;
    });
  }
}

const T = 'AAAAAAAAAAAAAAAAAAAAAQ';
const TOPICS = new Map([['t', { id: T, name: 't', numPartitions: 6 }]]);

function setup(policy: ConsumerGroupMigrationPolicy = 'bidirectional', store = new MemoryStore(), clock = new ManualClock()) {
  const c = new GroupCoordinator({
    clock,
    config: {
      initialRebalanceDelayMs: 0,
      minSessionTimeoutMs: 1000,
      maxSessionTimeoutMs: 300_000,
      newMemberJoinTimeoutMs: 300_000,
      offsetsRetentionMs: 600_000,
      offsetsRetentionCheckIntervalMs: 600_000,
      offsetMetadataMaxBytes: 4096,
      consumerMigrationPolicy: policy,
    },
    store,
    partitionExists: (t, p) => (TOPICS.get(t)?.numPartitions ?? 0) > p,
    topics: { byName: (n) => TOPICS.get(n), byId: (id) => [...TOPICS.values()].find((t) => t.id === id), names: () => [...TOPICS.keys()] },
  });
  c.load();
  return { c, clock, store };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function joinInput(over: Partial<JoinGroupInput> & { owned?: number[]; generation?: number } = {}): JoinGroupInput {
  const { owned, generation, ...rest } = over;
  const metadata = encodeSubscription(['t'], { ownedPartitions: owned === undefined ? [] : [{ topic: 't', partitions: owned }], generationId: generation ?? -1 });
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [
      { name: 'range', metadata },
      { name: 'cooperative-sticky', metadata },
    ],
    clientId: 'classic',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: true,
    supportsSkippingAssignment: true,
    ...rest,
  };
}

const join = (memberId: string): ConsumerHeartbeatInput => ({
  apiVersion: 1,
  groupId: 'g',
  memberId,
  memberEpoch: 0,
  instanceId: null,
  rackId: null,
  rebalanceTimeoutMs: 30_000,
  subscribedTopicNames: ['t'],
  subscribedTopicRegex: null,
  serverAssignor: null,
  topicPartitions: [],
  clientId: 'consumer',
  clientHost: '/127.0.0.1',
});

const hb = (memberId: string, memberEpoch: number, owned: number[]): ConsumerHeartbeatInput => ({
  ...join(memberId),
  memberEpoch,
  rebalanceTimeoutMs: -1,
  subscribedTopicNames: null,
  topicPartitions: owned.length === 0 ? [] : [{ topicId: T, partitions: owned }],
});

const partitionsOf = (r: SyncGroupResult): number[] => decodeAssignment(r.assignment).flatMap((p) => p.partitions);

/** A classic group of two members at generation 1: the leader gives a 0-2 and b 3-5. */
async function classicGroup(c: GroupCoordinator, clock: ManualClock): Promise<[string, string]> {
  const ids: string[] = [];
  const joins: Promise<JoinGroupResult>[] = [];
  for (let i = 0; i < 2; i++) {
    const first = await c.membership.joinGroup(joinInput());
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    ids.push(first.memberId);
    joins.push(c.membership.joinGroup(joinInput({ memberId: first.memberId })));
  }
  clock.advance(0);
  await tick();
  const results = await Promise.all(joins);
  const [a, b] = ids as [string, string];
  const leader = results.find((r) => r.members.length > 0) as JoinGroupResult;
  const assignments = [
    { memberId: a, assignment: encodeAssignment([{ topic: 't', partitions: [0, 1, 2] }]) },
    { memberId: b, assignment: encodeAssignment([{ topic: 't', partitions: [3, 4, 5] }]) },
  ];
  const syncs = ids.map((id) =>
    c.membership.syncGroup({ groupId: 'g', generationId: 1, memberId: id, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: id === leader.memberId ? assignments : [] }),
  );
  expect((await Promise.all(syncs)).map(partitionsOf)).toEqual([
    [0, 1, 2],
    [3, 4, 5],
  ]);
  return [a, b];
}

/** A classic member's rejoin (JoinGroup, then SyncGroup at the generation it was given): its generation and partitions. */
async function rejoin(c: GroupCoordinator, memberId: string, owned: number[], generation: number): Promise<{ generation: number; partitions: number[] }> {
  const j = await c.membership.joinGroup(joinInput({ memberId, owned, generation }));
  expect(j).toMatchObject({ errorCode: 0, memberId, protocolType: 'consumer', protocolName: 'range', leader: '', members: [] });
  const s = await c.membership.syncGroup({ groupId: 'g', generationId: j.generationId, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] });
  expect(s.errorCode).toBe(0);
  return { generation: j.generationId, partitions: partitionsOf(s) };
}

const heartbeat = (c: GroupCoordinator, memberId: string, generationId: number): number => c.membership.heartbeat({ groupId: 'g', memberId, groupInstanceId: null, generationId });

describe('mixed classic/consumer groups (Kafka 4, group.consumer.migration.policy)', () => {
  it('upgrade: a consumer-protocol member joining a classic group in use converts it; classic members keep their partitions and follow the consumer group through rejoins', async () => {
    const { c, clock, store } = setup();
    const [a, b] = await classicGroup(c, clock);
    const before = store.entries.length;
    const r = c.consumer.heartbeat(join('m3'));
    // Generation 1, +1 for the new member's subscription, +1 for the topic metadata now stored.
    expect(r).toMatchObject({ errorCode: 0, memberId: 'm3', memberEpoch: 3, assignment: { topicPartitions: [] } });
    expect(store.types(before)).toEqual([
      'group(tombstone)',
      'cg-member',
      'cg-member',
      'cg-epoch',
      'cg-target-member',
      'cg-target-member',
      'cg-target-epoch',
      'cg-current',
      'cg-current',
      'cg-member',
      'cg-partition-metadata',
      'cg-epoch',
      'cg-target-member',
      'cg-target-member',
      'cg-target-member',
      'cg-target-epoch',
      'cg-current',
    ]);
    expect(c.listGroups([], []).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Reconciling', groupType: 'consumer' }]);
    const d = c.consumer.describe('g');
    expect(d.members.map((m) => [m.memberId, m.memberEpoch, m.clientId, m.assignment.topicPartitions.flatMap((t) => t.partitions)])).toEqual([
      [a, 1, 'classic', [0, 1, 2]],
      [b, 1, 'classic', [3, 4, 5]],
      ['m3', 3, 'consumer', []],
    ]);
    // The classic members are told to rejoin; the first rejoin revokes (its epoch stays), the second completes.
    expect(heartbeat(c, a, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(heartbeat(c, a, 2)).toBe(ErrorCode.ILLEGAL_GENERATION);
    const a1 = await rejoin(c, a, [0, 1, 2], 1);
    expect(a1.generation).toBe(1);
    expect(heartbeat(c, a, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a2 = await rejoin(c, a, a1.partitions, 1);
    expect(a2.generation).toBe(3);
    expect(heartbeat(c, a, 3)).toBe(ErrorCode.NONE);
    const b1 = await rejoin(c, b, [3, 4, 5], 1);
    const b2 = await rejoin(c, b, b1.partitions, b1.generation);
    expect(b2.generation).toBe(3);
    const m3 = c.consumer.heartbeat(hb('m3', 3, []));
    const got = m3.assignment?.topicPartitions.flatMap((t) => t.partitions) ?? [];
    // Every partition is owned by exactly one member, two each.
    expect([...a2.partitions, ...b2.partitions, ...got].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect([a2.partitions.length, b2.partitions.length, got.length]).toEqual([2, 2, 2]);
    expect(c.consumer.describe('g').groupState).toBe('Stable');
    // A classic member commits with its epoch as generation (any version); another generation is ILLEGAL_GENERATION.
    const commit = (generationId: number, apiVersion: number): number[] =>
      c.offsets
        .commit({ groupId: 'g', generationId, memberId: a, groupInstanceId: null, retentionTimeMs: -1n, apiVersion, topics: [{ name: 't', partitions: [{ partitionIndex: a2.partitions[0] as number, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: '' }] }] })
        .flatMap((t) => t.partitions.map((p) => p.errorCode));
    expect(commit(3, 8)).toEqual([0]);
    expect(commit(1, 8)).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    // The classic members' metadata is stored: a restart reloads the same group.
    const reloaded = setup('bidirectional', store).c;
    expect(reloaded.consumer.describe('g')).toEqual(c.consumer.describe('g'));
    expect(reloaded.membership.heartbeat({ groupId: 'g', memberId: a, groupInstanceId: null, generationId: 3 })).toBe(ErrorCode.NONE);
  });

  it('downgrade: when the last consumer-protocol member leaves, the classic members get a classic group back and rebalance', async () => {
    const { c, clock, store } = setup();
    const [a, b] = await classicGroup(c, clock);
    c.consumer.heartbeat(join('m3'));
    const before = store.entries.length;
    expect(c.consumer.heartbeat(hb('m3', -1, []))).toMatchObject({ errorCode: 0, memberEpoch: -1 });
    expect(store.types(before)).toEqual([
      ...Array<string>(3).fill('cg-current(tombstone)'),
      ...Array<string>(3).fill('cg-target-member(tombstone)'),
      'cg-target-epoch(tombstone)',
      ...Array<string>(3).fill('cg-member(tombstone)'),
      'cg-partition-metadata(tombstone)',
      'cg-epoch(tombstone)',
      'group',
    ]);
    expect(c.listGroups([], []).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'PreparingRebalance', groupType: 'classic' }]);
    // Generation 3 (the consumer group's epoch): a heartbeat at it is told to rejoin.
    expect(heartbeat(c, a, 3)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const joins = [a, b].map((id) => c.membership.joinGroup(joinInput({ memberId: id })));
    await tick();
    const results = await Promise.all(joins);
    expect(results.map((j) => j.generationId)).toEqual([4, 4]);
    expect(c.membership.describeGroup('g').groupState).toBe('CompletingRebalance');
  });

  it('a classic member joins a consumer group; LeaveGroup and a missed session fence classic members', async () => {
    const { c, clock } = setup();
    expect(c.consumer.heartbeat(join('m1'))).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    const first = await c.membership.joinGroup(joinInput());
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED });
    const x = await rejoin(c, first.memberId, [], -1);
    // Joining bumped the epoch to 3; its partitions are still m1's, so it is at epoch 3 with none yet.
    expect(x).toEqual({ generation: 3, partitions: [] });
    c.consumer.heartbeat(hb('m1', 2, [0, 1, 2, 3, 4, 5]));
    c.consumer.heartbeat(hb('m1', 2, [0, 1, 2]));
    // Its partitions are free now: the heartbeat asks it to rejoin and collect them.
    expect(heartbeat(c, first.memberId, 3)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(await rejoin(c, first.memberId, [], 3)).toEqual({ generation: 3, partitions: [3, 4, 5] });
    const wrongProtocol = await c.membership.joinGroup(joinInput({ protocols: [{ name: 'roundrobin', metadata: encodeSubscription(['t']) }] }));
    expect(wrongProtocol.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(c.membership.leaveGroup('g', [{ memberId: 'm1', groupInstanceId: null }]).members).toEqual([{ memberId: 'm1', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }]);
    expect(c.membership.leaveGroup('g', [{ memberId: first.memberId, groupInstanceId: null }]).members).toEqual([{ memberId: first.memberId, groupInstanceId: null, errorCode: 0 }]);
    expect(c.consumer.describe('g')).toMatchObject({ groupEpoch: 4, members: [{ memberId: 'm1' }] });
    // Another classic member that stops heartbeating is fenced after its session timeout (10 s).
    const second = await c.membership.joinGroup(joinInput());
    await rejoin(c, second.memberId, [], -1);
    expect(c.consumer.describe('g').members).toHaveLength(2);
    clock.advance(10_000);
    expect(c.consumer.describe('g').members.map((m) => m.memberId)).toEqual(['m1']);
  });

  it('policy: disabled refuses the upgrade (GROUP_ID_NOT_FOUND) and keeps a consumer group with only classic members', async () => {
    const { c, clock } = setup('disabled');
    await classicGroup(c, clock);
    expect(c.consumer.heartbeat(join('m3'))).toEqual({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: 'Group g is not a consumer group.', memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null });
    const other = setup('upgrade');
    await classicGroup(other.c, other.clock);
    other.c.consumer.heartbeat(join('m3'));
    other.c.consumer.heartbeat(hb('m3', -1, []));
    expect(other.c.listGroups([], []).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Assigning', groupType: 'consumer' }]);
  });

  it('group.consumer.migration.policy takes Kafka\'s four values, in any case, and refuses others', () => {
    expect(parseBrokerConfig({}).groupConsumerMigrationPolicy).toBe('bidirectional');
    expect(parseBrokerConfig({ 'group.consumer.migration.policy': 'UPGRADE' }).groupConsumerMigrationPolicy).toBe('upgrade');
    expect(() => parseBrokerConfig({ 'group.consumer.migration.policy': 'both' })).toThrow(
      "invalid broker config: group.consumer.migration.policy must be one of bidirectional, upgrade, downgrade, disabled, got 'both'",
    );
  });

  it('a classic JoinGroup to an empty consumer group replaces it with a classic group', async () => {
    const { c, clock } = setup();
    c.consumer.heartbeat(join('m1'));
    c.consumer.heartbeat(hb('m1', -1, []));
    expect(c.listGroups([], []).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Empty', groupType: 'consumer' }]);
    const first = await c.membership.joinGroup(joinInput());
    const second = c.membership.joinGroup(joinInput({ memberId: first.memberId }));
    clock.advance(0);
    await tick();
    expect(await second).toMatchObject({ errorCode: 0, generationId: 1, leader: first.memberId });
    expect(c.listGroups([], []).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'CompletingRebalance', groupType: 'classic' }]);
  });
});
