// kafka-streams-groups.sh's operations (StreamsGroupCommand.StreamsGroupService, Kafka 4.4) over
// StreamsGroupAdmin: each prints Kafka's text as it goes through `out` (stdout, or stderr in JSON
// mode) and returns plain data for `-o json`. Maps Kafka iterates as java.util.HashMap are printed
// in that order (java-order.ts). Kafka's stack traces are left out.
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.js';
import type { TopologyDescription, TopologyDescriptionNode } from '../../protocol/streams-group-describe.js';
import { TopologyDescriptionStatus } from '../../protocol/streams-group-describe.js';
import type { ResetSpec } from '../consumer-groups/options.js';
import { stringKeyOrder, topicPartitionOrder } from '../consumer-groups/java-order.js';
import { exportCsv, planGroupReset, parseTopicWithPartitions, type GroupResetPlan } from '../consumer-groups/reset.js';
import { deleteOffsets as deleteGroupOffsets, type DeleteOffsetsResult } from '../consumer-groups/run.js';
import { renderDeleteOffsets } from '../consumer-groups/render.js';
import { tpKey, type TopicPartition } from '../consumer-groups/types.js';
import { javaException } from '../get-offsets/java-errors.js';
import { StreamsAdminError, StreamsCommandFailure, type StreamsGroupAdmin, type StreamsGroupInfo, type StreamsGroupListing, type StreamsTasks } from './admin.js';
import { matchesInternalTopicFormat } from '../streams-application-reset/internal-topics.js';

export interface Out {
  (text: string): void;
}

/** printError: `\nError: <msg>` on stdout. */
function printError(out: Out, msg: string): void {
  out(`\nError: ${msg}\n`);
}

const pad = (s: string | number, w: number): string => String(s).padEnd(w);

/** The catch-all's message for a failure met by an admin call made through a RuntimeException wrapper. */
function wrapped(err: StreamsAdminError): StreamsCommandFailure {
  return new StreamsCommandFailure(`java.util.concurrent.ExecutionException: ${err.javaText}`);
}

/** Kafka's catch-all message for an error of the command, or null for one that is not (a bug, a lost connection). */
export function failureMessage(err: unknown): string | null {
  if (err instanceof StreamsCommandFailure) return err.message;
  if (err instanceof StreamsAdminError) return err.javaText;
  if (err instanceof KafkaProtocolError) return javaException(err.code);
  return null;
}

// --list -------------------------------------------------------------------------------------------

export async function listGroups(admin: StreamsGroupAdmin, states: string[] | null, out: Out): Promise<StreamsGroupListing[]> {
  const groups = await admin.listStreamsGroups(states ?? []);
  if (states === null) {
    for (const g of groups) out(`${g.groupId}\n`);
    return groups;
  }
  const w = Math.max(15, ...groups.map((g) => g.groupId.length));
  out(`${pad('GROUP', w)} STATE\n`);
  for (const g of groups) out(`${pad(g.groupId, w)} ${g.state === '' ? 'Unknown' : g.state}\n`);
  return groups;
}

// --describe ---------------------------------------------------------------------------------------

export interface OffsetRow extends TopicPartition {
  currentOffset: bigint | null;
  leaderEpoch: number | null;
  logEndOffset: bigint;
  lag: bigint;
}

export interface DescribedStreamsGroup {
  group: StreamsGroupInfo;
  /** --offsets (the default view) only. */
  offsets?: OffsetRow[];
  /** --topology only: whether the topology description could be printed. */
  topologyPrinted?: boolean;
}

/** maybePrintEmptyGroupState. */
function maybePrintEmptyGroupState(out: Out, group: string, state: string): void {
  if (state === 'Dead') printError(out, `Streams group '${group}' does not exist.`);
  else if (state === 'Empty') printError(out, `Streams group '${group}' has no active members.`);
}

const stateValid = (state: string, rows: number): boolean => state !== 'Dead' && rows > 0;

