// kafka-streams-groups.sh's options (StreamsGroupCommandOptions, Kafka 4.4): one action of --list,
// --describe, --delete, --reset-offsets, --delete-offsets, and Kafka's checks in Kafka's order with
// its messages. Each failure is a UsageError (tkafka: exit 2, where Kafka prints the option list
// and exits 1).
import { resetSpecOf, type ResetFlags, type ResetSpec } from '../consumer-groups/options.js';
import { UsageError } from '../../shared/errors.js';

export interface StreamsGroupsFlags extends ResetFlags {
  list?: boolean;
  describe?: boolean;
  delete?: boolean;
  resetOffsets?: boolean;
  deleteOffsets?: boolean;
  group?: string[];
  allGroups?: boolean;
  inputTopic?: string[];
  allInputTopics?: boolean;
  timeout?: number;
  /** `--state` without a value is `true`. */
  state?: string | boolean;
  members?: boolean;
  offsets?: boolean;
  topology?: boolean;
  verbose?: boolean;
  deleteInternalTopic?: string[];
  deleteAllInternalTopics?: boolean;
}

export type StreamsGroupsAction = 'list' | 'describe' | 'delete' | 'reset-offsets' | 'delete-offsets';
export type StreamsDescribeView = 'offsets' | 'members' | 'state' | 'topology';

export interface CheckedStreamsArgs {
  action: StreamsGroupsAction;
  view: StreamsDescribeView;
  /** --list --state: the states to keep (empty: all), or null without --state. */
  listStates: string[] | null;
  spec: ResetSpec | null;
}

export const USAGE_HINT = "Run 'tkafka streams-groups --help' for usage.";
export const ACTIONS_MESSAGE = 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, or --delete-offsets.';

/** GroupState.groupStatesForType(STREAMS), in the HashSet order Kafka's message lists them. */
export const STREAMS_GROUP_STATES = ['Empty', 'Dead', 'NotReady', 'Stable', 'Assigning', 'Reconciling'] as const;

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

const given = (v: unknown): boolean => v !== undefined && v !== false;

