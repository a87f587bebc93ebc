// The canonical text of a .proto file, in the layout of the Wire printer Confluent's registry
// stores Protobuf schemas in (syntax, package, imports, options, then the types; two-space indents;
// a message's fields, then its oneofs, then its nested types). Comments and formatting of the input
// are gone, so texts that differ only in layout get one canonical string. Normalised (normalize=true)
// additionally sorts imports and options and lists fields by number.
import protobuf from 'protobufjs';

export interface ProtoFile {
  readonly name: string;
  readonly syntax: string;
  readonly package: string | null;
  readonly imports: readonly string[];
  readonly weakImports: readonly string[];
  /** Top-level messages and enums in declaration order. */
  readonly types: readonly (protobuf.Type | protobuf.Enum)[];
  readonly options: Readonly<Record<string, unknown>>;
}

const q = (s: string): string => JSON.stringify(s);

function optionValue(v: unknown): string {
  if (typeof v === 'string') return /^[A-Z_][A-Z0-9_]*$/.test(v) ? v : q(v);
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'object' && v !== null) {
    return `{ ${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${optionValue(x)}`)
      .join(', ')} }`;
  }
  return q(String(v));
}

function optionEntries(options: Readonly<Record<string, unknown>> | undefined, normalize: boolean, skip: readonly string[] = []): [string, unknown][] {
  const entries = Object.entries(options ?? {}).filter(([k]) => !skip.includes(k));
  return normalize ? entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries;
}

function optionName(k: string): string {
  // protobufjs keeps a custom option's parentheses: "(my.opt)"; plain names print as they are.
  return k;
}

/** Normalising prints a message or enum type by its full name (".pkg.Type"); null leaves it as written. */
export type TypeResolver = (f: protobuf.Field) => string | null;

let resolver: TypeResolver | null = null;

function fieldLine(f: protobuf.Field, syntax: string, normalize: boolean, inOneof: boolean): string {
  let label = '';
  if (!inOneof) {
    if (f.repeated && !(f instanceof protobuf.MapField)) label = 'repeated ';
    else if (f.required) label = 'required ';
    else if (f.options?.['proto3_optional'] === true || (syntax === 'proto2' && !(f instanceof protobuf.MapField))) label = 'optional ';
  }
  const type = f instanceof protobuf.MapField ? `map<${f.keyType}, ${typeRef(f, normalize)}>` : typeRef(f, normalize);
  const opts = optionEntries(f.options, normalize, ['proto3_optional']);
  const dflt = (f.options as Record<string, unknown> | undefined)?.['default'];
  const shown = opts.filter(([k]) => k !== 'default');
  if (dflt !== undefined) shown.unshift(['default', dflt]);
  const suffix = shown.length === 0 ? '' : ` [${shown.map(([k, v]) => `${optionName(k)} = ${optionValue(v)}`).join(', ')}]`;
  return `${label}${type} ${f.name} = ${f.id}${suffix};`;
}

/** A field's type as written, or (normalised) fully qualified when it names a message or enum. */
function typeRef(f: protobuf.Field, normalize: boolean): string {
  if (!normalize || resolver === null) return f.type;
  return resolver(f) ?? f.type;
}

function enumLines(e: protobuf.Enum, normalize: boolean): string[] {
  const out = [`enum ${e.name} {`];
  for (const [k, v] of optionEntries(e.options, normalize)) out.push(`  option ${optionName(k)} = ${optionValue(v)};`);
  if (e.reserved !== undefined && e.reserved.length > 0) out.push(`  ${reservedLine(e.reserved)}`);
  for (const [name, id] of Object.entries(e.values)) {
    const vo = optionEntries((e.valuesOptions ?? {})[name], normalize);
    out.push(`  ${name} = ${id}${vo.length === 0 ? '' : ` [${vo.map(([k, v]) => `${optionName(k)} = ${optionValue(v)}`).join(', ')}]`};`);
  }
  out.push('}');
  return out;
}

function reservedLine(reserved: readonly (number[] | string)[]): string {
  const parts = reserved.map((r) => (typeof r === 'string' ? q(r) : r[0] === r[1] ? String(r[0]) : `${r[0]} to ${r[1] === 536870911 ? 'max' : r[1]}`));
  return `reserved ${parts.join(', ')};`;
}

function messageLines(m: protobuf.Type, syntax: string, normalize: boolean): string[] {
  const out = [`message ${m.name} {`];
  const body: string[][] = [];
  const head: string[] = [];
  if (m.reserved !== undefined && m.reserved.length > 0) head.push(reservedLine(m.reserved));
  for (const [k, v] of optionEntries(m.options, normalize)) head.push(`option ${optionName(k)} = ${optionValue(v)};`);
  if (head.length > 0) body.push(head);
  const realOneofs = m.oneofsArray.filter((o) => !o.fieldsArray.every((f) => f.options?.['proto3_optional'] === true));
  const inOneof = new Set(realOneofs.flatMap((o) => o.fieldsArray));
  let fields = m.fieldsArray.filter((f) => !inOneof.has(f));
  if (normalize) fields = [...fields].sort((a, b) => a.id - b.id);
  if (fields.length > 0) body.push(fields.map((f) => fieldLine(f, syntax, normalize, false)));
  for (const o of realOneofs) {
    let ofs = o.fieldsArray;
    if (normalize) ofs = [...ofs].sort((a, b) => a.id - b.id);
    body.push([`oneof ${o.name} {`, ...ofs.map((f) => `  ${fieldLine(f, syntax, normalize, true)}`), '}']);
  }
  for (const n of m.nestedArray) {
    if (n instanceof protobuf.Type) body.push(messageLines(n, syntax, normalize));
    else if (n instanceof protobuf.Enum) body.push(enumLines(n, normalize));
  }
  body.forEach((block, i) => {
    if (i > 0) out.push('');
    for (const line of block) out.push(`  ${line}`);
  });
  out.push('}');
  return out;
}

/** The canonical (or normalised) text of `file`. */
export function printProto(file: ProtoFile, normalize: boolean, resolve: TypeResolver | null = null): string {
  resolver = resolve;
  try {
    return print(file, normalize);
  } finally {
    resolver = null;
  }
}

function print(file: ProtoFile, normalize: boolean): string {
  const sections: string[][] = [];
  const head = [`syntax = ${q(file.syntax)};`];
  if (file.package !== null) head.push(`package ${file.package};`);
  sections.push(head);
  const imports = [...file.imports.map((i) => `import ${q(i)};`), ...file.weakImports.map((i) => `import weak ${q(i)};`)];
  if (imports.length > 0) sections.push(normalize ? imports.sort() : imports);
  const opts = optionEntries(file.options, normalize).map(([k, v]) => `option ${optionName(k)} = ${optionValue(v)};`);
  if (opts.length > 0) sections.push(opts);
  for (const t of file.types) sections.push(t instanceof protobuf.Type ? messageLines(t, file.syntax, normalize) : enumLines(t, normalize));
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}
