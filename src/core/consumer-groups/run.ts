// The kafka-consumer-groups operations over a GroupAdmin (ConsumerGroupCommand's service): plain
// inputs, plain data out. Kafka's text and the JSON documents are render.ts's; the flags, the
// connection and the exit code are the CLI's.
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.js';
import type { GroupAdmin } from './admin.js';
import { collectGroupsMembers, collectGroupsOffsets, collectGroupsState, lagByTopic, type GroupMembers, type GroupOffsets, type GroupState, type TopicLag } from './describe.js';
import { CommandFailedError, javaErrorMessage } from './java-errors.js';
import { stringKeyOrder } from './java-order.js';
import type { DescribeView, ResetSpec } from './options.js';
import { orderPlans, parseTopicWithPartitions, planGroupReset, type FilePlan, type GroupResetPlan } from './reset.js';
import { tpKey, type GroupListing, type PartitionResult, type TopicPartition } from './types.js';

/** The groups named by --group, or every group with --all-groups. */
export async function groupIdsOf(admin: GroupAdmin, sel: { allGroups: boolean; groups: readonly string[] }): Promise<string[]> {
  return sel.allGroups ? (await admin.listGroups()).map((g) => g.groupId) : [...sel.groups];
}

// --list -----------------------------------------------------------------------------------------

/** --list [--state S] [--type T]: a group of unknown type passes a type filter, as in Kafka. */
export async function listGroups(admin: GroupAdmin, states: readonly string[], types: readonly string[]): Promise<GroupListing[]> {
  const groups = await admin.listGroups([...states], [...types]);
  return types.length === 0 ? groups : groups.filter((g) => g.type === '' || types.includes(g.type.toLowerCase()));
}

// --describe -------------------------------------------------------------------------------------

export type DescribeResult =
  | { view: 'offsets'; groups: GroupOffsets[] }
  | { view: 'by-topic'; groups: Array<{ group: GroupOffsets; topics: TopicLag[] }> }
  | { view: 'members'; groups: GroupMembers[] }
  | { view: 'state'; groups: GroupState[] };

export async function describeGroups(admin: GroupAdmin, ids: readonly string[], opts: { view: DescribeView; byTopic: boolean; failOnMissing: boolean }): Promise<DescribeResult> {
  const collect = { failOnMissing: opts.failOnMissing };
  if (opts.view === 'members') return { view: 'members', groups: await collectGroupsMembers(admin, ids, collect) };
  if (opts.view === 'state') return { view: 'state', groups: await collectGroupsState(admin, ids, collect) };
  const groups = await collectGroupsOffsets(admin, ids, collect);
  return opts.byTopic ? { view: 'by-topic', groups: groups.map((group) => ({ group, topics: lagByTopic(group.rows) })) } : { view: 'offsets', groups };
}

/** True when a described group does not exist (Kafka reports it as Dead). */
export function someGroupMissing(r: DescribeResult): boolean {
  return r.view === 'by-topic' ? r.groups.some((g) => g.group.state === 'Dead') : r.groups.some((g) => g.state === 'Dead');
}

// --delete ---------------------------------------------------------------------------------------

export interface DeleteGroupsResult {
  /** In the order Kafka's tool prints them (its HashMap's). */
  deleted: string[];
  failed: Array<{ groupId: string; errorCode: number }>;
}

export async function deleteGroups(admin: GroupAdmin, ids: readonly string[]): Promise<DeleteGroupsResult> {
  const results = await admin.deleteGroups([...new Set(ids)]);
  const ok = stringKeyOrder(
    results.filter((r) => r.errorCode === ErrorCode.NONE),
    (r) => r.groupId,
  );
  const failed = stringKeyOrder(
    results.filter((r) => r.errorCode !== ErrorCode.NONE),
    (r) => r.groupId,
  );
  return { deleted: ok.map((r) => r.groupId), failed: failed.map((r) => ({ groupId: r.groupId, errorCode: r.errorCode })) };
}

// --delete-offsets -------------------------------------------------------------------------------

export interface DeleteOffsetsResult {
  group: string;
  /** The request's error, else the first partition error (the Java admin's all() fails with it). */
  errorCode: number;
  /** Sorted as Kafka prints them; partition -1 stands for a topic that does not exist. */
  partitions: PartitionResult[];
}

