// Avro schemas as Apache Avro's Java Schema.Parser reads them, because Confluent's registry keys
// identity and compatibility on Java's parse: a named type is one object wherever it is referenced
// (SchemaCompatibility memoises by identity), namespaces are inherited as Java inherits them, and
// the properties it does not reserve are kept in their order. avsc is used for the codec only.
import { SchemaParseError } from '../types.js';
import { JavaDouble, javaJsonText, parseJavaJson, type JsonValue } from '../java-json.js';

export type { JsonValue } from '../java-json.js';

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export const PRIMITIVES: readonly AvroPrimitive[] = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];

export type Props = [string, JsonValue][];

/** A full name split as Java's Schema.Name splits it; `space` null for none. */
export interface AvroName {
  readonly name: string;
  readonly space: string | null;
  readonly full: string;
}

export type FieldOrder = 'ascending' | 'descending' | 'ignore';

export interface AvroField {
  readonly name: string;
  readonly type: AvroNode;
  readonly doc: string | null;
  /** undefined when the field has no default (a JSON null default is `null`). */
  readonly default: JsonValue | undefined;
  readonly order: FieldOrder;
  readonly aliases: readonly string[];
  readonly props: Props;
  readonly pos: number;
}

export type AvroNode =
  | { readonly kind: 'primitive'; readonly type: AvroPrimitive; readonly props: Props }
  | { readonly kind: 'record'; readonly error: boolean; readonly name: AvroName; readonly doc: string | null; fields: AvroField[]; readonly aliases: AvroName[]; readonly props: Props }
  | { readonly kind: 'enum'; readonly name: AvroName; readonly doc: string | null; readonly symbols: readonly string[]; readonly default: string | null; readonly aliases: AvroName[]; readonly props: Props }
  | { readonly kind: 'fixed'; readonly name: AvroName; readonly doc: string | null; readonly size: number; readonly aliases: AvroName[]; readonly props: Props }
  | { readonly kind: 'array'; readonly items: AvroNode; readonly props: Props }
  | { readonly kind: 'map'; readonly values: AvroNode; readonly props: Props }
  | { readonly kind: 'union'; readonly types: readonly AvroNode[] };

export type NamedNode = Extract<AvroNode, { name: AvroName }>;

/** Java's Schema.Type name of a node (what Avro's messages print: RECORD, INT, ...). */
export function typeName(n: AvroNode): string {
  return (n.kind === 'primitive' ? n.type : n.kind).toUpperCase();
}

const SCHEMA_RESERVED = new Set(['doc', 'fields', 'items', 'name', 'namespace', 'size', 'symbols', 'values', 'type', 'aliases']);
const ENUM_RESERVED = new Set([...SCHEMA_RESERVED, 'default']);
const FIELD_RESERVED = new Set(['default', 'doc', 'name', 'order', 'type', 'aliases']);

// Java's Character.isLetter / isLetterOrDigit, as Avro 1.12's default name validator uses them.
const VALID_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

function validateName(name: string): string {
  if (name.length === 0) throw new SchemaParseError('Empty name');
  if (!VALID_NAME.test(name)) {
    const first = name[0] as string;
    throw new SchemaParseError(/^[\p{L}_]/u.test(first) ? `Illegal character in: ${name}` : `Illegal initial character: ${name}`);
  }
  return name;
}

export function makeName(name: string, space: string | null): AvroName {
  const dot = name.lastIndexOf('.');
  let n = name;
  let s = space;
  if (dot >= 0) {
    s = name.slice(0, dot);
    n = name.slice(dot + 1);
  }
  validateName(n);
  if (s === '') s = null;
  return { name: n, space: s, full: s === null ? n : `${s}.${n}` };
}

const compact = (v: JsonValue | undefined): string => javaJsonText(v);

/**
 * The named types known to one parse: references first, then the schema itself (as Confluent feeds
 * one Schema.Parser the resolved references and then the schema).
 */
export class AvroNames {
  readonly byFull = new Map<string, NamedNode>();
  /** Names used before their definition (Avro 1.12 resolves them at the end of each document). */
  pending: { placeholder: AvroNode; full: string; bare: string }[] = [];

  lookup(name: string, space: string | null): AvroNode | undefined {
    if ((PRIMITIVES as readonly string[]).includes(name)) return { kind: 'primitive', type: name as AvroPrimitive, props: [] };
    const qualified = name.includes('.') || space === null ? name : `${space}.${name}`;
    return this.byFull.get(qualified) ?? this.byFull.get(name);
  }

  add(n: NamedNode): void {
    if (this.byFull.has(n.name.full)) throw new SchemaParseError(`Can't redefine: ${n.name.full}`);
    this.byFull.set(n.name.full, n);
  }
}

function optionalText(o: Record<string, JsonValue>, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' ? v : null;
}