/** getTopicPartitions: the partitions of a member's active tasks, over each subtopology's source and repartition source topics. */
function taskPartitions(tasks: readonly StreamsTasks[], g: StreamsGroupInfo): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const t of tasks) {
    const s = g.subtopologies.find((x) => x.subtopologyId === t.subtopologyId);
    if (s === undefined) throw new StreamsCommandFailure(`Subtopology ${t.subtopologyId} not found in group description!`);
    for (const topic of [...s.sourceTopics, ...s.repartitionSourceTopics]) for (const partition of t.partitions) out.push({ topic, partition });
  }
  return out;
}

/** The group's committed offsets, kept for its source topics (and, with `repartition`, its repartition source topics). */
async function committedOffsets(admin: StreamsGroupAdmin, groupId: string, repartition: boolean, wrap: boolean): Promise<Map<string, TopicPartition & { offset: bigint; leaderEpoch: number }>> {
  let d: StreamsGroupInfo | undefined;
  try {
    d = (await admin.describeStreamsGroups([groupId])).get(groupId);
  } catch (err) {
    if (wrap && err instanceof StreamsAdminError) throw wrapped(err);
    throw err;
  }
  const topics = new Set((d?.subtopologies ?? []).flatMap((s) => (repartition ? [...s.sourceTopics, ...s.repartitionSourceTopics] : s.sourceTopics)));
  const all = await admin.fetchOffsets(groupId);
  return new Map([...all].filter(([, c]) => topics.has(c.topic)));
}

async function groupOffsets(admin: StreamsGroupAdmin, g: StreamsGroupInfo): Promise<OffsetRow[]> {
  const unique = new Map<string, TopicPartition>();
  for (const m of g.members) for (const tp of taskPartitions(m.assignment.active, g)) unique.set(tpKey(tp.topic, tp.partition), tp);
  const tps = [...unique.values()];
  const earliest = await admin.listOffsets(tps, 'earliest');
  const latest = await admin.listOffsets(tps, 'latest');
  const committed = await committedOffsets(admin, g.groupId, true, true);
  const rows = tps.map((tp) => {
    const key = tpKey(tp.topic, tp.partition);
    const end = latest.get(key) ?? 0n;
    const c = committed.get(key);
    const lag = c !== undefined ? end - c.offset : end - (earliest.get(key) ?? 0n);
    return { ...tp, currentOffset: c?.offset ?? null, leaderEpoch: c === undefined || c.leaderEpoch < 0 ? null : c.leaderEpoch, logEndOffset: end, lag };
  });
  return topicPartitionOrder(rows);
}

function printOffsets(out: Out, g: StreamsGroupInfo, rows: readonly OffsetRow[], verbose: boolean): void {
  if (!stateValid(g.state, g.members.length)) return;
  maybePrintEmptyGroupState(out, g.groupId, g.state);
  const gw = Math.max(15, g.groupId.length);
  const tw = Math.max(15, ...rows.map((r) => r.topic.length));
  if (!verbose) {
    out(`${pad('GROUP', gw)} ${pad('TOPIC', tw)} ${pad('PARTITION', 10)} OFFSET-LAG\n`);
    for (const r of rows) out(`${pad(g.groupId, gw)} ${pad(r.topic, tw)} ${pad(r.partition, 10)} ${r.lag}\n`);
    return;
  }
  out(`${pad('GROUP', gw)} ${pad('TOPIC', tw)} ${pad('PARTITION', 10)} ${pad('CURRENT-OFFSET', 15)} ${pad('LEADER-EPOCH', 15)} ${pad('LOG-END-OFFSET', 15)} ${pad('OFFSET-LAG', 15)}\n`);
  for (const r of rows) {
    out(`${pad(g.groupId, gw)} ${pad(r.topic, tw)} ${pad(r.partition, 10)} ${pad(r.currentOffset === null ? '-' : String(r.currentOffset), 15)} ${pad(r.leaderEpoch === null ? '-' : r.leaderEpoch, 15)} ${pad(String(r.logEndOffset), 15)} ${pad(String(r.lag), 15)}\n`);
  }
}

function taskType(tasks: readonly StreamsTasks[], name: string): string {
  if (tasks.length === 0) return '';
  return `${name}: ${tasks.map((t) => `${t.subtopologyId}:[${t.partitions.join(',')}]; `).join('')}`;
}

