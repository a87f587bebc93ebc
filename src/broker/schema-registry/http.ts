// The Schema Registry REST API over node:http, no framework: Confluent's routes, query parameters,
// content types and error bodies ({"error_code":40401,"message":"Subject 'x' not found."}).
// Requests are handled one at a time per process turn (every operation is synchronous), which is
// what makes a register's read-check-append atomic without locks.
import { startHttpWorker, type HttpRequest, type HttpResponse } from '../http-worker.js';
import type { SchemaReference, SchemaType } from './records.js';
import { parseVersion, RegistryError, type SchemaRegistry, type SchemaRequest } from './registry.js';

/** The largest request body read (Confluent's schemas are far smaller; this bounds memory). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPTED_TYPES = ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream'];

class HttpError extends Error {
  readonly status: number;
  readonly errorCode: number;
  constructor(status: number, errorCode: number, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

interface Request {
  method: string;
  parts: string[];
  query: URLSearchParams;
  body: () => unknown;
}

type Handler = (req: Request) => unknown;

const bool = (q: URLSearchParams, name: string): boolean => (q.get(name) ?? '').toLowerCase() === 'true';

function int(text: string): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new HttpError(404, 404, 'HTTP 404 Not Found');
  return Number(text.trim());
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(422, 422, 'Unrecognized request body: expected a JSON object');
  return body as Record<string, unknown>;
}

/** A RegisterSchemaRequest: schema, schemaType (AVRO when absent), references, and in IMPORT mode id/version. */
function schemaRequest(body: unknown): SchemaRequest {
  const o = object(body);
  const schema = o['schema'];
  if (schema !== undefined && schema !== null && typeof schema !== 'string') throw new HttpError(422, 422, 'Unrecognized field type: schema must be a string');
  const type = o['schemaType'];
  if (type !== undefined && type !== null && typeof type !== 'string') throw new HttpError(422, 422, 'Unrecognized field type: schemaType must be a string');
  const refsRaw = o['references'] ?? [];
  if (!Array.isArray(refsRaw)) throw new HttpError(422, 422, 'Unrecognized field type: references must be an array');
  const references: SchemaReference[] = refsRaw.map((r) => {
    const ro = object(r);
    if (typeof ro['name'] !== 'string' || typeof ro['subject'] !== 'string' || typeof ro['version'] !== 'number' || !Number.isInteger(ro['version'])) {
      throw new HttpError(422, 422, 'Unrecognized field type: a reference has a string name and subject and an integer version');
    }
    return { name: ro['name'], subject: ro['subject'], version: ro['version'] };
  });
  const req: SchemaRequest = { schema: typeof schema === 'string' ? schema : '', schemaType: (typeof type === 'string' ? type.toUpperCase() : 'AVRO') as SchemaType, references };
  if (typeof o['id'] === 'number' && Number.isInteger(o['id'])) req.id = o['id'];
  if (typeof o['version'] === 'number' && Number.isInteger(o['version'])) req.version = o['version'];
  return req;
}

