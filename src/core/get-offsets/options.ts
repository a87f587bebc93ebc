// kafka-get-offsets' command line (GetOffsetShell): the offset spec of --time and the topic-partition
// filter of --topic/--partitions or --topic-partitions, checked before any connection as Kafka does.
import { TkafkaError, UsageError } from '../../shared/errors.js';
import { JavaRegexError, compileJavaRegex, javaSplit, javaTrim } from '../topics/java.js';

export interface GetOffsetsFlags {
  topic?: string;
  partitions?: string;
  topicPartitions?: string;
  time?: string;
  excludeInternalTopics?: boolean;
}

/** A failure kafka-get-offsets reports as `Error occurred: <message>` on stderr (exit 1). */
export class GetOffsetsError extends TkafkaError {
  override readonly name: string = 'GetOffsetsError';
  constructor(message: string) {
    super('GET_OFFSETS_FAILED', message);
  }
}

export type OffsetSpecName = 'latest' | 'earliest' | 'max-timestamp' | 'earliest-local' | 'latest-tiered' | 'earliest-pending-upload' | 'timestamp';

export interface OffsetSpec {
  name: OffsetSpecName;
  /** The ListOffsets timestamp: -1..-6 for the named specs, else epoch milliseconds. */
  timestamp: bigint;
  /** The lowest ListOffsets version that carries this spec (Kafka's admin client refuses below it). */
  minVersion: number;
}

const NAMED: ReadonlyArray<readonly [OffsetSpecName, bigint, number]> = [
  ['latest', -1n, 0],
  ['earliest', -2n, 0],
  ['max-timestamp', -3n, 7],
  ['earliest-local', -4n, 8],
  ['latest-tiered', -5n, 9],
  ['earliest-pending-upload', -6n, 11],
];

const TIME_HELP = '-1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered / -6 or earliest-pending-upload';

/** GetOffsetShell.parseOffsetSpec: a name, one of its numbers, or a Java long (epoch ms). */
export function parseOffsetSpec(raw: string): OffsetSpec {
  const byName = NAMED.find(([name]) => name === raw);
  if (byName !== undefined) return { name: byName[0], timestamp: byName[1], minVersion: byName[2] };
  // Long.parseLong: an optional sign and decimal digits, within 64 bits.
  const n = /^[+-]?\d+$/.test(raw) ? BigInt(raw) : undefined;
  if (n === undefined || n > 0x7fffffffffffffffn || n < -0x8000000000000000n) {
    throw new UsageError(`Malformed time argument ${raw}. Please use ${TIME_HELP}, or a specified long format timestamp`);
  }
  const byNumber = NAMED.find(([, ts]) => ts === n);
  if (byNumber !== undefined) return { name: byNumber[0], timestamp: byNumber[1], minVersion: byNumber[2] };
  return { name: 'timestamp', timestamp: n, minVersion: 1 };
}

export interface TopicPartitionRule {
  topic: (name: string) => boolean;
  partition: (p: number) => boolean;
}

/** Kafka's TopicFilter.IncludeList: trimmed, commas become alternation, spaces and surrounding quotes dropped. */
function includeList(raw: string): (name: string) => boolean {
  const regex = javaTrim(raw).replaceAll(',', '|').replaceAll(' ', '').replace(/^["']+/, '').replace(/["']+$/, '');
  try {
    const re = compileJavaRegex(regex);
    return (name) => re.test(name);
  } catch (err) {
    if (err instanceof JavaRegexError) throw new GetOffsetsError(`${regex} is an invalid regex.`);
    throw err;
  }
}

// GetOffsetShell's TOPIC_PARTITION_PATTERN, matched against a whole rule.
const RULE = /^([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?$/;
const INT_MAX = 2147483647;

function javaInt(s: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n > INT_MAX || n < -INT_MAX - 1) throw new GetOffsetsError(`For input string: "${s}"`);
  return n;
}

/** One --topic-partitions rule: `regex`, `regex:N`, `regex:N-M` (M exclusive), `regex:N-`, `regex:-M`. */
function parseRule(spec: string): TopicPartitionRule {
  const m = RULE.exec(spec);
  if (m === null) throw new UsageError(`Invalid rule specification: ${spec}`);
  const group = (i: number): string | undefined => (m[i] === undefined || m[i] === '' ? undefined : m[i]);
  const topicRe = group(1);
  const topic = includeList(topicRe ?? '.*');
  const single = group(2);
  if (single !== undefined) {
    const p = javaInt(single);
    return { topic, partition: (x) => x === p };
  }
  const lower = group(3) === undefined ? 0 : javaInt(group(3) ?? '0');
  const upper = group(4) === undefined ? INT_MAX : javaInt(group(4) ?? '0');
  return { topic, partition: (x) => x >= lower && x < upper };
}

export interface GetOffsetsPlan {
  spec: OffsetSpec;
  rules: TopicPartitionRule[];
  excludeInternal: boolean;
}

/** Checks the flags as GetOffsetShell.fetchOffsets does before it connects. */
export function planGetOffsets(flags: GetOffsetsFlags): GetOffsetsPlan {
  if (flags.topicPartitions !== undefined && (flags.topic !== undefined || flags.partitions !== undefined)) {
    throw new UsageError('--topic-partitions cannot be used with --topic or --partitions');
  }
  const spec = parseOffsetSpec(flags.time ?? 'latest');
  let rules: TopicPartitionRule[];
  if (flags.topicPartitions !== undefined) {
    rules = javaSplit(flags.topicPartitions, /,/).map(parseRule);
  } else {
    const ids = new Set<number>();
    if (flags.partitions !== undefined && flags.partitions !== '') {
      for (const part of javaSplit(flags.partitions, /,/)) {
        if (!/^[+-]?\d+$/.test(part) || Math.abs(Number(part)) > INT_MAX) {
          throw new UsageError(`--partitions expects a comma separated list of numeric partition ids, but received: ${flags.partitions}`);
        }
        ids.add(Number(part));
      }
    }
    rules = [{ topic: includeList(flags.topic ?? '.*'), partition: (p) => ids.size === 0 || ids.has(p) }];
  }
  return { spec, rules, excludeInternal: flags.excludeInternalTopics === true };
}
