// kafka-streams-application-reset (Kafka 4.4's StreamsResetter) over our client: refuse (or, with
// --force, empty) an application group that still has members, reset the committed offsets of the
// input topics (earliest by default, or the scenario given), move those of the intermediate topics
// to their end, and delete the application's internal topics (its `<application-id>-` topics named
// as Kafka Streams names changelog, repartition and foreign-key-join topics). Each line is Kafka's,
// printed as Kafka prints it and in the order its HashMaps and HashSets iterate. The offsets are
// committed as a standalone commit (generation -1), as the tool's never-polling consumer does.
import type { NativeClient } from '../../client/native/client.js';
import { DeleteTopicsApi as DeleteTopicsSpec } from '../../protocol/generated/apis/delete-topics.js';
import { clientApi } from '../../client/native/apis.js';
import { LeaveGroupApi } from '../../client/native/apis/leave-group.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { javaHashOrder, javaStringHash } from '../../shared/java-hash.js';
import type { GroupAdmin } from '../consumer-groups/admin.js';
import { topicPartitionHash } from '../consumer-groups/java-order.js';
import { tpKey, tpString, type GroupMember, type TopicPartition } from '../consumer-groups/types.js';
import { javaExceptionClass, javaMessage } from '../get-offsets/java-errors.js';
import type { StreamsResetArgs } from './options.js';
import { matchesInternalTopicFormat } from './internal-topics.js';

const DeleteTopicsApi = clientApi(DeleteTopicsSpec, DeleteTopicsSpec.minVersion, DeleteTopicsSpec.maxVersion);

const MAX_REMOVE_MEMBERS_RETRIES = 3;
const LEAVE_REASON = 'member was removed by an admin';

