// DescribeTopicPartitions: v0 (flexible). Kafka 4's kafka-topics --describe and Admin.describeTopics
// page through partitions with it (KIP-966).
// Behaviour, as Kafka 4.4 answers: the named topics (deduplicated) or, for an empty list, every topic,
// sorted by name and starting at the cursor's topic (its partitions from the cursor's index, any other
// topic's from 0). At most responsePartitionLimit partitions (capped at Kafka's
// max.request.partition.size.limit, 2000; a limit below 1 serves 1): a topic cut short sets nextCursor
// to its next partition; a limit met exactly at a topic's end sets it to the next topic's partition 0,
// and no cursor means the listing is complete. Named topics that do not exist answer
// UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for an illegal name) with the zero id and no
// partitions. A cursor topic missing from a non-empty list is INVALID_REQUEST for every named topic
// (request order, no operations), and so is an empty name, with UNKNOWN_SERVER_ERROR, as Kafka's
// exception path answers. Each partition: this node leads it at epoch 0 as sole replica and ISR, and
// the eligible leader replica lists (KIP-966) are empty.
import {
  decodeDescribeTopicPartitionsRequest,
  type DescribeTopicPartitionsRequest,
} from '../../protocol/generated/messages/describe-topic-partitions-request.js';
import {
  defaultDescribeTopicPartitionsResponse,
  encodeDescribeTopicPartitionsResponse,
  type DescribeTopicPartitionsResponse,
  type DescribeTopicPartitionsResponseTopic,
} from '../../protocol/generated/messages/describe-topic-partitions-response.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { topicNameProblem } from '../metadata/topics.js';
import { OPERATIONS_NOT_REQUESTED, Op, Res, operationsIfAsked, splitTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

/** Kafka's max.request.partition.size.limit default. */
const MAX_PARTITIONS = 2000;
/** Kafka's Topic.isInternal: the names reserved for internal topics, whether or not they exist yet. */
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

function failAll(req: DescribeTopicPartitionsRequest, errorCode: number): DescribeTopicPartitionsResponse {
  return {
    ...defaultDescribeTopicPartitionsResponse(),
    topics: req.topics.map((t) => ({ errorCode, name: t.name, topicId: ZERO_UUID, isInternal: false, partitions: [], topicAuthorizedOperations: OPERATIONS_NOT_REQUESTED })),
    nextCursor: null,
  };
}

export default defineHandler<DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse>({
  apiKey: 75,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeDescribeTopicPartitionsRequest,
  encode: encodeDescribeTopicPartitionsResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    const all = req.topics.length === 0;
    const cursorTopic = req.cursor?.topicName ?? '';
    if (req.topics.some((t) => t.name === '')) return failAll(req, ErrorCode.UNKNOWN_SERVER_ERROR);
    const names = new Set((all ? broker.topics.list().map((t) => t.name) : req.topics.map((t) => t.name)).filter((n) => n >= cursorTopic));
    if (!all && req.cursor !== null && !names.has(req.cursor.topicName)) return failAll(req, ErrorCode.INVALID_REQUEST);
    // DescribeTopicPartitionsRequestHandler: DESCRIBE on each topic; all-topics requests leave the others
    // out, named ones list them last as TOPIC_AUTHORIZATION_FAILED (no id, no operations).
    // Split after sorting: both parts keep the order.
    const { allowed: sorted, denied } = splitTopics(ctx, Op.DESCRIBE, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), (n) => n);
    const node = broker.nodeId;
    let remaining = Math.max(1, Math.min(MAX_PARTITIONS, req.responsePartitionLimit));
    const topics: DescribeTopicPartitionsResponseTopic[] = [];
    let nextCursor: DescribeTopicPartitionsResponse['nextCursor'] = null;
    for (const name of sorted) {
      if (remaining === 0) {
        // The limit was met exactly at the end of the previous topic: go on at this one.
        nextCursor = { topicName: name, partitionIndex: 0 };
        break;
      }
      const t = broker.topics.get(name);
      if (t === undefined) {
        if (!all) {
          const errorCode = topicNameProblem(name) === null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_TOPIC_EXCEPTION;
          topics.push({ errorCode, name, topicId: ZERO_UUID, isInternal: INTERNAL_TOPICS.has(name), partitions: [], topicAuthorizedOperations: operationsIfAsked(ctx, true, Res.TOPIC, name) });
        }
        continue;
      }
      const start = name === cursorTopic && req.cursor !== null ? Math.max(0, req.cursor.partitionIndex) : 0;
      const end = Math.min(t.partitions.length, start + remaining);
      const partitions = t.partitions.slice(start, Math.max(start, end)).map((p) => ({
        errorCode: 0,
        partitionIndex: p.index,
        leaderId: node,
        leaderEpoch: p.leaderEpoch,
        replicaNodes: [node],
        isrNodes: [node],
        eligibleLeaderReplicas: [],
        lastKnownElr: [],
        offlineReplicas: [],
      }));
      topics.push({ errorCode: 0, name, topicId: t.id, isInternal: t.internal, partitions, topicAuthorizedOperations: operationsIfAsked(ctx, true, Res.TOPIC, name) });
      if (end < t.partitions.length) {
        nextCursor = { topicName: name, partitionIndex: end };
        break;
      }
      remaining -= partitions.length;
    }
    if (!all) for (const name of denied) topics.push({ errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, name, topicId: ZERO_UUID, isInternal: false, partitions: [], topicAuthorizedOperations: OPERATIONS_NOT_REQUESTED });
    return { ...defaultDescribeTopicPartitionsResponse(), throttleTimeMs: 0, topics, nextCursor };
  },
});