/** Routes: path segments after the leading slash, matched in order; `*` takes one segment. */
function routes(reg: SchemaRegistry): { method: string; path: string[]; handle: Handler }[] {
  const subjectOf = (r: Request, i: number): string => r.parts[i] as string;
  const version = (r: Request, i: number): number => parseVersion(r.parts[i] as string);
  return [
    { method: 'GET', path: [], handle: () => ({}) },
    { method: 'GET', path: ['schemas', 'types'], handle: () => reg.schemaTypes() },
    { method: 'GET', path: ['schemas', 'ids', '*'], handle: (r) => idSchema(reg, int(r.parts[2] as string), r.query) },
    { method: 'GET', path: ['schemas', 'ids', '*', 'schema'], handle: (r) => rawSchema(reg.schemaById(int(r.parts[2] as string), r.query.get('subject') ?? undefined).schema) },
    { method: 'GET', path: ['schemas', 'ids', '*', 'subjects'], handle: (r) => reg.subjectsById(int(r.parts[2] as string), { deleted: bool(r.query, 'deleted'), ...optionalSubject(r.query) }) },
    { method: 'GET', path: ['schemas', 'ids', '*', 'versions'], handle: (r) => reg.versionsById(int(r.parts[2] as string), { deleted: bool(r.query, 'deleted'), ...optionalSubject(r.query) }) },
    {
      method: 'GET',
      path: ['subjects'],
      handle: (r) => reg.listSubjects({ deleted: bool(r.query, 'deleted'), deletedOnly: bool(r.query, 'deletedOnly'), prefix: subjectPrefix(r.query.get('subjectPrefix')) }),
    },
    { method: 'GET', path: ['subjects', '*', 'versions'], handle: (r) => reg.listVersions(subjectOf(r, 1), { deleted: bool(r.query, 'deleted'), deletedOnly: bool(r.query, 'deletedOnly') }) },
    { method: 'POST', path: ['subjects', '*', 'versions'], handle: (r) => reg.register(subjectOf(r, 1), schemaRequest(r.body()), bool(r.query, 'normalize')) },
    { method: 'GET', path: ['subjects', '*', 'versions', '*'], handle: (r) => reg.getVersion(subjectOf(r, 1), version(r, 3), bool(r.query, 'deleted')) },
    { method: 'GET', path: ['subjects', '*', 'versions', '*', 'schema'], handle: (r) => rawSchema(reg.getVersion(subjectOf(r, 1), version(r, 3), bool(r.query, 'deleted')).schema) },
    { method: 'GET', path: ['subjects', '*', 'versions', '*', 'referencedby'], handle: (r) => reg.referencedBy(subjectOf(r, 1), version(r, 3)) },
    { method: 'DELETE', path: ['subjects', '*', 'versions', '*'], handle: (r) => reg.deleteVersion(subjectOf(r, 1), version(r, 3), bool(r.query, 'permanent')) },
    { method: 'POST', path: ['subjects', '*'], handle: (r) => reg.lookup(subjectOf(r, 1), schemaRequest(r.body()), bool(r.query, 'normalize'), bool(r.query, 'deleted')) },
    { method: 'DELETE', path: ['subjects', '*'], handle: (r) => reg.deleteSubject(subjectOf(r, 1), bool(r.query, 'permanent')) },
    { method: 'GET', path: ['config'], handle: (r) => reg.getConfig(null, bool(r.query, 'defaultToGlobal')) },
    { method: 'PUT', path: ['config'], handle: (r) => reg.setConfig(null, object(r.body())) },
    { method: 'DELETE', path: ['config'], handle: () => reg.deleteConfig(null) },
    { method: 'GET', path: ['config', '*'], handle: (r) => reg.getConfig(subjectOf(r, 1), bool(r.query, 'defaultToGlobal')) },
    { method: 'PUT', path: ['config', '*'], handle: (r) => reg.setConfig(subjectOf(r, 1), object(r.body())) },
    { method: 'DELETE', path: ['config', '*'], handle: (r) => reg.deleteConfig(subjectOf(r, 1)) },
    { method: 'GET', path: ['mode'], handle: () => reg.getMode(null, true) },
    { method: 'PUT', path: ['mode'], handle: (r) => reg.setMode(null, object(r.body()), bool(r.query, 'force')) },
    { method: 'GET', path: ['mode', '*'], handle: (r) => reg.getMode(subjectOf(r, 1), bool(r.query, 'defaultToGlobal')) },
    { method: 'PUT', path: ['mode', '*'], handle: (r) => reg.setMode(subjectOf(r, 1), object(r.body()), bool(r.query, 'force')) },
    { method: 'DELETE', path: ['mode', '*'], handle: (r) => reg.deleteMode(subjectOf(r, 1)) },
    { method: 'POST', path: ['compatibility', 'subjects', '*', 'versions'], handle: (r) => compatibility(reg, r, null) },
    { method: 'POST', path: ['compatibility', 'subjects', '*', 'versions', '*'], handle: (r) => compatibility(reg, r, version(r, 4)) },
  ];
}

function optionalSubject(q: URLSearchParams): { subject?: string } {
  const s = q.get('subject');
  return s === null ? {} : { subject: s };
}

/** Confluent's default subjectPrefix ":*:" means every subject of the default context. */
function subjectPrefix(p: string | null): string {
  return p === null || p === ':*:' ? '' : p;
}

