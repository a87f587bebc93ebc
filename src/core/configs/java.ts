// The few Java behaviours kafka-configs' output depends on: a HashMap's iteration order (Kafka prints
// quota values, quota entities, config-name sets and topic sets straight out of HashMaps/HashSets)
// and Double.toString for quota values.

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

/** A set of strings in java.util.HashSet order (distinct, first occurrence kept). */
export function javaHashSetOrder(items: readonly string[], initialCapacity = 16): string[] {
  return javaHashOrder([...new Set(items)], javaStringHash, initialCapacity);
}

/** Map<String,String>.hashCode(): the sum of key.hashCode() ^ value.hashCode() (null hashes to 0). */
export function javaMapHash(entries: ReadonlyArray<readonly [string, string | null]>): number {
  let h = 0;
  for (const [k, v] of entries) h = (h + (javaStringHash(k) ^ (v === null ? 0 : javaStringHash(v)))) | 0;
  return h;
}

/** Double.toString: plain between 10^-3 and 10^7 (always with a fraction), else d.dddE[-]n. */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant = '', exp = '0'] = d.toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.replace('+', '')}`;
}
