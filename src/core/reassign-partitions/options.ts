// kafka-reassign-partitions.sh's options (ReassignPartitionsCommand.validateAndParseArgs): one action,
// its required and permitted options, with Kafka's messages; and the JSON files' formats.
import { UsageError } from '../../shared/errors.js';

export interface ReassignFlags {
  generate?: boolean;
  execute?: boolean;
  verify?: boolean;
  cancel?: boolean;
  list?: boolean;
  topicsToMoveJsonFile?: string;
  brokerList?: string;
  disableRackAware?: boolean;
  reassignmentJsonFile?: string;
  throttle?: string;
  replicaAlterLogDirsThrottle?: string;
  additional?: boolean;
  preserveThrottles?: boolean;
  timeout?: string;
  disallowReplicationFactorChange?: boolean;
  bootstrapController?: string;
  bootstrapServer?: string;
  commandConfig?: string;
}

export type ReassignAction = 'generate' | 'execute' | 'verify' | 'cancel' | 'list';

export const USAGE_HINT = "Run 'tkafka reassign-partitions --help' for usage.";

const ACTIONS: readonly ReassignAction[] = ['generate', 'execute', 'verify', 'cancel', 'list'];

// Option name → flag attribute, as jopt-simple names them in messages ("[throttle]").
const OPTION_KEYS: ReadonlyArray<readonly [string, keyof ReassignFlags]> = [
  ['topics-to-move-json-file', 'topicsToMoveJsonFile'],
  ['broker-list', 'brokerList'],
  ['disable-rack-aware', 'disableRackAware'],
  ['reassignment-json-file', 'reassignmentJsonFile'],
  ['throttle', 'throttle'],
  ['replica-alter-log-dirs-throttle', 'replicaAlterLogDirsThrottle'],
  ['additional', 'additional'],
  ['preserve-throttles', 'preserveThrottles'],
  ['timeout', 'timeout'],
  ['disallow-replication-factor-change', 'disallowReplicationFactorChange'],
  ['bootstrap-controller', 'bootstrapController'],
  ['command-config', 'commandConfig'],
];

const REQUIRED: Record<ReassignAction, readonly string[]> = {
  verify: ['reassignment-json-file'],
  generate: ['topics-to-move-json-file', 'broker-list'],
  execute: ['reassignment-json-file'],
  cancel: ['reassignment-json-file'],
  list: [],
};

const PERMITTED: Record<ReassignAction, readonly string[]> = {
  verify: ['command-config', 'preserve-throttles'],
  generate: ['broker-list', 'command-config', 'disable-rack-aware'],
  execute: ['additional', 'command-config', 'throttle', 'replica-alter-log-dirs-throttle', 'timeout', 'disallow-replication-factor-change'],
  cancel: ['bootstrap-controller', 'command-config', 'preserve-throttles', 'timeout'],
  list: ['bootstrap-controller', 'command-config'],
};

export interface ReassignPlan {
  action: ReassignAction;
  interBrokerThrottle: bigint;
  logDirThrottle: bigint;
  timeoutMs: number;
}

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

function parseLong(raw: string | undefined, name: string, dflt: bigint): bigint {
  if (raw === undefined) return dflt;
  if (!/^[+-]?\d+$/.test(raw)) throw usage(`Cannot parse argument '${raw}' of option ${name}`);
  const v = BigInt(raw);
  if (v > 9223372036854775807n || v < -9223372036854775808n) throw usage(`Cannot parse argument '${raw}' of option ${name}`);
  return v;
}

export function checkReassignArgs(flags: ReassignFlags): ReassignPlan {
  const actions = ACTIONS.filter((a) => flags[a] === true);
  const action = actions[0];
  if (actions.length !== 1 || action === undefined) throw usage('Command must include exactly one action: --generate, --execute, --verify, --cancel, --list');
  if (flags.bootstrapServer !== undefined && flags.bootstrapController !== undefined) throw usage("Please don't specify both --bootstrap-server and --bootstrap-controller");
  for (const req of REQUIRED[action]) {
    const key = OPTION_KEYS.find(([n]) => n === req)?.[1];
    if (key !== undefined && flags[key] === undefined) throw usage(`Missing required argument "[${req}]"`);
  }
  for (const [name, key] of OPTION_KEYS) {
    if (flags[key] === undefined || name === 'command-config') continue;
    if (!REQUIRED[action].includes(name) && !PERMITTED[action].includes(name)) throw usage(`Option "[${name}]" can't be used with action "[${action}]"`);
  }
  const timeout = parseLong(flags.timeout, 'timeout', 10000n);
  return {
    action,
    interBrokerThrottle: parseLong(flags.throttle, 'throttle', -1n),
    logDirThrottle: parseLong(flags.replicaAlterLogDirsThrottle, 'replica-alter-log-dirs-throttle', -1n),
    timeoutMs: Number(timeout),
  };
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export const tpString = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`;

/** compareTopicPartitions: by topic (String.compareTo, UTF-16 units), then partition. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}

/** Kafka's AdminOperationException / AdminCommandFailedException from the JSON files and arguments; printed as "Error: <message>". */
export class ReassignInputError extends Error {
  override readonly name = 'ReassignInputError';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(obj: unknown, name: string): unknown {
  return typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? (obj as Record<string, unknown>)[name] : undefined;
}

function asInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ReassignInputError(v === undefined ? `No such field exists: \`${what}\`` : `Expected \`Int\` value, received ${JSON.stringify(v)}`);
  return v;
}

