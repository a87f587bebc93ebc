// The broker's HTTP endpoints (/metrics, the Schema Registry) listen in a worker thread; each request,
// its body read there, is posted to the broker's thread, whose handler answers with plain data that the
// worker writes back. HTTP sockets in the broker's own isolate would go through the same Node stream
// functions (Writable.write, onwrite, Readable.read, ...) as the Kafka connections, with other object
// shapes: V8 deoptimised them at the first HTTP request and the produce path ran on slower,
// polymorphic code from then on (5–13% of the one-record produce rate with a scrape a second).
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';

export interface HttpRequest {
  readonly method: string;
  /** The request target as sent (path and query). */
  readonly url: string;
  /** The content-type header, or '' */
  readonly contentType: string;
  /** The body; null when it was larger than `maxBodyBytes` (and not kept). */
  readonly body: Buffer | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Omitted for HEAD. */
  readonly body?: string;
}

export interface HttpWorkerOptions {
  host: string;
  port: number;
  keepAliveTimeoutMs: number;
  /** Bodies past this many bytes are dropped as they arrive and handed over as null. */
  maxBodyBytes: number;
}

export interface HttpWorker {
  readonly host: string;
  readonly port: number;
  /** Ends the thread and, with its event loop, the listener and every open connection. */
  close(): Promise<void>;
}

/** A failed listen, with the errno code (EADDRINUSE, EACCES, ...) when there is one. */
export class HttpListenError extends Error {
  readonly code: string | undefined;

  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

type FromWorker =
  | { listening: AddressInfo }
  | { failed: { code?: string; message: string } }
  | { id: number; method: string; url: string; contentType: string; body: Uint8Array | null };

// Plain CommonJS for `eval: true`: the same source under tsx (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { host, port, keepAliveTimeoutMs, maxBodyBytes } = workerData;
const pending = new Map();
let next = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= maxBodyBytes) chunks.push(c);
  });
  req.on('end', () => {
    const id = next++;
    pending.set(id, { res, head: req.method === 'HEAD' });
    res.on('close', () => pending.delete(id));
    const body = size > maxBodyBytes ? null : Buffer.concat(chunks);
    parentPort.postMessage({ id, method: req.method ?? 'GET', url: req.url ?? '/', contentType: req.headers['content-type'] ?? '', body });
  });
  req.on('error', () => res.destroy());
});
server.keepAliveTimeout = keepAliveTimeoutMs;
parentPort.on('message', (m) => {
  const p = pending.get(m.id);
  if (p === undefined) return;
  pending.delete(m.id);
  p.res.writeHead(m.status, m.headers).end(p.head ? undefined : m.body);
});
server.once('error', (err) => parentPort.postMessage({ failed: { code: err.code, message: err.message } }));
server.listen({ host, port, exclusive: true }, () => parentPort.postMessage({ listening: server.address() }));
`;

const INTERNAL_ERROR: HttpResponse = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error\n' };

/**
 * Listens on host:port in a worker thread and answers every request with `handle` (run on this
 * thread; a throw or rejection is logged and answered 500). Throws HttpListenError when the port
 * cannot be bound.
 */
export async function startHttpWorker(opts: HttpWorkerOptions, handle: (req: HttpRequest) => HttpResponse | Promise<HttpResponse>, log: (line: string) => void): Promise<HttpWorker> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // None of the process's node flags: the worker is a self-contained CommonJS HTTP server. Passed
    // on, --input-type=module (an embedded broker in `node --input-type=module -e ...`) would have
    // its source read as a module, and a Worker refuses V8 heap flags outright (the background
    // broker's --initial-old-space-size, BROKER_NODE_FLAGS), so it would not start.
    execArgv: [],
    workerData: { host: opts.host, port: opts.port, keepAliveTimeoutMs: opts.keepAliveTimeoutMs, maxBodyBytes: opts.maxBodyBytes },
  });
  const first = await new Promise<FromWorker>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).catch((err: unknown): FromWorker => ({ failed: { message: (err as Error).message } }));
  if (!('listening' in first)) {
    await worker.terminate();
    const failed = 'failed' in first ? first.failed : { message: 'unexpected message from the HTTP worker' };
    throw new HttpListenError(failed.message, failed.code);
  }
  const reply = (id: number, res: HttpResponse): void => worker.postMessage({ id, status: res.status, headers: res.headers, body: res.body });
  const failed = (id: number, err: unknown): void => {
    log(`HTTP request failed: ${(err as Error).stack ?? String(err)}`);
    reply(id, INTERNAL_ERROR);
  };
  worker.on('message', (m: FromWorker) => {
    if (!('id' in m)) return;
    const req: HttpRequest = { method: m.method, url: m.url, contentType: m.contentType, body: m.body === null ? null : Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength) };
    let out: HttpResponse | Promise<HttpResponse>;
    try {
      out = handle(req);
    } catch (err) {
      failed(m.id, err);
      return;
    }
    if (out instanceof Promise) out.then((res) => reply(m.id, res), (err: unknown) => failed(m.id, err));
    else reply(m.id, out);
  });
  worker.on('error', (err) => log(`HTTP worker on ${opts.host}:${opts.port} stopped: ${err.message}`));
  let closed: Promise<void> | undefined;
  return {
    host: opts.host,
    port: first.listening.port,
    close: () => (closed ??= worker.terminate().then(() => undefined)),
  };
}