function idSchema(reg: SchemaRegistry, id: number, q: URLSearchParams): Record<string, unknown> {
  const e = reg.schemaById(id, q.get('subject') ?? undefined);
  // Confluent's SchemaString: schemaType only when not AVRO, references when any.
  const out: Record<string, unknown> = {};
  if (e.schemaType !== undefined) out['schemaType'] = e.schemaType;
  if (e.references !== undefined) out['references'] = e.references;
  out['schema'] = e.schema;
  return out;
}

/** The /schema endpoints answer the schema text itself (for JSON-text schemas, their JSON). */
function rawSchema(text: string): { raw: string } {
  return { raw: text };
}

function compatibility(reg: SchemaRegistry, r: Request, version: number | null): Record<string, unknown> {
  const verbose = bool(r.query, 'verbose');
  let messages: string[];
  try {
    messages = reg.checkCompatibility(r.parts[2] as string, version, schemaRequest(r.body()), bool(r.query, 'normalize'));
  } catch (err) {
    if (verbose && err instanceof RegistryError && err.errorCode === 42201) messages = [err.message];
    else throw err;
  }
  return verbose ? { is_compatible: messages.length === 0, messages } : { is_compatible: messages.length === 0 };
}

function matches(path: string[], parts: string[]): boolean {
  return path.length === parts.length && path.every((p, i) => p === '*' || p === parts[i]);
}

export interface RegistryServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** Listens in a worker thread (../http-worker.ts: why); routes run here, on the broker's thread. A failed listen throws HttpListenError (its `code`: EADDRINUSE, ...). */
export async function startRegistryServer(reg: SchemaRegistry, host: string, port: number, log: (line: string) => void): Promise<RegistryServer> {
  const table = routes(reg);
  const server = await startHttpWorker({ host, port, keepAliveTimeoutMs: 30_000, maxBodyBytes: MAX_BODY_BYTES }, (req) => {
    if (req.body === null) return send(413, { error_code: 413, message: `Request body larger than ${MAX_BODY_BYTES} bytes` });
    return answer(table, req, req.body, log);
  }, log);
  return { port: server.port, host, close: () => server.close() };
}

function answer(table: ReturnType<typeof routes>, req: HttpRequest, body: Buffer, log: (line: string) => void): HttpResponse {
  const method = req.method.toUpperCase();
  let url: URL;
  try {
    url = new URL(req.url, 'http://registry');
  } catch {
    return send(404, { error_code: 404, message: 'HTTP 404 Not Found' });
  }
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  } catch {
    return send(404, { error_code: 404, message: 'HTTP 404 Not Found' });
  }
  const candidates = table.filter((r) => matches(r.path, parts));
  if (candidates.length === 0) return send(404, { error_code: 404, message: 'HTTP 404 Not Found' });
  const route = candidates.find((r) => r.method === method);
  if (route === undefined) return send(405, { error_code: 405, message: 'HTTP 405 Method Not Allowed' });
  const contentType = req.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if ((method === 'POST' || method === 'PUT') && contentType !== '' && !ACCEPTED_TYPES.includes(contentType)) {
    return send(415, { error_code: 415, message: 'HTTP 415 Unsupported Media Type' });
  }
  const request: Request = {
    method,
    parts,
    query: url.searchParams,
    body: () => {
      const text = body.toString('utf8');
      if (text.trim() === '') throw new HttpError(422, 422, 'Request body is missing');
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new HttpError(400, 400, `Unrecognized JSON in the request body: ${(err as Error).message}`);
      }
    },
  };
  try {
    const result = route.handle(request);
    if (typeof result === 'object' && result !== null && 'raw' in result && Object.keys(result).length === 1) {
      return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: (result as { raw: string }).raw };
    }
    return send(200, result);
  } catch (err) {
    if (err instanceof RegistryError || err instanceof HttpError) return send(err.status, { error_code: err.errorCode, message: err.message });
    log(`schema registry: ${method} ${url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
    return send(500, { error_code: 500, message: 'Internal Server Error' });
  }
}

function send(status: number, body: unknown): HttpResponse {
  const text = JSON.stringify(body);
  return { status, headers: { 'content-type': CONTENT_TYPE, 'content-length': String(Buffer.byteLength(text)) }, body: text };
}
