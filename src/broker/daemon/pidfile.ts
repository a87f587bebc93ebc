import { open, readFile, unlink } from 'node:fs/promises';
import { writeFileAtomic } from '../../shared/atomic-file.js';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../shared/errors.js';
import { daemonFiles } from './paths.js';
import { isProcessAlive, looksLikeBroker } from './process.js';

/**
 * `<dataDir>/broker.pid`: one JSON object. It doubles as the data dir's lock: it is created with
 * O_EXCL before the broker opens any file, and removed by the broker on a clean stop. A leftover file
 * whose pid is dead (or is not a broker) is stale and may be replaced.
 */
export interface PidFileContent {
  pid: number;
  host: string;
  port: number;
  advertisedHost: string;
  /** ISO-8601 time the broker began accepting connections (or began starting, while `state` is 'starting'). */
  startedAt: string;
  state: 'starting' | 'running';
  /** Every listener once running (older pidfiles have none: the host/port above is the only one). */
  listeners?: PidFileListener[];
  /** Where /metrics is served (metrics.port), once running with metrics on. */
  metrics?: { host: string; port: number };
}

export interface PidFileListener {
  name: string;
  securityProtocol: string;
  host: string;
  port: number;
  advertisedHost: string;
  advertisedPort: number;
}

export async function readPidFile(dataDir: string): Promise<PidFileContent | undefined> {
  let text: string;
  try {
    text = await readFile(daemonFiles(dataDir).pidFile, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  return parsePidFile(text);
}

/** Lenient on purpose: a torn or foreign file reads as "no broker" (pid 0) rather than an error. */
export function parsePidFile(text: string): PidFileContent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = {};
  }
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const num = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) ? v : 0);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const host = str(o['host']);
  const listeners = Array.isArray(o['listeners'])
    ? (o['listeners'] as unknown[]).map((l): PidFileListener => {
        const x = typeof l === 'object' && l !== null ? (l as Record<string, unknown>) : {};
        return { name: str(x['name']), securityProtocol: str(x['securityProtocol']), host: str(x['host']), port: num(x['port']), advertisedHost: str(x['advertisedHost']), advertisedPort: num(x['advertisedPort']) };
      })
    : undefined;
  const m = typeof o['metrics'] === 'object' && o['metrics'] !== null ? (o['metrics'] as Record<string, unknown>) : undefined;
  const metrics = m !== undefined && str(m['host']) !== '' && num(m['port']) > 0 ? { host: str(m['host']), port: num(m['port']) } : undefined;
  return {
    ...(listeners === undefined ? {} : { listeners }),
    ...(metrics === undefined ? {} : { metrics }),
    pid: num(o['pid']),
    host,
    port: num(o['port']),
    advertisedHost: str(o['advertisedHost']) || host,
    startedAt: str(o['startedAt']),
    state: o['state'] === 'starting' ? 'starting' : 'running',
  };
}

/** The broker recorded in the pidfile if that process is still alive; stale files are left alone. */
export async function findRunningBroker(dataDir: string): Promise<PidFileContent | undefined> {
  const content = await readPidFile(dataDir);
  if (content === undefined) return undefined;
  return (await isLiveBroker(content.pid)) ? content : undefined;
}

export async function isLiveBroker(pid: number): Promise<boolean> {
  return (await isProcessAlive(pid)) && (await looksLikeBroker(pid));
}

export function alreadyRunningError(dataDir: string, running: PidFileContent): TkafkaError {
  return new TkafkaError(
    ERROR_CODES.DATA_DIR_LOCKED,
    `a broker is already running on data dir ${dataDir} (pid ${running.pid}, ${running.host}:${running.port})`,
    { hint: `Stop it with 'tkafka broker stop --data-dir ${dataDir}', or use another --data-dir.` },
  );
}

/**
 * Takes the data dir's lock by creating the pidfile exclusively. A stale file is removed and the
 * create retried; a live broker's file is a DATA_DIR_LOCKED error.
 */
export async function acquirePidFile(dataDir: string, content: PidFileContent): Promise<void> {
  const { pidFile } = daemonFiles(dataDir);
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(pidFile, 'wx', 0o600);
      try {
        await fh.writeFile(`${JSON.stringify(content)}\n`);
      } finally {
        await fh.close();
      }
      return;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST' || attempt >= 2) throw err;
    }
    const existing = await readPidFile(dataDir);
    if (existing !== undefined && existing.pid !== content.pid && (await isLiveBroker(existing.pid))) {
      throw alreadyRunningError(dataDir, existing);
    }
    await unlink(pidFile).catch((err: unknown) => {
      if (errnoCode(err) !== 'ENOENT') throw err;
    });
  }
}

/** Replaces the content atomically (write + rename) so readers never see a torn file. */
export async function updatePidFile(dataDir: string, content: PidFileContent): Promise<void> {
  const { pidFile } = daemonFiles(dataDir);
  // Not fsynced: after a power loss the broker is not running, whatever the file says.
  writeFileAtomic(pidFile, `${JSON.stringify(content)}\n`, { sync: false, shared: true });
  return Promise.resolve();
}

/** Removes the pidfile if it still names `pid` (a newer broker's file is never touched). */
export async function releasePidFile(dataDir: string, pid: number): Promise<void> {
  const current = await readPidFile(dataDir);
  if (current === undefined || current.pid !== pid) return;
  await unlink(daemonFiles(dataDir).pidFile).catch((err: unknown) => {
    if (errnoCode(err) !== 'ENOENT') throw err;
  });
}

/** Removes the pidfile unconditionally; for a broker we killed or found dead. */
export async function removePidFile(dataDir: string): Promise<void> {
  await unlink(daemonFiles(dataDir).pidFile).catch((err: unknown) => {
    if (errnoCode(err) !== 'ENOENT') throw err;
  });
}
