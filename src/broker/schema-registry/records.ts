// The records of the `_schemas` topic in Confluent Schema Registry's own format (its KafkaStore
// keys and values as Jackson writes them: property order of the classes, empty and null
// properties left out), so a Confluent registry pointed at this topic reads our records and we
// read its. Keys are JSON objects tagged by `keytype`; a null value is a tombstone (a hard delete).

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export type RegistryKey =
  | { keytype: 'SCHEMA'; subject: string; version: number }
  | { keytype: 'CONFIG'; subject: string | null }
  | { keytype: 'MODE'; subject: string | null }
  | { keytype: 'DELETE_SUBJECT'; subject: string }
  | { keytype: 'CLEAR_SUBJECT'; subject: string }
  | { keytype: 'NOOP' };

export interface SchemaValue {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  references: SchemaReference[];
  schema: string;
  deleted: boolean;
}

export interface ConfigValue {
  subject: string | null;
  normalize?: boolean;
  compatibilityLevel?: string;
  /** Properties of newer Confluent versions we keep but do not act on. */
  other?: Record<string, unknown>;
}

export interface ModeValue {
  subject: string | null;
  mode: string;
}

export interface DeleteSubjectValue {
  subject: string;
  version: number;
}

export type RegistryRecord =
  | { key: Extract<RegistryKey, { keytype: 'SCHEMA' }>; value: SchemaValue | null }
  | { key: Extract<RegistryKey, { keytype: 'CONFIG' }>; value: ConfigValue | null }
  | { key: Extract<RegistryKey, { keytype: 'MODE' }>; value: ModeValue | null }
  | { key: Extract<RegistryKey, { keytype: 'DELETE_SUBJECT' }>; value: DeleteSubjectValue | null }
  | { key: Extract<RegistryKey, { keytype: 'CLEAR_SUBJECT' }>; value: { subject: string } | null }
  | { key: Extract<RegistryKey, { keytype: 'NOOP' }>; value: null };

/** SchemaKey is magic 1, every other key 0 (Confluent's MAGIC_BYTE constants). */
export function encodeKey(key: RegistryKey): Buffer {
  const out: Record<string, unknown> = { keytype: key.keytype };
  if ('subject' in key && key.subject !== null && key.subject !== '') out['subject'] = key.subject;
  if (key.keytype === 'SCHEMA') out['version'] = key.version;
  out['magic'] = key.keytype === 'SCHEMA' ? 1 : 0;
  return Buffer.from(JSON.stringify(out));
}

export function encodeValue(record: RegistryRecord): Buffer | null {
  const v = record.value;
  if (v === null) return null;
  switch (record.key.keytype) {
    case 'SCHEMA': {
      const s = v as SchemaValue;
      const out: Record<string, unknown> = { subject: s.subject, version: s.version, id: s.id, schemaType: s.schemaType };
      if (s.references.length > 0) out['references'] = s.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
      out['schema'] = s.schema;
      out['deleted'] = s.deleted;
      return json(out);
    }
    case 'CONFIG': {
      const c = v as ConfigValue;
      const out: Record<string, unknown> = {};
      if (c.subject !== null) out['subject'] = c.subject;
      if (c.normalize !== undefined) out['normalize'] = c.normalize;
      if (c.compatibilityLevel !== undefined) out['compatibilityLevel'] = c.compatibilityLevel;
      return json({ ...out, ...(c.other ?? {}) });
    }
    case 'MODE': {
      const m = v as ModeValue;
      return json(m.subject === null ? { mode: m.mode } : { subject: m.subject, mode: m.mode });
    }
    case 'DELETE_SUBJECT': {
      const d = v as DeleteSubjectValue;
      return json({ subject: d.subject, version: d.version });
    }
    case 'CLEAR_SUBJECT':
      return json({ subject: (v as { subject: string }).subject });
    default:
      return null;
  }
}

function json(o: unknown): Buffer {
  return Buffer.from(JSON.stringify(o));
}

