// DeleteTopics: v0–6 (flexible from v4). v0 (removed in Kafka 4.0, served by 3.9) has no throttle time.
// Behaviour: as ControllerApis.deleteTopics: with delete.topic.enable=false every entry fails
// (INVALID_REQUEST before v3, TOPIC_DELETION_DISABLED after); a name or id given twice, both or
// neither → INVALID_REQUEST; a missing name → UNKNOWN_TOPIC_OR_PARTITION, a missing id →
// UNKNOWN_TOPIC_ID, each with Kafka's default message. Deletion is synchronous: metadata, then
// the partition directories.
// Version notes: v5 error messages, v6 topics by id (name or id per entry).
// controller_mutation_rate: each topic's partitions are taken from the caller's quota as it goes;
// from v5 a topic is refused THROTTLING_QUOTA_EXCEEDED (and kept) while the quota is exhausted.
// Gaps: timeoutMs is ignored.
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { decodeDeleteTopicsRequest, type DeleteTopicsRequest } from '../../protocol/generated/messages/delete-topics-request.js';
import {
  defaultDeleteTopicsResponse,
  encodeDeleteTopicsResponse,
  type DeletableTopicResult,
  type DeleteTopicsResponse,
} from '../../protocol/generated/messages/delete-topics-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Broker } from '../broker.js';
import { AUTHZ_MESSAGE, Op, canCluster, deniedTopics } from '../security/authorize-requests.js';
import { THROTTLED_MESSAGE } from '../quotas/controller-mutation.js';
import { mutationQuota, mutationThrottle } from '../quotas/throttle.js';
import { defineHandler } from './types.js';

const NO_SUCH_TOPIC = 'This server does not host this topic-partition.';
const NO_SUCH_TOPIC_ID = 'This server does not host this topic ID.';

function result(name: string | null, topicId: string, errorCode: number, errorMessage: string | null): DeletableTopicResult {
  return { name, topicId, errorCode, errorMessage };
}

function deleteTopic(broker: Broker, name: string, id: string): DeletableTopicResult {
  const res = broker.topics.delete(name);
  if (!res.ok) return result(name, id, res.errorCode, res.message);
  // Kafka drops every group's committed offsets of a deleted topic.
  broker.groups.offsets.onTopicDeleted(name);
  broker.log(`deleted topic ${name}`);
  return result(name, id, 0, null);
}

export default defineHandler<DeleteTopicsRequest, DeleteTopicsResponse>({
  apiKey: 20,
  minVersion: 0,
  maxVersion: 6,
  decode: decodeDeleteTopicsRequest,
  encode: encodeDeleteTopicsResponse,
  handle(req, ctx) {
    const { broker, apiVersion } = ctx;
    const entries = apiVersion >= 6 ? req.topics : req.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    const responses: DeletableTopicResult[] = [];
    if (!broker.config.deleteTopicEnable) {
      const code = apiVersion < 3 ? ErrorCode.INVALID_REQUEST : ErrorCode.TOPIC_DELETION_DISABLED;
      for (const e of entries) responses.push(result(e.name, e.topicId, code, null));
      return { ...defaultDeleteTopicsResponse(), throttleTimeMs: 0, responses };
    }

    const names: string[] = [];
    const dupNames = new Set<string>();
    const ids: string[] = [];
    const dupIds = new Set<string>();
    const addName = (n: string): void => {
      if (names.includes(n)) dupNames.add(n);
      else if (!dupNames.has(n)) names.push(n);
    };
    for (const e of entries) {
      if (e.name === null) {
        if (e.topicId === ZERO_UUID) responses.push(result(null, ZERO_UUID, ErrorCode.INVALID_REQUEST, 'Neither topic name nor id were specified.'));
        else if (ids.includes(e.topicId)) dupIds.add(e.topicId);
        else if (!dupIds.has(e.topicId)) ids.push(e.topicId);
      } else if (e.topicId === ZERO_UUID) {
        addName(e.name);
      } else {
        responses.push(result(e.name, e.topicId, ErrorCode.INVALID_REQUEST, 'You may not specify both topic name and topic id.'));
      }
    }
    for (const n of dupNames) responses.push(result(n, ZERO_UUID, ErrorCode.INVALID_REQUEST, 'Duplicate topic name.'));
    for (const id of dupIds) responses.push(result(null, id, ErrorCode.INVALID_REQUEST, 'Duplicate topic id.'));

    // ControllerApis: DELETE on the cluster allows all; else a topic needs DESCRIBE to be told it
    // exists and DELETE to go (refused ids keep their name only when describable).
    const clusterDelete = canCluster(ctx, Op.DELETE);
    const named = clusterDelete ? [] : [...ids.flatMap((id) => broker.topics.getById(id)?.name ?? []), ...names];
    const undescribable = clusterDelete ? null : deniedTopics(ctx, Op.DESCRIBE, named);
    const undeletable = clusterDelete ? null : deniedTopics(ctx, Op.DELETE, named);
    const refused = (name: string | null, id: string): DeletableTopicResult => result(name, id, ErrorCode.TOPIC_AUTHORIZATION_FAILED, AUTHZ_MESSAGE[29]);
    // id → name of everything that will be deleted, in request order.
    const toDelete = new Map<string, string>();
    for (const id of ids) {
      if (dupIds.has(id)) continue;
      const t = broker.topics.getById(id);
      if (t === undefined) responses.push(result(null, id, ErrorCode.UNKNOWN_TOPIC_ID, NO_SUCH_TOPIC_ID));
      else if (undeletable?.has(t.name) === true) responses.push(refused(undescribable?.has(t.name) === true ? null : t.name, id));
      else toDelete.set(id, t.name);
    }
    for (const n of names) {
      if (dupNames.has(n)) continue;
      const t = broker.topics.get(n);
      if (undescribable?.has(n) === true || (t !== undefined && undeletable?.has(n) === true)) {
        responses.push(refused(n, ZERO_UUID));
      } else if (t === undefined) {
        responses.push(result(n, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, NO_SUCH_TOPIC));
      } else if (toDelete.has(t.id) || dupIds.has(t.id)) {
        // Kafka answers only the name here and leaves the topic alone.
        toDelete.delete(t.id);
        dupIds.add(t.id);
        responses.push(result(n, t.id, ErrorCode.INVALID_REQUEST, 'The provided topic name maps to an ID that was already supplied.'));
      } else {
        toDelete.set(t.id, n);
      }
    }
    const quota = mutationQuota(broker.quotas, ctx, apiVersion, 5, () => broker.clock.now());
    for (const [id, name] of toDelete) {
      const partitions = broker.topics.get(name)?.partitions.length ?? 0;
      responses.push(quota.record(partitions) ? deleteTopic(broker, name, id) : result(name, id, ErrorCode.THROTTLING_QUOTA_EXCEEDED, THROTTLED_MESSAGE));
    }
    return { ...defaultDeleteTopicsResponse(), throttleTimeMs: mutationThrottle(quota, ctx), responses };
  },
});
