// kafka-topics' actions (TopicCommand.TopicService) over a TopicAdmin: plain inputs, plain data out
// (Kafka's text and the JSON documents are render.ts's). Talks to a cluster only through the
// TopicAdmin interface, so all of it runs without a broker in unit tests.
import { UnsupportedApiError } from '../../client/native/errors.js';
import { ApiKey } from '../../protocol/generated/api-keys.js';
import { defaultHashMapOrder, describeTopicOrder, type JdkFlavor } from './java.js';
import { anyPartitionReport, describeFilters, parseReplicaAssignment, parseTopicConfigs, topicFilter, type DescribeFilters, type TopicAction, type TopicsFlags } from './options.js';
import { TOPIC_ALREADY_EXISTS, TopicCommandError, ZERO_UUID, hasCollisionChars, isInternalTopic, type ConfigEntry, type PartitionInfo, type TopicAdmin, type TopicListing, type TopicPartitions } from './types.js';

/** TopicService.getTopics: sorted names, narrowed by `--topic` and `--exclude-internal`. */
export function selectTopics(all: readonly TopicListing[], topic: string | undefined, excludeInternal: boolean): string[] {
  const names = all.filter((t) => !(excludeInternal && (t.internal || isInternalTopic(t.name)))).map((t) => t.name);
  names.sort(compareJavaStrings);
  if (topic === undefined) return names;
  const allowed = topicFilter(topic);
  return names.filter(allowed);
}

