// The cluster-shaped APIs a single node answers truthfully: DescribeQuorum (one voter), ElectLeaders,
// List/AlterPartitionReassignments, and the features in ApiVersions. The expected answers are Apache
// Kafka 4.4's for the same requests (taken from a real single-node Kafka; the differential corpus and
// test/reference/parity-cluster.test.ts replay them against it), except where a single node differs by
// nature (the metadata offset, the number of topics).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerFeatures } from '../../src/broker/handlers/18-api-versions.js';
import { handlers } from '../../src/broker/handlers/index.js';
import { AlterPartitionReassignmentsApi as AP } from '../../src/protocol/generated/apis/alter-partition-reassignments.js';
import { DescribeQuorumApi as DQ } from '../../src/protocol/generated/apis/describe-quorum.js';
import { ElectLeadersApi as EL } from '../../src/protocol/generated/apis/elect-leaders.js';
import { ListPartitionReassignmentsApi as LP } from '../../src/protocol/generated/apis/list-partition-reassignments.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { A, Wire } from '../reference/differential.js';

let broker: TestBroker;
let w: Wire;
let node: number;
const T = 'cluster-t';

beforeAll(async () => {
  broker = await startTestBroker({ config: { 'node.id': '3' } });
  node = broker.running.broker.nodeId;
  w = await Wire.connect(broker.bootstrap);
  await w.call(A.CreateTopics, 7, { topics: [{ name: T, numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 30_000, validateOnly: false });
});
afterAll(async () => {
  w.close();
  await broker.dispose();
});

describe('DescribeQuorum', () => {
  it('one voter, this node, leading __cluster_metadata-0 at epoch 1 (v0–v2)', async () => {
    const req = { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] };
    const before = BigInt(Date.now());
    const v2 = await w.call(DQ, 2, req);
    const after = BigInt(Date.now());
    const voter = v2.topics[0]?.partitions[0]?.currentVoters[0];
    expect(voter?.lastFetchTimestamp).toBe(voter?.lastCaughtUpTimestamp);
    expect((voter?.lastFetchTimestamp ?? 0n) >= before && (voter?.lastFetchTimestamp ?? 0n) <= after).toBe(true);
    const ts = voter?.lastFetchTimestamp ?? -1n;
    // The metadata offset counts the records a KRaft log holds for this state (55-describe-quorum.ts): leader
    // change, 2 finalized features, the broker's registration, and T's topic and 2 partition records at least.
    const hw = v2.topics[0]?.partitions[0]?.highWatermark ?? 0n;
    expect(hw >= 7n).toBe(true);
    expect(v2).toEqual({
      errorCode: 0,
      errorMessage: '',
      topics: [
        {
          topicName: '__cluster_metadata',
          partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: '', leaderId: node, leaderEpoch: 1, highWatermark: hw, currentVoters: [{ replicaId: node, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA', logEndOffset: hw, lastFetchTimestamp: ts, lastCaughtUpTimestamp: ts }], observers: [] }],
        },
      ],
      nodes: [{ nodeId: node, listeners: [{ name: 'CONTROLLER', host: '127.0.0.1', port: broker.running.port }] }],
    });
    // v0 has no timestamps (decoded as -1) and no nodes.
    const v0 = await w.call(DQ, 0, req);
    expect(v0.topics[0]?.partitions[0]?.currentVoters).toEqual([{ replicaId: node, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA', logEndOffset: hw, lastFetchTimestamp: -1n, lastCaughtUpTimestamp: -1n }]);
    expect(v0.nodes).toEqual([]);
  });

  it('anything but exactly __cluster_metadata-0 is UNKNOWN_TOPIC_OR_PARTITION for every requested partition', async () => {
    const err = (partitionIndex: number): unknown => ({ partitionIndex, errorCode: 3, errorMessage: 'This server does not host this topic-partition.', leaderId: 0, leaderEpoch: 0, highWatermark: 0n, currentVoters: [], observers: [] });
    expect(await w.call(DQ, 2, { topics: [{ topicName: T, partitions: [{ partitionIndex: 0 }] }] })).toEqual({ errorCode: 0, errorMessage: '', topics: [{ topicName: T, partitions: [err(0)] }], nodes: [] });
    expect((await w.call(DQ, 2, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }, { partitionIndex: 0 }] }] })).topics[0]?.partitions).toEqual([err(0), err(0)]);
    expect((await w.call(DQ, 2, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 1 }] }] })).topics[0]?.partitions).toEqual([err(1)]);
    expect(await w.call(DQ, 2, { topics: [] })).toEqual({ errorCode: 0, errorMessage: '', topics: [], nodes: [] });
  });
});

