// Kafka's text for kafka-consumer-groups (ConsumerGroupCommand.java, GroupOffsetsResetter.java):
// Java printf `%-Ns` columns, `-` for missing values, a newline before every line of a group block,
// and the notices it writes to stderr. Plus the JSON documents of `-o json`.
import { ErrorCode, errorName } from '../../protocol/error-codes.js';
import type { GroupMembers, GroupOffsets, GroupState, MemberRow, OffsetRow, TopicLag } from './describe.js';
import { javaErrorMessage, javaException } from './java-errors.js';
import type { DeleteGroupsResult, DeleteOffsetsResult, DescribeResult } from './run.js';
import type { GroupListing, Printer, TopicPartition } from './types.js';

export const MISSING = '-';

export type { Printer } from './types.js';

/** Java's `%-Ns`: left-aligned, padded to N, never truncated. */
function pad(s: string, width: number): string {
  return s.padEnd(width);
}

function fmt(widths: readonly number[], cells: readonly string[]): string {
  return cells.map((c, i) => (i < widths.length ? pad(c, widths[i] ?? 0) : c)).join(' ');
}

function str(v: bigint | number | string | null | undefined): string {
  return v === null || v === undefined ? MISSING : String(v);
}

const REBALANCING = new Set(['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']);

/**
 * ConsumerGroupService.shouldPrintMemberState: prints Kafka's notice for the state and says whether
 * the group block follows. `failed` is true for a group that does not exist (tkafka exits 1).
 */
export function memberStateNotice(p: Printer, group: string, state: string, rows: number): { print: boolean; failed: boolean } {
  if (state === 'Dead') {
    p.out(`\nError: Consumer group '${group}' does not exist.\n`);
    return { print: false, failed: true };
  }
  if (state === 'Empty') p.err(`\nConsumer group '${group}' has no active members.\n`);
  else if (REBALANCING.has(state)) p.err(`\nWarning: Consumer group '${group}' is rebalancing.\n`);
  else if (state !== 'Stable') {
    p.out(`\nError: Executing consumer group command failed due to Expected a valid consumer group state, but found '${state}'.\n`);
    return { print: false, failed: true };
  }
  return { print: rows > 0, failed: false };
}

// ---------------------------------------------------------------------------------------------
// --list

/** GroupType.toString for the TYPE column. */
function typeName(type: string): string {
  if (type === '') return 'Unknown';
  return type.charAt(0).toUpperCase() + type.slice(1).toLowerCase();
}

