import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { createSecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { OAuthTokenSource } from '../../client/native/oauth.js';
import { JaasSyntaxError, parseJaasConfig as parseJaasEntries, type JaasEntry } from '../../protocol/sasl/jaas.js';
import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';
import { pkcs12Certificates } from '../../shared/pkcs12.js';
import { declaredStoreType, invalidJksText, jksStoreContent, keytoolConvert } from '../../shared/store-type.js';

/**
 * Maps Java client properties (a `--command-config` file plus `--command-property k=v`) onto the
 * settings our clients understand. Every key is either mapped, or accepted because the running tool
 * uses it (`toolKeys`), or rejected by name: a silently ignored `security.protocol` typo would
 * otherwise send credentials in clear text or fail much later with a confusing network error.
 */

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** PLAIN and SCRAM carry a username and password; OAUTHBEARER a token source (and SASL extensions). */
export type SaslSettings =
  | { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string }
  | { mechanism: 'OAUTHBEARER'; token: OAuthTokenSource; extensions: Record<string, string> };

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
  'sasl.login.callback.handler.class',
  'sasl.oauthbearer.token.endpoint.url',
  'sasl.oauthbearer.scope',
  'sasl.oauthbearer.client.credentials.client.id',
  'sasl.oauthbearer.client.credentials.client.secret',
  // tkafka's own: a ready OAUTHBEARER token (tests, or a token obtained elsewhere).
  'sasl.oauthbearer.token',
  // librdkafka spellings, so a kcat/confluent-kafka config works unchanged.
  'sasl.mechanisms',
  'sasl.username',
  'sasl.password',
  'sasl.oauthbearer.method',
  'sasl.oauthbearer.client.id',
  'sasl.oauthbearer.client.secret',
  'sasl.oauthbearer.extensions',
  'sasl.oauthbearer.config',
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
  // Accepted and left to Node's defaults (TLS 1.2+, its cipher list), as most configs only restate them.
  'ssl.protocol',
  'ssl.enabled.protocols',
  // Java resolves every address of a name either way; Node connects to the first that answers.
  'client.dns.lookup',
  'client.id',
  'bootstrap.servers',
  'request.timeout.ms',
  'socket.connection.setup.timeout.ms',
  'connections.max.idle.ms',
  'retries',
  'retry.backoff.ms',
]);

/** A Kafka client property every tool maps (a shared properties file may hold them beside others). */
export function isClientPropertyKey(key: string): boolean {
  return CLIENT_KEYS.has(key);
}

export { parsePropertiesText } from './properties.js';

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
      // A line of a broken multi-line value (a PEM key, a JAAS entry) parses as a key: never echo that.
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(key)) {
        throw configError(`Unsupported client property: a ${key.length}-character key that is not a property name.`, 'A multi-line value needs a \\ at the end of each line but the last (or \\n escapes on one line).');
      }
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

