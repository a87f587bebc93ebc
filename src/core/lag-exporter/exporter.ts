// The long-running side of `tkafka lag-exporter`: collects a LagSnapshot every interval (one collection
// at a time, the next one an interval after the previous began) and serves the last one over HTTP, so a
// scrape never waits on the cluster. A failed collection (cluster gone, auth refused, ...) serves
// kafka_brokers 0 and tkafka_lag_exporter_up 0, logs the error once per distinct message, drops the
// connection and tries again next interval: the exporter never exits on its own.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import { systemClock, type Clock, type Timer } from '../../shared/clock.js';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { EMPTY_LAG_SNAPSHOT, registerLagMetrics, type LagSnapshot } from '../../shared/metrics/lag-metrics.js';
import type { NativeClient } from '../../client/native/client.js';
import type { GroupAdmin } from '../consumer-groups/admin.js';
import { LagCollector } from './collect.js';
import type { LagFilters, ListenAddress } from './options.js';

export interface ExporterSession {
  client: NativeClient;
  admin: GroupAdmin;
  close(): Promise<void>;
}

export interface LagExporterOptions {
  /** Opens a client (with the tool's connection and security settings); called again after a failure. */
  connect: () => Promise<ExporterSession>;
  filters: LagFilters;
  intervalMs: number;
  log: Logger;
  /** The one-line text of a collection failure (no secrets). */
  describeError: (err: unknown) => string;
  clock?: Clock;
}

/** The exporter's own families, after kafka_exporter's; README lists them. */
export const EXPORTER_METRIC_NAMES = [
  'tkafka_lag_exporter_up',
  'tkafka_lag_exporter_collection_duration_seconds',
  'tkafka_lag_exporter_last_success_timestamp_seconds',
  'tkafka_lag_exporter_collections_total',
  'tkafka_lag_exporter_collection_errors_total',
] as const;

export function indexPage(metricsPath: string): string {
  return `<html>
<head><title>tkafka lag-exporter</title></head>
<body>
<h1>tkafka lag-exporter</h1>
<p>Consumer lag and partition offsets with kafka_exporter's metric names.</p>
<p><a href="${metricsPath}">Metrics</a></p>
</body>
</html>
`;
}

export class LagExporter {
  readonly registry = new Registry();
  private readonly opts: LagExporterOptions;
  private readonly clock: Clock;
  private readonly collector = new LagCollector();
  private snapshot: LagSnapshot = EMPTY_LAG_SNAPSHOT;
  private session: ExporterSession | undefined;
  private lastError: string | undefined;
  private lastWarnings = new Set<string>();
  private collected = false;
  private server: Server | undefined;
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly up: Gauge;
  private readonly duration: Gauge;
  private readonly lastSuccess: Gauge;
  private readonly collections: Counter;
  private readonly errors: Counter;

  constructor(opts: LagExporterOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
    registerLagMetrics(this.registry, () => Promise.resolve(this.snapshot));
    const registers = [this.registry];
    this.up = new Gauge({ name: 'tkafka_lag_exporter_up', help: '1 if the last collection from the cluster succeeded, else 0', registers });
    this.duration = new Gauge({ name: 'tkafka_lag_exporter_collection_duration_seconds', help: 'How long the last collection took', registers });
    this.lastSuccess = new Gauge({ name: 'tkafka_lag_exporter_last_success_timestamp_seconds', help: 'Unix time of the last successful collection (0: none yet)', registers });
    this.collections = new Counter({ name: 'tkafka_lag_exporter_collections_total', help: 'Collections attempted', registers });
    this.errors = new Counter({ name: 'tkafka_lag_exporter_collection_errors_total', help: 'Collections that failed', registers });
  }

  /** The snapshot scrapes are served from. */
  get current(): LagSnapshot {
    return this.snapshot;
  }

