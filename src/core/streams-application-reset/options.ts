// StreamsResetter's command line (Kafka 4.4's org.apache.kafka.tools.StreamsResetter): the required
// application id, the reset scenarios that exclude each other (checked in Kafka's order, with
// jopt-simple's wording), --config-file against --command-config, and the values Kafka converts
// only while resetting (Long options, the datetime, the duration, the --from-file plan), which
// tkafka checks before connecting: a bad value is a usage error (exit 2) with Kafka's message.
import { TkafkaError, UsageError } from '../../shared/errors.js';
import { parseIsoDuration, parseKafkaDateTime } from '../consumer-groups/time.js';
import { parseJavaLong, type ResetSpec } from '../consumer-groups/options.js';

/** Parsed flags, keyed as commander camel-cases the option names. */
export interface StreamsResetFlags {
  applicationId?: string;
  inputTopics?: string[];
  intermediateTopics?: string[];
  internalTopics?: string[];
  toOffset?: string;
  toDatetime?: string;
  byDuration?: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  fromFile?: string;
  shiftBy?: string;
  dryRun?: boolean;
  force?: boolean;
  /** The deprecated --config-file (Kafka 4.2+ says so on stdout); --command-config is the other spelling. */
  configFile?: string;
  commandConfig?: string;
}

/** How the input topics' partitions are reset: a consumer-groups ResetSpec (from-file carries the plan). */
export type InputResetSpec = Exclude<ResetSpec, { kind: 'from-file' } | { kind: 'to-current' }> | { kind: 'from-file'; path: string };

export interface StreamsResetArgs {
  applicationId: string;
  /** As given, duplicates kept (Kafka prints the lists as given). */
  inputTopics: string[];
  intermediateTopics: string[];
  internalTopics: string[];
  spec: InputResetSpec;
  /** True when a scenario flag was given (to-earliest is also the default). */
  explicitSpec: boolean;
  dryRun: boolean;
  force: boolean;
}

export const USAGE_HINT = "Run 'tkafka streams-application-reset --help' for usage.";

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

// The order of Kafka's checkInvalidArgs calls and of each call's list: the first scenario given
// is checked against the others in this order.
const SCENARIOS = ['to-offset', 'to-datetime', 'by-duration', 'to-earliest', 'to-latest', 'from-file', 'shift-by'] as const;
type Scenario = (typeof SCENARIOS)[number];
const SCENARIO_KEYS: Record<Scenario, keyof StreamsResetFlags> = {
  'to-offset': 'toOffset',
  'to-datetime': 'toDatetime',
  'by-duration': 'byDuration',
  'to-earliest': 'toEarliest',
  'to-latest': 'toLatest',
  'from-file': 'fromFile',
  'shift-by': 'shiftBy',
};

/** A jopt-simple Long value (consumer-groups' parser), with this tool's usage hint. */
function longValue(raw: string, option: string): bigint {
  try {
    return parseJavaLong(raw, option);
  } catch (err) {
    throw err instanceof TkafkaError ? usage(err.message) : err;
  }
}

function present(v: unknown): boolean {
  return v !== undefined && v !== false;
}

/** String.split(regex) for a one-character literal: trailing empty strings are dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Utils.getDateTime as Kafka 4.4 words its failures: no `T` at all, or SimpleDateFormat's
 * "Unparseable date" on the text with `Z` appended when the time part names no zone.
 */
export function parseStreamsDateTime(text: string): number {
  const parts = javaSplit(text, 'T');
  if (parts.length < 2) throw usage("Error parsing timestamp. It does not contain a 'T' according to ISO8601 format");
  const time = parts[1] ?? '';
  const zoned = /[+\-Z]/.test(time) ? text : `${text}Z`;
  const ms = parseKafkaDateTime(zoned);
  if (ms === null) throw usage(`Unparseable date: "${zoned}"`);
  return ms;
}

