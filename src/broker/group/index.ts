// Wires the group coordinator to a running broker: its config, clock, topics and the
// __consumer_offsets store. Handlers reach it as `broker.groups`.
import type { Clock } from '../../shared/clock.js';
import type { BrokerConfig } from '../config.js';
import type { TopicManager, TopicState } from '../metadata/topics.js';
import {
  DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS,
  DEFAULT_OFFSET_METADATA_MAX_BYTES,
  DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS,
  GroupCoordinator,
} from './coordinator.js';
import type { TopicInfo } from './consumer-group.js';
import { OffsetsTopicStore } from './offsets-topic.js';

export { GroupCoordinator } from './coordinator.js';
export { OFFSETS_TOPIC } from './offsets-topic.js';

/**
 * The broker's group coordinator. It takes the Broker's parts rather than the Broker: broker.ts
 * constructs it, so importing the Broker here would close an import cycle.
 */
export function createBrokerGroupCoordinator(config: BrokerConfig, topics: TopicManager, clock: Clock, log: (line: string) => void): GroupCoordinator {
  const topicInfo = (t: TopicState | undefined): TopicInfo | undefined => (t === undefined ? undefined : { id: t.id, name: t.name, numPartitions: t.partitions.length });
  const store = new OffsetsTopicStore({
    topics,
    numPartitions: config.offsetsTopicNumPartitions,
    clock,
    log,
  });
  return new GroupCoordinator({
    clock,
    store,
    log,
    partitionExists: (topic, partition) => {
      const t = topics.get(topic);
      return t !== undefined && partition >= 0 && partition < t.partitions.length;
    },
    topics: {
      byName: (name) => topicInfo(topics.get(name)),
      byId: (id) => topicInfo(topics.getById(id)),
      names: () => topics.list().filter((t) => !t.internal).map((t) => t.name),
    },
    config: {
      initialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
      minSessionTimeoutMs: config.groupMinSessionTimeoutMs,
      maxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
      consumerSessionTimeoutMs: config.groupConsumerSessionTimeoutMs,
      consumerHeartbeatIntervalMs: config.groupConsumerHeartbeatIntervalMs,
      consumerMigrationPolicy: config.groupConsumerMigrationPolicy,
      newMemberJoinTimeoutMs: DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS,
      offsetsRetentionMs: config.offsetsRetentionMinutes * 60_000,
      offsetsRetentionCheckIntervalMs: DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS,
      offsetMetadataMaxBytes: DEFAULT_OFFSET_METADATA_MAX_BYTES,
    },
  });
}

/** Kafka reports a member's host as Java's InetAddress.toString() of the peer: "/127.0.0.1". */
export function clientHostOf(remoteAddress: string): string {
  const colon = remoteAddress.lastIndexOf(':');
  let ip = colon > 0 ? remoteAddress.slice(0, colon) : remoteAddress;
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice('::ffff:'.length);
  return `/${ip}`;
}
