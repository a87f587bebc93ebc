import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { getProperties } from 'properties-file';
import { systemClock, type Clock } from '../../shared/clock.js';
import { TkafkaError } from '../../shared/errors.js';
import { Broker, type BrokerStats } from '../broker.js';
import { parseBrokerConfig } from '../config.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { handlers } from '../handlers/index.js';
import { Connection } from './connection.js';
import { Dispatcher } from './dispatcher.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';

export interface BrokerOptions {
  host: string;
  port: number;
  advertisedHost?: string;
  dataDir: string;
  /** Kafka broker config names, e.g. `num.partitions`. */
  config: Record<string, string>;
  log?: (line: string) => void;
  clock?: Clock;
}

export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  readonly advertisedHost: string;
  readonly dataDir: string;
  readonly broker: Broker;
  close(): Promise<void>;
  stats(): BrokerStats;
}

function loadClusterId(dataDir: string, nodeId: number): string {
  const file = path.join(dataDir, 'meta.properties');
  if (fs.existsSync(file)) {
    const props = getProperties(fs.readFileSync(file, 'utf8'));
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
    broker.topics.load();
    broker.groups.load();
    broker.txn.load();
  } catch (err) {
    lock.release();
    throw err;
  }

  const connections = new Set<Connection>();
  const dispatcher = new Dispatcher(broker, handlers, log);
  broker.apiVersions = dispatcher.apiVersions();
  const onSocket = (socket: net.Socket): void => {
    const c = new Connection(socket, dispatcher, config.socketRequestMaxBytes, (closed) => connections.delete(closed));
    connections.add(c);
  };
  const servers: net.Server[] = [net.createServer(onSocket)];
  try {
    await listen(servers[0] as net.Server, opts.host, opts.port);
  } catch (err) {
    broker.groups.close();
    broker.txn.close();
    broker.topics.close();
    lock.release();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      throw new TkafkaError('PORT_IN_USE', `port ${opts.port} on ${opts.host} is already in use`, {
        hint: 'Stop whatever listens there or pass --port.',
      });
    }
    throw new TkafkaError('LISTEN_FAILED', `cannot listen on ${opts.host}:${opts.port}: ${e.message}`);
  }
  const address = (servers[0] as net.Server).address() as net.AddressInfo;
  const port = address.port;
  // Clients that resolve "localhost" to ::1 first (librdkafka) should find us too.
  if (opts.host === '127.0.0.1') {
    const v6 = net.createServer(onSocket);
    try {
      await listen(v6, '::1', port);
      servers.push(v6);
    } catch {
      v6.close();
    }
  }
  const advertisedHost = opts.advertisedHost ?? (opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host);
  broker.advertisedHost = advertisedHost;
  broker.port = port;

  const maintenance = setInterval(() => broker.runLogMaintenance(), config.logRetentionCheckIntervalMs);
  maintenance.unref();
  log(`tkafka broker ${config.nodeId} listening on ${opts.host}:${port} (advertised ${advertisedHost}:${port}), data dir ${dataDir}`);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(maintenance);
      const closed = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      broker.shutdown.abort();
      broker.groups.close();
      await waitIdle(connections, 5000);
      for (const c of connections) c.destroy();
      await Promise.all(closed);
      broker.txn.close();
      broker.topics.close();
      lock.release();
      log('tkafka broker stopped');
    })();
    return closing;
  };

  return {
    host: opts.host,
    port,
    advertisedHost,
    dataDir,
    broker,
    close,
    stats: () => broker.stats(),
  };
}

/** Lets in-flight requests finish (up to a limit) before connections are cut. */
async function waitIdle(connections: Set<Connection>, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && [...connections].some((c) => !c.idle)) {
    await new Promise((r) => setTimeout(r, 10));
  }
}
