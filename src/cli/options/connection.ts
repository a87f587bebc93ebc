import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { NativeClientOptions } from '../../client/native/client.js';
import type { SaslConfig } from '../../client/native/sasl.js';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ERROR_CODES, TkafkaError, UsageError, errnoCode } from '../../shared/errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIO } from '../output/io.js';
import { collectKeyValue } from './parsers.js';
import type { ClientProperties, SaslSettings, SecurityProtocol } from './command-config.js';

// Imported by command definitions, so it must stay light: the client and the properties parser are
// loaded only when a command actually connects.

export const DEFAULT_BOOTSTRAP = 'localhost:9092';
export const BOOTSTRAP_ENV = 'TKAFKA_BOOTSTRAP_SERVER';

export interface ConnectionFlags {
  bootstrapServer?: string;
  commandConfig?: string;
  commandProperty?: Record<string, string>;
}

/** Older per-tool spellings that feed the same settings, e.g. `--producer.config`, `--consumer-property`. */
export interface ConnectionAliases {
  config?: readonly string[];
  property?: readonly string[];
}

/**
 * Adds `--bootstrap-server`, `--command-config` and the repeatable `--command-property k=v`, plus any
 * per-tool aliases (Kafka's pre-KIP-1147 names), which write into the same `commandConfig` /
 * `commandProperty` values so actions only ever read ConnectionFlags.
 */
export function addConnectionOptions(cmd: Command, aliases: ConnectionAliases = {}): Command {
  cmd.addOption(new Option('--bootstrap-server <host:port,...>', `broker(s) to connect to (default: $${BOOTSTRAP_ENV} or ${DEFAULT_BOOTSTRAP})`));
  addAliasedOption(cmd, {
    flag: '--command-config',
    arg: '<file>',
    aliases: aliases.config ?? [],
    description: 'client properties file: security.protocol, sasl.*, ssl.*, client.id, timeouts',
  });
  addAliasedOption(cmd, {
    flag: '--command-property',
    arg: '<key=value>',
    aliases: aliases.property ?? [],
    description: 'a client property, as in --command-config (repeatable; wins over the file)',
    repeatable: true,
  });
  return cmd;
}

export interface AliasedOptionSpec {
  /** The current name, e.g. `--reader-property`; its attribute holds the value. */
  flag: string;
  /** `<file>` or `<key=value>`. */
  arg: string;
  /** Older names feeding the same value, e.g. `--property`. */
  aliases: readonly string[];
  description: string;
  /** Repeatable key=value pairs collected into one record. */
  repeatable?: boolean;
}

/**
 * An option with old spellings (KIP-1147 renames). Every spelling writes the current option's
 * value; mixing two spellings is refused with Kafka's wording, as Kafka does.
 */
export function addAliasedOption(cmd: Command, spec: AliasedOptionSpec): Command {
  const main = new Option(`${spec.flag} ${spec.arg}`, spec.description);
  if (spec.repeatable === true) main.argParser(collectKeyValue);
  cmd.addOption(main);
  const attribute = main.attributeName();
  let usedFlag: string | undefined;
  const note = (flag: string): void => {
    if (usedFlag !== undefined && usedFlag !== flag) {
      const [a, b] = flag === spec.flag ? [usedFlag, flag] : [flag, usedFlag];
      throw new UsageError(`Options ${a} and ${b} cannot be specified together.`, `Use ${spec.flag}.`);
    }
    usedFlag = flag;
  };
  cmd.on(`option:${spec.flag.replace(/^--/, '')}`, () => note(spec.flag));
  for (const flag of spec.aliases) {
    const alias = new Option(`${flag} ${spec.arg}`, `old name of ${spec.flag}`);
    if (spec.repeatable === true) alias.argParser(collectKeyValue);
    cmd.addOption(alias);
    cmd.on(`option:${flag.replace(/^--/, '')}`, (value: string) => {
      note(flag);
      const next = spec.repeatable === true ? collectKeyValue(value, cmd.getOptionValue(attribute) as Record<string, string> | undefined) : value;
      cmd.setOptionValueWithSource(attribute, next, 'cli');
    });
  }
  return cmd;
}

export interface ConnectionSettings {
  /** The bootstrap list as the user gave it, for messages. */
  bootstrap: string;
  /** `host:port` entries. */
  brokers: string[];
  clientId: string;
  securityProtocol: SecurityProtocol;
  ssl: TlsOptions | undefined;
  sasl: SaslSettings | undefined;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  connectionsMaxIdleMs: number;
  retries: number;
  retryBackoffMs: number;
  /** Tool-specific properties the tool declared in `toolKeys` (e.g. `acks`, `group.id`). */
  toolProperties: Record<string, string>;
}

export interface ResolveConnectionOptions {
  /** client.id when the properties do not set one, e.g. `console-producer`. */
  clientId?: string;
  /** Producer/consumer keys the running tool interprets itself; other unknown keys are errors. */
  toolKeys?: readonly string[];
}

