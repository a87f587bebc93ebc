// The checks request handlers make, in the shapes KafkaApis uses them, over authorizer.ts. Every
// helper starts with the one cheap test "no authorizer → allowed", so a broker without
// `authorizer.class.name` does exactly what it did before (no sets built, no names looked up).
import { AclOperation, ResourceType } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { ATTRIBUTES, MAGIC } from '../../protocol/records/batch-header.js';
import { authorize, authorizedOperations, type AuthzContext } from './authorizer.js';

export { AclOperation as Op, ResourceType as Res };

/** Authorized operations when the request did not ask for them (Integer.MIN_VALUE in Kafka's schemas). */
export const OPERATIONS_NOT_REQUESTED = -2147483648;

/** Java's Errors.*.message() for the authorization errors Kafka puts in an error_message field. */
export const AUTHZ_MESSAGE = {
  29: 'Topic authorization failed.',
  30: 'Group authorization failed.',
  31: 'Cluster authorization failed.',
  53: 'Transactional Id authorization failed.',
} as const;

/** May the session do `op` on this group / transactional id / topic / the cluster? */
export function canGroup(ctx: AuthzContext, op: number, groupId: string): boolean {
  return !ctx.broker.authorizer.enabled || authorize(ctx, op, ResourceType.GROUP, groupId);
}
export function canTxn(ctx: AuthzContext, op: number, transactionalId: string): boolean {
  return !ctx.broker.authorizer.enabled || authorize(ctx, op, ResourceType.TRANSACTIONAL_ID, transactionalId);
}
export function canTopic(ctx: AuthzContext, op: number, topic: string): boolean {
  return !ctx.broker.authorizer.enabled || authorize(ctx, op, ResourceType.TOPIC, topic);
}
export function canCluster(ctx: AuthzContext, op: number): boolean {
  return !ctx.broker.authorizer.enabled || authorize(ctx, op, ResourceType.CLUSTER, 'kafka-cluster');
}

/**
 * The topics (named by `items`, or by `nameOf` of each; null names skipped) the session may NOT do
 * `op` on, or null when it may do it on all of them (always null without an authorizer, before
 * anything is read). Handlers answer TOPIC_AUTHORIZATION_FAILED for a partition of a denied topic
 * before looking at whether it exists, as KafkaApis does.
 */
export function deniedTopics(ctx: AuthzContext, op: number, names: Iterable<string>): Set<string> | null;
export function deniedTopics<T>(ctx: AuthzContext, op: number, items: Iterable<T>, nameOf: (item: T) => string | null): Set<string> | null;
export function deniedTopics<T>(ctx: AuthzContext, op: number, items: Iterable<T>, nameOf?: (item: T) => string | null): Set<string> | null {
  if (!ctx.broker.authorizer.enabled) return null;
  // No set of names seen: a name right after itself is skipped (Fetch lists partitions topic by
  // topic), any other repeat is rare and checking it again costs less than the set.
  let denied = null as Set<string> | null;
  let last: string | null = null;
  for (const item of items) {
    const name = nameOf === undefined ? (item as string) : nameOf(item);
    if (name === null || name === last) continue;
    last = name;
    if (denied?.has(name) !== true && !authorize(ctx, op, ResourceType.TOPIC, name)) (denied ??= new Set()).add(name);
  }
  return denied;
}

/** The items whose resource the session may do `op` on (the same array without an authorizer). */
export function keepAuthorized<T>(ctx: AuthzContext, op: number, resourceType: number, items: T[], nameOf: (item: T) => string): T[] {
  if (!ctx.broker.authorizer.enabled) return items;
  return items.filter((item) => authorize(ctx, op, resourceType, nameOf(item)));
}

/** The authorized-operations bit field of a topic or group when asked for, else Integer.MIN_VALUE. */
export function operationsIfAsked(ctx: AuthzContext, asked: boolean, resourceType: number, name: string): number {
  return asked ? authorizedOperations(ctx, resourceType, name) : OPERATIONS_NOT_REQUESTED;
}

/** The cluster's bit field when asked for: 0 without DESCRIBE on the cluster (Metadata v8–10, DescribeCluster). */
export function clusterOperationsIfAsked(ctx: AuthzContext, asked: boolean): number {
  if (!asked) return OPERATIONS_NOT_REQUESTED;
  return canCluster(ctx, AclOperation.DESCRIBE) ? authorizedOperations(ctx, ResourceType.CLUSTER, 'kafka-cluster') : 0;
}

/** Is this partition's data a v2 batch with the transactional bit (RequestUtils.hasTransactionalRecords)? */
function transactionalBatch(records: Buffer | null): boolean {
  return records !== null && records.length > ATTRIBUTES + 1 && records.readInt8(MAGIC) === 2 && (records.readInt16BE(ATTRIBUTES) & 0x10) !== 0;
}

