// Attribute values as kafka-jmx prints them (String.valueOf: Java's toString of the boxed value), and
// as JSON. Kafka's MBeans return Long, Double, Integer and String; the JVM's own MBeans add Boolean,
// arrays, enums, ObjectNames and open types. A type without a known toString prints as Java's
// Object.toString shape with the identity hash, which a client cannot know, left out: "ClassName@".
import { javaDouble } from '../perf/java-format.js';
import { fieldOf, instanceOf, isArray, isObject, type FieldValue, type JavaObject } from './serial.js';
import { readObjectName } from './client.js';

const BOXED_INTEGERS = new Set(['java.lang.Long', 'java.lang.Integer', 'java.lang.Short', 'java.lang.Byte', 'java.util.concurrent.atomic.AtomicLong', 'java.util.concurrent.atomic.AtomicInteger']);

/** Float.toString: the shortest decimal that reads back as the same float, in Java's layout. */
export function javaFloat(x: number): string {
  if (!Number.isFinite(x) || x === 0) return javaDouble(x);
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return javaDouble(Number(s));
  }
  return javaDouble(f);
}

function boxed(o: JavaObject): FieldValue | undefined {
  return o.desc.name.startsWith('java.lang.') || o.desc.name.startsWith('java.util.concurrent.atomic.') ? fieldOf(o, 'value') : undefined;
}

/** String.valueOf(value) for a deserialized attribute value. */
export function javaToString(v: FieldValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : javaDouble(v);
  if (isArray(v)) return `${v.desc.name}@`;
  if (v.kind === 'enum') return v.constant;
  if (v.kind === 'classref') return `class ${v.desc.name}`;
  if (v.kind === 'class') return v.name;
  const name = v.desc.name;
  const value = boxed(v);
  if (BOXED_INTEGERS.has(name) && (typeof value === 'bigint' || typeof value === 'number')) return String(value);
  if (name === 'java.lang.Double' && typeof value === 'number') return javaDouble(value);
  if (name === 'java.lang.Float' && typeof value === 'number') return javaFloat(value);
  if (name === 'java.lang.Boolean' && typeof value === 'boolean') return String(value);
  if (name === 'java.lang.Character' && typeof value === 'number') return String.fromCharCode(value);
  if (instanceOf(v, 'javax.management.ObjectName')) return readObjectName(v);
  return `${name}@`;
}

/** A JSON value for -o json: numbers as numbers (a long beyond 2^53 as a string), strings, booleans, null; other types as their kafka-jmx text. */
export function javaToJson(v: FieldValue | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : javaDouble(v);
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (isObject(v)) {
    const value = boxed(v);
    if (value !== undefined && (BOXED_INTEGERS.has(v.desc.name) || ['java.lang.Double', 'java.lang.Float', 'java.lang.Boolean'].includes(v.desc.name))) {
      return javaToJson(v.desc.name === 'java.lang.Float' && typeof value === 'number' ? Number(javaFloat(value)) : value);
    }
  }
  if (isArray(v)) return v.values.map((x) => javaToJson(x));
  return javaToString(v);
}
