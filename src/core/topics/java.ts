// What kafka-topics inherits from the JVM and has to be reproduced for byte-exact output: String
// semantics (trim, split), java.util.regex full matches, and java.util.HashMap iteration order,
// which decides the order of topics in --describe and of entries after "Configs:".

/** Java's String.trim: strips chars <= U+0020 at both ends (JS trim also strips Unicode spaces). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/**
 * Java's String.split(regex) with limit 0: when the pattern matched at all, trailing empty strings
 * are dropped (so "k=v=" splits into two parts). `re` must not match the empty string.
 */
export function javaSplit(s: string, re: RegExp): string[] {
  const parts = s.split(re);
  if (parts.length === 1) return parts;
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Java's String.hashCode: s[0]*31^(n-1) + ... over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap.hash: the high half folded into the low half before masking. */
function spread(h: number): number {
  return h ^ (h >>> 16);
}

/** HashMap.tableSizeFor: the smallest power of two >= c (at least 1). */
function tableSizeFor(c: number): number {
  let n = 1;
  while (n < c) n *= 2;
  return n;
}

/** Table size after putting n keys into `new HashMap<>(initial)` (initial 16 for the no-arg constructor). */
function capacityAfterPuts(n: number, initial: number): number {
  let cap = tableSizeFor(initial);
  while (n > Math.floor(cap * 0.75)) cap *= 2;
  return cap;
}

/** Table size of `new HashMap<>(otherMap)` with n entries; JDK 19 (JDK-8281631) changed the rounding. */
function capacityOfCopy(n: number, jdk: JdkFlavor): number {
  const wanted = jdk === 'jdk19+' ? Math.ceil(n / 0.75) : Math.floor(n / 0.75 + 1);
  return tableSizeFor(wanted);
}

/**
 * The JVM a user runs kafka-topics on: JDK 17 is Kafka 4's minimum, the apache/kafka image ships
 * 21. The two differ only in how `new HashMap<>(map)` sizes its table.
 */
export type JdkFlavor = 'jdk19+' | 'jdk17';

/**
 * Re-orders `items` the way iterating a HashMap built from them does: by bucket index in the final
 * table, and within a bucket by insertion order (resizes keep the relative order of a bucket's
 * entries). Bins long enough to become trees (8 colliding keys) are not modelled.
 */
export function hashMapOrder<T>(items: readonly T[], keyOf: (item: T) => string, capacity: number): T[] {
  const mask = capacity - 1;
  return items
    .map((item, i) => ({ item, i, bucket: spread(javaStringHash(keyOf(item))) & mask }))
    .sort((a, b) => a.bucket - b.bucket || a.i - b.i)
    .map((e) => e.item);
}

/** Iteration order of `new HashMap<>()` after putting `items` in order (e.g. admin Config entries). */
export function defaultHashMapOrder<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return hashMapOrder(items, keyOf, capacityAfterPuts(items.length, 16));
}

/**
 * The order kafka-topics --describe prints topics in. The names go (sorted) into
 * `new HashMap<>(n)` in KafkaAdminClient, are copied with `new HashMap<>(map)` for the result, and
 * copied again into `new HashMap<>(n)` by DescribeTopicsResult.allTopicNames(), whose values
 * TopicCommand then walks.
 */
export function describeTopicOrder(sortedNames: readonly string[], jdk: JdkFlavor = 'jdk19+'): string[] {
  const n = sortedNames.length;
  if (n <= 1) return [...sortedNames];
  const id = (s: string): string => s;
  const futures = hashMapOrder(sortedNames, id, capacityAfterPuts(n, n));
  const copy = hashMapOrder(futures, id, capacityOfCopy(n, jdk));
  return hashMapOrder(copy, id, capacityAfterPuts(n, n));
}

export class JavaRegexError extends Error {
  override readonly name = 'JavaRegexError';
}

/**
 * Compiles a java.util.regex pattern for Matcher.matches() (the whole name must match). Java-only
 * syntax a topic pattern plausibly uses is translated: \Q...\E quoting, leading inline flags
 * (?i)/(?s)/(?m), possessive quantifiers and atomic groups (to their backtracking forms, which
 * accept the same topic names in practice), \A, \z and \Z. Throws JavaRegexError when the pattern
 * does not compile.
 */
export function compileJavaRegex(pattern: string): RegExp {
  let flags = '';
  let src = pattern;
  const lead = /^\(\?([imsuxdU]+)\)/.exec(src);
  if (lead?.[1] !== undefined) {
    for (const f of lead[1]) if ((f === 'i' || f === 's' || f === 'm') && !flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new JavaRegexError('Unexpected internal error');
      if (next === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const quoted = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        out += quoted.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      if (inClass === 0 && next === 'A') out += '^';
      else if (inClass === 0 && next === 'z') out += '$';
      else if (inClass === 0 && next === 'Z') out += '(?=\\n?$)';
      else out += c + next;
      i++;
      continue;
    }
    if (inClass > 0) {
      if (c === '[') inClass++;
      else if (c === ']') inClass--;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = 1;
      out += c;
      // A ']' right after '[' or '[^' is a literal in Java.
      if (src[i + 1] === '^') out += src[++i] ?? '';
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src.startsWith('(?>', i)) {
      out += '(?:';
      i += 2;
      continue;
    }
    if (c === '+' && isQuantified(out)) {
      continue; // possessive: X*+ → X*
    }
    out += c;
  }
  try {
    return new RegExp(`^(?:${out})$`, flags);
  } catch (err) {
    throw new JavaRegexError(err instanceof Error ? err.message : String(err));
  }
}

/** True when `out` ends with a quantifier (so a following '+' makes it possessive). */
function isQuantified(out: string): boolean {
  const last = out[out.length - 1];
  if (last === '*' || last === '?' || last === '+') {
    // An escaped quantifier char (\* \? \+) is a literal, not a quantifier.
    let backslashes = 0;
    for (let j = out.length - 2; j >= 0 && out[j] === '\\'; j--) backslashes++;
    return backslashes % 2 === 0;
  }
  return last === '}' && /\{\d+(,\d*)?\}$/.test(out);
}