/**
 * Bootstrap servers come from the flag, then `bootstrap.servers` in the properties, then
 * $TKAFKA_BOOTSTRAP_SERVER, then localhost:9092. Properties: the file first, `--command-property` wins.
 */
export async function resolveConnection(flags: ConnectionFlags, io: CliIO, opts: ResolveConnectionOptions = {}): Promise<ConnectionSettings> {
  const { readFileSync } = await import('node:fs');
  let props: Record<string, string> = {};
  if (flags.commandConfig !== undefined) {
    const { parsePropertiesText } = await import('./properties.js');
    let text: string;
    try {
      text = readFileSync(flags.commandConfig, 'utf8');
    } catch (err) {
      const why = errnoCode(err) === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
      throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read --command-config file '${flags.commandConfig}': ${why}.`, { exitCode: 2 });
    }
    props = parsePropertiesText(text);
  }
  props = { ...props, ...flags.commandProperty };
  // No properties, no mapping: a plaintext connection never loads the TLS/SASL property code.
  const mapped: ClientProperties =
    Object.keys(props).length === 0
      ? { securityProtocol: 'PLAINTEXT', ssl: undefined, sasl: undefined, clientId: undefined, bootstrapServers: undefined, requestTimeoutMs: undefined, connectionTimeoutMs: undefined, connectionsMaxIdleMs: undefined, retries: undefined, retryBackoffMs: undefined, toolProperties: {} }
      : (await import('./command-config.js')).mapClientProperties(props, { toolKeys: opts.toolKeys ?? [], readFile: (p) => readFileSync(p) });
  const envBootstrap = io.env[BOOTSTRAP_ENV];
  const bootstrap = (flags.bootstrapServer ?? mapped.bootstrapServers ?? (envBootstrap !== undefined && envBootstrap !== '' ? envBootstrap : DEFAULT_BOOTSTRAP)).trim();
  const fromFlag = flags.bootstrapServer !== undefined;
  return {
    bootstrap,
    brokers: parseBootstrap(bootstrap, fromFlag ? '--bootstrap-server' : mapped.bootstrapServers !== undefined ? 'bootstrap.servers' : BOOTSTRAP_ENV),
    clientId: mapped.clientId ?? opts.clientId ?? 'tkafka',
    securityProtocol: mapped.securityProtocol,
    ssl: mapped.ssl,
    sasl: mapped.sasl,
    connectionTimeoutMs: mapped.connectionTimeoutMs ?? 10_000,
    requestTimeoutMs: mapped.requestTimeoutMs ?? 30_000,
    connectionsMaxIdleMs: mapped.connectionsMaxIdleMs ?? 540_000,
    retries: mapped.retries ?? 3,
    retryBackoffMs: mapped.retryBackoffMs ?? 100,
    toolProperties: mapped.toolProperties,
  };
}

/** Splits `host:port[,host:port]`; `[v6]:port` allowed; a missing port means 9092. */
export function parseBootstrap(list: string, source = '--bootstrap-server'): string[] {
  const out: string[] = [];
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const m = /^(\[[^\]]+\]|[^:\s[\]]+)(?::(\d+))?$/.exec(entry);
    const port = m?.[2] === undefined ? 9092 : Number(m[2]);
    if (m?.[1] === undefined || port < 1 || port > 65535) {
      throw new UsageError(`${source}: '${entry}' is not a host:port address.`, 'Expected host:port[,host:port...], e.g. localhost:9092.');
    }
    out.push(`${m[1]}:${port}`);
  }
  if (out.length === 0) throw new UsageError(`${source} is empty.`, 'Expected host:port[,host:port...], e.g. localhost:9092.');
  return out;
}

/** Options for our native protocol client from the resolved settings; callers may tighten timeouts. */
export function nativeClientOptions(settings: ConnectionSettings, overrides: Partial<NativeClientOptions> = {}): NativeClientOptions {
  return {
    brokers: settings.brokers,
    clientId: settings.clientId,
    tls: settings.ssl,
    sasl: saslConfig(settings),
    connectTimeoutMs: settings.connectionTimeoutMs,
    requestTimeoutMs: settings.requestTimeoutMs,
    retryBackoffMs: settings.retryBackoffMs,
    ...overrides,
  };
}

/**
 * The client's SASL configuration: credentials as they are, an OAUTHBEARER token source as a token
 * function (which fetches only when a connection authenticates, then caches).
 */
function saslConfig(settings: ConnectionSettings): SaslConfig | undefined {
  const sasl = settings.sasl;
  if (sasl === undefined) return undefined;
  if (sasl.mechanism !== 'OAUTHBEARER') return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
  // The provider (and its cache) is loaded on the first authentication: --help must stay light.
  let provider: Promise<() => Promise<string>> | undefined;
  const source = sasl.token;
  const token = async (): Promise<string> => {
    provider ??= import('../../client/native/oauth.js').then((m) => m.oauthTokenProvider(source, { timeoutMs: settings.requestTimeoutMs }));
    return (await provider)();
  };
  return { mechanism: 'OAUTHBEARER', token, extensions: sasl.extensions };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EADDRNOTAVAIL']);
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN']);

function errorChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && chain.length < 8; ) {
    chain.push(e);
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return chain;
}

function nameOf(e: unknown): string {
  return e instanceof Error ? e.name : '';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** True for errors meaning "could not reach/talk to the cluster" (refused, DNS, timeout, TLS, closed). */
export function isConnectionError(err: unknown): boolean {
  return errorChain(err).some((e) => {
    const code = errnoCode(e);
    if (code !== undefined && (UNREACHABLE.has(code) || UNRESOLVED.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) return true;
    const name = nameOf(e);
    return name === 'NativeConnectionError' || name === 'SaslAuthenticationError' || name === 'OAuthTokenError';
  });
}

const START_HINT = "start the bundled broker with 'tkafka broker start' or pass --bootstrap-server host:port";

// TLS alerts a server sends when it refuses our certificate (or the lack of one): mTLS failed.
const CLIENT_CERT_REFUSED = /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED|HANDSHAKE_FAILURE)/;

/**
 * The one-line error for a cluster that cannot be reached (exit 1) or refuses to authenticate us
 * (exit 3, AUTH). Unreachable, unresolvable, TLS, mTLS and SASL failures each get their own
 * wording; the bootstrap list is always named, a credential never.
 */
export function connectionError(err: unknown, settings: Pick<ConnectionSettings, 'bootstrap'>): TkafkaError {
  const chain = errorChain(err);
  const at = settings.bootstrap;
  const sasl = chain.find((e) => nameOf(e) === 'SaslAuthenticationError');
  if (sasl !== undefined) {
    return new TkafkaError(ERROR_CODES.AUTH_FAILED, `SASL authentication with ${at} failed: ${messageOf(sasl)}`, { cause: err, exitCode: EXIT_CODES.AUTH });
  }
  const token = chain.find((e) => nameOf(e) === 'OAuthTokenError');
  if (token !== undefined) {
    return new TkafkaError(ERROR_CODES.AUTH_FAILED, `No OAUTHBEARER token for ${at}: ${messageOf(token)}`, { cause: err, exitCode: EXIT_CODES.AUTH });
  }
  for (const e of chain) {
    const code = errnoCode(e);
    if (code === 'ERR_TLS_CLIENT_CERT_REFUSED') {
      return new TkafkaError(ERROR_CODES.AUTH_FAILED, `TLS connection to ${at} failed: the broker closed it before answering, refusing the client certificate; check ssl.keystore.* (mTLS).`, { cause: err, exitCode: EXIT_CODES.AUTH });
    }
    if (code !== undefined && CLIENT_CERT_REFUSED.test(code)) {
      return new TkafkaError(ERROR_CODES.AUTH_FAILED, `TLS connection to ${at} failed: the broker refused the client certificate (${messageOf(e).replace(/\s+/g, ' ').trim()}); check ssl.keystore.* (mTLS).`, {
        cause: err,
        exitCode: EXIT_CODES.AUTH,
      });
    }
  }
  for (const e of chain) {
    const code = errnoCode(e);
    if (code !== undefined && UNRESOLVED.has(code)) {
      return new TkafkaError('BROKER_UNREACHABLE', `Cannot resolve the host in ${at} (${code}); check --bootstrap-server.`, { cause: err });
    }
    if (code !== undefined && (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT'))) {
      return new TkafkaError('BROKER_UNREACHABLE', `TLS connection to ${at} failed: ${messageOf(e).replace(/\s+/g, ' ').trim()}`, { cause: err });
    }
  }
  const codes = chain.map(errnoCode).filter((c): c is string => c !== undefined);
  const refused = codes.includes('ECONNREFUSED') || chain.some((e) => /ECONNREFUSED/.test(messageOf(e)));
  const detail = refused ? 'connection refused' : codes[0] !== undefined && UNREACHABLE.has(codes[0]) ? codes[0] : messageOf(chain[chain.length - 1] ?? err).replace(/\s+/g, ' ');
  return new TkafkaError('BROKER_UNREACHABLE', `Nothing answers at ${at} (${detail}); ${START_HINT}.`, { cause: err });
}

/** A connection failure as connectionError; anything else (a TkafkaError included) as it is. */
export function asConnectionError(err: unknown, settings: Pick<ConnectionSettings, 'bootstrap'>): unknown {
  return !(err instanceof TkafkaError) && isConnectionError(err) ? connectionError(err, settings) : err;
}

/** Runs `fn`, turning connection failures into connectionError; other errors pass through. */
export async function withConnectionErrors<T>(settings: Pick<ConnectionSettings, 'bootstrap'>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asConnectionError(err, settings);
  }
}
