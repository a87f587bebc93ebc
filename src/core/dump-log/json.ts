// Kafka's generated JsonConverters as Jackson prints them (ObjectNode.toString): compact, fields in
// spec order, only the fields the version has, tagged fields only when not their default, int64 as
// plain numbers, bytes as standard base64, uuids in Kafka's base64url form, Jackson's string escapes.
import { SCHEMAS, type FieldSchema } from './schemas.js';

/** Whether `version` is in a spec range: "0+", "3-5", "8", "none". */
export function inVersions(range: string | undefined, version: number): boolean {
  if (range === undefined || range === 'none') return false;
  if (range.endsWith('+')) return version >= Number(range.slice(0, -1));
  const dash = range.indexOf('-');
  if (dash > 0) return version >= Number(range.slice(0, dash)) && version <= Number(range.slice(dash + 1));
  return version === Number(range);
}

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

function isDefault(field: FieldSchema, value: unknown): boolean {
  const d = field.d;
  if (d === null || d === 'null') return value === null;
  if (field.t.startsWith('[]')) return Array.isArray(value) && value.length === 0;
  if (d === undefined) {
    if (field.t === 'string') return value === '';
    if (field.t === 'bool') return value === false;
    if (field.t === 'uuid') return value === 'AAAAAAAAAAAAAAAAAAAAAA';
    if (field.t === 'bytes') return Buffer.isBuffer(value) && value.length === 0;
    return value === 0 || value === 0n;
  }
  if (typeof value === 'bigint') return value === BigInt(d);
  return String(value) === String(d);
}

export type FieldHook = (path: string, value: unknown) => unknown;

function writeFields(fields: readonly FieldSchema[], obj: Record<string, unknown>, version: number, hook: FieldHook | undefined, path: string): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (!inVersions(f.v, version)) continue;
    let value = obj[f.n];
    // A tagged field the decoded object does not carry (newer than our codec) is at its default.
    if (inVersions(f.tv, version) && (value === undefined || isDefault(f, value))) continue;
    const at = path === '' ? f.n : `${path}.${f.n}`;
    if (hook !== undefined) value = hook(at, value);
    parts.push(`${jsonString(f.n)}:${writeValue(f, value, version, hook, at)}`);
  }
  return `{${parts.join(',')}}`;
}

function writeValue(f: FieldSchema, value: unknown, version: number, hook: FieldHook | undefined, path: string): string {
  if (value === null || value === undefined || value instanceof RawJson) return scalar(f.t, value);
  if (f.t === 'struct') return writeFields(f.f ?? [], value as Record<string, unknown>, version, hook, path);
  if (f.t === '[]struct') return `[${(value as Record<string, unknown>[]).map((v) => writeFields(f.f ?? [], v, version, hook, path)).join(',')}]`;
  if (f.t.startsWith('[]')) return `[${(value as unknown[]).map((v) => scalar(f.t.slice(2), v)).join(',')}]`;
  return scalar(f.t, value);
}

/** The JSON Kafka's `<name>JsonConverter.write(message, version)` gives for a decoded message. */
export function messageJson(name: string, message: object, version: number, hook?: FieldHook): string {
  const schema = SCHEMAS[name];
  if (schema === undefined) throw new Error(`no schema for ${name}`);
  return writeFields(schema.fields, message as Record<string, unknown>, version, hook, '');
}
