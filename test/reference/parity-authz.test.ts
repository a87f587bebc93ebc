// Authorisation in every API family, Apache Kafka 4.4 (StandardAuthorizer) against our broker: the
// same principal (User:ANONYMOUS on PLAINTEXT, `allow.everyone.if.no.acl.found=true` so it can set the
// stage) is denied one topic, one group and one transactional id, and the refusals each broker
// answers are compared code by code (and message where Kafka sets one).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { ApiDescriptor } from '../../src/protocol/generated/api-keys.js';
import { DescribeTopicPartitionsApi } from '../../src/protocol/generated/apis/describe-topic-partitions.js';
import { DescribeProducersApi } from '../../src/protocol/generated/apis/describe-producers.js';
import { DescribeTransactionsApi } from '../../src/protocol/generated/apis/describe-transactions.js';
import { DescribeLogDirsApi } from '../../src/protocol/generated/apis/describe-log-dirs.js';
import { ListGroupsApi } from '../../src/protocol/generated/apis/list-groups.js';
import { AddPartitionsToTxnApi } from '../../src/protocol/generated/apis/add-partitions-to-txn.js';
import { AddOffsetsToTxnApi } from '../../src/protocol/generated/apis/add-offsets-to-txn.js';
import { TxnOffsetCommitApi } from '../../src/protocol/generated/apis/txn-offset-commit.js';
import { DeleteRecordsApi } from '../../src/protocol/generated/apis/delete-records.js';
import { CreatePartitionsApi } from '../../src/protocol/generated/apis/create-partitions.js';
import { OffsetDeleteApi } from '../../src/protocol/generated/apis/offset-delete.js';
import { OffsetForLeaderEpochApi } from '../../src/protocol/generated/apis/offset-for-leader-epoch.js';
import { HeartbeatApi } from '../../src/protocol/generated/apis/heartbeat.js';
import { SyncGroupApi } from '../../src/protocol/generated/apis/sync-group.js';
import { LeaveGroupApi } from '../../src/protocol/generated/apis/leave-group.js';
import { ConsumerGroupHeartbeatApi } from '../../src/protocol/generated/apis/consumer-group-heartbeat.js';
import { ConsumerGroupDescribeApi } from '../../src/protocol/generated/apis/consumer-group-describe.js';
import { ListPartitionReassignmentsApi } from '../../src/protocol/generated/apis/list-partition-reassignments.js';
import { CreateAclsApi } from '../../src/protocol/generated/apis/create-acls.js';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { DeleteGroupsApi } from '../../src/protocol/generated/apis/delete-groups.js';
import { DeleteTopicsApi } from '../../src/protocol/generated/apis/delete-topics.js';
import { DescribeClusterApi } from '../../src/protocol/generated/apis/describe-cluster.js';
import { DescribeConfigsApi } from '../../src/protocol/generated/apis/describe-configs.js';
import { DescribeGroupsApi } from '../../src/protocol/generated/apis/describe-groups.js';
import { EndTxnApi } from '../../src/protocol/generated/apis/end-txn.js';
import { FetchApi } from '../../src/protocol/generated/apis/fetch.js';
import { FindCoordinatorApi } from '../../src/protocol/generated/apis/find-coordinator.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { InitProducerIdApi } from '../../src/protocol/generated/apis/init-producer-id.js';
import { JoinGroupApi } from '../../src/protocol/generated/apis/join-group.js';
import { ListOffsetsApi } from '../../src/protocol/generated/apis/list-offsets.js';
import { MetadataApi } from '../../src/protocol/generated/apis/metadata.js';
import { OffsetCommitApi } from '../../src/protocol/generated/apis/offset-commit.js';
import { OffsetFetchApi } from '../../src/protocol/generated/apis/offset-fetch.js';
import { ProduceApi } from '../../src/protocol/generated/apis/produce.js';
import { defaultCreatableTopic, defaultCreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { defaultDeleteTopicState, defaultDeleteTopicsRequest } from '../../src/protocol/generated/messages/delete-topics-request.js';
import { defaultDescribeClusterRequest } from '../../src/protocol/generated/messages/describe-cluster-request.js';
import { defaultDescribeConfigsRequest, defaultDescribeConfigsResource } from '../../src/protocol/generated/messages/describe-configs-request.js';
import { defaultDescribeGroupsRequest } from '../../src/protocol/generated/messages/describe-groups-request.js';
import { defaultEndTxnRequest } from '../../src/protocol/generated/messages/end-txn-request.js';
import { defaultFetchPartition, defaultFetchRequest, defaultFetchTopic } from '../../src/protocol/generated/messages/fetch-request.js';
import { defaultFindCoordinatorRequest } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { defaultAlterableConfig, defaultAlterConfigsResource, defaultIncrementalAlterConfigsRequest } from '../../src/protocol/generated/messages/incremental-alter-configs-request.js';
import { defaultInitProducerIdRequest } from '../../src/protocol/generated/messages/init-producer-id-request.js';
import { defaultJoinGroupRequest } from '../../src/protocol/generated/messages/join-group-request.js';
import { defaultListOffsetsPartition, defaultListOffsetsRequest } from '../../src/protocol/generated/messages/list-offsets-request.js';
import { defaultMetadataRequest, defaultMetadataRequestTopic } from '../../src/protocol/generated/messages/metadata-request.js';
import { defaultOffsetCommitRequest, defaultOffsetCommitRequestPartition } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { defaultOffsetFetchRequest } from '../../src/protocol/generated/messages/offset-fetch-request.js';
import { defaultPartitionProduceData, defaultProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { WireClient, wireApi } from '../integration/admin-wire.js';
import { startKafka, stopKafka, type KafkaClusterInfo } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const runDir = inject('refRunDir');
const TIER = 'Authorisation: Apache Kafka 4.4 (StandardAuthorizer) vs tkafka broker';
const AUTHZ = ['authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'allow.everyone.if.no.acl.found=true'];

let kafka: KafkaClusterInfo;
let ours: TestBroker;

beforeAll(async () => {
  [kafka, ours] = await Promise.all([
    startKafka({ nodes: 1, dir: path.join(runDir, 'kafka-authz'), extraProps: AUTHZ }),
    startTestBroker({ config: { ...Object.fromEntries(AUTHZ.map((l) => l.split('=') as [string, string])), 'auto.create.topics.enable': 'true' } }),
  ]);
}, 180_000);

afterAll(async () => {
  if (kafka !== undefined) stopKafka(kafka);
  await ours?.dispose();
});

const port = (bootstrap: string): number => Number(bootstrap.split(',')[0]?.split(':')[1]);
const call = <Req, Res>(w: WireClient, api: ApiDescriptor<Req, Res>, v: number, req: Req): Promise<Res> => w.request(wireApi(api), v, req);
const deny = (resourceType: number, resourceName: string): { resourceType: number; resourceName: string; resourcePatternType: number; principal: string; host: string; operation: number; permissionType: number } => ({
  resourceType,
  resourceName,
  resourcePatternType: 3,
  principal: 'User:ANONYMOUS',
  host: '*',
  operation: 2,
  permissionType: 2,
});

async function stage(w: WireClient): Promise<void> {
  const created = await call(w, CreateTopicsApi, 7, { ...defaultCreateTopicsRequest(), timeoutMs: 10_000, topics: ['orders', 'secret'].map((name) => ({ ...defaultCreatableTopic(), name, numPartitions: 1, replicationFactor: 1 })) });
  expect(created.topics.map((t) => t.errorCode)).toEqual([0, 0]);
  await waitFor('both topics with a leader', async () => {
    const m = await call(w, MetadataApi, 12, { ...defaultMetadataRequest(), topics: ['orders', 'secret'].map((name) => ({ ...defaultMetadataRequestTopic(), name })) });
    return m.topics.every((t) => t.errorCode === 0 && t.partitions.length === 1) ? true : undefined;
  });
  // A group's coordinator (and __consumer_offsets) first, as clients do.
  for (const key of ['gsecret', 'gok']) {
    await waitFor(`the coordinator of ${key}`, async () => {
      const f = await call(w, FindCoordinatorApi, 4, { ...defaultFindCoordinatorRequest(), keyType: 0, coordinatorKeys: [key] });
      return f.coordinators[0]?.errorCode === 0 ? true : undefined;
    }, 60_000, 200);
  }
  const commit = await waitFor('an offset commit', async () => {
    const r = await call(w, OffsetCommitApi, 8, { ...defaultOffsetCommitRequest(), groupId: 'gsecret', generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: 'orders', partitions: [{ ...defaultOffsetCommitRequestPartition(), partitionIndex: 0, committedOffset: 0n }] }] });
    return r.topics[0]?.partitions[0]?.errorCode === 0 ? true : undefined;
  }, 60_000, 200);
  expect(commit).toBe(true);
  // DELETE denied on the cluster too, or DeleteTopics would pass on the cluster (an ACL on the
  // cluster also ends allow.everyone there: DESCRIBE, CREATE, ALTER on it are refused from now on).
  // CLUSTER_ACTION stays allowed: Kafka's broker forwards admin requests to its controller as this
  // same principal (ANONYMOUS on PLAINTEXT).
  const creations = [deny(2, 'secret'), deny(3, 'gsecret'), deny(5, 'txsecret'), { ...deny(4, 'kafka-cluster'), operation: 6 }, { ...deny(4, 'kafka-cluster'), operation: 9, permissionType: 3 }];
  const acls = await call(w, CreateAclsApi, 3, { creations });
  expect(acls.results.map((r) => r.errorCode)).toEqual([0, 0, 0, 0, 0]);
  // Kafka applies ACLs as its metadata log is replayed: wait until they bite.
  await waitFor('the ACLs in force', async () => {
    const f = await call(w, FindCoordinatorApi, 4, { ...defaultFindCoordinatorRequest(), keyType: 0, coordinatorKeys: ['gsecret'] });
    const c = await call(w, DescribeClusterApi, 1, { ...defaultDescribeClusterRequest(), includeClusterAuthorizedOperations: true, endpointType: 1 });
    return f.coordinators[0]?.errorCode === 30 && c.clusterAuthorizedOperations === 0 ? true : undefined;
  });
}

async function probe(w: WireClient): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const records = encodeRecordBatch({ records: [{ value: Buffer.from('v') }] });
  const produce = await call(w, ProduceApi, 9, { ...defaultProduceRequest(), acks: -1, timeoutMs: 5000, topicData: [{ name: 'secret', partitionData: [{ ...defaultPartitionProduceData(), index: 0, records }] }] });
  out['produce'] = produce.responses.map((t) => t.partitionResponses.map((p) => [p.errorCode, p.baseOffset, p.errorMessage]));
  const fetch = await call(w, FetchApi, 12, { ...defaultFetchRequest(), maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, topics: [{ ...defaultFetchTopic(), topic: 'secret', partitions: [{ ...defaultFetchPartition(), partition: 0, partitionMaxBytes: 1 << 20 }] }] });
  out['fetch'] = fetch.responses.map((t) => [t.topic, t.partitions.map((p) => [p.errorCode, p.highWatermark])]);
  const all = await call(w, MetadataApi, 12, { ...defaultMetadataRequest(), topics: null });
  out['metadata all'] = all.topics.map((t) => t.name).filter((n) => n === 'orders' || n === 'secret');
  const named = await call(w, MetadataApi, 12, { ...defaultMetadataRequest(), topics: ['secret', 'orders'].map((name) => ({ ...defaultMetadataRequestTopic(), name })), includeTopicAuthorizedOperations: true });
  out['metadata named'] = named.topics.map((t) => [t.name, t.errorCode, t.isInternal, t.partitions.length, t.topicAuthorizedOperations, t.errorCode === 0 ? 'id' : t.topicId]);
  const offsets = await call(w, ListOffsetsApi, 7, { ...defaultListOffsetsRequest(), replicaId: -1, topics: [{ name: 'secret', partitions: [{ ...defaultListOffsetsPartition(), partitionIndex: 0, timestamp: -1n }] }] });
  out['list offsets'] = offsets.topics[0]?.partitions[0];
  out['find coordinator v4'] = (await call(w, FindCoordinatorApi, 4, { ...defaultFindCoordinatorRequest(), keyType: 0, coordinatorKeys: ['gsecret'] })).coordinators;
  out['find coordinator txn v4'] = (await call(w, FindCoordinatorApi, 4, { ...defaultFindCoordinatorRequest(), keyType: 1, coordinatorKeys: ['txsecret'] })).coordinators;
  const fc3 = await call(w, FindCoordinatorApi, 3, { ...defaultFindCoordinatorRequest(), keyType: 0, key: 'gsecret' });
  out['find coordinator v3'] = [fc3.errorCode, fc3.errorMessage, fc3.nodeId, fc3.host, fc3.port];
  const join = await call(w, JoinGroupApi, 7, { ...defaultJoinGroupRequest(), groupId: 'gsecret', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] });
  out['join group'] = join;
  const commit = await call(w, OffsetCommitApi, 8, { ...defaultOffsetCommitRequest(), groupId: 'gsecret', generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: 'orders', partitions: [{ ...defaultOffsetCommitRequestPartition(), partitionIndex: 0, committedOffset: 1n }] }] });
  out['offset commit, group denied'] = commit.topics;
  const commitTopic = await call(w, OffsetCommitApi, 8, { ...defaultOffsetCommitRequest(), groupId: 'gok', generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: 'secret', partitions: [{ ...defaultOffsetCommitRequestPartition(), partitionIndex: 0, committedOffset: 1n }] }, { name: 'orders', partitions: [{ ...defaultOffsetCommitRequestPartition(), partitionIndex: 0, committedOffset: 1n }] }] });
  out['offset commit, topic denied'] = commitTopic.topics;
  const fetch7 = await call(w, OffsetFetchApi, 7, { ...defaultOffsetFetchRequest(), groupId: 'gsecret', topics: [{ name: 'orders', partitionIndexes: [0] }] });
  out['offset fetch v7, group denied'] = fetch7;
  const fetch8 = await call(w, OffsetFetchApi, 8, { ...defaultOffsetFetchRequest(), groups: [{ groupId: 'gok', memberId: null, memberEpoch: -1, topics: [{ name: 'secret', partitionIndexes: [0] }, { name: 'orders', partitionIndexes: [0] }] }, { groupId: 'gok', memberId: null, memberEpoch: -1, topics: null }] });
  out['offset fetch v8, topic denied'] = fetch8;
  const dg = await call(w, DescribeGroupsApi, 5, { ...defaultDescribeGroupsRequest(), groups: ['gsecret', 'gok'], includeAuthorizedOperations: true });
  out['describe groups'] = dg.groups.map((g) => [g.groupId, g.errorCode, g.groupState, g.protocolType, g.authorizedOperations]);
  out['delete groups'] = (await call(w, DeleteGroupsApi, 2, { groupsNames: ['gsecret'] })).results;
  const ct = await call(w, CreateTopicsApi, 7, { ...defaultCreateTopicsRequest(), timeoutMs: 5000, topics: [{ ...defaultCreatableTopic(), name: 'secret', numPartitions: 1, replicationFactor: 1 }] });
  out['create topics'] = ct.topics.map((t) => [t.name, t.errorCode, t.errorMessage]);
  const dt = await call(w, DeleteTopicsApi, 6, { ...defaultDeleteTopicsRequest(), timeoutMs: 5000, topics: [{ ...defaultDeleteTopicState(), name: 'secret' }] });
  out['delete topics'] = dt.responses;
  const dc = await call(w, DescribeConfigsApi, 4, { ...defaultDescribeConfigsRequest(), resources: [{ ...defaultDescribeConfigsResource(), resourceType: 2, resourceName: 'secret', configurationKeys: null }] });
  out['describe configs'] = dc.results.map((r) => [r.errorCode, r.errorMessage, r.resourceName, r.configs.length]);
  const ac = await call(w, IncrementalAlterConfigsApi, 1, { ...defaultIncrementalAlterConfigsRequest(), resources: [{ ...defaultAlterConfigsResource(), resourceType: 2, resourceName: 'secret', configs: [{ ...defaultAlterableConfig(), name: 'retention.ms', configOperation: 0, value: '600000' }] }] });
  out['incremental alter configs'] = ac.responses;
  out['init producer id'] = await call(w, InitProducerIdApi, 4, { ...defaultInitProducerIdRequest(), transactionalId: 'txsecret', transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
  out['end txn'] = await call(w, EndTxnApi, 3, { ...defaultEndTxnRequest(), transactionalId: 'txsecret', producerId: 1n, producerEpoch: 0, committed: true });
  out['describe cluster ops'] = (await call(w, DescribeClusterApi, 1, { ...defaultDescribeClusterRequest(), includeClusterAuthorizedOperations: true, endpointType: 1 })).clusterAuthorizedOperations;
  return out;
}

/** The rest of the families, codes (and messages where Kafka sets them). */
async function probe2(w: WireClient): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const dtp = await call(w, DescribeTopicPartitionsApi, 0, { topics: [{ name: 'secret' }, { name: 'orders' }], responsePartitionLimit: 2000, cursor: null });
  out['describe topic partitions named'] = dtp.topics.map((t) => [t.name, t.errorCode, t.isInternal, t.partitions.length, t.topicAuthorizedOperations]);
  const dtpAll = await call(w, DescribeTopicPartitionsApi, 0, { topics: [], responsePartitionLimit: 2000, cursor: null });
  out['describe topic partitions all'] = dtpAll.topics.map((t) => t.name).filter((n) => n === 'orders' || n === 'secret');
  out['describe producers'] = (await call(w, DescribeProducersApi, 0, { topics: [{ name: 'secret', partitionIndexes: [0] }] })).topics.map((t) => t.partitions.map((p) => [p.errorCode, p.errorMessage]));
  out['describe transactions'] = (await call(w, DescribeTransactionsApi, 0, { transactionalIds: ['txsecret'] })).transactionStates.map((x) => [x.transactionalId, x.errorCode]);
  const dld = await call(w, DescribeLogDirsApi, 4, { topics: null });
  out['describe log dirs'] = [dld.errorCode, dld.results.length];
  out['list groups'] = (await call(w, ListGroupsApi, 5, { statesFilter: [], typesFilter: [] })).groups.map((g) => g.groupId).filter((g) => g === 'gsecret' || g === 'gok');
  const apt = await call(w, AddPartitionsToTxnApi, 3, { transactions: [], v3AndBelowTransactionalId: 'txsecret', v3AndBelowProducerId: 1n, v3AndBelowProducerEpoch: 0, v3AndBelowTopics: [{ name: 'orders', partitions: [0] }] });
  out['add partitions to txn'] = apt.resultsByTopicV3AndBelow.map((t) => [t.name, t.resultsByPartition.map((p) => p.partitionErrorCode)]);
  out['add offsets to txn'] = (await call(w, AddOffsetsToTxnApi, 3, { transactionalId: 'txsecret', producerId: 1n, producerEpoch: 0, groupId: 'gok' })).errorCode;
  const toc = await call(w, TxnOffsetCommitApi, 3, { transactionalId: 'txsecret', groupId: 'gok', producerId: 1n, producerEpoch: 0, generationId: -1, memberId: '', groupInstanceId: null, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] }] });
  out['txn offset commit'] = toc.topics.map((t) => [t.name, t.partitions.map((p) => p.errorCode)]);
  const dr = await call(w, DeleteRecordsApi, 2, { timeoutMs: 5000, topics: [{ name: 'secret', partitions: [{ partitionIndex: 0, offset: 0n }] }] });
  out['delete records'] = dr.topics.map((t) => t.partitions.map((p) => [p.errorCode, p.lowWatermark]));
  const cp = await call(w, CreatePartitionsApi, 3, { timeoutMs: 5000, validateOnly: false, topics: [{ name: 'secret', count: 2, assignments: null }] });
  out['create partitions'] = cp.results;
  out['offset delete, group denied'] = await call(w, OffsetDeleteApi, 0, { groupId: 'gsecret', topics: [{ name: 'orders', partitions: [{ partitionIndex: 0 }] }] });
  out['offset delete, topic denied'] = (await call(w, OffsetDeleteApi, 0, { groupId: 'gok', topics: [{ name: 'secret', partitions: [{ partitionIndex: 0 }] }] })).topics;
  const ofle = await call(w, OffsetForLeaderEpochApi, 4, { replicaId: -1, topics: [{ topic: 'secret', partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }] });
  out['offset for leader epoch'] = ofle.topics.map((t) => t.partitions.map((p) => [p.errorCode, p.leaderEpoch, p.endOffset]));
  out['heartbeat'] = (await call(w, HeartbeatApi, 4, { groupId: 'gsecret', generationId: 1, memberId: 'm', groupInstanceId: null })).errorCode;
  const sg = await call(w, SyncGroupApi, 5, { groupId: 'gsecret', generationId: 1, memberId: 'm', groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] });
  out['sync group'] = [sg.errorCode, sg.protocolType, sg.protocolName, sg.assignment.length];
  out['leave group'] = await call(w, LeaveGroupApi, 5, { groupId: 'gsecret', memberId: '', members: [{ memberId: 'm', groupInstanceId: null, reason: null }] });
  const cgh = { groupId: 'gsecret', memberId: '', memberEpoch: 0, instanceId: null, rackId: null, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['orders'], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: [] };
  const h1 = await call(w, ConsumerGroupHeartbeatApi, 0, cgh);
  out['consumer group heartbeat, group denied'] = [h1.errorCode, h1.errorMessage];
  const h2 = await call(w, ConsumerGroupHeartbeatApi, 0, { ...cgh, groupId: 'gnew', subscribedTopicNames: ['orders', 'secret'] });
  out['consumer group heartbeat, topic denied'] = [h2.errorCode, h2.errorMessage];
  out['consumer group describe'] = (await call(w, ConsumerGroupDescribeApi, 0, { groupIds: ['gsecret'], includeAuthorizedOperations: true })).groups.map((g) => [g.groupId, g.errorCode, g.errorMessage]);
  out['list partition reassignments'] = (await call(w, ListPartitionReassignmentsApi, 0, { timeoutMs: 5000, topics: null })).errorCode;
  return out;
}

describe('authorisation: Kafka 4.4 vs tkafka', () => {
  it('refuses a denied topic, group and transactional id with the same answers in every API family', async () => {
    const wk = await WireClient.connect(port(kafka.bootstrap));
    const wt = await WireClient.connect(port(ours.bootstrap));
    try {
      await stage(wk);
      await stage(wt);
      const k = { ...(await probe(wk)), ...(await probe2(wk)) };
      const t = { ...(await probe(wt)), ...(await probe2(wt)) };
      for (const key of Object.keys(k)) {
        const same = JSON.stringify(t[key], (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(k[key], (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
        logParity({ tier: TIER, scenario: key, result: same ? 'identical' : 'differs' });
      }
      expect(t).toEqual(k);
    } finally {
      wk.close();
      wt.close();
    }
  });
});
