import { describe, expect, it } from 'vitest';
import { compileJavaRegex, defaultHashMapOrder, describeTopicOrder, hashMapOrder, JavaRegexError, javaSplit, javaStringHash, javaTrim } from '../../../src/core/topics/java.js';

describe('Java string semantics', () => {
  it('hashCode matches the JVM (32-bit wrap-around included)', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('a')).toBe(97);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('__consumer_offsets')).toBe(-970371369);
  });

  it('split drops trailing empty strings only when the pattern matched', () => {
    expect(javaSplit('k=v=', /\s*=\s*/)).toEqual(['k', 'v']);
    expect(javaSplit('=v', /\s*=\s*/)).toEqual(['', 'v']);
    expect(javaSplit('k==v', /\s*=\s*/)).toEqual(['k', '', 'v']);
    expect(javaSplit('=', /\s*=\s*/)).toEqual([]);
    expect(javaSplit('', /\s*=\s*/)).toEqual(['']);
    expect(javaSplit('abc', /,/)).toEqual(['abc']);
  });

  it('trim strips control characters and spaces but not Unicode spaces', () => {
    expect(javaTrim('\t a b \n')).toBe('a b');
    expect(javaTrim('\u00a0x\u00a0')).toBe('\u00a0x\u00a0');
  });
});

describe('HashMap iteration order', () => {
  // Orders seen in real kafka-topics --describe output (all topics of a cluster, one call).
  it('reproduces the topic order Kafka prints', () => {
    expect(describeTopicOrder(['streams-plaintext-input', 'streams-wordcount-output'])).toEqual(['streams-wordcount-output', 'streams-plaintext-input']);
    expect(describeTopicOrder(['first-topic', 'second-topic', 'third-topic'])).toEqual(['first-topic', 'second-topic', 'third-topic']);
    expect(describeTopicOrder(['ECOMMERCE_NEW_ORDER', '__consumer_offsets'])).toEqual(['ECOMMERCE_NEW_ORDER', '__consumer_offsets']);
  });

  it('differs between JDK 17 and 19+ only where the copied table size differs', () => {
    // Three keys: JDK 17 sizes the `new HashMap<>(map)` copy at 8 buckets, JDK 19+ at 4.
    expect(describeTopicOrder(['audit', 'orders', 'payments'], 'jdk19+')).toEqual(['audit', 'orders', 'payments']);
    expect(describeTopicOrder(['audit', 'orders', 'payments'], 'jdk17')).toEqual(['orders', 'audit', 'payments']);
    // Two keys: both size the copy at 4 buckets.
    expect(describeTopicOrder(['streams-plaintext-input', 'streams-wordcount-output'], 'jdk17')).toEqual(['streams-wordcount-output', 'streams-plaintext-input']);
    expect(describeTopicOrder(['a'], 'jdk17')).toEqual(['a']);
  });

  it('orders config entries as a default HashMap does: bucket first, then insertion order', () => {
    // Kafka 4 prints "min.insync.replicas=3,cleanup.policy=delete,segment.bytes=...,retention.ms=...,
    // unclean.leader.election.enable=false" for a topic with those overrides: ~40 entries → 64 buckets,
    // segment.bytes and retention.ms share bucket 27 and keep the broker's order.
    const wanted = ['cleanup.policy', 'min.insync.replicas', 'segment.bytes', 'retention.ms', 'unclean.leader.election.enable'];
    const entries = [...wanted, ...Array.from({ length: 35 }, (_, i) => `filler.${i}`)];
    const ordered = defaultHashMapOrder(entries, (s) => s).filter((s) => wanted.includes(s));
    expect(ordered).toEqual(['min.insync.replicas', 'cleanup.policy', 'segment.bytes', 'retention.ms', 'unclean.leader.election.enable']);
    // Older brokers (fewer configs, 32 buckets): "compression.type=producer,cleanup.policy=compact,segment.bytes=104857600".
    expect(hashMapOrder(['cleanup.policy', 'compression.type', 'segment.bytes'], (s) => s, 32)).toEqual(['compression.type', 'cleanup.policy', 'segment.bytes']);
  });
});

describe('Java regex', () => {
  const matches = (pattern: string, name: string): boolean => compileJavaRegex(pattern).test(name);

  it('matches whole names only', () => {
    expect(matches('orders', 'orders')).toBe(true);
    expect(matches('orders', 'orders-v2')).toBe(false);
    expect(matches('a|b', 'b')).toBe(true);
    expect(matches('test.topic', 'testXtopic')).toBe(true);
    expect(matches('test\\.topic', 'testXtopic')).toBe(false);
  });

  it('translates Java-only syntax', () => {
    expect(matches('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(matches('\\Qa.b\\E', 'aXb')).toBe(false);
    expect(matches('\\Qa.b', 'a.b')).toBe(true);
    expect(matches('(?i)ORDERS', 'orders')).toBe(true);
    expect(matches('a++b', 'aab')).toBe(true);
    expect(matches('a*+', 'aaa')).toBe(true);
    expect(matches('x{2}+', 'xx')).toBe(true);
    expect(matches('\\++', '++')).toBe(true);
    expect(matches('(?>ab)c', 'abc')).toBe(true);
    expect(matches('\\Aab\\z', 'ab')).toBe(true);
    expect(matches('[]a]+', ']a')).toBe(true);
    expect(matches('[^]a]+', 'bc')).toBe(true);
  });

  it('rejects patterns that do not compile', () => {
    expect(() => compileJavaRegex('[a')).toThrow(JavaRegexError);
    expect(() => compileJavaRegex('*')).toThrow(JavaRegexError);
    expect(() => compileJavaRegex('a\\')).toThrow(JavaRegexError);
  });
});
