// Metadata: v0–12 (flexible from v9).
// Behaviour: one broker (this node) is leader, sole replica and ISR of every partition, and the
// controller, so kafkajs (which sends admin requests to the controller) finds it. Leader epoch
// is 0 for ever, so it never goes backwards. "All topics" is an empty list in v0 and null from
// v1. Missing topics are auto-created (num.partitions) when the broker and the request allow it
// (implicitly allowed before v4), and come back ready, since creation here is synchronous.
// Version notes: v10 topic ids (lookup by id from v10 when the name is null), v12 nullable name.
// Gaps: authorized operations are reported as "all" when asked for (no ACLs yet).
import { decodeMetadataRequest, type MetadataRequest } from '../../protocol/generated/messages/metadata-request.js';
import {
  defaultMetadataResponse,
  defaultMetadataResponseTopic,
  encodeMetadataResponse,
  type MetadataResponse,
  type MetadataResponseTopic,
} from '../../protocol/generated/messages/metadata-response.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { TopicState } from '../metadata/topics.js';
import { topicNameProblem } from '../metadata/topics.js';
import type { Broker } from '../broker.js';
import { CLUSTER_OPERATIONS, OPERATIONS_NOT_REQUESTED } from './60-describe-cluster.js';
import { defineHandler } from './types.js';

/**
 * Bits of the ACL operations Kafka supports on topics (AclEntry.supportedOperations(TOPIC)): READ (3),
 * WRITE (4), CREATE (5), DELETE (6), ALTER (7), DESCRIBE (8), DESCRIBE_CONFIGS (10), ALTER_CONFIGS (11);
 * not CLUSTER_ACTION (9). Without an authorizer Kafka reports all of them.
 */
export const ALL_TOPIC_OPERATIONS = [3, 4, 5, 6, 7, 8, 10, 11].reduce((bits, op) => bits | (1 << op), 0);

function describeTopic(broker: Broker, t: TopicState, includeOps: boolean): MetadataResponseTopic {
  const node = broker.nodeId;
  return {
    ...defaultMetadataResponseTopic(),
    errorCode: 0,
    name: t.name,
    topicId: t.id,
    isInternal: t.internal,
    partitions: t.partitions.map((p) => ({
      errorCode: 0,
      partitionIndex: p.index,
      leaderId: node,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [node],
      isrNodes: [node],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: includeOps ? ALL_TOPIC_OPERATIONS : OPERATIONS_NOT_REQUESTED,
  };
}

function errorTopic(errorCode: number, name: string | null, topicId: string): MetadataResponseTopic {
  return { ...defaultMetadataResponseTopic(), errorCode, name, topicId, partitions: [] };
}

export default defineHandler<MetadataRequest, MetadataResponse>({
  apiKey: 3,
  minVersion: 0,
  maxVersion: 12,
  decode: decodeMetadataRequest,
  encode: encodeMetadataResponse,
  handle(req, ctx) {
    const { broker, apiVersion } = ctx;
    const includeOps = req.includeTopicAuthorizedOperations;
    const allTopics = req.topics === null || (apiVersion === 0 && req.topics.length === 0);
    const topics: MetadataResponseTopic[] = [];
    if (allTopics) {
      for (const t of broker.topics.list()) topics.push(describeTopic(broker, t, includeOps));
    } else {
      const allowAuto = apiVersion < 4 || req.allowAutoTopicCreation;
      for (const wanted of req.topics ?? []) {
        if (wanted.name === null) {
          const byId = broker.topics.getById(wanted.topicId);
          topics.push(byId === undefined ? errorTopic(ErrorCode.UNKNOWN_TOPIC_ID, null, wanted.topicId) : describeTopic(broker, byId, includeOps));
          continue;
        }
        let t = broker.topics.get(wanted.name);
        if (t === undefined) {
          if (topicNameProblem(wanted.name) !== null) {
            topics.push(errorTopic(ErrorCode.INVALID_TOPIC_EXCEPTION, wanted.name, ZERO_UUID));
            continue;
          }
          if (allowAuto && broker.config.autoCreateTopics) {
            const created = broker.topics.create(wanted.name, broker.config.numPartitions, {});
            if (created.ok && created.value !== null) {
              broker.log(`auto-created topic ${wanted.name} with ${broker.config.numPartitions} partition(s)`);
              t = created.value;
            } else if (!created.ok) {
              topics.push(errorTopic(created.errorCode, wanted.name, ZERO_UUID));
              continue;
            }
          }
        }
        topics.push(t === undefined ? errorTopic(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, wanted.name, ZERO_UUID) : describeTopic(broker, t, includeOps));
      }
    }
    return {
      ...defaultMetadataResponse(),
      throttleTimeMs: 0,
      // The address of the listener the request came in on, as Kafka answers.
      brokers: [{ nodeId: broker.nodeId, ...broker.endpoint(ctx.session.listenerName), rack: null }],
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      topics,
      // v8–10 (KIP-700 moved it to DescribeCluster): with no authorizer, every cluster operation.
      clusterAuthorizedOperations: req.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : OPERATIONS_NOT_REQUESTED,
    };
  },
});