/** What the tool printed on stderr when it failed (Kafka's `ERROR: <exception>` lines, without the stack trace); exit 1. */
export class StreamsResetFailure extends Error {
  override readonly name = 'StreamsResetFailure';
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

function failure(...lines: string[]): StreamsResetFailure {
  return new StreamsResetFailure(lines);
}

/** The NPE Kafka 4.4 fails with when --from-file and --input-topics name different partitions. */
const PLAN_NPE = 'ERROR: java.lang.NullPointerException: Cannot invoke "java.lang.Long.longValue()" because the return value of "java.util.Map.get(Object)" is null';

export interface PartitionOffset extends TopicPartition {
  offset: bigint;
}

export interface StreamsResetOutcome {
  applicationId: string;
  dryRun: boolean;
  /** Member ids removed by --force. */
  removedMembers: string[];
  notFoundInputTopics: string[];
  notFoundIntermediateTopics: string[];
  /** New positions of the input topics' partitions, in Kafka's print order. */
  inputPartitions: PartitionOffset[];
  /** End offsets the intermediate topics' partitions move to. */
  intermediatePartitions: PartitionOffset[];
  /** The internal topics deleted (or, in a dry run, to be deleted), as printed. */
  internalTopics: string[];
  internalTopicsSpecified: boolean;
  /** 1 when an input or intermediate topic does not exist (Kafka's exit code), else 0. */
  exitCode: 0 | 1;
}

export interface StreamsResetContext {
  client: NativeClient;
  groups: GroupAdmin;
  args: StreamsResetArgs;
  /** The --from-file plan, parsed (spec kind from-file only). */
  plan?: PartitionOffset[];
  /** The consumer's auto.offset.reset (a --shift-by from a partition without a commit starts there). */
  autoOffsetReset: 'earliest' | 'latest' | 'none';
  now: () => number;
  /** One line of Kafka's stdout (text output; a no-op for -o json). */
  print: (line: string) => void;
}

const tpOrder = <T extends TopicPartition>(items: readonly T[], initialCapacity = 16): T[] => javaHashOrder(items, topicPartitionHash, initialCapacity);

/** MemberAssignment.toString: the partitions in the order the assignment lists them, joined by commas. */
function assignmentString(tps: readonly TopicPartition[]): string {
  return `(topicPartitions=${tps.map(tpString).join(',')})`;
}

/** MemberDescription.toString as Kafka 4.4's admin builds it from DescribeGroups / ConsumerGroupDescribe v0. */
export function memberDescriptionString(m: GroupMember): string {
  const target = m.targetAssignment === undefined ? 'Optional.empty' : `Optional[${assignmentString(m.targetAssignment)}]`;
  return (
    `(memberId=${m.memberId}, groupInstanceId=${m.groupInstanceId ?? 'null'}, rackId=null, clientId=${m.clientId}, host=${m.host}, ` +
    `assignment=${assignmentString(m.assignment)}, targetAssignment=${target}, memberEpoch=${m.memberEpoch ?? 'null'}, upgraded=null)`
  );
}

function javaErrorLine(code: number, message?: string | null): string {
  return `org.apache.kafka.common.errors.${javaExceptionClass(code)}: ${javaMessage(code, message)}`;
}

/** maybeDeleteActiveConsumers: an application group with members is refused, or emptied with --force. */
async function checkActiveMembers(ctx: StreamsResetContext, removed: string[]): Promise<void> {
  const id = ctx.args.applicationId;
  for (let retries = 0; ; ) {
    const [group] = await ctx.groups.describeGroups([id]);
    if (group === undefined || group.notFound !== undefined || group.members.length === 0) return;
    if (!ctx.args.force) {
      throw failure(
        `ERROR: java.lang.IllegalStateException: Consumer group '${id}' is still active and has following members: [${group.members.map(memberDescriptionString).join(', ')}]. ` +
          "Make sure to stop all running application instances before running the reset tool. You can use option '--force' to remove active members from the group.",
      );
    }
    ctx.print(`Force deleting all active members in the group: ${id}`);
    const conn = await ctx.client.nodeConnection(group.coordinator.id);
    const res = await conn.send(LeaveGroupApi, {
      groupId: id,
      memberId: '',
      members: group.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, reason: LEAVE_REASON })),
    });
    const failed = res.errorCode !== ErrorCode.NONE ? res.errorCode : (res.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE);
    if (failed === ErrorCode.NONE) {
      removed.push(...group.members.map((m) => m.memberId));
      return;
    }
    // A member that left by itself meanwhile: describe again (Kafka retries three times).
    if (failed === ErrorCode.UNKNOWN_MEMBER_ID && retries++ < MAX_REMOVE_MEMBERS_RETRIES) continue;
    throw failure(`ERROR: java.util.concurrent.ExecutionException: org.apache.kafka.common.KafkaException: Encountered errors while removing members from the consumer group: ${javaErrorLine(failed)}`);
  }
}

interface TopicsView {
  /** Non-internal topic names in the order of Kafka's listTopics() HashMap. */
  all: string[];
  partitions: Map<string, number[]>;
}

async function listTopics(client: NativeClient): Promise<TopicsView> {
  const md = await client.metadata(null);
  const names: string[] = [];
  const partitions = new Map<string, number[]>();
  for (const t of md.topics) {
    if (t.name === null || t.isInternal || t.errorCode !== ErrorCode.NONE) continue;
    names.push(t.name);
    partitions.set(
      t.name,
      t.partitions.map((p) => p.partitionIndex),
    );
  }
  return { all: javaHashOrder(names, javaStringHash), partitions };
}

interface Bounds {
  begin: Map<string, bigint>;
  end: Map<string, bigint>;
}

async function bounds(ctx: StreamsResetContext, tps: readonly TopicPartition[]): Promise<Bounds> {
  const end = await ctx.groups.listOffsets(tps, 'latest');
  const begin = await ctx.groups.listOffsets(tps, 'earliest');
  return { begin, end };
}