function readBytes(path: string, key: string, readFile: (path: string) => Buffer): Buffer {
  try {
    return readFile(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw configError(`Cannot read ${key} '${path}': ${reason}`);
  }
}

function readPem(path: string, key: string, readFile: (path: string) => Buffer): string {
  return readBytes(path, key, readFile).toString('utf8');
}

type StoreFormat = 'PEM' | 'PKCS12';

/**
 * The format of a key or trust store file, as Kafka's ssl.*.type decides it: PEM and PKCS12 as
 * given; JKS, the default when unset, reads a PKCS12 file as Java 9+ does, fails on a PEM file with
 * Java's error, and refuses a real JKS file (magic 0xFEEDFEED) with the keytool command.
 */
function storeFormat(kind: 'truststore' | 'keystore', declared: string | undefined, bytes: Buffer, path: string): StoreFormat {
  const type = declaredStoreType(declared);
  if (type === undefined) throw configError(`Unsupported ssl.${kind}.type '${declared ?? ''}': expected PEM, PKCS12 or JKS.`);
  if (type !== 'JKS') return type;
  const content = jksStoreContent(bytes);
  if (content === 'JKS') {
    throw configError(
      `ssl.${kind}.location '${path}' is a JKS key store, which tkafka cannot read without a JVM.`,
      `Convert it once: ${keytoolConvert(path, kind)}, then set ssl.${kind}.type=PKCS12.`,
    );
  }
  if (content === 'PKCS12') return 'PKCS12';
  const pem = bytes.subarray(0, 64).toString('latin1').trimStart().startsWith('-----BEGIN');
  throw configError(`${invalidJksText(path)}.`, pem ? `ssl.${kind}.type is ${declared === undefined || declared.trim() === '' ? "unset, so Kafka's default JKS applies" : 'JKS'}; for a PEM file set ssl.${kind}.type=PEM.` : undefined);
}

/** Kafka: inline PEM values (ssl.keystore.key, ssl.truststore.certificates) need the PEM type. */
function requirePemType(kind: 'truststore' | 'keystore', declared: string | undefined): void {
  const type = declaredStoreType(declared);
  if (type === undefined || type === 'PEM') return;
  throw configError(kind === 'keystore' ? `SSL private key can be specified only for PEM, but key store type is ${type}.` : `SSL trust store certs can be specified only for PEM, but trust store type is ${type}.`);
}

/** The trusted certificates of a PKCS12 trust store (keytool -importcert -storetype PKCS12), as PEM. */
function trustStoreCertificates(bytes: Buffer, password: string, path: string): string[] {
  let out: string[];
  try {
    out = pkcs12Certificates(bytes, password);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw configError(`Cannot open ssl.truststore.location '${path}' as PKCS12 (${why.replace(/\s+/g, ' ')}); check ssl.truststore.password.`);
  }
  if (out.length === 0) throw configError(`ssl.truststore.location '${path}' holds no certificates.`);
  return out;
}

const TLS_VERSIONS: Readonly<Record<string, TlsOptions['minVersion']>> = { 'TLSV1.2': 'TLSv1.2', 'TLSV1.3': 'TLSv1.3' };

/** TLS options from `ssl.*` keys (also the Schema Registry's `schema.registry.ssl.*`, prefix removed). */
export function mapTls(p: Record<string, string>, readFile: (path: string) => Buffer): TlsOptions {
  const tls: TlsOptions = {};
  const ca: string[] = [];
  if (p['ssl.truststore.certificates'] !== undefined) {
    requirePemType('truststore', p['ssl.truststore.type']);
    ca.push(p['ssl.truststore.certificates']);
  }
  const truststore = p['ssl.truststore.location'];
  if (truststore !== undefined) {
    const bytes = readBytes(truststore, 'ssl.truststore.location', readFile);
    if (storeFormat('truststore', p['ssl.truststore.type'], bytes, truststore) === 'PEM') ca.push(bytes.toString('utf8'));
    else ca.push(...trustStoreCertificates(bytes, p['ssl.truststore.password'] ?? '', truststore));
  }
  if (p['ssl.ca.location'] !== undefined) ca.push(readPem(p['ssl.ca.location'], 'ssl.ca.location', readFile));
  if (p['ssl.ca.pem'] !== undefined) ca.push(p['ssl.ca.pem']);
  if (ca.length > 0) tls.ca = ca;

  // The client's own certificate (mTLS): a key store file, or the certificate and key apart.
  const keystore = p['ssl.keystore.location'];
  if (keystore !== undefined) {
    const bytes = readBytes(keystore, 'ssl.keystore.location', readFile);
    if (storeFormat('keystore', p['ssl.keystore.type'], bytes, keystore) === 'PKCS12') {
      const passphrase = p['ssl.keystore.password'] ?? '';
      try {
        createSecureContext({ pfx: [{ buf: bytes, passphrase }] });
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw configError(`Cannot open ssl.keystore.location '${keystore}' as PKCS12 (${why}); check ssl.keystore.password.`);
      }
      tls.pfx = [{ buf: bytes, passphrase }];
    } else {
      // A PEM key store holds the certificate chain and the private key in one file.
      const pem = bytes.toString('utf8');
      tls.cert = pem;
      tls.key = pem;
    }
  }
  if (p['ssl.keystore.key'] !== undefined) requirePemType('keystore', p['ssl.keystore.type']);
  if (p['ssl.keystore.certificate.chain'] !== undefined) tls.cert = p['ssl.keystore.certificate.chain'];
  if (p['ssl.keystore.key'] !== undefined) tls.key = p['ssl.keystore.key'];
  if (p['ssl.certificate.location'] !== undefined) tls.cert = readPem(p['ssl.certificate.location'], 'ssl.certificate.location', readFile);
  if (p['ssl.certificate.pem'] !== undefined) tls.cert = p['ssl.certificate.pem'];
  if (p['ssl.key.location'] !== undefined) tls.key = readPem(p['ssl.key.location'], 'ssl.key.location', readFile);
  if (p['ssl.key.pem'] !== undefined) tls.key = p['ssl.key.pem'];
  // The password of an encrypted PEM private key (a PKCS12 store has ssl.keystore.password above).
  if (p['ssl.key.password'] !== undefined && tls.key !== undefined) tls.passphrase = p['ssl.key.password'];
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw configError(`A client certificate needs both its certificate and its private key: ${tls.cert === undefined ? 'the certificate is missing (ssl.keystore.certificate.chain or ssl.certificate.location)' : 'the key is missing (ssl.keystore.key or ssl.key.location)'}.`);
  }

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
  const enabled = p['ssl.enabled.protocols'];
  if (enabled !== undefined && enabled.trim() !== '') {
    const versions = enabled.split(',').map((v) => v.trim().toUpperCase()).filter((v) => v !== '');
    const known = versions.map((v) => TLS_VERSIONS[v]).filter((v): v is NonNullable<typeof v> => v !== undefined);
    if (known.length === 0) throw configError(`Invalid value '${enabled}' for configuration ssl.enabled.protocols: tkafka speaks TLSv1.2 and TLSv1.3.`);
    tls.minVersion = known.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3';
    tls.maxVersion = known.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2';
  }
  return tls;
}

