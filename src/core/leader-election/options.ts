// kafka-leader-election.sh's options (LeaderElectionCommand.LeaderElectionCommandOptions.validate)
// with Kafka's messages, and the --path-to-json-file format.
import { UsageError } from '../../shared/errors.js';

export interface LeaderElectionFlags {
  electionType?: string;
  topic?: string;
  partition?: string;
  allTopicPartitions?: boolean;
  pathToJsonFile?: string;
}

export const USAGE_HINT = "Run 'tkafka leader-election --help' for usage.";

export type ElectionType = 'PREFERRED' | 'UNCLEAN';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface LeaderElectionPlan {
  electionType: ElectionType;
  /** The named partitions; null means every eligible partition (--all-topic-partitions). */
  partitions: TopicPartition[] | null;
  /** --path-to-json-file, read by the caller. */
  jsonFile: string | null;
}

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

/** ElectionTypeConverter (jopt-simple's EnumConverter: case-insensitive). */
export function parseElectionType(raw: string): ElectionType {
  const up = raw.toUpperCase();
  if (up === 'PREFERRED' || up === 'UNCLEAN') return up;
  throw usage(`Cannot parse argument '${raw}' of option election-type`);
}

export function checkLeaderElectionArgs(flags: LeaderElectionFlags): LeaderElectionPlan {
  if (flags.electionType === undefined) throw usage('Missing required option(s): election-type');
  const electionType = parseElectionType(flags.electionType);
  const exclusive = [flags.topic !== undefined, flags.allTopicPartitions === true, flags.pathToJsonFile !== undefined].filter(Boolean).length;
  if (exclusive !== 1) throw usage('One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file');
  if (flags.topic !== undefined && flags.partition === undefined) throw usage('Missing required option(s): partition');
  if (flags.topic === undefined && flags.partition !== undefined) throw usage('Option partition is only allowed if topic is used');
  let partitions: TopicPartition[] | null = null;
  if (flags.topic !== undefined && flags.partition !== undefined) {
    const raw = flags.partition;
    const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648) throw usage(`Cannot parse argument '${raw}' of option partition`);
    partitions = [{ topic: flags.topic, partition: n }];
  }
  return { electionType, partitions, jsonFile: flags.pathToJsonFile ?? null };
}

/** A --path-to-json-file problem (Kafka's AdminOperationException text). */
export class ElectionDataError extends Error {
  override readonly name = 'ElectionDataError';
}

/** LeaderElectionCommand.parseReplicaElectionData: {"partitions":[{"topic":"t","partition":0}]}. */
export function parseElectionData(text: string): TopicPartition[] {
  let js: unknown;
  try {
    js = JSON.parse(text);
  } catch {
    throw new ElectionDataError('Replica election data is empty');
  }
  if (typeof js !== 'object' || js === null || Array.isArray(js)) throw new ElectionDataError('Replica election data is missing "partitions" field');
  const list = (js as Record<string, unknown>)['partitions'];
  if (list === undefined) throw new ElectionDataError('Replica election data is missing "partitions" field');
  if (!Array.isArray(list)) throw new ElectionDataError(`Expected JSON array, received ${JSON.stringify(list)}`);
  const out: TopicPartition[] = [];
  for (const item of list) {
    const o = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const topic = o['topic'];
    const partition = o['partition'];
    if (typeof topic !== 'string') throw new ElectionDataError(topic === undefined ? 'No such field exists: `topic`' : `Expected \`String\` value, received ${JSON.stringify(topic)}`);
    if (typeof partition !== 'number' || !Number.isInteger(partition)) throw new ElectionDataError(partition === undefined ? 'No such field exists: `partition`' : `Expected \`Int\` value, received ${JSON.stringify(partition)}`);
    out.push({ topic, partition });
  }
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const tp of out) {
    const k = `${tp.topic}-${tp.partition}`;
    if (seen.has(k) && !dups.includes(k)) dups.push(k);
    seen.add(k);
  }
  if (dups.length > 0) throw new ElectionDataError(`Replica election data contains duplicate partitions: [${dups.join(', ')}]`);
  return out;
}
