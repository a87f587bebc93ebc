import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getProperties } from 'properties-file';
import { isSensitiveBrokerConfig, parseBrokerConfig } from '../../../broker/config.js';
import { startDetached } from '../../../broker/daemon/detached.js';
import { runForeground } from '../../../broker/daemon/foreground.js';
import { BROKER_NODE_FLAGS } from '../../../broker/daemon/node-flags.js';
import type { BrokerHandle, DaemonStartOptions } from '../../../broker/daemon/foreground.js';
import { writeFileAtomic } from '../../../shared/atomic-file.js';
import { advertisedListener, clientListener } from '../../../broker/daemon/listeners.js';
import { copyLog, followLog } from '../../../broker/daemon/logs.js';
import { formatHostPort } from '../../../broker/daemon/net.js';
import { daemonFiles, defaultDataDir, ensureDataDir, resolveDataDir } from '../../../broker/daemon/paths.js';
import { alreadyRunningError, findRunningBroker } from '../../../broker/daemon/pidfile.js';
import { ensureSecureSetup, type SecureSetup } from '../../../broker/daemon/secure.js';
import { applyAddScram, parseAddScram } from '../../../broker/security/add-scram.js';
import { ScramStore } from '../../../broker/security/scram-store.js';
import { brokerStatus } from '../../../broker/daemon/status.js';
import type { BrokerStatus } from '../../../broker/daemon/status.js';
import { stopBroker } from '../../../broker/daemon/stop.js';
import { ERROR_CODES, TkafkaError, UsageError, errnoCode } from '../../../shared/errors.js';
import { createLogger, parseLogLevel } from '../../../shared/logger.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { formatFields, resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { startSpinner } from '../../output/spinner.js';
import { loadStyle } from '../../output/style.js';

// The `tkafka broker` actions over broker/daemon/ (which starts, finds and stops the process); the
// broker itself is imported only by `start --foreground`.

// --- start -------------------------------------------------------------------------------------

