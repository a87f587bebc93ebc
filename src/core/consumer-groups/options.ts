// ConsumerGroupCommandOptions.checkArgs (apache/kafka tools/.../consumer/group): which action,
// which describe view, which reset spec, and the option conflicts, with Kafka's messages.
import { UsageError } from '../../shared/errors.js';
import { parseIsoDuration, parseKafkaDateTime } from './time.js';

/** The reset flags kafka-consumer-groups and kafka-streams-groups share (one spec, dry run or execute). */
export interface ResetFlags {
  dryRun?: boolean;
  execute?: boolean;
  export?: boolean;
  toOffset?: string;
  fromFile?: string;
  toDatetime?: string;
  byDuration?: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  toCurrent?: boolean;
  shiftBy?: string;
}

/** Parsed flags, keyed as commander camel-cases the option names. */
export interface ConsumerGroupsFlags extends ResetFlags {
  list?: boolean;
  describe?: boolean;
  delete?: boolean;
  resetOffsets?: boolean;
  deleteOffsets?: boolean;
  validateRegex?: string;
  group?: string[];
  allGroups?: boolean;
  topic?: string[];
  allTopics?: boolean;
  timeout?: number;
  members?: boolean;
  verbose?: boolean;
  offsets?: boolean;
  state?: string | boolean;
  type?: string | boolean;
  compatExitCodes?: boolean;
  watch?: boolean;
  interval?: number;
  watchCount?: number;
  byTopic?: boolean;
}

export type GroupsAction = 'list' | 'describe' | 'delete' | 'reset-offsets' | 'delete-offsets' | 'validate-regex';
export type DescribeView = 'offsets' | 'members' | 'state';

export type ResetSpec =
  | { kind: 'to-earliest' }
  | { kind: 'to-latest' }
  | { kind: 'to-current' }
  | { kind: 'to-offset'; offset: bigint }
  | { kind: 'shift-by'; by: bigint }
  | { kind: 'to-datetime'; timestamp: number }
  | { kind: 'by-duration'; durationMs: number }
  | { kind: 'from-file'; path: string };

export type ResetMode = 'dry-run' | 'execute';

export interface CheckedArgs {
  action: GroupsAction;
  view: DescribeView;
  /** Lines Kafka prints to stderr before doing anything (the dry-run default warning). */
  stderrNotices: string[];
}

export const USAGE_HINT = "Run 'tkafka consumer-groups --help' for usage.";

export const ACTIONS_MESSAGE = 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex';

/** Kafka 4.x's notice (3.x said "...missing.In a future major release, the default behavior ... prompt the user ..."). */
export const DRY_RUN_WARNING =
  'WARN: No action will be performed as the --execute option is missing. In version 5.0, this command will require either --dry-run or --execute to be specified. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.';

/** Kafka's option names, keyed by flag; in the order Kafka declares them. */
const SCENARIOS = ['to-offset', 'shift-by', 'to-datetime', 'by-duration', 'to-earliest', 'to-latest', 'to-current', 'from-file'] as const;
type Scenario = (typeof SCENARIOS)[number];
const SCENARIO_KEYS: Record<Scenario, keyof ConsumerGroupsFlags> = {
  'to-offset': 'toOffset',
  'shift-by': 'shiftBy',
  'to-datetime': 'toDatetime',
  'by-duration': 'byDuration',
  'to-earliest': 'toEarliest',
  'to-latest': 'toLatest',
  'to-current': 'toCurrent',
  'from-file': 'fromFile',
};
// Kafka checks the pairs starting from each scenario in this order.
const SCENARIO_CHECK_ORDER: readonly Scenario[] = ['to-offset', 'to-datetime', 'by-duration', 'to-earliest', 'to-latest', 'to-current', 'shift-by', 'from-file'];

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

function present(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== false;
}

/**
 * The checks of kafka-consumer-groups in Kafka's order: jopt-simple's availableIf while parsing, then
 * ConsumerGroupCommandOptions.checkArgs, then main's "exactly one action". Notices Kafka prints on the
 * way (the dry-run warning) go to `notice` at once, so they precede a usage error that follows them.
 */
