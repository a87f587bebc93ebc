// DescribeTopicPartitions (75) v0 against the broker: sorting, the cursor and the partition limit, and the
// error answers, each as Apache Kafka 4.4 gives them for the same request (taken from a real Kafka; the
// differential corpus replays the cursor cases against it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTopicPartitionsApi as DTP } from '../../src/protocol/generated/apis/describe-topic-partitions.js';
import type { DescribeTopicPartitionsResponse } from '../../src/protocol/generated/messages/describe-topic-partitions-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { A, Wire } from '../reference/differential.js';

const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA';
const OPS = 3576;
let broker: TestBroker;
let w: Wire;
const ids: Record<string, string> = {};

beforeAll(async () => {
  broker = await startTestBroker();
  w = await Wire.connect(broker.bootstrap);
  for (const [name, n] of [['dtp-a', 3], ['dtp-b', 1], ['dtp-c', 2]] as const) {
    const r = await w.call(A.CreateTopics, 7, { topics: [{ name, numPartitions: n, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 30_000, validateOnly: false });
    ids[name] = r.topics[0]?.topicId ?? '';
  }
});
afterAll(async () => {
  w.close();
  await broker.dispose();
});

function d(topics: string[], limit: number, cursor: { topicName: string; partitionIndex: number } | null = null): Promise<DescribeTopicPartitionsResponse> {
  return w.call(DTP, 0, { topics: topics.map((name) => ({ name })), responsePartitionLimit: limit, cursor });
}

/** Topics as "name:errorCode:[partitions]" and the cursor as "topic/partition". */
function page(r: DescribeTopicPartitionsResponse): { topics: string[]; next: string | null } {
  return { topics: r.topics.map((t) => `${t.name ?? 'null'}:${t.errorCode}:[${t.partitions.map((p) => p.partitionIndex).join(',')}]`), next: r.nextCursor === null ? null : `${r.nextCursor.topicName}/${r.nextCursor.partitionIndex}` };
}

describe('DescribeTopicPartitions', () => {
  it('describes each partition as a single node leads it, with the topic id and every topic operation', async () => {
    const r = await d(['dtp-c'], 2000);
    const node = broker.running.broker.nodeId;
    expect(r).toEqual({
      throttleTimeMs: 0,
      topics: [
        {
          errorCode: 0,
          name: 'dtp-c',
          topicId: ids['dtp-c'],
          isInternal: false,
          partitions: [0, 1].map((partitionIndex) => ({ errorCode: 0, partitionIndex, leaderId: node, leaderEpoch: 0, replicaNodes: [node], isrNodes: [node], eligibleLeaderReplicas: [], lastKnownElr: [], offlineReplicas: [] })),
          topicAuthorizedOperations: OPS,
        },
      ],
      nextCursor: null,
    });
  });

  it('sorts and deduplicates the named topics; a missing one is UNKNOWN_TOPIC_OR_PARTITION, an illegal name INVALID_TOPIC_EXCEPTION', async () => {
    const r = await d(['dtp-b', 'dtp-a', 'dtp-missing', 'dtp-b', 'bad name!', '__consumer_offsets'], 2000);
    expect(page(r)).toEqual({ topics: ['__consumer_offsets:3:[]', 'bad name!:17:[]', 'dtp-a:0:[0,1,2]', 'dtp-b:0:[0]', 'dtp-missing:3:[]'], next: null });
    expect(r.topics.map((t) => [t.topicId === ZERO, t.isInternal, t.topicAuthorizedOperations])).toEqual([
      [true, true, OPS],
      [true, false, OPS],
      [false, false, OPS],
      [false, false, OPS],
      [true, false, OPS],
    ]);
  });

  it('pages by the partition limit with a cursor, for named topics and for all topics', async () => {
    const all = ['dtp-a', 'dtp-b', 'dtp-c'];
    expect(page(await d(all, 2))).toEqual({ topics: ['dtp-a:0:[0,1]'], next: 'dtp-a/2' });
    expect(page(await d(all, 2, { topicName: 'dtp-a', partitionIndex: 2 }))).toEqual({ topics: ['dtp-a:0:[2]', 'dtp-b:0:[0]'], next: 'dtp-c/0' });
    expect(page(await d(all, 2, { topicName: 'dtp-c', partitionIndex: 0 }))).toEqual({ topics: ['dtp-c:0:[0,1]'], next: null });
    expect(page(await d(all, 2000, { topicName: 'dtp-c', partitionIndex: 1 }))).toEqual({ topics: ['dtp-c:0:[1]'], next: null });
    // The limit met exactly at a topic's end points at the next topic; at the last topic, no cursor.
    expect(page(await d(['dtp-a', 'dtp-b'], 3))).toEqual({ topics: ['dtp-a:0:[0,1,2]'], next: 'dtp-b/0' });
    expect(page(await d(['dtp-a'], 3))).toEqual({ topics: ['dtp-a:0:[0,1,2]'], next: null });
    expect(page(await d(['dtp-a', 'dtp-b0'], 3))).toEqual({ topics: ['dtp-a:0:[0,1,2]'], next: 'dtp-b0/0' });
    // A limit below 1 serves one partition.
    expect(page(await d(['dtp-a'], 0))).toEqual({ topics: ['dtp-a:0:[0]'], next: 'dtp-a/1' });
    expect(page(await d(['dtp-a'], -1))).toEqual({ topics: ['dtp-a:0:[0]'], next: 'dtp-a/1' });
    // All topics from a cursor (a missing cursor topic starts at the next name; an index past the end gives none).
    expect(page(await d([], 3, { topicName: 'dtp-a', partitionIndex: 1 }))).toEqual({ topics: ['dtp-a:0:[1,2]', 'dtp-b:0:[0]'], next: 'dtp-c/0' });
    expect(page(await d([], 2000, { topicName: 'dtp-bb', partitionIndex: 5 }))).toEqual({ topics: ['dtp-c:0:[0,1]'], next: null });
    expect(page(await d([], 2000, { topicName: 'dtp-c', partitionIndex: 9 }))).toEqual({ topics: ['dtp-c:0:[]'], next: null });
  });

  it('fails every named topic as Kafka does for a cursor outside the list (INVALID_REQUEST) and an empty name (UNKNOWN_SERVER_ERROR)', async () => {
    const r = await d(['dtp-b', 'dtp-a', 'dtp-b'], 2000, { topicName: 'dtp-c', partitionIndex: 0 });
    expect(r).toEqual({
      throttleTimeMs: 0,
      topics: ['dtp-b', 'dtp-a', 'dtp-b'].map((name) => ({ errorCode: 42, name, topicId: ZERO, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 })),
      nextCursor: null,
    });
    expect((await d(['bad name!', ''], 2000)).topics.map((t) => [t.name, t.errorCode, t.topicAuthorizedOperations])).toEqual([
      ['bad name!', -1, -2147483648],
      ['', -1, -2147483648],
    ]);
  });
});
