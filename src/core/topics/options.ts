// kafka-topics' command line (TopicCommandOptions): the action, required and conflicting options
// in Kafka's order and with its messages, --config and --replica-assignment values, --topic as a
// Java regex, and the --describe report filters.
import { UsageError } from '../../shared/errors.js';
import { JavaRegexError, compileJavaRegex, javaSplit, javaTrim } from './java.js';
import { TopicCommandError } from './types.js';

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

const DELETE_CONFIG_NOTICE = 'delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.';

const KAFKA_CONFIGS_HINT = ' (To alter topic configurations, the kafka-configs tool can be used.)';

const USAGE_HINT = "Run 'tkafka topics --help' for usage.";

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

export function anyPartitionReport(f: DescribeFilters): boolean {
  return f.underReplicated || f.unavailable || f.underMinIsr || f.atMinIsr;
}
