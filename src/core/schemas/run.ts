// tkafka schemas: the Schema Registry's subjects, versions, schemas, compatibility and modes, over
// any Confluent-compatible registry. Each operation returns its text lines and its JSON document.
import type { RegistrySchema, SchemaReference, SchemaRegistryClient, SchemaType, SubjectVersion } from '../../client/schema-registry/client.js';
import { TkafkaError, UsageError } from '../../shared/errors.js';

export interface SchemasResult {
  text: string;
  json: unknown;
  /** Non-zero for a negative answer that is not an error (an incompatible schema). */
  exitCode?: number;
}

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
const TYPES: readonly SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];

/** `--version`: a positive number or `latest` (and `all` where the command allows it). */
export function parseVersion(raw: string | undefined, allowAll = false): number | 'latest' | 'all' {
  if (raw === undefined || raw === 'latest' || raw === '-1') return 'latest';
  if (allowAll && raw === 'all') return 'all';
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw new UsageError(`--version: '${raw}' is not a version (a number from 1, or latest${allowAll ? ', or all' : ''}).`);
  return Number(raw);
}

/** `--type`, or the schema file's kind: .proto is PROTOBUF, a JSON document with $schema is JSON, else AVRO (Confluent's default). */
export function schemaTypeOf(type: string | undefined, file: string, text: string): SchemaType {
  if (type !== undefined) {
    const t = type.trim().toUpperCase().replace(/^JSON[-_]?SCHEMA$/, 'JSON');
    if (!(TYPES as readonly string[]).includes(t)) throw new UsageError(`--type: '${type}' is not a schema type (AVRO, PROTOBUF or JSON).`);
    return t as SchemaType;
  }
  if (file.endsWith('.proto')) return 'PROTOBUF';
  if (file.endsWith('.avsc')) return 'AVRO';
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && '$schema' in doc) return 'JSON';
  } catch {
    // Not JSON: Avro schemas are JSON, so only Protobuf is left.
    return 'PROTOBUF';
  }
  return 'AVRO';
}

/** `--reference name=subject:version` (repeatable). */
export function parseReference(raw: string): SchemaReference {
  const m = /^([^=]+)=(.+):(\d+)$/.exec(raw);
  if (m === null) throw new UsageError(`--reference: '${raw}' is not name=subject:version (e.g. common.avsc=common-value:1).`);
  return { name: m[1] as string, subject: m[2] as string, version: Number(m[3]) };
}

function schemaText(s: RegistrySchema): string {
  if (s.schemaType === 'PROTOBUF') return s.schema.replace(/\n$/, '');
  try {
    return JSON.stringify(JSON.parse(s.schema), null, 2);
  } catch {
    return s.schema;
  }
}

function referencesText(refs: readonly SchemaReference[]): string[] {
  return refs.map((r) => `Reference: ${r.name} = ${r.subject} version ${r.version}`);
}

function versionJson(v: SubjectVersion): unknown {
  return { subject: v.subject, version: v.version, id: v.id, schemaType: v.schemaType, schema: v.schema, references: v.references };
}

export async function listSubjects(c: SchemaRegistryClient, opts: { deleted?: boolean; prefix?: string }): Promise<SchemasResult> {
  const subjects = [...(await c.subjects(opts))].sort();
  return { text: subjects.map((s) => `${s}\n`).join(''), json: subjects };
}

export async function listVersions(c: SchemaRegistryClient, subject: string, opts: { deleted?: boolean }): Promise<SchemasResult> {
  const versions = await c.versions(subject, opts);
  return { text: versions.map((v) => `${v}\n`).join(''), json: { subject, versions } };
}

export async function showVersion(c: SchemaRegistryClient, subject: string, version: number | 'latest', opts: { deleted?: boolean }): Promise<SchemasResult> {
  const v = await c.subjectVersion(subject, version, opts);
  const head = [`Subject: ${v.subject}`, `Version: ${v.version}`, `ID: ${v.id}`, `Type: ${v.schemaType}`, ...referencesText(v.references)];
  return { text: `${head.join('\n')}\n${schemaText(v)}\n`, json: versionJson(v) };
}