function tasksText(m: StreamsGroupInfo['members'][number], withTarget: boolean): string {
  let s = taskType(m.assignment.active, 'ACTIVE') + taskType(m.assignment.standby, 'STANDBY') + taskType(m.assignment.warmup, 'WARMUP');
  if (withTarget) s += taskType(m.targetAssignment.active, 'TARGET-ACTIVE') + taskType(m.targetAssignment.standby, 'TARGET-STANDBY') + taskType(m.targetAssignment.warmup, 'TARGET-WARMUP');
  return s;
}

function printMembers(out: Out, g: StreamsGroupInfo, verbose: boolean): void {
  if (!stateValid(g.state, g.members.length)) return;
  maybePrintEmptyGroupState(out, g.groupId, g.state);
  const gw = Math.max(15, g.groupId.length);
  const mw = Math.max(15, ...g.members.map((m) => m.memberId.length));
  const pw = Math.max(15, ...g.members.map((m) => m.processId.length));
  const cw = Math.max(15, ...g.members.map((m) => m.clientId.length));
  if (!verbose) {
    const line = (a: string, b: string, c: string, d: string, e: string): string => `${pad(a, gw)} ${pad(b, mw)} ${pad(c, pw)} ${pad(d, cw)} ${e}\n`;
    out(line('GROUP', 'MEMBER', 'PROCESS', 'CLIENT-ID', 'ASSIGNMENTS'));
    for (const m of g.members) out(line(g.groupId, m.memberId, m.processId, m.clientId, tasksText(m, false)));
    return;
  }
  const line = (a: string, b: string, c: string, d: string, e: string, f: string, h: string, i: string, j: string): string =>
    `${pad(a, gw)} ${pad(b, 25)} ${pad(c, 15)}${pad(d, mw)} ${pad(e, 15)} ${pad(f, 15)} ${pad(h, pw)} ${pad(i, cw)} ${j}\n`;
  out(line('GROUP', 'TARGET-ASSIGNMENT-EPOCH', 'TOPOLOGY-EPOCH', 'MEMBER', 'MEMBER-PROTOCOL', 'MEMBER-EPOCH', 'PROCESS', 'CLIENT-ID', 'ASSIGNMENTS'));
  for (const m of g.members) {
    out(line(g.groupId, String(g.targetAssignmentEpoch), String(g.topologyEpoch), m.memberId, m.isClassic ? 'classic' : 'streams', String(m.memberEpoch), m.processId, m.clientId, tasksText(m, true)));
  }
}

function coordinatorText(g: StreamsGroupInfo): string {
  return `${g.coordinator.host}:${g.coordinator.port} (${g.coordinator.id})`;
}

function printStates(out: Out, g: StreamsGroupInfo, verbose: boolean): void {
  maybePrintEmptyGroupState(out, g.groupId, g.state);
  const gw = Math.max(15, g.groupId.length);
  const coordinator = coordinatorText(g);
  const cw = Math.max(25, coordinator.length);
  const assignor = g.assignor ?? '';
  const aw = Math.max(15, assignor.length);
  if (!verbose) {
    out(`${pad('GROUP', gw)} ${pad('COORDINATOR (ID)', cw)} ${pad('ASSIGNOR', aw)} ${pad('STATE', 25)} #MEMBERS\n`);
    out(`${pad(g.groupId, gw)} ${pad(coordinator, cw)} ${pad(assignor, aw)} ${pad(g.state, 25)} ${g.members.length}\n`);
    return;
  }
  out(`${pad('GROUP', gw)} ${pad('COORDINATOR (ID)', cw)} ${pad('ASSIGNOR', aw)} ${pad('STATE', 25)} ${pad('GROUP-EPOCH', 15)} ${pad('TARGET-ASSIGNMENT-EPOCH', 25)} #MEMBERS\n`);
  out(`${pad(g.groupId, gw)} ${pad(coordinator, cw)} ${pad(assignor, aw)} ${pad(g.state, 25)} ${pad(g.groupEpoch, 15)} ${pad(g.targetAssignmentEpoch, 25)} ${g.members.length}\n`);
}

