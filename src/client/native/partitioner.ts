/**
 * Kafka's default partitioning: a keyed record goes to murmur2(key) mod partitions (the same
 * partition the Java client, librdkafka's murmur2_random and kafkajs's DefaultPartitioner pick), a
 * record without a key sticks to one partition until its batch is full, then moves on round-robin
 * (KIP-480 sticky partitioning).
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's Utils.murmur2 (32-bit MurmurHash2, seed 0x9747b28c), as a signed int32. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4] as number) | ((data[i4 + 1] as number) << 8) | ((data[i4 + 2] as number) << 16) | ((data[i4 + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= (data[tail + 2] as number) << 16;
  if (rest >= 2) h ^= (data[tail + 1] as number) << 8;
  if (rest >= 1) {
    h ^= data[tail] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  return (murmur2(key) & 0x7fffffff) % numPartitions;
}

/** Sticky choice for records without a key; `next()` moves on when the current batch is sealed. */
export class StickyPartitioner {
  private current: number;
  private readonly numPartitions: number;

  constructor(numPartitions: number, start = Math.floor(Math.random() * numPartitions)) {
    this.numPartitions = numPartitions;
    this.current = start % numPartitions;
  }

  get partition(): number {
    return this.current;
  }

  next(): void {
    this.current = (this.current + 1) % this.numPartitions;
  }
}
