// Plain data shared by the consumer-groups modules: what the admin layer returns and what the
// describe/reset logic hands to the renderers. Offsets are bigint (Kafka longs); JSON output
// converts them to numbers.

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface CoordinatorNode {
  id: number;
  host: string;
  port: number;
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
  /** Empty when the broker is too old to report it (ListGroups < v4). */
  state: string;
  /** Empty when the broker is too old to report it (ListGroups < v5). */
  type: string;
}

export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  /** As the broker reports it, e.g. `/127.0.0.1`. */
  host: string;
  /** Decoded ConsumerProtocol assignment; empty when there is none or it is not a consumer group. */
  assignment: TopicPartition[];
  /** KIP-848 consumer groups only (ConsumerGroupDescribe): the member's epoch and target assignment. */
  memberEpoch?: number;
  targetAssignment?: TopicPartition[];
}

export interface GroupDescription {
  groupId: string;
  /** Kafka's state name: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead. */
  state: string;
  protocolType: string;
  /** The chosen assignor (DescribeGroups protocolData), '' when none. */
  assignor: string;
  members: GroupMember[];
  coordinator: CoordinatorNode;
  /** KIP-848 consumer groups only (ConsumerGroupDescribe): group epoch and target assignment epoch. */
  groupEpoch?: number;
  targetAssignmentEpoch?: number;
  /**
   * Set for a group that does not exist on a broker that says so (DescribeGroups v6+, Kafka 4.0+): the
   * exception the Java admin fails with, e.g. `org.apache.kafka.common.errors.GroupIdNotFoundException:
   * Group g not found.` Older brokers describe such a group as Dead, and so does the Java admin.
   */
  notFound?: string;
}

export interface CommittedOffset {
  offset: bigint;
  /** -1 when the commit carries no leader epoch. */
  leaderEpoch: number;
}

export interface PartitionLeader {
  partition: number;
  /** -1 without a leader. */
  leader: number;
}

export type OffsetSpec = 'earliest' | 'latest' | { timestamp: bigint };

/** Per-partition outcome of a request: 0 or a Kafka error code. */
export interface PartitionResult extends TopicPartition {
  errorCode: number;
}

/** `topic:partition` key for maps. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/** Kafka's TopicPartition.toString: `topic-partition`. */
export function tpString(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** Orders by topic (UTF-16 code units, as Java's String.compareTo) then partition. */
export function compareTopicPartition(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}

/** Where text goes; kept in call order so tests see stdout/stderr interleaving. */
export interface Printer {
  out(text: string): void;
  err(text: string): void;
}
