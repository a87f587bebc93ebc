import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { getProperties } from 'properties-file';
import { systemClock, type Clock, type Timer } from '../../shared/clock.js';
import { TkafkaError } from '../../shared/errors.js';
import { Broker, type BrokerStats } from '../broker.js';
import { parseBrokerConfig } from '../config.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { handlers } from '../handlers/index.js';
import { isSaslProtocol, isTlsProtocol, listenerConfig, resolveListeners, type ListenerSpec } from '../security/listeners.js';
import { SslPrincipalMapper } from '../security/principal.js';
import type { SecurityProtocol } from '../security/session.js';
import { listenerTls } from '../security/tls.js';
import type { RunningSchemaRegistry } from '../schema-registry/index.js';
import { Connection, type ConnectionHost, type ConnectionListener, type ConnectionStats } from './connection.js';
import { ConnectionQuotas } from './connection-quotas.js';
import { Dispatcher } from './dispatcher.js';
import { FaultInjector } from '../faults/injector.js';
import type { MetricsServer } from '../metrics/http.js';
import { startFaultAdmin, type FaultAdminServer } from '../faults/admin-http.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { RequestQueue } from './request-queue.js';

export interface BrokerOptions {
  host: string;
  port: number;
  advertisedHost?: string;
  dataDir: string;
  /** Kafka broker config names, e.g. `num.partitions`. */
  config: Record<string, string>;
  log?: (line: string) => void;
  clock?: Clock;
  /** The clock of request waits (Fetch max.wait.ms); default `clock`. See Broker.waitClock. */
  waitClock?: Clock;
  /**
   * The Schema Registry's port when `schema.registry.port` is not configured. The daemon
   * (`tkafka broker start`) passes 8081; left out (tests, embedding), no registry runs unless the
   * key asks for one, so many in-process brokers never compete for one port. A defaulted port that
   * is taken only logs a warning; a configured one that is taken fails the start.
   */
  schemaRegistryDefaultPort?: number;
}

/** A listener as bound: its bound address and the address it advertises. */
export interface BoundListener {
  readonly name: string;
  readonly securityProtocol: SecurityProtocol;
  readonly host: string;
  readonly port: number;
  readonly advertisedHost: string;
  readonly advertisedPort: number;
}

export interface RunningBroker {
  /** The first listener's (the --host/--port one). */
  readonly host: string;
  readonly port: number;
  readonly advertisedHost: string;
  /** Every listener, the first one first. */
  readonly listeners: readonly BoundListener[];
  readonly dataDir: string;
  readonly broker: Broker;
  /**
   * Stops gracefully. `sync: false` skips the fsync of every partition's active segment (and so the
   * clean-shutdown markers): for a data dir deleted right after, such as the library's ephemeral one.
   */
  close(opts?: { sync?: boolean }): Promise<void>;
  /**
   * Stops as a killed process would (kill -9), as far as one process can: connections are cut with
   * requests unanswered, and nothing more is written (no fsync, no clean-shutdown markers, no final
   * producer-state snapshots or index trims), so the next start recovers as after a crash.
   * Everything acknowledged is already in the files (written before each response), as with kill -9.
   */
  crash(): Promise<void>;
  stats(): BrokerStats;
  /** Every open connection's counters (tests and benchmarks). */
  connections(): ConnectionStats[];
  /** Connection counts: open, waiting for a slot (max.connections), requests queued (queued.max.requests). */
  connectionCounts(): { open: number; waiting: number; queuedRequests: number };
  /** Fault injection (faults/injector.ts): errors, latency, dropped connections, leader moves... */
  readonly faults: FaultInjector;
  /** The /metrics endpoint (metrics.port), or null when metrics are off. */
  readonly metrics: MetricsServer | null;
  /** The fault injection HTTP endpoint (fault.injection.port), null when off. */
  readonly faultAdmin: { readonly host: string; readonly port: number } | null;
  /** The Schema Registry's bound address, or null when it is off. */
  readonly schemaRegistry: { host: string; port: number } | null;
}

function loadClusterId(dataDir: string, nodeId: number): string {
  const file = path.join(dataDir, 'meta.properties');
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    // Written whole (temp file + rename), newline-terminated: a file cut short could hold a cut cluster id.
    if (text !== '' && !text.endsWith('\n')) {
      throw new TkafkaError('BAD_CONFIG', `The broker's ${file} is not valid (it ends in the middle of a line, cut short?); restore it from a backup, or remove it to give the broker a new cluster id.`);
    }
    const props = getProperties(text);
    const id = props['cluster.id'];
    if (id !== undefined && id !== '') return id;
  }
  const id = randomBytes(16).toString('base64url');
  writeFileAtomic(file, `version=1\ncluster.id=${id}\nnode.id=${nodeId}\n`);
  return id;
}