export function checkConsumerGroupsArgs(flags: ConsumerGroupsFlags, notice: (line: string) => void = () => undefined): CheckedArgs {
  const actions: Array<[GroupsAction, boolean]> = [
    ['list', present(flags.list)],
    ['describe', present(flags.describe)],
    ['delete', present(flags.delete)],
    ['reset-offsets', present(flags.resetOffsets)],
    ['delete-offsets', present(flags.deleteOffsets)],
    ['validate-regex', flags.validateRegex !== undefined],
  ];
  const isDescribe = present(flags.describe);
  const isList = present(flags.list);

  // jopt-simple availableIf: these only exist next to the options that enable them.
  const unavailable = (name: string): UsageError => usage(`Option(s) [${name}] are unavailable given other options on the command line`);
  if (!isDescribe) {
    if (present(flags.members)) throw unavailable('members');
    if (present(flags.verbose)) throw unavailable('verbose');
    if (present(flags.offsets)) throw unavailable('offsets');
    if (!isList && present(flags.state)) throw unavailable('state');
  }
  if (!isList && present(flags.type)) throw unavailable('type');

  const hasGroup = present(flags.group);
  const hasAllGroups = present(flags.allGroups);
  const hasTopic = present(flags.topic);
  const stderrNotices: string[] = [];
  let view: DescribeView = 'offsets';

  if (isDescribe) {
    if (!hasGroup && !hasAllGroups) throw usage('Option [describe] takes one of these options: [group], [all-groups]');
    const views = (['members', 'offsets', 'state'] as const).filter((v) => present(flags[v]));
    if (views.length > 1) throw usage('Option [describe] takes at most one of these options: [members], [offsets], [state]');
    if (typeof flags.state === 'string') throw usage('Option [describe] does not take a value for [state]');
    view = views[0] ?? 'offsets';
  }
  if (present(flags.delete)) {
    if (!hasGroup && !hasAllGroups) throw usage('Option [delete] takes one of these options: [group], [all-groups]');
    if (hasTopic) throw usage('The consumer does not support topic-specific offset deletion from a consumer group.');
  }
  if (present(flags.deleteOffsets)) {
    if (!hasGroup || !hasTopic) throw usage('Option [delete-offsets] takes the following options: [group], [topic]');
  }
  if (present(flags.resetOffsets)) {
    if (present(flags.dryRun) && present(flags.execute)) throw usage('Option [reset-offsets] only accepts one of [execute] and [dry-run]');
    if (!present(flags.dryRun) && !present(flags.execute)) {
      stderrNotices.push(DRY_RUN_WARNING);
      notice(DRY_RUN_WARNING);
    }
    if (!hasGroup && !hasAllGroups) throw usage('Option [reset-offsets] takes one of these options: [group], [all-groups]');
    for (const s of SCENARIO_CHECK_ORDER) {
      if (!present(flags[SCENARIO_KEYS[s]])) continue;
      const other = SCENARIOS.find((o) => o !== s && present(flags[SCENARIO_KEYS[o]]));
      if (other !== undefined) throw usage(`Option "[${s}]" can't be used with option "[${other}]"`);
    }
  }
  if (hasGroup && hasAllGroups) throw usage('Option "[group]" can\'t be used with option "[all-groups]"');
  if (hasGroup && isList) throw usage('Option "[group]" can\'t be used with option "[list]"');
  if (hasTopic && isList) throw usage('Option "[topic]" can\'t be used with option "[list]"');
  if (hasTopic && isDescribe) throw usage('Option "[topic]" can\'t be used with option "[describe]"');

  // ConsumerGroupCommand.main, after the options were checked.
  const chosen = actions.filter(([, on]) => on);
  const action = chosen[0]?.[0];
  if (chosen.length !== 1 || action === undefined) throw usage(ACTIONS_MESSAGE);

  // tkafka's own options.
  if ((present(flags.watch) || present(flags.byTopic)) && !(action === 'describe' && view === 'offsets')) {
    throw usage(`--${present(flags.watch) ? 'watch' : 'by-topic'} works with --describe (the offsets view) only.`);
  }
  if (!present(flags.watch) && (flags.interval !== undefined || flags.watchCount !== undefined)) {
    throw usage(`--${flags.interval !== undefined ? 'interval' : 'watch-count'} needs --watch.`);
  }
  if (present(flags.export) && action !== 'reset-offsets') throw usage('--export works with --reset-offsets only.');
  return { action, view, stderrNotices };
}