describe('ElectLeaders', () => {
  const notNeeded = (partitionId: number): unknown => ({ partitionId, errorCode: 84, errorMessage: 'Leader election not needed for topic partition.' });

  it('ELECTION_NOT_NEEDED for every partition this node leads (v0–v2, preferred and unclean), Kafka\'s messages for unknown ones', async () => {
    for (const v of [0, 1, 2]) {
      expect(await w.call(EL, v, { electionType: 0, topicPartitions: [{ topic: T, partitions: [0, 1, 0] }], timeoutMs: 30_000 })).toEqual({ throttleTimeMs: 0, errorCode: 0, replicaElectionResults: [{ topic: T, partitionResult: [notNeeded(0), notNeeded(1), notNeeded(0)] }] });
    }
    expect((await w.call(EL, 2, { electionType: 1, topicPartitions: [{ topic: T, partitions: [1] }], timeoutMs: 30_000 })).replicaElectionResults).toEqual([{ topic: T, partitionResult: [notNeeded(1)] }]);
    expect((await w.call(EL, 2, { electionType: 0, topicPartitions: [{ topic: 'cluster-nope', partitions: [0] }, { topic: T, partitions: [5] }], timeoutMs: 30_000 })).replicaElectionResults).toEqual([
      { topic: 'cluster-nope', partitionResult: [{ partitionId: 0, errorCode: 3, errorMessage: 'No such topic as cluster-nope' }] },
      { topic: T, partitionResult: [{ partitionId: 5, errorCode: 3, errorMessage: `No such partition as ${T}-5` }] },
    ]);
  });

  it('all partitions (null) lists every topic with no elections; an unknown election type is INVALID_REQUEST', async () => {
    expect(await w.call(EL, 2, { electionType: 0, topicPartitions: null, timeoutMs: 30_000 })).toEqual({ throttleTimeMs: 0, errorCode: 0, replicaElectionResults: [{ topic: T, partitionResult: [] }] });
    expect(await w.call(EL, 2, { electionType: 7, topicPartitions: [{ topic: T, partitions: [0] }], timeoutMs: 30_000 })).toEqual({
      throttleTimeMs: 0,
      errorCode: 42,
      replicaElectionResults: [{ topic: T, partitionResult: [{ partitionId: 0, errorCode: 42, errorMessage: 'Unknown election type 7' }] }],
    });
    expect((await w.call(EL, 2, { electionType: 0, topicPartitions: [], timeoutMs: 30_000 })).replicaElectionResults).toEqual([]);
  });
});

