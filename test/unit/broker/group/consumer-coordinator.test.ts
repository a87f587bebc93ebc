// KIP-848 consumer groups on a manual clock and an in-memory store that keeps the records as the
// bytes __consumer_offsets would hold (every reload goes through the generated codecs).
import { describe, expect, it } from 'vitest';
import { compileTopicRegex, type ConsumerHeartbeatInput } from '../../../../src/broker/group/consumer-coordinator.js';
import { GroupCoordinator, type GroupCoordinatorConfig } from '../../../../src/broker/group/coordinator.js';
import type { GroupStore } from '../../../../src/broker/group/group-store.js';
import { decodeRecord, encodeKey, encodeRecordValue, type CoordinatorRecord } from '../../../../src/broker/group/records.js';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import { ManualClock } from '../../../../src/shared/clock.js';

class MemoryStore implements GroupStore {
  readonly entries: { key: Buffer; value: Buffer | null }[] = [];
  fail = false;
  append(_groupId: string, records: readonly CoordinatorRecord[]): void {
    if (this.fail) throw new Error('disk full');
    for (const r of records) this.entries.push({ key: encodeKey(r.key), value: encodeRecordValue(r) });
  }
  load(apply: (rec: CoordinatorRecord) => void): void {
    for (const e of this.entries) {
      const rec = decodeRecord(e.key, e.value);
      if (rec !== null) apply(rec);
    }
  }
  types(): string[] {
    return this.entries.map((e) => {
      const r = decodeRecord(e.key, e.value) as CoordinatorRecord;
      return `${r.key.type}${r.value === null ? '(tombstone)' : ''}`;
    });
  }
}

const TOPICS = new Map([
  ['t', { id: 'AAAAAAAAAAAAAAAAAAAAAQ', name: 't', numPartitions: 6 }],
  ['other', { id: 'AAAAAAAAAAAAAAAAAAAAAg', name: 'other', numPartitions: 1 }],
  ['five', { id: 'AAAAAAAAAAAAAAAAAAAAAw', name: 'five', numPartitions: 5 }],
]);
const T = 'AAAAAAAAAAAAAAAAAAAAAQ';
const OTHER = 'AAAAAAAAAAAAAAAAAAAAAg';
const FIVE = 'AAAAAAAAAAAAAAAAAAAAAw';

function setup(store = new MemoryStore(), clock = new ManualClock()) {
  const config: GroupCoordinatorConfig = {
    initialRebalanceDelayMs: 0,
    minSessionTimeoutMs: 1000,
    maxSessionTimeoutMs: 300_000,
    newMemberJoinTimeoutMs: 300_000,
    offsetsRetentionMs: 600_000,
    offsetsRetentionCheckIntervalMs: 600_000,
    offsetMetadataMaxBytes: 4096,
  };
  const c = new GroupCoordinator({
    clock,
    config,
    store,
    partitionExists: (t, p) => (TOPICS.get(t)?.numPartitions ?? 0) > p,
    topics: {
      byName: (n) => TOPICS.get(n),
      byId: (id) => [...TOPICS.values()].find((t) => t.id === id),
      names: () => [...TOPICS.keys()],
    },
  });
  c.load();
  return { c, clock, store };
}

function hb(over: Partial<ConsumerHeartbeatInput>): ConsumerHeartbeatInput {
  return {
    apiVersion: 1,
    groupId: 'g',
    memberId: 'm1',
    memberEpoch: 0,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: null,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    ...over,
  };
}

const join = (memberId: string, over: Partial<ConsumerHeartbeatInput> = {}): ConsumerHeartbeatInput =>
  hb({ memberId, memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['t'], topicPartitions: [], ...over });

const ok = (memberId: string, memberEpoch: number, partitions: number[] | null, topicId = T) => ({
  errorCode: 0,
  errorMessage: null,
  memberId,
  memberEpoch,
  heartbeatIntervalMs: 5000,
  assignment: partitions === null ? null : { topicPartitions: partitions.length === 0 ? [] : [{ topicId, partitions }] },
});

const fail = (errorCode: number, errorMessage: string | null) => ({ errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null });