  /** One collection now; never throws (a failure is logged and served as kafka_brokers 0). Returns whether it succeeded. */
  async collectOnce(): Promise<boolean> {
    const started = this.clock.now();
    this.collections.inc();
    try {
      this.session ??= await this.opts.connect();
      const session = this.session;
      this.snapshot = await this.collector.collect({ client: session.client, admin: session.admin, filters: this.opts.filters, now: () => this.clock.now() });
      // Each distinct warning once while it lasts, like the errors.
      for (const w of this.collector.warnings) if (!this.lastWarnings.has(w)) this.opts.log.warn(w);
      this.lastWarnings = new Set(this.collector.warnings);
      this.up.set(1);
      this.lastSuccess.set(this.clock.now() / 1000);
      if (this.lastError !== undefined) this.opts.log.info('Collecting from the cluster again.');
      else if (!this.collected) this.opts.log.info(`First collection: ${this.snapshot.brokers} broker(s), ${this.snapshot.topics.length} topic(s), ${this.snapshot.groups.length} group(s).`);
      this.lastError = undefined;
      this.collected = true;
      return true;
    } catch (err) {
      this.snapshot = EMPTY_LAG_SNAPSHOT;
      this.up.set(0);
      this.errors.inc();
      const message = this.opts.describeError(err);
      if (message !== this.lastError && !this.stopped) this.opts.log.error(`Collection failed (serving kafka_brokers 0 until the cluster answers): ${message}`);
      this.lastError = message;
      const s = this.session;
      this.session = undefined;
      await s?.close().catch(() => undefined);
      return false;
    } finally {
      this.duration.set((this.clock.now() - started) / 1000);
    }
  }

  /** Collects now and then every interval until stop(). */
  startCollecting(): void {
    const tick = (): void => {
      if (this.stopped) return;
      const started = this.clock.now();
      this.running = this.collectOnce().then(() => {
        this.running = undefined;
        if (this.stopped) return;
        this.timer = this.clock.setTimeout(tick, this.opts.intervalMs - (this.clock.now() - started));
      });
    };
    tick();
  }

  /** Starts the HTTP server; resolves with the bound address, rejects with a one-line TkafkaError. */
  listen(at: ListenAddress): Promise<{ host: string; port: number }> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`${err instanceof Error ? err.message : String(err)}\n`);
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        const code = errnoCode(err);
        const why = code === 'EADDRINUSE' ? 'the address is already in use' : code === 'EADDRNOTAVAIL' ? 'no such local address' : code === 'EACCES' ? 'permission denied' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'cannot resolve the host' : err.message;
        const hostPort = at.host.includes(':') ? `[${at.host}]:${at.port}` : `${at.host}:${at.port}`;
        reject(new TkafkaError(code === 'EADDRINUSE' ? ERROR_CODES.PORT_IN_USE : 'LISTEN_FAILED', `Cannot listen on ${hostPort}: ${why}${code !== undefined ? ` (${code})` : ''}.`, { cause: err }));
      };
      server.once('error', onError);
      server.listen(at.port, at.host, () => {
        server.off('error', onError);
        const a = server.address();
        resolve(typeof a === 'object' && a !== null ? { host: a.address, port: a.port } : { host: at.host, port: at.port });
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' });
      res.end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      const body = await this.registry.metrics();
      res.writeHead(200, { 'content-type': this.registry.contentType });
      res.end(req.method === 'HEAD' ? undefined : body);
    } else if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : indexPage('/metrics'));
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.method === 'HEAD' ? undefined : 'ok\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found: try /metrics\n');
    }
  }

  /** Stops collecting, waits for a collection in flight, closes the server and the client. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    // Closing the client first ends a collection in flight at once instead of at its timeouts.
    const s = this.session;
    this.session = undefined;
    await s?.close().catch(() => undefined);
    await this.running;
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    // A collection that was connecting when stop() began may have left a session behind.
    const late = this.session as ExporterSession | undefined;
    this.session = undefined;
    await late?.close().catch(() => undefined);
  }
}
