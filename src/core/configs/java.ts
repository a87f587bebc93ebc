// The few Java behaviours kafka-configs' output depends on: a HashMap's iteration order (Kafka prints
// quota values, quota entities, config-name sets and topic sets straight out of HashMaps/HashSets)
// and Double.toString for quota values.

import { javaHashOrder, javaStringHash } from '../../shared/java-hash.js';

export { javaHashOrder, javaMapHash, javaStringHash } from '../../shared/java-hash.js';

/** A set of strings in java.util.HashSet order (distinct, first occurrence kept). */
export function javaHashSetOrder(items: readonly string[], initialCapacity = 16): string[] {
  return javaHashOrder([...new Set(items)], javaStringHash, initialCapacity);
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
