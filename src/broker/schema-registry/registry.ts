// The Schema Registry's operations, as Confluent's KafkaSchemaRegistry and its REST resources
// define them: global ids (an identical schema reuses its id under another subject), versions per
// subject, soft and hard deletes, config and mode at the global and subject level, compatibility
// checks against the live versions. Each operation answers a plain JSON value or throws a
// RegistryError carrying Confluent's HTTP status, error code and exact message.
import {
  COMPATIBILITY_LEVELS,
  InvalidSchemaError,
  SCHEMA_TYPES,
  type CompatibilityLevel,
  type ResolvedReference,
  type SchemaFormats,
  type SchemaInput,
} from './formats.js';
import type { ConfigValue, RegistryRecord, SchemaReference, SchemaType, SchemaValue } from './records.js';
import { contentKey, RegistryState, type SchemasTopic } from './store.js';

export class RegistryError extends Error {
  readonly status: number;
  readonly errorCode: number;
  constructor(status: number, errorCode: number, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

const notFound = (code: number, message: string): RegistryError => new RegistryError(404, code, message);
const unprocessable = (code: number, message: string): RegistryError => new RegistryError(422, code, message);

export const subjectNotFound = (s: string): RegistryError => notFound(40401, `Subject '${s}' not found.`);
export const versionNotFound = (v: number): RegistryError => notFound(40402, `Version ${v} not found.`);
export const schemaNotFound = (id?: number): RegistryError => notFound(40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`);
const subjectSoftDeleted = (s: string): RegistryError => notFound(40404, `Subject '${s}' was soft deleted.Set permanent=true to delete permanently`);
const subjectNotSoftDeleted = (s: string): RegistryError => notFound(40405, `Subject '${s}' was not deleted first before being permanently deleted`);
const versionSoftDeleted = (s: string, v: number): RegistryError => notFound(40406, `Subject '${s}' Version ${v} was soft deleted.Set permanent=true to delete permanently`);
const versionNotSoftDeleted = (s: string, v: number): RegistryError => notFound(40407, `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`);
const configNotConfigured = (s: string): RegistryError => notFound(40408, `Subject '${s}' does not have subject-level compatibility configured`);
const modeNotConfigured = (s: string): RegistryError => notFound(40409, `Subject '${s}' does not have subject-level mode configured`);
export const invalidSchema = (message: string): RegistryError => unprocessable(42201, message);
export const invalidVersion = (v: string): RegistryError =>
  unprocessable(42202, `The specified version '${v}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
const invalidCompatibility = (): RegistryError =>
  unprocessable(42203, 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive');
const invalidMode = (): RegistryError => unprocessable(42204, 'Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.');
const notPermitted = (message: string): RegistryError => unprocessable(42205, message);
const referenceExists = (subject: string, version: number): RegistryError =>
  unprocessable(42206, `One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=${subject},version=${version}}.`);
const invalidSubject = (s: string): RegistryError => unprocessable(42208, `The specified subject '${s}' is not a valid.`);
const storeError = (message: string): RegistryError => new RegistryError(500, 50001, message);

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT', 'FORWARD'] as const;
const DEFAULT_MODE = 'READWRITE';
const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';
const MAX_INT = 2 ** 31 - 1;

/** Parses a path version as Confluent's VersionId: "latest" (any case, trimmed) is -1, else 1..2^31-1. */
export function parseVersion(text: string): number {
  const t = text.trim();
  if (t.toLowerCase() === 'latest') return -1;
  if (!/^[+-]?\d+$/.test(t)) throw invalidVersion(text);
  const n = Number(t);
  if (n < -(2 ** 31) || n > MAX_INT) throw invalidVersion(text);
  if (n <= 0 && n !== -1) throw invalidVersion(String(n));
  return n;
}

/** Confluent's QualifiedSubject.isValidSubject, without contexts. */
function validSubject(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f-\u009f]/.test(s) && s !== '__GLOBAL' && s !== '__EMPTY';
}

/** A register, lookup or compatibility request body (RegisterSchemaRequest). */
export interface SchemaRequest {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
  /** Import mode: the id and version to register at. */
  id?: number;
  version?: number;
}

export interface SchemaEntity {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaType;
  references?: SchemaReference[];
  schema: string;
  deleted?: boolean;
}

export class SchemaRegistry {
  readonly state = new RegistryState();

  private readonly topic: SchemasTopic;
  private readonly formats: SchemaFormats;

  constructor(topic: SchemasTopic, formats: SchemaFormats) {
    this.topic = topic;
    this.formats = formats;
  }

  /** Replays `_schemas`; the topic itself is made by the first write, so a broker nobody registers with has none. */
  load(): number {
    return this.topic.load((rec) => this.state.apply(rec));
  }

  /** Every change: appended first (the log's durability), then applied; a failed append changes nothing. */
  private write(records: RegistryRecord[], what: string): void {
    try {
      this.topic.append(records);
    } catch (err) {
      throw storeError(`${what}: ${(err as Error).message}`);
    }
    for (const r of records) this.state.apply(r);
  }

  // --- reads -----------------------------------------------------------------------------------

  private versions(subject: string, includeDeleted: boolean): SchemaValue[] {
    const all = this.state.subjects.get(subject);
    if (all === undefined) return [];
    return [...all.values()].filter((v) => includeDeleted || !v.deleted).sort((a, b) => a.version - b.version);
  }

  private hasSubject(subject: string, includeDeleted: boolean): boolean {
    return this.versions(subject, includeDeleted).length > 0;
  }

  listSubjects(opts: { deleted: boolean; deletedOnly: boolean; prefix: string }): string[] {
    const out: string[] = [];
    for (const subject of this.state.subjects.keys()) {
      if (!subject.startsWith(opts.prefix)) continue;
      const vs = this.versions(subject, true);
      const live = vs.some((v) => !v.deleted);
      const dead = vs.some((v) => v.deleted);
      if (opts.deletedOnly ? dead && !live : live || (opts.deleted && dead)) out.push(subject);
    }
    return out.sort();
  }

  listVersions(subject: string, opts: { deleted: boolean; deletedOnly: boolean }): number[] {
    if (!this.hasSubject(subject, opts.deleted || opts.deletedOnly)) throw subjectNotFound(subject);
    const vs = this.versions(subject, true);
    if (opts.deletedOnly) return vs.filter((v) => v.deleted).map((v) => v.version);
    return vs.filter((v) => opts.deleted || !v.deleted).map((v) => v.version);
  }

  private find(subject: string, version: number, includeDeleted: boolean): SchemaValue | undefined {
    if (version === -1) return this.versions(subject, false).at(-1);
    const v = this.state.subjects.get(subject)?.get(version);
    return v !== undefined && (includeDeleted || !v.deleted) ? v : undefined;
  }

  getVersion(subject: string, version: number, includeDeleted: boolean): SchemaEntity {
    const v = this.find(subject, version, includeDeleted);
    if (v === undefined) {
      if (!this.hasSubject(subject, includeDeleted)) throw subjectNotFound(subject);
      throw versionNotFound(version);
    }
    return entity(v);
  }

  referencedBy(subject: string, version: number): number[] {
    const target = this.getVersion(subject, version, false);
    return this.referrers(subject, target.version, false).map((v) => v.id).filter((id, i, all) => all.indexOf(id) === i).sort((a, b) => a - b);
  }

  private referrers(subject: string, version: number, includeDeleted: boolean): SchemaValue[] {
    const out: SchemaValue[] = [];
    for (const versions of this.state.subjects.values()) {
      for (const v of versions.values()) {
        if (!includeDeleted && v.deleted) continue;
        if (v.references.some((r) => r.subject === subject && r.version === version)) out.push(v);
      }
    }
    return out;
  }

  schemaById(id: number, subject?: string): SchemaEntity {
    let v = this.state.valueById(id);
    if (subject !== undefined && subject !== '') {
      const ver = this.state.idVersions.get(id)?.get(subject);
      const under = ver === undefined ? undefined : this.state.subjects.get(subject)?.get(ver);
      if (under !== undefined) v = under;
    }
    if (v === undefined) throw schemaNotFound(id);
    return entity(v);
  }

  subjectsById(id: number, opts: { deleted: boolean; subject?: string | undefined }): string[] {
    const ids = this.state.idVersions.get(id);
    if (ids === undefined) throw schemaNotFound(id);
    const out = [...ids].filter(([s, v]) => opts.deleted || this.state.subjects.get(s)?.get(v)?.deleted !== true).map(([s]) => s);
    const filtered = opts.subject === undefined || opts.subject === '' ? out : out.filter((s) => s === opts.subject);
    if (filtered.length === 0 && out.length === 0) throw schemaNotFound(id);
    return filtered.sort();
  }

  versionsById(id: number, opts: { deleted: boolean; subject?: string | undefined }): { subject: string; version: number }[] {
    const ids = this.state.idVersions.get(id);
    if (ids === undefined) throw schemaNotFound(id);
    return [...ids]
      .filter(([s, v]) => opts.deleted || this.state.subjects.get(s)?.get(v)?.deleted !== true)
      .filter(([s]) => opts.subject === undefined || opts.subject === '' || s === opts.subject)
      .map(([subject, version]) => ({ subject, version }))
      .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version));
  }

  // --- config and mode -------------------------------------------------------------------------

  private configInScope(subject: string | null): ConfigValue {
    return (subject === null ? undefined : this.state.configs.get(subject)) ?? this.state.configs.get(null) ?? { subject: null };
  }

  private compatibilityOf(subject: string | null): CompatibilityLevel {
    const subjectLevel = subject === null ? undefined : this.state.configs.get(subject)?.compatibilityLevel;
    const level = subjectLevel ?? this.state.configs.get(null)?.compatibilityLevel ?? DEFAULT_COMPATIBILITY;
    return (COMPATIBILITY_LEVELS as readonly string[]).includes(level) ? (level as CompatibilityLevel) : DEFAULT_COMPATIBILITY;
  }

  /** GET /config[/{subject}]: Confluent's Config entity. */
  getConfig(subject: string | null, defaultToGlobal: boolean): Record<string, unknown> {
    if (subject === null) {
      const c = this.state.configs.get(null);
      return configEntity(c ?? { subject: null }, this.compatibilityOf(null));
    }
    const own = this.state.configs.get(subject);
    if (own === undefined && !defaultToGlobal) throw configNotConfigured(subject);
    const c = own ?? this.state.configs.get(null) ?? { subject: null };
    return configEntity(c, c.compatibilityLevel ?? (own === undefined ? this.compatibilityOf(null) : undefined));
  }

  /** PUT /config[/{subject}]: answers the ConfigUpdateRequest as stored. */
  setConfig(subject: string | null, request: Record<string, unknown>): Record<string, unknown> {
    const levelText = request['compatibility'] ?? request['compatibilityLevel'];
    let level: string | undefined;
    if (levelText !== undefined && levelText !== null) {
      const upper = typeof levelText === 'string' ? levelText.toUpperCase() : '';
      if (!(COMPATIBILITY_LEVELS as readonly string[]).includes(upper)) throw invalidCompatibility();
      level = upper;
    }
    if (subject !== null && !validSubject(subject)) throw invalidSubject(subject);
    const normalize = typeof request['normalize'] === 'boolean' ? request['normalize'] : undefined;
    const old = this.state.configs.get(subject);
    // Confluent merges an update into the stored config: what the request leaves out is kept.
    const value: ConfigValue = { subject };
    const mergedNormalize = normalize ?? old?.normalize;
    if (mergedNormalize !== undefined) value.normalize = mergedNormalize;
    const mergedLevel = level ?? old?.compatibilityLevel;
    if (mergedLevel !== undefined) value.compatibilityLevel = mergedLevel;
    if (old?.other !== undefined) value.other = old.other;
    this.write([{ key: { keytype: 'CONFIG', subject }, value }], 'Failed to update compatibility level');
    const out: Record<string, unknown> = {};
    if (value.compatibilityLevel !== undefined) out['compatibility'] = value.compatibilityLevel;
    if (value.normalize !== undefined) out['normalize'] = value.normalize;
    return out;
  }

  deleteConfig(subject: string | null): Record<string, unknown> {
    if (subject === null) {
      const before = this.getConfig(null, false);
      if (this.state.configs.has(null)) this.write([{ key: { keytype: 'CONFIG', subject: null }, value: null }], 'Failed to delete compatibility level');
      return before;
    }
    const own = this.state.configs.get(subject);
    if (own === undefined) throw subjectNotFound(subject);
    this.write([{ key: { keytype: 'CONFIG', subject }, value: null }], 'Failed to delete compatibility level');
    return configEntity(own, own.compatibilityLevel);
  }

  private modeOf(subject: string | null): string {
    return (subject === null ? undefined : this.state.modes.get(subject)?.mode) ?? this.state.modes.get(null)?.mode ?? DEFAULT_MODE;
  }

  getMode(subject: string | null, defaultToGlobal: boolean): { mode: string } {
    if (subject === null) return { mode: this.modeOf(null) };
    const own = this.state.modes.get(subject);
    if (own === undefined && !defaultToGlobal) throw modeNotConfigured(subject);
    return { mode: own?.mode ?? this.modeOf(null) };
  }

  setMode(subject: string | null, request: Record<string, unknown>, force: boolean): { mode: string } {
    const modeText = request['mode'];
    const mode = typeof modeText === 'string' ? modeText.toUpperCase() : '';
    if (!(MODES as readonly string[]).includes(mode)) throw invalidMode();
    if (subject !== null && !validSubject(subject)) throw invalidSubject(subject);
    // Confluent refuses IMPORT over existing schemas unless forced (ids could collide).
    if (mode === 'IMPORT' && !force) {
      const has = subject === null ? this.listSubjects({ deleted: true, deletedOnly: false, prefix: '' }).length > 0 : this.hasSubject(subject, true);
      if (has) throw notPermitted('Cannot import since found existing subjects');
    }
    this.write([{ key: { keytype: 'MODE', subject }, value: { subject, mode } }], 'Failed to update mode');
    return { mode };
  }

  deleteMode(subject: string): { mode: string } {
    const own = this.state.modes.get(subject);
    if (own === undefined) throw subjectNotFound(subject);
    this.write([{ key: { keytype: 'MODE', subject }, value: null }], 'Failed to delete mode');
    return { mode: own.mode };
  }

  // --- schemas ---------------------------------------------------------------------------------

  private resolveReferences(schemaType: SchemaType, refs: readonly SchemaReference[], seen: Set<string> = new Set()): ResolvedReference[] {
    return refs.map((r) => {
      const target = this.find(r.subject, r.version, true);
      if (target === undefined) throw invalidSchema(`Invalid schema of type ${schemaType}, details: No schema reference found for subject "${r.subject}" and version ${r.version}`);
      const key = `${r.subject}\u0000${target.version}`;
      if (seen.has(key)) throw invalidSchema(`Invalid schema of type ${schemaType}, details: circular reference to subject "${r.subject}" version ${target.version}`);
      const nested = this.resolveReferences(target.schemaType, target.references, new Set([...seen, key]));
      return { name: r.name, subject: r.subject, version: target.version, schemaType: target.schemaType, schema: target.schema, references: nested };
    });
  }

  /** The stored form of a request's schema: references resolved, canonical text. */
  private canonical(request: SchemaRequest, normalize: boolean): { input: SchemaInput; value: Pick<SchemaValue, 'schemaType' | 'schema' | 'references'> } {
    if (request.schema.trim() === '') throw invalidSchema('Empty schema');
    if (!(SCHEMA_TYPES as readonly string[]).includes(request.schemaType)) throw invalidSchema(`Invalid schema type ${request.schemaType}`);
    const references = this.resolveReferences(request.schemaType, request.references);
    const input: SchemaInput = { schemaType: request.schemaType, schema: request.schema, references };
    let text: string;
    try {
      text = this.formats.canonical(input, normalize);
    } catch (err) {
      if (err instanceof RegistryError) throw err;
      if (!(err instanceof InvalidSchemaError)) throw err;
      throw invalidSchema(`Invalid schema of type ${request.schemaType}, details: ${err.message}`);
    }
    const refs = references.map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
    return { input: { ...input, schema: text }, value: { schemaType: request.schemaType, schema: text, references: refs } };
  }

  private inputOf(v: SchemaValue): SchemaInput {
    return { schemaType: v.schemaType, schema: v.schema, references: this.resolveReferences(v.schemaType, v.references), version: v.version };
  }

  private normalizeOf(subject: string, normalize: boolean): boolean {
    return normalize || this.configInScope(subject).normalize === true;
  }

  /** POST /subjects/{subject}/versions. */
  register(subject: string, request: SchemaRequest, normalize: boolean): { id: number } {
    if (!validSubject(subject)) throw invalidSubject(subject);
    const importing = request.id !== undefined && request.id >= 0;
    const mode = this.modeOf(subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw notPermitted(`Subject ${subject} in context . is in read-only mode`);
    if (importing && mode !== 'IMPORT' && mode !== 'FORWARD') throw notPermitted(`Subject ${subject} in context . is not in import mode`);
    if (!importing && mode !== 'READWRITE') throw notPermitted(`Subject ${subject} in context . is not in read-write mode`);

    const { input, value } = this.canonical(request, this.normalizeOf(subject, normalize));
    const all = this.versions(subject, true);
    const live = all.filter((v) => !v.deleted);
    let newVersion = 1;
    for (const v of all) newVersion = Math.max(newVersion, v.version + 1);

    let id = importing ? (request.id as number) : -1;
    const existingId = this.state.byContent.get(contentKey(value));
    const requestedVersion = request.version ?? 0;
    if (existingId !== undefined && (id < 0 || id === existingId)) {
      const under = this.state.idVersions.get(existingId)?.get(subject);
      const underValue = under === undefined ? undefined : this.state.subjects.get(subject)?.get(under);
      if (requestedVersion <= 0 && underValue !== undefined && !underValue.deleted) return { id: existingId };
      id = existingId;
    }
    if (!importing) {
      const incompatible = this.incompatibilities(subject, input, live);
      if (incompatible.length > 0) {
        throw new RegistryError(409, 409, `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${incompatible.join(', ')}]`);
      }
    }
    let version = newVersion;
    if (requestedVersion > 0) {
      if (requestedVersion !== newVersion && !importing) throw invalidSchema('Version is not one more than previous version');
      version = requestedVersion;
    }
    if (importing) {
      const existing = this.state.valueById(id);
      if (existing !== undefined && contentKey(existing) !== contentKey(value)) throw notPermitted(`Overwrite new schema with id ${id} in context . is not permitted.`);
    } else if (id < 0) {
      id = this.state.maxId + 1;
    }
    const records: RegistryRecord[] = [];
    // A soft-deleted older version with the same id is replaced by the new one (tombstoned), as Confluent does.
    for (const d of all) {
      if (d.deleted && d.id === id && d.version < version && this.referrers(subject, d.version, true).length === 0) {
        records.push({ key: { keytype: 'SCHEMA', subject, version: d.version }, value: null });
      }
    }
    const stored: SchemaValue = { subject, version, id, schemaType: value.schemaType, references: value.references, schema: value.schema, deleted: false };
    records.push({ key: { keytype: 'SCHEMA', subject, version }, value: stored });
    this.write(records, 'Register schema operation failed while writing to the Kafka store');
    return { id };
  }

  private incompatibilities(subject: string, next: SchemaInput, previous: readonly SchemaValue[]): string[] {
    if (previous.length === 0) return [];
    const level = this.compatibilityOf(subject);
    const messages = this.formats.incompatibilities(level, next, previous.map((p) => this.inputOf(p)));
    if (messages.length > 0) messages.push(`{validateFields: 'false', compatibility: '${level}'}`);
    return messages;
  }

  /** POST /subjects/{subject}: the version of an identical schema under the subject. */
  lookup(subject: string, request: SchemaRequest, normalize: boolean, includeDeleted: boolean): SchemaEntity {
    let value;
    try {
      value = this.canonical(request, this.normalizeOf(subject, normalize)).value;
    } catch (err) {
      if (err instanceof RegistryError && err.errorCode === 42201 && !this.hasSubject(subject, includeDeleted)) throw subjectNotFound(subject);
      throw err;
    }
    const key = contentKey(value);
    const match = this.versions(subject, includeDeleted).reverse().find((v) => contentKey(v) === key);
    if (match === undefined) {
      if (!this.hasSubject(subject, includeDeleted)) throw subjectNotFound(subject);
      throw schemaNotFound();
    }
    return entity(match);
  }

  /** POST /compatibility/subjects/{subject}/versions[/{version}]: the incompatibility messages. */
  checkCompatibility(subject: string, version: number | null, request: SchemaRequest, normalize: boolean): string[] {
    let previous: SchemaValue[];
    if (version === null) previous = this.versions(subject, false);
    else {
      const v = this.find(subject, version, false);
      if (v === undefined && version !== -1) throw versionNotFound(version);
      previous = v === undefined ? [] : [v];
    }
    const { input } = this.canonical(request, this.normalizeOf(subject, normalize));
    return this.incompatibilities(subject, input, previous);
  }

  private assertWritable(subject: string): void {
    const mode = this.modeOf(subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw notPermitted(`Subject ${subject} in context . is in read-only mode`);
  }

  /** DELETE /subjects/{subject}[?permanent=true]: the versions deleted. */
  deleteSubject(subject: string, permanent: boolean): number[] {
    if (!this.hasSubject(subject, true)) throw subjectNotFound(subject);
    if (!permanent && !this.hasSubject(subject, false)) throw subjectSoftDeleted(subject);
    this.assertWritable(subject);
    const targets = this.versions(subject, permanent);
    for (const v of targets) {
      if (this.referrers(subject, v.version, permanent).some((r) => r.subject !== subject)) throw referenceExists(subject, v.version);
      if (permanent && !v.deleted) throw subjectNotSoftDeleted(subject);
    }
    const deleted = targets.map((v) => v.version);
    if (!permanent) {
      this.write([{ key: { keytype: 'DELETE_SUBJECT', subject }, value: { subject, version: deleted.at(-1) ?? 0 } }], `Error while deleting the subject in the backend Kafka store`);
    } else {
      const records: RegistryRecord[] = [...deleted].reverse().map((version) => ({ key: { keytype: 'SCHEMA' as const, subject, version }, value: null }));
      if (this.state.modes.has(subject)) records.push({ key: { keytype: 'MODE', subject }, value: null });
      if (this.state.configs.has(subject)) records.push({ key: { keytype: 'CONFIG', subject }, value: null });
      this.write(records, 'Error while deleting the subject in the backend Kafka store');
    }
    return deleted;
  }

  /** DELETE /subjects/{subject}/versions/{version}[?permanent=true]: the version deleted. */
  deleteVersion(subject: string, version: number, permanent: boolean): number {
    // Confluent's validateDeleteSchemaVersion.
    if (!this.hasSubject(subject, true)) throw subjectNotFound(subject);
    let target: SchemaValue | undefined;
    if (version === -1) {
      target = this.versions(subject, permanent).at(-1);
      if (target === undefined) throw subjectNotFound(subject);
    } else {
      target = this.state.subjects.get(subject)?.get(version);
      if (target === undefined) throw versionNotFound(version);
      if (!permanent && target.deleted) throw versionSoftDeleted(subject, version);
    }
    this.assertWritable(subject);
    if (this.referrers(subject, target.version, permanent).length > 0) throw referenceExists(subject, target.version);
    if (permanent && !target.deleted) throw versionNotSoftDeleted(subject, target.version);
    const key = { keytype: 'SCHEMA' as const, subject, version: target.version };
    if (!permanent) {
      this.write([{ key, value: { ...target, deleted: true } }], `Error while deleting the schema for subject '${subject}' in the backend Kafka store`);
    } else {
      const records: RegistryRecord[] = [{ key, value: null }];
      if (this.versions(subject, true).length === 1) {
        if (this.state.modes.has(subject)) records.push({ key: { keytype: 'MODE', subject }, value: null });
        if (this.state.configs.has(subject)) records.push({ key: { keytype: 'CONFIG', subject }, value: null });
      }
      this.write(records, `Error while deleting the schema for subject '${subject}' in the backend Kafka store`);
    }
    return target.version;
  }

  schemaTypes(): readonly SchemaType[] {
    return SCHEMA_TYPES;
  }
}

/** Confluent's Schema entity: schemaType left out for AVRO (the default), references when any. */
function entity(v: SchemaValue): SchemaEntity {
  const out: SchemaEntity = { subject: v.subject, version: v.version, id: v.id, schema: v.schema };
  const ordered: SchemaEntity = { subject: v.subject, version: v.version, id: v.id } as SchemaEntity;
  if (v.schemaType !== 'AVRO') ordered.schemaType = v.schemaType;
  if (v.references.length > 0) ordered.references = v.references.map((r) => ({ ...r }));
  ordered.schema = out.schema;
  return ordered;
}

function configEntity(c: ConfigValue, level: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.normalize !== undefined) out['normalize'] = c.normalize;
  if (level !== undefined) out['compatibilityLevel'] = level;
  return out;
}