/** Two members of `g` on topic t (6 partitions), fully reconciled: m1 0-2, m2 3-5 at epoch 3. */
function twoMembers() {
  const s = setup();
  const { c } = s;
  c.consumer.heartbeat(join('m1'));
  c.consumer.heartbeat(join('m2'));
  c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 1, 2, 3, 4, 5] }] }));
  c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 1, 2] }] }));
  c.consumer.heartbeat(hb({ memberId: 'm2', memberEpoch: 3, topicPartitions: [] }));
  return s;
}

describe('ConsumerGroupHeartbeat validation (Kafka 4.4 messages)', () => {
  const { c } = setup();
  it.each([
    ['empty group id', hb({ groupId: '' }), ErrorCode.INVALID_REQUEST, "GroupId can't be empty."],
    ['empty instance id', join('m1', { instanceId: '' }), ErrorCode.INVALID_REQUEST, "InstanceId can't be empty."],
    ['empty rack id', join('m1', { rackId: '' }), ErrorCode.INVALID_REQUEST, "RackId can't be empty."],
    ['v1 without member id', join(''), ErrorCode.INVALID_REQUEST, "MemberId can't be empty."],
    ['no rebalance timeout', join('m1', { rebalanceTimeoutMs: -1 }), ErrorCode.INVALID_REQUEST, 'RebalanceTimeoutMs must be provided in first request.'],
    ['owned partitions when joining', join('m1', { topicPartitions: null }), ErrorCode.INVALID_REQUEST, 'TopicPartitions must be empty when (re-)joining.'],
    [
      'no subscription',
      join('m1', { subscribedTopicNames: null }),
      ErrorCode.INVALID_REQUEST,
      'Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.',
    ],
    ['epoch below -2', hb({ memberEpoch: -3 }), ErrorCode.INVALID_REQUEST, 'MemberEpoch is invalid.'],
    ['static leave without instance', hb({ memberEpoch: -2 }), ErrorCode.INVALID_REQUEST, "InstanceId can't be null."],
    [
      'bad regex',
      join('m1', { subscribedTopicNames: null, subscribedTopicRegex: '(' }),
      ErrorCode.INVALID_REGULAR_EXPRESSION,
      'SubscribedTopicRegex `(` is not a valid regular expression: missing closing ).',
    ],
    ['unknown assignor', join('m1', { serverAssignor: 'foo' }), ErrorCode.UNSUPPORTED_ASSIGNOR, 'ServerAssignor foo is not supported. Supported assignors: uniform, range.'],
    ['unknown group', hb({ groupId: 'nope', memberEpoch: 3 }), ErrorCode.GROUP_ID_NOT_FOUND, 'Consumer group nope not found.'],
  ])('%s', (_name, req, code, message) => {
    expect(c.consumer.heartbeat(req)).toEqual(fail(code, message));
  });

  it('a joining member may subscribe to nothing; v0 lets the coordinator choose the member id', () => {
    expect(c.consumer.heartbeat(join('mx', { groupId: 'empty-sub', subscribedTopicNames: [] }))).toEqual(ok('mx', 1, []));
    const r = c.consumer.heartbeat(join('', { groupId: 'v0', apiVersion: 0 }));
    expect(r.memberId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(r).toEqual(ok(r.memberId as string, 2, [0, 1, 2, 3, 4, 5]));
  });
});

describe('KIP-848 reconciliation', () => {
  it('hands partitions over only after the previous owner revoked them, with exact epochs', () => {
    const { c, store } = setup();
    // Joining bumps the group epoch for the new member and again for the new topic metadata.
    expect(c.consumer.heartbeat(join('m1'))).toEqual(ok('m1', 2, [0, 1, 2, 3, 4, 5]));
    expect(store.types()).toEqual(['cg-member', 'cg-partition-metadata', 'cg-epoch', 'cg-target-member', 'cg-target-epoch', 'cg-current']);
    // m2 joins: epoch 3, target 3-5, but m1 still owns them: m2 waits with nothing (unreleased).
    expect(c.consumer.heartbeat(join('m2'))).toEqual(ok('m2', 3, []));
    expect(c.consumer.describe('g')).toMatchObject({ groupState: 'Reconciling', groupEpoch: 3, assignmentEpoch: 3 });
    // m1 learns it must revoke 3-5: it stays at epoch 2 with 0-2.
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 1, 2, 3, 4, 5] }] }))).toEqual(ok('m1', 2, [0, 1, 2]));
    // Until m1 stops listing them, m2 still gets nothing, and m1 stays where it is.
    expect(c.consumer.heartbeat(hb({ memberId: 'm2', memberEpoch: 3, topicPartitions: [] }))).toEqual(ok('m2', 3, null));
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 1, 2, 3, 4, 5] }] }))).toEqual(ok('m1', 2, null));
    // m1 revoked: it moves to epoch 3; its partitions did not change, so no assignment is sent.
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 1, 2] }] }))).toEqual(ok('m1', 3, null));
    expect(c.consumer.heartbeat(hb({ memberId: 'm2', memberEpoch: 3, topicPartitions: [] }))).toEqual(ok('m2', 3, [3, 4, 5]));
    const d = c.consumer.describe('g');
    expect(d).toMatchObject({ errorCode: 0, groupState: 'Stable', groupEpoch: 3, assignmentEpoch: 3, assignorName: 'uniform' });
    expect(d.members.map((m) => [m.memberId, m.memberEpoch, m.assignment.topicPartitions, m.targetAssignment.topicPartitions])).toEqual([
      ['m1', 3, [{ topicId: T, topicName: 't', partitions: [0, 1, 2] }], [{ topicId: T, topicName: 't', partitions: [0, 1, 2] }]],
      ['m2', 3, [{ topicId: T, topicName: 't', partitions: [3, 4, 5] }], [{ topicId: T, topicName: 't', partitions: [3, 4, 5] }]],
    ]);
  });

  it('fences stale and future epochs, accepts the previous epoch with a subset of the partitions', () => {
    const { c } = twoMembers();
    const smaller = (got: number, known: number) =>
      fail(
        ErrorCode.FENCED_MEMBER_EPOCH,
        `The consumer group member has a smaller member epoch (${got}) than the one known by the group coordinator (${known}). The member must abandon all its partitions and rejoin.`,
      );
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 4 }))).toEqual(
      fail(
        ErrorCode.FENCED_MEMBER_EPOCH,
        'The consumer group member has a greater member epoch (4) than the one known by the group coordinator (3). The member must abandon all its partitions and rejoin.',
      ),
    );
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 1 }))).toEqual(smaller(1, 3));
    // Previous epoch (2): accepted only with owned partitions inside the current assignment.
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2 }))).toEqual(smaller(2, 3));
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 5] }] }))).toEqual(smaller(2, 3));
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 1] }] }))).toEqual(ok('m1', 3, null));
    expect(c.consumer.heartbeat(hb({ memberId: 'zz', memberEpoch: 3 }))).toEqual(fail(ErrorCode.UNKNOWN_MEMBER_ID, 'Member zz is not a member of group g.'));
  });

  it('a member leaving bumps the epoch and its partitions go to the others', () => {
    const { c } = twoMembers();
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: -1 }))).toEqual({ ...ok('m1', -1, null), heartbeatIntervalMs: 0 });
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: -1 }))).toEqual(fail(ErrorCode.UNKNOWN_MEMBER_ID, 'Member m1 is not a member of group g.'));
    expect(c.consumer.heartbeat(hb({ memberId: 'm2', memberEpoch: 3 }))).toEqual(ok('m2', 4, [0, 1, 2, 3, 4, 5]));
    expect(c.consumer.describe('g')).toMatchObject({ groupState: 'Stable', groupEpoch: 4, assignmentEpoch: 4 });
  });

  it('a member that stops heartbeating is fenced after group.consumer.session.timeout.ms', () => {
    const { c, clock } = twoMembers();
    clock.advance(40_000);
    c.consumer.heartbeat(hb({ memberId: 'm2', memberEpoch: 3 }));
    clock.advance(5_001); // m1's 45 s are over; m2 heartbeat 5 s ago
    expect(c.consumer.describe('g').members.map((m) => m.memberId)).toEqual(['m2']);
    expect(c.consumer.describe('g')).toMatchObject({ groupState: 'Assigning', groupEpoch: 4, assignmentEpoch: 3 });
    clock.advance(45_000);
    expect(c.consumer.describe('g')).toMatchObject({ groupState: 'Empty', groupEpoch: 5, members: [] });
  });

  it('a member that does not revoke within its rebalance timeout is fenced', () => {
    const { c, clock } = setup();
    c.consumer.heartbeat(join('m1', { rebalanceTimeoutMs: 10_000 }));
    c.consumer.heartbeat(join('m2'));
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId: T, partitions: [0, 1, 2, 3, 4, 5] }] }))).toEqual(ok('m1', 2, [0, 1, 2]));
    clock.advance(10_000);
    expect(c.consumer.describe('g').members.map((m) => m.memberId)).toEqual(['m2']);
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2 }))).toEqual(fail(ErrorCode.UNKNOWN_MEMBER_ID, 'Member m1 is not a member of group g.'));
    expect(c.consumer.heartbeat(hb({ memberId: 'm2', memberEpoch: 3 }))).toEqual(ok('m2', 4, [0, 1, 2, 3, 4, 5]));
  });

  it('range assigns consecutive ranges and keeps what a member holds within its quota', () => {
    const { c } = setup();
    c.consumer.heartbeat(join('b', { subscribedTopicNames: ['five'], serverAssignor: 'range' }));
    c.consumer.heartbeat(join('a', { subscribedTopicNames: ['five'], serverAssignor: 'range' }));
    // b owned everything and gets the extra partition: it keeps 0-2 and revokes 3-4 for a.
    expect(c.consumer.heartbeat(hb({ memberId: 'b', memberEpoch: 2, topicPartitions: [{ topicId: FIVE, partitions: [0, 1, 2, 3, 4] }] }))).toEqual(ok('b', 2, [0, 1, 2], FIVE));
    expect(c.consumer.heartbeat(hb({ memberId: 'b', memberEpoch: 2, topicPartitions: [{ topicId: FIVE, partitions: [0, 1, 2] }] }))).toEqual(ok('b', 3, null, FIVE));
    expect(c.consumer.heartbeat(hb({ memberId: 'a', memberEpoch: 3, topicPartitions: [] }))).toEqual(ok('a', 3, [3, 4], FIVE));
    expect(c.consumer.describe('g').assignorName).toBe('range');
    // Two topics: consecutive ranges line up across them; y, which held everything, keeps the first ones.
    c.consumer.heartbeat(join('y', { groupId: 'r2', subscribedTopicNames: ['five', 't'], serverAssignor: 'range', memberEpoch: 0 }));
    c.consumer.heartbeat(join('x', { groupId: 'r2', subscribedTopicNames: ['five', 't'], serverAssignor: 'range' }));
    const target = c.consumer.describe('r2').members.map((m) => [m.memberId, m.targetAssignment.topicPartitions.map((t) => `${t.topicName}:${t.partitions.join(',')}`)]);
    expect(target).toEqual([
      ['y', ['t:0,1,2', 'five:0,1,2']],
      ['x', ['t:3,4,5', 'five:3,4']],
    ]);
  });

  it('subscribes by regular expression, matched against whole topic names', () => {
    const { c } = setup();
    expect(c.consumer.heartbeat(join('r', { subscribedTopicNames: null, subscribedTopicRegex: 'oth.*' }))).toEqual(ok('r', 2, [0], OTHER));
    expect(c.consumer.describe('g').members[0]).toMatchObject({ subscribedTopicNames: [], subscribedTopicRegex: 'oth.*' });
    expect(c.consumer.heartbeat(join('r2', { groupId: 'g2', subscribedTopicNames: null, subscribedTopicRegex: 'th' }))).toEqual(ok('r2', 1, []));
  });
});