function requiredText(o: Record<string, JsonValue>, key: string, what: string): string {
  const v = optionalText(o, key);
  if (v === null) throw new SchemaParseError(`${what}: ${compact(o)}`);
  return v;
}

function isObject(v: JsonValue | undefined): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JavaDouble);
}

function parseAliases(o: Record<string, JsonValue>): string[] {
  const a = o['aliases'];
  if (a === undefined) return [];
  if (!Array.isArray(a)) throw new SchemaParseError(`aliases not an array: ${compact(o)}`);
  return a.map((x) => {
    if (typeof x !== 'string') throw new SchemaParseError(`alias not a string: ${compact(x)}`);
    return x;
  });
}

function propsOf(o: Record<string, JsonValue>, reserved: ReadonlySet<string>): Props {
  return Object.entries(o).filter(([k]) => !reserved.has(k));
}

/** Forward-reference placeholders and the full names they stand for. */
const PLACEHOLDERS = new WeakMap<AvroNode, string>();

/** Parses one schema JSON value into `names` (Java's Schema.parse(JsonNode, names)). */
export function parseNode(json: JsonValue, names: AvroNames, space: string | null, validateDefaults: boolean): AvroNode {
  if (typeof json === 'string') {
    const found = names.lookup(json, space);
    if (found !== undefined) return found;
    // A forward reference: a placeholder replaced once the document is parsed.
    const full = json.includes('.') || space === null ? json : `${space}.${json}`;
    const placeholder: AvroNode = { kind: 'primitive', type: 'null', props: [] };
    PLACEHOLDERS.set(placeholder, full);
    names.pending.push({ placeholder, full, bare: json });
    return placeholder;
  }
  if (Array.isArray(json)) {
    const types = json.map((t) => parseNode(t, names, space, validateDefaults));
    const seen = new Set<string>();
    for (const t of types) {
      if (t.kind === 'union') throw new SchemaParseError(`Nested union: ${compact(json)}`);
      const key = PLACEHOLDERS.get(t) ?? ('name' in t ? t.name.full : t.kind === 'primitive' ? t.type : t.kind);
      if (seen.has(key)) throw new SchemaParseError(`Duplicate in union:${key}`);
      seen.add(key);
    }
    return { kind: 'union', types };
  }
  if (!isObject(json)) throw new SchemaParseError(`Schema not yet supported: ${compact(json)}`);
  const type = requiredText(json, 'type', 'No type');
  if ((PRIMITIVES as readonly string[]).includes(type)) return { kind: 'primitive', type: type as AvroPrimitive, props: propsOf(json, SCHEMA_RESERVED) };
  if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
    const ns = optionalText(json, 'namespace');
    const name = makeName(requiredText(json, 'name', 'No name in schema'), ns ?? space);
    const doc = optionalText(json, 'doc');
    const aliases = parseAliases(json).map((a) => makeName(a, name.space));
    if (type === 'enum') {
      const symbols = json['symbols'];
      if (!Array.isArray(symbols)) throw new SchemaParseError(`Enum has no symbols: ${compact(json)}`);
      const syms: string[] = [];
      for (const s of symbols) {
        if (typeof s !== 'string') throw new SchemaParseError(`Enum symbol not a string: ${compact(s)}`);
        validateName(s);
        if (syms.includes(s)) throw new SchemaParseError(`Duplicate enum symbol: ${s}`);
        syms.push(s);
      }
      const dflt = optionalText(json, 'default');
      if (dflt !== null && !syms.includes(dflt)) throw new SchemaParseError(`The Enum Default: ${dflt} is not in the enum symbol set: [${syms.join(', ')}]`);
      const node: NamedNode = { kind: 'enum', name, doc, symbols: syms, default: dflt, aliases, props: propsOf(json, ENUM_RESERVED) };
      names.add(node);
      return node;
    }
    if (type === 'fixed') {
      const size = json['size'];
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 2147483647) throw new SchemaParseError(`Invalid or no size: ${compact(json)}`);
      const node: NamedNode = { kind: 'fixed', name, doc, size, aliases, props: propsOf(json, SCHEMA_RESERVED) };
      names.add(node);
      return node;
    }
    const record: Extract<AvroNode, { kind: 'record' }> = { kind: 'record', error: type === 'error', name, doc, fields: [], aliases, props: propsOf(json, SCHEMA_RESERVED) };
    names.add(record);
    const fieldsJson = json['fields'];
    if (!Array.isArray(fieldsJson)) throw new SchemaParseError(`Record has no fields: ${compact(json)}`);
    const fields: AvroField[] = [];
    for (const f of fieldsJson) {
      if (!isObject(f)) throw new SchemaParseError(`No field name: ${compact(f)}`);
      const fname = requiredText(f, 'name', 'No field name');
      validateName(fname);
      const ftypeJson = f['type'];
      if (ftypeJson === undefined) throw new SchemaParseError(`No field type: ${compact(f)}`);
      const ftype = parseNode(ftypeJson, names, name.space, validateDefaults);
      const dflt = f['default'];
      if (validateDefaults && dflt !== undefined && !isValidDefault(ftype, dflt)) {
        throw new SchemaParseError(`Invalid default for field ${fname}: ${compact(dflt)} not a ${toJavaJson(ftype)}`);
      }
      const orderJson = f['order'];
      let order: FieldOrder = 'ascending';
      if (orderJson !== undefined) {
        const o = typeof orderJson === 'string' ? orderJson.toLowerCase() : '';
        if (o !== 'ascending' && o !== 'descending' && o !== 'ignore') throw new SchemaParseError(`No enum constant org.apache.avro.Schema.Field.Order.${JSON.stringify(orderJson).toUpperCase()}`);
        order = o;
      }
      if (fields.some((x) => x.name === fname)) throw new SchemaParseError(`Duplicate field ${fname} in record ${name.full}: ${fname} type:${typeName(ftype)} pos:${fields.length} and ${fname} type:${typeName(fields.find((x) => x.name === fname)?.type ?? ftype)} pos:${fields.findIndex((x) => x.name === fname)}.`);
      fields.push({ name: fname, type: ftype, doc: optionalText(f, 'doc'), default: dflt, order, aliases: parseAliases(f), props: propsOf(f, FIELD_RESERVED), pos: fields.length });
    }
    record.fields = fields;
    return record;
  }
  if (type === 'array') {
    const items = json['items'];
    if (items === undefined) throw new SchemaParseError(`Array has no items type: ${compact(json)}`);
    return { kind: 'array', items: parseNode(items, names, space, validateDefaults), props: propsOf(json, SCHEMA_RESERVED) };
  }
  if (type === 'map') {
    const values = json['values'];
    if (values === undefined) throw new SchemaParseError(`Map has no values type: ${compact(json)}`);
    return { kind: 'map', values: parseNode(values, names, space, validateDefaults), props: propsOf(json, SCHEMA_RESERVED) };
  }
  const named = names.lookup(type, space);
  if (named !== undefined) return named;
  throw new SchemaParseError('A schema "type" MUST be a primitive type or one of "enum", "fixed", "record", "error", "array" or "map".');
}

