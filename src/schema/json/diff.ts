// Confluent's JSON Schema SchemaDiff (ObjectSchemaDiff, ArraySchemaDiff, StringSchemaDiff,
// NumberSchemaDiff, EnumSchemaDiff, CombinedSchemaDiff, NotSchemaDiff) over the schemas as the
// everit loader Confluent uses classifies them: a schema is one kind (object, array, string,
// number, boolean, null, enum, const, combined, not, empty, true/false), `type` arrays are anyOf
// unions, and $ref is followed. Differences outside COMPATIBLE_CHANGES make an update incompatible.
import { javaHashOrder, javaStringHash } from '../../shared/java-hash.js';
import type { Difference } from '../types.js';

export const JSON_COMPATIBLE_CHANGES: ReadonlySet<string> = new Set([
  'ID_CHANGED', 'DESCRIPTION_CHANGED', 'TITLE_CHANGED', 'DEFAULT_CHANGED', 'SCHEMA_REMOVED', 'TYPE_EXTENDED',
  'MAX_LENGTH_INCREASED', 'MAX_LENGTH_REMOVED', 'MIN_LENGTH_DECREASED', 'MIN_LENGTH_REMOVED', 'PATTERN_REMOVED',
  'MAXIMUM_INCREASED', 'MAXIMUM_REMOVED', 'MINIMUM_DECREASED', 'MINIMUM_REMOVED', 'EXCLUSIVE_MAXIMUM_INCREASED',
  'EXCLUSIVE_MAXIMUM_REMOVED', 'EXCLUSIVE_MINIMUM_DECREASED', 'EXCLUSIVE_MINIMUM_REMOVED', 'MULTIPLE_OF_REDUCED', 'MULTIPLE_OF_REMOVED',
  'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED', 'REQUIRED_ATTRIBUTE_REMOVED', 'DEPENDENCY_ARRAY_NARROWED', 'DEPENDENCY_ARRAY_REMOVED',
  'DEPENDENCY_SCHEMA_REMOVED', 'MAX_PROPERTIES_INCREASED', 'MAX_PROPERTIES_REMOVED', 'MIN_PROPERTIES_DECREASED', 'MIN_PROPERTIES_REMOVED',
  'ADDITIONAL_PROPERTIES_ADDED', 'ADDITIONAL_PROPERTIES_EXTENDED', 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL', 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'MAX_ITEMS_INCREASED', 'MAX_ITEMS_REMOVED', 'MIN_ITEMS_DECREASED', 'MIN_ITEMS_REMOVED', 'UNIQUE_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_ADDED', 'ADDITIONAL_ITEMS_EXTENDED', 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ENUM_ARRAY_EXTENDED', 'COMBINED_TYPE_EXTENDED', 'PRODUCT_TYPE_NARROWED', 'SUM_TYPE_EXTENDED', 'NOT_TYPE_NARROWED',
]);

