// Protobuf schemas as serialised FileDescriptorProtos (base64): Confluent's clients register them so
// (confluent-kafka-python's ProtobufSerializer sends the descriptor, not .proto text) and read them
// back with `?format=serialized`. A descriptor is turned into .proto text and parsed like any other
// schema; a parsed schema is turned back into its file's descriptor.
import protobuf from 'protobufjs';
import type { ProtoFile } from './print.js';

// The part of google/protobuf/descriptor.proto read and written here (unknown fields are skipped).
const DESCRIPTOR = protobuf.parse(
  `syntax = "proto2";
  package d;
  message FileDescriptorProto {
    optional string name = 1; optional string package = 2; repeated string dependency = 3;
    repeated DescriptorProto message_type = 4; repeated EnumDescriptorProto enum_type = 5;
    repeated int32 public_dependency = 10; repeated int32 weak_dependency = 11; optional string syntax = 12;
  }
  message DescriptorProto {
    optional string name = 1; repeated FieldDescriptorProto field = 2; repeated DescriptorProto nested_type = 3;
    repeated EnumDescriptorProto enum_type = 4; optional MessageOptions options = 7; repeated OneofDescriptorProto oneof_decl = 8;
    message ReservedRange { optional int32 start = 1; optional int32 end = 2; }
    repeated ReservedRange reserved_range = 9; repeated string reserved_name = 10;
  }
  message MessageOptions { optional bool map_entry = 7; }
  message FieldDescriptorProto {
    optional string name = 1; optional int32 number = 3; optional int32 label = 4; optional int32 type = 5;
    optional string type_name = 6; optional string default_value = 7; optional FieldOptions options = 8;
    optional int32 oneof_index = 9; optional string json_name = 10; optional bool proto3_optional = 17;
  }
  message FieldOptions { optional bool packed = 2; optional bool deprecated = 3; }
  message OneofDescriptorProto { optional string name = 1; }
  message EnumDescriptorProto { optional string name = 1; repeated EnumValueDescriptorProto value = 2; }
  message EnumValueDescriptorProto { optional string name = 1; optional int32 number = 2; }`,
  { keepCase: true },
).root.lookupType('d.FileDescriptorProto');

interface FieldD {
  name?: string;
  number?: number;
  label?: number;
  type?: number;
  type_name?: string;
  default_value?: string;
  options?: { packed?: boolean; deprecated?: boolean };
  oneof_index?: number;
  proto3_optional?: boolean;
}
interface EnumD {
  name?: string;
  value?: { name?: string; number?: number }[];
}
interface MessageD {
  name?: string;
  field?: FieldD[];
  nested_type?: MessageD[];
  enum_type?: EnumD[];
  options?: { map_entry?: boolean };
  oneof_decl?: { name?: string }[];
  reserved_range?: { start?: number; end?: number }[];
  reserved_name?: string[];
}
interface FileD {
  name?: string;
  package?: string;
  dependency?: string[];
  message_type?: MessageD[];
  enum_type?: EnumD[];
  public_dependency?: number[];
  weak_dependency?: number[];
  syntax?: string;
}

const SCALAR_BY_CODE: Record<number, string> = { 1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32', 8: 'bool', 9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64', 17: 'sint32', 18: 'sint64' };
const CODE_BY_SCALAR: Record<string, number> = Object.fromEntries(Object.entries(SCALAR_BY_CODE).map(([c, n]) => [n, Number(c)]));

/** The .proto text of a base64 FileDescriptorProto, or null when `text` is not one. */
export function descriptorToProto(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  let file: FileD;
  try {
    file = DESCRIPTOR.toObject(DESCRIPTOR.decode(Buffer.from(compact, 'base64')), { defaults: false, arrays: true });
  } catch {
    return null;
  }
  if ((file.message_type ?? []).length + (file.enum_type ?? []).length === 0 && file.package === undefined && file.syntax === undefined) return null;
  const syntax = file.syntax === 'proto3' ? 'proto3' : 'proto2';
  const out: string[] = [`syntax = "${syntax}";`];
  if (file.package !== undefined && file.package !== '') out.push(`package ${file.package};`);
  const weak = new Set(file.weak_dependency ?? []);
  const pub = new Set(file.public_dependency ?? []);
  (file.dependency ?? []).forEach((dep, i) => out.push(`import ${weak.has(i) ? 'weak ' : pub.has(i) ? 'public ' : ''}${JSON.stringify(dep)};`));
  for (const e of file.enum_type ?? []) out.push(...enumText(e, ''));
  for (const m of file.message_type ?? []) out.push(...messageText(m, syntax, ''));
  return `${out.join('\n')}\n`;
}

