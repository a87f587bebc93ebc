// --reset-offsets (ConsumerGroupService.resetOffsets + GroupOffsetsResetter): which partitions, the
// target offset of each for every spec, clamping into [log start, log end], Kafka's CSV for
// --export / --from-file, and the plan's text. Execution (the commit) is the caller's.
import { UsageError } from '../../shared/errors.js';
import type { GroupAdmin } from './admin.js';
import { CommandFailedError } from './java-errors.js';
import { stringKeyOrder, topicPartitionOrder } from './java-order.js';
import { USAGE_HINT, type ResetSpec } from './options.js';
import { tpKey, tpString, type Printer, type TopicPartition } from './types.js';

export interface ResetEntry extends TopicPartition {
  newOffset: bigint;
  /** The committed offset before the reset; null without a commit. */
  currentOffset: bigint | null;
  logStartOffset: bigint | null;
  logEndOffset: bigint | null;
}

export interface GroupResetPlan {
  group: string;
  /** In Kafka's print order (HashMap iteration). */
  entries: ResetEntry[];
  /** Set when the group was not reset (active group, no plan in the file); printed as `Error: ...`. */
  error: string | null;
}

/** `--from-file` contents: group → partition key → offset. */
export type FilePlan = Map<string, Map<string, TopicPartition & { offset: bigint }>>;

/** Reset failures Kafka reports as `Error: Executing consumer group command failed due to ...`. */
export class ResetError extends CommandFailedError {
  override readonly name: string = 'ResetError';
  constructor(message: string) {
    super('RESET_FAILED', message);
  }
}

/** Log4j's `[yyyy-MM-dd HH:mm:ss,SSS]` in local time, as Kafka's tools log WARN lines to stderr. */
function log4jTime(now: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())},${p(now.getMilliseconds(), 3)}`;
}

export function clampWarning(kind: 'higher' | 'lower', tp: TopicPartition, requested: bigint, value: bigint, now = new Date()): string {
  const which = kind === 'higher' ? 'higher than latest' : 'lower than earliest';
  return `[${log4jTime(now)}] WARN New offset (${requested}) is ${which} offset for topic partition ${tpString(tp)}. Value will be set to ${value}. (org.apache.kafka.tools.GroupOffsetsResetter)`;
}

// ---------------------------------------------------------------------------------------------
// Scope

/** GroupOffsetsResetter.parseTopicsWithPartitions: `topic:0,1,2`. */
export function parseTopicWithPartitions(arg: string): TopicPartition[] {
  const parts = arg.split(':');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) throw new UsageError(`Invalid topic arg '${arg}', expected topic name and partitions`, USAGE_HINT);
  const [topic = '', list = ''] = parts;
  return list.split(',').map((raw) => {
    const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648) throw new UsageError(`Invalid partition '${raw}' specified in topic arg '${arg}''`, USAGE_HINT);
    return { topic, partition: n };
  });
}

/** `--topic` values: explicit partitions first, then every partition of the bare topics. */
export async function partitionsOfTopicArgs(admin: GroupAdmin, args: readonly string[]): Promise<TopicPartition[]> {
  const explicit = args.filter((a) => a.includes(':')).flatMap(parseTopicWithPartitions);
  const bare = args.filter((a) => !a.includes(':'));
  if (bare.length === 0) return explicit;
  const described = await admin.topicPartitions(bare);
  const out = [...explicit];
  for (const topic of new Set(bare)) {
    const parts = described.get(topic);
    if (parts === undefined) throw new ResetError('This server does not host this topic-partition.');
    for (const p of parts) out.push({ topic, partition: p.partition });
  }
  return out;
}

/** checkAllTopicPartitionsValid: every partition exists and has a leader. */
export async function checkPartitionsValid(admin: GroupAdmin, partitions: readonly TopicPartition[]): Promise<void> {
  const described = await admin.topicPartitions([...new Set(partitions.map((p) => p.topic))]);
  const find = (tp: TopicPartition): { leader: number } | undefined => described.get(tp.topic)?.find((p) => p.partition === tp.partition);
  const missing = partitions.filter((tp) => find(tp) === undefined);
  if (missing.length > 0) throw new ResetError(`The partitions "${missing.map(tpString).join(',')}" do not exist`);
  const leaderless = partitions.filter((tp) => (find(tp)?.leader ?? -1) < 0);
  if (leaderless.length > 0) throw new ResetError(`The partitions "${leaderless.map(tpString).join(',')}" have no leader`);
}

