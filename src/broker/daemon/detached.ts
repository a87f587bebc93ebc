import { spawn } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';
import { resolveListeners } from '../security/listeners.js';
import type { DaemonStartOptions } from './foreground.js';
import { readLogSince } from './logs.js';
import { assertPortFree, canConnect, formatHostPort } from './net.js';
import { daemonFiles, ensureDataDir } from './paths.js';
import { alreadyRunningError, findRunningBroker, readPidFile } from './pidfile.js';
import { formatMs, sleep } from './process.js';

export interface StartedBroker {
  pid: number;
  host: string;
  port: number;
  advertisedHost: string;
  /** What clients pass as --bootstrap-server. */
  bootstrapServer: string;
  dataDir: string;
  logFile: string;
}

export interface DetachedDeps {
  /** The child command; it must run the broker in the foreground with the same options (see runForeground). */
  command: { execPath: string; args: readonly string[] };
  env?: NodeJS.ProcessEnv;
  /** How long the broker may take to accept connections. */
  readyTimeoutMs?: number;
  /** Aborting gives up: the child is terminated and an INTERRUPTED error thrown. */
  signal?: AbortSignal;
}

/**
 * Starts the broker as a detached child writing to `<dataDir>/broker.log`, and resolves once it has
 * marked its pidfile running and its port accepts TCP connections. If the child exits first, its
 * own error line (or the log's last lines) becomes the error, with the child's exit code.
 */
export async function startDetached(opts: DaemonStartOptions, deps: DetachedDeps): Promise<StartedBroker> {
  const files = daemonFiles(opts.dataDir);
  await ensureDataDir(opts.dataDir);
  const running = await findRunningBroker(opts.dataDir);
  if (running !== undefined) throw alreadyRunningError(opts.dataDir, running);
  for (const l of resolveListeners(opts.config, { host: opts.host, port: opts.port })) await assertPortFree(l.host, l.port);

  const log = await open(files.logFile, 'a', 0o600);
  const logStart = (await stat(files.logFile)).size;
  let exit: { code: number | null; signal: string | null } | undefined;
  let spawnError: Error | undefined;
  let pid: number;
  try {
    const child = spawn(deps.command.execPath, [...deps.command.args], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      cwd: opts.dataDir,
      env: deps.env ?? process.env,
    });
    child.once('error', (err) => (spawnError = err));
    child.once('exit', (code, signal) => (exit = { code, signal }));
    child.unref();
    pid = child.pid ?? -1;
  } finally {
    await log.close();
  }

  const deadline = Date.now() + (deps.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (spawnError !== undefined) {
      throw new TkafkaError(ERROR_CODES.BROKER_START_FAILED, `could not start the broker process: ${spawnError.message}`, { cause: spawnError });
    }
    if (exit !== undefined) throw await childExitedError(files.logFile, logStart, exit);
    if (deps.signal?.aborted === true) {
      killQuietly(pid, 'SIGTERM');
      throw new TkafkaError(ERROR_CODES.INTERRUPTED, 'interrupted while the broker was starting; it was stopped', { exitCode: 130 });
    }
    const pf = await readPidFile(opts.dataDir);
    if (pf !== undefined && pf.pid === pid && pf.state === 'running' && (await canConnect(pf.host, pf.port))) {
      return {
        pid,
        host: pf.host,
        port: pf.port,
        advertisedHost: pf.advertisedHost,
        bootstrapServer: formatHostPort(pf.advertisedHost, pf.port),
        dataDir: opts.dataDir,
        logFile: files.logFile,
      };
    }
    if (Date.now() >= deadline) {
      killQuietly(pid, 'SIGTERM');
      throw new TkafkaError(ERROR_CODES.BROKER_START_FAILED, `the broker did not accept connections within ${formatMs(deps.readyTimeoutMs ?? 30_000)}; it was stopped`, {
        hint: `See ${files.logFile}`,
      });
    }
    await sleep(50);
  }
}

const ERROR_PREFIX = 'tkafka: ';

async function childExitedError(logFile: string, from: number, exit: { code: number | null; signal: string | null }): Promise<TkafkaError> {
  const lines = (await readLogSince(logFile, from)).split('\n').filter((l) => l.trim() !== '');
  const exitCode = exit.code === 2 ? 2 : 1;
  const idx = lines.findLastIndex((l) => l.startsWith(ERROR_PREFIX));
  if (idx >= 0) {
    // The child's own top-level error: repeat it as ours, hint included.
    const message = (lines[idx] ?? '').slice(ERROR_PREFIX.length);
    const hint = lines.slice(idx + 1, idx + 3).join('\n');
    return new TkafkaError(ERROR_CODES.BROKER_START_FAILED, message, hint === '' ? { exitCode } : { exitCode, hint });
  }
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
  const tail = lines.slice(-10).map((l) => `  ${l}`).join('\n');
  return new TkafkaError(ERROR_CODES.BROKER_START_FAILED, `the broker ${how} before accepting connections`, {
    exitCode,
    hint: tail === '' ? `See ${logFile}` : `Last lines of ${logFile}:\n${tail}`,
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