function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}

/** Starts a broker and resolves once it accepts connections. */
export async function startBroker(opts: BrokerOptions): Promise<RunningBroker> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  const clock = opts.clock ?? systemClock;
  const config = parseBrokerConfig(opts.config);
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  let broker: Broker;
  try {
    broker = new Broker(config, loadClusterId(dataDir, config.nodeId), dataDir, clock, log);
    if (opts.waitClock !== undefined) broker.waitClock = opts.waitClock;
    try {
      broker.topics.load();
      broker.groups.load();
      broker.txn.load();
    } catch (err) {
      // A damaged state file refuses the start: give back the logs opened before it.
      broker.topics.close();
      throw err;
    }
  } catch (err) {
    lock.release();
    throw err;
  }

  const connections = new Set<Connection>();
  const quotas = new ConnectionQuotas(broker.config, log, clock, broker.quotas.store);
  await quotas.reconfigure();
  broker.onConfigChange = () => {
    void quotas.reconfigure();
    closeExcess();
  };
  const requests = new RequestQueue(() => broker.config.queuedMaxRequests);
  const host: ConnectionHost = {
    maxFrameBytes: config.socketRequestMaxBytes,
    now: () => clock.now(),
    requests,
    onClosed: (closed) => {
      connections.delete(closed);
      quotas.release(closed.listenerName, closed.clientHost);
    },
  };
  // Kafka's Processor: past max.connections (lowered at runtime) the least recently active
  // connections are closed until the count is back within it.
  const closeExcess = (): void => {
    const excess = quotas.count - broker.config.maxConnections;
    if (excess <= 0) return;
    const oldest = [...connections].sort((a, b) => a.lastActiveMs - b.lastActiveMs).slice(0, excess);
    for (const c of oldest) {
      log(`closing connection ${c.remoteAddress}: ${quotas.count} connections exceed max.connections=${broker.config.maxConnections}`);
      c.destroy();
    }
  };
  const faults = new FaultInjector(broker, log);
  const dispatcher = new Dispatcher(broker, handlers, log, faults);
  broker.apiVersions = dispatcher.apiVersions();
  const servers: net.Server[] = [];
  const bound: BoundListener[] = [];
  let metrics: MetricsServer | null = null;
  let faultAdmin: FaultAdminServer | null = null;
  let registry: RunningSchemaRegistry | null = null;
  const registryPort = config.schemaRegistryPort ?? opts.schemaRegistryDefaultPort ?? 0;
  try {
    // Config errors (listeners, key stores, mapping rules) surface before any port is taken.
    const specs = resolveListeners(config.raw, { host: opts.host, port: opts.port, ...(opts.advertisedHost === undefined ? {} : { advertisedHost: opts.advertisedHost }) });
    const prepared = specs.map((spec) => ({ spec, ...prepareListener(spec, config.raw, broker, clock) }));
    for (const { spec, listener, tlsOptions } of prepared) {
      const onSocket = (socket: net.Socket): void => {
        quotas.accept(listener.name, socket, clientIp(socket), () => {
          const c = new Connection(socket, dispatcher, host, listener);
          connections.add(c);
          if (tlsOptions !== undefined) c.authenticateTls(listener.sslPrincipalMapper);
        });
      };
      const make = (): net.Server => {
        if (tlsOptions === undefined) return net.createServer(onSocket);
        const server = tls.createServer(tlsOptions, onSocket);
        // A failed handshake or bytes that are not TLS end that one connection (Node destroys the socket).
        server.on('tlsClientError', (err, socket) => log(`TLS handshake with ${socket.remoteAddress ?? '?'} on listener ${spec.name} failed: ${err.message}`));
        return server;
      };
      const server = make();
      await listenOn(server, spec);
      servers.push(server);
      const port = (server.address() as net.AddressInfo).port;
      // Clients that resolve "localhost" to ::1 first (librdkafka) should find us too.
      if (spec.host === '127.0.0.1') {
        const v6 = make();
        try {
          await listen(v6, '::1', port);
          servers.push(v6);
        } catch {
          v6.close();
        }
      }
      bound.push({ name: spec.name, securityProtocol: spec.securityProtocol, host: spec.host, port, advertisedHost: spec.advertisedHost, advertisedPort: spec.advertisedPort === 0 ? port : spec.advertisedPort });
    }
    if (config.metricsPort !== 0) {
      // Loaded only when asked for: a broker without metrics.port never loads prom-client.
      const { startMetricsServer } = await import('../metrics/http.js');
      metrics = await startMetricsServer(broker, {
        connectionsByListener: () => {
          const byListener = new Map<string, number>(bound.map((l) => [l.name, 0]));
          for (const c of connections) byListener.set(c.listenerName, (byListener.get(c.listenerName) ?? 0) + 1);
          return byListener;
        },
        queuedRequests: () => requests.size,
        waitingConnections: () => quotas.waitingCount,
      }, (bound[0] as BoundListener).host, config.metricsPort, log);
    }
    if (config.faultInjectionPort !== null) faultAdmin = await startFaultAdmin(faults, config.faultInjectionHost, config.faultInjectionPort, log);
    if (registryPort !== 0) {
      // Loaded only when asked for: the formats it parses with (avsc, protobufjs, ajv) are not small.
      const { startSchemaRegistry } = await import('../schema-registry/index.js');
      registry = await startSchemaRegistry(broker, { host: opts.host, configuredPort: config.schemaRegistryPort, defaultPort: registryPort, clock, log });
    }
  } catch (err) {
    broker.requestStats = null;
    void metrics?.close();
    void faultAdmin?.close();
    for (const s of servers) s.close();
    broker.groups.close();
    broker.txn.close();
    broker.topics.close();
    lock.release();
    throw err;
  }
  const first = bound[0] as BoundListener;
  const port = first.port;
  const advertisedHost = first.advertisedHost;
  broker.advertisedHost = advertisedHost;
  broker.port = first.advertisedPort;
  for (const l of bound) broker.endpoints.set(l.name, { host: l.advertisedHost, port: l.advertisedPort });

  // On the broker's clock, so a manual clock (tests) runs retention when it is advanced.
  let maintenance: Timer | undefined;
  const scheduleMaintenance = (): void => {
    maintenance = clock.setTimeout(() => {
      broker.runLogMaintenance();
      scheduleMaintenance();
    }, config.logRetentionCheckIntervalMs);
    maintenance.unref();
  };
  scheduleMaintenance();
  const cleaner = config.logCleanerEnable ? broker.createLogCleaner() : null;
  cleaner?.start();
  // connections.max.idle.ms (Kafka's Selector idle expiry): a connection with nothing read or
  // written for longer is closed; one with a request in a handler (a parked Fetch) is not idle. The
  // check runs when the oldest connection would expire, on the broker's clock.
  let closing: Promise<void> | null = null;
  let idleTimer: Timer | undefined;
  const expireIdle = (): void => {
    idleTimer = undefined;
    const idleMs = broker.config.connectionsMaxIdleMs;
    if (idleMs < 0 || closing !== null) return;
    const now = clock.now();
    let next = now + idleMs + 1;
    for (const c of connections) {
      if (c.inFlight) continue;
      const due = c.lastActiveMs + idleMs + 1;
      if (due <= now) {
        log(`closing connection ${c.remoteAddress}: idle for ${now - c.lastActiveMs} ms (connections.max.idle.ms=${idleMs})`);
        c.destroy();
      } else if (due < next) next = due;
    }
    idleTimer = clock.setTimeout(expireIdle, Math.max(1, next - now));
    idleTimer.unref();
  };
  expireIdle();
  const described = bound.map((l) => `${l.name}://${l.host}:${l.port}${l.advertisedHost !== l.host || l.advertisedPort !== l.port ? ` (advertised ${l.advertisedHost}:${l.advertisedPort})` : ''}`);
  // One PLAINTEXT listener keeps the line it always had (scripts wait for it).
  const where = bound.length === 1 && first.name === 'PLAINTEXT' ? `${first.host}:${port} (advertised ${advertisedHost}:${first.advertisedPort})` : described.join(', ');
  log(`tkafka broker ${config.nodeId} listening on ${where}, data dir ${dataDir}`);

  const close = (closeOpts: { sync?: boolean } = {}): Promise<void> => {
    closing ??= (async () => {
      if (maintenance !== undefined) clock.clearTimeout(maintenance);
      // A pass in progress is abandoned (its .cleaned files removed) before the logs close.
      const cleanerStopped = cleaner?.stop();
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      const closed = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      const metricsClosed = metrics?.close();
      const registryClosed = registry?.close();
      broker.shutdown.abort();
      faults.close();
      const adminClosed = faultAdmin?.close();
      broker.groups.close();
      quotas.dropWaiting();
      await waitIdle(connections, 5000);
      for (const c of connections) c.destroy();
      await Promise.all(closed);
      await metricsClosed;
      await registryClosed;
      await cleanerStopped;
      await adminClosed;
      broker.txn.close();
      broker.topics.close(closeOpts.sync !== false);
      lock.release();
      log('tkafka broker stopped');
    })();
    return closing;
  };

  const crash = (): Promise<void> => {
    closing ??= (async () => {
      if (maintenance !== undefined) clock.clearTimeout(maintenance);
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      const closed = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      const metricsClosed = metrics?.close();
      for (const c of connections) c.destroy();
      quotas.dropWaiting();
      // Parked requests wake to answer sockets that are gone; timers stop, nothing is written.
      broker.shutdown.abort();
      faults.close();
      const adminClosed = faultAdmin?.close();
      broker.groups.close();
      broker.txn.abandon();
      broker.topics.abandon();
      // A compaction pass in progress stops (removing its .cleaned files, which the next start would).
      await cleaner?.stop();
      await Promise.all(closed);
      await metricsClosed;
      await adminClosed;
      // A killed process's lock is taken over by the next start; this process restarts itself, so it
      // gives the lock up (acquireDataDirLock refuses the same pid twice).
      lock.release();
      log('tkafka broker crashed (simulated: nothing written since the last acknowledged request)');
    })();
    return closing;
  };

  return {
    host: opts.host,
    port,
    advertisedHost,
    listeners: bound,
    dataDir,
    broker,
    close,
    crash,
    stats: () => broker.stats(),
    connections: () => [...connections].map((c) => c.stats()),
    connectionCounts: () => ({ open: quotas.count, waiting: quotas.waitingCount, queuedRequests: requests.size }),
    faults,
    metrics,
    faultAdmin: faultAdmin === null ? null : { host: faultAdmin.host, port: faultAdmin.port },
    schemaRegistry: registry === null ? null : { host: registry.host, port: registry.port },
  };
}

