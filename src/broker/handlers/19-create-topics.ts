// CreateTopics: v0–7 (flexible from v5). v0–1 (removed in Kafka 4.0, served by 3.9; kafka-go 0.2
// sends v0) behave as v2: v1 adds validateOnly and error messages, v2 the throttle time.
// Behaviour: what a KRaft controller does, in its order: a name given twice → INVALID_REQUEST for
// that name (once); then per topic the name rules and '.'/'_' collisions → INVALID_TOPIC_EXCEPTION,
// an existing name → TOPIC_ALREADY_EXISTS, null or invalid configs → INVALID_CONFIG, then either a
// manual assignment (every replica must be this node) or the counts: -1 takes num.partitions /
// default.replication.factor, and a factor above 1 cannot be placed on a single node
// (INVALID_REPLICATION_FACTOR with Kafka's placer message). validateOnly checks everything and
// creates nothing (Kafka still answers with a fresh random topic id then). A topic whose logs cannot
// be created (out of file descriptors, disk full) answers KAFKA_STORAGE_ERROR with LogManager's
// "Error while creating log for <topic>-<n> in dir <dir>" and the cause; its directories and record are
// rolled back (metadata/topics.ts), the other topics of the request and the connection go on.
// Version notes: v5 adds numPartitions, replicationFactor and the resolved configs of the new
// topic; v7 the topic id.
// controller_mutation_rate (quotas/controller-mutation.ts): last, as ReplicationControlManager
// applies it, each topic's partitions are taken from the caller's quota (validateOnly too); from v6 a
// topic is refused THROTTLING_QUOTA_EXCEEDED when it is exhausted, and is not created.
// Gaps: timeoutMs is ignored (creation is synchronous); no CreateTopicPolicy.
import { randomBytes } from 'node:crypto';
import { decodeCreateTopicsRequest, type CreatableTopic, type CreateTopicsRequest } from '../../protocol/generated/messages/create-topics-request.js';
import {
  defaultCreatableTopicResult,
  defaultCreateTopicsResponse,
  encodeCreateTopicsResponse,
  type CreatableTopicResult,
  type CreateTopicsResponse,
} from '../../protocol/generated/messages/create-topics-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { topicNameProblem } from '../metadata/topics.js';
import type { Broker } from '../broker.js';
import { effectiveTopicConfigs } from './admin-configs.js';
import { MAX_NEW_PARTITIONS_PER_REQUEST, TOO_LARGE_BATCH, manualAssignmentProblem, topicConfigsProblem } from './admin-common.js';
import { Op, canCluster, deniedTopics } from '../security/authorize-requests.js';
import { THROTTLED_MESSAGE, type MutationQuota } from '../quotas/controller-mutation.js';
import { mutationQuota, mutationThrottle } from '../quotas/throttle.js';
import { defineHandler } from './types.js';

const CLUSTER_METADATA_TOPIC = '__cluster_metadata';

function failed(name: string, errorCode: number, errorMessage: string | null): CreatableTopicResult {
  return { ...defaultCreatableTopicResult(), name, errorCode, errorMessage };
}

function randomTopicId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && id !== 'AAAAAAAAAAAAAAAAAAAAAA') return id;
  }
}

/** Topics refused CREATE (cluster and topic) and DESCRIBE_CONFIGS; null when none. */
interface Denied {
  create: ReadonlySet<string> | null;
  describeConfigs: ReadonlySet<string> | null;
}

interface Budget {
  partitions: number;
}