export interface StartFlags {
  port?: number;
  host?: string;
  advertisedHost?: string;
  dataDir?: string;
  config?: Record<string, string>;
  configFile?: string;
  foreground?: boolean;
  /** --foreground: where to write the ready line (JSON) once the broker accepts connections. */
  readyFile?: string;
  /** --foreground: a private temporary data dir, removed on stop. */
  ephemeral?: boolean;
  /** Set by --ephemeral (not a flag): the data dir is deleted after the stop, so the stop skips its fsyncs. */
  syncOnStop?: false;
  secure?: boolean;
  /** --add-scram specs (kafka-storage format's syntax), applied to the data dir before the start. */
  addScram?: string[];
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

/**
 * argv that makes a child run exactly these options in the foreground. Password-type keys stay out
 * of it (a process listing shows argv to everyone): foregroundEnv passes them.
 */
export function foregroundArgs(opts: DaemonStartOptions): string[] {
  const args = ['broker', 'start', '--foreground', '--host', opts.host, '--port', String(opts.port), '--data-dir', opts.dataDir];
  if (opts.advertisedHost !== undefined) args.push('--advertised-host', opts.advertisedHost);
  for (const [k, v] of Object.entries(opts.config)) if (!isSensitiveBrokerConfig(k)) args.push('--config', `${k}=${v}`);
  return args;
}

/** Environment variable carrying the password-type config to a background broker (readable by its owner only). */
export const SECRET_CONFIG_ENV = 'TKAFKA_BROKER_SECRET_CONFIG';

export function foregroundEnv(opts: DaemonStartOptions): Record<string, string> {
  const secrets = Object.fromEntries(Object.entries(opts.config).filter(([k]) => isSensitiveBrokerConfig(k)));
  return Object.keys(secrets).length === 0 ? {} : { [SECRET_CONFIG_ENV]: JSON.stringify(secrets) };
}

function secretConfigFromEnv(io: CliIO): Record<string, string> {
  const raw = io.env[SECRET_CONFIG_ENV];
  if (raw === undefined || raw === '') return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

const BIN = fileURLToPath(new URL('../../../../bin/tkafka.js', import.meta.url));

export async function runStart(flags: StartFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  if (flags.foreground !== true && (flags.readyFile !== undefined || flags.ephemeral === true)) {
    throw new UsageError(`${flags.readyFile !== undefined ? '--ready-file' : '--ephemeral'} needs --foreground`, 'A background broker reports its address on stdout (--json) and in `tkafka broker status --json`.');
  }
  if (flags.ephemeral === true && flags.dataDir !== undefined) throw new UsageError('--ephemeral and --data-dir cannot be used together', '--ephemeral makes its own temporary data dir.');
  if (flags.readyFile !== undefined) await assertWritableDir(path.dirname(path.resolve(flags.readyFile)), '--ready-file');
  if (flags.ephemeral === true) return startEphemeral(flags, io);
  const opts = await resolveStartOptions(flags, io);
  if (flags.syncOnStop === false) opts.syncOnStop = false;
  if (flags.foreground === true) Object.assign(opts.config, secretConfigFromEnv(io));
  // --add-scram users go into the data dir's SCRAM store here, in this process, so their passwords
  // never reach the background broker's arguments; the broker loads the store when it starts.
  const scramUsers = (flags.addScram ?? []).map(parseAddScram);
  if (scramUsers.length > 0 || flags.secure === true) await assertNotRunning(opts.dataDir);
  if (scramUsers.length > 0) applyAddScram(new ScramStore(opts.dataDir), scramUsers);
  let secure: SecureSetup | undefined;
  if (flags.secure === true) {
    secure = await ensureSecureSetup(opts.dataDir, opts.host, opts.port, opts.advertisedHost, opts.config);
    Object.assign(opts.config, secure.config);
    parseBrokerConfig(opts.config);
    if (format !== 'json') writeSecureSummary(secure, io);
  }
  return flags.foreground === true ? startForeground(opts, io, { json: format === 'json', ...(flags.readyFile === undefined ? {} : { readyFile: flags.readyFile }) }) : startBackground(opts, io, format === 'json', secure);
}

/** --ephemeral: the foreground start on a fresh 0700 temp data dir (mkdtemp), removed when it stops. */
async function startEphemeral(flags: StartFlags, io: CliIO): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tkafka-'));
  try {
    // A test suite's broker: a consumer group forms as soon as its members join (as startBroker's).
    const config = { 'group.initial.rebalance.delay.ms': '0', ...flags.config };
    return await runStart({ ...flags, ephemeral: false, dataDir, config, syncOnStop: false }, io);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function assertWritableDir(dir: string, flag: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${flag}: directory ${dir} does not exist`);
  }
}

/** What the ready line (stdout with --json, and --ready-file) says: enough to connect without parsing logs. */
export interface ReadyInfo {
  event: 'ready';
  /** The first listener's advertised host:port, for a client's bootstrap servers. */
  bootstrap: string;
  host: string;
  port: number;
  pid: number;
  dataDir: string;
  listeners: Array<{ name: string; securityProtocol: string; host: string; port: number; advertisedHost: string; advertisedPort: number }>;
  /** The fault injection endpoint (fault.injection.port), or null. */
  faults: string | null;
}

export function readyInfo(broker: BrokerHandle): ReadyInfo {
  const first = broker.listeners?.[0];
  return {
    event: 'ready',
    bootstrap: formatHostPort(broker.advertisedHost, first?.advertisedPort ?? broker.port),
    host: broker.host,
    port: broker.port,
    pid: process.pid,
    dataDir: broker.dataDir,
    listeners: (broker.listeners ?? []).map((l) => ({ name: l.name, securityProtocol: l.securityProtocol, host: l.host, port: l.port, advertisedHost: l.advertisedHost, advertisedPort: l.advertisedPort })),
    faults: broker.faultAdmin == null ? null : `http://${formatHostPort(broker.faultAdmin.host, broker.faultAdmin.port)}/faults`,
  };
}

/** --add-scram and --secure change the data dir: never under a running broker. */
async function assertNotRunning(dataDir: string): Promise<void> {
  await ensureDataDir(dataDir);
  const running = await findRunningBroker(dataDir);
  if (running !== undefined) throw alreadyRunningError(dataDir, running);
}

/** The client properties to use (stdout: the user asked for them; never the broker log). */
function writeSecureSummary(s: SecureSetup, io: CliIO): void {
  io.stdout.write(
    `${s.created ? 'Created' : 'Using'} a CA, a broker certificate and SCRAM-SHA-512 user in ${s.dir}
` +
      `SASL_SSL listener: ${s.saslBootstrap}
` +
      `Client properties (${s.clientPropertiesFile}):

${s.clientProperties}
` +
      `kcat: kcat -F ${s.librdkafkaPropertiesFile} -L
` +
      `tkafka: tkafka topics --bootstrap-server ${s.saslBootstrap} --command-config ${s.clientPropertiesFile} --list

`,
  );
}

async function startForeground(opts: DaemonStartOptions, io: CliIO, ready: { json: boolean; readyFile?: string }): Promise<number> {
  const { startBroker } = await import('../../../broker/server/broker.js');
  const level = parseLogLevel(io.env['TKAFKA_LOG_LEVEL'] ?? '') ?? 'INFO';
  const logger = createLogger((line) => io.stderr.write(`${line}\n`), { level });
  const stop = new AbortController();
  // Registered before the broker starts, so a Ctrl-C during startup still ends in a clean close.
  const off = io.onInterrupt((signal) => stop.abort(signal));
  try {
    await runForeground(opts, {
      startBroker,
      logger,
      stop: stop.signal,
      onReady: (broker) => {
        const line = JSON.stringify(readyInfo(broker));
        // Written whole (temp file + rename): a reader polling for the file never sees half of it.
        if (ready.readyFile !== undefined) writeFileAtomic(ready.readyFile, `${line}\n`, false);
        if (ready.json) io.stdout.write(`${line}\n`);
      },
    });
  } finally {
    off();
    if (ready.readyFile !== undefined) await rm(ready.readyFile, { force: true });
  }
  return 0;
}

async function startBackground(opts: DaemonStartOptions, io: CliIO, json: boolean, secure?: SecureSetup): Promise<number> {
  const spinner = await startSpinner(io, `Starting broker on ${formatHostPort(opts.host, opts.port)}`, { json });
  const abort = new AbortController();
  const off = io.onInterrupt(() => abort.abort());
  let started;
  try {
    started = await startDetached(opts, {
      command: { execPath: process.execPath, args: [...BROKER_NODE_FLAGS, BIN, ...foregroundArgs(opts)] },
      // The log is a file: no colour codes in it, whatever the terminal supports.
      env: { ...io.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...foregroundEnv(opts) },
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
    writeJson(io, secure === undefined ? started : { ...started, secure: { saslBootstrapServer: secure.saslBootstrap, clientProperties: secure.clientPropertiesFile, librdkafkaProperties: secure.librdkafkaPropertiesFile, caFile: secure.caFile } });
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

// --- stop --------------------------------------------------------------------------------------

export interface StopFlags {
  dataDir?: string;
  /** Milliseconds (parsed from a duration). */
  timeout?: number;
}

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

export async function runStop(flags: StopFlags, io: CliIO): Promise<number> {
  const dataDir = dataDirOf(flags, io);
  const res = await stopBroker(dataDir, {
    timeoutMs: flags.timeout ?? DEFAULT_STOP_TIMEOUT_MS,
    onWarn: (m) => io.stderr.write(`tkafka: warning: ${m}\n`),
  });
  const how = res.forced ? 'killed' : 'stopped';
  io.stderr.write(`Broker ${how} (pid ${res.pid}, ${(res.elapsedMs / 1000).toFixed(1)}s)\n`);
  return 0;
}

// --- status ------------------------------------------------------------------------------------

export interface StatusFlags {
  dataDir?: string;
  json?: boolean;
  output?: string;
}

/** Exit 0 when a broker is running, 1 when not (like `pg_ctl status`), in both output formats. */
export async function runStatus(flags: StatusFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  const status = await brokerStatus(dataDirOf(flags, io));
  if (format === 'json') writeJson(io, status);
  else io.stdout.write(await renderStatus(status, io));
  return status.running ? 0 : 1;
}

async function renderStatus(s: BrokerStatus, io: CliIO): Promise<string> {
  const style = await loadStyle(io.stdoutColor);
  const fields: Array<[string, string]> = [];
  let headline: string;
  if (s.state === 'stopped') headline = `Broker is ${style.yellow('not running')}`;
  else {
    headline = s.state === 'running' ? `Broker is ${style.green('running')}` : `Broker is ${style.yellow('starting')}`;
    fields.push(['address', s.host === null || s.port === null ? '-' : formatHostPort(s.host, s.port)]);
    if (s.advertisedHost !== null && s.advertisedHost !== s.host) fields.push(['advertised', s.bootstrapServer ?? '-']);
    if (s.listeners.length > 1 || s.listeners.some((l) => l.securityProtocol !== 'PLAINTEXT')) {
      const describe = (l: BrokerStatus['listeners'][number]): string => {
        const adv = l.advertisedHost !== l.host || l.advertisedPort !== l.port ? ` (advertised ${formatHostPort(l.advertisedHost, l.advertisedPort)})` : '';
        const proto = l.securityProtocol !== l.name ? ` [${l.securityProtocol}]` : '';
        return `${l.name}://${formatHostPort(l.host, l.port)}${proto}${adv}`;
      };
      fields.push(['listeners', s.listeners.map(describe).join(', ')]);
    }
    fields.push(['pid', String(s.pid)], ['uptime', s.uptimeMs === null ? '-' : formatUptime(s.uptimeMs)]);
  }
  fields.push(
    ['data dir', s.dataDir],
    ['log file', s.logFile],
    ['topics', String(s.topics)],
    ['partitions', String(s.partitions)],
    ['disk usage', `${formatBytes(s.bytesOnDisk)}${s.bytesOnDisk >= 1024 ? ` (${s.bytesOnDisk} bytes)` : ''}`],
  );
  const m = s.metrics;
  if (m !== null) {
    const over = `over ${(m.intervalMs / 1000).toFixed(1)}s`;
    fields.push(
      ['metrics', m.url],
      ['messages in', `${formatRate(m.messagesInPerSec)}/s (${over})`],
      ["bytes in", `${formatBytes(Math.round(m.bytesInPerSec))}/s (${over})`],
      ['connections', String(m.connections)],
      ['worst lag', m.worstGroup === null ? '-' : `${m.worstGroup.lag} records, group ${m.worstGroup.group}${m.worstGroup.lagSeconds === null ? '' : ` (${m.worstGroup.lagSeconds.toFixed(1)}s behind)`}`],
    );
  } else if (s.metricsError !== null) fields.push(['metrics', s.metricsError]);
  else if (s.state !== 'stopped') fields.push(['metrics', 'off (broker start --config metrics.port=9644 shows rates and lag here)']);
  return `${headline}\n${formatFields(fields)}\n`;
}

// --- logs --------------------------------------------------------------------------------------

export interface LogsFlags {
  dataDir?: string;
  follow?: boolean;
  lines?: number;
}

/** Prints the log (all of it, or the last -n lines); with -f keeps following until Ctrl-C (exit 130, like tail -f). */
export async function runLogs(flags: LogsFlags, io: CliIO): Promise<number> {
  const { logFile } = daemonFiles(dataDirOf(flags, io));
  const write = (text: string): void => {
    io.stdout.write(text);
  };
  const end = await copyLog(logFile, write, flags.lines === undefined ? {} : { lines: flags.lines });
  if (flags.follow !== true) return EXIT_CODES.OK;
  const stop = new AbortController();
  const off = io.onInterrupt(() => stop.abort());
  try {
    await followLog(logFile, end, write, stop.signal);
  } finally {
    off();
  }
  return EXIT_CODES.INTERRUPTED;
}

// --- helpers -----------------------------------------------------------------------------------

export function dataDirOf(flags: { dataDir?: string }, io: CliIO): string {
  return flags.dataDir === undefined ? defaultDataDir(io.env) : resolveDataDir(flags.dataDir, io.env);
}

/** The `--data-dir` to repeat in a suggested command, only when it is not the default. */
export function dataDirArg(dataDir: string, io: CliIO): string {
  return dataDir === defaultDataDir(io.env) ? '' : ` --data-dir ${shellQuote(dataDir)}`;
}

function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `1h 2m 3s` style; sub-second uptimes show as `0s`. */
export function formatUptime(ms: number): string {
  let s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (d > 0) parts.push(`${d}d`);
  if (h > 0 || d > 0) parts.push(`${h}h`);
  if (m > 0 || h > 0 || d > 0) parts.push(`${m}m`);
  parts.push(`${s}s`);
  return parts.join(' ');
}

/** Binary units like `ls -h`: `0 B`, `12.3 KiB`, `4.0 MiB`. */
/** A per-second rate: whole numbers from 100 up, one decimal below. */
function formatRate(n: number): string {
  return n >= 100 ? String(Math.round(n)) : n.toFixed(1);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i] ?? ''}`;
}
