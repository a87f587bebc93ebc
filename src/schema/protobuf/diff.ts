// Confluent's Protobuf SchemaDiff (MessageSchemaDiff, FieldSchemaDiff, OneOfDiff, EnumSchemaDiff):
// the differences from an original (older) file to an update (newer), of which all but the
// COMPATIBLE_CHANGES make the update backward-incompatible. Differences are reported at Confluent's
// paths ("#/Message/Nested/3") and, where Confluent walks a Java HashSet, in that set's order.
import protobuf from 'protobufjs';
import { javaHashOrder, javaStringHash } from '../../shared/java-hash.js';
import type { Difference, ResolvedReference } from '../types.js';
import type { ProtoFile } from './print.js';

/** What the diff reads of a parsed Protobuf schema. */
export interface ProtoSchemaView {
  readonly references: readonly ResolvedReference[];
  readonly file: ProtoFile;
  readonly dependencies: ReadonlyMap<string, ProtoFile>;
  readonly root: protobuf.Root;
}

export const PROTOBUF_COMPATIBLE_CHANGES: ReadonlySet<string> = new Set([
  'MESSAGE_ADDED',
  'MESSAGE_MOVED',
  'ENUM_ADDED',
  'ENUM_REMOVED',
  'ENUM_CONST_ADDED',
  'ENUM_CONST_CHANGED',
  'ENUM_CONST_REMOVED',
  'FIELD_ADDED',
  'FIELD_REMOVED',
  'FIELD_NAME_CHANGED',
  'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
  'ONEOF_ADDED',
  'ONEOF_REMOVED',
  'ONEOF_FIELD_ADDED',
]);

/** Confluent's protobuf Difference descriptions; kinds without one print an empty description. */
function description(kind: string, path: string): string {
  switch (kind) {
    case 'PACKAGE_CHANGED':
      return `The package at '${path}' in the %s schema does not match the package in the %s schema`;
    case 'MESSAGE_REMOVED':
      return `The %s schema is missing a MESSAGE type at path '${path}' in the %s schema`;
    case 'FIELD_KIND_CHANGED':
      return `The type of a field at path '${path}' in the %s schema does not match the %s schema`;
    case 'FIELD_SCALAR_KIND_CHANGED':
      return `The kind of a SCALAR field at path '${path}' in the %s schema does not match its kind in the %s schema`;
    case 'FIELD_NAMED_TYPE_CHANGED':
      return `The type of a MESSAGE field at path '${path}' in the %s schema does not match its type in the %s schema`;
    case 'FIELD_NUMERIC_LABEL_CHANGED':
      return `The label for a NUMERIC field at path '${path}' in the %s schema does not match its label in the %s schema`;
    case 'REQUIRED_FIELD_ADDED':
      return `A required field  at path '${path}' in the %s schema is missing in the %s schema`;
    case 'REQUIRED_FIELD_REMOVED':
      return `The %s schema is missing a required field at path: '${path}' in the %s schema`;
    case 'ONEOF_FIELD_REMOVED':
      return `The %s schema is missing a oneof field at path '${path}' in the %s schema`;
    case 'MULTIPLE_FIELDS_MOVED_TO_ONEOF':
      return `Multiple fields in the oneof at path '${path}' in the %s schema are outside a oneof in the %s schema`;
    case 'FIELD_MOVED_TO_EXISTING_ONEOF':
      return `A field in the oneof at path '${path}' in the %s schema is outside an existing oneof in the %s schema`;
    default:
      return '';
  }
}

interface TypeInfo {
  readonly pkg: string;
  /** The reference ("subject/version") the type came from; '' for the schema's own file, null for a built-in. */
  readonly ref: string | null;
  readonly type: protobuf.Type | protobuf.Enum;
}

type TypeElement = protobuf.Type | protobuf.Enum;

const SCALARS = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes']);

function scalarKind(t: string): string {
  switch (t) {
    case 'int32':
    case 'int64':
    case 'uint32':
    case 'uint64':
    case 'bool':
      return 'GENERAL_NUMBER';
    case 'sint32':
    case 'sint64':
      return 'SIGNED_NUMBER';
    case 'string':
    case 'bytes':
      return 'STRING_OR_BYTES';
    case 'fixed32':
    case 'sfixed32':
      return 'FIXED32';
    case 'fixed64':
    case 'sfixed64':
      return 'FIXED64';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    default:
      return 'GENERAL_NUMBER'; // an enum
  }
}

const typesOf = (ns: protobuf.Namespace): TypeElement[] => ns.nestedArray.filter((n): n is TypeElement => n instanceof protobuf.Type || n instanceof protobuf.Enum);

/** The schema's own top-level types, taken from its resolved root (so field types are resolved). */
function fileTypes(s: ProtoSchemaView): TypeElement[] {
  return s.file.types.map((t) => s.root.lookup(t.fullName) as TypeElement);
}