const SCHEMA_TYPES = new Set<string>(['AVRO', 'PROTOBUF', 'JSON']);

/**
 * A stored record back to its typed form; null for what the registry ignores (unknown key types
 * such as Confluent's ASSOC and CONTEXT). Throws on a key or value that is not what its type says.
 */
export function decodeRecord(keyBytes: Buffer, valueBytes: Buffer | null): RegistryRecord | null {
  const k = object(JSON.parse(keyBytes.toString('utf8')), 'key');
  const v = valueBytes === null ? null : object(JSON.parse(valueBytes.toString('utf8')), 'value');
  const subjectOf = (o: Record<string, unknown>): string | null => (typeof o['subject'] === 'string' ? o['subject'] : null);
  switch (k['keytype']) {
    case 'SCHEMA': {
      const subject = str(k['subject'], 'key subject');
      const version = int(k['version'], 'key version');
      if (v === null) return { key: { keytype: 'SCHEMA', subject, version }, value: null };
      const type = v['schemaType'] === undefined || v['schemaType'] === null ? 'AVRO' : str(v['schemaType'], 'schemaType');
      if (!SCHEMA_TYPES.has(type)) throw new Error(`unknown schemaType ${type}`);
      const refs = Array.isArray(v['references']) ? v['references'].map((r) => object(r, 'reference')) : [];
      return {
        key: { keytype: 'SCHEMA', subject, version },
        value: {
          subject: str(v['subject'], 'subject'),
          version: int(v['version'], 'version'),
          id: int(v['id'], 'id'),
          schemaType: type as SchemaType,
          references: refs.map((r) => ({ name: str(r['name'], 'reference name'), subject: str(r['subject'], 'reference subject'), version: int(r['version'], 'reference version') })),
          schema: str(v['schema'], 'schema'),
          deleted: v['deleted'] === true,
        },
      };
    }
    case 'CONFIG': {
      const subject = subjectOf(k);
      if (v === null) return { key: { keytype: 'CONFIG', subject }, value: null };
      const other: Record<string, unknown> = {};
      for (const [name, val] of Object.entries(v)) if (name !== 'subject' && name !== 'normalize' && name !== 'compatibilityLevel' && name !== 'compatibility') other[name] = val;
      // Values written before Confluent 5.x carried `compatibility`; Jackson reads either.
      const level = v['compatibilityLevel'] ?? v['compatibility'];
      const value: ConfigValue = { subject };
      if (typeof level === 'string') value.compatibilityLevel = level;
      if (typeof v['normalize'] === 'boolean') value.normalize = v['normalize'];
      if (Object.keys(other).length > 0) value.other = other;
      return { key: { keytype: 'CONFIG', subject }, value };
    }
    case 'MODE': {
      const subject = subjectOf(k);
      if (v === null) return { key: { keytype: 'MODE', subject }, value: null };
      return { key: { keytype: 'MODE', subject }, value: { subject, mode: str(v['mode'], 'mode') } };
    }
    case 'DELETE_SUBJECT': {
      const subject = str(k['subject'], 'key subject');
      if (v === null) return { key: { keytype: 'DELETE_SUBJECT', subject }, value: null };
      return { key: { keytype: 'DELETE_SUBJECT', subject }, value: { subject: str(v['subject'], 'subject'), version: int(v['version'], 'version') } };
    }
    case 'CLEAR_SUBJECT': {
      const subject = str(k['subject'], 'key subject');
      return { key: { keytype: 'CLEAR_SUBJECT', subject }, value: v === null ? null : { subject: str(v['subject'], 'subject') } };
    }
    case 'NOOP':
      return { key: { keytype: 'NOOP' }, value: null };
    default:
      return null;
  }
}

function object(o: unknown, what: string): Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error(`${what} is not a JSON object`);
  return o as Record<string, unknown>;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`${what} is not a string`);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`${what} is not an integer`);
  return v;
}
