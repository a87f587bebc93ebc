// GET /metrics in the Prometheus text format, on the broker's host at metrics.port. Loaded only when
// metrics.port is set (server/broker.ts imports it dynamically), so a broker without it never loads
// prom-client.
//
// The HTTP server runs in a worker thread; the families are still collected here, on the broker's
// thread, from its state, and the text is posted to the worker. An HTTP server's sockets in the
// broker's own isolate go through the same Node stream functions (Writable.write, onwrite,
// Readable.read, ...) as the Kafka connections, with other object shapes: V8 deoptimised them at the
// first scrape and the produce path ran on slower, polymorphic code from then on (5–13% of the
// one-record produce rate with a scrape a second, where the collection itself takes about 1%).
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { TkafkaError } from '../../shared/errors.js';
import type { Broker } from '../broker.js';
import { createBrokerMetrics, type SocketServerView } from './registry.js';

export interface MetricsServer {
  readonly host: string;
  readonly port: number;
  /** The exposition text now (tests and `broker status` read the same as a scrape). */
  text(): Promise<string>;
  /** Closes the listener and every open scrape connection; stops the event-loop monitor. */
  close(): Promise<void>;
}

/** What the worker posts: its bound address, a failed listen, or a scrape to answer. */
type FromWorker = { listening: AddressInfo } | { failed: { code?: string; message: string } } | { scrape: number };

// Plain CommonJS for `eval: true`: the same source under tsx (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { host, port, contentType } = workerData;
const pending = new Map();
let next = 0;
const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method Not Allowed\\n');
    return;
  }
  if (path !== '/metrics') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found: the metrics are at /metrics\\n');
    return;
  }
  const id = next++;
  pending.set(id, { res, head: req.method === 'HEAD' });
  res.on('close', () => pending.delete(id));
  parentPort.postMessage({ scrape: id });
});
// Scrapers keep connections alive; they must not hold the broker open at shutdown.
server.keepAliveTimeout = 5000;
parentPort.on('message', (m) => {
  const p = pending.get(m.id);
  if (p === undefined) return;
  pending.delete(m.id);
  if (typeof m.text !== 'string') p.res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\\n');
  else p.res.writeHead(200, { 'content-type': contentType }).end(p.head ? undefined : m.text);
});
server.once('error', (err) => parentPort.postMessage({ failed: { code: err.code, message: err.message } }));
server.listen({ host, port, exclusive: true }, () => parentPort.postMessage({ listening: server.address() }));
`;

export async function startMetricsServer(broker: Broker, socket: SocketServerView, host: string, port: number, log: (line: string) => void): Promise<MetricsServer> {
  const metrics = createBrokerMetrics(broker, socket);
  const { registry } = metrics;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { host, port, contentType: registry.contentType } });
  const first = await new Promise<FromWorker>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).catch((err: unknown): FromWorker => ({ failed: { message: (err as Error).message } }));
  if (!('listening' in first)) {
    metrics.close();
    await worker.terminate();
    const failed = 'failed' in first ? first.failed : { message: 'unexpected message from the metrics worker' };
    if (failed.code === 'EADDRINUSE') {
      throw new TkafkaError('PORT_IN_USE', `metrics.port ${port} on ${host} is already in use`, { hint: 'Stop whatever listens there or choose another metrics.port (0 turns metrics off).' });
    }
    throw new TkafkaError('LISTEN_FAILED', `cannot serve metrics on ${host}:${port}: ${failed.message}`);
  }
  worker.on('message', (m: FromWorker) => {
    if (!('scrape' in m)) return;
    registry.metrics().then(
      (text) => worker.postMessage({ id: m.scrape, text }),
      (err: unknown) => {
        log(`metrics scrape failed: ${(err as Error).message}`);
        worker.postMessage({ id: m.scrape });
      },
    );
  });
  worker.on('error', (err) => log(`metrics server stopped: ${err.message}`));
  const bound = first.listening.port;
  log(`metrics at http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`);
  let closed: Promise<void> | undefined;
  return {
    host,
    port: bound,
    text: () => registry.metrics(),
    close: () =>
      (closed ??= (async () => {
        metrics.close();
        // Ends the thread and, with its event loop, the listener and every scrape connection.
        await worker.terminate();
      })()),
  };
}