function collect(s: ProtoSchemaView): Map<string, TypeInfo> {
  const out = new Map<string, TypeInfo>();
  const walk = (types: readonly TypeElement[], pkg: string, ref: string | null): void => {
    for (const t of types) {
      out.set(t.fullName.slice(1), { pkg, ref, type: t });
      if (t instanceof protobuf.Type) walk(typesOf(t), pkg, ref);
    }
  };
  // Everything in the root first (built-ins), then the references, then the file, as Confluent's
  // collectTypeInfo visits dependencies before the schema.
  const all = (ns: protobuf.Namespace): void => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type || n instanceof protobuf.Enum) {
        const pkg = n.parent === null || n.parent === s.root ? '' : n.parent.fullName.slice(1);
        walk([n], pkg, null);
      } else if (n instanceof protobuf.Namespace) all(n);
    }
  };
  all(s.root);
  const refs = new Map(s.references.map((r) => [r.name, r]));
  for (const [name, dep] of s.dependencies) {
    const r = refs.get(name);
    const ref = r === undefined ? null : `${r.subject}/${r.version}`;
    walk(
      dep.types.map((t) => s.root.lookup(t.fullName) as TypeElement),
      dep.package ?? '',
      ref,
    );
  }
  walk(fileTypes(s), s.file.package ?? '', '');
  return out;
}

class Ctx {
  readonly diffs: { kind: string; path: string }[] = [];
  readonly path: string[] = [];
  readonly inProgress = new Set<protobuf.Type>();

  readonly original: Map<string, TypeInfo>;
  readonly update: Map<string, TypeInfo>;

  constructor(original: Map<string, TypeInfo>, update: Map<string, TypeInfo>) {
    this.original = original;
    this.update = update;
  }

  add(kind: string): void {
    this.diffs.push({ kind, path: `#/${this.path.join('/')}` });
  }

  in<T>(segment: string, f: () => T): T {
    this.path.push(segment);
    try {
      return f();
    } finally {
      this.path.pop();
    }
  }

  sub(): Ctx {
    const c = new Ctx(this.original, this.update);
    for (const s of this.inProgress) c.inProgress.add(s);
    return c;
  }

  compatible(): boolean {
    return this.diffs.every((d) => PROTOBUF_COMPATIBLE_CHANGES.has(d.kind));
  }
}

/** Java's `new HashSet<>(a.keySet()); addAll(b.keySet())` iteration order. */
function hashUnion<T extends string | number>(a: readonly T[], b: readonly T[]): T[] {
  const hash = (x: T): number => (typeof x === 'number' ? x : javaStringHash(x));
  const first = javaHashOrder(a, hash, Math.max(Math.floor(a.length / 0.75) + 1, 16));
  const all = [...first, ...b.filter((x) => !a.includes(x))];
  return javaHashOrder(all, hash, Math.max(Math.floor(a.length / 0.75) + 1, 16));
}

function compareTypeElements(ctx: Ctx, original: readonly TypeElement[], update: readonly TypeElement[]): void {
  const om = new Map<string, protobuf.Type>();
  const um = new Map<string, protobuf.Type>();
  const oi = new Map<string, number>();
  const ui = new Map<string, number>();
  const oe = new Map<string, protobuf.Enum>();
  const ue = new Map<string, protobuf.Enum>();
  const split = (types: readonly TypeElement[], m: Map<string, protobuf.Type>, idx: Map<string, number>, e: Map<string, protobuf.Enum>): void => {
    let i = 0;
    for (const t of types) {
      if (t instanceof protobuf.Type) {
        m.set(t.name, t);
        idx.set(t.name, i++);
      } else e.set(t.name, t);
    }
  };
  split(original, om, oi, oe);
  split(update, um, ui, ue);
  for (const name of hashUnion([...om.keys()], [...um.keys()])) {
    ctx.in(name, () => {
      const o = om.get(name);
      const u = um.get(name);
      if (u === undefined) ctx.add('MESSAGE_REMOVED');
      else if (o === undefined) ctx.add('MESSAGE_ADDED');
      else {
        compareMessages(ctx, o, u);
        if (oi.get(name) !== ui.get(name)) ctx.add('MESSAGE_MOVED');
      }
    });
  }
  for (const name of hashUnion([...oe.keys()], [...ue.keys()])) {
    ctx.in(name, () => {
      const o = oe.get(name);
      const u = ue.get(name);
      if (u === undefined) ctx.add('ENUM_REMOVED');
      else if (o === undefined) ctx.add('ENUM_ADDED');
      else compareEnums(ctx, o, u);
    });
  }
}

