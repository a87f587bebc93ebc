// The canonical text of a .proto file, laid out as Confluent's ProtobufSchemaUtils.toString prints
// a parsed file (its canonical string): syntax, package, imports, options, then the messages and
// then the enums of each scope; a message's reserved ranges, options, fields, oneofs, then nested
// messages and enums, each section after a blank line; two-space indents; one option in brackets on
// the field's line, several one per line. Comments and the input's layout are gone, so texts that
// differ only in layout share one canonical string. Normalised (normalize=true) as Confluent does:
// imports and options sorted, fields and enum constants by number, oneofs by their first field,
// message and enum types fully qualified, no syntax line for proto2.
import protobuf from 'protobufjs';

export interface ProtoFile {
  readonly name: string;
  /** The declared syntax; null when the file declares none (read as proto2). */
  readonly syntax: string | null;
  readonly package: string | null;
  readonly imports: readonly string[];
  readonly weakImports: readonly string[];
  /** Top-level messages and enums in declaration order. */
  readonly types: readonly (protobuf.Type | protobuf.Enum)[];
  readonly options: Readonly<Record<string, unknown>>;
}

/** Normalising prints a message or enum type by its full name (".pkg.Type"); null leaves it as written. */
export type TypeResolver = (f: protobuf.Field) => string | null;

/** Confluent's escapeChars for string option values. */
function escape(s: string): string {
  const map: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', "'": "\\'", '"': '\\"' };
  return [...s].map((c) => map[c] ?? c).join('');
}

function optionValue(v: unknown): string {
  // protobufjs keeps an enum-valued option (optimize_for = SPEED) as its name: print names bare.
  if (typeof v === 'string') return /^[A-Z_][A-Z0-9_]*$/.test(v) ? v : `"${escape(v)}"`;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'object' && v !== null) {
    return `{\n${Object.entries(v as Record<string, unknown>)
      .map(([k, x], i, all) => `  ${k}: ${optionValue(x)}${i < all.length - 1 ? ',' : ''}`)
      .join('\n')}\n}`;
  }
  return `"${escape(String(v))}"`;
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

const byName = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);

function optionEntries(options: Readonly<Record<string, unknown>> | undefined, normalize: boolean, skip: readonly string[] = []): [string, unknown][] {
  const entries = Object.entries(options ?? {}).filter(([k]) => !skip.includes(k));
  return normalize ? entries.sort(byName) : entries;
}

/** Confluent's appendOptions over printed `name = value` items: `[a = 1]`, or one per line when several. */
function bracketed(items: readonly string[]): string {
  if (items.length === 1) return `[${items[0] as string}]`;
  return `[\n${items.map((x, i) => indent(`${x}${i < items.length - 1 ? ',' : ''}`)).join('\n')}\n]`;
}

const printed = (entries: readonly [string, unknown][]): string[] => entries.map(([k, v]) => `${k} = ${optionValue(v)}`);

const indent = (block: string): string =>
  block
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

class Printer {
  readonly normalize: boolean;
  readonly resolve: TypeResolver | null;
  readonly syntax: string;

  constructor(normalize: boolean, resolve: TypeResolver | null, syntax: string) {
    this.normalize = normalize;
    this.resolve = resolve;
    this.syntax = syntax;
  }

  private typeRef(f: protobuf.Field, written: string): string {
    if (!this.normalize || this.resolve === null) return written;
    return this.resolve(f) ?? written;
  }

  field(f: protobuf.Field, inOneof: boolean): string {
    const isMap = f instanceof protobuf.MapField;
    let label = '';
    if (!inOneof && !isMap) {
      if (f.repeated) label = 'repeated ';
      else if (f.required) label = 'required ';
      else if (f.options?.['proto3_optional'] === true || this.syntax === 'proto2') label = 'optional ';
    }
    const type = isMap ? `map<${f.keyType}, ${this.typeRef(f, f.type)}>` : this.typeRef(f, f.type);
    // Wire keeps default and json_name apart from the other options; Confluent appends them last.
    const items: [string, string][] = optionEntries(f.options, false, ['proto3_optional', 'default', 'json_name']).map(([k, v]) => [k, optionValue(v)]);
    const dflt = f.options?.['default'] as unknown;
    if (dflt !== undefined) items.push(['default', f.type === 'string' || f.type === 'bytes' ? `"${escape(text(dflt))}"` : text(dflt)]);
    const jsonName = f.options?.['json_name'] as unknown;
    if (jsonName !== undefined) items.push(['json_name', `"${escape(text(jsonName))}"`]);
    if (this.normalize) items.sort(byName);
    const suffix = items.length === 0 ? '' : ` ${bracketed(items.map(([k, v]) => `${k} = ${v}`))}`;
    return `${label}${type} ${f.name} = ${f.id}${suffix};`;
  }