export function renderList(p: Printer, groups: readonly GroupListing[], opts: { includeState: boolean; includeType: boolean }): void {
  if (!opts.includeState && !opts.includeType) {
    for (const g of groups) p.out(`${g.groupId}\n`);
    return;
  }
  const groupWidth = Math.max(15, ...groups.map((g) => g.groupId.length)) + 10;
  const widths = [groupWidth];
  const head = ['GROUP'];
  if (opts.includeType) {
    widths.push(20);
    head.push('TYPE');
  }
  if (opts.includeState) {
    widths.push(20);
    head.push('STATE');
  }
  // Every column, the last included, is padded (Kafka's format ends in `%-20s`).
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i] ?? 0)).join(' ');
  p.out(`${line(head)}\n`);
  for (const g of groups) {
    const cells = [g.groupId];
    if (opts.includeType) cells.push(typeName(g.type));
    if (opts.includeState) cells.push(g.state === '' ? 'Unknown' : g.state);
    p.out(`${line(cells)}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// --describe --offsets

export function renderOffsets(p: Printer, groups: readonly GroupOffsets[], opts: { verbose: boolean }): { failed: boolean } {
  let failed = false;
  for (const g of groups) {
    const notice = memberStateNotice(p, g.group, g.state, g.rows.length);
    failed ||= notice.failed;
    if (!notice.print) continue;
    const w = (vals: string[]): number => Math.max(15, ...vals.map((v) => v.length));
    const groupW = w(g.rows.map((r) => r.group));
    const topicW = w(g.rows.map((r) => r.topic));
    const consumerW = w(g.rows.map((r) => str(r.consumerId)));
    const hostW = w(g.rows.map((r) => str(r.host)));
    const widths = opts.verbose ? [groupW, topicW, 10, 15, 15, 15, 15, consumerW, hostW] : [groupW, topicW, 10, 15, 15, 15, consumerW, hostW];
    const head = opts.verbose
      ? ['GROUP', 'TOPIC', 'PARTITION', 'LEADER-EPOCH', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']
      : ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'];
    let text = `\n${fmt(widths, head)}`;
    for (const r of g.rows) {
      const cells = [r.group, r.topic, String(r.partition)];
      if (opts.verbose) cells.push(str(r.leaderEpoch));
      cells.push(str(r.currentOffset), str(r.logEndOffset), str(r.lag), str(r.consumerId), str(r.host), str(r.clientId));
      text += `\n${fmt(widths, cells)}`;
    }
    p.out(`${text}\n`);
  }
  return { failed };
}

/** `--by-topic`: one line per topic with summed offsets and lag (tkafka's view). */
export function renderByTopic(p: Printer, groups: ReadonlyArray<{ group: GroupOffsets; topics: TopicLag[] }>): { failed: boolean } {
  let failed = false;
  for (const { group: g, topics } of groups) {
    const notice = memberStateNotice(p, g.group, g.state, g.rows.length);
    failed ||= notice.failed;
    if (!notice.print) continue;
    const widths = [Math.max(15, g.group.length), Math.max(15, ...topics.map((t) => t.topic.length)), 10, 15, 15, 15];
    let text = `\n${fmt(widths, ['GROUP', 'TOPIC', 'PARTITIONS', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMERS'])}`;
    for (const t of topics) text += `\n${fmt(widths, [g.group, t.topic, String(t.partitions), str(t.currentOffset), str(t.logEndOffset), str(t.lag), String(t.consumers)])}`;
    p.out(`${text}\n`);
  }
  return { failed };
}

// ---------------------------------------------------------------------------------------------
// --describe --members

/** getAssignmentString: `topic:0,1;topic2:3`, partitions sorted, topics sorted as strings. */
export function assignmentString(assignment: readonly TopicPartition[]): string {
  const byTopic = new Map<string, number[]>();
  for (const tp of assignment) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic]
    .map(([topic, parts]) => `${topic}:${[...parts].sort((a, b) => a - b).join(',')}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(';');
}

/** CURRENT-ASSIGNMENT, TARGET-ASSIGNMENT: `-` for an empty or unknown (classic group) assignment. */
function assignmentCell(assignment: readonly TopicPartition[] | null): string {
  return assignment === null || assignment.length === 0 ? MISSING : assignmentString(assignment);
}

export function renderMembers(p: Printer, groups: readonly GroupMembers[], opts: { verbose: boolean }): { failed: boolean } {
  let failed = false;
  for (const g of groups) {
    const notice = memberStateNotice(p, g.group, g.state, g.members.length);
    failed ||= notice.failed;
    let groupW = 15;
    let consumerW = 15;
    let instanceW = 17;
    let hostW = 15;
    let clientW = 15;
    let currentW = 20;
    let targetW = 20;
    let withInstance = false;
    // Kafka sizes the columns only for groups it prints rows of, but prints the header for all.
    if (notice.print) {
      for (const m of g.members) {
        groupW = Math.max(groupW, m.group.length);
        consumerW = Math.max(consumerW, m.consumerId.length);
        instanceW = Math.max(instanceW, (m.groupInstanceId ?? '').length);
        hostW = Math.max(hostW, m.host.length);
        clientW = Math.max(clientW, m.clientId.length);
        withInstance ||= (m.groupInstanceId ?? '') !== '';
        currentW = Math.max(currentW, assignmentCell(m.assignment).length);
        targetW = Math.max(targetW, assignmentCell(m.targetAssignment).length);
      }
    }
    const base = withInstance ? [groupW, consumerW, instanceW, hostW, clientW, 15] : [groupW, consumerW, hostW, clientW, 15];
    const row = (cells: string[]): string => `${fmt(base, cells)} `;
    const extraWidths = [15, currentW, 15, targetW];
    const extra = (cells: string[]): string => fmt(extraWidths, cells);
    let text = `\n${row(withInstance ? ['GROUP', 'CONSUMER-ID', 'GROUP-INSTANCE-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS'] : ['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS'])}`;
    if (opts.verbose) text += extra(['CURRENT-EPOCH', 'CURRENT-ASSIGNMENT', 'TARGET-EPOCH', 'TARGET-ASSIGNMENT']);
    text += '\n';
    for (const m of g.members) {
      const n = String(m.assignment.length);
      text += row(withInstance ? [m.group, m.consumerId, m.groupInstanceId ?? '', m.host, m.clientId, n] : [m.group, m.consumerId, m.host, m.clientId, n]);
      if (opts.verbose) text += extra([str(m.currentEpoch), assignmentCell(m.assignment), str(m.targetEpoch), assignmentCell(m.targetAssignment)]);
      text += '\n';
    }
    p.out(text);
  }
  return { failed };
}

// ---------------------------------------------------------------------------------------------
// --describe --state

export function renderStates(p: Printer, groups: readonly GroupState[], opts: { verbose: boolean }): { failed: boolean } {
  let failed = false;
  for (const g of groups) {
    const notice = memberStateNotice(p, g.group, g.state, 1);
    failed ||= notice.failed;
    if (!notice.print) continue;
    const coordinator = `${g.coordinator.host}:${g.coordinator.port}  (${g.coordinator.id})`;
    const strategy = g.assignmentStrategy === '' ? MISSING : g.assignmentStrategy;
    const lead = [Math.max(15, g.group.length), Math.max(25, coordinator.length), 20, 20];
    const widths = opts.verbose ? [...lead, 15, 25] : lead;
    const head = opts.verbose
      ? ['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', 'GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH', '#MEMBERS']
      : ['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS'];
    const values = opts.verbose ? [g.group, coordinator, strategy, g.state, str(g.groupEpoch), str(g.targetAssignmentEpoch), String(g.members)] : [g.group, coordinator, strategy, g.state, String(g.members)];
    p.out(`\n${fmt(widths, head)}\n${fmt(widths, values)}\n`);
  }
  return { failed };
}

/** The text of any --describe view; `failed` when a group does not exist or is in an unexpected state. */
export function renderDescribe(p: Printer, r: DescribeResult, opts: { verbose: boolean }): { failed: boolean } {
  switch (r.view) {
    case 'members':
      return renderMembers(p, r.groups, opts);
    case 'state':
      return renderStates(p, r.groups, opts);
    case 'by-topic':
      return renderByTopic(p, r.groups);
    case 'offsets':
      return renderOffsets(p, r.groups, opts);
  }
}

// ---------------------------------------------------------------------------------------------
// --delete, --delete-offsets

/** Kafka's text for --delete; `failed` when some group could not be deleted. */
export function renderDeleteGroups(p: Printer, r: DeleteGroupsResult): { failed: boolean } {
  const quoted = (ids: readonly string[]): string => ids.map((id) => `'${id}'`).join(', ');
  if (r.failed.length === 0) {
    p.out(`Deletion of requested consumer groups (${quoted(r.deleted)}) was successful.\n`);
    return { failed: false };
  }
  p.out('\nError: Deletion of some consumer groups failed:\n');
  for (const f of r.failed) p.out(`* Group '${f.groupId}' could not be deleted due to: ${javaException(f.errorCode)}\n`);
  if (r.deleted.length > 0) p.out(`\nThese consumer groups were deleted successfully: ${quoted(r.deleted)}\n`);
  return { failed: true };
}

/** Kafka's text for --delete-offsets: the outcome line, then a TOPIC/PARTITION/STATUS table. */
export function renderDeleteOffsets(p: Printer, r: DeleteOffsetsResult): void {
  switch (r.errorCode) {
    case ErrorCode.NONE:
      p.out(`Request succeeded for deleting offsets from group ${r.group}.\n`);
      break;
    case ErrorCode.INVALID_GROUP_ID:
    case ErrorCode.GROUP_ID_NOT_FOUND:
    case ErrorCode.GROUP_AUTHORIZATION_FAILED:
    case ErrorCode.NON_EMPTY_GROUP:
      p.out(`\nError: ${javaErrorMessage(r.errorCode)}\n`);
      break;
    case ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC:
    case ErrorCode.TOPIC_AUTHORIZATION_FAILED:
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
      p.out('\nError: Encountered some partition-level error, see the follow-up details.\n');
      break;
    default:
      p.out(`\nError: Encountered some unknown error: ${errorName(r.errorCode)}\n`);
  }
  const topicW = Math.max(15, ...r.partitions.map((x) => x.topic.length));
  const line = (a: string, b: string, c: string): string => `\n${a.padEnd(topicW)} ${b.padEnd(10)} ${c.padEnd(15)}`;
  let text = line('TOPIC', 'PARTITION', 'STATUS');
  for (const x of r.partitions) text += line(x.topic, x.partition >= 0 ? String(x.partition) : '-', x.errorCode === ErrorCode.NONE ? 'Successful' : `Error: ${javaException(x.errorCode)}`);
  p.out(`${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// JSON documents (tkafka's; schema in the command help and README)

function num(v: bigint | null): number | null {
  return v === null ? null : Number(v);
}

export function offsetsJson(groups: readonly GroupOffsets[]): unknown {
  return {
    groups: groups.map((g) => ({
      group: g.group,
      state: g.state,
      exists: g.state !== 'Dead',
      coordinator: g.coordinator,
      totalLag: g.rows.reduce((acc, r) => acc + Number(r.lag ?? 0n), 0),
      partitions: g.rows.map((r: OffsetRow) => ({
        topic: r.topic,
        partition: r.partition,
        currentOffset: num(r.currentOffset),
        logEndOffset: num(r.logEndOffset),
        lag: num(r.lag),
        leaderEpoch: r.leaderEpoch,
        consumerId: r.consumerId,
        host: r.host,
        clientId: r.clientId,
      })),
    })),
  };
}

export function byTopicJson(groups: ReadonlyArray<{ group: GroupOffsets; topics: TopicLag[] }>): unknown {
  return {
    groups: groups.map(({ group: g, topics }) => ({
      group: g.group,
      state: g.state,
      exists: g.state !== 'Dead',
      topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions, currentOffset: num(t.currentOffset), logEndOffset: num(t.logEndOffset), lag: num(t.lag), consumers: t.consumers })),
    })),
  };
}

export function membersJson(groups: readonly GroupMembers[]): unknown {
  return {
    groups: groups.map((g) => ({
      group: g.group,
      state: g.state,
      exists: g.state !== 'Dead',
      members: g.members.map((m: MemberRow) => ({
        consumerId: m.consumerId,
        groupInstanceId: m.groupInstanceId,
        host: m.host,
        clientId: m.clientId,
        partitions: m.assignment.length,
        assignment: m.assignment.map((tp) => ({ topic: tp.topic, partition: tp.partition })),
        currentEpoch: m.currentEpoch,
        targetEpoch: m.targetEpoch,
        targetAssignment: m.targetAssignment === null ? null : m.targetAssignment.map((tp) => ({ topic: tp.topic, partition: tp.partition })),
      })),
    })),
  };
}

export function statesJson(groups: readonly GroupState[]): unknown {
  return {
    groups: groups.map((g) => ({
      group: g.group,
      state: g.state,
      exists: g.state !== 'Dead',
      coordinator: g.coordinator,
      assignmentStrategy: g.assignmentStrategy === '' ? null : g.assignmentStrategy,
      members: g.members,
      groupEpoch: g.groupEpoch,
      targetAssignmentEpoch: g.targetAssignmentEpoch,
    })),
  };
}

export function listJson(groups: readonly GroupListing[]): unknown {
  return { groups: groups.map((g) => ({ group: g.groupId, state: g.state === '' ? null : g.state, type: g.type === '' ? null : g.type.toLowerCase(), protocolType: g.protocolType })) };
}

export function describeJson(r: DescribeResult): unknown {
  switch (r.view) {
    case 'members':
      return membersJson(r.groups);
    case 'state':
      return statesJson(r.groups);
    case 'by-topic':
      return byTopicJson(r.groups);
    case 'offsets':
      return offsetsJson(r.groups);
  }
}

export function deleteGroupsJson(r: DeleteGroupsResult): unknown {
  return { deleted: r.deleted, failed: r.failed.map((f) => ({ group: f.groupId, error: errorName(f.errorCode), message: javaErrorMessage(f.errorCode) })) };
}

export function deleteOffsetsJson(r: DeleteOffsetsResult): unknown {
  return {
    group: r.group,
    error: r.errorCode === ErrorCode.NONE ? null : errorName(r.errorCode),
    partitions: r.partitions.map((x) => ({
      topic: x.topic,
      partition: x.partition < 0 ? null : x.partition,
      error: x.errorCode === 0 ? null : errorName(x.errorCode),
      message: x.errorCode === 0 ? null : javaErrorMessage(x.errorCode),
    })),
  };
}
