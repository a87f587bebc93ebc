// kafka-consumer-groups prints reset plans by iterating java.util.HashMap<TopicPartition, ...>
// (and HashMap<String, ...> for groups): this reproduces that order so the text matches Kafka's.
import { javaStringHash } from '../topics/java.js';
import type { TopicPartition } from './types.js';

/** TopicPartition.hashCode: 31 * (31 + partition) + topic.hashCode(). */
export function topicPartitionHash(tp: TopicPartition): number {
  return (Math.imul(31, 31 + tp.partition) + javaStringHash(tp.topic)) | 0;
}

/**
 * Iteration order of a HashMap built by inserting `items` one by one into `new HashMap<>()`:
 * buckets in index order (hash spread, masked by the table size, which doubles past 3/4 full),
 * insertion order within a bucket. Tree bins (8+ collisions in one bucket) are not modelled.
 */
export function javaHashMapOrder<T>(items: readonly T[], hashOf: (item: T) => number): T[] {
  let capacity = 16;
  while (items.length > capacity * 0.75) capacity *= 2;
  const mask = capacity - 1;
  const indexed = items.map((item, i) => {
    const h = hashOf(item);
    return { item, i, bucket: (h ^ (h >>> 16)) & mask };
  });
  indexed.sort((a, b) => a.bucket - b.bucket || a.i - b.i);
  return indexed.map((x) => x.item);
}

export function topicPartitionOrder<T extends TopicPartition>(items: readonly T[]): T[] {
  return javaHashMapOrder(items, topicPartitionHash);
}

export function stringKeyOrder<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return javaHashMapOrder(items, (x) => javaStringHash(keyOf(x)));
}