/** checkOffsetRange: Kafka's bounds (an offset equal to either end is "set" to it, with the message). */
function checkOffsetRange(ctx: StreamsResetContext, requested: readonly PartitionOffset[], b: Bounds): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of requested) {
    const key = tpKey(r.topic, r.partition);
    const end = b.end.get(key);
    const begin = b.begin.get(key);
    if (end === undefined || begin === undefined) throw failure(PLAN_NPE);
    if (r.offset < end) {
      if (r.offset > begin) out.set(key, r.offset);
      else {
        ctx.print(`New offset (${r.offset}) is lower than earliest offset. Value will be set to ${begin}`);
        out.set(key, begin);
      }
    } else {
      ctx.print(`New offset (${r.offset}) is higher than latest offset. Value will be set to ${end}`);
      out.set(key, end);
    }
  }
  return out;
}

/** maybeReset: the input partitions' new positions for the scenario, with Kafka's lines. */
async function resetInputs(ctx: StreamsResetContext, inputs: readonly TopicPartition[]): Promise<Map<string, bigint>> {
  const spec = ctx.args.spec;
  const sized = (offsetOf: (tp: TopicPartition) => bigint): PartitionOffset[] =>
    tpOrder(
      inputs.map((tp) => ({ ...tp, offset: offsetOf(tp) })),
      inputs.length,
    );
  switch (spec.kind) {
    case 'to-earliest':
      return ctx.groups.listOffsets(inputs, 'earliest');
    case 'to-latest':
      return ctx.groups.listOffsets(inputs, 'latest');
    case 'to-offset': {
      const b = await bounds(ctx, inputs);
      return checkOffsetRange(
        ctx,
        sized(() => spec.offset),
        b,
      );
    }
    case 'shift-by': {
      const b = await bounds(ctx, inputs);
      const committed = await ctx.groups.fetchOffsets(ctx.args.applicationId);
      const missing = inputs.filter((tp) => !committed.has(tpKey(tp.topic, tp.partition)));
      if (missing.length > 0 && ctx.autoOffsetReset === 'none') {
        throw failure(`ERROR: org.apache.kafka.clients.consumer.NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [${missing.map(tpString).join(', ')}]`);
      }
      const fallback = ctx.autoOffsetReset === 'earliest' ? b.begin : b.end;
      return checkOffsetRange(
        ctx,
        sized((tp) => {
          const key = tpKey(tp.topic, tp.partition);
          return (committed.get(key)?.offset ?? fallback.get(key) ?? 0n) + spec.by;
        }),
        b,
      );
    }
    case 'to-datetime':
    case 'by-duration': {
      const ts = spec.kind === 'to-datetime' ? spec.timestamp : ctx.now() - spec.durationMs;
      const found = await ctx.groups.listOffsets(inputs, { timestamp: BigInt(ts) });
      const empty = inputs.filter((tp) => (found.get(tpKey(tp.topic, tp.partition)) ?? -1n) < 0n);
      const latest = await ctx.groups.listOffsets(empty, 'latest');
      const out = new Map<string, bigint>();
      for (const tp of inputs) {
        const key = tpKey(tp.topic, tp.partition);
        const f = found.get(key) ?? -1n;
        if (f >= 0n) out.set(key, f);
        else {
          out.set(key, latest.get(key) ?? 0n);
          ctx.print(`Partition ${tp.partition} from topic ${tp.topic} is empty, without a committed record. Falling back to latest known offset.`);
        }
      }
      return out;
    }
    case 'from-file': {
      const b = await bounds(ctx, inputs);
      const validated = checkOffsetRange(ctx, tpOrder(ctx.plan ?? []), b);
      for (const tp of inputs) if (!validated.has(tpKey(tp.topic, tp.partition))) throw failure(PLAN_NPE);
      return validated;
    }
  }
}

async function commit(ctx: StreamsResetContext, offsets: readonly PartitionOffset[]): Promise<void> {
  if (offsets.length === 0) return;
  const results = await ctx.groups.commitOffsets(ctx.args.applicationId, offsets);
  const bad = results.find((r) => r.errorCode !== ErrorCode.NONE);
  if (bad !== undefined) throw failure(`ERROR: ${javaErrorLine(bad.errorCode)}`);
}