/**
 * jopt-simple converts the Long options when ConsumerGroupService starts (for any action), and the
 * tool reports a bad value through its catch-all: `Error: Executing consumer group command failed
 * due to Cannot parse argument 'x' of option to-offset`. The message, or null when both parse.
 */
export function longOptionError(flags: ConsumerGroupsFlags): string | null {
  for (const [raw, option] of [
    [flags.toOffset, 'to-offset'],
    [flags.shiftBy, 'shift-by'],
  ] as const) {
    if (raw !== undefined && !isJavaLong(raw)) return `Cannot parse argument '${raw}' of option ${option}`;
  }
  return null;
}

/** The reset specification, parsed; throws Kafka's usage message when there is none. */
export function resetSpecOf(flags: ResetFlags): ResetSpec {
  if (flags.toOffset !== undefined) return { kind: 'to-offset', offset: parseJavaLong(flags.toOffset, 'to-offset') };
  if (flags.toEarliest === true) return { kind: 'to-earliest' };
  if (flags.toLatest === true) return { kind: 'to-latest' };
  if (flags.shiftBy !== undefined) return { kind: 'shift-by', by: parseJavaLong(flags.shiftBy, 'shift-by') };
  if (flags.toDatetime !== undefined) {
    const timestamp = parseKafkaDateTime(flags.toDatetime);
    if (timestamp === null) throw usage(`Unparseable date: "${flags.toDatetime}"`);
    return { kind: 'to-datetime', timestamp };
  }
  if (flags.byDuration !== undefined) {
    const durationMs = parseIsoDuration(flags.byDuration);
    if (durationMs === null) throw usage(`Text cannot be parsed to a Duration: ${flags.byDuration}`);
    return { kind: 'by-duration', durationMs };
  }
  if (flags.fromFile !== undefined) return { kind: 'from-file', path: flags.fromFile };
  if (flags.toCurrent === true) return { kind: 'to-current' };
  throw usage(`Option '[reset-offsets]' requires one of the following scenarios: [${SCENARIOS.map((s) => `[${s}]`).join(', ')}]`);
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function isJavaLong(raw: string): boolean {
  if (!/^[+-]?\d+$/.test(raw)) return false;
  const v = BigInt(raw);
  return v >= LONG_MIN && v <= LONG_MAX;
}

/** A jopt-simple Long option value; its error wording. */
export function parseJavaLong(raw: string, option: string): bigint {
  if (!isJavaLong(raw)) throw usage(`Cannot parse argument '${raw}' of option ${option}`);
  return BigInt(raw);
}

/** `--state` / `--type` values: comma-separated, case-insensitive; Kafka's error for unknown ones. */
export const CONSUMER_GROUP_STATES = ['PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty', 'Assigning', 'Reconciling'] as const;
export const GROUP_TYPES = ['classic', 'consumer'] as const;

export function parseStates(raw: string | boolean | undefined): string[] {
  if (typeof raw !== 'string' || raw === '') return [];
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const s = CONSUMER_GROUP_STATES.find((x) => x.toLowerCase() === part.trim().toLowerCase());
    if (s === undefined) throw usage(`Invalid state list '${raw}'. Valid states are: ${CONSUMER_GROUP_STATES.join(', ')}`);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

export function parseTypes(raw: string | boolean | undefined): string[] {
  if (typeof raw !== 'string' || raw === '') return [];
  const out: string[] = [];
  for (const part of raw.toLowerCase().split(',')) {
    const t = GROUP_TYPES.find((x) => x === part.trim());
    if (t === undefined) throw usage(`Invalid types list '${raw}'. Valid types are: ${GROUP_TYPES.join(', ')}`);
    if (!out.includes(t)) out.push(t);
  }
  return out;
}