const KEYWORD_ADDED_OR_REMOVED = new Set(['MAXIMUM_ADDED', 'MINIMUM_ADDED', 'EXCLUSIVE_MAXIMUM_ADDED', 'EXCLUSIVE_MINIMUM_ADDED', 'MULTIPLE_OF_ADDED', 'MAX_LENGTH_ADDED', 'MIN_LENGTH_ADDED', 'PATTERN_ADDED', 'REQUIRED_ATTRIBUTE_ADDED', 'MAX_PROPERTIES_ADDED', 'MIN_PROPERTIES_ADDED', 'DEPENDENCY_ARRAY_ADDED', 'DEPENDENCY_SCHEMA_ADDED', 'MAX_ITEMS_ADDED', 'MIN_ITEMS_ADDED', 'UNIQUE_ITEMS_ADDED', 'ADDITIONAL_ITEMS_REMOVED', 'ADDITIONAL_PROPERTIES_REMOVED']);
const VALUE_INCREASED = new Set(['MIN_LENGTH_INCREASED', 'MINIMUM_INCREASED', 'EXCLUSIVE_MINIMUM_INCREASED', 'MIN_PROPERTIES_INCREASED', 'MULTIPLE_OF_EXPANDED', 'MIN_ITEMS_INCREASED']);
const VALUE_DECREASED = new Set(['MAX_LENGTH_DECREASED', 'MAXIMUM_DECREASED', 'MAX_ITEMS_DECREASED', 'EXCLUSIVE_MAXIMUM_DECREASED', 'MAX_PROPERTIES_DECREASED']);
const TYPE_NARROWED = new Set(['ADDITIONAL_ITEMS_NARROWED', 'ENUM_ARRAY_NARROWED', 'SUM_TYPE_NARROWED', 'ADDITIONAL_PROPERTIES_NARROWED']);
const VALUE_CHANGED = new Set(['PATTERN_CHANGED', 'MULTIPLE_OF_CHANGED', 'DEPENDENCY_ARRAY_CHANGED']);
const TYPE_CHANGED = new Set(['TYPE_CHANGED', 'TYPE_NARROWED', 'COMBINED_TYPE_CHANGED', 'COMBINED_TYPE_SUBSCHEMAS_CHANGED', 'ENUM_ARRAY_CHANGED']);
const TYPE_EXTENDED = new Set(['DEPENDENCY_ARRAY_EXTENDED', 'PRODUCT_TYPE_EXTENDED', 'SUM_TYPE_EXTENDED', 'NOT_TYPE_EXTENDED']);

