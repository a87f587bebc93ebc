// kafka-topics (apache/kafka tools/.../TopicCommand.java) as plain data in, text or JSON out: option
// checks with Kafka's messages, --topic as a Java regex, --config parsing, and the byte-exact text
// of --list/--describe/--create. Talks to a cluster only through the TopicAdmin interface, so all of
// it runs without a broker in unit tests.
import { TkafkaError, UsageError } from '../shared/errors.js';
import { JavaRegexError, compileJavaRegex, defaultHashMapOrder, describeTopicOrder, javaSplit, javaTrim, type JdkFlavor } from './topics/java.js';

export const TOPIC_ACTIONS = ['list', 'describe', 'create', 'alter', 'delete'] as const;
export type TopicAction = (typeof TOPIC_ACTIONS)[number];

/** Parsed command-line flags, keyed as commander camel-cases Kafka's option names. */
export interface TopicsFlags {
  list?: boolean;
  describe?: boolean;
  create?: boolean;
  alter?: boolean;
  delete?: boolean;
  topic?: string;
  topicId?: string;
  partitions?: number;
  replicationFactor?: number;
  replicaAssignment?: string;
  config?: string[];
  deleteConfig?: string[];
  ifExists?: boolean;
  ifNotExists?: boolean;
  excludeInternal?: boolean;
  underReplicatedPartitions?: boolean;
  unavailablePartitions?: boolean;
  underMinIsrPartitions?: boolean;
  atMinIsrPartitions?: boolean;
  topicsWithOverrides?: boolean;
  partitionSizeLimitPerResponse?: number;
}

/** Kafka's option name → flag key. */
const OPTION_KEYS = {
  list: 'list',
  describe: 'describe',
  create: 'create',
  alter: 'alter',
  delete: 'delete',
  topic: 'topic',
  'topic-id': 'topicId',
  partitions: 'partitions',
  'replication-factor': 'replicationFactor',
  'replica-assignment': 'replicaAssignment',
  config: 'config',
  'delete-config': 'deleteConfig',
  'if-exists': 'ifExists',
  'if-not-exists': 'ifNotExists',
  'exclude-internal': 'excludeInternal',
  'under-replicated-partitions': 'underReplicatedPartitions',
  'unavailable-partitions': 'unavailablePartitions',
  'under-min-isr-partitions': 'underMinIsrPartitions',
  'at-min-isr-partitions': 'atMinIsrPartitions',
  'topics-with-overrides': 'topicsWithOverrides',
} as const satisfies Record<string, keyof TopicsFlags>;

type OptionName = keyof typeof OPTION_KEYS;

export const EXACTLY_ONE_ACTION = 'Command must include exactly one action: --list, --describe, --create, --alter or --delete';
export const ERROR_PREFIX = 'Error while executing topic command : ';
export const COLLISION_WARNING =
  "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.";
const DELETE_CONFIG_NOTICE = 'delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.';
const KAFKA_CONFIGS_HINT = ' (To alter topic configurations, the kafka-configs tool can be used.)';
const USAGE_HINT = "Run 'tkafka topics --help' for usage.";
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** Kafka's Topic.INTERNAL_TOPICS. */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

/** Kafka's Topic.hasCollisionChars: '.' and '_' map to the same metric name. */
export function hasCollisionChars(name: string): boolean {
  return name.includes('.') || name.includes('_');
}

/**
 * A failed topic operation: printed as Kafka prints it (`Error while executing topic command :
 * <message>` on stdout), exit 1. `errorCode` is the Kafka protocol error when a broker said no.
 */
export class TopicCommandError extends TkafkaError {
  override readonly name: string = 'TopicCommandError';
  readonly errorCode: number | undefined;

  constructor(message: string, opts: { errorCode?: number; hint?: string; cause?: unknown } = {}) {
    super('TOPIC_COMMAND', message, { ...(opts.hint === undefined ? {} : { hint: opts.hint }), ...(opts.cause === undefined ? {} : { cause: opts.cause }) });
    this.errorCode = opts.errorCode;
  }
}

function has(flags: TopicsFlags, option: OptionName): boolean {
  const v = flags[OPTION_KEYS[option]];
  return v !== undefined && v !== false;
}

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

/** Kafka's CommandLineUtils.checkInvalidArgs: `used` may not appear with any of `invalid`. */
function checkInvalid(flags: TopicsFlags, used: OptionName, invalid: readonly OptionName[], suffix = ''): void {
  if (!has(flags, used)) return;
  for (const other of invalid) {
    if (has(flags, other)) throw usage(`Option "[${used}]" can't be used with option "[${other}]"${suffix}`);
  }
}

