import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { GroupState, type JoinGroupResult, type SyncGroupResult } from '../../../../src/broker/group/classic-group.js';
import { GroupCoordinator, type GroupCoordinatorConfig } from '../../../../src/broker/group/coordinator.js';
import type { GroupStore } from '../../../../src/broker/group/group-store.js';
import type { JoinGroupInput } from '../../../../src/broker/group/membership.js';
import type { OffsetCommitInput } from '../../../../src/broker/group/offsets.js';
import { decodeRecord, encodeKey, encodeRecordValue, type CoordinatorRecord } from '../../../../src/broker/group/records.js';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import { KafkaStorageError } from '../../../../src/broker/log/errors.js';
import { ManualClock } from '../../../../src/shared/clock.js';

/** Keeps records as the bytes __consumer_offsets would hold, so reloads go through the codecs. */
class MemoryStore implements GroupStore {
  readonly entries: { groupId: string; key: Buffer; value: Buffer | null }[] = [];
  fail = false;
  failWith: Error | null = null;

  append(groupId: string, records: readonly CoordinatorRecord[]): void {
    if (this.fail) throw new Error('disk full');
    if (this.failWith !== null) throw this.failWith;
    for (const r of records) this.entries.push({ groupId, key: encodeKey(r.key), value: encodeRecordValue(r) });
  }

  load(apply: (rec: CoordinatorRecord) => void): void {
    for (const e of this.entries) {
      const rec = decodeRecord(e.key, e.value);
      if (rec !== null) apply(rec);
    }
  }

  decoded(): CoordinatorRecord[] {
    return this.entries.map((e) => decodeRecord(e.key, e.value) as CoordinatorRecord);
  }
}

const TOPICS: Record<string, number> = { t: 6, other: 1 };

function setup(overrides: Partial<GroupCoordinatorConfig> = {}, store = new MemoryStore(), clock = new ManualClock()) {
  const config: GroupCoordinatorConfig = {
    initialRebalanceDelayMs: 0,
    minSessionTimeoutMs: 1000,
    maxSessionTimeoutMs: 300_000,
    newMemberJoinTimeoutMs: 300_000,
    offsetsRetentionMs: 60_000,
    offsetsRetentionCheckIntervalMs: 10_000,
    offsetMetadataMaxBytes: 4096,
    ...overrides,
  };
  const c = new GroupCoordinator({ clock, config, store, partitionExists: (t, p) => (TOPICS[t] ?? 0) > p });
  c.load();
  return { c, clock, store };
}

/** ConsumerProtocolSubscription v0: version, topics, user data. */
function subscription(...topics: string[]): Buffer {
  const parts = [Buffer.from([0, 0]), Buffer.alloc(4)];
  parts[1]?.writeInt32BE(topics.length);
  for (const t of topics) {
    const len = Buffer.alloc(2);
    len.writeInt16BE(t.length);
    parts.push(len, Buffer.from(t));
  }
  parts.push(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  return Buffer.concat(parts);
}

function joinInput(over: Partial<JoinGroupInput> = {}): JoinGroupInput {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription('t') }],
    clientId: 'client',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: true,
    supportsSkippingAssignment: false,
    ...over,
  };
}

/** A promise whose result can be inspected without awaiting it. */
function watch<T>(p: Promise<T>): { readonly value: T | undefined } {
  const box: { value: T | undefined } = { value: undefined };
  void p.then((v) => (box.value = v));
  return box;
}

async function settle(clock: ManualClock, ms = 0): Promise<void> {
  clock.advance(ms);
  await tick();
}

/** Joins with the MEMBER_ID_REQUIRED round trip and returns the parked second join. */
async function joinNew(c: GroupCoordinator, over: Partial<JoinGroupInput> = {}): Promise<{ memberId: string; join: { readonly value: JoinGroupResult | undefined } }> {
  const first = await c.membership.joinGroup(joinInput(over));
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  expect(first.memberId).toMatch(/^client-[0-9a-f-]{36}$/);
  return { memberId: first.memberId, join: watch(c.membership.joinGroup(joinInput({ ...over, memberId: first.memberId }))) };
}

