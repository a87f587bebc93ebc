// kafka-topics' byte-exact text (TopicCommand.TopicDescription / PartitionDescription) and the
// documents of -o json.
import { ZERO_UUID, type ConfigEntry, type PartitionInfo, type TopicPartitions } from './types.js';

export const ERROR_PREFIX = 'Error while executing topic command : ';

export const COLLISION_WARNING =
  "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.";

function nodeList(ids: readonly number[] | null): string {
  return ids === null ? 'N/A' : ids.join(',');
}

/** The summary line (TopicCommand.TopicDescription.printDescription), without the newline. */
export function formatTopicSummary(t: TopicPartitions, overrides: readonly ConfigEntry[]): string {
  const first = t.partitions[0];
  const rf = first === undefined ? 0 : first.replicas.length;
  const configs = overrides.map((c) => `${c.name}=${c.value ?? 'null'}`).join(',');
  const id = t.id !== null && t.id !== ZERO_UUID ? `\tTopicId: ${t.id}` : '';
  return `Topic: ${t.name}${id}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${rf}\tConfigs: ${configs}`;
}

/** A partition line (PartitionDescription.printDescription), tab first, without the newline. */
export function formatPartitionLine(topic: string, p: PartitionInfo): string {
  return (
    `\tTopic: ${topic}\tPartition: ${p.partition}\tLeader: ${p.leader ?? 'none'}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}` +
    `\tElr: ${nodeList(p.elr)}\tLastKnownElr: ${nodeList(p.lastKnownElr)}`
  );
}

/** `-o json` describe entry; see README "tkafka topics" for the schema. */
export interface TopicJson {
  name: string;
  id: string | null;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  configs: Record<string, string | null>;
  partitions: { partition: number; leader: number | null; replicas: number[]; isr: number[]; elr: number[] | null; lastKnownElr: number[] | null }[];
}

/** `-o json` result of --create. */
export interface CreateJson {
  name: string;
  created: boolean;
  id: string | null;
  partitions: number | null;
  replicationFactor: number | null;
}
