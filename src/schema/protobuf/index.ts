// The PROTOBUF format: .proto text parsed with protobufjs (imports resolved from the references by
// import path, Google's well-known types built in), a canonical printing of the file, message types
// by the wire format's message indexes, and Confluent's Protobuf SchemaDiff for compatibility.
import protobuf from 'protobufjs';
import { SchemaParseError, type Difference, type ParsedSchema, type ResolvedReference } from '../types.js';
import { compareReferences } from '../avro/index.js';
import { descriptorToProto, protoToDescriptor } from './descriptor.js';
import { protobufDifferences } from './diff.js';
import { printProto, type ProtoFile } from './print.js';

/** A message type's codec. Decoding reads the given Buffer in place (protobufjs Reader over it). */
export interface ProtobufCodec {
  readonly type: protobuf.Type;
  decode(buf: Buffer): protobuf.Message;
  encode(value: Record<string, unknown>): Buffer;
  /** null when `value` fits the message, else protobufjs' reason. */
  verify(value: Record<string, unknown>): string | null;
  /** The decoded message as a plain object (longs as strings, enums as names, bytes base64), as Confluent's JSON printing does. */
  toObject(message: protobuf.Message): Record<string, unknown>;
  fromObject(value: Record<string, unknown>): protobuf.Message;
}

function parseFile(text: string, name: string): ProtoFile {
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
  } catch (e) {
    throw new SchemaParseError(`${name}: ${(e as Error).message}`);
  }
  const syntax = /^\s*syntax\s*=\s*["'](proto[23])["']\s*;/m.exec(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''))?.[1] ?? null;
  const pkg = parsed.package ?? null;
  const ns = pkg === null ? parsed.root : parsed.root.lookup(pkg);
  const types = ns instanceof protobuf.Namespace ? ns.nestedArray.filter((n): n is protobuf.Type | protobuf.Enum => n instanceof protobuf.Type || n instanceof protobuf.Enum) : [];
  const options = pkg === null ? (parsed.root.options ?? {}) : { ...(parsed.root.options ?? {}), ...((ns as protobuf.Namespace | null)?.options ?? {}) };
  return { name, syntax, package: pkg, imports: [...(parsed.imports ?? [])], weakImports: [...(parsed.weakImports ?? [])], types, options };
}

export class ProtobufParsedSchema implements ParsedSchema {
  readonly schemaType = 'PROTOBUF' as const;
  private canonicalText: string | undefined;
  private readonly codecs = new Map<string, ProtobufCodec>();

  readonly text: string;
  readonly references: readonly ResolvedReference[];
  /** The schema's own file, parsed alone (its types in declaration order, for printing and message indexes). */
  readonly file: ProtoFile;
  /** The referenced files by import name. */
  readonly dependencies: ReadonlyMap<string, ProtoFile>;
  /** Everything parsed into one resolved root: the codecs and type lookups use it. */
  readonly root: protobuf.Root;

  private constructor(text: string, references: readonly ResolvedReference[], file: ProtoFile, dependencies: ReadonlyMap<string, ProtoFile>, root: protobuf.Root) {
    this.text = text;
    this.references = references;
    this.file = file;
    this.dependencies = dependencies;
    this.root = root;
  }

  /**
   * Parses .proto text, or a base64 serialised FileDescriptorProto (what Confluent's Python client
   * registers), which is read as the .proto text it describes.
   */
  static parse(text: string, references: readonly ResolvedReference[]): ProtobufParsedSchema {
    let file: ProtoFile;
    try {
      file = parseFile(text, '<schema>');
    } catch (e) {
      const fromDescriptor = descriptorToProto(text);
      if (fromDescriptor === null) throw e;
      text = fromDescriptor;
      file = parseFile(text, '<schema>');
    }
    // A reference registered as a descriptor is read as its .proto text too.
    const sources = references.map((r) => {
      const t = /\b(message|enum|syntax|package)\b/.test(r.schema) ? null : descriptorToProto(r.schema);
      return t === null ? r : { ...r, schema: t };
    });
    const root = new protobuf.Root();
    const deps = new Map<string, ProtoFile>();
    const load = (source: string, name: string): void => {
      try {
        protobuf.parse(source, root, { keepCase: true, alternateCommentMode: true });
      } catch (e) {
        throw new SchemaParseError(`${name}: ${(e as Error).message}`);
      }
    };
    const wanted = new Set<string>();
    const want = (f: ProtoFile): void => {
      for (const i of [...f.imports, ...f.weakImports]) wanted.add(i);
    };
    want(file);
    for (const r of sources) {
      const dep = parseFile(r.schema, r.name);
      deps.set(r.name, dep);
      want(dep);
      load(r.schema, r.name);
    }
    for (const imp of wanted) {
      if (deps.has(imp)) continue;
      const common = protobuf.common.get(imp);
      if (common !== null) {
        root.addJSON(common.nested ?? {});
        continue;
      }
      throw new SchemaParseError(`Cannot resolve import ${JSON.stringify(imp)}: no reference of that name`);
    }
    load(text, '<schema>');
    try {
      root.resolveAll();
    } catch (e) {
      throw new SchemaParseError((e as Error).message);
    }
    return new ProtobufParsedSchema(text, references, file, deps, root);
  }