/** Kafka's login modules per mechanism (the class name's last part is enough). */
const LOGIN_MODULES: Readonly<Record<SaslMechanism, string>> = {
  PLAIN: 'PlainLoginModule',
  'SCRAM-SHA-256': 'ScramLoginModule',
  'SCRAM-SHA-512': 'ScramLoginModule',
  OAUTHBEARER: 'OAuthBearerLoginModule',
};

function mapSasl(p: Record<string, string>): SaslSettings {
  // Kafka's default mechanism is GSSAPI, which we cannot do; saying so beats a confusing failure.
  const given = p['sasl.mechanism'] ?? p['sasl.mechanisms'];
  const name = (given ?? 'GSSAPI').trim().toUpperCase();
  if (!(SASL_MECHANISMS as readonly string[]).includes(name)) {
    throw configError(`Unsupported sasl.mechanism '${name}'${given === undefined ? ' (the default)' : ''}; tkafka supports ${SASL_MECHANISMS.join(', ')}.`);
  }
  const mechanism = name as SaslMechanism;
  const jaas = p['sasl.jaas.config'];
  const login = jaas === undefined ? undefined : parseJaasConfig(jaas);
  if (login !== undefined) {
    const expected = LOGIN_MODULES[mechanism];
    if (!login.module.endsWith(`.${expected}`) && login.module !== expected) {
      throw configError(`sasl.jaas.config uses ${login.module}, but sasl.mechanism ${name} needs ${expected}.`);
    }
  }
  if (mechanism === 'OAUTHBEARER') return mapOAuthBearer(p, login?.options ?? {});
  const username = login?.options['username'] ?? p['sasl.username'];
  const password = login?.options['password'] ?? p['sasl.password'];
  if (login !== undefined && (login.options['username'] === undefined || login.options['password'] === undefined)) {
    throw configError('sasl.jaas.config must set both username="..." and password="...".');
  }
  if (username === undefined || password === undefined) {
    throw configError(`security.protocol ${p['security.protocol'] ?? ''} needs credentials: set sasl.jaas.config (or sasl.username and sasl.password).`);
  }
  return { mechanism, username, password };
}

const OAUTH_HANDLERS = new Set(['OAuthBearerLoginCallbackHandler', 'OAuthBearerUnsecuredLoginCallbackHandler']);

/**
 * OAUTHBEARER's token source, in the order Kafka's client would use them: a token endpoint (client
 * credentials from the JAAS options or KIP-1139's properties; a `file:` URL names a token file), an
 * unsecured JWS (`unsecuredLoginStringClaim_sub`), or tkafka's `sasl.oauthbearer.token`.
 */
