import { AssignerProtocol } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../../src/client/native/client.js';
import {
  GroupMember,
  GroupMemberClosedError,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  rangeAssign,
  roundRobinAssign,
  type CommitOffset,
  type MemberSubscription,
} from '../../../src/client/native/group-member.js';
import { ErrorCode, KafkaProtocolError } from '../../../src/protocol/error-codes.js';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';

const member = (memberId: string, topics: string[], groupInstanceId: string | null = null): MemberSubscription => ({ memberId, groupInstanceId, topics });

describe('consumer protocol payloads', () => {
  it('writes a v3 subscription and assignment byte for byte, as Java does', () => {
    expect(encodeSubscription(['a', 'bc']).toString('hex')).toBe(
      ['0003', '00000002', '0001', '61', '0002', '6263', 'ffffffff', '00000000', 'ffffffff', 'ffff'].join(''), // version, topics, null userData, no owned partitions, generation -1, null rack
    );
    expect(encodeAssignment([{ topic: 't', partitions: [0, 2] }]).toString('hex')).toBe(['0003', '00000001', '0001', '74', '00000002', '00000000', '00000002', 'ffffffff'].join(''));
  });

  it('round-trips with kafkajs encoders in both directions', () => {
    const ours = AssignerProtocol.MemberAssignment.decode(encodeAssignment([{ topic: 'x', partitions: [1, 3] }, { topic: 'y', partitions: [0] }]));
    expect(ours).toMatchObject({ version: 3, assignment: { x: [1, 3], y: [0] } });
    expect(AssignerProtocol.MemberMetadata.decode(encodeSubscription(['x', 'y']))).toMatchObject({ version: 3, topics: ['x', 'y'] });
    const theirs = AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['k1', 'k2'], userData: Buffer.alloc(0) });
    expect(decodeSubscription(theirs)).toMatchObject({ topics: ['k1', 'k2'], ownedPartitions: [] });
    const assignment = AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: { k1: [4, 5] }, userData: Buffer.alloc(0) });
    expect(decodeAssignment(assignment)).toEqual([{ topic: 'k1', partitions: [4, 5] }]);
  });

  it('reads an empty assignment (a member the leader left out) as no partitions', () => {
    expect(decodeAssignment(Buffer.alloc(0))).toEqual([]);
  });
});

describe('assignors (Kafka RangeAssignor / RoundRobinAssignor semantics)', () => {
  it('range: contiguous ranges per topic, the first members take the remainder', () => {
    const counts = new Map([
      ['t1', 3],
      ['t2', 3],
    ]);
    const out = rangeAssign([member('consumer2', ['t1', 't2']), member('consumer1', ['t1', 't2'])], counts);
    expect(out.get('consumer1')).toEqual([
      { topic: 't1', partitions: [0, 1] },
      { topic: 't2', partitions: [0, 1] },
    ]);
    expect(out.get('consumer2')).toEqual([
      { topic: 't1', partitions: [2] },
      { topic: 't2', partitions: [2] },
    ]);
  });

  it('range: a topic is split only among its subscribers; absent topics and idle members get nothing', () => {
    const counts = new Map([
      ['t1', 2],
      ['t2', 2],
    ]);
    const out = rangeAssign([member('a', ['t1']), member('b', ['t1', 't2']), member('c', ['t1', 'gone'])], counts);
    expect(out.get('a')).toEqual([{ topic: 't1', partitions: [0] }]);
    expect(out.get('b')).toEqual([
      { topic: 't1', partitions: [1] },
      { topic: 't2', partitions: [0, 1] },
    ]);
    expect(out.get('c')).toEqual([]);
  });

  it('range: static members sort by group.instance.id, ahead of dynamic ones', () => {
    const out = rangeAssign([member('a-dynamic', ['t']), member('z-member', ['t'], 'i1'), member('b-member', ['t'], 'i2')], new Map([['t', 3]]));
    expect(out.get('z-member')).toEqual([{ topic: 't', partitions: [0] }]);
    expect(out.get('b-member')).toEqual([{ topic: 't', partitions: [1] }]);
    expect(out.get('a-dynamic')).toEqual([{ topic: 't', partitions: [2] }]);
  });

  it('roundrobin: partitions dealt in turn, skipping members not subscribed to the topic', () => {
    const six = roundRobinAssign(
      [member('c1', ['t1', 't2']), member('c2', ['t1', 't2'])],
      new Map([
        ['t1', 3],
        ['t2', 3],
      ]),
    );
    expect(six.get('c1')).toEqual([
      { topic: 't1', partitions: [0, 2] },
      { topic: 't2', partitions: [1] },
    ]);
    expect(six.get('c2')).toEqual([
      { topic: 't1', partitions: [1] },
      { topic: 't2', partitions: [0, 2] },
    ]);
    const mixed = roundRobinAssign(
      [member('consumer1', ['t1']), member('consumer2', ['t1', 't2']), member('consumer3', ['t1'])],
      new Map([
        ['t1', 3],
        ['t2', 2],
      ]),
    );
    expect(mixed.get('consumer1')).toEqual([{ topic: 't1', partitions: [0] }]);
    expect(mixed.get('consumer2')).toEqual([
      { topic: 't1', partitions: [1] },
      { topic: 't2', partitions: [0, 1] },
    ]);
    expect(mixed.get('consumer3')).toEqual([{ topic: 't1', partitions: [2] }]);
  });
});