/** What a listener's connections need: TLS options (SSL/SASL_SSL), principal mapping, SASL. */
function prepareListener(
  spec: ListenerSpec,
  raw: Readonly<Record<string, string>>,
  broker: Broker,
  clock: Clock,
): { listener: ConnectionListener; tlsOptions: tls.TlsOptions | undefined } {
  const tlsOptions = isTlsProtocol(spec.securityProtocol) ? listenerTls(raw, spec.name).options : undefined;
  let listener: ConnectionListener = { name: spec.name, securityProtocol: spec.securityProtocol };
  if (tlsOptions !== undefined) listener = { ...listener, sslPrincipalMapper: new SslPrincipalMapper(listenerConfig(raw, spec.name, 'ssl.principal.mapping.rules')) };
  if (isSaslProtocol(spec.securityProtocol)) {
    const maxReceive = Number(listenerConfig(raw, spec.name, 'sasl.server.max.receive.size') ?? 524_288);
    if (!Number.isSafeInteger(maxReceive) || maxReceive < 1) throw new TkafkaError('BAD_CONFIG', 'invalid broker config: sasl.server.max.receive.size must be a positive integer', { exitCode: 2 });
    listener = { ...listener, sasl: { authenticator: broker.sasl, maxReauthMs: broker.config.connectionsMaxReauthMs, now: () => clock.now(), maxReceiveSize: maxReceive } };
  }
  if (tlsOptions !== undefined) {
    // Fails at start on a bad key, certificate or passphrase rather than at the first client.
    try {
      tls.createSecureContext(tlsOptions);
    } catch (err) {
      throw new TkafkaError('BAD_CONFIG', `invalid broker config: listener ${spec.name}: cannot use its key store: ${(err as Error).message}`, { exitCode: 2 });
    }
  }
  return { listener, tlsOptions };
}

async function listenOn(server: net.Server, spec: ListenerSpec): Promise<void> {
  try {
    await listen(server, spec.host, spec.port);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      throw new TkafkaError('PORT_IN_USE', `port ${spec.port} on ${spec.host} is already in use${spec.name === 'PLAINTEXT' ? '' : ` (listener ${spec.name})`}`, {
        hint: 'Stop whatever listens there or pass --port / change listeners=.',
      });
    }
    throw new TkafkaError('LISTEN_FAILED', `cannot listen on ${spec.host}:${spec.port} (listener ${spec.name}): ${e.message}`);
  }
}

/** The client's IP as the per-IP limits count it (no IPv4-mapped IPv6 prefix). */
function clientIp(socket: net.Socket): string {
  const a = socket.remoteAddress ?? '?';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** Lets in-flight requests finish (up to a limit) before connections are cut. */
async function waitIdle(connections: Set<Connection>, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && [...connections].some((c) => !c.idle)) {
    await new Promise((r) => setTimeout(r, 10));
  }
}