describe('static members', () => {
  const staticJoin = (memberId: string) => join(memberId, { groupId: 's', instanceId: 'i1' });
  it('keep their instance id across a temporary leave (-2) and hand it to the next incarnation', () => {
    const { c } = setup();
    expect(c.consumer.heartbeat(staticJoin('s1'))).toEqual(ok('s1', 2, [0, 1, 2, 3, 4, 5]));
    expect(c.consumer.heartbeat(staticJoin('s2'))).toEqual(
      fail(ErrorCode.UNRELEASED_INSTANCE_ID, 'Static member s2 with instance id i1 cannot join the group because the instance id is owned by s1 member.'),
    );
    expect(c.consumer.heartbeat(hb({ groupId: 's', memberId: 's1', instanceId: 'i1', memberEpoch: -2 }))).toEqual({ ...ok('s1', -2, null), heartbeatIntervalMs: 0 });
    expect(c.consumer.describe('s')).toMatchObject({ groupState: 'Reconciling', groupEpoch: 2, members: [{ memberId: 's1', memberEpoch: -2, instanceId: 'i1' }] });
    // The new incarnation takes over without a rebalance.
    expect(c.consumer.heartbeat(staticJoin('s2'))).toEqual(ok('s2', 2, [0, 1, 2, 3, 4, 5]));
    expect(c.consumer.describe('s')).toMatchObject({ groupState: 'Stable', groupEpoch: 2, members: [{ memberId: 's2', memberEpoch: 2 }] });
    expect(c.consumer.heartbeat(hb({ groupId: 's', memberId: 's1', instanceId: 'i1', memberEpoch: 2 }))).toEqual(
      fail(ErrorCode.FENCED_INSTANCE_ID, 'Static member s1 with instance id i1 was fenced by member s2.'),
    );
    expect(c.consumer.heartbeat(hb({ groupId: 's', memberId: 's3', instanceId: 'i9', memberEpoch: 2 }))).toEqual(fail(ErrorCode.UNKNOWN_MEMBER_ID, 'Instance id i9 is unknown.'));
  });

  it('rejoining with their own member id: refused while active, a takeover after a temporary leave (as Kafka 4.4)', () => {
    const { c, store } = setup();
    expect(c.consumer.heartbeat(staticJoin('s1'))).toEqual(ok('s1', 2, [0, 1, 2, 3, 4, 5]));
    expect(c.consumer.heartbeat(staticJoin('s1'))).toEqual(
      fail(ErrorCode.UNRELEASED_INSTANCE_ID, 'Static member s1 with instance id i1 cannot join the group because the instance id is owned by s1 member.'),
    );
    expect(c.consumer.heartbeat(hb({ groupId: 's', memberId: 's1', instanceId: 'i1', memberEpoch: -2 }))).toEqual({ ...ok('s1', -2, null), heartbeatIntervalMs: 0 });
    const before = store.entries.length;
    expect(c.consumer.heartbeat(staticJoin('s1'))).toEqual(ok('s1', 2, [0, 1, 2, 3, 4, 5]));
    expect(store.types().slice(before)).toEqual([
      'cg-current(tombstone)',
      'cg-target-member(tombstone)',
      'cg-member(tombstone)',
      'cg-target-member',
      'cg-member',
      'cg-current',
    ]);
    expect(c.consumer.heartbeat(hb({ groupId: 's', memberId: 's1', instanceId: 'i1', memberEpoch: 2 }))).toEqual(ok('s1', 2, null));
    expect(c.consumer.describe('s')).toMatchObject({ groupState: 'Stable', groupEpoch: 2, members: [{ memberId: 's1', memberEpoch: 2, instanceId: 'i1' }] });
    // A restart reloads the same member.
    const again = setup(store).c;
    expect(again.consumer.describe('s')).toMatchObject({ groupState: 'Stable', groupEpoch: 2, members: [{ memberId: 's1', memberEpoch: 2, instanceId: 'i1' }] });
  });
});