/**
 * Produce (KafkaApis.handleProduceRequest, Kafka 3+): transactional records need WRITE on the
 * transactional id, else the whole request fails with TRANSACTIONAL_ID_AUTHORIZATION_FAILED; then
 * each topic needs WRITE. Idempotent records need nothing more here since KIP-679 (InitProducerId
 * checked IDEMPOTENT_WRITE or WRITE on a topic). Null when everything is allowed.
 */
export function produceDenials(
  ctx: AuthzContext,
  transactionalId: string | null,
  topics: readonly { name: string; partitionData: readonly { records: Buffer | null }[] }[],
): { transactionalIdDenied: boolean; topics: Set<string> | null } | null {
  if (!ctx.broker.authorizer.enabled) return null;
  let denied = null as Set<string> | null;
  let txnal = false;
  for (const t of topics) {
    for (const p of t.partitionData) if (!txnal && transactionalBatch(p.records)) txnal = true;
    if (denied?.has(t.name) !== true && !authorize(ctx, AclOperation.WRITE, ResourceType.TOPIC, t.name)) (denied ??= new Set()).add(t.name);
  }
  if (txnal && (transactionalId === null || !authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId))) {
    return { transactionalIdDenied: true, topics: null };
  }
  return denied === null ? null : { transactionalIdDenied: false, topics: denied };
}

const NONE: readonly never[] = [];

/**
 * AuthHelper.partitionSeqByAuthorized for topic entries: those whose topic the session may do `op`
 * on, and the rest (none, and the same array, without an authorizer).
 */
export function splitTopics<T>(ctx: AuthzContext, op: number, items: readonly T[], nameOf: (item: T) => string): { allowed: readonly T[]; denied: readonly T[] } {
  const denied = deniedTopics(ctx, op, items, nameOf);
  if (denied === null) return { allowed: items, denied: NONE };
  return { allowed: items.filter((i) => !denied.has(nameOf(i))), denied: items.filter((i) => denied.has(nameOf(i))) };
}

/** Topic entries of partitions, as OffsetCommit, TxnOffsetCommit and OffsetDelete carry them. */
interface PartitionsOfTopic {
  readonly name: string;
  readonly partitions: readonly { readonly partitionIndex: number }[];
}

/** Their answers: an error code per partition. */
export type PartitionErrors = { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];

/** Every partition of the topic entries answered with one error code (Kafka's getErrorResponse shapes). */
export function failPartitions(topics: readonly PartitionsOfTopic[], errorCode: number): PartitionErrors {
  return topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) }));
}

/**
 * splitTopics for topic entries of partitions: the entries the session may do `op` on, and every
 * partition of the others answered TOPIC_AUTHORIZATION_FAILED (none without an authorizer).
 */
export function refuseDeniedTopics<T extends PartitionsOfTopic>(ctx: AuthzContext, op: number, topics: readonly T[]): { allowed: readonly T[]; refused: PartitionErrors } {
  const { allowed, denied } = splitTopics(ctx, op, topics, (t) => t.name);
  return { allowed, refused: failPartitions(denied, ErrorCode.TOPIC_AUTHORIZATION_FAILED) };
}

/** splitTopics for any resource type (groups for DescribeGroups, DeleteGroups, ...). */
export function splitAuthorized<T>(ctx: AuthzContext, op: number, resourceType: number, items: readonly T[], nameOf: (item: T) => string): { allowed: readonly T[]; denied: readonly T[] } {
  if (!ctx.broker.authorizer.enabled) return { allowed: items, denied: NONE };
  const allowed: T[] = [];
  const denied: T[] = [];
  for (const item of items) (authorize(ctx, op, resourceType, nameOf(item)) ? allowed : denied).push(item);
  return { allowed, denied };
}

/**
 * Describe/Alter/IncrementalAlterConfigs (AuthHelper/ConfigHelper): the error for a config resource
 * the session may not do `op` (DESCRIBE_CONFIGS or ALTER_CONFIGS) on, or 0. Brokers, broker loggers
 * and client metrics are checked on the cluster, topics and groups on themselves; other types are
 * left to the handler's own validation.
 */
export function configDenial(ctx: AuthzContext, op: number, configResourceType: number, name: string): 0 | keyof typeof AUTHZ_MESSAGE {
  if (!ctx.broker.authorizer.enabled) return 0;
  switch (configResourceType) {
    case 2:
      return authorize(ctx, op, ResourceType.TOPIC, name) ? 0 : 29;
    case 32:
      return authorize(ctx, op, ResourceType.GROUP, name) ? 0 : 30;
    case 4:
    case 8:
    case 16:
      return authorize(ctx, op, ResourceType.CLUSTER, 'kafka-cluster') ? 0 : 31;
    default:
      return 0;
  }
}