// TopologyDescriptionFormatter: the description as Kafka Streams' Topology#describe() prints it:
// nodes in the order the broker gave them, topics, stores and node names sorted; predecessors are
// the nodes of the same subtopology (or global store) naming a node as successor.
export function formatTopology(d: TopologyDescription): string {
  const sorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const names = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : sorted(xs).join(', '));
  const node = (n: TopologyDescriptionNode, nodes: readonly TopologyDescriptionNode[]): string => {
    const preds = nodes.filter((x) => x.successors.includes(n.name)).map((x) => x.name);
    if (n.nodeType === 1) return `Source: ${n.name} (topics: [${sorted(n.sourceTopics).join(', ')}])\n      --> ${names(n.successors)}`;
    if (n.nodeType === 2) return `Processor: ${n.name} (stores: [${sorted(n.stores).join(', ')}])\n      --> ${names(n.successors)}\n      <-- ${names(preds)}`;
    if (n.nodeType === 3) return `Sink: ${n.name} (topic: ${n.sinkTopic ?? 'null'})\n      <-- ${names(preds)}`;
    throw new StreamsCommandFailure(`Unknown topology node type: ${n.nodeType}`);
  };
  let s = 'Topologies:\n';
  for (const sub of d.subtopologies) {
    s += `   Sub-topology: ${sub.subtopologyId}\n`;
    for (const n of sub.nodes) s += `    ${node(n, sub.nodes)}\n`;
    s += '\n';
  }
  for (const [i, g] of d.globalStores.entries()) {
    const pair = [g.source, g.processor];
    s += `   Sub-topology: ${d.subtopologies.length + i} for global store (will not generate tasks)\n`;
    s += `    ${node(g.source, pair)}\n    ${node(g.processor, pair)}\n\n`;
  }
  return s;
}

/** printTopology: false (exit 1) when the broker has no description to give. */
function printTopology(out: Out, g: StreamsGroupInfo): boolean {
  switch (g.topologyDescriptionStatus) {
    case TopologyDescriptionStatus.AVAILABLE:
      if (g.topologyDescription !== null) {
        out(`${formatTopology(g.topologyDescription)}\n`);
        return true;
      }
      break;
    case TopologyDescriptionStatus.NOT_STORED:
      printError(out, `No topology description is stored for streams group '${g.groupId}'.`);
      return false;
    case TopologyDescriptionStatus.ERROR:
      printError(out, `The broker failed to fetch the topology description for streams group '${g.groupId}'. See the broker logs for details.`);
      return false;
    default:
      break;
  }
  const status = ['NOT_REQUESTED', 'NOT_STORED', 'ERROR', 'AVAILABLE'][g.topologyDescriptionStatus] ?? 'UNKNOWN';
  printError(out, `No topology description is available for streams group '${g.groupId}' (status: ${status}).`);
  return false;
}

export interface DescribeOptions {
  groups: readonly string[];
  allGroups: boolean;
  view: 'offsets' | 'members' | 'state' | 'topology';
  verbose: boolean;
}

/** describeGroups: each group in turn, as Kafka prints it; `failed` when a topology could not be shown. */
export async function describeGroups(admin: StreamsGroupAdmin, opts: DescribeOptions, out: Out): Promise<{ groups: DescribedStreamsGroup[]; failed: boolean }> {
  const ids = opts.allGroups ? (await admin.listStreamsGroups()).map((g) => g.groupId) : [...opts.groups];
  const groups: DescribedStreamsGroup[] = [];
  let failed = false;
  for (const id of ids) {
    const g = (await admin.describeStreamsGroups([id], { includeTopologyDescription: opts.view === 'topology' })).get(id);
    if (g === undefined) continue;
    if (opts.view === 'topology') {
      const ok = printTopology(out, g);
      failed ||= !ok;
      groups.push({ group: g, topologyPrinted: ok });
    } else if (opts.view === 'members') {
      printMembers(out, g, opts.verbose);
      groups.push({ group: g });
    } else if (opts.view === 'state') {
      printStates(out, g, opts.verbose);
      groups.push({ group: g });
    } else {
      const rows = await groupOffsets(admin, g);
      printOffsets(out, g, rows, opts.verbose);
      groups.push({ group: g, offsets: rows });
    }
  }
  return { groups, failed };
}

// --delete -------------------------------------------------------------------------------------------