export async function showId(c: SchemaRegistryClient, id: number): Promise<SchemasResult> {
  const [s, found] = await Promise.all([c.schemaById(id), c.idVersions(id).catch(() => [])]);
  const uses = Array.isArray(found) ? found : [];
  const head = [`ID: ${id}`, `Type: ${s.schemaType}`, ...uses.map((u) => `Used by: ${u.subject} version ${u.version}`), ...referencesText(s.references)];
  return { text: `${head.join('\n')}\n${schemaText(s)}\n`, json: { id, schemaType: s.schemaType, schema: s.schema, references: s.references, subjects: uses } };
}

export async function register(c: SchemaRegistryClient, subject: string, schema: RegistrySchema, opts: { normalize?: boolean }): Promise<SchemasResult> {
  const id = await c.register(subject, schema, opts);
  // The registry answers only the id; the version is the subject's version holding it.
  const v = await c.lookup(subject, schema, opts);
  return { text: `Registered ${subject} version ${v.version} (schema id ${id})\n`, json: { subject, version: v.version, id } };
}

export async function check(c: SchemaRegistryClient, subject: string, version: number | 'latest' | 'all', schema: RegistrySchema): Promise<SchemasResult> {
  const r = await c.checkCompatibility(subject, version, schema);
  const against = version === 'all' ? 'all versions' : `version ${version}`;
  const text = r.compatible ? `Compatible with ${subject} ${against}\n` : `Incompatible with ${subject} ${against}\n${r.messages.map((m) => `  ${m}\n`).join('')}`;
  return { text, json: { subject, version, compatible: r.compatible, messages: r.messages }, exitCode: r.compatible ? 0 : 1 };
}

export async function remove(c: SchemaRegistryClient, subject: string, version: number | 'latest' | undefined, permanent: boolean): Promise<SchemasResult> {
  const kind = permanent ? 'permanently' : 'soft';
  if (version === undefined) {
    const versions = await c.deleteSubject(subject, permanent);
    return { text: `Deleted ${subject} (${kind}): version${versions.length === 1 ? '' : 's'} ${versions.join(', ')}\n`, json: { subject, versions, permanent } };
  }
  const v = await c.deleteVersion(subject, version, permanent);
  return { text: `Deleted ${subject} version ${v} (${kind})\n`, json: { subject, versions: [v], permanent } };
}

function checkLevel(raw: string, allowed: readonly string[], what: string): string {
  const v = raw.trim().toUpperCase();
  if (!allowed.includes(v)) throw new UsageError(`--set: '${raw}' is not a ${what} (${allowed.join(', ')}).`);
  return v;
}

export async function config(c: SchemaRegistryClient, subject: string | undefined, set: string | undefined): Promise<SchemasResult> {
  const level = set === undefined ? await c.config(subject) : await c.setConfig(checkLevel(set, COMPATIBILITY_LEVELS, 'compatibility level'), subject);
  const who = subject === undefined ? 'global' : subject;
  return { text: `${set === undefined ? 'Compatibility' : 'Compatibility set'} (${who}): ${level}\n`, json: { subject: subject ?? null, compatibility: level } };
}

export async function mode(c: SchemaRegistryClient, subject: string | undefined, set: string | undefined): Promise<SchemasResult> {
  const m = set === undefined ? await c.mode(subject) : await c.setMode(checkLevel(set, MODES, 'mode'), subject);
  const who = subject === undefined ? 'global' : subject;
  return { text: `${set === undefined ? 'Mode' : 'Mode set'} (${who}): ${m}\n`, json: { subject: subject ?? null, mode: m } };
}

export function noSchemaFile(): TkafkaError {
  return new UsageError('--schema-file is required.', 'Give the schema as a file: --schema-file order.avsc');
}
