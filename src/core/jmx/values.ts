// Attribute values as kafka-jmx prints them (String.valueOf: Java's toString of the boxed value), and
// as JSON. Kafka's MBeans return Long, Double, Integer and String; the JVM's own MBeans add Boolean,
// arrays, enums, ObjectNames and open types. A type without a known toString prints as Java's
// Object.toString shape with the identity hash, which a client cannot know, left out: "ClassName@".
// CompositeData (java.lang:type=Memory's HeapMemoryUsage, ...) and the OpenTypes print their content, as Java's.
import { javaDouble } from '../perf/java-format.js';
import { BlockReader, fieldOf, instanceOf, isArray, isObject, type FieldValue, type JavaObject } from './serial.js';
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
  return openMBeanString(v) ?? `${name}@`;
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
  if (isObject(v)) {
    const composite = compositeJson(v);
    if (composite !== undefined) return composite;
  }
  return javaToString(v);
}

// --- javax.management.openmbean: CompositeData and the OpenTypes, whose toString is their content ---

/** The key/value pairs a serialized java.util map wrote (TreeMap, HashMap, LinkedHashMap: size, then key, value, ...), in stream order. */
export function readMapEntries(v: FieldValue | undefined): Array<[FieldValue, FieldValue]> | undefined {
  if (!isObject(v)) return undefined;
  for (const cls of ['java.util.TreeMap', 'java.util.HashMap']) {
    const data = v.classData.find((d) => d.desc.name === cls);
    if (data === undefined) continue;
    const objs = new BlockReader(data.annotations).objects();
    const out: Array<[FieldValue, FieldValue]> = [];
    for (let i = 0; i + 1 < objs.length; i += 2) out.push([objs[i] as FieldValue, objs[i + 1] as FieldValue]);
    return out;
  }
  return undefined;
}

/** OpenType.toString for SimpleType, ArrayType, CompositeType and TabularType; undefined for anything else. */
function openTypeString(v: JavaObject): string | undefined {
  const name = v.desc.name;
  const typeName = fieldOf(v, 'typeName');
  if (name === 'javax.management.openmbean.SimpleType') return `${name}(name=${javaToString(typeName)})`;
  if (name === 'javax.management.openmbean.ArrayType') {
    return `${name}(name=${javaToString(typeName)},dimension=${javaToString(fieldOf(v, 'dimension'))},elementType=${javaToString(fieldOf(v, 'elementType'))},primitiveArray=${javaToString(fieldOf(v, 'primitiveArray'))})`;
  }
  if (name === 'javax.management.openmbean.CompositeType') {
    const items = (readMapEntries(fieldOf(v, 'nameToType')) ?? []).map(([k, t]) => `(itemName=${javaToString(k)},itemType=${javaToString(t)})`);
    return `${name}(name=${javaToString(typeName)},items=(${items.join(',')}))`;
  }
  if (name === 'javax.management.openmbean.TabularType') {
    const index = fieldOf(v, 'indexNames');
    const names = isObject(index) ? readListElements(index) : undefined;
    return `${name}(name=${javaToString(typeName)},rowType=${javaToString(fieldOf(v, 'rowType'))},indexNames=[${(names ?? []).map((x) => javaToString(x)).join(', ')}])`;
  }
  return undefined;
}

function readListElements(v: JavaObject): FieldValue[] | undefined {
  const data = v.classData.find((d) => d.desc.name === 'java.util.ArrayList');
  if (data !== undefined) return new BlockReader(data.annotations).objects();
  const inner = fieldOf(v, 'list') ?? fieldOf(v, 'c');
  return isObject(inner) ? readListElements(inner) : undefined;
}

/** Arrays.deepToString of one element, as CompositeDataSupport prints its contents. */
function deepToString(v: FieldValue | undefined): string {
  if (isArray(v)) return `[${v.values.map((x) => deepToString(x)).join(', ')}]`;
  return javaToString(v);
}

/** CompositeDataSupport.toString: its type, then the contents in key order. */
function compositeString(v: JavaObject): string | undefined {
  const contents = readMapEntries(fieldOf(v, 'contents'));
  const type = fieldOf(v, 'compositeType');
  if (contents === undefined || !isObject(type)) return undefined;
  return `${v.desc.name}(compositeType=${javaToString(type)},contents={${contents.map(([k, x]) => `${javaToString(k)}=${deepToString(x)}`).join(', ')}})`;
}

/** The open-type texts javaToString knows, or undefined. */
export function openMBeanString(v: JavaObject): string | undefined {
  if (v.desc.name === 'javax.management.openmbean.CompositeDataSupport') return compositeString(v);
  return openTypeString(v);
}

/** A CompositeData as a JSON object of its contents; undefined for anything else. */
export function compositeJson(v: JavaObject): Record<string, unknown> | undefined {
  if (v.desc.name !== 'javax.management.openmbean.CompositeDataSupport') return undefined;
  const contents = readMapEntries(fieldOf(v, 'contents'));
  if (contents === undefined) return undefined;
  return Object.fromEntries(contents.map(([k, x]) => [javaToString(k), javaToJson(x)]));
}
