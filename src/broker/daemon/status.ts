import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../../shared/errors.js';
import { readMetricsHeadline, type MetricsHeadline } from './metrics-status.js';
import { formatHostPort } from './net.js';
import { daemonFiles } from './paths.js';
import { isLiveBroker, readPidFile, type PidFileListener } from './pidfile.js';

export interface DataDirUsage {
  topics: number;
  partitions: number;
  /** Sum of the sizes of every file in the partition directories. */
  bytesOnDisk: number;
}

/** The `status --json` document; every key is always present (null when not running). */
export interface BrokerStatus {
  running: boolean;
  state: 'running' | 'starting' | 'stopped';
  pid: number | null;
  host: string | null;
  port: number | null;
  advertisedHost: string | null;
  bootstrapServer: string | null;
  startedAt: string | null;
  uptimeMs: number | null;
  /** Every listener of the running broker (name, protocol, bound and advertised address); [] when stopped. */
  listeners: PidFileListener[];
  dataDir: string;
  logFile: string;
  topics: number;
  partitions: number;
  bytesOnDisk: number;
  /**
   * Headline numbers from the broker's /metrics (rates over `intervalMs`, connections, the group with
   * the most lag); null when the broker is not running or runs without metrics.port.
   */
  metrics: MetricsHeadline | null;
  /** Why the metrics could not be read although the broker serves them; null otherwise. */
  metricsError: string | null;
}

// Kafka's partition directory name: `<topic>-<partition>`. Topic names cannot contain '/' but may contain '-'.
const PARTITION_DIR = /^(.+)-(\d+)$/;

/**
 * Counts topics and partitions from the data dir's `<topic>-<n>` directories and sums their file
 * sizes. Reads only the filesystem, so it works whether or not the broker runs.
 */
export async function dataDirUsage(dataDir: string): Promise<DataDirUsage> {
  let entries;
  try {
    entries = await readdir(dataDir, { withFileTypes: true });
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { topics: 0, partitions: 0, bytesOnDisk: 0 };
    throw err;
  }
  const topics = new Set<string>();
  let partitions = 0;
  let bytesOnDisk = 0;
  for (const e of entries) {
    const m = PARTITION_DIR.exec(e.name);
    if (!e.isDirectory() || m === null) continue;
    topics.add(m[1] ?? '');
    partitions++;
    bytesOnDisk += await treeSize(join(dataDir, e.name));
  }
  return { topics: topics.size, partitions, bytesOnDisk };
}

async function treeSize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // A partition deleted while we scan is simply not counted.
    if (errnoCode(err) === 'ENOENT') return 0;
    throw err;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await treeSize(p);
    else if (e.isFile()) {
      try {
        total += (await lstat(p)).size;
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') throw err;
      }
    }
  }
  return total;
}

/** `metricsIntervalMs`: how far apart the two scrapes of /metrics are (the rates' interval). */
export async function brokerStatus(dataDir: string, now: number = Date.now(), opts: { metricsIntervalMs?: number } = {}): Promise<BrokerStatus> {
  const files = daemonFiles(dataDir);
  const usage = await dataDirUsage(dataDir);
  const pf = await readPidFile(dataDir);
  const base = { dataDir, logFile: files.logFile, ...usage, metrics: null, metricsError: null };
  if (pf === undefined || !(await isLiveBroker(pf.pid))) {
    return { running: false, state: 'stopped', pid: null, host: null, port: null, advertisedHost: null, bootstrapServer: null, startedAt: null, uptimeMs: null, listeners: [], ...base };
  }
  let metrics: MetricsHeadline | null = null;
  let metricsError: string | null = null;
  if (pf.metrics !== undefined && pf.state === 'running') {
    // A wildcard bind is reached through loopback.
    const host = pf.metrics.host === '0.0.0.0' ? '127.0.0.1' : pf.metrics.host === '::' ? '::1' : pf.metrics.host;
    const url = `http://${formatHostPort(host, pf.metrics.port)}/metrics`;
    try {
      metrics = await readMetricsHeadline(url, opts.metricsIntervalMs ?? 1000);
    } catch (err) {
      metricsError = `cannot read ${url}: ${(err as Error).message}`;
    }
  }
  const started = Date.parse(pf.startedAt);
  return {
    running: pf.state === 'running',
    state: pf.state,
    pid: pf.pid,
    host: pf.host,
    port: pf.port,
    advertisedHost: pf.advertisedHost,
    bootstrapServer: formatHostPort(pf.advertisedHost, pf.port),
    startedAt: pf.startedAt === '' ? null : pf.startedAt,
    uptimeMs: Number.isNaN(started) ? null : Math.max(0, now - started),
    listeners: pf.listeners ?? [{ name: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: pf.host, port: pf.port, advertisedHost: pf.advertisedHost, advertisedPort: pf.port }],
    ...base,
    metrics,
    metricsError,
  };
}