/** Replaces the document's forward references by the types they name, or refuses the first undefined one. */
function resolvePending(root: AvroNode, names: AvroNames): AvroNode {
  if (names.pending.length === 0) return root;
  const target = new Map<AvroNode, AvroNode>();
  for (const p of names.pending) {
    const found = names.byFull.get(p.full) ?? names.byFull.get(p.bare);
    if (found === undefined) throw new SchemaParseError(`Undefined schema: ${p.full}`);
    target.set(p.placeholder, found);
  }
  names.pending = [];
  const swap = (n: AvroNode): AvroNode => target.get(n) ?? n;
  const seen = new Set<AvroNode>();
  const walk = (n: AvroNode): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const m = n as { -readonly [K in keyof AvroNode]: unknown } & Record<string, unknown>;
    switch (n.kind) {
      case 'record':
        n.fields = n.fields.map((f) => (target.has(f.type) ? { ...f, type: swap(f.type) } : f));
        for (const f of n.fields) walk(f.type);
        return;
      case 'array':
        m['items'] = swap(n.items);
        walk(n.items);
        return;
      case 'map':
        m['values'] = swap(n.values);
        walk(n.values);
        return;
      case 'union':
        m['types'] = n.types.map(swap);
        for (const t of n.types) walk(t);
        return;
      case 'enum':
      case 'fixed':
      case 'primitive':
        return;
    }
  };
  const resolved = swap(root);
  walk(resolved);
  for (const named of names.byFull.values()) walk(named);
  return resolved;
}

/** Java's Schema.isValidDefault: what a field's default must be for its type (a union's: its first branch). */
export function isValidDefault(t: AvroNode, v: JsonValue): boolean {
  // A type named before its definition is checked by Avro once resolved; here it passes.
  if (PLACEHOLDERS.has(t)) return true;
  switch (t.kind) {
    case 'primitive':
      switch (t.type) {
        case 'string':
        case 'bytes':
          return typeof v === 'string';
        case 'int':
          return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
        case 'long':
          return typeof v === 'number' && Number.isInteger(v);
        case 'float':
        case 'double':
          return typeof v === 'number' || v instanceof JavaDouble;
        case 'boolean':
          return typeof v === 'boolean';
        case 'null':
          return v === null;
      }
      return false;
    case 'enum':
    case 'fixed':
      return typeof v === 'string';
    case 'array':
      return Array.isArray(v) && v.every((e) => isValidDefault(t.items, e));
    case 'map':
      return isObject(v) && Object.values(v).every((e) => isValidDefault(t.values, e));
    case 'union':
      return t.types[0] !== undefined && isValidDefault(t.types[0], v);
    case 'record':
      return isObject(v) && t.fields.every((f) => (f.name in v ? isValidDefault(f.type, v[f.name] as JsonValue) : f.default !== undefined && isValidDefault(f.type, f.default)));
  }
}

