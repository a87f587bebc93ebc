// The fault injector over HTTP for test suites in other languages (fault.injection.port; off by
// default, bound to 127.0.0.1 unless fault.injection.host says otherwise). JSON in, JSON out; a bad
// request is a 400 with {"error": "<one line>"}. Routes:
//   GET    /faults                        {"active": [...], "past": [...]}
//   POST   /faults                        arm a request fault (error, latency, drop, stall) → 201
//   DELETE /faults                        clear every fault (and the full disk) → {"cleared": N}
//   DELETE /faults/<id>                   remove one → {"removed": id}, 404 when not active
//   POST   /faults/leader-move            {"topic", "partition"}
//   POST   /faults/rebalance              {"groupId"}
//   POST   /faults/expire-transaction     {"transactionalId"}
//   POST   /faults/disk-full              fill the disk virtually; DELETE /faults/disk-full frees it
import http from 'node:http';
import type net from 'node:net';
import { TkafkaError } from '../../shared/errors.js';
import { FaultSpecError, type FaultInjector, type FaultRecord, type FaultSpec } from './injector.js';

const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface FaultAdminServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the endpoint; resolves once it listens (port 0 picks a free one). */
export async function startFaultAdmin(faults: FaultInjector, host: string, port: number, log: (line: string) => void): Promise<FaultAdminServer> {
  const server = http.createServer((req, res) => {
    void handle(faults, req).then(
      ({ status, body }) => send(res, status, body),
      (err: unknown) => {
        if (err instanceof HttpError) send(res, err.status, { error: err.message });
        else if (err instanceof FaultSpecError) send(res, 400, { error: err.message });
        else {
          log(`fault injection endpoint: ${req.method ?? '?'} ${req.url ?? '?'} failed: ${(err as Error).stack ?? String(err)}`);
          send(res, 500, { error: 'internal error (see the broker log)' });
        }
      },
    );
  });
  // Test clients keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      const what = `cannot start the fault injection endpoint on ${host}:${port} (fault.injection.port)`;
      reject(new TkafkaError(err.code === 'EADDRINUSE' ? 'PORT_IN_USE' : 'LISTEN_FAILED', `${what}: ${err.code === 'EADDRINUSE' ? 'the port is already in use' : err.message}`));
    };
    server.once('error', failed);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const bound = (server.address() as net.AddressInfo).port;
  log(`fault injection at http://${host.includes(':') ? `[${host}]` : host}:${bound}/faults`);
  return {
    host,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `bad JSON: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'the body must be a JSON object');
  return v as Record<string, unknown>;
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new HttpError(400, `"${key}" must be a non-empty string`);
  return v;
}

function int(body: Record<string, unknown>, key: string): number {
  const v = body[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new HttpError(400, `"${key}" must be a non-negative integer`);
  return v;
}

async function handle(faults: FaultInjector, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://x');
  const route = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  const allow = (methods: string[]): void => {
    if (!methods.includes(method)) throw new HttpError(405, `${method} is not allowed on ${route} (allowed: ${methods.join(', ')})`);
  };
  const created = (r: FaultRecord): { status: number; body: unknown } => ({ status: 201, body: r });
  switch (route) {
    case '/faults':
      allow(['GET', 'POST', 'DELETE']);
      if (method === 'GET') return { status: 200, body: faults.list() };
      if (method === 'DELETE') return { status: 200, body: { cleared: faults.clear() } };
      return created(faults.inject((await readJson(req)) as unknown as FaultSpec));
    case '/faults/leader-move': {
      allow(['POST']);
      const body = await readJson(req);
      return created(faults.moveLeader(str(body, 'topic'), int(body, 'partition')));
    }
    case '/faults/rebalance':
      allow(['POST']);
      return created(faults.rebalance(str(await readJson(req), 'groupId')));
    case '/faults/expire-transaction':
      allow(['POST']);
      return created(faults.expireTransaction(str(await readJson(req), 'transactionalId')));
    case '/faults/disk-full':
      allow(['POST', 'DELETE']);
      if (method === 'POST') return created(faults.fillDisk());
      return { status: 200, body: { freed: faults.freeDisk() } };
    default: {
      const m = /^\/faults\/(\d+)$/.exec(route);
      if (m === null) throw new HttpError(404, `no such endpoint ${route === '' ? '/' : route} (see GET /faults)`);
      allow(['DELETE']);
      const id = Number(m[1]);
      if (!faults.remove(id)) throw new HttpError(404, `no active fault #${id}`);
      return { status: 200, body: { removed: id } };
    }
  }
}