function compareEnums(ctx: Ctx, o: protobuf.Enum, u: protobuf.Enum): void {
  const byTag = (e: protobuf.Enum): Map<number, string> => new Map(Object.entries(e.values).map(([k, v]) => [v, k]));
  const ot = byTag(o);
  const ut = byTag(u);
  for (const tag of hashUnion([...ot.keys()], [...ut.keys()])) {
    ctx.in(String(tag), () => {
      const a = ot.get(tag);
      const b = ut.get(tag);
      if (b === undefined) ctx.add('ENUM_CONST_REMOVED');
      else if (a === undefined) ctx.add('ENUM_CONST_ADDED');
      else if (a !== b) ctx.add('ENUM_CONST_CHANGED');
    });
  }
}

const realOneofs = (m: protobuf.Type): protobuf.OneOf[] => m.oneofsArray.filter((o) => !o.fieldsArray.every((f) => f.options?.['proto3_optional'] === true));

function compareMessages(ctx: Ctx, original: protobuf.Type, update: protobuf.Type): void {
  if (!ctx.inProgress.has(original)) {
    ctx.inProgress.add(original);
    try {
      compareMessageBody(ctx, original, update);
    } finally {
      ctx.inProgress.delete(original);
    }
  }
  compareTypeElements(ctx, typesOf(original), typesOf(update));
}

function compareMessageBody(ctx: Ctx, original: protobuf.Type, update: protobuf.Type): void {
  const oOneofs = realOneofs(original);
  const uOneofs = realOneofs(update);
  const inOneof = (m: protobuf.OneOf[]): Set<protobuf.Field> => new Set(m.flatMap((o) => o.fieldsArray));
  const oIn = inOneof(oOneofs);
  const uIn = inOneof(uOneofs);
  const oByTag = new Map(original.fieldsArray.filter((f) => !oIn.has(f)).map((f) => [f.id, f]));
  const uByTag = new Map(update.fieldsArray.filter((f) => !uIn.has(f)).map((f) => [f.id, f]));
  const oAll = new Map(original.fieldsArray.map((f) => [f.id, f]));
  const uAll = new Map(update.fieldsArray.map((f) => [f.id, f]));
  const oTagOneof = new Map(oOneofs.flatMap((o) => o.fieldsArray.map((f) => [f.id, o.name] as const)));
  const uTagOneof = new Map(uOneofs.flatMap((o) => o.fieldsArray.map((f) => [f.id, o.name] as const)));
  const oOneofByTag = new Map(oOneofs.flatMap((o) => o.fieldsArray.map((f) => [f.id, f] as const)));
  const oOneofMap = new Map(oOneofs.map((o) => [o.name, o]));
  const uOneofMap = new Map(uOneofs.map((o) => [o.name, o]));
  const oTopTags = [...oByTag.keys()];

  for (const oneof of uOneofs) {
    ctx.in(oneof.name, () => {
      let moved = 0;
      let existing = 0;
      for (const f of oneof.fieldsArray) {
        if (oByTag.delete(f.id)) moved++;
        else if (oOneofByTag.has(f.id)) existing++;
      }
      if (moved > 1) ctx.add('MULTIPLE_FIELDS_MOVED_TO_ONEOF');
      else if (moved === 1 && existing > 0) ctx.add('FIELD_MOVED_TO_EXISTING_ONEOF');
    });
  }
  for (const name of hashUnion([...oOneofMap.keys()], [...uOneofMap.keys()])) {
    ctx.in(name, () => {
      const o = oOneofMap.get(name);
      const u = uOneofMap.get(name);
      if (u === undefined) ctx.add('ONEOF_REMOVED');
      else if (o === undefined) ctx.add('ONEOF_ADDED');
      else compareOneofs(ctx, o, u);
    });
  }
  const remainingTop = oTopTags.filter((t) => oByTag.has(t));
  for (const tag of hashUnion(remainingTop, [...uByTag.keys()])) {
    ctx.in(String(tag), () => {
      const o = oByTag.get(tag);
      const u = uByTag.get(tag);
      if (u === undefined) ctx.add(o?.required === true ? 'REQUIRED_FIELD_REMOVED' : 'FIELD_REMOVED');
      else if (o === undefined) ctx.add(u.required ? 'REQUIRED_FIELD_ADDED' : 'FIELD_ADDED');
      else compareFields(ctx, o, u);
    });
  }
  const common = [...oAll.keys()].filter((t) => uAll.has(t)).sort((a, b) => a - b);
  for (const tag of common) {
    const on = oTagOneof.get(tag);
    const un = uTagOneof.get(tag);
    if ((on === undefined && un === undefined) || (on !== undefined && on === un)) continue;
    ctx.in(String(tag), () => compareFields(ctx, oAll.get(tag) as protobuf.Field, uAll.get(tag) as protobuf.Field));
  }
}

