// A small client of the Confluent Schema Registry REST API (v1), over node:http/https: what the
// console tools and `tkafka schemas` ask of any Confluent-compatible registry (ours, Confluent's,
// Redpanda's, Apicurio's ccompat API). Schemas by id are cached: an id never changes its schema.
import type { Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import type { ConnectionOptions as TlsOptions } from 'node:tls';

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A schema as the registry stores it (schemaType absent means AVRO, as Confluent answers). */
export interface RegistrySchema {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

export interface SubjectVersion extends RegistrySchema {
  subject: string;
  id: number;
  version: number;
}

export type RegistryAuth =
  | { kind: 'basic'; username: string; password: string }
  /** A token per request (a static one, or from an OAuth provider that caches it). */
  | { kind: 'bearer'; token: () => Promise<string>; logicalCluster?: string | undefined; identityPoolId?: string | undefined };

export interface RegistryClientOptions {
  /** Base URLs, tried in order until one answers (Confluent's RestService does the same). */
  urls: string[];
  auth?: RegistryAuth | undefined;
  /** TLS options for https URLs (from schema.registry.ssl.*). */
  tls?: TlsOptions | undefined;
  timeoutMs?: number | undefined;
}

/** An answer with an error status: Confluent's {"error_code","message"} body as one line. */
export class SchemaRegistryError extends Error {
  override readonly name = 'SchemaRegistryError';
  readonly status: number;
  /** Confluent's error_code (40401 subject not found, 40403 schema not found, 42201 invalid schema, 409 incompatible, ...); the status when the body has none. */
  readonly errorCode: number;

  constructor(status: number, errorCode: number, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** No registry answered at any URL. */
export class SchemaRegistryUnreachableError extends Error {
  override readonly name = 'SchemaRegistryUnreachableError';
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

function schemaTypeOf(v: unknown): SchemaType {
  return v === 'PROTOBUF' || v === 'JSON' ? v : 'AVRO';
}

function asSchema(body: Record<string, unknown>): RegistrySchema {
  if (typeof body['schema'] !== 'string') throw new SchemaRegistryError(200, 0, 'the Schema Registry answered without a schema');
  return { schema: body['schema'], schemaType: schemaTypeOf(body['schemaType']), references: Array.isArray(body['references']) ? (body['references'] as SchemaReference[]) : [] };
}

function asSubjectVersion(body: Record<string, unknown>): SubjectVersion {
  return { ...asSchema(body), subject: String(body['subject']), id: Number(body['id']), version: Number(body['version']) };
}

/** The registry's own URL without userinfo, for messages (credentials never printed). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

export class SchemaRegistryClient {
  private readonly urls: URL[];
  private readonly opts: RegistryClientOptions;
  private readonly byId = new Map<number, Promise<RegistrySchema>>();
  private agents: { http?: HttpAgent; https?: HttpAgent } = {};

  constructor(opts: RegistryClientOptions) {
    if (opts.urls.length === 0) throw new Error('no Schema Registry URL');
    this.opts = opts;
    this.urls = opts.urls.map((u) => new URL(u.endsWith('/') ? u : `${u}/`));
  }

  /** The URLs for messages, without credentials. */
  get displayUrls(): string {
    return this.opts.urls.map(displayUrl).join(',');
  }

  /** The schema with this id (cached: ids are immutable). */
  schemaById(id: number): Promise<RegistrySchema> {
    let p = this.byId.get(id);
    if (p === undefined) {
      p = this.get(`schemas/ids/${id}`).then((b) => asSchema(b as Record<string, unknown>));
      // A failure is not cached: the next record asks again (a registry may come back).
      p.catch(() => this.byId.delete(id));
      this.byId.set(id, p);
    }
    return p;
  }

  /** Subject names (`--deleted` includes soft-deleted ones; Confluent's subjectPrefix filter). */
  async subjects(opts: { deleted?: boolean; prefix?: string } = {}): Promise<string[]> {
    const q = new URLSearchParams();
    if (opts.deleted === true) q.set('deleted', 'true');
    if (opts.prefix !== undefined) q.set('subjectPrefix', opts.prefix);
    return (await this.get(`subjects${query(q)}`)) as string[];
  }

  async versions(subject: string, opts: { deleted?: boolean } = {}): Promise<number[]> {
    return (await this.get(`subjects/${enc(subject)}/versions${opts.deleted === true ? '?deleted=true' : ''}`)) as number[];
  }

  async subjectVersion(subject: string, version: number | 'latest', opts: { deleted?: boolean } = {}): Promise<SubjectVersion> {
    return asSubjectVersion((await this.get(`subjects/${enc(subject)}/versions/${version}${opts.deleted === true ? '?deleted=true' : ''}`)) as Record<string, unknown>);
  }

  /** Subjects and versions that use this schema id. */
  async idVersions(id: number): Promise<Array<{ subject: string; version: number }>> {
    return (await this.get(`schemas/ids/${id}/versions`)) as Array<{ subject: string; version: number }>;
  }

  /** Registers (or finds) the schema under the subject; the registry answers its id. */
  async register(subject: string, schema: RegistrySchema, opts: { normalize?: boolean } = {}): Promise<number> {
    const body = (await this.request('POST', `subjects/${enc(subject)}/versions${opts.normalize === true ? '?normalize=true' : ''}`, schemaBody(schema))) as Record<string, unknown>;
    return Number(body['id']);
  }

  /** The subject's version holding this schema (40403 when none does). */
  async lookup(subject: string, schema: RegistrySchema, opts: { normalize?: boolean } = {}): Promise<SubjectVersion> {
    const body = (await this.request('POST', `subjects/${enc(subject)}${opts.normalize === true ? '?normalize=true' : ''}`, schemaBody(schema))) as Record<string, unknown>;
    return asSubjectVersion({ schemaType: schema.schemaType, ...body });
  }

  async checkCompatibility(subject: string, version: number | 'latest' | 'all', schema: RegistrySchema): Promise<{ compatible: boolean; messages: string[] }> {
    const path = version === 'all' ? `compatibility/subjects/${enc(subject)}/versions?verbose=true` : `compatibility/subjects/${enc(subject)}/versions/${version}?verbose=true`;
    const body = (await this.request('POST', path, schemaBody(schema))) as Record<string, unknown>;
    return { compatible: body['is_compatible'] === true, messages: Array.isArray(body['messages']) ? (body['messages'] as unknown[]).map(String) : [] };
  }

  /** Soft (or, after a soft one, permanent) deletion of a subject; answers the versions deleted. */
  async deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return (await this.request('DELETE', `subjects/${enc(subject)}${permanent ? '?permanent=true' : ''}`)) as number[];
  }

  async deleteVersion(subject: string, version: number | 'latest', permanent: boolean): Promise<number> {
    return Number(await this.request('DELETE', `subjects/${enc(subject)}/versions/${version}${permanent ? '?permanent=true' : ''}`));
  }

  /** The compatibility level: the subject's own (or the global one with defaultToGlobal), or the global one. */
  async config(subject?: string): Promise<string> {
    const body = (await this.get(subject === undefined ? 'config' : `config/${enc(subject)}?defaultToGlobal=true`)) as Record<string, unknown>;
    return String(body['compatibilityLevel'] ?? body['compatibility']);
  }

  async setConfig(level: string, subject?: string): Promise<string> {
    const body = (await this.request('PUT', subject === undefined ? 'config' : `config/${enc(subject)}`, { compatibility: level })) as Record<string, unknown>;
    return String(body['compatibility'] ?? body['compatibilityLevel']);
  }

  async mode(subject?: string): Promise<string> {
    const body = (await this.get(subject === undefined ? 'mode' : `mode/${enc(subject)}?defaultToGlobal=true`)) as Record<string, unknown>;
    return String(body['mode']);
  }

  async setMode(mode: string, subject?: string): Promise<string> {
    const body = (await this.request('PUT', subject === undefined ? 'mode' : `mode/${enc(subject)}`, { mode })) as Record<string, unknown>;
    return String(body['mode']);
  }

  close(): void {
    this.agents.http?.destroy();
    this.agents.https?.destroy();
    this.agents = {};
  }

  private get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  /** Tries each URL in turn while none answers; an HTTP error answer is final. */
  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let last: unknown;
    for (const base of this.urls) {
      try {
        return await this.once(base, method, path, body);
      } catch (err) {
        if (err instanceof SchemaRegistryError) throw err;
        last = err;
      }
    }
    const why = last instanceof Error ? ((last as NodeJS.ErrnoException).code ?? last.message) : String(last);
    throw new SchemaRegistryUnreachableError(`No Schema Registry answers at ${this.displayUrls} (${why === 'ECONNREFUSED' ? 'connection refused' : why})`, { cause: last });
  }

  private async once(base: URL, method: string, path: string, body: unknown): Promise<unknown> {
    const url = new URL(path, base);
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:') throw new SchemaRegistryUnreachableError(`unsupported Schema Registry URL scheme '${url.protocol}' (http or https)`);
    const mod = https ? await import('node:https') : await import('node:http');
    const agent = https ? (this.agents.https ??= new mod.Agent({ keepAlive: true, ...(this.opts.tls ?? {}) })) : (this.agents.http ??= new mod.Agent({ keepAlive: true }));
    const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    if (payload !== undefined) {
      headers['content-type'] = CONTENT_TYPE;
      headers['content-length'] = String(payload.length);
    }
    const auth = this.opts.auth;
    if (auth?.kind === 'basic') headers['authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    else if (auth?.kind === 'bearer') {
      headers['authorization'] = `Bearer ${await auth.token()}`;
      if (auth.logicalCluster !== undefined) headers['target-sr-cluster'] = auth.logicalCluster;
      if (auth.identityPoolId !== undefined) headers['Confluent-Identity-Pool-Id'] = auth.identityPoolId;
    } else if (base.username !== '') {
      // Credentials in the URL (Confluent's basic.auth.credentials.source=URL).
      headers['authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`, 'utf8').toString('base64')}`;
    }
    const options: RequestOptions = { method, agent, headers, timeout: this.opts.timeoutMs ?? 30_000 };
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = mod.request(url, options, resolve);
      req.on('error', reject);
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeout} ms`), { code: 'ETIMEDOUT' })));
      req.end(payload);
    });
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const status = res.statusCode ?? 0;
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (status >= 200 && status < 300) {
      if (parsed === undefined) throw new SchemaRegistryError(status, status, `the Schema Registry at ${displayUrl(base.toString())} answered ${method} /${path} with a body that is not JSON`);
      return parsed;
    }
    const o = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const code = typeof o['error_code'] === 'number' ? o['error_code'] : status;
    const message = typeof o['message'] === 'string' ? o['message'] : `HTTP ${status}${text !== '' && parsed === undefined ? `: ${oneLine(text).slice(0, 200)}` : ''}`;
    throw new SchemaRegistryError(status, code, `${oneLine(message)} (error ${code})`);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function enc(subject: string): string {
  return encodeURIComponent(subject);
}

function query(q: URLSearchParams): string {
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

function schemaBody(s: RegistrySchema): Record<string, unknown> {
  // Confluent omits schemaType for Avro; some registries refuse the field for it.
  const body: Record<string, unknown> = { schema: s.schema };
  if (s.schemaType !== 'AVRO') body['schemaType'] = s.schemaType;
  if (s.references.length > 0) body['references'] = s.references;
  return body;
}
