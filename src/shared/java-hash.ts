// Java's hashing, for answers and output that come straight out of Java HashMaps/HashSets in Kafka
// (quota entities and values, config-name sets): a key's bucket is its spread hash masked by the
// table size, and keys in one bucket keep their insertion order (chains append, and a resize keeps
// their relative order). Shared by the broker's quota APIs and kafka-configs' output.

/** String.hashCode(): s[0]*31^(n-1) + ... over UTF-16 code units, as a 32-bit int. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** The table size a HashMap ends with after `count` puts, given its initial capacity (default 16). */
function tableSize(count: number, initialCapacity: number): number {
  let n = 1;
  while (n < initialCapacity) n *= 2;
  while (count > n * 0.75) n *= 2;
  return n;
}

/**
 * Items in the iteration order of a HashMap filled with them in the given order: by bucket
 * ((h ^ h >>> 16) & (n - 1)), then insertion order within a bucket.
 */
export function javaHashOrder<T>(items: readonly T[], hash: (item: T) => number, initialCapacity = 16): T[] {
  const n = tableSize(items.length, initialCapacity);
  const bucket = (item: T): number => {
    const h = hash(item);
    return (h ^ (h >>> 16)) & (n - 1);
  };
  return items
    .map((item, i) => ({ item, i, b: bucket(item) }))
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((x) => x.item);
}

/** Map<String,String>.hashCode(): the sum of key.hashCode() ^ value.hashCode() (null hashes to 0). */
export function javaMapHash(entries: ReadonlyArray<readonly [string, string | null]>): number {
  let h = 0;
  for (const [k, v] of entries) h = (h + (javaStringHash(k) ^ (v === null ? 0 : javaStringHash(v)))) | 0;
  return h;
}
