// Wire-level checks of the group APIs at specific versions, with a raw client (exact error codes,
// version-dependent fields), against a real in-process broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeConsumerProtocolSubscription } from '../../src/protocol/generated/messages/consumer-protocol-subscription.js';
import { DeleteGroupsRequestVersions, encodeDeleteGroupsRequest } from '../../src/protocol/generated/messages/delete-groups-request.js';
import { decodeDeleteGroupsResponse } from '../../src/protocol/generated/messages/delete-groups-response.js';
import { DeleteTopicsRequestVersions, encodeDeleteTopicsRequest } from '../../src/protocol/generated/messages/delete-topics-request.js';
import { decodeDeleteTopicsResponse } from '../../src/protocol/generated/messages/delete-topics-response.js';
import { DescribeGroupsRequestVersions, encodeDescribeGroupsRequest } from '../../src/protocol/generated/messages/describe-groups-request.js';
import { decodeDescribeGroupsResponse } from '../../src/protocol/generated/messages/describe-groups-response.js';
import { encodeFindCoordinatorRequest, FindCoordinatorRequestVersions } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { decodeFindCoordinatorResponse } from '../../src/protocol/generated/messages/find-coordinator-response.js';
import { encodeHeartbeatRequest, HeartbeatRequestVersions } from '../../src/protocol/generated/messages/heartbeat-request.js';
import { decodeHeartbeatResponse } from '../../src/protocol/generated/messages/heartbeat-response.js';
import { encodeJoinGroupRequest, JoinGroupRequestVersions, type JoinGroupRequest } from '../../src/protocol/generated/messages/join-group-request.js';
import { decodeJoinGroupResponse } from '../../src/protocol/generated/messages/join-group-response.js';
import { encodeLeaveGroupRequest, LeaveGroupRequestVersions } from '../../src/protocol/generated/messages/leave-group-request.js';
import { decodeLeaveGroupResponse } from '../../src/protocol/generated/messages/leave-group-response.js';
import { encodeListGroupsRequest, ListGroupsRequestVersions } from '../../src/protocol/generated/messages/list-groups-request.js';
import { decodeListGroupsResponse } from '../../src/protocol/generated/messages/list-groups-response.js';
import { defaultMetadataRequest, encodeMetadataRequest, MetadataRequestVersions } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { encodeOffsetCommitRequest, OffsetCommitRequestVersions, type OffsetCommitRequest } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse } from '../../src/protocol/generated/messages/offset-commit-response.js';
import { encodeOffsetDeleteRequest, OffsetDeleteRequestVersions } from '../../src/protocol/generated/messages/offset-delete-request.js';
import { decodeOffsetDeleteResponse } from '../../src/protocol/generated/messages/offset-delete-response.js';
import { defaultOffsetFetchRequest, encodeOffsetFetchRequest, OffsetFetchRequestVersions } from '../../src/protocol/generated/messages/offset-fetch-request.js';
import { decodeOffsetFetchResponse } from '../../src/protocol/generated/messages/offset-fetch-response.js';
import { encodeSyncGroupRequest, SyncGroupRequestVersions } from '../../src/protocol/generated/messages/sync-group-request.js';
import { decodeSyncGroupResponse } from '../../src/protocol/generated/messages/sync-group-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const FindCoordinator = api(FindCoordinatorRequestVersions, encodeFindCoordinatorRequest, decodeFindCoordinatorResponse);
const JoinGroup = api(JoinGroupRequestVersions, encodeJoinGroupRequest, decodeJoinGroupResponse);
const SyncGroup = api(SyncGroupRequestVersions, encodeSyncGroupRequest, decodeSyncGroupResponse);
const Heartbeat = api(HeartbeatRequestVersions, encodeHeartbeatRequest, decodeHeartbeatResponse);
const LeaveGroup = api(LeaveGroupRequestVersions, encodeLeaveGroupRequest, decodeLeaveGroupResponse);
const OffsetCommit = api(OffsetCommitRequestVersions, encodeOffsetCommitRequest, decodeOffsetCommitResponse);
const OffsetFetch = api(OffsetFetchRequestVersions, encodeOffsetFetchRequest, decodeOffsetFetchResponse);
const OffsetDelete = api(OffsetDeleteRequestVersions, encodeOffsetDeleteRequest, decodeOffsetDeleteResponse);
const DescribeGroups = api(DescribeGroupsRequestVersions, encodeDescribeGroupsRequest, decodeDescribeGroupsResponse);
const ListGroups = api(ListGroupsRequestVersions, encodeListGroupsRequest, decodeListGroupsResponse);
const DeleteGroups = api(DeleteGroupsRequestVersions, encodeDeleteGroupsRequest, decodeDeleteGroupsResponse);
const DeleteTopics = api(DeleteTopicsRequestVersions, encodeDeleteTopicsRequest, decodeDeleteTopicsResponse);
const Metadata = api(MetadataRequestVersions, encodeMetadataRequest, decodeMetadataResponse);