describe('consumer groups in the offset and admin APIs', () => {
  const commit = (c: GroupCoordinator, memberId: string, epoch: number, apiVersion = 9) =>
    c.offsets.commit({
      groupId: 'g',
      generationId: epoch,
      memberId,
      groupInstanceId: null,
      retentionTimeMs: -1n,
      apiVersion,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
    })[0]?.partitions[0]?.errorCode;

  it('OffsetCommit and OffsetFetch check the member epoch', () => {
    const { c } = twoMembers();
    expect(commit(c, 'm1', 2)).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect(commit(c, 'zz', 3)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit(c, '', -1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit(c, 'm1', 3, 8)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(commit(c, 'm1', 3)).toBe(ErrorCode.NONE);
    expect(c.offsets.fetch('g', null, { memberId: 'm1', memberEpoch: 2 })).toEqual({ errorCode: ErrorCode.STALE_MEMBER_EPOCH, topics: [] });
    expect(c.offsets.fetch('g', null, { memberId: 'zz', memberEpoch: 3 })).toEqual({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, topics: [] });
    const stored = { errorCode: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] }] };
    expect(c.offsets.fetch('g', null, { memberId: 'm1', memberEpoch: 3 })).toEqual(stored);
    expect(c.offsets.fetch('g', null, { memberId: null, memberEpoch: -1 })).toEqual(stored);
  });

  it('ListGroups, DescribeGroups, DeleteGroups, OffsetDelete and JoinGroup see consumer groups as Kafka 4 does', async () => {
    const { c } = twoMembers();
    c.offsets.commit({
      groupId: 'simple',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1n,
      apiVersion: 9,
      topics: [{ name: 'other', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
    });
    expect(c.listGroups([], ['consumer']).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }]);
    expect(c.listGroups(['stable'], []).groups.map((g) => g.groupId)).toEqual(['g']);
    expect(c.listGroups([], ['classic']).groups).toEqual([{ groupId: 'simple', protocolType: '', groupState: 'Empty', groupType: 'classic' }]);
    expect(c.membership.describeGroup('g')).toEqual({ errorCode: 0, groupId: 'g', groupState: 'Dead', protocolType: '', protocolData: '', members: [] });
    expect(c.deleteGroups(['g'])).toEqual([{ groupId: 'g', errorCode: ErrorCode.NON_EMPTY_GROUP }]);
    expect(c.offsets.delete('g', [{ name: 't', partitions: [0] }]).topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
    const joined = await c.membership.joinGroup({
      groupId: 'g',
      memberId: '',
      groupInstanceId: null,
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 30_000,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
      clientId: 'c',
      clientHost: '/127.0.0.1',
      requireKnownMemberId: true,
      supportsSkippingAssignment: false,
    });
    // Kafka 4 takes classic members into a consumer group (mixed-groups.test.ts): a first join gets its member id.
    expect(joined.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(c.consumer.describe('simple')).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: 'Group simple is not a consumer group.' });
    c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: -1 }));
    c.consumer.heartbeat(hb({ memberId: 'm2', memberEpoch: -1 }));
    expect(c.deleteGroups(['g'])).toEqual([{ groupId: 'g', errorCode: ErrorCode.NONE }]);
    expect(c.consumer.describe('g')).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: 'Group g not found.' });
  });

  it('an empty classic group (offsets only) becomes a consumer group, keeping its offsets', () => {
    const { c } = setup();
    c.offsets.commit({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1n,
      apiVersion: 9,
      topics: [{ name: 't', partitions: [{ partitionIndex: 1, committedOffset: 7n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
    });
    expect(c.consumer.heartbeat(join('m1'))).toEqual(ok('m1', 2, [0, 1, 2, 3, 4, 5]));
    expect(c.listGroups([], []).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }]);
    expect(c.offsets.fetch('g', [{ name: 't', partitionIndexes: [1] }]).topics[0]?.partitions[0]?.committedOffset).toBe(7n);
  });

  it('committed transactional offsets of a consumer group stay with it (no classic group appears)', () => {
    const { c } = twoMembers();
    c.offsets.applyTransactional('g', [{ topic: 't', partition: 2, value: { offset: 9n, leaderEpoch: -1, metadata: '', commitTimestamp: 0, expireTimestamp: null } }]);
    expect(c.listGroups([], []).groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }]);
    expect(c.offsets.fetch('g', [{ name: 't', partitionIndexes: [2] }]).topics[0]?.partitions[0]?.committedOffset).toBe(9n);
  });

  it('offsets expire: with members only those of unsubscribed topics, once Empty all of them, then the group goes', () => {
    const { c, clock, store } = setup();
    expect(c.consumer.heartbeat(join('m1'))).toEqual(ok('m1', 2, [0, 1, 2, 3, 4, 5]));
    const partition0 = [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: '' }];
    const committed = c.offsets.commit({
      groupId: 'g',
      generationId: 2,
      memberId: 'm1',
      groupInstanceId: null,
      retentionTimeMs: -1n,
      apiVersion: 9,
      topics: [
        { name: 't', partitions: partition0 },
        { name: 'other', partitions: partition0 },
      ],
    });
    expect(committed.flatMap((t) => t.partitions.map((p) => p.errorCode))).toEqual([0, 0]);
    // The retention (600 s) passes with m1 heartbeating; the check runs every 600 s.
    for (let i = 0; i < 13; i++) {
      clock.advance(43_000);
      expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 2 }))).toEqual(ok('m1', 2, null));
    }
    clock.advance(600_000 - 13 * 43_000);
    expect(c.offsets.committed('g', 't', 0)?.offset).toBe(5n);
    expect(c.offsets.committed('g', 'other', 0)).toBeUndefined();
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: -1 }))).toMatchObject({ errorCode: 0, memberEpoch: -1 });
    clock.advance(600_000);
    expect(c.offsets.committed('g', 't', 0)).toBeUndefined();
    expect(c.consumer.describe('g').errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect(store.types().filter((t) => t === 'offset(tombstone)')).toHaveLength(2);
  });

  it('a failed append changes nothing', () => {
    const { c, store } = setup();
    store.fail = true;
    expect(c.consumer.heartbeat(join('m1'))).toEqual(fail(ErrorCode.COORDINATOR_NOT_AVAILABLE, null));
    store.fail = false;
    expect(c.consumer.describe('g').errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });
});