function actionsExcept(...keep: TopicAction[]): TopicAction[] {
  return ['alter', 'create', 'describe', 'list', 'delete'].filter((a): a is TopicAction => !keep.includes(a as TopicAction));
}

const REPORT_OPTIONS = ['under-replicated-partitions', 'under-min-isr-partitions', 'at-min-isr-partitions', 'unavailable-partitions'] as const;

export interface CheckedArgs {
  action: TopicAction;
  /** Lines Kafka prints before doing anything: to stderr and to stdout respectively. */
  stderrNotices: string[];
  stdoutNotices: string[];
}

/** TopicCommandOptions.checkArgs: the action, required and conflicting options, in Kafka's order. */
export function checkTopicsArgs(flags: TopicsFlags): CheckedArgs {
  const actions = TOPIC_ACTIONS.filter((a) => has(flags, a));
  const action = actions[0];
  if (actions.length !== 1 || action === undefined) throw usage(EXACTLY_ONE_ACTION);
  const stderrNotices: string[] = [];
  const stdoutNotices: string[] = [];
  if (has(flags, 'delete-config')) stderrNotices.push(DELETE_CONFIG_NOTICE);

  if (action === 'describe' && has(flags, 'if-exists')) {
    if (!has(flags, 'topic') && !has(flags, 'topic-id')) throw usage('--topic or --topic-id is required to describe a topic');
    if (has(flags, 'topic') && has(flags, 'topic-id')) {
      stdoutNotices.push('Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID');
    }
  }
  if (action !== 'list' && action !== 'describe' && !has(flags, 'topic')) throw usage('Missing required argument "[topic]"');
  if (action === 'alter') {
    checkInvalid(flags, 'config', ['alter'], KAFKA_CONFIGS_HINT);
    if (!has(flags, 'partitions')) throw usage('Missing required argument "[partitions]"');
  }

  checkInvalid(flags, 'config', actionsExcept('alter', 'create'));
  checkInvalid(flags, 'partitions', actionsExcept('alter', 'create'));
  checkInvalid(flags, 'replication-factor', actionsExcept('create'));
  checkInvalid(flags, 'replica-assignment', actionsExcept('alter', 'create'));
  if (action === 'create') checkInvalid(flags, 'replica-assignment', ['partitions', 'replication-factor']);
  for (const report of REPORT_OPTIONS) checkInvalid(flags, report, [...actionsExcept('describe'), 'topics-with-overrides']);
  checkInvalid(flags, 'topics-with-overrides', [...actionsExcept('describe'), ...REPORT_OPTIONS]);
  checkInvalid(flags, 'if-exists', actionsExcept('alter', 'delete', 'describe'));
  checkInvalid(flags, 'if-not-exists', actionsExcept('create'));
  checkInvalid(flags, 'exclude-internal', actionsExcept('list', 'describe'));
  return { action, stderrNotices, stdoutNotices };
}

/**
 * `--config k=v` values as Kafka reads them: split on `\s*=\s*` (Java split, so a trailing '=' is
 * dropped), exactly two parts each, trimmed; a later key wins. Value checks are the broker's.
 */
