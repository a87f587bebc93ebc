// GET /metrics in the Prometheus text format, on the broker's host at metrics.port. Loaded only when
// metrics.port is set (server/broker.ts imports it dynamically), so a broker without it never loads
// prom-client.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

export async function startMetricsServer(broker: Broker, socket: SocketServerView, host: string, port: number, log: (line: string) => void): Promise<MetricsServer> {
  const metrics = createBrokerMetrics(broker, socket);
  const { registry } = metrics;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method Not Allowed\n');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found: the metrics are at /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => {
        log(`metrics scrape failed: ${(err as Error).message}`);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      },
    );
  });
  // Scrapers keep connections alive; they must not hold the broker open at shutdown.
  server.keepAliveTimeout = 5_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    metrics.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      throw new TkafkaError('PORT_IN_USE', `metrics.port ${port} on ${host} is already in use`, { hint: 'Stop whatever listens there or choose another metrics.port (0 turns metrics off).' });
    }
    throw new TkafkaError('LISTEN_FAILED', `cannot serve metrics on ${host}:${port}: ${e.message}`);
  }
  const bound = (server.address() as AddressInfo).port;
  log(`metrics at http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`);
  let closed: Promise<void> | undefined;
  return {
    host,
    port: bound,
    text: () => registry.metrics(),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        metrics.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