/** maybeResetInputAndSeekToEndIntermediateTopicOffsets. */
async function seekTopics(ctx: StreamsResetContext, topics: TopicsView, outcome: StreamsResetOutcome): Promise<0 | 1> {
  const { inputTopics, intermediateTopics, applicationId } = ctx.args;
  if (inputTopics.length === 0 && intermediateTopics.length === 0) {
    ctx.print('No input or intermediate topics specified. Skipping seek.');
    return 0;
  }
  if (inputTopics.length > 0) ctx.print(`Reset-offsets for input topics [${inputTopics.join(', ')}]`);
  if (intermediateTopics.length > 0) ctx.print(`Seek-to-end for intermediate topics [${intermediateTopics.join(', ')}]`);
  const exists = (t: string): boolean => topics.partitions.has(t);
  outcome.notFoundInputTopics = inputTopics.filter((t) => !exists(t));
  outcome.notFoundIntermediateTopics = intermediateTopics.filter((t) => !exists(t));
  let exitCode: 0 | 1 = 0;
  if (outcome.notFoundInputTopics.length > 0) {
    ctx.print('Following input topics are not found, skipping them');
    for (const t of outcome.notFoundInputTopics) ctx.print(`Topic: ${t}`);
    exitCode = 1;
  }
  if (outcome.notFoundIntermediateTopics.length > 0) {
    ctx.print('Following intermediate topics are not found, skipping them');
    for (const t of outcome.notFoundIntermediateTopics) ctx.print(`Topic:${t}`);
    exitCode = 1;
  }
  const subscribe = [...new Set([...inputTopics, ...intermediateTopics].filter(exists))];
  if (subscribe.length === 0) return exitCode;

  // HashSet<String>(inputs + intermediates), then partitionsFor per topic.
  const ordered = javaHashOrder(subscribe, javaStringHash, inputTopics.length + intermediateTopics.length);
  const partitions = ordered.flatMap((topic) => (topics.partitions.get(topic) ?? []).map((partition) => ({ topic, partition })));
  const inputs = tpOrder(partitions.filter((tp) => inputTopics.includes(tp.topic)));
  const intermediates = tpOrder(partitions.filter((tp) => !inputTopics.includes(tp.topic) && intermediateTopics.includes(tp.topic)));

  if (inputs.length > 0) {
    ctx.print(`Following input topics offsets will be reset to (for consumer group ${applicationId})`);
    const positions = await resetInputs(ctx, inputs);
    for (const tp of inputs) {
      const offset = positions.get(tpKey(tp.topic, tp.partition)) ?? 0n;
      outcome.inputPartitions.push({ ...tp, offset });
      ctx.print(`Topic: ${tp.topic} Partition: ${tp.partition} Offset: ${offset}`);
    }
  }
  if (intermediates.length > 0) {
    ctx.print(`Following intermediate topics offsets will be reset to end (for consumer group ${applicationId})`);
    for (const tp of intermediates) ctx.print(`Topic: ${tp.topic}`);
    const ends = await ctx.groups.listOffsets(intermediates, 'latest');
    for (const tp of intermediates) outcome.intermediatePartitions.push({ ...tp, offset: ends.get(tpKey(tp.topic, tp.partition)) ?? 0n });
  }
  if (!ctx.args.dryRun) await commit(ctx, [...outcome.inputPartitions, ...outcome.intermediatePartitions]);
  ctx.print('Done.');
  return exitCode;
}

/** doDelete: one DeleteTopics at the controller; every failed topic named, then Kafka's summary error. */
async function deleteTopics(client: NativeClient, topics: readonly string[]): Promise<void> {
  // The admin client asks once per name (a name given twice is deleted once).
  const names = [...new Set(topics)];
  if (names.length === 0) return;
  const md = await client.metadata([]);
  const conn = md.brokers.some((b) => b.nodeId === md.controllerId) ? await client.nodeConnection(md.controllerId) : await client.anyConnection();
  const res = await conn.send(DeleteTopicsApi, {
    topics: names.map((name) => ({ name, topicId: ZERO_UUID })),
    topicNames: [...names],
    timeoutMs: 30_000,
  });
  const failed = javaHashOrder(
    res.responses.filter((r) => r.errorCode !== ErrorCode.NONE),
    (r) => javaStringHash(r.name ?? ''),
  );
  if (failed.length === 0) return;
  throw failure(
    ...failed.flatMap((r) => [`ERROR: deleting topic ${r.name ?? ''}`, `java.util.concurrent.ExecutionException: ${javaErrorLine(r.errorCode, r.errorMessage)}`]),
    'ERROR: java.lang.RuntimeException: Encountered an error deleting one or more topics',
  );
}

