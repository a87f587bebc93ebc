import type { Logger } from '../../shared/logger.js';
import type { BrokerOptions, RunningBroker } from '../server/broker.js';
import { ensureDataDir } from './paths.js';
import { acquirePidFile, releasePidFile, updatePidFile } from './pidfile.js';

/** What the daemon passes to the broker; type-only, so the daemon loads no broker code itself. */
export type BrokerStartOptions = BrokerOptions;

/** The part of a running broker the daemon uses, so tests can fake it. */
export type BrokerHandle = Pick<RunningBroker, 'host' | 'port' | 'advertisedHost' | 'dataDir' | 'close'> & Partial<Pick<RunningBroker, 'listeners' | 'metrics' | 'faultAdmin'>>;

export type StartBrokerFn = (opts: BrokerStartOptions) => Promise<BrokerHandle>;

/**
 * The daemon serves the Schema Registry on Confluent's port unless schema.registry.port says
 * otherwise; the in-process startBroker (tests, embedding) defaults to no registry instead.
 */
export const DAEMON_SCHEMA_REGISTRY_PORT = 8081;

export interface DaemonStartOptions {
  host: string;
  port: number;
  advertisedHost?: string;
  /** Absolute. */
  dataDir: string;
  config: Record<string, string>;
  /** false: the stop skips fsyncing the partitions (an --ephemeral data dir is deleted next). */
  syncOnStop?: boolean;
}

export interface ForegroundResult {
  host: string;
  port: number;
  advertisedHost: string;
  /** The reason passed to the stop signal's abort(), e.g. 'SIGTERM'. */
  stoppedBy: string;
}

/**
 * Runs the broker in this process until `stop` aborts: takes the data dir lock (pidfile), starts the
 * broker, marks the pidfile running (which a detached parent waits for), then on stop closes the
 * broker gracefully and releases the lock. Failures before the broker is up release the lock too.
 */
export async function runForeground(
  opts: DaemonStartOptions,
  deps: { startBroker: StartBrokerFn; logger: Logger; stop: AbortSignal; onReady?: (broker: BrokerHandle) => void },
): Promise<ForegroundResult> {
  const { logger } = deps;
  const pid = process.pid;
  await ensureDataDir(opts.dataDir);
  await acquirePidFile(opts.dataDir, {
    pid,
    host: opts.host,
    port: opts.port,
    advertisedHost: opts.advertisedHost ?? opts.host,
    startedAt: new Date().toISOString(),
    state: 'starting',
  });
  let broker: BrokerHandle;
  try {
    const brokerOpts: BrokerStartOptions = {
      host: opts.host,
      port: opts.port,
      dataDir: opts.dataDir,
      config: opts.config,
      log: (line) => logger.info(line),
      schemaRegistryDefaultPort: DAEMON_SCHEMA_REGISTRY_PORT,
    };
    if (opts.advertisedHost !== undefined) brokerOpts.advertisedHost = opts.advertisedHost;
    broker = await deps.startBroker(brokerOpts);
  } catch (err) {
    await releasePidFile(opts.dataDir, pid);
    throw err;
  }
  const stopped = new Promise<string>((resolveStop) => {
    if (deps.stop.aborted) resolveStop(reasonOf(deps.stop));
    else deps.stop.addEventListener('abort', () => resolveStop(reasonOf(deps.stop)), { once: true });
  });
  let closing = false;
  try {
    await updatePidFile(opts.dataDir, {
      pid,
      host: broker.host,
      port: broker.port,
      advertisedHost: broker.advertisedHost,
      startedAt: new Date().toISOString(),
      state: 'running',
      ...(broker.listeners === undefined ? {} : { listeners: broker.listeners.map((l) => ({ ...l })) }),
      ...(broker.metrics === undefined || broker.metrics === null ? {} : { metrics: { host: broker.metrics.host, port: broker.metrics.port } }),
    });
    deps.onReady?.(broker);
    const stoppedBy = await stopped;
    logger.info(`tkafka broker shutting down (${stoppedBy})`);
    closing = true;
    await broker.close(opts.syncOnStop === false ? { sync: false } : undefined);
    return { host: broker.host, port: broker.port, advertisedHost: broker.advertisedHost, stoppedBy };
  } finally {
    if (!closing) await broker.close().catch(() => undefined);
    await releasePidFile(opts.dataDir, pid);
  }
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return typeof r === 'string' ? r : 'stop requested';
}