/** Confluent's JSON Schema Difference.error() wording. */
function description(kind: string, p: string): string {
  if (KEYWORD_ADDED_OR_REMOVED.has(kind)) return `The keyword at path '${p}' in the %s schema is not present in the %s schema`;
  if (VALUE_INCREASED.has(kind)) return `The value at path '${p}' in the %s schema is more than its value in the %s schema`;
  if (VALUE_DECREASED.has(kind)) return `The value at path '${p}' in the %s schema is less than its value in the %s schema`;
  if (VALUE_CHANGED.has(kind)) return `The value at path '${p}' is different between the %s and %s schema`;
  if (TYPE_NARROWED.has(kind)) return `An array or combined type at path '${p}' has fewer elements in the %s schema than the %s schema`;
  if (TYPE_EXTENDED.has(kind)) return `An array or combined type at path '${p}' has more elements in the %s schema than the %s schema`;
  if (TYPE_CHANGED.has(kind)) return `A type at path '${p}' is different between the %s schema and the %s schema`;
  switch (kind) {
    case 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL':
    case 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL':
      return `The %s schema has an open content model and has a property or item at path '${p}' which is missing in the %s schema`;
    case 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL':
      return `The %s schema has an unopen content model and has a required property at path '${p}' which is missing in the %s schema`;
    case 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL':
    case 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL':
      return `The %s schema has a closed content model and is missing a property or item present at path '${p}' in the %s schema`;
    case 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL':
    case 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL':
      return `A property or item is missing in the %s schema but present at path '${p}' in the %s schema and is not covered by its partially open content model`;
    case 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL':
    case 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL':
      return `The %s schema has a property or item at path '${p}' which is missing in the %s schema and is not covered by its partially open content model`;
    default:
      return '';
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How everit would load a schema node. */
type Kind = 'true' | 'false' | 'empty' | 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'enum' | 'const' | 'combined' | 'not';

const OBJECT_KEYS = ['properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'dependencies', 'propertyNames'];
const ARRAY_KEYS = ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'];
const STRING_KEYS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];

/** A schema node as the diff sees it: everit's single kind, with combined schemas made explicit. */
interface Node {
  kind: Kind;
  json: Obj;
  /** For 'combined': allOf / anyOf / oneOf and its subschemas. */
  criterion?: 'allOf' | 'anyOf' | 'oneOf';
  subs?: Node[];
}

export class JsonSchemaModel {
  readonly root: Json;
  /** $ref targets other than the schema's own: by reference name (URL). */
  readonly refs: ReadonlyMap<string, Json>;

  constructor(root: Json, refs: ReadonlyMap<string, Json>) {
    this.root = root;
    this.refs = refs;
  }

  resolve(ref: string, base: Json): Json | undefined {
    const [doc, frag] = ref.includes('#') ? [ref.slice(0, ref.indexOf('#')), ref.slice(ref.indexOf('#') + 1)] : [ref, ''];
    let target: Json | undefined = doc === '' ? base : this.refs.get(doc);
    if (target === undefined) return undefined;
    for (const seg of frag.split('/').filter((s) => s !== '')) {
      const key = decodeURIComponent(seg).replaceAll('~1', '/').replaceAll('~0', '~');
      if (Array.isArray(target)) target = target[Number(key)];
      else if (isObj(target)) target = target[key];
      else return undefined;
    }
    return target;
  }

  node(json: Json | undefined, base: Json, depth = 0): Node | null {
    if (json === undefined) return null;
    if (json === true) return { kind: 'true', json: {} };
    if (json === false) return { kind: 'false', json: {} };
    if (!isObj(json)) return { kind: 'empty', json: {} };
    const ref = json['$ref'];
    if (typeof ref === 'string' && depth < 32) {
      const target = this.resolve(ref, base);
      const doc = ref.includes('#') ? ref.slice(0, ref.indexOf('#')) : ref;
      return this.node(target, doc === '' ? base : (this.refs.get(doc) ?? base), depth + 1);
    }
    const parts: Node[] = [];
    const type = json['type'];
    const has = (keys: readonly string[]): boolean => keys.some((k) => k in json);
    const typed = (t: string): Node => ({ kind: t === 'integer' ? 'number' : (t as Kind), json });
    if (Array.isArray(type)) {
      const subs = type.filter((t): t is string => typeof t === 'string').map(typed);
      parts.push(subs.length === 1 ? (subs[0] as Node) : { kind: 'combined', json: {}, criterion: 'anyOf', subs });
    } else if (typeof type === 'string') parts.push(typed(type));
    else {
      // No type: everit infers the kinds from the keywords present.
      if (has(OBJECT_KEYS)) parts.push({ kind: 'object', json });
      if (has(ARRAY_KEYS)) parts.push({ kind: 'array', json });
      if (has(STRING_KEYS)) parts.push({ kind: 'string', json });
      if (has(NUMBER_KEYS)) parts.push({ kind: 'number', json });
    }
    if ('enum' in json) parts.push({ kind: 'enum', json });
    if ('const' in json) parts.push({ kind: 'const', json });
    if ('not' in json) parts.push({ kind: 'not', json });
    for (const c of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = json[c];
      if (Array.isArray(list)) parts.push({ kind: 'combined', json, criterion: c, subs: list.map((s) => this.node(s, base) ?? { kind: 'empty', json: {} }) });
    }
    if (parts.length === 0) return { kind: 'empty', json };
    if (parts.length === 1) return parts[0] as Node;
    return { kind: 'combined', json, criterion: 'allOf', subs: parts };
  }
}

class Ctx {
  readonly diffs: { kind: string; path: string }[] = [];
  readonly path: string[] = [];
  readonly seen = new Set<Obj>();

  add(kind: string, attr?: string): void {
    const p = attr === undefined ? this.path : [...this.path, attr];
    this.diffs.push({ kind, path: `#/${p.join('/')}` });
  }

  in(seg: string, f: () => void): void {
    this.path.push(seg);
    try {
      f();
    } finally {
      this.path.pop();
    }
  }

  sub(): Ctx {
    const c = new Ctx();
    c.path.push(...this.path);
    for (const s of this.seen) c.seen.add(s);
    return c;
  }

  compatible(): boolean {
    return this.diffs.every((d) => JSON_COMPATIBLE_CHANGES.has(d.kind));
  }
}

interface Side {
  model: JsonSchemaModel;
  base: Json;
}

const num = (o: Obj, k: string): number | undefined => (typeof o[k] === 'number' ? o[k] : undefined);
const jsonEq = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

function hashKeys(a: readonly string[], b: readonly string[]): string[] {
  const all = [...a, ...b.filter((x) => !a.includes(x))];
  return javaHashOrder(all, javaStringHash, Math.max(Math.floor(a.length / 0.75) + 1, 16));
}

/** A bound keyword's change: <NAME>_ADDED / _REMOVED / _INCREASED / _DECREASED at its path. */
function limit(ctx: Ctx, o: Obj, u: Obj, key: string, name: string): void {
  const a = num(o, key);
  const b = num(u, key);
  if (a === b) return;
  if (a === undefined) ctx.add(`${name}_ADDED`, key);
  else if (b === undefined) ctx.add(`${name}_REMOVED`, key);
  else if (a < b) ctx.add(`${name}_INCREASED`, key);
  else ctx.add(`${name}_DECREASED`, key);
}

function compare(ctx: Ctx, os: Side, us: Side, o: Node | null, u: Node | null): void {
  if (o === null && u === null) return;
  if (o === null) return ctx.add('SCHEMA_ADDED');
  if (u === null) return ctx.add('SCHEMA_REMOVED');
  if (o.kind !== 'combined' && u.kind === 'combined') {
    const subs = u.subs ?? [];
    if (subs.length === 1) {
      const sub = ctx.sub();
      compare(sub, os, us, o, subs[0] as Node);
      if (sub.compatible()) return void ctx.diffs.push(...sub.diffs);
    } else if (u.criterion === 'anyOf' || u.criterion === 'oneOf') {
      for (const s of subs) {
        const sub = ctx.sub();
        compare(sub, os, us, o, s);
        if (sub.compatible()) {
          ctx.diffs.push(...sub.diffs);
          return ctx.add('SUM_TYPE_EXTENDED');
        }
      }
    }
  } else if (o.kind === 'combined' && u.kind !== 'combined') {
    const subs = o.subs ?? [];
    if (subs.length === 1) {
      const sub = ctx.sub();
      compare(sub, os, us, subs[0] as Node, u);
      if (sub.compatible()) return void ctx.diffs.push(...sub.diffs);
    }
  }
  if (o.kind !== u.kind) {
    // everit's TrueSchema is an EmptySchema: widening to anything-goes is compatible.
    if (o.kind === 'false' || u.kind === 'empty' || u.kind === 'true') return;
    return ctx.add('TYPE_CHANGED');
  }
  if (ctx.seen.has(o.json)) return;
  ctx.seen.add(o.json);
  try {
    const oj = o.json;
    const uj = u.json;
    if (!jsonEq(oj['$id'] ?? oj['id'], uj['$id'] ?? uj['id'])) ctx.add('ID_CHANGED');
    if (!jsonEq(oj['title'], uj['title'])) ctx.add('TITLE_CHANGED');
    if (!jsonEq(oj['description'], uj['description'])) ctx.add('DESCRIPTION_CHANGED');
    if (!jsonEq(oj['default'], uj['default'])) ctx.add('DEFAULT_CHANGED');
    switch (o.kind) {
      case 'string':
        limit(ctx, oj, uj, 'maxLength', 'MAX_LENGTH');
        limit(ctx, oj, uj, 'minLength', 'MIN_LENGTH');
        if (!jsonEq(oj['pattern'], uj['pattern'])) ctx.add(oj['pattern'] === undefined ? 'PATTERN_ADDED' : uj['pattern'] === undefined ? 'PATTERN_REMOVED' : 'PATTERN_CHANGED', 'pattern');
        break;
      case 'number':
        numbers(ctx, oj, uj);
        break;
      case 'enum':
        enums(ctx, oj, uj);
        break;
      case 'combined':
        combined(ctx, os, us, o, u);
        break;
      case 'not': {
        const sub = ctx.sub();
        compare(sub, us, os, us.model.node(uj['not'], us.base), os.model.node(oj['not'], os.base));
        if (!sub.compatible()) ctx.add('NOT_TYPE_EXTENDED');
        else if (sub.diffs.length > 0) ctx.add('NOT_TYPE_NARROWED');
        break;
      }
      case 'object':
        objects(ctx, os, us, oj, uj);
        break;
      case 'array':
        arrays(ctx, os, us, oj, uj);
        break;
      case 'const':
        if (!jsonEq(oj['const'], uj['const'])) ctx.add('ENUM_ARRAY_CHANGED');
        break;
      case 'true':
      case 'false':
      case 'empty':
      case 'boolean':
      case 'null':
        break;
    }
  } finally {
    ctx.seen.delete(o.json);
  }
}

function numbers(ctx: Ctx, o: Obj, u: Obj): void {
  limit(ctx, o, u, 'maximum', 'MAXIMUM');
  limit(ctx, o, u, 'minimum', 'MINIMUM');
  limit(ctx, o, u, 'exclusiveMaximum', 'EXCLUSIVE_MAXIMUM');
  limit(ctx, o, u, 'exclusiveMinimum', 'EXCLUSIVE_MINIMUM');
  const a = num(o, 'multipleOf');
  const b = num(u, 'multipleOf');
  if (a !== b) {
    if (a === undefined) ctx.add('MULTIPLE_OF_ADDED', 'multipleOf');
    else if (b === undefined) ctx.add('MULTIPLE_OF_REMOVED', 'multipleOf');
    else if (b % a === 0) ctx.add('MULTIPLE_OF_EXPANDED', 'multipleOf');
    else if (a % b === 0) ctx.add('MULTIPLE_OF_REDUCED', 'multipleOf');
    else ctx.add('MULTIPLE_OF_CHANGED', 'multipleOf');
  }
  const oi = o['type'] === 'integer';
  const ui = u['type'] === 'integer';
  if (oi !== ui) ctx.add(ui ? 'TYPE_NARROWED' : 'TYPE_EXTENDED');
}

function enums(ctx: Ctx, o: Obj, u: Obj): void {
  const a = Array.isArray(o['enum']) ? o['enum'].map((x) => JSON.stringify(x)) : [];
  const b = Array.isArray(u['enum']) ? u['enum'].map((x) => JSON.stringify(x)) : [];
  if (a.length === b.length && a.every((x) => b.includes(x))) return;
  if (a.every((x) => b.includes(x))) ctx.add('ENUM_ARRAY_EXTENDED');
  else if (b.every((x) => a.includes(x))) ctx.add('ENUM_ARRAY_NARROWED');
  else ctx.add('ENUM_ARRAY_CHANGED');
}

function combined(ctx: Ctx, os: Side, us: Side, o: Node, u: Node): void {
  if (o.criterion !== u.criterion) return ctx.add('COMBINED_TYPE_CHANGED');
  const a = o.subs ?? [];
  const b = u.subs ?? [];
  // Pair each original subschema with a compatible update subschema (Confluent's bipartite match,
  // reduced to a greedy first fit).
  const used = new Set<number>();
  let matched = 0;
  a.forEach((s, i) => {
    for (let j = 0; j < b.length; j++) {
      if (used.has(j)) continue;
      const sub = ctx.sub();
      sub.path.push(o.criterion ?? 'allOf', String(i));
      compare(sub, os, us, s, b[j] as Node);
      if (sub.compatible()) {
        used.add(j);
        matched++;
        ctx.diffs.push(...sub.diffs);
        break;
      }
    }
  });
  if (matched < a.length) return ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED');
  if (b.length > a.length) ctx.add(o.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED');
  else if (b.length < a.length) ctx.add(o.criterion === 'allOf' ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED');
}

function isOpen(o: Obj): boolean {
  const pp = o['patternProperties'];
  const ap = o['additionalProperties'];
  return !(isObj(pp) && Object.keys(pp).length > 0) && (ap === undefined || ap === true);
}

function additionalSchema(o: Obj): Json | undefined {
  const ap = o['additionalProperties'];
  return isObj(ap) ? ap : undefined;
}

function partialSchema(o: Obj, key: string): Json | undefined {
  const pp = o['patternProperties'];
  if (isObj(pp)) {
    for (const [pattern, s] of Object.entries(pp)) {
      try {
        if (new RegExp(pattern, 'u').test(key)) return s;
      } catch {
        // An invalid pattern matches nothing here; the parse already reported it.
      }
    }
  }
  return additionalSchema(o);
}

function objects(ctx: Ctx, os: Side, us: Side, o: Obj, u: Obj): void {
  const props = (x: Obj): Obj => (isObj(x['properties']) ? x['properties'] : {});
  const required = (x: Obj): string[] => (Array.isArray(x['required']) ? x['required'].filter((r): r is string => typeof r === 'string') : []);
  const op = props(o);
  const up = props(u);
  const hasDefault = (s: Json | undefined): boolean => isObj(s) && 'default' in s;
  ctx.in('required', () => {
    for (const k of javaHashOrder(Object.keys(op), javaStringHash)) {
      if (!(k in up)) continue;
      ctx.in(k, () => {
        const a = required(o).includes(k);
        const b = required(u).includes(k);
        if (a && !b) ctx.add('REQUIRED_ATTRIBUTE_REMOVED');
        else if (!a && b) ctx.add(hasDefault(up[k]) ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED');
      });
    }
  });
  ctx.in('properties', () => {
    for (const k of hashKeys(Object.keys(op), Object.keys(up))) {
      ctx.in(k, () => {
        const a = op[k];
        const b = up[k];
        if (b === undefined) {
          if (isOpen(u)) return ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL');
          const partial = partialSchema(u, k);
          if (partial !== undefined) {
            const sub = ctx.sub();
            compare(sub, os, us, os.model.node(a, os.base), us.model.node(partial, us.base));
            ctx.diffs.push(...sub.diffs);
            return ctx.add(sub.compatible() ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
          }
          return ctx.add(a === false ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
        }
        if (a === undefined) {
          if (isOpen(o)) {
            const n = us.model.node(b, us.base);
            return ctx.add(n?.kind === 'empty' || n?.kind === 'true' ? 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
          }
          const partial = partialSchema(o, k);
          if (partial !== undefined) {
            const sub = ctx.sub();
            compare(sub, os, us, os.model.node(partial, os.base), us.model.node(b, us.base));
            ctx.diffs.push(...sub.diffs);
            ctx.add(sub.compatible() ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
          }
          if (required(u).includes(k)) ctx.add(hasDefault(b) ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
          else ctx.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
          return;
        }
        compare(ctx, os, us, os.model.node(a, os.base), us.model.node(b, us.base));
      });
    }
  });
  ctx.in('dependencies', () => {
    const od = isObj(o['dependencies']) ? o['dependencies'] : {};
    const ud = isObj(u['dependencies']) ? u['dependencies'] : {};
    const arrays = (d: Obj): Map<string, string[]> => new Map(Object.entries(d).filter((e): e is [string, Json[]] => Array.isArray(e[1])).map(([k, v]) => [k, v.map(String)]));
    const schemas = (d: Obj): Map<string, Json> => new Map(Object.entries(d).filter(([, v]) => !Array.isArray(v)));
    const oa = arrays(od);
    const ua = arrays(ud);
    for (const k of hashKeys([...oa.keys()], [...ua.keys()])) {
      ctx.in(k, () => {
        const a = oa.get(k);
        const b = ua.get(k);
        if (b === undefined) ctx.add('DEPENDENCY_ARRAY_REMOVED');
        else if (a === undefined) ctx.add('DEPENDENCY_ARRAY_ADDED');
        else if (!(a.length === b.length && a.every((x) => b.includes(x)))) {
          if (a.every((x) => b.includes(x))) ctx.add('DEPENDENCY_ARRAY_EXTENDED');
          else if (b.every((x) => a.includes(x))) ctx.add('DEPENDENCY_ARRAY_NARROWED');
          else ctx.add('DEPENDENCY_ARRAY_CHANGED');
        }
      });
    }
    const osd = schemas(od);
    const usd = schemas(ud);
    for (const k of hashKeys([...osd.keys()], [...usd.keys()])) {
      ctx.in(k, () => {
        const a = osd.get(k);
        const b = usd.get(k);
        if (b === undefined) ctx.add('DEPENDENCY_SCHEMA_REMOVED');
        else if (a === undefined) ctx.add('DEPENDENCY_SCHEMA_ADDED');
        else compare(ctx, os, us, os.model.node(a, os.base), us.model.node(b, us.base));
      });
    }
  });
  ctx.in('additionalProperties', () => {
    const permits = (x: Obj): boolean => x['additionalProperties'] !== false;
    if (permits(o) !== permits(u)) ctx.add(permits(u) ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED');
    else {
      const a = additionalSchema(o);
      const b = additionalSchema(u);
      if (a === undefined && b !== undefined) ctx.add('ADDITIONAL_PROPERTIES_NARROWED');
      else if (b === undefined && a !== undefined) ctx.add('ADDITIONAL_PROPERTIES_EXTENDED');
      else compare(ctx, os, us, os.model.node(a, os.base), us.model.node(b, us.base));
    }
  });
  limit(ctx, o, u, 'maxProperties', 'MAX_PROPERTIES');
  limit(ctx, o, u, 'minProperties', 'MIN_PROPERTIES');
}

function arrays(ctx: Ctx, os: Side, us: Side, o: Obj, u: Obj): void {
  limit(ctx, o, u, 'maxItems', 'MAX_ITEMS');
  limit(ctx, o, u, 'minItems', 'MIN_ITEMS');
  const ou = o['uniqueItems'] === true;
  const uu = u['uniqueItems'] === true;
  if (ou !== uu) ctx.add(uu ? 'UNIQUE_ITEMS_ADDED' : 'UNIQUE_ITEMS_REMOVED', 'uniqueItems');
  const oi = o['items'];
  const ui = u['items'];
  if (Array.isArray(oi) || Array.isArray(ui)) {
    // Tuple validation: items by position, additionalItems as the content model.
    const a = Array.isArray(oi) ? oi : [];
    const b = Array.isArray(ui) ? ui : [];
    const open = (x: Obj): boolean => x['additionalItems'] === undefined || x['additionalItems'] === true;
    ctx.in('items', () => {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        ctx.in(String(i), () => {
          if (i >= b.length) ctx.add(open(u) ? 'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL' : a[i] === false ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL');
          else if (i >= a.length) {
            const n = us.model.node(b[i], us.base);
            ctx.add(open(o) ? (n?.kind === 'empty' || n?.kind === 'true' ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL') : 'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL');
          } else compare(ctx, os, us, os.model.node(a[i], os.base), us.model.node(b[i], us.base));
        });
      }
    });
    ctx.in('additionalItems', () => {
      const pa = o['additionalItems'] !== false;
      const pb = u['additionalItems'] !== false;
      if (pa !== pb) ctx.add(pb ? 'ADDITIONAL_ITEMS_ADDED' : 'ADDITIONAL_ITEMS_REMOVED');
      else {
        const sa = isObj(o['additionalItems']) ? o['additionalItems'] : undefined;
        const sb = isObj(u['additionalItems']) ? u['additionalItems'] : undefined;
        if (sa === undefined && sb !== undefined) ctx.add('ADDITIONAL_ITEMS_NARROWED');
        else if (sb === undefined && sa !== undefined) ctx.add('ADDITIONAL_ITEMS_EXTENDED');
        else compare(ctx, os, us, os.model.node(sa, os.base), us.model.node(sb, us.base));
      }
    });
  } else ctx.in('items', () => compare(ctx, os, us, os.model.node(oi, os.base), us.model.node(ui, us.base)));
}

/** Confluent's JsonSchema.isBackwardCompatible: the incompatible differences from `original` to `update`. */
export function jsonSchemaDifferences(original: JsonSchemaModel, update: JsonSchemaModel): Difference[] {
  const ctx = new Ctx();
  const os = { model: original, base: original.root };
  const us = { model: update, base: update.root };
  compare(ctx, os, us, original.node(original.root, original.root), update.node(update.root, update.root));
  return ctx.diffs
    .filter((d) => !JSON_COMPATIBLE_CHANGES.has(d.kind))
    .map((d) => ({ kind: d.kind, path: d.path, message: `{errorType:"${d.kind}", description:"${description(d.kind, d.path)}"}` }));
}
