// What kafka-topics asks of a cluster (TopicAdmin) and the values it gets back; Kafka's topic-name rules.
import { TkafkaError } from '../../shared/errors.js';

/** The zero topic id in Kafka's base64 form: no id. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

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

export interface TopicListing {
  name: string;
  /** null when the cluster reports no id (Kafka < 2.8, or the zero id). */
  id: string | null;
  internal: boolean;
  partitionCount: number;
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