export function parseTopicConfigs(raw: readonly string[]): Record<string, string> {
  const pairs = raw.map((s) => javaSplit(s, /\s*=\s*/));
  if (!pairs.every((p) => p.length === 2)) {
    throw new TopicCommandError('requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) out[javaTrim(k ?? '')] = javaTrim(v ?? '');
  return out;
}

function parseJavaInt(s: string): number {
  const n = /^[+-]?\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648) throw new TopicCommandError(`For input string: "${s}"`);
  return n;
}

/** `--replica-assignment 1:2,2:3`: one broker list per partition, all of the same length, no repeats. */
export function parseReplicaAssignment(list: string): number[][] {
  const out: number[][] = [];
  for (const [i, part] of javaSplit(list, /,/).entries()) {
    const brokers = javaSplit(part, /:/).map((b) => parseJavaInt(javaTrim(b)));
    const dups = [...new Set(brokers.filter((b, j) => brokers.indexOf(b) !== j))].sort((a, b) => a - b);
    if (dups.length > 0) throw new TopicCommandError(`Partition replica lists may not contain duplicate entries: ${dups.join(',')}`);
    out.push(brokers);
    if (brokers.length !== (out[0]?.length ?? 0)) throw new TopicCommandError(`Partition ${i} has different replication factor: [${brokers.join(', ')}]`);
  }
  return out;
}

/**
 * Kafka's TopicFilter.IncludeList: `--topic` trimmed, commas become alternation, spaces and
 * surrounding quotes dropped, then matched against whole names as a Java regex.
 */
export function topicFilter(raw: string): (name: string) => boolean {
  const regex = javaTrim(raw).replaceAll(',', '|').replaceAll(' ', '').replace(/^["']+/, '').replace(/["']+$/, '');
  let re: RegExp;
  try {
    re = compileJavaRegex(regex);
  } catch (err) {
    if (err instanceof JavaRegexError) throw new TopicCommandError(`${regex} is an invalid regex.`, { cause: err });
    throw err;
  }
  return (name) => re.test(name);
}

export interface TopicListing {
  name: string;
  /** null when the cluster reports no id (Kafka < 2.8, or the zero id). */
  id: string | null;
  internal: boolean;
  partitionCount: number;
}

/** TopicService.getTopics: sorted names, narrowed by `--topic` and `--exclude-internal`. */
export function selectTopics(all: readonly TopicListing[], topic: string | undefined, excludeInternal: boolean): string[] {
  const names = all.filter((t) => !(excludeInternal && (t.internal || isInternalTopic(t.name)))).map((t) => t.name);
  names.sort(compareJavaStrings);
  if (topic === undefined) return names;
  const allowed = topicFilter(topic);
  return names.filter(allowed);
}

/** Java's String.compareTo: UTF-16 code unit order, which is JS's default string order. */
function compareJavaStrings(a: string, b: string): number {
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

export interface PartitionInfo {
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  /** null when the broker did not report it (Metadata instead of DescribeTopicPartitions): `N/A`. */
  elr: number[] | null;
  lastKnownElr: number[] | null;
}

export interface TopicPartitions {
  name: string;
  id: string | null;
  internal: boolean;
  partitions: PartitionInfo[];
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  /** Kafka's ConfigEntry.isDefault(): the source is DEFAULT_CONFIG. */
  isDefault: boolean;
}

export interface NewTopicSpec {
  name: string;
  /** null: the broker's num.partitions / default.replication.factor (sent as -1). */
  partitions: number | null;
  replicationFactor: number | null;
  assignment: number[][] | null;
  configs: Record<string, string>;
}

export interface CreatedTopic {
  id: string | null;
  partitions: number | null;
  replicationFactor: number | null;
}

export interface PartitionIncrease {
  name: string;
  count: number;
  /** Broker lists for the new partitions only. */
  assignments: number[][] | null;
}

/** What kafka-topics asks of a cluster. Failures are TopicCommandErrors carrying Kafka's message. */
export interface TopicAdmin {
  listTopics(): Promise<TopicListing[]>;
  describeTopics(names: readonly string[]): Promise<TopicPartitions[]>;
  /** Every config of each topic (defaults included), in the broker's order. */
  describeConfigs(names: readonly string[]): Promise<Map<string, ConfigEntry[] | TopicCommandError>>;
  liveBrokers(): Promise<ReadonlySet<number>>;
  createTopic(spec: NewTopicSpec): Promise<CreatedTopic>;
  createPartitions(increases: readonly PartitionIncrease[]): Promise<void>;
  deleteTopics(names: readonly string[]): Promise<void>;
}

export const TOPIC_ALREADY_EXISTS = 36;

// ---- describe ----------------------------------------------------------------------------------

export interface DescribeFilters {
  underReplicated: boolean;
  unavailable: boolean;
  underMinIsr: boolean;
  atMinIsr: boolean;
  withOverrides: boolean;
}

export function describeFilters(flags: TopicsFlags): DescribeFilters {
  return {
    underReplicated: flags.underReplicatedPartitions === true,
    unavailable: flags.unavailablePartitions === true,
    underMinIsr: flags.underMinIsrPartitions === true,
    atMinIsr: flags.atMinIsrPartitions === true,
    withOverrides: flags.topicsWithOverrides === true,
  };
}

function anyPartitionReport(f: DescribeFilters): boolean {
  return f.underReplicated || f.unavailable || f.underMinIsr || f.atMinIsr;
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

function nodeList(ids: readonly number[] | null): string {
  return ids === null ? 'N/A' : ids.join(',');
}

/** The summary line (TopicCommand.TopicDescription.printDescription), without the newline. */
export function formatTopicSummary(t: TopicPartitions, overrides: readonly ConfigEntry[]): string {
  const first = t.partitions[0];
  const rf = first === undefined ? 0 : first.replicas.length;
  const configs = overrides.map((c) => `${c.name}=${c.value ?? 'null'}`).join(',');
  const id = t.id !== null && t.id !== ZERO_UUID ? `\tTopicId: ${t.id}` : '';
  return `Topic: ${t.name}${id}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${rf}\tConfigs: ${configs}`;
}

/** A partition line (PartitionDescription.printDescription), tab first, without the newline. */
export function formatPartitionLine(topic: string, p: PartitionInfo): string {
  return (
    `\tTopic: ${topic}\tPartition: ${p.partition}\tLeader: ${p.leader ?? 'none'}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}` +
    `\tElr: ${nodeList(p.elr)}\tLastKnownElr: ${nodeList(p.lastKnownElr)}`
  );
}

/** `-o json` describe entry; see README "tkafka topics" for the schema. */
export interface TopicJson {
  name: string;
  id: string | null;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  configs: Record<string, string | null>;
  partitions: { partition: number; leader: number | null; replicas: number[]; isr: number[]; elr: number[] | null; lastKnownElr: number[] | null }[];
}

function minIsrOf(entries: readonly ConfigEntry[]): number {
  const v = entries.find((e) => e.name === 'min.insync.replicas')?.value;
  const n = v === undefined || v === null ? Number.NaN : Number.parseInt(v, 10);
  return Number.isNaN(n) ? 1 : n;
}

// ---- running a command ---------------------------------------------------------------------------

export type TopicsFormat = 'text' | 'json';

export interface TopicsOutput {
  /** Data: Kafka's text, or the JSON document. */
  stdout(text: string): void;
  /** Notices that must not mix with JSON on stdout. */
  stderr(text: string): void;
}

export interface RunOptions {
  format: TopicsFormat;
  /** The JVM whose HashMap order --describe reproduces. */
  jdk?: JdkFlavor;
}

/**
 * Runs one checked kafka-topics invocation against `admin`, writing what Kafka writes. Failures
 * throw TopicCommandError (the caller prints Kafka's error line); output already written stays.
 */
export async function runTopicCommand(action: TopicAction, flags: TopicsFlags, admin: TopicAdmin, out: TopicsOutput, opts: RunOptions): Promise<void> {
  switch (action) {
    case 'list':
      return listTopics(flags, admin, out, opts);
    case 'describe':
      return describeTopics(flags, admin, out, opts);
    case 'create':
      return createTopic(flags, admin, out, opts);
    case 'alter':
      return alterTopics(flags, admin, out, opts);
    case 'delete':
      return deleteTopics(flags, admin, out, opts);
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function listTopics(flags: TopicsFlags, admin: TopicAdmin, out: TopicsOutput, opts: RunOptions): Promise<void> {
  const all = await admin.listTopics();
  const names = selectTopics(all, flags.topic, flags.excludeInternal === true);
  if (opts.format === 'json') {
    const byName = new Map(all.map((t) => [t.name, t]));
    out.stdout(json(names.map((n) => ({ name: n, id: byName.get(n)?.id ?? null, internal: byName.get(n)?.internal ?? isInternalTopic(n), partitionCount: byName.get(n)?.partitionCount ?? 0 }))));
    return;
  }
  // println of the joined names: an empty cluster still prints one empty line.
  out.stdout(`${names.join('\n')}\n`);
}

/** Kafka's Uuid.fromString accepts 22 base64url chars that decode to 16 bytes. */
function checkTopicId(id: string): void {
  if (!/^[A-Za-z0-9_-]{22}$/.test(id) || Buffer.from(id, 'base64url').length !== 16) {
    throw new TopicCommandError(`Input string '${id}' is not a valid base64 UUID.`);
  }
}

async function describeTopics(flags: TopicsFlags, admin: TopicAdmin, out: TopicsOutput, opts: RunOptions): Promise<void> {
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
  if (names.length === 0) {
    if (opts.format === 'json') out.stdout(json([]));
    return;
  }
  const described = new Map((await admin.describeTopics(names)).map((t) => [t.name, t]));
  const f = describeFilters(flags);
  const configs = await describeConfigsIfSupported(admin, [...described.keys()], f, out);
  const live = await admin.liveBrokers();
  const showSummary = !anyPartitionReport(f);
  const showPartitions = !f.withOverrides;
  const order = opts.format === 'json' ? [...described.keys()].sort(compareJavaStrings) : describeTopicOrder([...described.keys()].sort(compareJavaStrings), opts.jdk);
  const docs: TopicJson[] = [];
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
    if (opts.format === 'json') {
      if (f.withOverrides && overrides.length === 0) continue;
      if (anyPartitionReport(f) && shown.length === 0) continue;
      docs.push({
        name,
        id: t.id !== null && t.id !== ZERO_UUID ? t.id : null,
        internal: t.internal,
        partitionCount: partitions.length,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
        configs: Object.fromEntries(overrides.map((e) => [e.name, e.value])),
        partitions: (showPartitions ? shown : partitions).map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr, elr: p.elr, lastKnownElr: p.lastKnownElr })),
      });
      continue;
    }
    let text = summary ? `${formatTopicSummary({ ...t, partitions }, overrides)}\n` : '';
    for (const p of shown) text += `${formatPartitionLine(name, p)}\n`;
    if (text !== '') out.stdout(text);
  }
  if (opts.format === 'json') out.stdout(json(docs));
}

/**
 * The topics' configs; null, with a notice on stderr, when the broker has no DescribeConfigs at all
 * (librdkafka's mock cluster): the partitions are still worth showing. Kafka's tool fails there.
 * The filters that need a config (overrides, min.insync.replicas) still fail.
 */
async function describeConfigsIfSupported(admin: TopicAdmin, names: string[], f: DescribeFilters, out: TopicsOutput): Promise<Map<string, ConfigEntry[] | TopicCommandError> | null> {
  try {
    return await admin.describeConfigs(names);
  } catch (err) {
    if (!(err instanceof Error && err.name === 'UnsupportedApiError') || f.withOverrides || f.underMinIsr || f.atMinIsr) throw err;
    out.stderr(`tkafka: ${err.message.replace(/\.$/, '')}; topic configs are not shown.\n`);
    return null;
  }
}

/** `-o json` result of --create. */
export interface CreateJson {
  name: string;
  created: boolean;
  id: string | null;
  partitions: number | null;
  replicationFactor: number | null;
}

async function createTopic(flags: TopicsFlags, admin: TopicAdmin, out: TopicsOutput, opts: RunOptions): Promise<void> {
  const name = flags.topic ?? '';
  const assignment = flags.replicaAssignment !== undefined && flags.replicaAssignment !== '' ? parseReplicaAssignment(flags.replicaAssignment) : null;
  const configs = parseTopicConfigs(flags.config ?? []);
  if (hasCollisionChars(name)) {
    if (opts.format === 'json') out.stderr(`${COLLISION_WARNING}\n`);
    else out.stdout(`${COLLISION_WARNING}\n`);
  }
  const rf = flags.replicationFactor;
  if (rf !== undefined && (rf > 32767 || rf < 1)) throw new TopicCommandError('The replication factor must be between 1 and 32767 inclusive');
  const partitions = flags.partitions;
  if (partitions !== undefined && partitions < 1) throw new TopicCommandError('The partitions must be greater than 0');
  let result: CreateJson;
  try {
    const created = await admin.createTopic({ name, partitions: assignment === null ? (partitions ?? null) : null, replicationFactor: assignment === null ? (rf ?? null) : null, assignment, configs });
    result = { name, created: true, ...created };
  } catch (err) {
    if (!(err instanceof TopicCommandError && err.errorCode === TOPIC_ALREADY_EXISTS && flags.ifNotExists === true)) throw err;
    result = { name, created: false, id: null, partitions: null, replicationFactor: null };
  }
  if (opts.format === 'json') out.stdout(json(result));
  else if (result.created) out.stdout(`Created topic ${name}.\n`);
}

async function alterTopics(flags: TopicsFlags, admin: TopicAdmin, out: TopicsOutput, opts: RunOptions): Promise<void> {
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
  if (opts.format === 'json') out.stdout(json({ altered: names.map((name) => ({ name, partitions: count })) }));
}

async function deleteTopics(flags: TopicsFlags, admin: TopicAdmin, out: TopicsOutput, opts: RunOptions): Promise<void> {
  const all = await admin.listTopics();
  const names = selectTopics(all, flags.topic, false);
  ensureTopicExists(names, flags.topic, flags.ifExists !== true, all);
  if (names.length > 0) await admin.deleteTopics(names);
  if (opts.format === 'json') out.stdout(json({ deleted: names }));
}