  reserved(reserved: readonly (number[] | string)[] | undefined): string[] {
    if (reserved === undefined || reserved.length === 0) return [];
    let parts = reserved.map((r) => (typeof r === 'string' ? `"${r}"` : r[0] === r[1] ? String(r[0]) : `${r[0]} to ${r[1] === 536870911 ? 'max' : r[1]}`));
    if (this.normalize) return parts.map((p) => `reserved ${p};`);
    parts = [parts.join(', ')];
    return parts.map((p) => `reserved ${p};`);
  }

  enumBlock(e: protobuf.Enum): string {
    let sb = `enum ${e.name} {`;
    const reserved = this.reserved(e.reserved);
    if (reserved.length > 0) sb += `\n${reserved.map(indent).join('\n')}`;
    let values = Object.entries(e.values);
    if (this.normalize) values = values.sort(([an, a], [bn, b]) => a - b || (an < bn ? -1 : an > bn ? 1 : 0));
    const options = optionEntries(e.options, this.normalize);
    const lines = [...options.map(([k, v]) => `option ${k} = ${optionValue(v)};`)];
    for (const [name, id] of values) {
      const vo = optionEntries((e.valuesOptions ?? {})[name], this.normalize);
      lines.push(`${name} = ${id}${vo.length === 0 ? '' : ` ${bracketed(printed(vo))}`};`);
    }
    if (lines.length > 0) sb += `\n${lines.map(indent).join('\n')}`;
    return `${sb}\n}`;
  }

  messageBlock(m: protobuf.Type): string {
    let sb = `message ${m.name} {`;
    const section = (lines: readonly string[]): void => {
      if (lines.length > 0) sb += `\n\n${lines.map(indent).join('\n')}`;
    };
    const sections: string[][] = [];
    sections.push(this.reserved(m.reserved));
    sections.push(optionEntries(m.options, this.normalize).map(([k, v]) => `option ${k} = ${optionValue(v)};`));
    let oneofs = m.oneofsArray.filter((o) => !o.fieldsArray.every((f) => f.options?.['proto3_optional'] === true));
    const inOneof = new Set(oneofs.flatMap((o) => o.fieldsArray));
    let fields = m.fieldsArray.filter((f) => !inOneof.has(f));
    if (this.normalize) fields = [...fields].sort((a, b) => a.id - b.id);
    sections.push(fields.map((f) => this.field(f, false)));
    const oneofFields = (o: protobuf.OneOf): protobuf.Field[] => (this.normalize ? [...o.fieldsArray].sort((a, b) => a.id - b.id) : o.fieldsArray);
    if (this.normalize) oneofs = oneofs.filter((o) => o.fieldsArray.length > 0).sort((a, b) => (oneofFields(a)[0]?.id ?? 0) - (oneofFields(b)[0]?.id ?? 0));
    sections.push(oneofs.map((o) => `oneof ${o.name} {${oneofFields(o).length === 0 ? '' : `\n${oneofFields(o).map((f) => indent(this.field(f, true))).join('\n')}`}\n}`));
    const nested = [...m.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type).map((n) => this.messageBlock(n)), ...m.nestedArray.filter((n): n is protobuf.Enum => n instanceof protobuf.Enum).map((n) => this.enumBlock(n))];
    sections.push(nested);
    // The first section only ends the opening line; the others are set off by a blank line.
    let first = true;
    for (const s of sections) {
      if (s.length === 0) continue;
      if (first) {
        sb += `\n${s.map(indent).join('\n')}`;
        first = false;
      } else section(s);
    }
    return `${sb}\n}`;
  }
}

/** The canonical (or normalised) text of `file`. */
export function printProto(file: ProtoFile, normalize: boolean, resolve: TypeResolver | null = null): string {
  const p = new Printer(normalize, resolve, file.syntax ?? 'proto2');
  let sb = '';
  if (file.syntax !== null && (!normalize || file.syntax === 'proto3')) sb += `syntax = "${file.syntax}";\n`;
  if (file.package !== null) sb += `package ${file.package};\n`;
  const imports = normalize ? [...new Set(file.imports)].sort() : file.imports;
  if (imports.length > 0) sb += `\n${imports.map((i) => `import "${i}";\n`).join('')}`;
  const options = optionEntries(file.options, normalize);
  if (options.length > 0) sb += `\n${options.map(([k, v]) => `option ${k} = ${optionValue(v)};\n`).join('')}`;
  const types = [...file.types.filter((t): t is protobuf.Type => t instanceof protobuf.Type).map((t) => p.messageBlock(t)), ...file.types.filter((t): t is protobuf.Enum => t instanceof protobuf.Enum).map((t) => p.enumBlock(t))];
  if (types.length > 0) sb += `\n${types.map((t) => `${t}\n`).join('')}`;
  return sb;
}