function subscription(...topics: string[]): Buffer {
  const w = new Writer(64).int16(0);
  encodeConsumerProtocolSubscription(w, { topics, userData: null, ownedPartitions: [], generationId: -1, rackId: null }, 0);
  return w.toBuffer();
}

function joinReq(groupId: string, over: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription('p1') }],
    reason: null,
    ...over,
  };
}

function commitReq(groupId: string, over: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest {
  return {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1n,
    topics: [{ name: 'p1', partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: 0, commitTimestamp: -1n, committedMetadata: 'hi' }] }],
    ...over,
  };
}

describe('group APIs on the wire', () => {
  let b: TestBroker;
  let c: RawClient;

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '7' } });
    b.running.broker.topics.create('p1', 2, {});
    b.running.broker.topics.create('p2', 1, {});
    c = await RawClient.connect(b.running.port);
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  it('FindCoordinator answers this broker for groups and transactions, batched from v4', async () => {
    const port = b.running.port;
    expect(await c.call(FindCoordinator, 0, { key: 'g', keyType: 0, coordinatorKeys: [] })).toMatchObject({ errorCode: 0, nodeId: 1, host: '127.0.0.1', port });
    expect(await c.call(FindCoordinator, 3, { key: 'tx', keyType: 1, coordinatorKeys: [] })).toMatchObject({ errorCode: 0, errorMessage: 'NONE', nodeId: 1, port });
    expect((await c.call(FindCoordinator, 2, { key: 'x', keyType: 5, coordinatorKeys: [] })).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    const batched = await c.call(FindCoordinator, 6, { key: '', keyType: 0, coordinatorKeys: ['a', 'b'] });
    expect(batched.coordinators).toEqual([
      { key: 'a', nodeId: 1, host: '127.0.0.1', port, errorCode: 0, errorMessage: '' },
      { key: 'b', nodeId: 1, host: '127.0.0.1', port, errorCode: 0, errorMessage: '' },
    ]);
  });

  it('creates __consumer_offsets as an internal topic with offsets.topic.num.partitions partitions', async () => {
    // As Kafka, the first FindCoordinator for a group creates it.
    expect((await c.call(FindCoordinator, 0, { key: 'g', keyType: 0, coordinatorKeys: [] })).errorCode).toBe(0);
    const md = await c.call(Metadata, 1, { ...defaultMetadataRequest(), topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: '__consumer_offsets' }] });
    expect(md.topics[0]).toMatchObject({ errorCode: 0, name: '__consumer_offsets', isInternal: true });
    expect(md.topics[0]?.partitions).toHaveLength(7);
  });

  it('JoinGroup v0-v3 admit a member at once; v4+ first ask for a member id', async () => {
    const v0 = await c.call(JoinGroup, 0, joinReq('jv0'));
    expect(v0).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: v0.memberId });
    expect(v0.memberId).toMatch(/^raw-client-[0-9a-f-]{36}$/);
    expect(v0.members).toEqual([{ memberId: v0.memberId, groupInstanceId: null, metadata: subscription('p1') }]);
    // Before v7 the protocol type is not in the response; v7+ echo it.
    const first = await c.call(JoinGroup, 7, joinReq('jv7'));
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, protocolType: null, protocolName: null, leader: '', members: [] });
    const v7 = await c.call(JoinGroup, 7, joinReq('jv7', { memberId: first.memberId }));
    expect(v7).toMatchObject({ errorCode: 0, generationId: 1, protocolType: 'consumer', protocolName: 'range', memberId: first.memberId, leader: first.memberId });
    // v6 and older cannot carry a null protocol name: errors send "".
    const v6 = await c.call(JoinGroup, 6, joinReq('jv6'));
    expect(v6).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, protocolName: '' });
  });

  it('JoinGroup rejects session timeouts outside the broker bounds and empty group ids', async () => {
    expect((await c.call(JoinGroup, 5, joinReq('st', { sessionTimeoutMs: 5999 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await c.call(JoinGroup, 5, joinReq('st', { sessionTimeoutMs: 1_800_001 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await c.call(JoinGroup, 5, joinReq('')))).toMatchObject({ errorCode: ErrorCode.INVALID_GROUP_ID });
  });

  it('runs a static member through join, sync, heartbeat, replacement and fencing', async () => {
    const j = await c.call(JoinGroup, 9, joinReq('static', { groupInstanceId: 'inst-1' }));
    expect(j).toMatchObject({ errorCode: 0, generationId: 1, skipAssignment: false });
    expect(j.memberId).toMatch(/^inst-1-/);
    const s = await c.call(SyncGroup, 5, {
      groupId: 'static',
      generationId: 1,
      memberId: j.memberId,
      groupInstanceId: 'inst-1',
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [{ memberId: j.memberId, assignment: Buffer.from('A1') }],
    });
    expect(s).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from('A1') });
    const hb = (memberId: string, generationId = 1, groupInstanceId: string | null = 'inst-1') => c.call(Heartbeat, 4, { groupId: 'static', generationId, memberId, groupInstanceId }).then((r) => r.errorCode);
    expect(await hb(j.memberId)).toBe(0);
    expect(await hb(j.memberId, 2)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await hb('stranger', 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // The same instance restarts: it takes over without a rebalance (v9 tells the leader to skip the assignment).
    const again = await c.call(JoinGroup, 9, joinReq('static', { groupInstanceId: 'inst-1' }));
    expect(again).toMatchObject({ errorCode: 0, generationId: 1, leader: again.memberId, skipAssignment: true });
    expect(await hb(j.memberId)).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(await hb(again.memberId)).toBe(0);
    const s2 = await c.call(SyncGroup, 3, { groupId: 'static', generationId: 1, memberId: again.memberId, groupInstanceId: 'inst-1', protocolType: null, protocolName: null, assignments: [] });
    expect(s2.assignment).toEqual(Buffer.from('A1'));
    const sync5 = (protocolType: string | null, protocolName: string | null) =>
      c.call(SyncGroup, 5, { groupId: 'static', generationId: 1, memberId: again.memberId, groupInstanceId: 'inst-1', protocolType, protocolName, assignments: [] });
    expect((await sync5('connect', 'range')).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await sync5('consumer', 'roundrobin')).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    // From v5 both fields are mandatory.
    expect((await sync5('consumer', null)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(await sync5('consumer', 'range')).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from('A1') });
    const left = await c.call(LeaveGroup, 5, { groupId: 'static', memberId: '', members: [{ memberId: j.memberId, groupInstanceId: 'inst-1', reason: null }, { memberId: '', groupInstanceId: 'inst-1', reason: 'bye' }] });
    expect(left).toMatchObject({
      errorCode: 0,
      members: [
        { memberId: j.memberId, groupInstanceId: 'inst-1', errorCode: ErrorCode.FENCED_INSTANCE_ID },
        { memberId: '', groupInstanceId: 'inst-1', errorCode: 0 },
      ],
    });
  });

  it('LeaveGroup v0-2 report the member error at the top level', async () => {
    expect((await c.call(LeaveGroup, 1, { groupId: 'jv0', memberId: 'ghost', members: [] })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.call(LeaveGroup, 0, { groupId: 'no-such-group', memberId: 'ghost', members: [] })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('commits and fetches offsets in every layout', async () => {
    const v2 = await c.call(OffsetCommit, 2, commitReq('offs', { retentionTimeMs: 3_600_000n }));
    expect(v2.topics).toEqual([{ name: 'p1', partitions: [{ partitionIndex: 0, errorCode: 0 }] }]);
    const v8 = await c.call(OffsetCommit, 8, commitReq('offs', {
      topics: [
        { name: 'p1', partitions: [{ partitionIndex: 1, committedOffset: 9n, committedLeaderEpoch: 3, commitTimestamp: -1n, committedMetadata: null }] },
        { name: 'nope', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null }] },
      ],
    }));
    expect(v8.topics.map((t) => t.partitions[0]?.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect((await c.call(OffsetCommit, 8, commitReq('ghost-group', { generationIdOrMemberEpoch: 4, memberId: 'm' }))).topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await c.call(OffsetCommit, 9, commitReq('ghost-group', { generationIdOrMemberEpoch: 4, memberId: 'm' }))).topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);

    const v1 = await c.call(OffsetFetch, 1, { ...defaultOffsetFetchRequest(), groupId: 'offs', topics: [{ name: 'p1', partitionIndexes: [0, 1] }] });
    expect(v1.topics).toEqual([{ name: 'p1', partitions: [
      { partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, metadata: 'hi', errorCode: 0 },
      { partitionIndex: 1, committedOffset: 9n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
    ] }]);
    const v7all = await c.call(OffsetFetch, 7, { ...defaultOffsetFetchRequest(), groupId: 'offs', topics: null, requireStable: true });
    expect(v7all).toMatchObject({ errorCode: 0, topics: [{ name: 'p1', partitions: [
      { partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, metadata: 'hi', errorCode: 0 },
      { partitionIndex: 1, committedOffset: 9n, committedLeaderEpoch: 3, metadata: '', errorCode: 0 },
    ] }] });
    const v8fetch = await c.call(OffsetFetch, 8, {
      ...defaultOffsetFetchRequest(),
      groups: [
        { groupId: 'offs', memberId: null, memberEpoch: -1, topics: [{ name: 'p2', partitionIndexes: [0] }] },
        { groupId: 'nobody', memberId: null, memberEpoch: -1, topics: null },
      ],
    });
    expect(v8fetch.groups).toEqual([
      { groupId: 'offs', errorCode: 0, topics: [{ name: 'p2', partitions: [{ partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] }] },
      { groupId: 'nobody', errorCode: 0, topics: [] },
    ]);
  });

  it('lists and describes groups, with v4 state and v5 type filters', async () => {
    // Its own broker: a listing names every group, so it holds exactly the groups made here.
    const own = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
    const c = await RawClient.connect(own.running.port);
    try {
      own.running.broker.topics.create('p1', 2, {});
      await c.call(JoinGroup, 0, joinReq('jv0')); // admitted at once: CompletingRebalance
      const first = await c.call(JoinGroup, 7, joinReq('jv7'));
      await c.call(JoinGroup, 7, joinReq('jv7', { memberId: first.memberId })); // CompletingRebalance
      await c.call(JoinGroup, 6, joinReq('jv6')); // MEMBER_ID_REQUIRED: Empty, no protocol type yet
      expect((await c.call(OffsetCommit, 2, commitReq('offs', { retentionTimeMs: 3_600_000n }))).topics[0]?.partitions[0]?.errorCode).toBe(0);
      await listAndDescribe(c);
    } finally {
      c.close();
      await own.dispose();
    }
  });

  async function listAndDescribe(c: RawClient): Promise<void> {
    const all = await c.call(ListGroups, 5, { statesFilter: [], typesFilter: [] });
    expect(all.groups.find((g) => g.groupId === 'offs')).toEqual({ groupId: 'offs', protocolType: '', groupState: 'Empty', groupType: 'classic' });
    expect(all.groups.find((g) => g.groupId === 'jv7')).toEqual({ groupId: 'jv7', protocolType: 'consumer', groupState: 'CompletingRebalance', groupType: 'classic' });
    const stable = await c.call(ListGroups, 4, { statesFilter: ['completingrebalance'], typesFilter: [] });
    expect(stable.groups.map((g) => g.groupId).sort()).toEqual(['jv0', 'jv7']);
    expect((await c.call(ListGroups, 5, { statesFilter: [], typesFilter: ['consumer'] })).groups).toEqual([]);
    const v0 = await c.call(ListGroups, 0, { statesFilter: [], typesFilter: [] });
    expect(v0.groups.map((g) => g.groupId).sort()).toEqual(['jv0', 'jv6', 'jv7', 'offs']);

    const d = await c.call(DescribeGroups, 5, { groups: ['jv7', 'unknown'], includeAuthorizedOperations: true });
    expect(d.groups[0]).toMatchObject({ errorCode: 0, groupId: 'jv7', groupState: 'CompletingRebalance', protocolType: 'consumer', protocolData: '', authorizedOperations: 3400 });
    expect(d.groups[0]?.members[0]).toMatchObject({ clientId: 'raw-client', clientHost: '/127.0.0.1', memberMetadata: Buffer.alloc(0) });
    expect(d.groups[1]).toEqual({ errorCode: 0, groupId: 'unknown', groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: 3400 });
    const d0 = await c.call(DescribeGroups, 0, { groups: ['offs'], includeAuthorizedOperations: false });
    expect(d0.groups[0]).toMatchObject({ groupState: 'Empty', protocolType: '', members: [] });
  }

  it('OffsetDelete protects topics a live consumer group subscribes to', async () => {
    const j = await c.call(JoinGroup, 5, joinReq('od', { memberId: (await c.call(JoinGroup, 5, joinReq('od'))).memberId }));
    await c.call(SyncGroup, 3, { groupId: 'od', generationId: j.generationId, memberId: j.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
    const commit = await c.call(OffsetCommit, 7, commitReq('od', {
      generationIdOrMemberEpoch: j.generationId,
      memberId: j.memberId,
      topics: ['p1', 'p2'].map((name) => ({ name, partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null }] })),
    }));
    expect(commit.topics.map((t) => t.partitions[0]?.errorCode)).toEqual([0, 0]);
    const del = await c.call(OffsetDelete, 0, { groupId: 'od', topics: [{ name: 'p1', partitions: [{ partitionIndex: 0 }] }, { name: 'p2', partitions: [{ partitionIndex: 0 }] }] });
    expect(del).toEqual({ errorCode: 0, throttleTimeMs: 0, topics: [
      { name: 'p1', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC }] },
      { name: 'p2', partitions: [{ partitionIndex: 0, errorCode: 0 }] },
    ] });
    expect((await c.call(OffsetDelete, 0, { groupId: 'zzz', topics: [] })).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect((await c.call(OffsetCommit, 8, commitReq('od-empty'))).topics[0]?.partitions[0]?.errorCode).toBe(0);
    const deleted = await c.call(DeleteGroups, 2, { groupsNames: ['od', 'od-empty', 'zzz'] });
    expect(deleted.results).toEqual([
      { groupId: 'od', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'od-empty', errorCode: 0 },
      { groupId: 'zzz', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
  });

  it('DeleteTopics drops every group\'s committed offsets of the topic', async () => {
    b.running.broker.topics.create('doomed', 1, {});
    await c.call(OffsetCommit, 8, commitReq('td', { topics: [{ name: 'doomed', partitions: [{ partitionIndex: 0, committedOffset: 4n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null }] }] }));
    const fetch = () => c.call(OffsetFetch, 7, { ...defaultOffsetFetchRequest(), groupId: 'td', topics: null });
    expect((await fetch()).topics).toEqual([{ name: 'doomed', partitions: [{ partitionIndex: 0, committedOffset: 4n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] }]);
    const del = await c.call(DeleteTopics, 4, { topics: [], topicNames: ['doomed'], timeoutMs: 5000 });
    expect(del.responses[0]).toMatchObject({ name: 'doomed', errorCode: 0 });
    expect((await fetch()).topics).toEqual([]);
  });
});