describe('GroupMember against the broker', () => {
  let b: TestBroker;
  let client: NativeClient;
  const open: GroupMember[] = [];

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
    client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'gm-test' });
    for (const t of ['four', 'solo', 'kick', 'abort']) {
      if (!b.running.broker.topics.create(t, t === 'four' || t === 'kick' ? 4 : 1, {}).ok) throw new Error(`cannot create ${t}`);
    }
  });

  afterAll(async () => {
    for (const m of open) await m.close();
    await client.close();
    await b.dispose();
  });

  function newMember(groupId: string, extra: Partial<ConstructorParameters<typeof GroupMember>[1]> = {}): GroupMember {
    const m = new GroupMember(client, { groupId, autoCommit: false, heartbeatIntervalMs: 50, ...extra });
    open.push(m);
    return m;
  }

  const waitForWake = (m: GroupMember): Promise<void> => new Promise((resolve) => (m.onWake = resolve));

  it('joins alone (MEMBER_ID_REQUIRED, then leader), gets every partition over range, and leaves on close', async () => {
    const m = newMember('g-alone');
    m.subscribe(['four']);
    expect(m.rejoinNeeded).toBe(true);
    const change = await m.poll();
    expect(change).toEqual({ revoked: [], assigned: [{ topic: 'four', partitions: [0, 1, 2, 3] }] });
    expect(m.memberId).toMatch(/^gm-test-/);
    expect(m.generationId).toBe(1);
    expect(m.protocolName).toBe('range');
    expect(m.isLeader).toBe(true);
    expect(await m.poll()).toBeNull();
    const d = b.running.broker.groups.describeGroup('g-alone');
    expect(d).toMatchObject({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(decodeAssignment(d.members[0]?.memberAssignment ?? Buffer.alloc(0))).toEqual([{ topic: 'four', partitions: [0, 1, 2, 3] }]);
    await m.close();
    expect(b.running.broker.groups.describeGroup('g-alone')).toMatchObject({ groupState: 'Empty', members: [] });
  });

  it('a second member triggers a rebalance seen by heartbeat; both end up with half, in member id order', async () => {
    const m1 = newMember('g-split');
    const m2 = newMember('g-split');
    m1.subscribe(['four']);
    m2.subscribe(['four']);
    await m1.poll();
    const woken = waitForWake(m1);
    const joining = m2.poll();
    await woken;
    expect(m1.rejoinNeeded).toBe(true);
    const [c1, c2] = await Promise.all([m1.poll(), joining]);
    expect(c1?.revoked).toEqual([{ topic: 'four', partitions: [0, 1, 2, 3] }]);
    const [first, second] = m1.memberId < m2.memberId ? [c1, c2] : [c2, c1];
    expect(first?.assigned).toEqual([{ topic: 'four', partitions: [0, 1] }]);
    expect(second?.assigned).toEqual([{ topic: 'four', partitions: [2, 3] }]);
    expect(m1.generationId).toBe(2);
    expect(m2.generationId).toBe(2);
    // When one leaves, the other is told to rejoin and takes everything back.
    const back = waitForWake(m2);
    await m1.close();
    await back;
    expect((await m2.poll())?.assigned).toEqual([{ topic: 'four', partitions: [0, 1, 2, 3] }]);
    await m2.close();
  });

  it('a new subscription wakes the member, and the rejoin assigns the added topic', async () => {
    const m = newMember('g-resub');
    m.subscribe(['solo']);
    expect((await m.poll())?.assigned).toEqual([{ topic: 'solo', partitions: [0] }]);
    m.subscribe(['solo']);
    expect(m.rejoinNeeded).toBe(false);
    const woken = waitForWake(m);
    m.subscribe(['four', 'solo']);
    await woken;
    const change = await m.poll();
    expect(change).toEqual({
      revoked: [{ topic: 'solo', partitions: [0] }],
      assigned: [
        { topic: 'four', partitions: [0, 1, 2, 3] },
        { topic: 'solo', partitions: [0] },
      ],
    });
    expect(m.generationId).toBe(2);
    await m.close();
  });

  it('the group runs the protocol every member offers: roundrobin when one member has only that', async () => {
    const both = newMember('g-rr', { assignors: ['range', 'roundrobin'] });
    const rrOnly = newMember('g-rr', { assignors: ['roundrobin'] });
    both.subscribe(['four']);
    rrOnly.subscribe(['four']);
    await both.poll();
    expect(both.protocolName).toBe('range');
    const woken = waitForWake(both);
    const joining = rrOnly.poll();
    await woken;
    await Promise.all([both.poll(), joining]);
    expect(both.protocolName).toBe('roundrobin');
    expect(rrOnly.protocolName).toBe('roundrobin');
    const [first, second] = both.memberId < rrOnly.memberId ? [both, rrOnly] : [rrOnly, both];
    expect(first.assignment).toEqual([{ topic: 'four', partitions: [0, 2] }]);
    expect(second.assignment).toEqual([{ topic: 'four', partitions: [1, 3] }]);
    await Promise.all([both.close(), rrOnly.close()]);
  });

  it('commits with its generation, reads commits back (-1 without one), and auto-commits changed offsets on close', async () => {
    let positions: CommitOffset[] = [];
    const m = newMember('g-commit', { autoCommit: true, autoCommitIntervalMs: 60_000, committable: () => positions });
    m.subscribe(['solo']);
    await m.poll();
    expect(await m.fetchCommitted([{ topic: 'solo', partitions: [0] }])).toEqual(new Map([['solo:0', { offset: -1n, leaderEpoch: -1 }]]));
    await m.commit([{ topic: 'solo', partition: 0, offset: 7n, leaderEpoch: 0 }]);
    expect(b.running.broker.groups.committedOffset('g-commit', 'solo', 0)).toMatchObject({ offset: 7n, leaderEpoch: 0 });
    expect((await m.fetchCommitted([{ topic: 'solo', partitions: [0] }])).get('solo:0')).toEqual({ offset: 7n, leaderEpoch: 0 });
    positions = [{ topic: 'solo', partition: 0, offset: 11n }];
    await m.close();
    expect(b.running.broker.groups.committedOffset('g-commit', 'solo', 0)).toMatchObject({ offset: 11n });
    expect(b.running.broker.groups.describeGroup('g-commit').members).toEqual([]);
  });

  it('a member removed by the coordinator fails its commit, learns it from the heartbeat and rejoins under a new id', async () => {
    const m = newMember('g-kick');
    m.subscribe(['kick']);
    await m.poll();
    const oldId = m.memberId;
    const woken = waitForWake(m);
    b.running.broker.groups.leaveGroup('g-kick', [{ memberId: oldId, groupInstanceId: null }]);
    const err = await m.commit([{ topic: 'kick', partition: 0, offset: 1n }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaProtocolError);
    expect((err as KafkaProtocolError).code).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(m.rejoinNeeded).toBe(true);
    await woken;
    const change = await m.poll();
    expect(change?.assigned).toEqual([{ topic: 'kick', partitions: [0, 1, 2, 3] }]);
    expect(m.memberId).not.toBe(oldId);
    expect(b.running.broker.groups.committedOffset('g-kick', 'kick', 0)).toBeUndefined();
    await m.close();
  });

  it('abort() ends a join parked by the rebalance barrier; close() still removes the pending member', async () => {
    const holder = newMember('g-abort', { heartbeatIntervalMs: 60_000 });
    holder.subscribe(['abort']);
    await holder.poll();
    const late = newMember('g-abort');
    late.subscribe(['abort']);
    const joining = late.poll();
    // The holder never rejoins (its next heartbeat is a minute away), so the join stays parked.
    await new Promise((r) => setTimeout(r, 100));
    expect(b.running.broker.groups.describeGroup('g-abort').groupState).toBe('PreparingRebalance');
    late.abort();
    await expect(joining).rejects.toBeInstanceOf(GroupMemberClosedError);
    await late.close();
    expect(b.running.broker.groups.describeGroup('g-abort').members.map((x) => x.memberId)).toEqual([holder.memberId]);
    await holder.close();
  });
});