function asString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new ReassignInputError(v === undefined ? `No such field exists: \`${what}\`` : `Expected \`String\` value, received ${JSON.stringify(v)}`);
  return v;
}

function version(js: unknown): void {
  const v = field(js, 'version');
  if (v === undefined) return;
  const n = asInt(v, 'version');
  if (n !== 1) throw new ReassignInputError(`Not supported version field value ${n}`);
}

/** parseTopicsData: {"topics":[{"topic":"foo"}],"version":1}. */
export function parseTopicsToMove(text: string): string[] {
  const js = parseJson(text);
  if (js === undefined) throw new ReassignInputError('The input string is not a valid JSON');
  version(js);
  const list = field(js, 'topics');
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ReassignInputError(`Expected JSON array, received ${JSON.stringify(list)}`);
  return list.map((t) => asString(field(t, 'topic'), 'topic'));
}

export interface ReassignmentEntry extends TopicPartition {
  replicas: number[];
  /** Per replica: "any" or an absolute log dir. */
  logDirs: string[];
}

/** parsePartitionReassignmentData: {"version":1,"partitions":[{"topic","partition","replicas","log_dirs"?}]}. */
export function parseReassignment(text: string): ReassignmentEntry[] {
  const js = parseJson(text);
  if (js === undefined) throw new ReassignInputError('com.fasterxml.jackson.core.JsonParseException: The input is not valid JSON');
  version(js);
  const list = field(js, 'partitions');
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ReassignInputError(`Expected JSON array, received ${JSON.stringify(list)}`);
  return list.map((p) => {
    const topic = asString(field(p, 'topic'), 'topic');
    const partition = asInt(field(p, 'partition'), 'partition');
    const rawReplicas = field(p, 'replicas');
    if (!Array.isArray(rawReplicas)) throw new ReassignInputError(rawReplicas === undefined ? 'No such field exists: `replicas`' : `Expected JSON array, received ${JSON.stringify(rawReplicas)}`);
    const replicas = rawReplicas.map((r) => asInt(r, 'replicas'));
    const rawDirs = field(p, 'log_dirs');
    let logDirs: string[];
    if (rawDirs === undefined) logDirs = replicas.map(() => 'any');
    else {
      if (!Array.isArray(rawDirs)) throw new ReassignInputError(`Expected JSON array, received ${JSON.stringify(rawDirs)}`);
      logDirs = rawDirs.map((d) => asString(d, 'log_dirs'));
    }
    if (replicas.length !== logDirs.length) {
      throw new ReassignInputError(`Size of replicas list [${replicas.join(', ')}] is different from size of log dirs list [${logDirs.join(', ')}] for partition ${topic}-${partition}`);
    }
    return { topic, partition, replicas, logDirs };
  });
}

function duplicates<T>(items: readonly T[], key: (t: T) => string = String): T[] {
  const seen = new Set<string>();
  const dup = new Map<string, T>();
  for (const i of items) {
    const k = key(i);
    if (seen.has(k)) dup.set(k, i);
    seen.add(k);
  }
  return [...dup.values()];
}

/** parseExecuteAssignmentArgs' checks. */
export function checkExecuteEntries(entries: readonly ReassignmentEntry[]): void {
  if (entries.length === 0) throw new ReassignInputError('Partition reassignment list cannot be empty');
  if (entries.some((e) => e.replicas.length === 0)) throw new ReassignInputError('Partition replica list cannot be empty');
  const dupParts = duplicates(entries, tpString);
  if (dupParts.length > 0) throw new ReassignInputError(`Partition reassignment contains duplicate topic partitions: ${dupParts.map(tpString).join(',')}`);
  const dupReplicas = entries.map((e) => ({ e, d: duplicates(e.replicas) })).filter((x) => x.d.length > 0);
  if (dupReplicas.length > 0) {
    const msg = dupReplicas.map((x) => `${tpString(x.e)} contains multiple entries for ${x.d.join(',')}`).join('. ');
    throw new ReassignInputError(`Partition replica lists may not contain duplicate entries: ${msg}`);
  }
}

/** parseGenerateAssignmentArgs: the broker list and the topics, without duplicates. */
export function parseGenerateArgs(topicsJson: string, brokerList: string): { brokers: number[]; topics: string[] } {
  const brokers = brokerList.split(',').map((s) => {
    if (!/^[+-]?\d+$/.test(s) || Number(s) > 2147483647 || Number(s) < -2147483648) throw new ReassignInputError(`For input string: "${s}"`);
    return Number(s);
  });
  const dupBrokers = duplicates(brokers);
  if (dupBrokers.length > 0) throw new ReassignInputError(`Broker list contains duplicate entries: [${dupBrokers.join(', ')}]`);
  const topics = parseTopicsToMove(topicsJson);
  const dupTopics = duplicates(topics);
  if (dupTopics.length > 0) throw new ReassignInputError(`List of topics to reassign contains duplicate entries: [${dupTopics.join(', ')}]`);
  return { brokers, topics };
}

/** formatAsReassignmentJson: Jackson's compact JSON, partitions sorted. */
export function formatReassignmentJson(assignment: ReadonlyArray<TopicPartition & { replicas: readonly number[]; logDirs?: readonly string[] }>): string {
  const parts = [...assignment].sort(compareTopicPartitions).map((p) => ({
    topic: p.topic,
    partition: p.partition,
    replicas: p.replicas,
    log_dirs: p.logDirs ?? p.replicas.map(() => 'any'),
  }));
  return JSON.stringify({ version: 1, partitions: parts });
}
