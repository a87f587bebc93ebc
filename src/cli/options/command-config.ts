import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { getProperties } from 'properties-file';
import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';

/**
 * Maps Java client properties (a `--command-config` file plus `--command-property k=v`) onto the
 * settings our clients understand. Every key is either mapped, or accepted because the running tool
 * uses it (`toolKeys`), or rejected by name: a silently ignored `security.protocol` typo would
 * otherwise send credentials in clear text or fail much later with a confusing network error.
 */

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface SaslSettings {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

export interface ClientProperties {
  securityProtocol: SecurityProtocol;
  /** Node TLS options when the protocol uses TLS (SSL, SASL_SSL); undefined for plaintext. */
  ssl: TlsOptions | undefined;
  sasl: SaslSettings | undefined;
  clientId: string | undefined;
  bootstrapServers: string | undefined;
  requestTimeoutMs: number | undefined;
  connectionTimeoutMs: number | undefined;
  connectionsMaxIdleMs: number | undefined;
  retries: number | undefined;
  retryBackoffMs: number | undefined;
  /** The keys the tool asked for (e.g. `acks`, `group.id`), verbatim, for the tool to interpret. */
  toolProperties: Record<string, string>;
}

export interface MapPropertiesOptions {
  /** Extra keys the running tool understands; anything else not mapped here is an error. */
  toolKeys?: readonly string[];
  /** Reads certificate files; injectable for tests. */
  readFile: (path: string) => Buffer;
}

/** Keys mapped here for every tool. */
const CLIENT_KEYS = new Set([
  'security.protocol',
  'sasl.mechanism',
  'sasl.jaas.config',
  // librdkafka spellings, so a kcat/confluent-kafka config works unchanged.
  'sasl.username',
  'sasl.password',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.certificates',
  'ssl.truststore.password',
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.keystore.certificate.chain',
  'ssl.keystore.key',
  'ssl.key.password',
  'ssl.ca.location',
  'ssl.ca.pem',
  'ssl.certificate.location',
  'ssl.certificate.pem',
  'ssl.key.location',
  'ssl.key.pem',
  'ssl.endpoint.identification.algorithm',
  'enable.ssl.certificate.verification',
  'client.id',
  'bootstrap.servers',
  'request.timeout.ms',
  'socket.connection.setup.timeout.ms',
  'connections.max.idle.ms',
  'retries',
  'retry.backoff.ms',
]);

/** Parses Java .properties text (comments, `\` continuations, `=`/`:`/space separators, escapes). */
export function parsePropertiesText(text: string): Record<string, string> {
  return { ...getProperties(text) };
}

function configError(message: string, hint?: string): TkafkaError {
  return new TkafkaError(ERROR_CODES.BAD_CONFIG, message, hint === undefined ? { exitCode: 2 } : { exitCode: 2, hint });
}

function intProperty(props: Record<string, string>, key: string): number | undefined {
  const raw = props[key];
  if (raw === undefined) return undefined;
  const v = raw.trim();
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw configError(`Invalid value '${raw}' for configuration ${key}: expected a whole number >= 0.`);
  return Number(v);
}

/** Maps client properties; throws a BAD_CONFIG TkafkaError (exit 2) naming the first bad key. */
export function mapClientProperties(props: Readonly<Record<string, string>>, opts: MapPropertiesOptions): ClientProperties {
  const toolKeys = new Set(opts.toolKeys ?? []);
  const toolProperties: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    if (toolKeys.has(key)) toolProperties[key] = value;
    else if (!CLIENT_KEYS.has(key)) {
      throw configError(`Unsupported client property '${key}'.`, 'tkafka maps security, TLS, SASL, client.id and timeout properties, plus the ones this tool uses.');
    }
  }
  const p = props as Record<string, string>;
  const protocolRaw = (p['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
  if (!(SECURITY_PROTOCOLS as readonly string[]).includes(protocolRaw)) {
    throw configError(`Invalid value '${p['security.protocol'] ?? ''}' for configuration security.protocol: expected one of ${SECURITY_PROTOCOLS.join(', ')}.`);
  }
  const securityProtocol = protocolRaw as SecurityProtocol;
  const usesTls = securityProtocol === 'SSL' || securityProtocol === 'SASL_SSL';
  const usesSasl = securityProtocol === 'SASL_PLAINTEXT' || securityProtocol === 'SASL_SSL';
  return {
    securityProtocol,
    ssl: usesTls ? mapTls(p, opts.readFile) : undefined,
    sasl: usesSasl ? mapSasl(p) : undefined,
    clientId: p['client.id'],
    bootstrapServers: p['bootstrap.servers'],
    requestTimeoutMs: intProperty(p, 'request.timeout.ms'),
    connectionTimeoutMs: intProperty(p, 'socket.connection.setup.timeout.ms'),
    connectionsMaxIdleMs: intProperty(p, 'connections.max.idle.ms'),
    retries: intProperty(p, 'retries'),
    retryBackoffMs: intProperty(p, 'retry.backoff.ms'),
    toolProperties,
  };
}

function readPem(path: string, key: string, readFile: (path: string) => Buffer): string {
  try {
    return readFile(path).toString('utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw configError(`Cannot read ${key} '${path}': ${reason}`);
  }
}

function mapTls(p: Record<string, string>, readFile: (path: string) => Buffer): TlsOptions {
  const tls: TlsOptions = {};
  const truststoreType = (p['ssl.truststore.type'] ?? '').trim().toUpperCase();
  const ca: string[] = [];
  if (p['ssl.truststore.certificates'] !== undefined) ca.push(p['ssl.truststore.certificates']);
  if (p['ssl.truststore.location'] !== undefined) {
    if (truststoreType !== 'PEM') {
      throw configError(
        `ssl.truststore.type ${truststoreType === '' ? 'JKS (the default)' : truststoreType} is not supported; tkafka reads PEM trust stores.`,
        'Set ssl.truststore.type=PEM with a PEM file, or convert: keytool -exportcert -rfc -keystore truststore.jks -alias <alias> > ca.pem',
      );
    }
    ca.push(readPem(p['ssl.truststore.location'], 'ssl.truststore.location', readFile));
  }
  if (p['ssl.ca.location'] !== undefined) ca.push(readPem(p['ssl.ca.location'], 'ssl.ca.location', readFile));
  if (p['ssl.ca.pem'] !== undefined) ca.push(p['ssl.ca.pem']);
  if (ca.length > 0) tls.ca = ca;

  const keystoreType = (p['ssl.keystore.type'] ?? '').trim().toUpperCase();
  if (p['ssl.keystore.location'] !== undefined) {
    if (keystoreType === 'PKCS12') {
      try {
        tls.pfx = readFile(p['ssl.keystore.location']);
      } catch (err) {
        throw configError(`Cannot read ssl.keystore.location '${p['ssl.keystore.location']}': ${err instanceof Error ? err.message : String(err)}`);
      }
      const pass = p['ssl.keystore.password'];
      if (pass !== undefined) tls.passphrase = pass;
    } else if (keystoreType === 'PEM') {
      // A PEM key store holds the certificate chain and the private key in one file.
      const pem = readPem(p['ssl.keystore.location'], 'ssl.keystore.location', readFile);
      tls.cert = pem;
      tls.key = pem;
    } else {
      throw configError(
        `ssl.keystore.type ${keystoreType === '' ? 'JKS (the default)' : keystoreType} is not supported; tkafka reads PEM or PKCS12 key stores.`,
        'Set ssl.keystore.type=PEM or PKCS12.',
      );
    }
  }
  if (p['ssl.keystore.certificate.chain'] !== undefined) tls.cert = p['ssl.keystore.certificate.chain'];
  if (p['ssl.keystore.key'] !== undefined) tls.key = p['ssl.keystore.key'];
  if (p['ssl.certificate.location'] !== undefined) tls.cert = readPem(p['ssl.certificate.location'], 'ssl.certificate.location', readFile);
  if (p['ssl.certificate.pem'] !== undefined) tls.cert = p['ssl.certificate.pem'];
  if (p['ssl.key.location'] !== undefined) tls.key = readPem(p['ssl.key.location'], 'ssl.key.location', readFile);
  if (p['ssl.key.pem'] !== undefined) tls.key = p['ssl.key.pem'];
  if (p['ssl.key.password'] !== undefined) tls.passphrase = p['ssl.key.password'];

  const verify = (p['enable.ssl.certificate.verification'] ?? 'true').trim().toLowerCase();
  if (verify !== 'true' && verify !== 'false') throw configError(`Invalid value '${verify}' for configuration enable.ssl.certificate.verification: expected true or false.`);
  tls.rejectUnauthorized = verify === 'true';
  // Java's default is https (host name checked); an empty value turns the check off.
  const algo = p['ssl.endpoint.identification.algorithm'];
  if (algo !== undefined) {
    const a = algo.trim().toLowerCase();
    if (a === '' || a === 'none') tls.checkServerIdentity = () => undefined;
    else if (a !== 'https') throw configError(`Invalid value '${algo}' for configuration ssl.endpoint.identification.algorithm: expected https or empty.`);
  }
  return tls;
}

const MECHANISMS: Readonly<Record<string, SaslMechanism>> = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
};

function mapSasl(p: Record<string, string>): SaslSettings {
  // Kafka's default mechanism is GSSAPI, which we cannot do; saying so beats a confusing failure.
  const name = (p['sasl.mechanism'] ?? 'GSSAPI').trim().toUpperCase();
  const mechanism = MECHANISMS[name];
  if (mechanism === undefined) {
    throw configError(`Unsupported sasl.mechanism '${name}'${p['sasl.mechanism'] === undefined ? ' (the default)' : ''}; tkafka supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512.`);
  }
  const jaas = p['sasl.jaas.config'];
  if (jaas !== undefined) {
    const login = parseJaasConfig(jaas);
    const expected = mechanism === 'plain' ? 'PlainLoginModule' : 'ScramLoginModule';
    if (!login.module.endsWith(`.${expected}`) && login.module !== expected) {
      throw configError(`sasl.jaas.config uses ${login.module}, but sasl.mechanism ${name} needs ${expected}.`);
    }
    const username = login.options['username'];
    const password = login.options['password'];
    if (username === undefined || password === undefined) throw configError('sasl.jaas.config must set both username="..." and password="...".');
    return { mechanism, username, password };
  }
  const username = p['sasl.username'];
  const password = p['sasl.password'];
  if (username === undefined || password === undefined) {
    throw configError(`security.protocol ${p['security.protocol'] ?? ''} needs credentials: set sasl.jaas.config (or sasl.username and sasl.password).`);
  }
  return { mechanism, username, password };
}

export interface JaasLogin {
  module: string;
  flag: string;
  options: Record<string, string>;
}

/**
 * Parses one JAAS login entry: `<LoginModule> <flag> key="value" key2=value2;` (JAAS quoting: a
 * value is a double-quoted string with `\` escapes, or a bare token).
 */
export function parseJaasConfig(text: string): JaasLogin {
  let i = 0;
  const s = text;
  const skipSpace = (): void => {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && !/[\s=;"]/.test(s[i] ?? '')) i++;
    return s.slice(start, i);
  };
  const bad = (why: string): TkafkaError => configError(`Invalid sasl.jaas.config: ${why}.`, 'Expected e.g. org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";');
  skipSpace();
  const module = token();
  if (module === '') throw bad('missing login module class');
  skipSpace();
  const flag = token();
  if (!['required', 'requisite', 'sufficient', 'optional'].includes(flag)) throw bad(`expected a control flag (required) after ${module}`);
  const options: Record<string, string> = {};
  for (;;) {
    skipSpace();
    if (i >= s.length) throw bad("missing ';' at the end");
    if (s[i] === ';') {
      i++;
      break;
    }
    const key = token();
    if (key === '') throw bad(`unexpected '${s[i] ?? ''}'`);
    skipSpace();
    if (s[i] !== '=') throw bad(`expected '=' after ${key}`);
    i++;
    skipSpace();
    let value = '';
    if (s[i] === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        const c = s[i++] ?? '';
        if (c === '\\' && i < s.length) value += s[i++] ?? '';
        else if (c === '"') {
          closed = true;
          break;
        } else value += c;
      }
      if (!closed) throw bad(`unterminated quoted value for ${key}`);
    } else {
      value = token();
    }
    options[key] = value;
  }
  skipSpace();
  if (i < s.length) throw bad('only one login module is supported');
  return { module, flag, options };
}
