import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { IsolationLevel, type NativeClient } from '../../../client/native/client.js';
import type { ResetPolicy } from '../../../client/native/consumer.js';
import type { AssignorName } from '../../../client/native/group-member.js';
import { KafkaProtocolError } from '../../../protocol/error-codes.js';
import { formatterConfig } from '../../../core/console-consumer/formatter.js';
import { kafkaError } from '../../../core/console-consumer/kafka-error.js';
import type { ByteSink } from '../../../core/console-consumer/output.js';
import type { ConsumeOutput, ConsumeResult, StartPosition } from '../../../core/console-consumer/run.js';
import { parseFromTime } from '../../../core/console-consumer/time.js';
import { ERROR_CODES, TkafkaError, UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { parsePropertiesText } from '../../options/command-config.js';
import { connectionError, createKafka, isConnectionError, nativeClientOptions, resolveConnection, type ConnectionFlags, type ConnectionSettings } from '../../options/connection.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO, OutputStream } from '../../output/io.js';

export interface ConsoleConsumerFlags extends ConnectionFlags {
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
  json?: boolean;
  output?: string;
}

/** Consumer properties the console consumer interprets. */
export const CONSUMER_KEYS = [
  'group.id',
  'group.instance.id',
  'group.protocol',
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

const DEFAULT_FORMATTERS = new Set(['DefaultMessageFormatter', 'kafka.tools.DefaultMessageFormatter', 'org.apache.kafka.tools.consumer.DefaultMessageFormatter']);
const NOOP_FORMATTERS = new Set(['NoOpMessageFormatter', 'kafka.tools.NoOpMessageFormatter', 'org.apache.kafka.tools.consumer.NoOpMessageFormatter']);

function badConfig(message: string): TkafkaError {
  return new TkafkaError(ERROR_CODES.BAD_CONFIG, message, { exitCode: 2 });
}

function intProp(props: Record<string, string>, key: string): number | undefined {
  const raw = props[key];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw badConfig(`Invalid value '${raw}' for configuration ${key}: expected a whole number >= 0.`);
  return Number(raw.trim());
}

function boolProp(props: Record<string, string>, key: string, dflt: boolean): boolean {
  const raw = props[key];
  if (raw === undefined) return dflt;
  const v = raw.trim().toLowerCase();
  if (v !== 'true' && v !== 'false') throw badConfig(`Invalid value '${raw}' for configuration ${key}: expected true or false.`);
  return v === 'true';
}

function formatterProps(flags: ConsoleConsumerFlags): Record<string, string> {
  let props: Record<string, string> = {};
  if (flags.formatterConfig !== undefined) {
    try {
      props = parsePropertiesText(readFileSync(flags.formatterConfig, 'utf8'));
    } catch (err) {
      throw badConfig(`Cannot read --formatter-config file '${flags.formatterConfig}': ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (flags.keyDeserializer !== undefined && flags.keyDeserializer !== '') props['key.deserializer'] = flags.keyDeserializer;
  if (flags.valueDeserializer !== undefined && flags.valueDeserializer !== '') props['value.deserializer'] = flags.valueDeserializer;
  return { ...props, ...flags.formatterProperty };
}

interface Plan {
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
export function planConsumer(flags: ConsoleConsumerFlags, settings: ConnectionSettings): Plan {
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

/** stdout as a byte sink: binary-safe writes with backpressure (a string sink in tests). */
export function stdoutSink(stdout: OutputStream): ByteSink {
  if (stdout instanceof Writable) {
    return {
      write: (chunk) => stdout.write(chunk),
      drained: () =>
        new Promise((resolve) => {
          const done = (): void => {
            stdout.off('drain', done);
            stdout.off('close', done);
            resolve();
          };
          stdout.on('drain', done);
          stdout.on('close', done);
        }),
    };
  }
  return { write: (chunk) => (stdout.write(chunk.toString('utf8')), true), drained: () => Promise.resolve() };
}

export async function runConsoleConsumerCommand(flags: ConsoleConsumerFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  if (flags.formatter !== undefined && !DEFAULT_FORMATTERS.has(flags.formatter) && !NOOP_FORMATTERS.has(flags.formatter)) {
    throw new UsageError(`--formatter: unknown formatter class '${flags.formatter}'.`, 'Built in: DefaultMessageFormatter, NoOpMessageFormatter; -o json prints JSON lines.');
  }
  const formatter = formatterConfig(formatterProps(flags));
  if (flags.formatter !== undefined && NOOP_FORMATTERS.has(flags.formatter)) {
    formatter.valueOnly = false;
    formatter.printValue = false;
    formatter.printKey = formatter.printTimestamp = formatter.printPartition = formatter.printOffset = formatter.printHeaders = formatter.printDelivery = formatter.printEpoch = false;
  }
  const settings = await resolveConnection(flags, io, { clientId: 'console-consumer', toolKeys: CONSUMER_KEYS });
  const plan = planConsumer(flags, settings);
  const props = settings.toolProperties;

  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const stats = { count: 0 };
  const output: ConsumeOutput = {
    stats,
    format,
    formatter,
    sink: stdoutSink(io.stdout),
    // Kafka's defaults are -1: a negative value means no limit.
    maxMessages: flags.maxMessages !== undefined && flags.maxMessages >= 0 ? flags.maxMessages : undefined,
    timeoutMs: flags.timeoutMs !== undefined && flags.timeoutMs >= 0 ? flags.timeoutMs : undefined,
    skipMessageOnError: flags.skipMessageOnError === true,
    warn: (line) => io.stderr.write(`${line}\n`),
    interrupted,
  };
  const fetch = {
    maxWaitMs: intProp(props, 'fetch.max.wait.ms') ?? 500,
    minBytes: intProp(props, 'fetch.min.bytes') ?? 1,
    maxBytes: intProp(props, 'fetch.max.bytes') ?? 52_428_800,
    partitionMaxBytes: intProp(props, 'max.partition.fetch.bytes') ?? 1_048_576,
  };

  const unregister = io.onInterrupt(() => interrupt());
  let result: ConsumeResult | undefined;
  let started = false;
  const connect = async (): Promise<NativeClient> => {
    started = true;
    const { NativeClient } = await import('../../../client/native/client.js');
    return NativeClient.connect(nativeClientOptions(settings));
  };
  const group = plan.group;
  try {
    if (group !== null && settings.sasl !== undefined) {
      // The native client has no SASL yet: kafkajs joins the group instead (CreateTime timestamps only).
      for (const [set, name] of [
        [flags.fromTime, '--from-time'],
        [flags.tail, '--tail'],
        [flags.exitAtEnd, '--exit-at-end'],
      ] as const) {
        if (set !== undefined) throw new UsageError(`Option ${name} is not supported over SASL yet.`);
      }
      const { consumeKafkajsGroup } = await import('../../../client/kafkajs/group-consumer.js');
      const { RecordWriter } = await import('../../../core/console-consumer/run.js');
      started = true;
      const kafka = await createKafka(settings);
      const writer = new RecordWriter(output);
      const kafkajsOptions = {
        kafka,
        interrupted: output.interrupted,
        timeoutMs: output.timeoutMs,
        groupId: group.id,
        topics: plan.topic !== undefined ? [plan.topic] : [plan.pattern as RegExp],
        fromBeginning: plan.resetPolicy === 'earliest',
        autoCommit: group.autoCommit,
        readCommitted: plan.isolation === IsolationLevel.READ_COMMITTED,
        sessionTimeoutMs: intProp(props, 'session.timeout.ms'),
        heartbeatIntervalMs: intProp(props, 'heartbeat.interval.ms'),
        maxWaitMs: fetch.maxWaitMs,
      };
      const reason = await consumeKafkajsGroup(kafkajsOptions, writer);
      result = { count: writer.count, reason };
    } else if (group !== null) {
      const { consumeNativeGroup } = await import('../../../core/console-consumer/group.js');
      const assignors = assignorsOf(props);
      const client = await connect();
      try {
        result = await consumeNativeGroup(client, {
          ...output,
          groupId: group.id,
          groupInstanceId: props['group.instance.id'],
          autoCommit: group.autoCommit,
          autoCommitIntervalMs: intProp(props, 'auto.commit.interval.ms'),
          sessionTimeoutMs: intProp(props, 'session.timeout.ms'),
          heartbeatIntervalMs: intProp(props, 'heartbeat.interval.ms'),
          rebalanceTimeoutMs: intProp(props, 'max.poll.interval.ms'),
          assignors,
          subscription: plan.topic !== undefined ? { topic: plan.topic } : { pattern: plan.pattern as RegExp },
          start: plan.start,
          resetPolicy: plan.resetPolicy,
          exitAtEnd: flags.exitAtEnd === true,
          isolationLevel: plan.isolation,
          fetch,
          discoveryIntervalMs: plan.pattern !== undefined ? 3_000 : (intProp(props, 'metadata.max.age.ms') ?? 300_000),
          tls: settings.ssl,
          connectTimeoutMs: settings.connectionTimeoutMs,
        });
      } finally {
        await client.close();
      }
    } else {
      if (settings.sasl !== undefined) {
        throw new UsageError('Reading one partition (--partition) does not support SASL yet.', 'Drop --partition to read through a consumer group, which supports SASL.');
      }
      const { consumeNative } = await import('../../../core/console-consumer/run.js');
      const client = await connect();
      try {
        result = await consumeNative(client, {
          ...output,
          subscription: { topic: plan.topic as string, partition: flags.partition },
          autoCreateTopics: boolProp(props, 'allow.auto.create.topics', true),
          start: plan.start,
          resetPolicy: plan.resetPolicy,
          exitAtEnd: flags.exitAtEnd === true,
          isolationLevel: plan.isolation,
          fetch,
          discoveryIntervalMs: 0,
        });
      } finally {
        await client.close();
      }
    }
  } catch (err) {
    if (err instanceof TkafkaError) throw err;
    if (isConnectionError(err)) throw connectionError(err, settings);
    if (err instanceof KafkaProtocolError) throw kafkaError(err);
    throw err;
  } finally {
    unregister();
    if (started) io.stderr.write(`Processed a total of ${result?.count ?? stats.count} messages\n`);
  }
  return result.reason === 'interrupt' ? EXIT_CODES.INTERRUPTED : EXIT_CODES.OK;
}