function createOne(broker: Broker, t: CreatableTopic, validateOnly: boolean, budget: Budget, denied: Denied, quota: MutationQuota): CreatableTopicResult {
  const name = t.name;
  if (name === CLUSTER_METADATA_TOPIC) return failed(name, ErrorCode.INVALID_REQUEST, `Creation of internal topic ${CLUSTER_METADATA_TOPIC} is prohibited.`);
  if (denied.create?.has(name) === true) return failed(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'Authorization failed.');
  const nameProblem = topicNameProblem(name);
  if (nameProblem !== null) return failed(name, ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  if (broker.topics.get(name) !== undefined) return failed(name, ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
  if (/[._]/.test(name)) {
    const norm = name.replace(/\./g, '_');
    const other = broker.topics.list().find((x) => x.name.replace(/\./g, '_') === norm);
    if (other !== undefined) return failed(name, ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${name}' collides with existing topic: ${other.name}`);
  }

  const nulls = t.configs.filter((c) => c.value === null).map((c) => c.name);
  if (nulls.length > 0) return failed(name, ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${nulls.join(',')}`);
  const configs: Record<string, string> = {};
  for (const c of t.configs) configs[c.name] = c.value ?? '';
  const configProblem = topicConfigsProblem(configs);
  if (configProblem !== null) return failed(name, ErrorCode.INVALID_CONFIG, configProblem);

  let numPartitions: number;
  let replicationFactor: number;
  if (t.assignments.length > 0) {
    if (t.replicationFactor !== -1) {
      return failed(name, ErrorCode.INVALID_REQUEST, 'A manual partition assignment was specified, but replication factor was not set to -1.');
    }
    if (t.numPartitions !== -1) {
      return failed(name, ErrorCode.INVALID_REQUEST, 'A manual partition assignment was specified, but numPartitions was not set to -1.');
    }
    const seen = new Set<number>();
    let rf: number | undefined;
    for (const a of t.assignments) {
      if (seen.has(a.partitionIndex)) {
        return failed(name, ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Found multiple manual partition assignments for partition ${a.partitionIndex}`);
      }
      const problem = manualAssignmentProblem(a.brokerIds, rf, broker.nodeId);
      if (problem !== null) return failed(name, ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
      rf = a.brokerIds.length;
      seen.add(a.partitionIndex);
    }
    for (let i = 0; i < seen.size; i++) {
      if (!seen.has(i)) return failed(name, ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partitions should be a consecutive 0-based integer sequence');
    }
    numPartitions = seen.size;
    replicationFactor = rf ?? 1;
  } else {
    if (t.replicationFactor < -1 || t.replicationFactor === 0) {
      return failed(name, ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0, or -1 to use the default value.');
    }
    if (t.numPartitions < -1 || t.numPartitions === 0) {
      return failed(name, ErrorCode.INVALID_PARTITIONS, 'Number of partitions was set to an invalid non-positive value.');
    }
    numPartitions = t.numPartitions === -1 ? broker.config.numPartitions : t.numPartitions;
    replicationFactor = t.replicationFactor === -1 ? broker.config.defaultReplicationFactor : t.replicationFactor;
    if (replicationFactor > 1) {
      return failed(
        name,
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} ` +
          // Kafka 4.4's text (3.9 ends after "registered").
          'cannot be reached because only 1 broker(s) are registered or some brokers have all their log directories cordoned.',
      );
    }
  }
  if (!quota.record(numPartitions)) return failed(name, ErrorCode.THROTTLING_QUOTA_EXCEEDED, THROTTLED_MESSAGE);
  if (numPartitions > budget.partitions) return failed(name, TOO_LARGE_BATCH.errorCode, TOO_LARGE_BATCH.errorMessage);
  budget.partitions -= numPartitions;

  let topicId: string;
  if (validateOnly) {
    topicId = randomTopicId();
  } else {
    const created = broker.topics.create(name, numPartitions, configs);
    if (!created.ok) {
      if (created.errorCode === ErrorCode.KAFKA_STORAGE_ERROR) broker.log(`cannot create topic ${name}: ${created.message}`);
      return failed(name, created.errorCode, created.message);
    }
    if (created.value === null) return failed(name, ErrorCode.UNKNOWN_SERVER_ERROR, null);
    topicId = created.value.id;
    broker.log(`created topic ${name} with ${numPartitions} partition(s)`);
  }
  // Created, but without DESCRIBE_CONFIGS the result hides partitions, replication factor and configs.
  if (denied.describeConfigs?.has(name) === true) return { ...defaultCreatableTopicResult(), name, topicId, errorCode: 0, errorMessage: null, topicConfigErrorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED };
  return {
    ...defaultCreatableTopicResult(),
    name,
    topicId,
    errorCode: 0,
    errorMessage: null,
    topicConfigErrorCode: 0,
    numPartitions,
    replicationFactor,
    configs: effectiveTopicConfigs(configs, broker.config).map((c) => ({
      name: c.name,
      value: c.value,
      readOnly: false,
      configSource: c.source,
      isSensitive: false,
    })),
  };
}

export default defineHandler<CreateTopicsRequest, CreateTopicsResponse>({
  apiKey: 19,
  minVersion: 0,
  maxVersion: 7,
  decode: decodeCreateTopicsRequest,
  encode: encodeCreateTopicsResponse,
  handle(req, ctx) {
    const counts = new Map<string, number>();
    for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const reported = new Set<string>();
    const budget: Budget = { partitions: MAX_NEW_PARTITIONS_PER_REQUEST };
    const topics: CreatableTopicResult[] = [];
    // ControllerApis: CREATE on the cluster, else on each topic; DESCRIBE_CONFIGS to see the result's configs.
    const denied: Denied = {
      create: canCluster(ctx, Op.CREATE) ? null : deniedTopics(ctx, Op.CREATE, req.topics, (t) => t.name),
      describeConfigs: deniedTopics(ctx, Op.DESCRIBE_CONFIGS, req.topics, (t) => t.name),
    };
    const quota = mutationQuota(ctx.broker.quotas, ctx, ctx.apiVersion, 6, () => ctx.broker.clock.now());
    for (const t of req.topics) {
      if ((counts.get(t.name) ?? 0) > 1) {
        if (!reported.has(t.name)) topics.push(failed(t.name, ErrorCode.INVALID_REQUEST, 'Duplicate topic name.'));
        reported.add(t.name);
        continue;
      }
      topics.push(createOne(ctx.broker, t, req.validateOnly, budget, denied, quota));
    }
    return { ...defaultCreateTopicsResponse(), throttleTimeMs: mutationThrottle(quota, ctx), topics };
  },
});