/** maybeDeleteInternalTopics. */
async function deleteInternalTopics(ctx: StreamsResetContext, topics: TopicsView, outcome: StreamsResetOutcome): Promise<void> {
  const { applicationId, inputTopics, intermediateTopics, internalTopics } = ctx.args;
  const inferred = topics.all.filter(
    (t) => !inputTopics.includes(t) && !intermediateTopics.includes(t) && t.startsWith(`${applicationId}-`) && matchesInternalTopicFormat(t),
  );
  let toDelete: string[];
  if (internalTopics.length > 0) {
    if (!internalTopics.every((t) => inferred.includes(t))) {
      throw failure(
        'ERROR: java.lang.IllegalArgumentException: Invalid topic specified in the --internal-topics option. Ensure that the topics specified are all internal topics. ' +
          'Do a dry run without the --internal-topics option to see the list of all internal topics that can be deleted.',
      );
    }
    toDelete = internalTopics;
    ctx.print(`Deleting specified internal topics [${toDelete.join(', ')}]`);
  } else {
    toDelete = inferred;
    ctx.print(`Deleting inferred internal topics [${toDelete.join(', ')}]`);
  }
  outcome.internalTopics = toDelete;
  outcome.internalTopicsSpecified = internalTopics.length > 0;
  if (!ctx.args.dryRun) await deleteTopics(ctx.client, toDelete);
  ctx.print('Done.');
}

/** The whole reset (after the options were checked and the config-file notice printed). */
export async function runStreamsReset(ctx: StreamsResetContext): Promise<StreamsResetOutcome> {
  const outcome: StreamsResetOutcome = {
    applicationId: ctx.args.applicationId,
    dryRun: ctx.args.dryRun,
    removedMembers: [],
    notFoundInputTopics: [],
    notFoundIntermediateTopics: [],
    inputPartitions: [],
    intermediatePartitions: [],
    internalTopics: [],
    internalTopicsSpecified: false,
    exitCode: 0,
  };
  await checkActiveMembers(ctx, outcome.removedMembers);
  const topics = await listTopics(ctx.client);
  if (ctx.args.dryRun) ctx.print('----Dry run displays the actions which will be performed when running Streams Reset Tool----');
  if (ctx.args.intermediateTopics.length > 0) ctx.print('WARN: `--intermediate-topics` is deprecated and will be removed in a future release');
  outcome.exitCode = await seekTopics(ctx, topics, outcome);
  await deleteInternalTopics(ctx, topics, outcome);
  return outcome;
}

/** The -o json document: what was (or, in a dry run, would be) reset and deleted. */
export function streamsResetJson(o: StreamsResetOutcome): unknown {
  const rows = (list: readonly PartitionOffset[]): unknown[] =>
    [...list]
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
      .map((p) => ({ topic: p.topic, partition: p.partition, offset: Number(p.offset) }));
  return {
    applicationId: o.applicationId,
    dryRun: o.dryRun,
    removedMembers: o.removedMembers,
    inputPartitions: rows(o.inputPartitions),
    intermediatePartitions: rows(o.intermediatePartitions),
    notFoundInputTopics: o.notFoundInputTopics,
    notFoundIntermediateTopics: o.notFoundIntermediateTopics,
    internalTopics: o.internalTopics,
    internalTopicsSpecified: o.internalTopicsSpecified,
    internalTopicsDeleted: !o.dryRun,
  };
}