  canonical(): string {
    this.canonicalText ??= printProto(this.file, false);
    return this.canonicalText;
  }

  normalize(): ProtobufParsedSchema {
    const refs = [...this.references].sort(compareReferences).filter((r, i, a) => i === 0 || compareReferences(a[i - 1] as ResolvedReference, r) !== 0);
    const resolve = (f: protobuf.Field): string | null => {
      const parent = f.parent;
      if (parent === null) return null;
      const t = this.root.lookup(parent.fullName);
      return t instanceof protobuf.Type ? (t.fields[f.name]?.resolvedType?.fullName ?? null) : null;
    };
    return ProtobufParsedSchema.parse(printProto(this.file, true, resolve), refs);
  }

  backwardDifferences(writer: ParsedSchema): Difference[] {
    if (!(writer instanceof ProtobufParsedSchema)) return [{ kind: 'SCHEMA_TYPE', path: '#/', message: 'Incompatible because of different schema type' }];
    return protobufDifferences(writer, this);
  }

  /** The file as a base64 serialised FileDescriptorProto (Confluent's `format=serialized`), named `name`. */
  serialized(name = 'schema.proto'): string {
    return protoToDescriptor(this.file, this.root, name).toString('base64');
  }

  /** Full names of the file's message types, top-level first in declaration order (index 0 is Confluent's default). */
  messageNames(): string[] {
    const out: string[] = [];
    const walk = (types: readonly (protobuf.Type | protobuf.Enum)[]): void => {
      for (const t of types) if (t instanceof protobuf.Type) out.push(t.fullName.slice(1));
    };
    walk(this.file.types);
    return out;
  }

  /**
   * The message type at Confluent's message indexes: [i] is the file's i-th top-level message,
   * [i, j] its j-th nested message, and so on; [] (the wire format's single 0) is the first message.
   */
  messageAt(indexes: readonly number[]): protobuf.Type | null {
    const path = indexes.length === 0 ? [0] : indexes;
    let candidates: protobuf.Type[] = this.file.types.filter((t): t is protobuf.Type => t instanceof protobuf.Type);
    let found: protobuf.Type | null = null;
    for (const i of path) {
      const t = candidates[i];
      if (t === undefined) return null;
      found = t;
      candidates = t.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
    }
    return found === null ? null : this.root.lookupType(found.fullName);
  }

  /** The message indexes of the message named `fullName` (without a leading dot), or null. */
  indexesOf(fullName: string): number[] | null {
    const search = (types: readonly protobuf.ReflectionObject[], prefix: number[]): number[] | null => {
      const messages = types.filter((t): t is protobuf.Type => t instanceof protobuf.Type);
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i] as protobuf.Type;
        if (m.fullName.slice(1) === fullName) return [...prefix, i];
        const inner = search(m.nestedArray, [...prefix, i]);
        if (inner !== null) return inner;
      }
      return null;
    };
    return search(this.file.types, []);
  }

  /** The codec of the message at `indexes` (default: the first message), made once per message. */
  codec(indexes: readonly number[] = [0]): ProtobufCodec {
    const type = this.messageAt(indexes);
    if (type === null) throw new SchemaParseError(`No message type at indexes [${indexes.join(', ')}]`);
    const cached = this.codecs.get(type.fullName);
    if (cached !== undefined) return cached;
    const codec: ProtobufCodec = {
      type,
      decode: (buf) => type.decode(buf),
      encode: (value) => {
        const w = type.encode(type.fromObject(value));
        return Buffer.from(w.finish());
      },
      verify: (value) => type.verify(value),
      toObject: (message) => type.toObject(message, { longs: String, enums: String, bytes: String, defaults: true, oneofs: false }),
      fromObject: (value) => type.fromObject(value),
    };
    this.codecs.set(type.fullName, codec);
    return codec;
  }
}
