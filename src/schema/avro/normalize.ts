// Confluent's AvroSchemaUtils.toNormalizedString (normalize=true): named types by full name with no
// namespace key, the reserved attributes in a fixed order, doc/aliases/default before the other
// properties, properties and aliases sorted. Confluent then parses that text again and stores its
// canonical string, so its quirks (an empty named-type doc dropped, a namespace-less nested type
// picking up its parent's namespace on the re-parse) are kept by doing the same.
import { JavaDouble, javaDouble, javaJsonText, numberOf } from '../java-json.js';
import type { AvroField, AvroNode, JsonValue, Props } from './model.js';

const str = (s: string): string => javaJsonText(s);

/** A default value as Confluent's toJsonNode(field.defaultVal()) renders it: typed by the field's schema. */
function typedValue(t: AvroNode, v: JsonValue): string {
  if (v === null) return 'null';
  const n = numberOf(v);
  const isMap = (x: JsonValue): x is { [k: string]: JsonValue } => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof JavaDouble);
  switch (t.kind) {
    case 'primitive':
      if ((t.type === 'float' || t.type === 'double') && n !== undefined) return javaDouble(t.type === 'float' ? Math.fround(n) : n);
      if ((t.type === 'int' || t.type === 'long') && n !== undefined) return String(Math.trunc(n));
      return javaJsonText(v);
    case 'union':
      return t.types[0] === undefined ? javaJsonText(v) : typedValue(t.types[0], v);
    case 'array':
      return Array.isArray(v) ? `[${v.map((e) => typedValue(t.items, e)).join(',')}]` : javaJsonText(v);
    case 'map':
      return isMap(v) ? `{${Object.entries(v).map(([k, e]) => `${str(k)}:${typedValue(t.values, e)}`).join(',')}}` : javaJsonText(v);
    case 'record': {
      if (!isMap(v)) return javaJsonText(v);
      const parts = t.fields.filter((f) => f.name in v).map((f) => `${str(f.name)}:${typedValue(f.type, v[f.name] as JsonValue)}`);
      return `{${parts.join(',')}}`;
    }
    case 'enum':
    case 'fixed':
      return javaJsonText(v);
  }
}

function simpleProps(props: Props): string {
  return [...props]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `,${str(k)}:${javaJsonText(v)}`)
    .join('');
}

/** Java's LogicalTypes.fromSchemaIgnoreInvalid, reduced to what the normalised form writes. */
function logicalProps(t: AvroNode): string | null {
  if (t.kind !== 'primitive' && t.kind !== 'fixed') return null;
  const lt = t.props.find(([k]) => k === 'logicalType')?.[1];
  if (typeof lt !== 'string') return null;
  const base = t.kind === 'fixed' ? 'fixed' : t.type;
  const prop = (k: string): JsonValue | undefined => t.props.find(([p]) => p === k)?.[1];
  switch (lt) {
    case 'decimal': {
      if (base !== 'bytes' && base !== 'fixed') return null;
      const precision = prop('precision');
      const scale = prop('scale') ?? 0;
      if (typeof precision !== 'number' || !Number.isInteger(precision) || precision <= 0) return null;
      if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision) return null;
      if (t.kind === 'fixed' && precision > Math.floor(Math.log10(2) * (8 * t.size - 1))) return null;
      return `,"logicalType":"decimal","precision":${precision}${scale !== 0 ? `,"scale":${scale}` : ''}`;
    }
    case 'uuid':
      return base === 'string' || (t.kind === 'fixed' && t.size === 16) ? ',"logicalType":"uuid"' : null;
    case 'date':
    case 'time-millis':
      return base === 'int' ? `,"logicalType":${str(lt)}` : null;
    case 'time-micros':
    case 'timestamp-millis':
    case 'timestamp-micros':
    case 'timestamp-nanos':
    case 'local-timestamp-millis':
    case 'local-timestamp-micros':
    case 'local-timestamp-nanos':
      return base === 'long' ? `,"logicalType":${str(lt)}` : null;
    case 'duration':
      return t.kind === 'fixed' && t.size === 12 ? ',"logicalType":"duration"' : null;
    default:
      return null;
  }
}

function fieldProps(f: AvroField): string {
  let s = `,"order":"${f.order.toUpperCase()}"`;
  if (f.doc !== null) s += `,"doc":${str(f.doc)}`;
  if (f.aliases.length > 0) s += `,"aliases":${javaJsonText([...new Set(f.aliases)].sort())}`;
  if (f.default !== undefined) s += `,"default":${typedValue(f.type, f.default)}`;
  return s + simpleProps(f.props);
}

function build(env: Map<string, string>, t: AvroNode): string {
  switch (t.kind) {
    case 'union':
      return `[${t.types.map((b) => build(env, b)).join(',')}]`;
    case 'array':
      return `{"type":"array","items":${build(env, t.items)}${simpleProps(t.props)}}`;
    case 'map':
      return `{"type":"map","values":${build(env, t.values)}${simpleProps(t.props)}}`;
    case 'record':
    case 'enum':
    case 'fixed': {
      const known = env.get(t.name.full);
      if (known !== undefined) return known;
      const q = str(t.name.full);
      env.set(t.name.full, q);
      let s = `{"name":${q},"type":"${t.kind}"`;
      if (t.kind === 'enum') s += `,"symbols":[${t.symbols.map((x) => `"${x}"`).join(',')}]`;
      else if (t.kind === 'fixed') s += `,"size":${t.size}${logicalProps(t) ?? ''}`;
      else s += `,"fields":[${t.fields.map((f) => `{"name":"${f.name}","type":${build(env, f.type)}${fieldProps(f)}}`).join(',')}]`;
      if (t.doc !== null && t.doc !== '') s += `,"doc":${str(t.doc)}`;
      if (t.aliases.length > 0) s += `,"aliases":${javaJsonText([...new Set(t.aliases.map((a) => a.full))].sort())}`;
      if (t.kind === 'enum' && t.default !== null) s += `,"default":${str(t.default)}`;
      return `${s}${simpleProps(t.props)}}`;
    }
    case 'primitive': {
      const lt = logicalProps(t);
      if (lt !== null) return `{"type":"${t.type}"${lt}${simpleProps(t.props)}}`;
      if (t.props.length > 0) return `{"type":"${t.type}"${simpleProps(t.props)}}`;
      return str(t.type);
    }
  }
}

/** The normalised text of `root`; the full names of `referenced` (the references' roots) are written as names. */
export function toNormalizedString(root: AvroNode, referenced: readonly AvroNode[]): string {
  const env = new Map<string, string>();
  for (const r of referenced) if ('name' in r) env.set(r.name.full, str(r.name.full));
  return build(env, root);
}