export interface DeleteGroupsOutcome {
  deleted: string[];
  failed: Array<{ groupId: string; error: string }>;
  internalTopics: Array<{ groupId: string; topics: string[]; error: string | null }>;
}

/** retrieveInternalTopics: per group, its repartition and changelog topics that are inferred internal. */
async function retrieveInternalTopics(admin: StreamsGroupAdmin, groupIds: readonly string[], out: Out): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  let described: Map<string, StreamsGroupInfo>;
  try {
    described = await admin.describeStreamsGroups(groupIds);
  } catch (err) {
    if (!(err instanceof StreamsAdminError)) throw err;
    if (err.javaText.includes('UnsupportedVersionException')) {
      const all = await admin.allTopicNames();
      const internal = all.filter((t) => groupIds.some((id) => isInferredInternalTopic(t, id)));
      printError(out, `Retrieving internal topics is not supported by the broker version.\nInternal topics: (${internal.join(',')}).\nUse 'kafka-topics.sh' to delete the group's internal topics.`);
    } else {
      printError(out, `Retrieving internal topics failed due to java.util.concurrent.ExecutionException: ${err.javaText}`);
    }
    return result;
  }
  for (const d of stringKeyOrder([...described.values()], (x) => x.groupId)) {
    const sources = d.subtopologies.flatMap((s) => s.sourceTopics);
    const internal = d.subtopologies.flatMap((s) => [...s.repartitionSourceTopics, ...s.stateChangelogTopics]).filter((t) => !sources.includes(t));
    const kept = internal.filter((t) => {
      if (isInferredInternalTopic(t, d.groupId)) return true;
      printError(out, `The internal topic '${t}' is not inferred as internal and thus will not be deleted with the group '${d.groupId}'.`);
      return false;
    });
    if (kept.length > 0) result.set(d.groupId, kept);
  }
  return result;
}

function isInferredInternalTopic(topic: string, applicationId: string): boolean {
  return topic.startsWith(`${applicationId}-`) && matchesInternalTopicFormat(topic);
}

export async function deleteGroups(admin: StreamsGroupAdmin, opts: { groups: readonly string[]; allGroups: boolean; deleteAllInternalTopics: boolean }, out: Out): Promise<DeleteGroupsOutcome> {
  const ids = opts.allGroups ? (await admin.listStreamsGroups()).map((g) => g.groupId) : [...opts.groups];
  // preAdminCallChecks
  const listed = await admin.listStreamsGroups();
  const failed = new Map<string, string>();
  for (const id of new Set(ids)) {
    const l = listed.find((x) => x.groupId === id);
    if (l === undefined) failed.set(id, `java.lang.IllegalArgumentException: Group '${id}' does not exist or is not a streams group.`);
    else if (l.state === 'Dead') failed.set(id, `java.lang.IllegalStateException: Streams group '${id}' group state is DEAD.`);
    else if (l.state !== '' && l.state !== 'Empty') failed.set(id, `org.apache.kafka.common.errors.GroupNotEmptyException: Streams group '${id}' is not EMPTY.`);
  }
  const remaining = [...new Set(ids.filter((id) => !failed.has(id)))];
  const success: string[] = [];
  let internal = new Map<string, string[]>();
  const internalFailures = new Map<string, string>();
  if (remaining.length > 0) {
    if (opts.deleteAllInternalTopics) internal = await retrieveInternalTopics(admin, remaining, out);
    for (const r of await admin.deleteGroups(remaining)) {
      if (r.errorCode === ErrorCode.NONE) success.push(r.groupId);
      else failed.set(r.groupId, javaException(r.errorCode));
    }
    // maybeDeleteInternalTopics
    for (const groupId of stringKeyOrder(success, (x) => x)) {
      const topics = internal.get(groupId) ?? [];
      if (topics.length === 0) continue;
      const results = await admin.deleteTopics(topics);
      const bad = [...results].filter(([, e]) => e !== null);
      if (bad.length === 0) continue;
      for (const [topic] of stringKeyOrder(bad, ([t]) => t)) out(`Failed to delete internal topic: ${topic}\n`);
      internalFailures.set(groupId, bad[0]?.[1] ?? '');
    }
  }
  const deleted = stringKeyOrder(success, (x) => x);
  const failedList = stringKeyOrder([...failed], ([g]) => g);
  if (failedList.length === 0) {
    out(`Deletion of requested streams groups ('${deleted.join("', '")}') was successful.\n`);
  } else {
    printError(out, 'Deletion of some streams groups failed:');
    for (const [g, e] of failedList) out(`* Group '${g}' could not be deleted due to: ${e}\n`);
    if (deleted.length > 0) out(`\nThese streams groups were deleted successfully: '${deleted.join("', '")}'.\n`);
  }
  if (internal.size > 0 && deleted.length > 0) {
    if (internalFailures.size === 0) {
      out(`Deletion of associated internal topics of the streams groups ('${deleted.filter((g) => internal.has(g)).join("', '")}') was successful.\n`);
    } else {
      out('Deletion of some associated internal topics failed:\n');
      for (const [g, e] of stringKeyOrder([...internalFailures], ([x]) => x)) out(`* Internal topics of the streams group '${g}' could not be deleted due to: ${e}\n`);
    }
  }
  return {
    deleted,
    failed: failedList.map(([groupId, error]) => ({ groupId, error })),
    internalTopics: [...internal].map(([groupId, topics]) => ({ groupId, topics, error: internalFailures.get(groupId) ?? null })),
  };
}