function enumText(e: EnumD, indent: string): string[] {
  return [`${indent}enum ${e.name ?? ''} {`, ...(e.value ?? []).map((v) => `${indent}  ${v.name ?? ''} = ${v.number ?? 0};`), `${indent}}`];
}

function fieldType(f: FieldD, entries: Map<string, MessageD>): string {
  if (f.type === 11 || f.type === 14 || f.type === undefined) {
    const entry = f.type_name === undefined ? undefined : entries.get(f.type_name.slice(f.type_name.lastIndexOf('.') + 1));
    if (entry !== undefined && f.label === 3) {
      const [k, v] = [entry.field?.find((x) => x.number === 1), entry.field?.find((x) => x.number === 2)];
      return `map<${k === undefined ? 'string' : fieldType(k, new Map())}, ${v === undefined ? 'string' : fieldType(v, new Map())}>`;
    }
    return f.type_name ?? '';
  }
  return SCALAR_BY_CODE[f.type] ?? 'bytes';
}

function fieldLine(f: FieldD, syntax: string, entries: Map<string, MessageD>, inOneof: boolean): string {
  const type = fieldType(f, entries);
  const isMap = type.startsWith('map<');
  let label = '';
  if (!inOneof && !isMap) {
    if (f.label === 3) label = 'repeated ';
    else if (f.label === 2) label = 'required ';
    else if (syntax === 'proto2' || f.proto3_optional === true) label = 'optional ';
  }
  const opts: string[] = [];
  if (f.options?.packed !== undefined) opts.push(`packed = ${f.options.packed}`);
  if (f.options?.deprecated !== undefined) opts.push(`deprecated = ${f.options.deprecated}`);
  if (f.default_value !== undefined) opts.push(`default = ${f.type === 9 || f.type === 12 ? JSON.stringify(f.default_value) : f.default_value}`);
  return `${label}${type} ${f.name ?? ''} = ${f.number ?? 0}${opts.length > 0 ? ` [${opts.join(', ')}]` : ''};`;
}

function messageText(m: MessageD, syntax: string, indent: string): string[] {
  const out = [`${indent}message ${m.name ?? ''} {`];
  const entries = new Map((m.nested_type ?? []).filter((n) => n.options?.map_entry === true).map((n) => [n.name ?? '', n]));
  const fields = m.field ?? [];
  const synthetic = new Set(fields.filter((f) => f.proto3_optional === true && f.oneof_index !== undefined).map((f) => f.oneof_index));
  for (const r of m.reserved_range ?? []) out.push(`${indent}  reserved ${r.start ?? 0}${(r.end ?? 0) - 1 > (r.start ?? 0) ? ` to ${(r.end ?? 0) - 1}` : ''};`);
  if ((m.reserved_name ?? []).length > 0) out.push(`${indent}  reserved ${(m.reserved_name ?? []).map((n) => JSON.stringify(n)).join(', ')};`);
  for (const f of fields) if (f.oneof_index === undefined || synthetic.has(f.oneof_index)) out.push(`${indent}  ${fieldLine(f, syntax, entries, false)}`);
  (m.oneof_decl ?? []).forEach((o, i) => {
    if (synthetic.has(i)) return;
    out.push(`${indent}  oneof ${o.name ?? ''} {`);
    for (const f of fields) if (f.oneof_index === i) out.push(`${indent}    ${fieldLine(f, syntax, entries, true)}`);
    out.push(`${indent}  }`);
  });
  for (const n of m.nested_type ?? []) if (n.options?.map_entry !== true) out.push(...messageText(n, syntax, `${indent}  `));
  for (const e of m.enum_type ?? []) out.push(...enumText(e, `${indent}  `));
  out.push(`${indent}}`);
  return out;
}

