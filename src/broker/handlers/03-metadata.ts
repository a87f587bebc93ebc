// Metadata: v0–12 (flexible from v9).
// Behaviour: one broker (this node) is leader, sole replica and ISR of every partition, and the
// controller, so kafkajs (which sends admin requests to the controller) finds it. Leader epoch
// is 0 for ever, so it never goes backwards. "All topics" is an empty list in v0 and null from
// v1. Missing topics are auto-created (num.partitions) when the broker and the request allow it
// (implicitly allowed before v4), and come back ready, since creation here is synchronous.
// Version notes: v10 topic ids in the request, but lookup by id (a null name) only from v12, where
// the response's name becomes nullable; v10–11 with an id or a null name answer INVALID_REQUEST.
// Authorisation (KafkaApis): topics need DESCRIBE; an all-topics request leaves the others out, named
// ones answer TOPIC_AUTHORIZATION_FAILED after the authorized ones (an id: with a null name); a missing
// topic is auto-created only with CREATE on the cluster or on it. Authorized operations when asked.
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
import { authorizeMetadataTopics } from '../security/authorizer.js';
import { Op, Res, canTopic, clusterOperationsIfAsked, operationsIfAsked } from '../security/authorize-requests.js';
import type { RequestContext } from './types.js';
import { defineHandler } from './types.js';

function describeTopic(ctx: RequestContext, t: TopicState, includeOps: boolean): MetadataResponseTopic {
  const node = ctx.broker.nodeId;
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
    topicAuthorizedOperations: operationsIfAsked(ctx, includeOps, Res.TOPIC, t.name),
  };
}

const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

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
    // KafkaApis: v10–11 carry topic ids on the wire but may not use them. A null name or a non-zero
    // id is an InvalidRequestException there, answered by MetadataRequest.getErrorResponse: every
    // topic INVALID_REQUEST with its id, a null name as "" (these versions cannot carry a null).
    if (!allTopics && apiVersion < 12 && (req.topics ?? []).some((t) => t.name === null || t.topicId !== ZERO_UUID)) {
      return { ...defaultMetadataResponse(), topics: (req.topics ?? []).map((t) => errorTopic(ErrorCode.INVALID_REQUEST, t.name ?? '', t.topicId)) };
    }
    const topics: MetadataResponseTopic[] = [];
    if (allTopics) {
      for (const t of broker.topics.list()) if (canTopic(ctx, Op.DESCRIBE, t.name)) topics.push(describeTopic(ctx, t, includeOps));
    } else {
      const allowAuto = apiVersion < 4 || req.allowAutoTopicCreation;
      const authz = broker.authorizer.enabled
        ? authorizeMetadataTopics(
            ctx,
            (req.topics ?? []).flatMap((w) => (w.name === null ? [] : [w.name])),
            { allTopics: false, autoCreate: allowAuto && broker.config.autoCreateTopics, exists: (n) => broker.topics.get(n) !== undefined },
          )
        : null;
      const refused = authz === null ? null : new Set([...authz.unauthorizedDescribe, ...authz.unauthorizedCreate]);
      const refusedIds: MetadataResponseTopic[] = [];
      for (const wanted of req.topics ?? []) {
        if (wanted.name === null) {
          const byId = broker.topics.getById(wanted.topicId);
          if (byId === undefined) topics.push(errorTopic(ErrorCode.UNKNOWN_TOPIC_ID, null, wanted.topicId));
          else if (canTopic(ctx, Op.DESCRIBE, byId.name)) topics.push(describeTopic(ctx, byId, includeOps));
          else refusedIds.push(errorTopic(ErrorCode.TOPIC_AUTHORIZATION_FAILED, null, wanted.topicId));
          continue;
        }
        if (refused?.has(wanted.name) === true) continue;
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
        topics.push(t === undefined ? errorTopic(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, wanted.name, ZERO_UUID) : describeTopic(ctx, t, includeOps));
      }
      // Kafka lists the refused topics after the others: those lacking CREATE (isInternal as the name
      // says), then those lacking DESCRIBE (isInternal false; by id: a null name and the id).
      if (authz !== null) {
        for (const n of new Set(authz.unauthorizedCreate)) topics.push({ ...errorTopic(ErrorCode.TOPIC_AUTHORIZATION_FAILED, n, ZERO_UUID), isInternal: INTERNAL_TOPICS.has(n) });
        for (const n of new Set(authz.unauthorizedDescribe)) topics.push(errorTopic(ErrorCode.TOPIC_AUTHORIZATION_FAILED, n, ZERO_UUID));
      }
      topics.push(...refusedIds);
    }
    return {
      ...defaultMetadataResponse(),
      throttleTimeMs: 0,
      // The address of the listener the request came in on, as Kafka answers.
      brokers: [{ nodeId: broker.nodeId, ...broker.endpoint(ctx.session.listenerName), rack: null }],
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      topics,
      // v8–10 (KIP-700 moved it to DescribeCluster): 0 without DESCRIBE on the cluster.
      clusterAuthorizedOperations: clusterOperationsIfAsked(ctx, req.includeClusterAuthorizedOperations),
    };
  },
});
