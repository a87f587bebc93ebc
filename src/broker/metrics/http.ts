// GET /metrics in the Prometheus text format, on the broker's host at metrics.port. Loaded only when
// metrics.port is set (server/broker.ts imports it dynamically), so a broker without it never loads
// prom-client. The listener is in a worker thread (http-worker.ts: why); the families are collected
// here, on the broker's thread, from its state.
import { TkafkaError } from '../../shared/errors.js';
import { HttpListenError, startHttpWorker, type HttpResponse, type HttpWorker } from '../http-worker.js';
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

export async function startMetricsServer(broker: Broker, socket: SocketServerView, host: string, port: number, log: (line: string) => void): Promise<MetricsServer> {
  const metrics = createBrokerMetrics(broker, socket);
  const { registry } = metrics;
  const text = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({ status, headers: { 'content-type': 'text/plain', ...headers }, body });
  let server: HttpWorker;
  try {
    server = await startHttpWorker({ host, port, keepAliveTimeoutMs: 5_000, maxBodyBytes: 0 }, async (req) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'Method Not Allowed\n', { allow: 'GET, HEAD' });
      if (req.url.split('?')[0] !== '/metrics') return text(404, 'Not Found: the metrics are at /metrics\n');
      try {
        return { status: 200, headers: { 'content-type': registry.contentType }, body: await registry.metrics() };
      } catch (err) {
        log(`metrics scrape failed: ${(err as Error).message}`);
        return text(500, 'metrics collection failed\n');
      }
    }, log);
  } catch (err) {
    metrics.close();
    if (!(err instanceof HttpListenError)) throw err;
    if (err.code === 'EADDRINUSE') {
      throw new TkafkaError('PORT_IN_USE', `metrics.port ${port} on ${host} is already in use`, { hint: 'Stop whatever listens there or choose another metrics.port (0 turns metrics off).' });
    }
    throw new TkafkaError('LISTEN_FAILED', `cannot serve metrics on ${host}:${port}: ${err.message}`);
  }
  log(`metrics at http://${host.includes(':') ? `[${host}]` : host}:${server.port}/metrics`);
  let closed: Promise<void> | undefined;
  return {
    host,
    port: server.port,
    text: () => registry.metrics(),
    close: () =>
      (closed ??= (async () => {
        metrics.close();
        await server.close();
      })()),
  };
}