// --delete-offsets -----------------------------------------------------------------------------------

export async function deleteOffsets(admin: StreamsGroupAdmin, opts: { group: string; inputTopics: readonly string[]; allInputTopics: boolean }, out: Out): Promise<DeleteOffsetsResult> {
  let args: string[];
  if (opts.allInputTopics) {
    const committed = await committedOffsets(admin, opts.group, false, true);
    args = [...committed.values()].map((c) => `${c.topic}:${c.partition}`);
  } else {
    for (const t of opts.inputTopics) if (t.includes(':')) parseTopicWithPartitions(t);
    args = [...opts.inputTopics];
  }
  const result = await deleteGroupOffsets(admin, opts.group, args);
  renderDeleteOffsets({ out, err: out }, result);
  return result;
}

// --reset-offsets ------------------------------------------------------------------------------------

export interface ResetOptions {
  groups: readonly string[];
  allGroups: boolean;
  spec: ResetSpec;
  filePlan: Map<string, Map<string, TopicPartition & { offset: bigint }>> | undefined;
  inputTopics: readonly string[];
  allInputTopics: boolean;
  execute: boolean;
  deleteAllInternalTopics: boolean;
  deleteInternalTopics: readonly string[];
  now: () => number;
  /** Log4j-style WARN lines (offsets clamped into the log's range), for stderr. */
  warn: (line: string) => void;
}

export interface StreamsResetPlan extends GroupResetPlan {
  internalTopicsDeleted: string[];
}

async function resetInactiveGroup(admin: StreamsGroupAdmin, groupId: string, opts: ResetOptions, out: Out): Promise<GroupResetPlan> {
  let scope: TopicPartition[] | undefined;
  if (opts.spec.kind !== 'from-file') {
    if (opts.allInputTopics) {
      scope = [...(await committedOffsets(admin, groupId, false, true)).values()].map((c) => ({ topic: c.topic, partition: c.partition }));
    } else {
      const explicit = opts.inputTopics.filter((t) => t.includes(':')).flatMap(parseTopicWithPartitions);
      const bare = [...new Set(opts.inputTopics.filter((t) => !t.includes(':')))];
      const described = await admin.topicPartitions(bare);
      scope = [...explicit];
      for (const topic of bare) {
        const parts = described.get(topic);
        if (parts === undefined) throw new StreamsCommandFailure('This server does not host this topic-partition.');
        for (const p of parts) scope.push({ topic, partition: p.partition });
      }
      // filterExistingGroupTopics: every partition must have a committed offset of the group.
      const all = await admin.fetchOffsets(groupId);
      if (!scope.every((tp) => all.has(tpKey(tp.topic, tp.partition)))) {
        printError(out, `One or more topics are not part of the group '${groupId}'.`);
        scope = [];
      }
    }
  }
  const plan = await planGroupReset(
    { admin, spec: opts.spec, filePlan: opts.filePlan, topics: [], allTopics: false, ...(scope === undefined ? {} : { scope }), now: opts.now, warn: opts.warn, notice: out },
    groupId,
  );
  if (plan.error !== null) throw new StreamsCommandFailure(plan.error);
  if (opts.execute && plan.entries.length > 0) {
    const results = await admin.commitOffsets(
      groupId,
      plan.entries.map((e) => ({ topic: e.topic, partition: e.partition, offset: e.newOffset })),
    );
    const bad = results.find((r) => r.errorCode !== ErrorCode.NONE);
    if (bad !== undefined) throw new StreamsCommandFailure(javaException(bad.errorCode));
  }
  return plan;
}