/** Drives a group of n dynamic members to Stable; the leader assigns partition i to member i. */
async function stableGroup(c: GroupCoordinator, clock: ManualClock, n: number, over: Partial<JoinGroupInput> = {}): Promise<string[]> {
  const joins = [];
  for (let i = 0; i < n; i++) joins.push(await joinNew(c, over));
  await settle(clock);
  const results = joins.map((j) => j.join.value as JoinGroupResult);
  const leader = results.find((r) => r.members.length > 0) as JoinGroupResult;
  const syncs = results.map((r) =>
    watch(
      c.membership.syncGroup({
        groupId: 'g',
        generationId: r.generationId,
        memberId: r.memberId,
        groupInstanceId: over.groupInstanceId ?? null,
        protocolType: null,
        protocolName: null,
        assignments: r === leader ? leader.members.map((m, i) => ({ memberId: m.memberId, assignment: Buffer.from([i]) })) : [],
      }),
    ),
  );
  await tick();
  for (const s of syncs) expect((s.value as SyncGroupResult).errorCode).toBe(ErrorCode.NONE);
  expect(c.membership.group('g')?.state).toBe(GroupState.STABLE);
  return results.map((r) => r.memberId);
}

describe('GroupCoordinator join/sync', () => {
  it('asks for a member id, then parks the join for the initial delay and gives the leader all metadata', async () => {
    const { c, clock } = setup({ initialRebalanceDelayMs: 3000 });
    const a = await joinNew(c, { protocols: [{ name: 'range', metadata: Buffer.from('A') }] });
    await settle(clock, 2999);
    expect(a.join.value).toBeUndefined();
    expect(c.membership.group('g')?.state).toBe(GroupState.PREPARING_REBALANCE);
    await settle(clock, 1);
    expect(a.join.value).toEqual({
      errorCode: 0,
      generationId: 1,
      protocolType: 'consumer',
      protocolName: 'range',
      leader: a.memberId,
      skipAssignment: false,
      memberId: a.memberId,
      members: [{ memberId: a.memberId, groupInstanceId: null, metadata: Buffer.from('A') }],
    });
    expect(c.membership.group('g')?.state).toBe(GroupState.COMPLETING_REBALANCE);
  });

  it('extends the initial delay when members keep arriving, up to the rebalance timeout', async () => {
    const { c, clock } = setup({ initialRebalanceDelayMs: 3000 });
    const a = await joinNew(c, { rebalanceTimeoutMs: 7000 });
    await settle(clock, 2000);
    const b = await joinNew(c, { rebalanceTimeoutMs: 7000 });
    await settle(clock, 1000); // first delay over; b arrived, so wait another 3000
    expect(a.join.value).toBeUndefined();
    await settle(clock, 2999);
    expect(a.join.value).toBeUndefined();
    await settle(clock, 1);
    expect(a.join.value?.generationId).toBe(1);
    expect(b.join.value?.generationId).toBe(1);
    expect(a.join.value?.members).toHaveLength(2);
    expect(b.join.value?.members).toEqual([]);
  });

  it('holds followers in SyncGroup until the leader sends the assignment', async () => {
    const { c, clock } = setup();
    const a = await joinNew(c);
    const b = await joinNew(c);
    await settle(clock);
    const ra = a.join.value as JoinGroupResult;
    const rb = b.join.value as JoinGroupResult;
    expect(ra.leader).toBe(a.memberId);
    expect(rb.leader).toBe(a.memberId);
    const follower = watch(c.membership.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] }));
    await tick();
    expect(follower.value).toBeUndefined();
    const leader = await c.membership.syncGroup({
      groupId: 'g',
      generationId: 1,
      memberId: a.memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [{ memberId: b.memberId, assignment: Buffer.from('B') }],
    });
    await tick();
    expect(leader).toEqual({ errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.alloc(0) });
    expect(follower.value).toEqual({ errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from('B') });
    expect(c.membership.group('g')?.state).toBe(GroupState.STABLE);
  });

  it('rejects bad session timeouts, empty group ids and foreign protocols with Kafka error codes', async () => {
    const { c, clock } = setup();
    expect((await c.membership.joinGroup(joinInput({ sessionTimeoutMs: 999 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await c.membership.joinGroup(joinInput({ sessionTimeoutMs: 300_001 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await c.membership.joinGroup(joinInput({ groupId: '' }))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await c.membership.joinGroup(joinInput({ memberId: 'nobody' }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.membership.joinGroup(joinInput({ protocols: [] }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    await stableGroup(c, clock, 1);
    const wrongType = await c.membership.joinGroup(joinInput({ protocolType: 'connect' }));
    expect(wrongType).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId: '' });
    const noCommon = await c.membership.joinGroup(joinInput({ protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }] }));
    expect(noCommon.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('picks the protocol every member supports, by preference votes', async () => {
    const { c, clock } = setup();
    const p = (...names: string[]) => names.map((name) => ({ name, metadata: Buffer.from(name) }));
    const a = await joinNew(c, { protocols: p('range', 'roundrobin', 'sticky') });
    const b = await joinNew(c, { protocols: p('sticky', 'roundrobin', 'range') });
    const d = await joinNew(c, { protocols: p('roundrobin', 'sticky') });
    await settle(clock);
    // range is not supported by d; votes: a → roundrobin, b → sticky, d → roundrobin.
    expect(a.join.value?.protocolName).toBe('roundrobin');
    expect(b.join.value?.protocolName).toBe('roundrobin');
    expect(d.join.value?.protocolName).toBe('roundrobin');
    expect(a.join.value?.members.map((m) => m.metadata.toString())).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
  });

  it('counts a protocol a member lists twice once (found by the fuzzer: the vote threw in a timer and killed the broker)', async () => {
    const { c, clock } = setup();
    const p = (...names: string[]) => names.map((name) => ({ name, metadata: Buffer.from(name) }));
    const a = await joinNew(c, { protocols: p('range', 'range') });
    const b = await joinNew(c, { protocols: p('range', 'sticky', 'sticky') });
    await settle(clock);
    expect(a.join.value).toMatchObject({ errorCode: ErrorCode.NONE, protocolName: 'range' });
    expect(b.join.value).toMatchObject({ errorCode: ErrorCode.NONE, protocolName: 'range' });
    // A lone member listing its only protocol twice: the vote has a candidate.
    const lone = await joinNew(c, { groupId: 'g2', protocols: p('x', 'x') });
    await settle(clock);
    expect(lone.join.value).toMatchObject({ errorCode: ErrorCode.NONE, protocolName: 'x' });
  });

  it('answers SyncGroup errors: unknown member, stale generation, inconsistent protocol, rebalance in progress', async () => {
    const { c, clock } = setup();
    const [a] = await stableGroup(c, clock, 1);
    const base = { groupId: 'g', generationId: 1, memberId: a as string, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] };
    expect((await c.membership.syncGroup({ ...base, groupId: 'nope' })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.membership.syncGroup({ ...base, memberId: 'x' })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.membership.syncGroup({ ...base, generationId: 7 })).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await c.membership.syncGroup({ ...base, protocolName: 'roundrobin' })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(await c.membership.syncGroup(base)).toEqual({ errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from([0]) });
    const b = await joinNew(c);
    expect(b.join.value).toBeUndefined();
    expect((await c.membership.syncGroup(base)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });
});

describe('GroupCoordinator liveness', () => {
  it('removes a member that stops heartbeating after its session timeout and rebalances the rest', async () => {
    const { c, clock } = setup();
    const [a, b] = (await stableGroup(c, clock, 2)) as [string, string];
    const hb = (memberId: string, generationId = 1) => c.membership.heartbeat({ groupId: 'g', memberId, groupInstanceId: null, generationId });
    for (let t = 0; t < 9; t++) {
      await settle(clock, 1000);
      expect(hb(a)).toBe(ErrorCode.NONE);
    }
    await settle(clock, 1000); // b's 10 s session ran out
    expect(c.membership.group('g')?.members.has(b)).toBe(false);
    expect(c.membership.group('g')?.state).toBe(GroupState.PREPARING_REBALANCE);
    expect(hb(a)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(hb(b)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const rejoin = await c.membership.joinGroup(joinInput({ memberId: a }));
    expect(rejoin).toMatchObject({ errorCode: 0, generationId: 2, leader: a, memberId: a });
    expect(rejoin.members.map((m) => m.memberId)).toEqual([a]);
    expect(hb(a, 1)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(hb(a, 2)).toBe(ErrorCode.NONE);
  });

  it('expires a session exactly one timeout after the last heartbeat or commit, however often it was renewed', async () => {
    const { c, clock } = setup();
    const [a, b] = (await stableGroup(c, clock, 2)) as [string, string];
    const commitAs = (memberId: string) =>
      c.offsets.commit({ groupId: 'g', generationId: 1, memberId, groupInstanceId: null, retentionTimeMs: -1n, apiVersion: 8, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] }] });
    // a renews every 3 s (heartbeats, then a commit) up to t = 12 s; b stays alive by heartbeats only.
    for (let t = 3000; t <= 12_000; t += 3000) {
      await settle(clock, 3000);
      if (t === 12_000) expect(commitAs(a)[0]?.partitions[0]?.errorCode).toBe(ErrorCode.NONE);
      else expect(c.membership.heartbeat({ groupId: 'g', memberId: a, groupInstanceId: null, generationId: 1 })).toBe(ErrorCode.NONE);
      expect(c.membership.heartbeat({ groupId: 'g', memberId: b, groupInstanceId: null, generationId: 1 })).toBe(ErrorCode.NONE);
    }
    await settle(clock, 9000); // t = 21 s: 9 s after the last renewals, both still members
    expect(c.membership.heartbeat({ groupId: 'g', memberId: b, groupInstanceId: null, generationId: 1 })).toBe(ErrorCode.NONE);
    await settle(clock, 999); // t = 21.999 s: a's session (renewed at 12 s) has 1 ms left
    expect(c.membership.group('g')?.members.has(a)).toBe(true);
    await settle(clock, 1); // t = 22 s
    expect(c.membership.group('g')?.members.has(a)).toBe(false);
    expect(c.membership.group('g')?.members.has(b)).toBe(true);
  });

  it('drops members that do not rejoin within the rebalance timeout', async () => {
    const { c, clock } = setup();
    const [a, b] = (await stableGroup(c, clock, 2, { sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 5000 })) as [string, string];
    // A follower rejoining with unchanged metadata just gets the current generation back...
    expect(await c.membership.joinGroup(joinInput({ memberId: b, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 5000 }))).toMatchObject({ errorCode: 0, generationId: 1, leader: a, members: [] });
    expect(c.membership.group('g')?.state).toBe(GroupState.STABLE);
    // ...while the leader rejoining starts a rebalance, which waits for b up to the rebalance timeout.
    const rejoin = watch(c.membership.joinGroup(joinInput({ memberId: a, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 5000 })));
    await settle(clock, 4999);
    expect(rejoin.value).toBeUndefined();
    await settle(clock, 1);
    expect(rejoin.value).toMatchObject({ errorCode: 0, generationId: 2, leader: a });
    expect(rejoin.value?.members.map((m) => m.memberId)).toEqual([a]);
    expect(c.membership.group('g')?.members.has(b)).toBe(false);
  });

  it('expires a MEMBER_ID_REQUIRED id that never comes back, completing the rebalance without it', async () => {
    const { c, clock } = setup();
    const [a] = (await stableGroup(c, clock, 1)) as [string];
    const pending = await c.membership.joinGroup(joinInput({ sessionTimeoutMs: 2000 }));
    expect(pending.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const rejoin = watch(c.membership.joinGroup(joinInput({ memberId: a })));
    // The rebalance waits for the pending id too...
    await settle(clock, 1999);
    expect(rejoin.value).toBeUndefined();
    expect(c.membership.group('g')?.pendingJoinMembers.size).toBe(1);
    // ...until its session timeout drops it.
    await settle(clock, 1);
    expect(c.membership.group('g')?.pendingJoinMembers.size).toBe(0);
    expect(rejoin.value).toMatchObject({ errorCode: 0, generationId: 2, leader: a });
  });

  it('removes members that never send SyncGroup after the rebalance timeout', async () => {
    const { c, clock } = setup();
    const a = await joinNew(c, { rebalanceTimeoutMs: 4000 });
    const b = await joinNew(c, { rebalanceTimeoutMs: 4000 });
    await settle(clock);
    await c.membership.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
    expect(c.membership.group('g')?.state).toBe(GroupState.STABLE);
    await settle(clock, 4000);
    expect(c.membership.group('g')?.members.has(b.memberId)).toBe(false);
    expect(c.membership.group('g')?.state).toBe(GroupState.PREPARING_REBALANCE);
  });

  it('LeaveGroup removes members, reports unknown ones per member, and rebalances', async () => {
    const { c, clock } = setup();
    const [a, b] = (await stableGroup(c, clock, 2)) as [string, string];
    expect(c.membership.leaveGroup('nope', [{ memberId: a, groupInstanceId: null }])).toEqual({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] });
    const r = c.membership.leaveGroup('g', [
      { memberId: b, groupInstanceId: null },
      { memberId: 'ghost', groupInstanceId: null },
      { memberId: '', groupInstanceId: 'no-such-instance' },
    ]);
    expect(r).toEqual({
      errorCode: 0,
      members: [
        { memberId: b, groupInstanceId: null, errorCode: 0 },
        { memberId: 'ghost', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
        { memberId: '', groupInstanceId: 'no-such-instance', errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
      ],
    });
    expect(c.membership.group('g')?.state).toBe(GroupState.PREPARING_REBALANCE);
    expect(await c.membership.joinGroup(joinInput({ memberId: a }))).toMatchObject({ errorCode: 0, generationId: 2 });
    // The last member leaving ends the generation at once: nobody is left to wait for.
    c.membership.leaveGroup('g', [{ memberId: a, groupInstanceId: null }]);
    expect(c.membership.group('g')?.state).toBe(GroupState.EMPTY);
    expect(c.membership.group('g')?.generationId).toBe(3);
  });
});

describe('GroupCoordinator static membership', () => {
  it('lets a restarted static member take over without a rebalance and fences the old id', async () => {
    const { c, clock } = setup();
    const first = watch(c.membership.joinGroup(joinInput({ groupInstanceId: 'i1', requireKnownMemberId: true })));
    await settle(clock);
    const j = first.value as JoinGroupResult;
    expect(j.memberId).toMatch(/^i1-/);
    await c.membership.syncGroup({ groupId: 'g', generationId: 1, memberId: j.memberId, groupInstanceId: 'i1', protocolType: null, protocolName: null, assignments: [{ memberId: j.memberId, assignment: Buffer.from('P') }] });
    expect(c.membership.group('g')?.state).toBe(GroupState.STABLE);

    const again = await c.membership.joinGroup(joinInput({ groupInstanceId: 'i1', supportsSkippingAssignment: true }));
    expect(again.memberId).not.toBe(j.memberId);
    expect(again).toMatchObject({ errorCode: 0, generationId: 1, leader: again.memberId, skipAssignment: true });
    expect(c.membership.group('g')?.state).toBe(GroupState.STABLE);
    expect(c.membership.heartbeat({ groupId: 'g', memberId: j.memberId, groupInstanceId: 'i1', generationId: 1 })).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const sync = await c.membership.syncGroup({ groupId: 'g', generationId: 1, memberId: again.memberId, groupInstanceId: 'i1', protocolType: null, protocolName: null, assignments: [] });
    expect(sync.assignment).toEqual(Buffer.from('P'));
    expect(c.membership.leaveGroup('g', [{ memberId: j.memberId, groupInstanceId: 'i1' }]).members[0]?.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(c.membership.leaveGroup('g', [{ memberId: '', groupInstanceId: 'i1' }]).members[0]?.errorCode).toBe(0);
  });
});

describe('GroupCoordinator offsets', () => {
  const commit = (c: GroupCoordinator, over: Partial<OffsetCommitInput> = {}) =>
    c.offsets.commit({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1n,
      apiVersion: 8,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 10n, committedLeaderEpoch: 0, committedMetadata: 'meta' }] }],
      ...over,
    });

  it('accepts standalone commits while the group has no members, and refuses them when it has', async () => {
    const { c, clock } = setup();
    expect(commit(c)).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }]);
    expect(c.membership.group('g')?.state).toBe(GroupState.EMPTY);
    expect(c.offsets.fetch('g', [{ name: 't', partitionIndexes: [0, 1] }])).toEqual({
      errorCode: 0,
      topics: [{ name: 't', partitions: [
        { partitionIndex: 0, committedOffset: 10n, committedLeaderEpoch: 0, metadata: 'meta', errorCode: 0 },
        { partitionIndex: 1, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
      ] }],
    });
    const [a] = (await stableGroup(c, clock, 1)) as [string];
    expect(commit(c)[0]?.partitions[0]?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit(c, { generationId: 1, memberId: a })[0]?.partitions[0]?.errorCode).toBe(0);
    expect(commit(c, { generationId: 2, memberId: a })[0]?.partitions[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(commit(c, { generationId: 1, memberId: 'x' })[0]?.partitions[0]?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('answers REBALANCE_IN_PROGRESS to a member committing between join and sync', async () => {
    const { c, clock } = setup();
    const a = await joinNew(c);
    await settle(clock);
    expect(c.membership.group('g')?.state).toBe(GroupState.COMPLETING_REBALANCE);
    expect(commit(c, { generationId: 1, memberId: a.memberId })[0]?.partitions[0]?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('maps unknown groups, unknown partitions and oversized metadata to Kafka errors', () => {
    const { c } = setup();
    expect(commit(c, { groupId: 'x', generationId: 3 })[0]?.partitions[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(commit(c, { groupId: 'x', generationId: 3, apiVersion: 9 })[0]?.partitions[0]?.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect(c.membership.group('x')).toBeUndefined();
    const r = commit(c, {
      topics: [
        { name: 't', partitions: [{ partitionIndex: 6, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] },
        { name: 'missing', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] },
        { name: 'other', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: 'x'.repeat(4097) }] },
      ],
    });
    expect(r.map((t) => t.partitions[0]?.errorCode)).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.OFFSET_METADATA_TOO_LARGE]);
    expect(c.membership.group('g')).toBeUndefined();
  });

  it('reports a failed write to every partition and keeps nothing', () => {
    const { c, store } = setup();
    store.fail = true;
    expect(commit(c)[0]?.partitions[0]?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(c.offsets.committed('g', 't', 0)).toBeUndefined();
  });

  it('answers NOT_COORDINATOR when the log refused the write (disk full), as GroupCoordinatorService maps KafkaStorageException', () => {
    const { c, store } = setup();
    store.failWith = new KafkaStorageError('Error while appending records to __consumer_offsets-0 in dir /d');
    expect(commit(c)[0]?.partitions[0]?.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(c.offsets.committed('g', 't', 0)).toBeUndefined();
  });

  it('lists every committed partition for null topics, and nothing for unknown groups', () => {
    const { c } = setup();
    commit(c, { topics: [{ name: 't', partitions: [3, 1].map((p) => ({ partitionIndex: p, committedOffset: BigInt(p * 100), committedLeaderEpoch: -1, committedMetadata: null })) }] });
    expect(c.offsets.fetch('g', null)).toEqual({
      errorCode: 0,
      topics: [{ name: 't', partitions: [
        { partitionIndex: 1, committedOffset: 100n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
        { partitionIndex: 3, committedOffset: 300n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
      ] }],
    });
    expect(c.offsets.fetch('nope', null)).toEqual({ errorCode: 0, topics: [] });
  });

  it('rebuilds offsets and groups from the store; groups come back Empty with their generation', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const { c } = setup({}, store, clock);
    const [a] = (await stableGroup(c, clock, 1)) as [string];
    commit(c, { generationId: 1, memberId: a, topics: [{ name: 't', partitions: [{ partitionIndex: 2, committedOffset: 77n, committedLeaderEpoch: 4, committedMetadata: 'x' }] }] });
    commit(c, { groupId: 'simple' });
    c.close();
    const { c: again } = setup({}, store, clock);
    expect(again.membership.group('g')).toMatchObject({ state: GroupState.EMPTY, generationId: 1, protocolType: 'consumer' });
    expect(again.membership.group('g')?.members.size).toBe(0);
    expect(again.offsets.committed('g', 't', 2)).toMatchObject({ offset: 77n, leaderEpoch: 4, metadata: 'x' });
    expect(again.membership.group('simple')).toMatchObject({ state: GroupState.EMPTY, protocolType: null });
    expect(again.listGroups([], []).groups.map((g) => g.groupId).sort()).toEqual(['g', 'simple']);
    // The next generation continues from the stored one.
    const j = await joinNew(again);
    await settle(clock);
    expect(j.join.value?.generationId).toBe(2);
  });

  it('expires offsets of an Empty group after the retention and then deletes the group', async () => {
    const { c, clock, store } = setup({ offsetsRetentionMs: 60_000, offsetsRetentionCheckIntervalMs: 10_000 });
    commit(c);
    await settle(clock, 50_000);
    expect(c.offsets.committed('g', 't', 0)?.offset).toBe(10n);
    await settle(clock, 10_000);
    expect(c.offsets.committed('g', 't', 0)).toBeUndefined();
    expect(c.membership.group('g')).toBeUndefined();
    expect(store.decoded().slice(-2)).toEqual([
      { key: { type: 'offset', group: 'g', topic: 't', partition: 0 }, value: null },
      { key: { type: 'group', group: 'g' }, value: null },
    ]);
  });

  it('keeps offsets of a Stable group for the topics it subscribes to', async () => {
    const { c, clock } = setup({ offsetsRetentionMs: 60_000, offsetsRetentionCheckIntervalMs: 10_000 });
    const [a] = (await stableGroup(c, clock, 1, { sessionTimeoutMs: 300_000 })) as [string];
    commit(c, {
      generationId: 1,
      memberId: a,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] },
        { name: 'other', partitions: [{ partitionIndex: 0, committedOffset: 2n, committedLeaderEpoch: -1, committedMetadata: null }] },
      ],
    });
    await settle(clock, 70_000);
    expect(c.offsets.committed('g', 't', 0)?.offset).toBe(1n);
    expect(c.offsets.committed('g', 'other', 0)).toBeUndefined();
  });

  it('honours an explicit retention time from OffsetCommit v2-4', async () => {
    const { c, clock, store } = setup({ offsetsRetentionMs: 3_600_000, offsetsRetentionCheckIntervalMs: 1000 });
    commit(c, { retentionTimeMs: 5000n, apiVersion: 2 });
    expect(store.entries[0]?.value?.readInt16BE(0)).toBe(1); // OffsetCommitValue v1 carries the expiry
    await settle(clock, 5000);
    expect(c.offsets.committed('g', 't', 0)).toBeUndefined();
  });

  it('deletes offsets of deleted topics in every group', () => {
    const { c } = setup();
    commit(c, { groupId: 'a' });
    commit(c, { groupId: 'b', topics: [{ name: 'other', partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: null }] }] });
    c.offsets.onTopicDeleted('t');
    expect(c.offsets.committed('a', 't', 0)).toBeUndefined();
    expect(c.offsets.committed('b', 'other', 0)?.offset).toBe(5n);
  });
});

describe('GroupCoordinator admin operations', () => {
  it('describes groups with Kafka state names, and unknown groups as Dead without an error', async () => {
    const { c, clock } = setup();
    expect(c.membership.describeGroup('nope')).toEqual({ errorCode: 0, groupId: 'nope', groupState: 'Dead', protocolType: '', protocolData: '', members: [] });
    const [a] = (await stableGroup(c, clock, 1)) as [string];
    expect(c.membership.describeGroup('g')).toEqual({
      errorCode: 0,
      groupId: 'g',
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
      members: [{ memberId: a, groupInstanceId: null, clientId: 'client', clientHost: '/127.0.0.1', memberMetadata: subscription('t'), memberAssignment: Buffer.from([0]) }],
    });
    const b = await joinNew(c);
    expect(b.join.value).toBeUndefined();
    expect(c.membership.describeGroup('g')).toMatchObject({ groupState: 'PreparingRebalance', protocolData: '' });
    expect(c.membership.describeGroup('g').members[0]?.memberMetadata).toEqual(Buffer.alloc(0));
  });

  it('lists groups with case-insensitive state and type filters', async () => {
    const { c, clock } = setup();
    await stableGroup(c, clock, 1);
    c.offsets.commit({ groupId: 'simple', generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n, apiVersion: 8, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] }] });
    expect(c.listGroups([], []).groups).toEqual([
      { groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' },
      { groupId: 'simple', protocolType: '', groupState: 'Empty', groupType: 'classic' },
    ]);
    expect(c.listGroups(['STABLE'], []).groups.map((g) => g.groupId)).toEqual(['g']);
    expect(c.listGroups([], ['Classic']).groups).toHaveLength(2);
    expect(c.listGroups([], ['consumer']).groups).toEqual([]);
  });

  it('deletes only empty groups, with their offsets', async () => {
    const { c, clock } = setup();
    await stableGroup(c, clock, 1);
    c.offsets.commit({ groupId: 'e', generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n, apiVersion: 8, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] }] });
    expect(c.deleteGroups(['g', 'e', 'nope', ''])).toEqual([
      { groupId: 'g', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'e', errorCode: 0 },
      { groupId: 'nope', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
      { groupId: '', errorCode: ErrorCode.INVALID_GROUP_ID },
    ]);
    expect(c.membership.group('e')).toBeUndefined();
    expect(c.offsets.fetch('e', [{ name: 't', partitionIndexes: [0] }]).topics[0]?.partitions[0]?.committedOffset).toBe(-1n);
  });

  it('OffsetDelete refuses topics a consumer group subscribes to', async () => {
    const { c, clock } = setup();
    const [a] = (await stableGroup(c, clock, 1)) as [string];
    c.offsets.commit({
      groupId: 'g', generationId: 1, memberId: a, groupInstanceId: null, retentionTimeMs: -1n, apiVersion: 8,
      topics: ['t', 'other'].map((name) => ({ name, partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] })),
    });
    expect(c.offsets.delete('g', [{ name: 't', partitions: [0] }, { name: 'other', partitions: [0] }, { name: 'missing', partitions: [0] }])).toEqual({
      errorCode: 0,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC }] },
        { name: 'other', partitions: [{ partitionIndex: 0, errorCode: 0 }] },
        { name: 'missing', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
      ],
    });
    expect(c.offsets.committed('g', 't', 0)?.offset).toBe(1n);
    expect(c.offsets.committed('g', 'other', 0)).toBeUndefined();
    expect(c.offsets.delete('nope', [{ name: 't', partitions: [0] }])).toEqual({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] });
  });

  it('answers parked requests with NOT_COORDINATOR on close', async () => {
    const { c, clock } = setup({ initialRebalanceDelayMs: 3000 });
    const a = await joinNew(c);
    c.close();
    await settle(clock);
    expect(a.join.value?.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(clock.pendingTimers).toBe(0);
  });
});
