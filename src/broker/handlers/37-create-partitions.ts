// CreatePartitions: v0–3 (flexible from v2).
// Behaviour: as ControllerApis + ReplicationControlManager.createPartitions: a name given twice →
// one INVALID_REQUEST row; a missing topic → UNKNOWN_TOPIC_OR_PARTITION (no message); the count
// may only grow (INVALID_PARTITIONS, Kafka's wording); manual assignments must list one entry per
// new partition, each holding just this node (INVALID_REPLICA_ASSIGNMENT). validateOnly checks
// and changes nothing. New partitions start empty with leader epoch 0. Logs that cannot be created
// (out of file descriptors, disk full) answer KAFKA_STORAGE_ERROR with the cause, the topic keeps its
// old partition count and nothing new is left on disk (metadata/topics.ts rolls back).
// controller_mutation_rate: after the checks the new partitions are taken from the caller's quota
// (validateOnly too); from v3 a topic is refused THROTTLING_QUOTA_EXCEEDED, unchanged, while it is
// exhausted.
// Gaps: timeoutMs is ignored.
import {
  decodeCreatePartitionsRequest,
  type CreatePartitionsRequest,
  type CreatePartitionsTopic,
} from '../../protocol/generated/messages/create-partitions-request.js';
import {
  defaultCreatePartitionsResponse,
  encodeCreatePartitionsResponse,
  type CreatePartitionsResponse,
  type CreatePartitionsTopicResult,
} from '../../protocol/generated/messages/create-partitions-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Broker } from '../broker.js';
import { MAX_NEW_PARTITIONS_PER_REQUEST, OK, TOO_LARGE_BATCH, fail, manualAssignmentProblem, type Outcome } from './admin-common.js';
import { Op, deniedTopics } from '../security/authorize-requests.js';
import { THROTTLED_MESSAGE, type MutationQuota } from '../quotas/controller-mutation.js';
import { mutationQuota, mutationThrottle } from '../quotas/throttle.js';
import { defineHandler } from './types.js';

function grow(broker: Broker, t: CreatePartitionsTopic, validateOnly: boolean, budget: { partitions: number }, quota: MutationQuota): Outcome {
  const topic = broker.topics.get(t.name);
  if (topic === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null);
  const current = topic.partitions.length;
  if (t.count === current) return fail(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partition(s).`);
  if (t.count < current) {
    return fail(ErrorCode.INVALID_PARTITIONS, `The topic ${t.name} currently has ${current} partition(s); ${t.count} would not be an increase.`);
  }
  const additional = t.count - current;
  if (t.assignments !== null) {
    if (t.assignments.length !== additional) {
      return fail(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `Attempted to add ${additional} additional partition(s), but only ${t.assignments.length} assignment(s) were specified.`,
      );
    }
  }
  if (additional > budget.partitions) return TOO_LARGE_BATCH;
  budget.partitions -= additional;
  // Every existing partition has this node as its only replica.
  for (const a of t.assignments ?? []) {
    const problem = manualAssignmentProblem(a.brokerIds, 1, broker.nodeId);
    if (problem !== null) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
  }
  if (!quota.record(additional)) return fail(ErrorCode.THROTTLING_QUOTA_EXCEEDED, THROTTLED_MESSAGE);
  const res = broker.topics.addPartitions(t.name, t.count, validateOnly);
  if (!res.ok) {
    if (res.errorCode === ErrorCode.KAFKA_STORAGE_ERROR) broker.log(`cannot add partitions to ${t.name}: ${res.message}`);
    return fail(res.errorCode, res.message);
  }
  if (!validateOnly) broker.log(`topic ${t.name} grew from ${current} to ${t.count} partition(s)`);
  return OK;
}

export default defineHandler<CreatePartitionsRequest, CreatePartitionsResponse>({
  apiKey: 37,
  minVersion: 0,
  maxVersion: 3,
  decode: decodeCreatePartitionsRequest,
  encode: encodeCreatePartitionsResponse,
  handle(req, ctx) {
    const counts = new Map<string, number>();
    for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const results: CreatePartitionsTopicResult[] = [];
    const reported = new Set<string>();
    for (const t of req.topics) {
      if ((counts.get(t.name) ?? 0) > 1 && !reported.has(t.name)) {
        reported.add(t.name);
        results.push({ name: t.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Duplicate topic name.' });
      }
    }
    const budget = { partitions: MAX_NEW_PARTITIONS_PER_REQUEST };
    // ControllerApis: ALTER on each topic, checked before whether it exists.
    const denied = deniedTopics(ctx, Op.ALTER, req.topics, (t) => t.name);
    const quota = mutationQuota(ctx.broker.quotas, ctx, ctx.apiVersion, 3, () => ctx.broker.clock.now());
    for (const t of req.topics) {
      if (reported.has(t.name)) continue;
      // Refused without a message (Kafka 4.4 answers null here, unlike DeleteTopics).
      results.push({ name: t.name, ...(denied?.has(t.name) === true ? fail(ErrorCode.TOPIC_AUTHORIZATION_FAILED, null) : grow(ctx.broker, t, req.validateOnly, budget, quota)) });
    }
    return { ...defaultCreatePartitionsResponse(), throttleTimeMs: mutationThrottle(quota, ctx), results };
  },
});