/** Parses `text` (and the referenced schemas first) as Confluent's AvroSchema does. */
export function parseAvro(text: string, references: readonly string[], validateDefaults: boolean): { root: AvroNode; names: AvroNames; refRoots: AvroNode[] } {
  const names = new AvroNames();
  const refRoots = references.map((r) => resolvePending(parseNode(parseJson(r), names, null, validateDefaults), names));
  const root = resolvePending(parseNode(parseJson(text), names, null, validateDefaults), names);
  return { root, names, refRoots };
}

function parseJson(text: string): JsonValue {
  try {
    return parseJavaJson(text);
  } catch (e) {
    throw new SchemaParseError(`Invalid JSON: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Java's Schema.toString(referencedSchemas, false): Confluent's canonical string.

interface PrintNames {
  known: NamedNode[];
  space: string | null;
}

function qualified(n: AvroName, defaultSpace: string | null): string {
  return n.space === null || n.space === defaultSpace ? n.name : n.full;
}

function writeProps(out: string[], props: Props): void {
  for (const [k, v] of props) out.push(`,${compact(k)}:${compact(v)}`);
}

function writeName(out: string[], n: AvroName, names: PrintNames): void {
  out.push(`,"name":${compact(n.name)}`);
  if (n.space !== null) {
    if (n.space !== names.space) out.push(`,"namespace":${compact(n.space)}`);
  } else if (names.space !== null) out.push(`,"namespace":""`);
}

function writeAliases(out: string[], node: NamedNode): void {
  if (node.aliases.length === 0) return;
  out.push(`,"aliases":[${node.aliases.map((a) => compact(qualified(a, node.name.space))).join(',')}]`);
}

function toJson(node: AvroNode, names: PrintNames, out: string[]): void {
  switch (node.kind) {
    case 'primitive':
      if (node.props.length === 0) out.push(compact(node.type));
      else {
        out.push(`{"type":${compact(node.type)}`);
        writeProps(out, node.props);
        out.push('}');
      }
      return;
    case 'array':
      out.push('{"type":"array","items":');
      toJson(node.items, names, out);
      writeProps(out, node.props);
      out.push('}');
      return;
    case 'map':
      out.push('{"type":"map","values":');
      toJson(node.values, names, out);
      writeProps(out, node.props);
      out.push('}');
      return;
    case 'union':
      out.push('[');
      node.types.forEach((t, i) => {
        if (i > 0) out.push(',');
        toJson(t, names, out);
      });
      out.push(']');
      return;
    case 'record':
    case 'enum':
    case 'fixed': {
      if (names.known.includes(node)) {
        out.push(compact(qualified(node.name, names.space)));
        return;
      }
      names.known.push(node);
      const saved = names.space;
      out.push(`{"type":${compact(node.kind === 'record' ? (node.error ? 'error' : 'record') : node.kind)}`);
      writeName(out, node.name, names);
      if (node.kind === 'record') names.space = node.name.space;
      if (node.doc !== null) out.push(`,"doc":${compact(node.doc)}`);
      if (node.kind === 'record') {
        out.push(',"fields":[');
        node.fields.forEach((f, i) => {
          if (i > 0) out.push(',');
          out.push(`{"name":${compact(f.name)},"type":`);
          toJson(f.type, names, out);
          if (f.doc !== null) out.push(`,"doc":${compact(f.doc)}`);
          if (f.default !== undefined) out.push(`,"default":${compact(f.default)}`);
          if (f.order !== 'ascending') out.push(`,"order":${compact(f.order)}`);
          if (f.aliases.length > 0) out.push(`,"aliases":${compact([...f.aliases])}`);
          writeProps(out, f.props);
          out.push('}');
        });
        out.push(']');
      } else if (node.kind === 'enum') {
        out.push(`,"symbols":${compact([...node.symbols])}`);
        if (node.default !== null) out.push(`,"default":${compact(node.default)}`);
      } else out.push(`,"size":${node.size}`);
      writeProps(out, node.props);
      writeAliases(out, node);
      out.push('}');
      names.space = saved;
      return;
    }
  }
}

/** Java's Schema.toString(referencedSchemas, false): named types of `known` print as names. */
export function toJavaJson(node: AvroNode, known: readonly AvroNode[] = []): string {
  const out: string[] = [];
  toJson(node, { known: known.filter((k): k is NamedNode => 'name' in k), space: null }, out);
  return out.join('');
}