/** `topicArgs`: `topic` (all its partitions) or `topic:0,1`. */
export async function deleteOffsets(admin: GroupAdmin, group: string, topicArgs: readonly string[]): Promise<DeleteOffsetsResult> {
  const results = new Map<string, PartitionResult>();
  const partitions: TopicPartition[] = [];
  for (const a of topicArgs.filter((x) => x.includes(':'))) partitions.push(...parseTopicWithPartitions(a));
  const bare = [...new Set(topicArgs.filter((x) => !x.includes(':')))];
  const described = await admin.topicPartitions(bare);
  for (const topic of bare) {
    const parts = described.get(topic);
    if (parts === undefined) results.set(tpKey(topic, -1), { topic, partition: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    else for (const p of parts) partitions.push({ topic, partition: p.partition });
  }
  const unique = [...new Map(partitions.map((p) => [tpKey(p.topic, p.partition), p])).values()];
  const res = await admin.deleteOffsets(group, unique);
  const byKey = new Map(res.partitions.map((r) => [tpKey(r.topic, r.partition), r.errorCode]));
  let topLevel = res.errorCode;
  for (const p of unique) {
    const code = topLevel !== ErrorCode.NONE ? topLevel : (byKey.get(tpKey(p.topic, p.partition)) ?? ErrorCode.NONE);
    results.set(tpKey(p.topic, p.partition), { ...p, errorCode: code });
  }
  if (topLevel === ErrorCode.NONE) topLevel = unique.map((p) => results.get(tpKey(p.topic, p.partition))?.errorCode ?? 0).find((c) => c !== ErrorCode.NONE) ?? ErrorCode.NONE;
  const rows = [...results.values()].sort((a, b) => {
    const ka = `${a.topic}${a.partition}`;
    const kb = `${b.topic}${b.partition}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { group, errorCode: topLevel, partitions: rows };
}

export function deleteOffsetsFailed(r: DeleteOffsetsResult): boolean {
  return r.errorCode !== ErrorCode.NONE || r.partitions.some((p) => p.errorCode !== ErrorCode.NONE);
}

// --reset-offsets --------------------------------------------------------------------------------

const INACTIVE = new Set(['Empty', 'Dead']);

export interface ResetOptions {
  spec: ResetSpec;
  filePlan: FilePlan | undefined;
  topics: readonly string[];
  allTopics: boolean;
  /** Commit the new offsets (--execute); otherwise only plan. */
  execute: boolean;
  now: () => number;
  /** Kafka's text as it goes (errors of a group, notices of the plan), in order. */
  printer: { out(text: string): void };
  /** One warning line for stderr. */
  warn: (line: string) => void;
}

/** Plans (and with `execute` commits) the reset of each group; a group that is not inactive gets an error instead. */
export async function resetOffsets(admin: GroupAdmin, ids: readonly string[], opts: ResetOptions): Promise<GroupResetPlan[]> {
  const descriptions = stringKeyOrder(await admin.describeGroups([...new Set(ids)]), (d) => d.groupId);
  const plans: GroupResetPlan[] = [];
  for (const d of descriptions) {
    if (!INACTIVE.has(d.state)) {
      const error = `Assignments can only be reset if the group '${d.groupId}' is inactive, but the current state is ${d.state}.`;
      opts.printer.out(`\nError: ${error}\n`);
      plans.push({ group: d.groupId, entries: [], error });
      continue;
    }
    const plan = await planGroupReset(
      { admin, spec: opts.spec, filePlan: opts.filePlan, topics: [...opts.topics], allTopics: opts.allTopics, now: opts.now, warn: opts.warn, notice: (text) => opts.printer.out(text) },
      d.groupId,
    );
    if (plan.error !== null) opts.printer.out(`\nError: ${plan.error}\n`);
    if (opts.execute && plan.error === null && plan.entries.length > 0) {
      const results = await admin.commitOffsets(
        d.groupId,
        plan.entries.map((e) => ({ topic: e.topic, partition: e.partition, offset: e.newOffset })),
      );
      const bad = results.find((r) => r.errorCode !== ErrorCode.NONE);
      if (bad !== undefined) throw new KafkaProtocolError(bad.errorCode, `OffsetCommit ${bad.topic}-${bad.partition}`);
    }
    plans.push(plan);
  }
  return orderPlans(plans);
}

// --validate-regex -------------------------------------------------------------------------------

/** Kafka's answer line for --validate-regex. */
export function validateRegex(regex: string): { valid: boolean; line: string } {
  try {
    new RegExp(regex, 'u');
    return { valid: true, line: `The regular expression \`${regex}\` is valid.` };
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    return { valid: false, line: `The regular expression \`${regex}\` is invalid: ${why}.` };
  }
}

// failures ---------------------------------------------------------------------------------------

/** The prefix of Kafka's catch-all in ConsumerGroupCommand.run. */
export const FAILED_PREFIX = 'Executing consumer group command failed due to ';

/** The message Kafka's catch-all prints for `err`, or null when it is not a failure of the command itself. */
export function commandFailureMessage(err: unknown): string | null {
  if (err instanceof CommandFailedError) return err.message;
  if (err instanceof KafkaProtocolError) return javaErrorMessage(err.code);
  // The broker lacks a group API (librdkafka's mock cluster has no ListGroups/DescribeGroups).
  if (err instanceof Error && err.name === 'UnsupportedApiError') return err.message;
  return null;
}