/** protoc's name of a map field's entry type: the field name in CamelCase, then "Entry". */
function entryName(field: string): string {
  return `${field.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/_/g, '')}Entry`;
}

function typeCode(typeName: string, resolved: protobuf.ReflectionObject | null): { type: number; type_name?: string } {
  const scalar = CODE_BY_SCALAR[typeName];
  if (scalar !== undefined) return { type: scalar };
  if (resolved instanceof protobuf.Enum) return { type: 14, type_name: resolved.fullName };
  if (resolved instanceof protobuf.Type) return { type: 11, type_name: resolved.fullName };
  return { type: 11, type_name: typeName.startsWith('.') ? typeName : `.${typeName}` };
}

function messageD(t: protobuf.Type, syntax: string): MessageD {
  const real = t.oneofsArray.filter((o) => !o.fieldsArray.every((f) => f.options?.['proto3_optional'] === true));
  const synthetic = t.oneofsArray.filter((o) => !real.includes(o));
  const oneofs = [...real, ...synthetic];
  const nested: MessageD[] = [];
  const fields: FieldD[] = t.fieldsArray.map((f) => {
    const d: FieldD = { name: f.name, number: f.id };
    if (f instanceof protobuf.MapField) {
      const name = entryName(f.name);
      nested.push({
        name,
        field: [
          { name: 'key', number: 1, label: 1, ...typeCode(f.keyType, null) },
          { name: 'value', number: 2, label: 1, ...typeCode(f.type, f.resolvedType) },
        ],
        options: { map_entry: true },
      });
      return { ...d, label: 3, type: 11, type_name: `${t.fullName}.${name}` };
    }
    Object.assign(d, { label: f.repeated ? 3 : f.required ? 2 : 1 }, typeCode(f.type, f.resolvedType));
    const o = f.partOf;
    if (o !== null && oneofs.includes(o)) d.oneof_index = oneofs.indexOf(o);
    if (f.options?.['proto3_optional'] === true) d.proto3_optional = true;
    if (typeof f.options?.['packed'] === 'boolean') d.options = { packed: f.options['packed'] };
    const dflt = f.options?.['default'] as unknown;
    if (syntax === 'proto2' && (typeof dflt === 'string' || typeof dflt === 'number' || typeof dflt === 'boolean')) d.default_value = String(dflt);
    return d;
  });
  for (const n of t.nestedArray) if (n instanceof protobuf.Type) nested.push(messageD(n, syntax));
  const enums = t.nestedArray.filter((n): n is protobuf.Enum => n instanceof protobuf.Enum).map(enumD);
  const m: MessageD = { name: t.name, field: fields, nested_type: nested, enum_type: enums, oneof_decl: oneofs.map((o) => ({ name: o.name })) };
  const ranges = (t.reserved ?? []).filter((r): r is number[] => Array.isArray(r));
  const names = (t.reserved ?? []).filter((r): r is string => typeof r === 'string');
  if (ranges.length > 0) m.reserved_range = ranges.map(([a = 0, b = a]) => ({ start: a, end: b + 1 }));
  if (names.length > 0) m.reserved_name = names;
  return m;
}

function enumD(e: protobuf.Enum): EnumD {
  return { name: e.name, value: Object.entries(e.values).map(([name, number]) => ({ name, number })) };
}

/** The serialised FileDescriptorProto of `file`, its types taken resolved from `root`. */
export function protoToDescriptor(file: ProtoFile, root: protobuf.Root, name: string): Buffer {
  const types = file.types.map((t) => root.lookup(t.fullName));
  const d: FileD = {
    name,
    dependency: [...file.imports, ...file.weakImports],
    message_type: types.filter((t): t is protobuf.Type => t instanceof protobuf.Type).map((t) => messageD(t, file.syntax ?? 'proto2')),
    enum_type: types.filter((t): t is protobuf.Enum => t instanceof protobuf.Enum).map(enumD),
  };
  if (file.package !== null) d.package = file.package;
  if (file.weakImports.length > 0) d.weak_dependency = file.weakImports.map((_, i) => file.imports.length + i);
  if (file.syntax === 'proto3') d.syntax = 'proto3';
  return Buffer.from(DESCRIPTOR.encode(DESCRIPTOR.fromObject(d)).finish());
}