function mapOAuthBearer(p: Record<string, string>, jaas: Record<string, string>): SaslSettings {
  const handler = p['sasl.login.callback.handler.class'];
  if (handler !== undefined && !OAUTH_HANDLERS.has(handler.trim().split('.').pop() ?? '')) {
    throw configError(`Unsupported sasl.login.callback.handler.class '${handler}'; tkafka gets tokens as Kafka's OAuthBearerLoginCallbackHandler does.`);
  }
  const extensions: Record<string, string> = {};
  for (const [k, v] of Object.entries(jaas)) {
    const m = /^(?:extension_|unsecuredLoginExtension_)(.+)$/.exec(k);
    if (m?.[1] !== undefined) extensions[m[1]] = v;
  }
  for (const pair of (p['sasl.oauthbearer.extensions'] ?? '').split(',')) {
    const i = pair.indexOf('=');
    if (i > 0) extensions[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  const url = p['sasl.oauthbearer.token.endpoint.url'];
  if (url !== undefined && url.trim() !== '') {
    const u = url.trim();
    if (/^file:/i.test(u)) {
      let path: string;
      try {
        path = fileURLToPath(u);
      } catch {
        throw configError('Invalid value for configuration sasl.oauthbearer.token.endpoint.url: not a file URL.');
      }
      return { mechanism: 'OAUTHBEARER', token: { kind: 'file', path }, extensions };
    }
    // The value is not echoed: a URL can carry credentials.
    if (!/^https?:\/\//i.test(u)) throw configError('Invalid value for configuration sasl.oauthbearer.token.endpoint.url: expected an http(s) or file URL.');
    const clientId = jaas['clientId'] ?? p['sasl.oauthbearer.client.credentials.client.id'] ?? p['sasl.oauthbearer.client.id'];
    const clientSecret = jaas['clientSecret'] ?? p['sasl.oauthbearer.client.credentials.client.secret'] ?? p['sasl.oauthbearer.client.secret'];
    if (clientId === undefined || clientSecret === undefined) {
      throw configError('sasl.oauthbearer.token.endpoint.url needs client credentials: clientId="..." and clientSecret="..." in sasl.jaas.config.');
    }
    const scope = jaas['scope'] ?? p['sasl.oauthbearer.scope'];
    return { mechanism: 'OAUTHBEARER', token: { kind: 'client-credentials', url: u, clientId, clientSecret, scope }, extensions };
  }
  const staticToken = p['sasl.oauthbearer.token'];
  if (staticToken !== undefined && staticToken.trim() !== '') return { mechanism: 'OAUTHBEARER', token: { kind: 'static', token: staticToken.trim() }, extensions };
  // librdkafka's unsecured form: sasl.oauthbearer.config=principal=alice
  const rdPrincipal = /(?:^|\s)principal=(\S+)/.exec(p['sasl.oauthbearer.config'] ?? '')?.[1];
  const subject = jaas['unsecuredLoginStringClaim_sub'] ?? rdPrincipal;
  if (subject !== undefined) {
    const lifetimeRaw = jaas['unsecuredLoginLifetimeSeconds'] ?? '3600';
    if (!/^\d+$/.test(lifetimeRaw)) throw configError(`Invalid unsecuredLoginLifetimeSeconds '${lifetimeRaw}' in sasl.jaas.config: expected a whole number of seconds.`);
    const claims: Record<string, string> = {};
    for (const [k, v] of Object.entries(jaas)) {
      const m = /^unsecuredLoginStringClaim_(.+)$/.exec(k);
      if (m?.[1] !== undefined && m[1] !== 'sub') claims[m[1]] = v;
    }
    return { mechanism: 'OAUTHBEARER', token: { kind: 'unsecured', subject, lifetimeSeconds: Number(lifetimeRaw), claims }, extensions };
  }
  throw configError(
    'sasl.mechanism OAUTHBEARER needs a token source: sasl.oauthbearer.token.endpoint.url (with clientId/clientSecret in sasl.jaas.config), unsecuredLoginStringClaim_sub in sasl.jaas.config, or sasl.oauthbearer.token.',
  );
}

export interface JaasLogin {
  module: string;
  flag: string;
  options: Record<string, string>;
}

/** Option names Kafka's login modules take: safe to name in an error; anything else could be part of a value. */
const JAAS_OPTIONS = /^(username|password|clientId|clientSecret|scope|debug|extension_\w+|unsecuredLogin\w+|user_\w+)$/;

function optionName(key: string, at: number): string {
  return JAAS_OPTIONS.test(key) ? key : `the option ending at position ${at}`;
}

/**
 * The one JAAS login entry of a client: `<LoginModule> <flag> key="value" key2=value2;`, parsed as
 * Kafka's clients do (protocol/sasl/jaas.ts, the broker's parser too; Confluent Cloud's configs use
 * single quotes). Errors say where, never what.
 */
export function parseJaasConfig(text: string): JaasLogin {
  const bad = (why: string): TkafkaError => configError(`Invalid sasl.jaas.config: ${why}.`, 'Expected e.g. org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";');
  let entries: JaasEntry[];
  try {
    entries = parseJaasEntries(text);
  } catch (err) {
    if (!(err instanceof JaasSyntaxError)) throw err;
    // Positions, not text: a mis-parsed value (a password with a space) must not be echoed.
    const p = err.problem;
    if (p.kind === 'no-module') throw bad('missing login module class');
    if (p.kind === 'bad-flag') throw bad(`expected a control flag (required) after ${p.loginModule}`);
    if (p.kind === 'no-value') throw bad(p.keyIsWord ? `expected '=' after ${optionName(p.key, p.at)}` : `unexpected character at position ${p.keyStart + 1}`);
    throw bad(p.openQuoteKey === undefined ? "missing ';' at the end" : `unterminated quoted value for ${optionName(p.openQuoteKey, text.length)}`);
  }
  if (entries.length > 1) throw bad('only one login module is supported');
  const [e] = entries as [JaasEntry];
  return { module: e.loginModule, flag: e.controlFlag, options: { ...e.options } };
}