/** Comma-separated values as jopt-simple's withValuesSeparatedBy(',') splits them, over every occurrence. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(','));
}

/**
 * The checks in Kafka's order (required option, exclusive scenarios, config-file against
 * command-config), then the scenario's value, converted as Kafka converts it while resetting.
 */
export function checkStreamsResetArgs(flags: StreamsResetFlags): StreamsResetArgs {
  if (flags.applicationId === undefined) throw usage('Missing required option(s) [application-id]');
  for (const s of SCENARIOS) {
    if (!present(flags[SCENARIO_KEYS[s]])) continue;
    const other = SCENARIOS.find((o) => o !== s && present(flags[SCENARIO_KEYS[o]]));
    if (other !== undefined) throw usage(`Option "[${s}]" can't be used with option "[${other}]"`);
  }
  if (flags.configFile !== undefined && flags.commandConfig !== undefined) throw usage('Option "[config-file]" can\'t be used with option "[command-config]"');

  let spec: InputResetSpec = { kind: 'to-earliest' };
  if (flags.toOffset !== undefined) spec = { kind: 'to-offset', offset: longValue(flags.toOffset, 'to-offset') };
  else if (flags.toEarliest === true) spec = { kind: 'to-earliest' };
  else if (flags.toLatest === true) spec = { kind: 'to-latest' };
  else if (flags.shiftBy !== undefined) spec = { kind: 'shift-by', by: longValue(flags.shiftBy, 'shift-by') };
  else if (flags.toDatetime !== undefined) spec = { kind: 'to-datetime', timestamp: parseStreamsDateTime(flags.toDatetime) };
  else if (flags.byDuration !== undefined) {
    const durationMs = parseIsoDuration(flags.byDuration);
    if (durationMs === null) throw usage('Text cannot be parsed to a Duration');
    spec = { kind: 'by-duration', durationMs };
  } else if (flags.fromFile !== undefined) spec = { kind: 'from-file', path: flags.fromFile };

  return {
    applicationId: flags.applicationId,
    inputTopics: splitList(flags.inputTopics),
    intermediateTopics: splitList(flags.intermediateTopics),
    internalTopics: splitList(flags.internalTopics),
    spec,
    explicitSpec: SCENARIOS.some((s) => present(flags[SCENARIO_KEYS[s]])),
    dryRun: flags.dryRun === true,
    force: flags.force === true,
  };
}

/**
 * StreamsResetter.parseResetPlan: `topic,partition,offset` per line (split on `\n` and `,`, empty
 * trailing lines dropped as Java's split drops them), Integer/Long parsing with Java's messages.
 * Entries keep the file's order; a partition named twice keeps its last offset.
 */
export function parseStreamsResetPlan(text: string): Array<{ topic: string; partition: number; offset: bigint }> {
  if (text === '') throw usage('Error parsing reset plan CSV file. It is empty,');
  const lines = javaSplit(text, '\n');
  const byKey = new Map<string, { topic: string; partition: number; offset: bigint }>();
  for (const line of lines) {
    const parts = javaSplit(line, ',');
    if (parts.length !== 3) throw usage('Reset plan CSV file is not following the format `TOPIC,PARTITION,OFFSET`.');
    const [topic = '', partRaw = '', offRaw = ''] = parts;
    if (!/^[+-]?\d+$/.test(partRaw) || BigInt(partRaw) > 2147483647n || BigInt(partRaw) < -2147483648n) throw usage(`For input string: "${partRaw}"`);
    if (!/^[+-]?\d+$/.test(offRaw) || BigInt(offRaw) > 2n ** 63n - 1n || BigInt(offRaw) < -(2n ** 63n)) throw usage(`For input string: "${offRaw}"`);
    const partition = Number(partRaw);
    // HashMap.put of a known key keeps its place and takes the new value; so does Map.set.
    byKey.set(`${topic}:${partition}`, { topic, partition, offset: BigInt(offRaw) });
  }
  return [...byKey.values()];
}
