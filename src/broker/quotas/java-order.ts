// Kafka answers quota requests from Java HashMaps, so the order of entities, of an entity's parts and
// of its values is the maps' bucket order. Reproducing it lets our answers compare byte for byte with
// Kafka's: a key's bucket is its spread hash masked by the table size, and equal buckets keep their
// insertion order (HashMap chains append, and a resize keeps their relative order).

/** Java's String.hashCode over UTF-16 code units, as an int32. */
export function javaStringHash(s: string | null): number {
  if (s === null) return 0;
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** AbstractMap.hashCode of a String→String map: the sum of key.hashCode ^ value.hashCode. */
export function javaMapHash(entries: readonly (readonly [string, string | null])[]): number {
  let h = 0;
  for (const [k, v] of entries) h = (h + (javaStringHash(k) ^ javaStringHash(v))) | 0;
  return h;
}

/** The table size a HashMap holding `n` entries has grown to (16, doubled at 0.75 load). */
function tableSize(n: number): number {
  let size = 16;
  while (n > size * 0.75) size *= 2;
  return size;
}

/** `items` in the order a HashMap keyed by `hash(item)` iterates them after inserting them in order. */
export function javaHashOrder<T>(items: readonly T[], hash: (item: T) => number): T[] {
  const mask = tableSize(items.length) - 1;
  const keyed = items.map((item, i) => {
    const h = hash(item);
    return { item, i, bucket: (h ^ (h >>> 16)) & mask };
  });
  keyed.sort((a, b) => a.bucket - b.bucket || a.i - b.i);
  return keyed.map((k) => k.item);
}