// ---------------------------------------------------------------------------------------------
// CSV (Jackson's CsvMapper as Kafka configures it: no header, `\n` line ends)

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v;
}

/** `--export`: `topic,partition,offset` for one --group, `group,topic,partition,offset` otherwise; printed with println. */
export function exportCsv(plans: readonly GroupResetPlan[], singleGroup: boolean): string {
  let out = '';
  for (const plan of plans) {
    for (const e of plan.entries) {
      const cells = singleGroup ? [e.topic, String(e.partition), String(e.newOffset)] : [plan.group, e.topic, String(e.partition), String(e.newOffset)];
      out += `${cells.map(csvCell).join(',')}\n`;
    }
  }
  return `${out}\n`;
}

function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i];
        i++;
      }
      if (i < line.length && line[i] !== ',') return null;
    } else {
      const next = line.indexOf(',', i);
      cell = next < 0 ? line.slice(i) : line.slice(i, next);
      i = next < 0 ? line.length : next;
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    i++; // the comma
  }
}

/**
 * One line as Jackson's CsvMapper reads it into Kafka's record class: more cells than columns fail;
 * fewer are accepted for the group layout, the missing offset left at Java's default 0 (a 3-column
 * plan given to several --group values reads as group,topic,partition).
 */
function csvRecord(line: string, withGroup: boolean): { group?: string; topic: string; partition: number; offset: bigint } | null {
  const cells = splitCsvLine(line);
  if (cells === null || (withGroup ? cells.length < 3 || cells.length > 4 : cells.length !== 3)) return null;
  const [a = '', b = '', c = '', d = '0'] = cells;
  const [group, topic, partRaw, offRaw] = withGroup ? [a, b, c, d] : [undefined, a, b, c];
  if (!/^[+-]?\d+$/.test(partRaw.trim()) || !/^[+-]?\d+$/.test(offRaw.trim())) return null;
  return { ...(group === undefined ? {} : { group }), topic, partition: Number(partRaw.trim()), offset: BigInt(offRaw.trim()) };
}

/**
 * GroupOffsetsResetter.parseResetPlan: the first line decides the layout; the 3-column layout is
 * taken for a single --group only (otherwise every line must name its group).
 */