describe('restart', () => {
  it('reloads groups, members, epochs and assignments from the records; members carry on', () => {
    const first = twoMembers();
    const before = first.c.consumer.describe('g');
    first.c.close();
    const clock = new ManualClock(first.clock.now());
    const { c } = setup(first.store, clock);
    expect(c.consumer.describe('g')).toEqual(before);
    // Members get a fresh session on load: m2, silent since, is fenced 45 s later.
    clock.advance(40_000);
    expect(c.consumer.heartbeat(hb({ memberId: 'm1', memberEpoch: 3 }))).toEqual(ok('m1', 3, null));
    clock.advance(5_000);
    expect(c.consumer.describe('g').members.map((m) => m.memberId)).toEqual(['m1']);
  });
});

describe('topic regular expressions', () => {
  it('refuses what RE2/J refuses and matches whole names', () => {
    expect(compileTopicRegex('a(?=b)')).toBe('invalid or unsupported Perl syntax');
    expect(compileTopicRegex('(a)\\1')).toBe('invalid escape sequence');
    expect(compileTopicRegex('a)')).toBe('unexpected )');
    expect(compileTopicRegex('[a')).toBe('missing closing ]');
    expect(compileTopicRegex('*a')).toBe('missing argument to repetition operator');
    // RE2 syntax JavaScript spells differently works; Java's possessive quantifiers and RE2's (?U) are refused.
    const matches = (re: string, name: string): boolean => {
      const c = compileTopicRegex(re);
      if (typeof c === 'string') throw new Error(c);
      return c.test(name);
    };
    expect([matches('\\Qa.b\\E.*', 'a.bc'), matches('\\Qa.b\\E.*', 'axb')]).toEqual([true, false]);
    expect([matches('\\Aorders-\\d+\\z', 'orders-1'), matches('(?i)ORDERS.*', 'orders-1'), matches('(?P<env>dev|prod)-.*', 'dev-x')]).toEqual([true, true, true]);
    expect([matches('[[:alpha:]]+-[[:digit:]]', 'ab-1'), matches('[[:alpha:]]+-[[:digit:]]', 'a1-1')]).toEqual([true, false]);
    expect([matches('\\pL+', 'abc'), matches('\\p{Greek}+', 'αβ'), matches('\\p{Greek}+', 'ab')]).toEqual([true, true, false]);
    expect(compileTopicRegex('a*+')).toBe('bad repetition operator');
    expect(compileTopicRegex('(?U)a')).toBe('invalid or unsupported Perl syntax');
    expect(compileTopicRegex('[[:nope:]]')).toBe('invalid character class range');
    const re = compileTopicRegex('t|ot.*') as RegExp;
    expect(['t', 'other', 'tt', 'xot'].filter((n) => re.test(n))).toEqual(['t', 'other']);
  });
});