describe('partition reassignments', () => {
  const alter = async (topic: string, partitionIndex: number, replicas: number[] | null): Promise<unknown> =>
    (await w.call(AP, 0, { timeoutMs: 30_000, topics: [{ name: topic, partitions: [{ partitionIndex, replicas }] }] })).responses[0]?.partitions[0];

  it('a move to the current replica set is a no-op success; impossible moves get Kafka\'s INVALID_REPLICA_ASSIGNMENT messages', async () => {
    const r = await w.call(AP, 0, { timeoutMs: 30_000, topics: [{ name: T, partitions: [{ partitionIndex: 0, replicas: [node] }, { partitionIndex: 1, replicas: [node] }] }] });
    expect(r).toEqual({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, responses: [{ name: T, partitions: [0, 1].map((partitionIndex) => ({ partitionIndex, errorCode: 0, errorMessage: null })) }] });
    expect(await alter(T, 0, [node + 50])).toEqual({ partitionIndex: 0, errorCode: 39, errorMessage: `The manual partition assignment includes broker ${node + 50}, but no such broker is registered.` });
    expect(await alter(T, 0, [node + 50, node])).toEqual({ partitionIndex: 0, errorCode: 39, errorMessage: `The manual partition assignment includes broker ${node + 50}, but no such broker is registered.` });
    expect(await alter(T, 0, [-1])).toEqual({ partitionIndex: 0, errorCode: 39, errorMessage: 'The manual partition assignment includes broker -1, but no such broker is registered.' });
    expect(await alter(T, 0, [node, node])).toEqual({ partitionIndex: 0, errorCode: 39, errorMessage: `The manual partition assignment includes the broker ${node} more than once.` });
    expect(await alter(T, 0, [])).toEqual({ partitionIndex: 0, errorCode: 39, errorMessage: 'The manual partition assignment includes an empty replica list.' });
    expect(await alter(T, 1, null)).toEqual({ partitionIndex: 1, errorCode: 85, errorMessage: null });
    expect(await alter('cluster-nope', 0, null)).toEqual({ partitionIndex: 0, errorCode: 3, errorMessage: 'Unable to find a topic named cluster-nope.' });
    expect(await alter(T, 9, [node])).toEqual({ partitionIndex: 9, errorCode: 3, errorMessage: `Unable to find partition ${T}:9.` });
  });

  it('nothing is ever being reassigned, whatever is asked', async () => {
    const empty = { throttleTimeMs: 0, errorCode: 0, errorMessage: null, topics: [] };
    expect(await w.call(LP, 0, { timeoutMs: 30_000, topics: null })).toEqual(empty);
    expect(await w.call(LP, 0, { timeoutMs: 30_000, topics: [{ name: T, partitionIndexes: [0, 1, 7] }, { name: 'cluster-nope', partitionIndexes: [0] }] })).toEqual(empty);
  });
});

describe('features in ApiVersions', () => {
  it('finalizes metadata.version 33, never transaction.version, and group.version 1 only with the ConsumerGroupHeartbeat handler', async () => {
    const without = brokerFeatures([{ apiKey: 0 }, { apiKey: 1 }]);
    const withCgh = brokerFeatures([{ apiKey: 0 }, { apiKey: 68 }]);
    expect(without).toEqual([
      { name: 'group.version', minVersion: 0, maxVersion: 0, finalized: 0 },
      { name: 'kraft.version', minVersion: 0, maxVersion: 0, finalized: 0 },
      { name: 'metadata.version', minVersion: 7, maxVersion: 33, finalized: 33 },
      { name: 'transaction.version', minVersion: 0, maxVersion: 0, finalized: 0 },
    ]);
    expect(withCgh[0]).toEqual({ name: 'group.version', minVersion: 0, maxVersion: 1, finalized: 1 });
    expect(withCgh.slice(1)).toEqual(without.slice(1));

    // On the wire: what the registry of this build says.
    const registered = handlers.some((h) => h.apiKey === 68);
    const v4 = await w.call(A.ApiVersions, 4, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(v4.supportedFeatures).toEqual([
      { name: 'group.version', minVersion: 0, maxVersion: registered ? 1 : 0 },
      { name: 'kraft.version', minVersion: 0, maxVersion: 0 },
      { name: 'metadata.version', minVersion: 7, maxVersion: 33 },
      { name: 'transaction.version', minVersion: 0, maxVersion: 0 },
    ]);
    const finalized = [...(registered ? [{ name: 'group.version', maxVersionLevel: 1, minVersionLevel: 1 }] : []), { name: 'metadata.version', maxVersionLevel: 33, minVersionLevel: 33 }];
    expect(v4.finalizedFeatures).toEqual(finalized);
    expect(v4.finalizedFeaturesEpoch).toBe(0n);
    // v3, as Kafka: no supported range starting at 0 (pre-KIP-1022 clients reject them).
    const v3 = await w.call(A.ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(v3.supportedFeatures).toEqual([{ name: 'metadata.version', minVersion: 7, maxVersion: 33 }]);
    expect(v3.finalizedFeatures).toEqual(finalized);
  });
});
