// kafka-console-consumer's command line (ConsoleConsumerOptions): which topics, which group, where
// to start, with Kafka's checks and messages, and the consumer properties the tool interprets.
import { randomInt } from 'node:crypto';
import { IsolationLevel } from '../../client/native/client.js';
import type { ResetPolicy } from '../../client/native/consumer.js';
import type { AssignorName } from '../../client/native/group-member.js';
import { ERROR_CODES, TkafkaError, UsageError } from '../../shared/errors.js';
import type { StartPosition } from './run.js';
import { parseFromTime } from './time.js';

/** The flags that decide what is read and how (the connection's are the CLI's). */
export interface ConsumerFlags {
  topic?: string;
  include?: string;
  whitelist?: string;
  partition?: number;
  offset?: string;
  group?: string;
  fromBeginning?: boolean;
  maxMessages?: number;
  timeoutMs?: number;
  isolationLevel?: string;
  formatterProperty?: Record<string, string>;
  formatterConfig?: string;
  formatter?: string;
  keyDeserializer?: string;
  valueDeserializer?: string;
  skipMessageOnError?: boolean;
  fromTime?: string;
  tail?: number;
  exitAtEnd?: boolean;
}

/** Consumer properties the console consumer interprets. */
export const CONSUMER_KEYS = [
  'group.id',
  'group.instance.id',
  'group.protocol',
  'group.remote.assignor',
  'auto.offset.reset',
  'isolation.level',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'max.poll.records',
  'max.poll.interval.ms',
  'fetch.min.bytes',
  'fetch.max.bytes',
  'fetch.max.wait.ms',
  'max.partition.fetch.bytes',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'partition.assignment.strategy',
  'exclude.internal.topics',
  'allow.auto.create.topics',
  'metadata.max.age.ms',
  'check.crcs',
  'client.rack',
  'key.deserializer',
  'value.deserializer',
  'receive.buffer.bytes',
  'send.buffer.bytes',
] as const;

export function badConfig(message: string): TkafkaError {
  return new TkafkaError(ERROR_CODES.BAD_CONFIG, message, { exitCode: 2 });
}

/**
 * group.protocol (classic, or KIP-848's consumer) with Java's ConsumerConfig checks: the configs the
 * chosen protocol ignores cannot be set.
 */
export function groupProtocolOf(props: Record<string, string>): 'classic' | 'consumer' {
  const raw = (props['group.protocol'] ?? 'classic').trim();
  const protocol = raw.toLowerCase();
  if (protocol !== 'classic' && protocol !== 'consumer') throw badConfig(`Invalid value ${raw} for configuration group.protocol: String must be one of (case insensitive): CLASSIC, CONSUMER`);
  const unsupported = protocol === 'consumer' ? ['partition.assignment.strategy', 'heartbeat.interval.ms', 'session.timeout.ms'] : ['group.remote.assignor'];
  const set = unsupported.filter((k) => (props[k] ?? '').trim() !== '');
  if (set.length > 0) throw badConfig(`${set.join(', ')} cannot be set when group.protocol=${protocol.toUpperCase()}`);
  return protocol;
}

export function intProp(props: Record<string, string>, key: string): number | undefined {
  const raw = props[key];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw badConfig(`Invalid value '${raw}' for configuration ${key}: expected a whole number >= 0.`);
  return Number(raw.trim());
}

export function boolProp(props: Record<string, string>, key: string, dflt: boolean): boolean {
  const raw = props[key];
  if (raw === undefined) return dflt;
  const v = raw.trim().toLowerCase();
  if (v !== 'true' && v !== 'false') throw badConfig(`Invalid value '${raw}' for configuration ${key}: expected true or false.`);
  return v === 'true';
}

export interface ConsumerPlan {
  topic: string | undefined;
  pattern: RegExp | undefined;
  /** The group id given (--group, group.id), if any. */
  groupId: string | undefined;
  /**
   * The group to join: the given one (auto-commit on by default) or, as Kafka does, a generated
   * `console-consumer-<0..99999>` with auto-commit off by default. null with --partition (no group).
   */
  group: { id: string; generated: boolean; autoCommit: boolean } | null;
  start: StartPosition;
  resetPolicy: ResetPolicy;
  isolation: IsolationLevel;
}

