// Checks shared by the admin handlers, with Kafka's error codes and messages (ControllerApis,
// ReplicationControlManager, ConfigAdminManager, ControllerConfigurationValidator).
import { ErrorCode } from '../../protocol/error-codes.js';
import { topicNameProblem } from '../metadata/topics.js';
import { validateTopicConfig } from '../metadata/topic-configs.js';
import type { Broker } from '../broker.js';
import { AUTHZ_MESSAGE } from '../security/authorize-requests.js';
import { ConfigResourceType } from './admin-configs.js';

export interface Outcome {
  errorCode: number;
  errorMessage: string | null;
}

export const OK: Outcome = { errorCode: 0, errorMessage: null };

export function fail(errorCode: number, errorMessage: string | null): Outcome {
  return { errorCode, errorMessage };
}

/**
 * Kafka bounds the records one admin operation may write (MAX_RECORDS_PER_USER_OP); here that is a
 * cap on partitions created per request, which also keeps one request from opening an
 * unreasonable number of files.
 */
export const MAX_NEW_PARTITIONS_PER_REQUEST = 10_000;
export const TOO_LARGE_BATCH = fail(ErrorCode.POLICY_VIOLATION, 'Unable to perform excessively large batch operation.');

/** The broker ids of one partition in a manual assignment (validateManualPartitionAssignment). */
export function manualAssignmentProblem(brokerIds: readonly number[], replicationFactor: number | undefined, nodeId: number): string | null {
  if (brokerIds.length === 0) return 'The manual partition assignment includes an empty replica list.';
  const sorted = [...brokerIds].sort((a, b) => a - b);
  let prev: number | undefined;
  for (const id of sorted) {
    if (id !== nodeId) return `The manual partition assignment includes broker ${id}, but no such broker is registered.`;
    if (id === prev) return `The manual partition assignment includes the broker ${id} more than once.`;
    prev = id;
  }
  if (replicationFactor !== undefined && sorted.length !== replicationFactor) {
    return (
      `The manual partition assignment includes a partition with ${sorted.length} replica(s), but this is not consistent ` +
      `with previous partitions, which have ${replicationFactor} replica(s).`
    );
  }
  return null;
}

/** Java's Integer.parseInt, or null. */
export function parseJavaInt(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

/** A BROKER resource name in AlterConfigs: empty (cluster default) or this node's id. */
export function brokerResourceProblem(name: string, nodeId: number): Outcome | null {
  if (name === '') return null;
  const id = parseJavaInt(name);
  if (id === null) return fail(ErrorCode.INVALID_REQUEST, `Node id must be an integer, but it is: ${name}`);
  if (id !== nodeId) return fail(ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${nodeId}, but received ${name}`);
  return null;
}

/**
 * The last check of a resource type: callers handle GROUP, CLIENT_METRICS and (incrementally)
 * BROKER_LOGGER before it, so anything else but TOPIC and BROKER is Kafka's unknown-type refusal
 * (legacy AlterConfigs never took BROKER_LOGGER either).
 */
export function unsupportedResource(type: number): Outcome | null {
  if (type === ConfigResourceType.TOPIC || type === ConfigResourceType.BROKER) return null;
  return fail(ErrorCode.INVALID_REQUEST, `Unknown resource type ${type}`);
}

/** Unknown names first (LogConfig.validateNames), then each value; Kafka's INVALID_CONFIG text. */
export function topicConfigsProblem(configs: Readonly<Record<string, string>>): string | null {
  const names = Object.keys(configs);
  for (const n of names) {
    const p = validateTopicConfig(n, null);
    if (p !== null) return p;
  }
  for (const n of names) {
    const p = validateTopicConfig(n, configs[n] ?? null);
    if (p !== null) return p;
  }
  return null;
}

/**
 * Replaces a topic's overrides with `next` after the controller's checks, in its order: resource
 * name, configs, then existence.
 */
export function replaceTopicOverrides(broker: Broker, name: string, next: Record<string, string>, validateOnly: boolean): Outcome {
  if (name === '') return fail(ErrorCode.INVALID_REQUEST, 'Default topic resources are not allowed.');
  const nameProblem = topicNameProblem(name);
  if (nameProblem !== null) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  const configProblem = topicConfigsProblem(next);
  if (configProblem !== null) return fail(ErrorCode.INVALID_CONFIG, configProblem);
  if (broker.topics.get(name) === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`);
  const res = broker.topics.setConfigs(name, next, validateOnly);
  if (!res.ok) return fail(res.errorCode, res.message);
  if (!validateOnly) broker.log(`altered configs of topic ${name}: ${JSON.stringify(next)}`);
  return OK;
}

/** Indexes of resources whose (type, name) appears more than once: Kafka fails all of them. */
export function duplicateResources(resources: readonly { resourceType: number; resourceName: string }[]): Set<number> {
  const seen = new Map<string, number[]>();
  resources.forEach((r, i) => {
    const k = `${r.resourceType}\0${r.resourceName}`;
    seen.set(k, [...(seen.get(k) ?? []), i]);
  });
  const dups = new Set<number>();
  for (const idx of seen.values()) if (idx.length > 1) for (const i of idx) dups.add(i);
  return dups;
}

export const DUPLICATE_RESOURCE = fail(ErrorCode.INVALID_REQUEST, 'Each resource must appear at most once.');
export const DUPLICATE_KEYS = fail(ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys');

export function hasDuplicates(names: readonly string[]): boolean {
  return new Set(names).size !== names.length;
}

/** An authorization refusal (new ApiError(error): Errors' own message) or, when none, what `run` answers. */
export function refusedOr(errorCode: 0 | keyof typeof AUTHZ_MESSAGE, run: () => Outcome): Outcome {
  return errorCode === 0 ? run() : fail(errorCode, AUTHZ_MESSAGE[errorCode]);
}
