// kafka-topics' byte-exact text (TopicCommand.TopicDescription / PartitionDescription) and the
// documents of -o json, from the results of run.ts.
import type { TopicDescription, TopicsFormat, TopicsResult } from './run.js';
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

/** The text of one result, and the notices beside it; stderr comes first (it is written before stdout). */
export interface TopicsText {
  stdout: string;
  stderr: string;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function describeText(topics: readonly TopicDescription[]): string {
  let text = '';
  for (const d of topics) {
    if (d.summary) text += `${formatTopicSummary(d.topic, d.overrides)}\n`;
    for (const p of d.partitions) text += `${formatPartitionLine(d.topic.name, p)}\n`;
  }
  return text;
}

function describeJson(topics: readonly TopicDescription[]): TopicJson[] {
  return topics.map(({ topic: t, overrides, partitions }) => ({
    name: t.name,
    id: t.id !== null && t.id !== ZERO_UUID ? t.id : null,
    internal: t.internal,
    partitionCount: t.partitions.length,
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    configs: Object.fromEntries(overrides.map((e) => [e.name, e.value])),
    partitions: partitions.map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr, elr: p.elr, lastKnownElr: p.lastKnownElr })),
  }));
}

/**
 * What kafka-topics writes for `r`: Kafka's text, or with `json` one document on stdout and the
 * notices on stderr. A result with a failure keeps the text before it, and has no JSON document.
 */
export function renderTopics(r: TopicsResult, format: TopicsFormat): TopicsText {
  const asJson = format === 'json';
  const doc = (value: unknown): string => (asJson && r.failure === undefined ? json(value) : '');
  switch (r.action) {
    case 'list':
      // println of the joined names: an empty cluster still prints one empty line.
      return { stdout: asJson ? doc(r.topics.map((t) => ({ name: t.name, id: t.id, internal: t.internal, partitionCount: t.partitionCount }))) : `${r.topics.map((t) => t.name).join('\n')}\n`, stderr: '' };
    case 'describe':
      return { stdout: asJson ? doc(describeJson(r.topics)) : describeText(r.topics), stderr: r.notices.map((n) => `${n}\n`).join('') };
    case 'create': {
      const warning = r.collisionWarning ? `${COLLISION_WARNING}\n` : '';
      if (asJson) return { stdout: doc(r.result), stderr: warning };
      return { stdout: `${warning}${r.result?.created === true ? `Created topic ${r.result.name}.\n` : ''}`, stderr: '' };
    }
    case 'alter':
      return { stdout: doc({ altered: r.altered }), stderr: '' };
    case 'delete':
      return { stdout: doc({ deleted: r.deleted }), stderr: '' };
  }
}