export function parseResetPlan(text: string, groups: readonly string[]): FilePlan {
  const lines = text.replaceAll('\r', '').split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const first = lines[0];
  const oldFormat = first !== undefined && csvRecord(first, false) !== null;
  const single = groups.length === 1 && oldFormat;
  const plan: FilePlan = new Map();
  for (const [i, line] of lines.entries()) {
    const rec = csvRecord(line, !single);
    if (rec === null) throw new ResetError(`Cannot parse line ${i + 1} of the reset plan: '${line}' (expected ${single ? 'topic,partition,offset' : 'group,topic,partition,offset'})`);
    const group = single ? (groups[0] ?? '') : (rec.group ?? '');
    const m = plan.get(group) ?? new Map<string, TopicPartition & { offset: bigint }>();
    m.set(tpKey(rec.topic, rec.partition), { topic: rec.topic, partition: rec.partition, offset: rec.offset });
    plan.set(group, m);
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Planning

export interface PlanContext {
  admin: GroupAdmin;
  spec: ResetSpec;
  /** Parsed --from-file, for the `from-file` spec. */
  filePlan?: FilePlan | undefined;
  /** --topic values; ignored with --all-topics or --from-file. */
  topics: readonly string[];
  allTopics: boolean;
  /** The partitions to reset, already chosen (kafka-streams-groups' input-topic scopes); overrides topics/allTopics. */
  scope?: readonly TopicPartition[] | undefined;
  /** Wall-clock for --by-duration. */
  now: () => number;
  /** Log4j-style WARN lines (clamping) go to stderr; "Warn: ... is empty" lines to the data stream. */
  warn: (line: string) => void;
  notice: (text: string) => void;
}

/** The new offsets for one inactive group (resetOffsetsForInactiveGroup without the commit). */
export async function planGroupReset(ctx: PlanContext, group: string): Promise<GroupResetPlan> {
  const { admin, spec } = ctx;
  const committed = await admin.fetchOffsets(group);
  let partitions: TopicPartition[];
  if (spec.kind === 'from-file') partitions = [];
  else if (ctx.scope !== undefined) partitions = [...ctx.scope];
  else if (ctx.allTopics) partitions = [...committed.values()].map((c) => ({ topic: c.topic, partition: c.partition }));
  else if (ctx.topics.length > 0) partitions = await partitionsOfTopicArgs(admin, ctx.topics);
  else throw new UsageError('One of the reset scopes should be defined: --all-topics, --topic.', USAGE_HINT);
  // A partition named twice is reset once (Kafka collects into a map).
  partitions = [...new Map(partitions.map((p) => [tpKey(p.topic, p.partition), p])).values()];
  if (partitions.length > 0) await checkPartitionsValid(admin, partitions);

  let requested: Array<TopicPartition & { offset: bigint }>;
  let clamp = false;
  switch (spec.kind) {
    case 'to-offset':
      requested = partitions.map((p) => ({ ...p, offset: spec.offset }));
      clamp = true;
      break;
    case 'to-earliest':
    case 'to-latest': {
      const offsets = await admin.listOffsets(partitions, spec.kind === 'to-earliest' ? 'earliest' : 'latest');
      requested = partitions.map((p) => {
        const o = offsets.get(tpKey(p.topic, p.partition));
        if (o === undefined) throw new UsageError(`Error getting ${spec.kind === 'to-earliest' ? 'starting' : 'ending'} offset of topic partition: ${tpString(p)}`, USAGE_HINT);
        return { ...p, offset: o };
      });
      break;
    }
    case 'shift-by':
      requested = partitions.map((p) => {
        const c = committed.get(tpKey(p.topic, p.partition));
        if (c === undefined) throw new UsageError(`Cannot shift offset for partition ${tpString(p)} since there is no current committed offset`, USAGE_HINT);
        return { ...p, offset: c.offset + spec.by };
      });
      clamp = true;
      break;
    case 'to-datetime':
    case 'by-duration': {
      const ts = spec.kind === 'to-datetime' ? spec.timestamp : ctx.now() - spec.durationMs;
      const found = await admin.listOffsets(partitions, { timestamp: BigInt(ts) });
      const empty = partitions.filter((p) => (found.get(tpKey(p.topic, p.partition)) ?? -1n) < 0n);
      // Kafka prints these walking a HashMap<TopicPartition, ...> of the partitions without an offset.
      for (const p of topicPartitionOrder(empty)) ctx.notice(`\nWarn: Partition ${p.partition} from topic ${p.topic} is empty. Falling back to latest known offset.\n`);
      const latest = await admin.listOffsets(empty, 'latest');
      requested = partitions.map((p) => {
        const key = tpKey(p.topic, p.partition);
        const f = found.get(key) ?? -1n;
        const o = f >= 0n ? f : latest.get(key);
        if (o === undefined) throw new UsageError(`Error getting offset by timestamp of topic partition: ${tpString(p)}`, USAGE_HINT);
        return { ...p, offset: o };
      });
      break;
    }
    case 'from-file': {
      const forGroup = ctx.filePlan?.get(group);
      if (forGroup === undefined) return { group, entries: [], error: `No reset plan for group ${group} found.` };
      requested = [...forGroup.values()];
      partitions = requested.map((r) => ({ topic: r.topic, partition: r.partition }));
      clamp = true;
      break;
    }
    case 'to-current': {
      const without = partitions.filter((p) => !committed.has(tpKey(p.topic, p.partition)));
      const ends = await admin.listOffsets(without, 'latest');
      requested = partitions.map((p) => {
        const key = tpKey(p.topic, p.partition);
        const c = committed.get(key)?.offset ?? ends.get(key);
        if (c === undefined) throw new ResetError(`Error getting ending offset of topic partition: ${tpString(p)}`);
        return { ...p, offset: c };
      });
      break;
    }
  }

  const starts = await admin.listOffsets(partitions, 'earliest');
  const ends = await admin.listOffsets(partitions, 'latest');
  // GroupOffsetsResetter.checkOffsetsRange walks a HashMap<TopicPartition, Long>: its WARN lines come in that order.
  const entries: ResetEntry[] = topicPartitionOrder(requested).map((r) => {
    const key = tpKey(r.topic, r.partition);
    const logStartOffset = starts.get(key) ?? null;
    const logEndOffset = ends.get(key) ?? null;
    let newOffset = r.offset;
    if (clamp) {
      if (logEndOffset === null) throw new ResetError(`Unexpected non-existing offset value for topic partition ${tpString(r)}`);
      if (newOffset > logEndOffset) {
        ctx.warn(clampWarning('higher', r, newOffset, logEndOffset));
        newOffset = logEndOffset;
      } else if (logStartOffset !== null && newOffset < logStartOffset) {
        ctx.warn(clampWarning('lower', r, newOffset, logStartOffset));
        newOffset = logStartOffset;
      }
    }
    return { topic: r.topic, partition: r.partition, newOffset, currentOffset: committed.get(key)?.offset ?? null, logStartOffset, logEndOffset };
  });
  return { group, entries: topicPartitionOrder(entries), error: null };
}

/** Kafka prints the groups of a reset in HashMap<String, ...> order. */
export function orderPlans(plans: readonly GroupResetPlan[]): GroupResetPlan[] {
  return stringKeyOrder(plans, (p) => p.group);
}

// ---------------------------------------------------------------------------------------------
// Text and JSON

function lagOf(offset: bigint | null, end: bigint | null): string {
  return offset === null || end === null ? '-' : String(end - offset);
}

/**
 * GroupOffsetsResetter.printOffsetsToReset. With `plan` (dry runs) tkafka appends CURRENT-OFFSET
 * and LAG before → after to each line; Kafka's four columns keep their place.
 */
export function renderResetPlan(p: Printer, plans: readonly GroupResetPlan[], opts: { plan: boolean }): void {
  const groupW = Math.max(15, ...plans.map((g) => g.group.length));
  const topicW = Math.max(15, ...plans.flatMap((g) => g.entries.map((e) => e.topic.length)));
  const line = (cells: string[]): string => {
    const [group = '', topic = '', partition = '', ...rest] = cells;
    const lead = `${group.padEnd(groupW)} ${topic.padEnd(topicW)} ${partition.padEnd(10)} `;
    if (!opts.plan) return `${lead}${rest[0] ?? ''}`;
    return `${lead}${(rest[0] ?? '').padEnd(15)} ${(rest[1] ?? '').padEnd(15)} ${rest[2] ?? ''}`;
  };
  let text = '';
  if (plans.length > 0) text += `\n${line(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET', 'CURRENT-OFFSET', 'LAG'])}`;
  for (const g of plans) {
    for (const e of g.entries) {
      const current = e.currentOffset === null ? '-' : String(e.currentOffset);
      const lag = `${lagOf(e.currentOffset, e.logEndOffset)} → ${lagOf(e.newOffset, e.logEndOffset)}`;
      text += `\n${line([g.group, e.topic, String(e.partition), String(e.newOffset), current, lag])}`;
    }
  }
  p.out(`${text}\n`);
}

export function resetJson(plans: readonly GroupResetPlan[], mode: 'dry-run' | 'execute'): unknown {
  const n = (v: bigint | null): number | null => (v === null ? null : Number(v));
  return {
    mode,
    groups: plans.map((g) => ({
      group: g.group,
      error: g.error,
      partitions: [...g.entries]
        .sort((a, b) => (a.topic !== b.topic ? (a.topic < b.topic ? -1 : 1) : a.partition - b.partition))
        .map((e) => ({
          topic: e.topic,
          partition: e.partition,
          currentOffset: n(e.currentOffset),
          newOffset: Number(e.newOffset),
          logStartOffset: n(e.logStartOffset),
          logEndOffset: n(e.logEndOffset),
          lagBefore: e.currentOffset === null || e.logEndOffset === null ? null : Number(e.logEndOffset - e.currentOffset),
          lagAfter: e.logEndOffset === null ? null : Number(e.logEndOffset - e.newOffset),
        })),
    })),
  };
}