/** groupStatesFromString: comma-separated, case-insensitive; Kafka's message for one it does not know. */
export function parseStreamsStates(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const s = STREAMS_GROUP_STATES.find((x) => x.toLowerCase() === part.trim().toLowerCase());
    if (s === undefined) throw usage(`Invalid state list '${raw}'. Valid states are: ${STREAMS_GROUP_STATES.join(', ')}`);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** The option's name as jopt-simple prints an OptionSpec: `[name]`. */
const o = (name: string): string => `[${name}]`;

export function checkStreamsGroupsArgs(flags: StreamsGroupsFlags): CheckedStreamsArgs {
  const has = {
    list: given(flags.list),
    describe: given(flags.describe),
    delete: given(flags.delete),
    'reset-offsets': given(flags.resetOffsets),
    'delete-offsets': given(flags.deleteOffsets),
    group: (flags.group ?? []).length > 0,
    'all-groups': given(flags.allGroups),
    'input-topic': (flags.inputTopic ?? []).length > 0,
    'all-input-topics': given(flags.allInputTopics),
    state: given(flags.state),
    members: given(flags.members),
    offsets: given(flags.offsets),
    topology: given(flags.topology),
    verbose: given(flags.verbose),
    'dry-run': given(flags.dryRun),
    execute: given(flags.execute),
    'delete-internal-topic': (flags.deleteInternalTopic ?? []).length > 0,
    'delete-all-internal-topics': given(flags.deleteAllInternalTopics),
  };
  // jopt-simple's availableIf, checked while parsing.
  for (const name of ['members', 'offsets', 'topology', 'verbose'] as const) {
    if (has[name] && !has.describe) throw usage(`Option(s) ${o(name)} are unavailable given other options on the command line`);
  }
  if (has.state && !has.describe && !has.list) throw usage(`Option(s) ${o('state')} are unavailable given other options on the command line`);

  const scopes = `${o('all-groups')}, ${o('group')}`;
  if (has.describe) {
    if (!has.group && !has['all-groups']) throw usage(`Option ${o('describe')} takes one of these options: ${scopes}`);
    const views = (['members', 'offsets', 'state', 'topology'] as const).filter((v) => has[v]);
    if (views.length > 1) throw usage(`Option ${o('describe')} takes at most one of these options: ${o('members')}, ${o('offsets')}, ${o('state')}, ${o('topology')}`);
    if (typeof flags.state === 'string') throw usage(`Option ${o('describe')} does not take a value for ${o('state')}`);
  }
  if (has.delete) {
    if (!has.group && !has['all-groups']) throw usage(`Option ${o('delete')} takes one of these options: ${scopes}`);
    if (has['input-topic'] || has['all-input-topics']) throw usage('Kafka Streams does not support topic-specific offset deletion from a streams group.');
  }
  if (has['delete-offsets']) {
    if ((!has['input-topic'] && !has['all-input-topics']) || !has.group) {
      throw usage(`Option ${o('delete-offsets')} takes the ${o('group')} and one of these options: ${o('all-input-topics')}, ${o('input-topic')}`);
    }
    if ((flags.group ?? []).length > 1) throw usage(`Option ${o('delete-offsets')} supports only one ${o('group')} at a time, but found: [${(flags.group ?? []).join(', ')}]`);
  }
  if (has['reset-offsets']) {
    if (has['dry-run'] && has.execute) throw usage(`Option ${o('reset-offsets')} only accepts one of ${o('execute')} and ${o('dry-run')}`);
    if (!has['dry-run'] && !has.execute) throw usage(`Option ${o('reset-offsets')} takes the option: ${o('execute')} or ${o('dry-run')}`);
    if (!has.group && !has['all-groups']) throw usage(`Option ${o('reset-offsets')} takes one of these options: ${scopes}`);
    const scenarios: Array<[string, boolean]> = [
      ['to-offset', flags.toOffset !== undefined],
      ['to-datetime', flags.toDatetime !== undefined],
      ['by-duration', flags.byDuration !== undefined],
      ['to-earliest', given(flags.toEarliest)],
      ['to-latest', given(flags.toLatest)],
      ['to-current', given(flags.toCurrent)],
      ['shift-by', flags.shiftBy !== undefined],
      ['from-file', flags.fromFile !== undefined],
    ];
    for (const [name, present] of scenarios) {
      if (!present) continue;
      const other = scenarios.find(([n, p]) => p && n !== name);
      if (other !== undefined) throw usage(`Option "${o(name)}" can't be used with option "${o(other[0])}"`);
    }
  }
  if (has['delete-all-internal-topics']) {
    if (!has['reset-offsets'] && !has.delete) throw usage(`Option ${o('delete-all-internal-topics')} takes one of these options: ${o('delete')}, ${o('reset-offsets')}`);
    if (has['reset-offsets'] && !has.execute) throw usage(`Option ${o('delete-all-internal-topics')} takes ${o('execute')} when ${o('reset-offsets')} is used.`);
  }
  if (has['delete-internal-topic'] && has['reset-offsets'] && !has.execute) {
    // Kafka's wording, with its two options the other way round.
    throw usage(`Option ${o('delete-internal-topic')} takes ${o('reset-offsets')} when ${o('execute')} is used.`);
  }
  if ((has['dry-run'] || has.execute) && !has['reset-offsets']) throw usage(`Only Option ${o('reset-offsets')} accepts ${o('execute')} or ${o('dry-run')}`);
  if (has.group && has['all-groups']) throw usage(`Option "${o('group')}" can't be used with option "${o('all-groups')}"`);
  if (has.group && has.list) throw usage(`Option "${o('group')}" can't be used with option "${o('list')}"`);
  for (const action of ['list', 'describe', 'delete'] as const) {
    if (has['input-topic'] && has[action]) throw usage(`Option "${o('input-topic')}" can't be used with option "${o(action)}"`);
  }

  const actions = (['list', 'describe', 'reset-offsets', 'delete', 'delete-offsets'] as const).filter((a) => has[a]);
  const action = actions[0];
  if (actions.length !== 1 || action === undefined) throw usage(ACTIONS_MESSAGE);

  let spec: ResetSpec | null = null;
  if (action === 'reset-offsets') {
    // Kafka checks the scope (and the topics) before the spec; a missing spec only when no scope is missing.
    if (flags.fromFile === undefined && !has['input-topic'] && !has['all-input-topics']) throw usage('One of the reset scopes should be defined: --all-input-topics, --input-topic.');
    spec = streamsResetSpec(flags);
  }
  const view: StreamsDescribeView = has.members ? 'members' : has.state ? 'state' : has.topology ? 'topology' : 'offsets';
  const listStates = action === 'list' && has.state ? (typeof flags.state === 'string' && flags.state !== '' ? parseStreamsStates(flags.state) : []) : null;
  return { action, view, listStates, spec };
}

/** The reset spec, with consumer-groups' parsing and Kafka's messages, worded for this command. */
function streamsResetSpec(flags: StreamsGroupsFlags): ResetSpec {
  try {
    return resetSpecOf(flags);
  } catch (err) {
    // The same eight scenario options as kafka-consumer-groups, so the same set order in the message.
    if (err instanceof UsageError) throw usage(err.message);
    throw err;
  }
}
