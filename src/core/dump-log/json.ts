// Kafka's generated JsonConverters as Jackson prints them (ObjectNode.toString): compact, fields in
// spec order, only the fields the version has, tagged fields only when not their default, int64 as
// plain numbers, bytes as standard base64, uuids in Kafka's base64url form, Jackson's string escapes.
// The field tables are the generated ones beside the coordinator codecs (scripts/gen-coordinator.ts).
import { RECORD_SCHEMAS, type RecordSchema, type SchemaField } from '../../protocol/coordinator/schemas.js';

type Structs = RecordSchema['structs'];

function inVersions(range: readonly [number, number] | null | undefined, version: number): boolean {
  return range !== undefined && range !== null && version >= range[0] && version <= range[1];
}

// Kafka 4.4's OffsetCommitValue has a tagged topicId (tag 0) that our spec copy predates;
// coordinator.ts lifts it out of the unknown tagged fields the codec kept.
const OFFSET_COMMIT_TOPIC_ID: SchemaField = { name: 'topicId', type: 'uuid', versions: [4, 4], tagged: [4, 4], tag: 0 };

const SCHEMAS: ReadonlyMap<string, RecordSchema> = new Map(
  RECORD_SCHEMAS.map((s) => [s.name, s.name !== 'OffsetCommitValue' ? s : { ...s, structs: { ...s.structs, [s.name]: [...(s.structs[s.name] ?? []), OFFSET_COMMIT_TOPIC_ID] } }]),
);

/** A JSON string as Jackson writes it: `"` and `\` escaped, control characters as \b \t \n \f \r or \u00XX. */
export function jsonString(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(from, i);
    from = i + 1;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0d) out += '\\r';
    else out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `${out}${s.slice(from)}"`;
}

/** A value a field-level hook put in place of the decoded one (GroupMetadataValue's embedded consumer protocol). */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function scalar(type: string, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof RawJson) return value.text;
  switch (type) {
    case 'string':
    case 'uuid':
      return jsonString(text(value));
    case 'bytes':
    case 'records':
      return Buffer.isBuffer(value) ? jsonString(value.toString('base64')) : jsonString(text(value));
    case 'bool':
      return value === true ? 'true' : 'false';
    case 'float64': {
      const n = Number(value);
      return Number.isInteger(n) ? `${n}.0` : String(n);
    }
    default:
      return text(value);
  }
}

function isDefault(field: SchemaField, value: unknown): boolean {
  const d = field.default;
  if (field.type.startsWith('[]')) return Array.isArray(value) && value.length === 0;
  if (d === null || d === 'null') return value === null;
  if (d === undefined) {
    if (field.type === 'string') return value === '';
    if (field.type === 'bool') return value === false;
    if (field.type === 'uuid') return value === 'AAAAAAAAAAAAAAAAAAAAAA';
    if (field.type === 'bytes') return Buffer.isBuffer(value) && value.length === 0;
    return value === 0 || value === 0n;
  }
  if (typeof value === 'bigint') return value === BigInt(d);
  return String(value) === String(d);
}

export type FieldHook = (path: string, value: unknown) => unknown;

interface Ctx {
  structs: Structs;
  version: number;
  hook: FieldHook | undefined;
}

function writeFields(ctx: Ctx, fields: readonly SchemaField[], obj: Record<string, unknown>, path: string): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (!inVersions(f.versions, ctx.version)) continue;
    let value = obj[f.name];
    if (inVersions(f.tagged, ctx.version) && isDefault(f, value)) continue;
    const at = path === '' ? f.name : `${path}.${f.name}`;
    if (ctx.hook !== undefined) value = ctx.hook(at, value);
    parts.push(`${jsonString(f.name)}:${writeValue(ctx, f.type, value, at)}`);
  }
  return `{${parts.join(',')}}`;
}

/** A value of a spec type: a primitive, a struct of this message (by name), or an array of either. */
function writeValue(ctx: Ctx, type: string, value: unknown, path: string): string {
  if (value === null || value === undefined || value instanceof RawJson) return scalar(type, value);
  if (type.startsWith('[]')) return `[${(value as unknown[]).map((v) => writeValue(ctx, type.slice(2), v, path)).join(',')}]`;
  const struct = ctx.structs[type];
  if (struct !== undefined) return writeFields(ctx, struct, value as Record<string, unknown>, path);
  return scalar(type, value);
}

/** The JSON Kafka's `<name>JsonConverter.write(message, version)` gives for a decoded message. */
export function messageJson(name: string, message: object, version: number, hook?: FieldHook): string {
  const schema = SCHEMAS.get(name);
  const root = schema?.structs[name];
  if (schema === undefined || root === undefined) throw new Error(`no schema for ${name}`);
  return writeFields({ structs: schema.structs, version, hook }, root, message as Record<string, unknown>, '');
}