/** Java's String.compareTo: UTF-16 code unit order, which is JS's default string order. */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ensureTopicExists(found: readonly string[], requested: string | undefined, requireExists: boolean, all: readonly TopicListing[]): void {
  if (requested !== undefined && requested !== '' && requireExists && found.length === 0) {
    const near = similarTopics(requested, all);
    const hint = near.length > 0 ? `Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : undefined;
    throw new TopicCommandError(`Topic '${requested}' does not exist as expected`, hint === undefined ? {} : { hint });
  }
}

/** Up to three existing names within two edits of `wanted` (case differences are free). */
export function similarTopics(wanted: string, all: readonly TopicListing[]): string[] {
  const w = wanted.toLowerCase();
  return all
    .map((t) => ({ name: t.name, d: editDistance(w, t.name.toLowerCase()) }))
    .filter((c) => c.d <= Math.min(2, Math.floor(w.length / 3)) && !isInternalTopic(c.name))
    .sort((a, b) => a.d - b.d || compareJavaStrings(a.name, b.name))
    .slice(0, 3)
    .map((c) => c.name);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** DescribeOptions.shouldPrintTopicPartition: with no report option every partition is shown. */
export function partitionSelected(p: PartitionInfo, f: DescribeFilters, minIsr: () => number, liveBrokers: ReadonlySet<number>): boolean {
  if (!anyPartitionReport(f)) return true;
  const noLeader = p.leader === null;
  return (
    (f.underReplicated && p.replicas.length - p.isr.length > 0) ||
    (f.unavailable && (noLeader || !liveBrokers.has(p.leader ?? -1))) ||
    (f.underMinIsr && (noLeader || p.isr.length < minIsr())) ||
    (f.atMinIsr && minIsr() === p.isr.length)
  );
}

function minIsrOf(entries: readonly ConfigEntry[]): number {
  const v = entries.find((e) => e.name === 'min.insync.replicas')?.value;
  const n = v === undefined || v === null ? Number.NaN : Number.parseInt(v, 10);
  return Number.isNaN(n) ? 1 : n;
}

export type TopicsFormat = 'text' | 'json';

export interface RunOptions {
  format: TopicsFormat;
  /** The JVM whose HashMap order --describe reproduces. */
  jdk?: JdkFlavor;
}

/** --create's outcome (also its `-o json` document); `created` is false for an existing topic with --if-not-exists. */
export interface CreateOutcome {
  name: string;
  created: boolean;
  id: string | null;
  partitions: number | null;
  replicationFactor: number | null;
}

/** One described topic as the command shows it. */
export interface TopicDescription {
  /** Every partition, by index. */
  topic: TopicPartitions;
  /** The configs that are not defaults, in the order Kafka's HashMap lists them. */
  overrides: ConfigEntry[];
  /** Whether the summary line is shown (text). */
  summary: boolean;
  /** The partitions listed, after the report filters. */
  partitions: PartitionInfo[];
}

/**
 * What a kafka-topics action found or did, for render.ts. `failure` is an error met after part of
 * the output was ready: Kafka's tool had printed that part already, so the caller shows it first.
 */
export type TopicsResult = { failure?: Error } & (
  | { action: 'list'; topics: TopicListing[] }
  | { action: 'describe'; topics: TopicDescription[]; /** Lines for stderr (never mixed with JSON). */ notices: string[] }
  | { action: 'create'; collisionWarning: boolean; result: CreateOutcome | null }
  | { action: 'alter'; altered: Array<{ name: string; partitions: number }> }
  | { action: 'delete'; deleted: string[] }
);

/**
 * Runs one checked kafka-topics invocation against `admin`. Failures before any output throw
 * (TopicCommandError: the caller prints Kafka's error line); later ones come back as `failure`.
 */
export async function runTopicCommand(action: TopicAction, flags: TopicsFlags, admin: TopicAdmin, opts: RunOptions): Promise<TopicsResult> {
  switch (action) {
    case 'list':
      return listTopics(flags, admin);
    case 'describe':
      return describeTopics(flags, admin, opts);
    case 'create':
      return createTopic(flags, admin);
    case 'alter':
      return alterTopics(flags, admin);
    case 'delete':
      return deleteTopics(flags, admin);
  }
}

async function listTopics(flags: TopicsFlags, admin: TopicAdmin): Promise<TopicsResult> {
  const all = await admin.listTopics();
  const byName = new Map(all.map((t) => [t.name, t]));
  const names = selectTopics(all, flags.topic, flags.excludeInternal === true);
  return { action: 'list', topics: names.map((name) => byName.get(name) ?? { name, id: null, internal: isInternalTopic(name), partitionCount: 0 }) };
}

/** Kafka's Uuid.fromString accepts 22 base64url chars that decode to 16 bytes. */
function checkTopicId(id: string): void {
  if (!/^[A-Za-z0-9_-]{22}$/.test(id) || Buffer.from(id, 'base64url').length !== 16) {
    throw new TopicCommandError(`Input string '${id}' is not a valid base64 UUID.`);
  }
}

async function describeTopics(flags: TopicsFlags, admin: TopicAdmin, opts: RunOptions): Promise<TopicsResult> {
  const excludeInternal = flags.excludeInternal === true;
  const requireExists = flags.ifExists !== true;
  if (flags.topicId !== undefined) checkTopicId(flags.topicId);
  const useTopicId = flags.topicId !== undefined && flags.topicId !== ZERO_UUID;
  const all = await admin.listTopics();
  let names: string[];
  if (useTopicId) {
    names = all.filter((t) => t.id === flags.topicId && !(excludeInternal && t.internal)).map((t) => t.name);
    if (requireExists && names.length === 0) throw new TopicCommandError(`TopicId '${flags.topicId ?? ''}' does not exist as expected`);
  } else {
    names = selectTopics(all, flags.topic, excludeInternal);
    ensureTopicExists(names, flags.topic, requireExists, all);
  }
  const result: TopicsResult & { action: 'describe' } = { action: 'describe', topics: [], notices: [] };
  if (names.length === 0) return result;
  const described = new Map((await admin.describeTopics(names)).map((t) => [t.name, t]));
  const f = describeFilters(flags);
  const configs = await describeConfigsIfSupported(admin, [...described.keys()], f, result.notices);
  try {
    const live = await admin.liveBrokers();
    const showSummary = !anyPartitionReport(f);
    const showPartitions = !f.withOverrides;
    const json = opts.format === 'json';
    const order = json ? [...described.keys()].sort(compareJavaStrings) : describeTopicOrder([...described.keys()].sort(compareJavaStrings), opts.jdk);
    for (const name of order) {
      const t = described.get(name);
      if (t === undefined) continue;
      const entries = configs === null ? [] : configs.get(name);
      if (entries === undefined) throw new TopicCommandError(`The broker sent no configs for topic ${name}.`);
      if (entries instanceof TopicCommandError) throw entries;
      // Kafka's admin Config keeps entries in a HashMap; "Configs:" lists the non-default ones in its order.
      const overrides = defaultHashMapOrder(entries, (e) => e.name).filter((e) => !e.isDefault);
      const partitions = [...t.partitions].sort((a, b) => a.partition - b.partition);
      const minIsr = (): number => minIsrOf(entries);
      const shown = showPartitions ? partitions.filter((p) => partitionSelected(p, f, minIsr, live)) : [];
      const summary = showSummary && (!f.withOverrides || overrides.length > 0);
      if (json && ((f.withOverrides && overrides.length === 0) || (anyPartitionReport(f) && shown.length === 0))) continue;
      // The JSON document lists every partition when --topics-with-overrides hides the partition lines.
      result.topics.push({ topic: { ...t, partitions }, overrides, summary, partitions: json && !showPartitions ? partitions : shown });
    }
  } catch (err) {
    if (result.notices.length === 0 && result.topics.length === 0) throw err;
    result.failure = err instanceof Error ? err : new Error(String(err));
  }
  return result;
}

/**
 * The topics' configs; null, with a notice, when the broker has no DescribeConfigs at all
 * (librdkafka's mock cluster): the partitions are still worth showing. Kafka's tool fails there.
 * The filters that need a config (overrides, min.insync.replicas) still fail.
 */
async function describeConfigsIfSupported(admin: TopicAdmin, names: string[], f: DescribeFilters, notices: string[]): Promise<Map<string, ConfigEntry[] | TopicCommandError> | null> {
  try {
    return await admin.describeConfigs(names);
  } catch (err) {
    if (!(err instanceof UnsupportedApiError && err.apiKey === ApiKey.DescribeConfigs) || f.withOverrides || f.underMinIsr || f.atMinIsr) throw err;
    notices.push(`tkafka: ${err.message.replace(/\.$/, '')}; topic configs are not shown.`);
    return null;
  }
}

async function createTopic(flags: TopicsFlags, admin: TopicAdmin): Promise<TopicsResult> {
  const name = flags.topic ?? '';
  const assignment = flags.replicaAssignment !== undefined && flags.replicaAssignment !== '' ? parseReplicaAssignment(flags.replicaAssignment) : null;
  const configs = parseTopicConfigs(flags.config ?? []);
  const result: TopicsResult & { action: 'create' } = { action: 'create', collisionWarning: hasCollisionChars(name), result: null };
  try {
    const rf = flags.replicationFactor;
    if (rf !== undefined && (rf > 32767 || rf < 1)) throw new TopicCommandError('The replication factor must be between 1 and 32767 inclusive');
    const partitions = flags.partitions;
    if (partitions !== undefined && partitions < 1) throw new TopicCommandError('The partitions must be greater than 0');
    try {
      const created = await admin.createTopic({ name, partitions: assignment === null ? (partitions ?? null) : null, replicationFactor: assignment === null ? (rf ?? null) : null, assignment, configs });
      result.result = { name, created: true, ...created };
    } catch (err) {
      if (!(err instanceof TopicCommandError && err.errorCode === TOPIC_ALREADY_EXISTS && flags.ifNotExists === true)) throw err;
      result.result = { name, created: false, id: null, partitions: null, replicationFactor: null };
    }
  } catch (err) {
    // The collision warning comes first, as in Kafka's tool.
    if (!result.collisionWarning) throw err;
    result.failure = err instanceof Error ? err : new Error(String(err));
  }
  return result;
}

async function alterTopics(flags: TopicsFlags, admin: TopicAdmin): Promise<TopicsResult> {
  const assignment = flags.replicaAssignment !== undefined && flags.replicaAssignment !== '' ? parseReplicaAssignment(flags.replicaAssignment) : null;
  const count = flags.partitions ?? 0;
  const all = await admin.listTopics();
  const names = selectTopics(all, flags.topic, false);
  ensureTopicExists(names, flags.topic, flags.ifExists !== true, all);
  if (names.length > 0) {
    const current = new Map(all.map((t) => [t.name, t.partitionCount]));
    // As NewPartitions.increaseTo with --replica-assignment: the lists past the current partitions.
    await admin.createPartitions(names.map((name) => ({ name, count, assignments: assignment === null ? null : assignment.slice(current.get(name) ?? 0) })));
  }
  return { action: 'alter', altered: names.map((name) => ({ name, partitions: count })) };
}

async function deleteTopics(flags: TopicsFlags, admin: TopicAdmin): Promise<TopicsResult> {
  const all = await admin.listTopics();
  const names = selectTopics(all, flags.topic, false);
  ensureTopicExists(names, flags.topic, flags.ifExists !== true, all);
  if (names.length > 0) await admin.deleteTopics(names);
  return { action: 'delete', deleted: names };
}
