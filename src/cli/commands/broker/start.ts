import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { getProperties } from 'properties-file';
import { parseBrokerConfig } from '../../../broker/config.js';
import { startDetached } from '../../../broker/daemon/detached.js';
import { runForeground } from '../../../broker/daemon/foreground.js';
import type { DaemonStartOptions } from '../../../broker/daemon/foreground.js';
import { advertisedListener, clientListener } from '../../../broker/daemon/listeners.js';
import { formatHostPort } from '../../../broker/daemon/net.js';
import { ERROR_CODES, TkafkaError, UsageError, errnoCode } from '../../../shared/errors.js';
import { createLogger, parseLogLevel } from '../../../shared/logger.js';
import { formatFields, resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { startSpinner } from '../../output/spinner.js';
import { loadStyle } from '../../output/style.js';
import { dataDirArg, dataDirOf } from './shared.js';

export interface StartFlags {
  port?: number;
  host?: string;
  advertisedHost?: string;
  dataDir?: string;
  config?: Record<string, string>;
  configFile?: string;
  foreground?: boolean;
  json?: boolean;
  output?: string;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 9092;

/**
 * Flags, config file and defaults merged into what the daemon runs. Precedence: explicit flag, then
 * --config, then --config-file (listeners= for host/port), then defaults. The config is validated here
 * so a typo fails at once with a usage error instead of inside a background process.
 */
export async function resolveStartOptions(flags: StartFlags, io: CliIO): Promise<DaemonStartOptions> {
  const config: Record<string, string> = { ...(flags.configFile === undefined ? {} : await readConfigFile(flags.configFile)), ...flags.config };
  parseBrokerConfig(config);
  const listener = clientListener(config);
  const advertised = advertisedListener(config);
  const host = flags.host ?? (listener !== undefined && listener.host !== '' ? listener.host : DEFAULT_HOST);
  const port = flags.port ?? listener?.port ?? DEFAULT_PORT;
  if (host.trim() === '') throw new UsageError('--host must not be empty', `Use --host ${DEFAULT_HOST} (this machine only) or --host 0.0.0.0.`);
  const advertisedHost = flags.advertisedHost ?? (advertised !== undefined && advertised.host !== '' ? advertised.host : undefined);
  const opts: DaemonStartOptions = { host, port, dataDir: dataDirOf(flags, io), config };
  if (advertisedHost !== undefined) opts.advertisedHost = advertisedHost;
  return opts;
}

async function readConfigFile(file: string): Promise<Record<string, string>> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    const why = errnoCode(err) === 'ENOENT' ? 'no such file' : errnoCode(err) === 'EISDIR' ? 'it is a directory' : String(err);
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `cannot read config file ${file}: ${why}`, { exitCode: 2 });
  }
  try {
    return getProperties(content);
  } catch (err) {
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `cannot parse config file ${file}: ${err instanceof Error ? err.message : String(err)}`, { exitCode: 2 });
  }
}

/** argv that makes a child run exactly these options in the foreground. */
export function foregroundArgs(opts: DaemonStartOptions): string[] {
  const args = ['broker', 'start', '--foreground', '--host', opts.host, '--port', String(opts.port), '--data-dir', opts.dataDir];
  if (opts.advertisedHost !== undefined) args.push('--advertised-host', opts.advertisedHost);
  for (const [k, v] of Object.entries(opts.config)) args.push('--config', `${k}=${v}`);
  return args;
}

const BIN = fileURLToPath(new URL('../../../../bin/tkafka.js', import.meta.url));

export async function runStart(flags: StartFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  const opts = await resolveStartOptions(flags, io);
  return flags.foreground === true ? startForeground(opts, io) : startBackground(opts, io, format === 'json');
}

async function startForeground(opts: DaemonStartOptions, io: CliIO): Promise<number> {
  const { startBroker } = await import('../../../broker/server/broker.js');
  const level = parseLogLevel(io.env['TKAFKA_LOG_LEVEL'] ?? '') ?? 'INFO';
  const logger = createLogger((line) => io.stderr.write(`${line}\n`), { level });
  const stop = new AbortController();
  // Registered before the broker starts, so a Ctrl-C during startup still ends in a clean close.
  const off = io.onInterrupt((signal) => stop.abort(signal));
  try {
    await runForeground(opts, { startBroker, logger, stop: stop.signal });
  } finally {
    off();
  }
  return 0;
}

async function startBackground(opts: DaemonStartOptions, io: CliIO, json: boolean): Promise<number> {
  const spinner = await startSpinner(io, `Starting broker on ${formatHostPort(opts.host, opts.port)}`, { json });
  const abort = new AbortController();
  const off = io.onInterrupt(() => abort.abort());
  let started;
  try {
    started = await startDetached(opts, {
      command: { execPath: process.execPath, args: [BIN, ...foregroundArgs(opts)] },
      // The log is a file: no colour codes in it, whatever the terminal supports.
      env: { ...io.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      signal: abort.signal,
    });
  } catch (err) {
    spinner.stop();
    throw err;
  } finally {
    off();
  }
  spinner.stop();
  if (json) {
    writeJson(io, started);
    return 0;
  }
  const style = await loadStyle(io.stdoutColor);
  io.stdout.write(
    `${style.green('Broker started')} on ${style.bold(started.bootstrapServer)}\n` +
      `${formatFields([
        ['pid', String(started.pid)],
        ['data dir', started.dataDir],
        ['log file', started.logFile],
      ])}\n`,
  );
  const dirArg = dataDirArg(started.dataDir, io);
  io.stderr.write(`Connect with --bootstrap-server ${started.bootstrapServer}; stop with 'tkafka broker stop${dirArg}'.\n`);
  return 0;
}