function compareOneofs(ctx: Ctx, o: protobuf.OneOf, u: protobuf.OneOf): void {
  const ot = new Map(o.fieldsArray.map((f) => [f.id, f]));
  const ut = new Map(u.fieldsArray.map((f) => [f.id, f]));
  for (const tag of hashUnion([...ot.keys()], [...ut.keys()])) {
    ctx.in(String(tag), () => {
      const a = ot.get(tag);
      const b = ut.get(tag);
      if (b === undefined) ctx.add('ONEOF_FIELD_REMOVED');
      else if (a === undefined) ctx.add('ONEOF_FIELD_ADDED');
      else compareFields(ctx, a, b);
    });
  }
}

type FieldType = { kind: 'SCALAR'; scalar: string } | { kind: 'MAP'; key: FieldType; value: FieldType } | { kind: 'MESSAGE'; name: string; resolved: protobuf.Type | null };

function fieldType(typeName: string, resolved: protobuf.ReflectionObject | null): FieldType {
  if (SCALARS.has(typeName)) return { kind: 'SCALAR', scalar: scalarKind(typeName) };
  if (resolved instanceof protobuf.Enum) return { kind: 'SCALAR', scalar: 'GENERAL_NUMBER' };
  return { kind: 'MESSAGE', name: typeName, resolved: resolved instanceof protobuf.Type ? resolved : null };
}

function typeOfField(f: protobuf.Field): FieldType {
  if (f instanceof protobuf.MapField) return { kind: 'MAP', key: fieldType(f.keyType, null), value: fieldType(f.type, f.resolvedType) };
  return fieldType(f.type, f.resolvedType);
}

function compareFields(ctx: Ctx, o: protobuf.Field, u: protobuf.Field): void {
  if (o.name !== u.name) ctx.add('FIELD_NAME_CHANGED');
  compareTypes(ctx, typeOfField(o), typeOfField(u));
}

function compareTypes(ctx: Ctx, o: FieldType, u: FieldType): void {
  if (o.kind !== u.kind) {
    ctx.add('FIELD_KIND_CHANGED');
    return;
  }
  if (o.kind === 'SCALAR' && u.kind === 'SCALAR') {
    if (o.scalar !== u.scalar) ctx.add('FIELD_SCALAR_KIND_CHANGED');
  } else if (o.kind === 'MAP' && u.kind === 'MAP') {
    compareTypes(ctx, o.key, u.key);
    compareTypes(ctx, o.value, u.value);
  } else if (o.kind === 'MESSAGE' && u.kind === 'MESSAGE') compareMessageTypes(ctx, o, u);
}

function compareMessageTypes(ctx: Ctx, o: Extract<FieldType, { kind: 'MESSAGE' }>, u: Extract<FieldType, { kind: 'MESSAGE' }>): void {
  if (o.resolved === null || u.resolved === null) {
    if (o.name !== u.name) ctx.add('FIELD_NAMED_TYPE_CHANGED');
    return;
  }
  const of = o.resolved.fullName.slice(1);
  const uf = u.resolved.fullName.slice(1);
  const oi = ctx.original.get(of);
  const ui = ctx.update.get(uf);
  const local = (full: string, info: TypeInfo | undefined): string => (info !== undefined && info.pkg !== '' && full.startsWith(`${info.pkg}.`) ? full.slice(info.pkg.length + 1) : full);
  const ol = local(of, oi);
  const ul = local(uf, ui);
  if (ol !== ul) {
    ctx.add('FIELD_NAMED_TYPE_CHANGED');
    return;
  }
  const oref = oi?.ref ?? null;
  const uref = ui?.ref ?? null;
  // Both in the schemas' own files, or the same referenced subject version: nothing to compare here.
  if (oref !== null && uref !== null && oref === uref) return;
  const sub = ctx.sub();
  sub.path.push(...ol.split('.'));
  compareMessages(sub, o.resolved, u.resolved);
  ctx.diffs.push(...sub.diffs);
  if (!sub.compatible()) ctx.add('FIELD_NAMED_TYPE_CHANGED');
}

/** Confluent's ProtobufSchema.isBackwardCompatible: the incompatible differences from `original` to `update`. */
export function protobufDifferences(original: ProtoSchemaView, update: ProtoSchemaView): Difference[] {
  const ctx = new Ctx(collect(original), collect(update));
  if ((original.file.package ?? null) !== (update.file.package ?? null)) ctx.add('PACKAGE_CHANGED');
  compareTypeElements(ctx, fileTypes(original), fileTypes(update));
  return ctx.diffs
    .filter((d) => !PROTOBUF_COMPATIBLE_CHANGES.has(d.kind))
    .map((d) => ({ kind: d.kind, path: d.path, message: `{errorType:"${d.kind}", description:"${description(d.kind, d.path)}"}` }));
}
