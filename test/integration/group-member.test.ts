import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { GroupMember, GroupMemberClosedError, decodeAssignment, type CommitOffset } from '../../src/client/native/group-member.js';
import { ErrorCode, KafkaProtocolError } from '../../src/protocol/error-codes.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor, within } from '../helpers/wait.js';

// The native client's group member against a real broker (the payloads and assignors are unit
// tests in test/unit/client/group-member.test.ts).

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

  /** Resolves when the member's heartbeat learns it must rejoin; fails naming the member if it never does. */
  const waitForWake = (m: GroupMember, what = 'the heartbeat to wake the member'): Promise<void> => within(what, new Promise<void>((resolve) => (m.onWake = resolve)));

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
    const d = b.running.broker.groups.membership.describeGroup('g-alone');
    expect(d).toMatchObject({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(decodeAssignment(d.members[0]?.memberAssignment ?? Buffer.alloc(0))).toEqual([{ topic: 'four', partitions: [0, 1, 2, 3] }]);
    await m.close();
    expect(b.running.broker.groups.membership.describeGroup('g-alone')).toMatchObject({ groupState: 'Empty', members: [] });
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
    expect(b.running.broker.groups.offsets.committed('g-commit', 'solo', 0)).toMatchObject({ offset: 7n, leaderEpoch: 0 });
    expect((await m.fetchCommitted([{ topic: 'solo', partitions: [0] }])).get('solo:0')).toEqual({ offset: 7n, leaderEpoch: 0 });
    positions = [{ topic: 'solo', partition: 0, offset: 11n }];
    await m.close();
    expect(b.running.broker.groups.offsets.committed('g-commit', 'solo', 0)).toMatchObject({ offset: 11n });
    expect(b.running.broker.groups.membership.describeGroup('g-commit').members).toEqual([]);
  });

  it('a member removed by the coordinator fails its commit, learns it from the heartbeat and rejoins under a new id', async () => {
    const m = newMember('g-kick');
    m.subscribe(['kick']);
    await m.poll();
    const oldId = m.memberId;
    const woken = waitForWake(m);
    b.running.broker.groups.membership.leaveGroup('g-kick', [{ memberId: oldId, groupInstanceId: null }]);
    const err = await m.commit([{ topic: 'kick', partition: 0, offset: 1n }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaProtocolError);
    expect((err as KafkaProtocolError).code).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(m.rejoinNeeded).toBe(true);
    await woken;
    const change = await m.poll();
    expect(change?.assigned).toEqual([{ topic: 'kick', partitions: [0, 1, 2, 3] }]);
    expect(m.memberId).not.toBe(oldId);
    expect(b.running.broker.groups.offsets.committed('g-kick', 'kick', 0)).toBeUndefined();
    await m.close();
  });

  it('abort() ends a join parked by the rebalance barrier; close() still removes the pending member', async () => {
    const holder = newMember('g-abort', { heartbeatIntervalMs: 60_000 });
    holder.subscribe(['abort']);
    await holder.poll();
    const late = newMember('g-abort');
    late.subscribe(['abort']);
    const joining = late.poll();
    // The holder never rejoins (its next heartbeat is a minute away), so once the late member's
    // join (with its member id) has started the rebalance, that join stays parked.
    await waitFor('the late join to start a rebalance', () => b.running.broker.groups.membership.describeGroup('g-abort').groupState === 'PreparingRebalance');
    late.abort();
    await expect(joining).rejects.toBeInstanceOf(GroupMemberClosedError);
    await late.close();
    expect(b.running.broker.groups.membership.describeGroup('g-abort').members.map((x) => x.memberId)).toEqual([holder.memberId]);
    await holder.close();
  });
});