async function deleteInternalTopicsAfterReset(admin: StreamsGroupAdmin, groupId: string, opts: ResetOptions, out: Out): Promise<string[]> {
  let topics: string[] = [];
  if (opts.deleteAllInternalTopics) topics = (await retrieveInternalTopics(admin, [groupId], out)).get(groupId) ?? [];
  else if (opts.deleteInternalTopics.length > 0) topics = [...opts.deleteInternalTopics];
  if (topics.length === 0) return [];
  const results = await admin.deleteTopics(topics);
  const bad = [...results.values()].find((e) => e !== null);
  if (bad === undefined || bad === null) return topics;
  if (bad.includes('UnknownTopicOrPartitionException')) printError(out, `Deleting internal topics for group '${groupId}' failed because the topics do not exist.`);
  else if (bad.includes('UnsupportedVersionException')) printError(out, `Deleting internal topics is not supported by the broker version.\nInternal topics: (${topics.join(',')}).\nUse 'kafka-topics.sh' to delete the group's internal topics.`);
  else printError(out, `Deleting internal topics for group '${groupId}' failed due to java.util.concurrent.ExecutionException: ${bad}`);
  return [];
}

/** resetOffsets: the plans of every group, in Kafka's HashMap order; prints its errors as it goes. */
export async function resetOffsets(admin: StreamsGroupAdmin, opts: ResetOptions, out: Out): Promise<StreamsResetPlan[]> {
  const ids = opts.allGroups ? (await admin.listStreamsGroups()).map((g) => g.groupId) : [...new Set(opts.groups)];
  const plans: StreamsResetPlan[] = [];
  if (ids.length === 0) return plans;
  const described = await admin.describeEach(ids);
  for (const [groupId, d] of stringKeyOrder([...described], ([g]) => g)) {
    if (d instanceof StreamsAdminError) {
      if (!d.javaText.includes('GroupIdNotFoundException')) throw new StreamsCommandFailure(`java.util.concurrent.ExecutionException: ${d.javaText}`);
      plans.push({ ...(await resetInactiveGroup(admin, groupId, opts, out)), internalTopicsDeleted: [] });
      continue;
    }
    if (d.state === 'Empty' || d.state === 'Dead') {
      const plan = await resetInactiveGroup(admin, groupId, opts, out);
      const deletedTopics = opts.execute ? await deleteInternalTopicsAfterReset(admin, groupId, opts, out) : [];
      plans.push({ ...plan, internalTopicsDeleted: deletedTopics });
    } else {
      const error = `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${d.state}.`;
      printError(out, error);
      plans.push({ group: groupId, entries: [], error, internalTopicsDeleted: [] });
    }
  }
  return stringKeyOrder(plans, (p) => p.group);
}

/** printOffsetsToReset. */
export function renderStreamsResetPlan(out: Out, plans: readonly GroupResetPlan[]): void {
  const line = (a: string, b: string, c: string, d: string): string => `\n${pad(a, 30)} ${pad(b, 30)} ${pad(c, 10)} ${pad(d, 15)}`;
  let s = plans.length > 0 ? line('GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET') : '';
  for (const p of plans) for (const e of p.entries) s += line(p.group, e.topic, String(e.partition), String(e.newOffset));
  out(`${s}\n`);
}

export function exportStreamsCsv(plans: readonly GroupResetPlan[], singleGroup: boolean): string {
  return exportCsv(plans, singleGroup);
}
