// KIP-848 consumer groups over the wire: the state machine driven with raw ConsumerGroupHeartbeat
// requests (exact epochs and assignments), then reloaded from __consumer_offsets after a clean
// restart and after kill -9, with the members carrying on at their epochs.
import fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConsumerGroupDescribeRequestVersions,
  encodeConsumerGroupDescribeRequest,
} from '../../src/protocol/generated/messages/consumer-group-describe-request.js';
import { decodeConsumerGroupDescribeResponse } from '../../src/protocol/generated/messages/consumer-group-describe-response.js';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse, type ConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { encodeOffsetCommitRequest, OffsetCommitRequestVersions } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse } from '../../src/protocol/generated/messages/offset-commit-response.js';
import { encodeOffsetFetchRequest, OffsetFetchRequestVersions } from '../../src/protocol/generated/messages/offset-fetch-request.js';
import { decodeOffsetFetchResponse } from '../../src/protocol/generated/messages/offset-fetch-response.js';
import { spawnBroker, type BrokerProcess } from '../helpers/broker-process.js';
import { startTestBroker, tempDataDir } from '../helpers/broker.js';
import { within } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);
const DESCRIBE = api(ConsumerGroupDescribeRequestVersions, encodeConsumerGroupDescribeRequest, decodeConsumerGroupDescribeResponse);
const COMMIT = api(OffsetCommitRequestVersions, encodeOffsetCommitRequest, decodeOffsetCommitResponse);
const FETCH = api(OffsetFetchRequestVersions, encodeOffsetFetchRequest, decodeOffsetFetchResponse);

const procs: BrokerProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function portOf(bootstrap: string): number {
  return Number(bootstrap.slice(bootstrap.lastIndexOf(':') + 1));
}

async function createTopic(bootstrap: string, topic: string, numPartitions: number): Promise<void> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }] });
  await admin.disconnect();
}

const hb = (c: RawClient, req: Partial<ConsumerGroupHeartbeatRequest>): Promise<ConsumerGroupHeartbeatResponse> =>
  c.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId: 'g', ...req });

/** m1 and m2 in group g on `topic` (4 partitions), reconciled: m1 0-1, m2 2-3 at epoch 3; m1 commits. */
async function buildGroup(c: RawClient, topic: string): Promise<string> {
  const j1 = await hb(c, { memberId: 'm1', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [topic], topicPartitions: [] });
  expect(j1).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 2, heartbeatIntervalMs: 5000 });
  const topicId = j1.assignment?.topicPartitions[0]?.topicId ?? '';
  expect(j1.assignment).toEqual({ topicPartitions: [{ topicId, partitions: [0, 1, 2, 3] }] });
  expect(await hb(c, { memberId: 'm2', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [topic], topicPartitions: [] })).toMatchObject({
    errorCode: 0,
    memberEpoch: 3,
    assignment: { topicPartitions: [] },
  });
  expect(await hb(c, { memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId, partitions: [0, 1, 2, 3] }] })).toMatchObject({
    errorCode: 0,
    memberEpoch: 2,
    assignment: { topicPartitions: [{ topicId, partitions: [0, 1] }] },
  });
  expect(await hb(c, { memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId, partitions: [0, 1] }] })).toMatchObject({ errorCode: 0, memberEpoch: 3, assignment: null });
  expect(await hb(c, { memberId: 'm2', memberEpoch: 3, topicPartitions: [] })).toMatchObject({
    errorCode: 0,
    memberEpoch: 3,
    assignment: { topicPartitions: [{ topicId, partitions: [2, 3] }] },
  });
  const committed = await c.call(COMMIT, 9, {
    groupId: 'g',
    generationIdOrMemberEpoch: 3,
    memberId: 'm1',
    groupInstanceId: null,
    retentionTimeMs: -1n,
    topics: [{ name: topic, partitions: [{ partitionIndex: 1, committedOffset: 42n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: 'm' }] }],
  });
  expect(committed.topics[0]?.partitions[0]?.errorCode).toBe(0);
  return topicId;
}

async function afterRestart(c: RawClient, topic: string, topicId: string, before: unknown): Promise<void> {
  const described = await c.call(DESCRIBE, 0, { groupIds: ['g'], includeAuthorizedOperations: false });
  expect(described).toEqual(before);
  expect(described.groups[0]).toMatchObject({ groupState: 'Stable', groupEpoch: 3, assignmentEpoch: 3, assignorName: 'uniform' });
  expect(described.groups[0]?.members.map((m) => [m.memberId, m.memberEpoch, m.assignment.topicPartitions])).toEqual([
    ['m1', 3, [{ topicId, topicName: topic, partitions: [0, 1] }]],
    ['m2', 3, [{ topicId, topicName: topic, partitions: [2, 3] }]],
  ]);
  // The members carry on where they were.
  expect(await hb(c, { memberId: 'm1', memberEpoch: 3 })).toMatchObject({ errorCode: 0, memberEpoch: 3, assignment: null });
  expect(await hb(c, { memberId: 'm2', memberEpoch: 2 })).toMatchObject({ errorCode: 110 });
  const fetched = await c.call(FETCH, 9, { groupId: '', topics: null, groups: [{ groupId: 'g', memberId: 'm1', memberEpoch: 3, topics: [{ name: topic, partitionIndexes: [1] }] }], requireStable: true });
  expect(fetched.groups[0]?.topics[0]?.partitions[0]).toMatchObject({ partitionIndex: 1, committedOffset: 42n, metadata: 'm', errorCode: 0 });
  // m1 leaves: m2 takes everything once the group's epoch moves on.
  expect(await hb(c, { memberId: 'm1', memberEpoch: -1 })).toMatchObject({ errorCode: 0, memberEpoch: -1 });
  expect(await hb(c, { memberId: 'm2', memberEpoch: 3 })).toMatchObject({ errorCode: 0, memberEpoch: 4, assignment: { topicPartitions: [{ topicId, partitions: [0, 1, 2, 3] }] } });
}

describe('KIP-848 consumer group state in __consumer_offsets', () => {
  it('is reloaded after a clean restart', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let broker = await startTestBroker({ dataDir });
    const topic = 'kip848-restart';
    await createTopic(broker.bootstrap, topic, 4);
    let c = await RawClient.connect(broker.running.port);
    const topicId = await buildGroup(c, topic);
    const before = await c.call(DESCRIBE, 0, { groupIds: ['g'], includeAuthorizedOperations: false });
    c.close();
    const port = broker.running.port;
    await broker.stop();
    broker = await startTestBroker({ dataDir, port });
    c = await RawClient.connect(broker.running.port);
    try {
      await afterRestart(c, topic, topicId, before);
    } finally {
      c.close();
      await broker.stop();
    }
  });

  it('is reloaded after kill -9', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await spawnBroker(dataDir);
    procs.push(first);
    const topic = 'kip848-crash';
    await createTopic(first.bootstrap, topic, 4);
    const c1 = await RawClient.connect(portOf(first.bootstrap));
    const topicId = await buildGroup(c1, topic);
    const before = await c1.call(DESCRIBE, 0, { groupIds: ['g'], includeAuthorizedOperations: false });
    c1.close();
    first.child.kill('SIGKILL');
    await within('the killed broker to exit', first.exited);
    const second = await spawnBroker(dataDir);
    procs.push(second);
    const c2 = await RawClient.connect(portOf(second.bootstrap));
    try {
      await afterRestart(c2, topic, topicId, before);
    } finally {
      c2.close();
    }
  });
});
