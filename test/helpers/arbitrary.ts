// fast-check arbitraries for any generated Kafka message at any version, built from the generated
// schema.json. Values respect the version: fields absent in it hold their defaults, null appears
// only where the field is nullable in it, tagged fields are sometimes at their default (omitted on
// the wire) and flexible versions sometimes carry unknown tagged fields.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { RawTaggedField } from '../../src/protocol/codec/reader.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';

export type VersionRange = readonly [number, number];

export interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly versions: VersionRange | null;
  readonly nullable?: VersionRange;
  readonly tagged?: VersionRange;
  readonly tag?: number;
  readonly flexible?: VersionRange | null;
  /** Numbers, booleans, strings, null; int64 as a decimal string; absent for uuid and empty bytes/arrays/structs. */
  readonly default?: unknown;
}

export interface SchemaMessage {
  readonly name: string;
  readonly type: 'request' | 'response' | 'header' | 'data';
  readonly apiKey?: number;
  readonly validVersions: VersionRange;
  readonly flexibleMin: number;
  readonly structs: Readonly<Record<string, readonly SchemaField[]>>;
}

export const schema: readonly SchemaMessage[] = JSON.parse(
  readFileSync(new URL('../../src/protocol/generated/schema.json', import.meta.url), 'utf8'),
) as SchemaMessage[];

export function schemaMessage(name: string): SchemaMessage {
  const m = schema.find((s) => s.name === name);
  if (m === undefined) throw new Error(`no schema for ${name}`);
  return m;
}

export function inRange(r: VersionRange | null | undefined, v: number): boolean {
  return r !== null && r !== undefined && v >= r[0] && v <= r[1];
}

export function isFlexible(m: SchemaMessage, v: number): boolean {
  return m.flexibleMin >= 0 && v >= m.flexibleMin;
}

function fields(m: SchemaMessage, struct: string): readonly SchemaField[] {
  const f = m.structs[struct];
  if (f === undefined) throw new Error(`${m.name}: no struct ${struct}`);
  return f;
}

const INT_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** The value a field holds when it is absent or untouched (mirrors the generated default functions). */
export function defaultValue(m: SchemaMessage, f: SchemaField): unknown {
  const d = f.default;
  if (f.type.startsWith('[]')) return d === null ? null : [];
  switch (f.type) {
    case 'bool':
      return d ?? false;
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'float64':
      return d ?? 0;
    case 'int64':
      return BigInt((d as string | undefined) ?? '0');
    case 'string':
      return d === undefined ? '' : d;
    case 'bytes':
    case 'records':
      return d === null ? null : Buffer.alloc(0);
    case 'uuid':
      return ZERO_UUID;
    default:
      return d === null ? null : defaultStruct(m, f.type);
  }
}

export function defaultStruct(m: SchemaMessage, struct: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields(m, struct)) out[f.name] = defaultValue(m, f);
  return out;
}

const bytesArb = (max: number): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength: max }).map((u) => Buffer.from(u));

function primArb(type: string): fc.Arbitrary<unknown> {
  const bounds = INT_BOUNDS[type];
  if (bounds !== undefined) return fc.integer({ min: bounds[0], max: bounds[1] });
  switch (type) {
    case 'bool':
      return fc.boolean();
    case 'int64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'float64':
      return fc.double();
    case 'string':
      return fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
    case 'bytes':
    case 'records':
      return bytesArb(12);
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((u) => Buffer.from(u).toString('base64url'));
    default:
      throw new Error(`not a primitive: ${type}`);
  }
}

function valueArb(m: SchemaMessage, type: string, nullable: boolean, v: number): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  if (type.startsWith('[]')) arb = fc.array(valueArb(m, type.slice(2), false, v), { maxLength: 2 });
  else if (/^[A-Z]/.test(type)) arb = structArbitrary(m, type, v);
  else arb = primArb(type);
  return nullable ? fc.option(arb, { nil: null, freq: 4 }) : arb;
}

function unknownTaggedArb(known: ReadonlySet<number>): fc.Arbitrary<RawTaggedField[] | null> {
  const tag = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 100, max: 20000 })).filter((t) => !known.has(t));
  const list = fc
    .uniqueArray(fc.tuple(tag, bytesArb(5)), { maxLength: 3, minLength: 1, selector: ([t]) => t })
    .map((l) => l.map(([t, data]) => ({ tag: t, data })).sort((a, b) => a.tag - b.tag));
  return fc.option(list, { nil: null, freq: 3 });
}

/** Any valid value of `struct` (a spec struct name, or the message name for the root) at version v. */
export function structArbitrary(m: SchemaMessage, struct: string, v: number): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const known = new Set<number>();
  for (const f of fields(m, struct)) {
    if (!inRange(f.versions, v)) {
      parts[f.name] = fc.constant(null).map(() => defaultValue(m, f));
      continue;
    }
    const value = valueArb(m, f.type, inRange(f.nullable, v), v);
    if (inRange(f.tagged, v)) {
      known.add(f.tag as number);
      parts[f.name] = fc.oneof(
        fc.constant(null).map(() => defaultValue(m, f)),
        value,
      );
    } else {
      parts[f.name] = value;
    }
  }
  const record = fc.record(parts, { noNullPrototype: true });
  if (!isFlexible(m, v)) return record;
  return fc.tuple(record, unknownTaggedArb(known)).map(([o, tagged]) => (tagged === null ? o : { ...o, _tagged: tagged }));
}

export function messageArbitrary(m: SchemaMessage, v: number): fc.Arbitrary<Record<string, unknown>> {
  return structArbitrary(m, m.name, v);
}