/** Kafka's ConsoleConsumerOptions checks, with its messages, plus ours for the added flags. */
export function planConsumer(flags: ConsumerFlags, settings: { toolProperties: Record<string, string> }): ConsumerPlan {
  const include = flags.include ?? flags.whitelist;
  if ((flags.topic === undefined) === (include === undefined)) throw new UsageError('Exactly one of the following arguments is required: [topic], [include]');
  if (flags.partition !== undefined) {
    if (flags.partition < 0) throw new UsageError(`The partition must be a number >= 0 (got ${flags.partition}).`);
    if (flags.topic === undefined) throw new UsageError('The topic is required when partition is specified.');
    if (flags.fromBeginning === true && flags.offset !== undefined) throw new UsageError('Options from-beginning and offset cannot be specified together.');
  } else if (flags.offset !== undefined) {
    throw new UsageError('The partition is required when offset is specified.');
  }
  const props = settings.toolProperties;
  const groups = new Set<string>();
  if (flags.group !== undefined) groups.add(flags.group);
  if (props['group.id'] !== undefined) groups.add(props['group.id']);
  if (groups.size > 1) {
    throw new UsageError(
      `The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: ${[...groups].map((g) => `'${g}'`).join(', ')}`,
    );
  }
  const groupId = groups.values().next().value;
  if (groupId !== undefined && flags.partition !== undefined) throw new UsageError('Options group and partition cannot be specified together.');
  const starts = [flags.fromTime !== undefined && '--from-time', flags.tail !== undefined && '--tail', flags.offset !== undefined && '--offset', flags.fromBeginning === true && '--from-beginning'].filter((x): x is string => x !== false);
  if (starts.length > 1) throw new UsageError(`Options ${starts[0]} and ${starts[1]} cannot be specified together.`);
  const group =
    flags.partition !== undefined
      ? null
      : groupId !== undefined
        ? { id: groupId, generated: false, autoCommit: boolProp(props, 'enable.auto.commit', true) }
        : { id: `console-consumer-${randomInt(100_000)}`, generated: true, autoCommit: boolProp(props, 'enable.auto.commit', false) };

  const reset = props['auto.offset.reset']?.trim().toLowerCase();
  if (reset !== undefined && !['earliest', 'latest', 'none', 'by_duration'].includes(reset)) throw badConfig(`Invalid value '${props['auto.offset.reset']}' for configuration auto.offset.reset: expected earliest, latest or none.`);
  if (reset !== undefined && flags.fromBeginning === true && reset !== 'earliest') {
    throw new UsageError(`Can't simultaneously specify --from-beginning and 'auto.offset.reset=${props['auto.offset.reset']}', please remove one option`);
  }
  const resetPolicy: ResetPolicy = reset === 'earliest' || reset === 'latest' || reset === 'none' ? reset : flags.fromBeginning === true ? 'earliest' : 'latest';

  const isoRaw = (flags.isolationLevel ?? props['isolation.level'] ?? 'read_uncommitted').trim().toLowerCase();
  if (isoRaw !== 'read_uncommitted' && isoRaw !== 'read_committed') {
    // Kafka's ConfigException, word for word.
    throw badConfig(`Invalid value ${flags.isolationLevel ?? props['isolation.level'] ?? ''} for configuration isolation.level: String must be one of: read_committed, read_uncommitted`);
  }

  let start: StartPosition;
  if (flags.offset !== undefined) {
    const o = flags.offset.trim().toLowerCase();
    if (o === 'earliest') start = { kind: 'earliest' };
    else if (o === 'latest') start = { kind: 'latest' };
    else if (/^\d+$/.test(o) && BigInt(o) <= 0x7fffffffffffffffn) start = { kind: 'offset', offset: BigInt(o) };
    else throw new UsageError(`The provided offset value '${flags.offset}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`);
  } else if (flags.fromTime !== undefined) {
    const ms = parseFromTime(flags.fromTime);
    if (ms === undefined) throw new UsageError(`--from-time: cannot read '${flags.fromTime}' as a time.`, 'Expected epoch milliseconds, an ISO date like 2024-05-01T12:00:00Z, or a relative time like -15m, -2h, -1d.');
    start = { kind: 'time', timestamp: BigInt(ms) };
  } else if (flags.tail !== undefined) {
    start = { kind: 'tail', count: BigInt(flags.tail) };
  } else {
    start = resetPolicy === 'earliest' ? { kind: 'earliest' } : { kind: 'latest' };
  }

  let pattern: RegExp | undefined;
  if (include !== undefined) {
    try {
      pattern = new RegExp(include);
    } catch (err) {
      throw new UsageError(`--include: invalid regular expression '${include}': ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { topic: flags.topic, pattern, groupId, group, start, resetPolicy, isolation: isoRaw === 'read_committed' ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED };
}

const ASSIGNOR_CLASSES: Record<string, AssignorName> = {
  range: 'range',
  'org.apache.kafka.clients.consumer.RangeAssignor': 'range',
  roundrobin: 'roundrobin',
  'org.apache.kafka.clients.consumer.RoundRobinAssignor': 'roundrobin',
};

/** partition.assignment.strategy: the eager assignors we run, in the order given (others are left out). */
export function assignorsOf(props: Record<string, string>): AssignorName[] | undefined {
  const raw = props['partition.assignment.strategy'];
  if (raw === undefined) return undefined;
  const names = raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const out = [...new Set(names.flatMap((n) => ASSIGNOR_CLASSES[n] ?? []))];
  if (out.length === 0) throw badConfig(`Invalid value '${raw}' for configuration partition.assignment.strategy: supported are range (RangeAssignor) and roundrobin (RoundRobinAssignor).`);
  return out;
}
