// Where the console tools and `tkafka schemas` find the Schema Registry and how they authenticate
// to it, with Confluent's client property names (a Confluent serializer's config works unchanged):
//   schema.registry.url                      comma-separated base URLs, tried in order
//   basic.auth.credentials.source            USER_INFO (basic.auth.user.info / schema.registry.basic.auth.user.info),
//                                            URL (user:pass@ in the URL), SASL_INHERIT (the Kafka SASL PLAIN/SCRAM user)
//   bearer.auth.credentials.source           STATIC_TOKEN (bearer.auth.token) or OAUTHBEARER (bearer.auth.issuer.endpoint.url,
//                                            bearer.auth.client.id, bearer.auth.client.secret, bearer.auth.scope);
//                                            bearer.auth.logical.cluster, bearer.auth.identity.pool.id
//   schema.registry.ssl.*                    TLS for https URLs, as the ssl.* keys of --command-config
// Light at import time (option registration only); the mapping loads what it needs when run.
import { Option, type Command } from 'commander';
import type { RegistryClientOptions } from '../../client/schema-registry/client.js';
import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';

export const DEFAULT_SCHEMA_REGISTRY_URL = 'http://127.0.0.1:8081';
export const SCHEMA_REGISTRY_ENV = 'TKAFKA_SCHEMA_REGISTRY_URL';

const SSL_KEYS = [
  'truststore.type',
  'truststore.location',
  'truststore.password',
  'truststore.certificates',
  'keystore.type',
  'keystore.location',
  'keystore.password',
  'keystore.certificate.chain',
  'keystore.key',
  'key.password',
  'endpoint.identification.algorithm',
  'protocol',
  'enabled.protocols',
].map((k) => `schema.registry.ssl.${k}`);

/** Registry connection keys, accepted in --command-config / --command-property by every tool that talks to a registry. */
export const SCHEMA_REGISTRY_KEYS: readonly string[] = [
  'schema.registry.url',
  'basic.auth.credentials.source',
  'basic.auth.user.info',
  'schema.registry.basic.auth.user.info',
  'bearer.auth.credentials.source',
  'bearer.auth.token',
  'bearer.auth.logical.cluster',
  'bearer.auth.identity.pool.id',
  'bearer.auth.issuer.endpoint.url',
  'bearer.auth.client.id',
  'bearer.auth.client.secret',
  'bearer.auth.scope',
  ...SSL_KEYS,
];

/** Serializer keys the console tools interpret (Confluent's AbstractKafkaSchemaSerDeConfig names). */
export const SERDE_KEYS: readonly string[] = ['auto.register.schemas', 'use.latest.version', 'normalize.schemas', 'key.subject.name.strategy', 'value.subject.name.strategy'];

export interface SchemaRegistryFlags {
  schemaRegistryUrl?: string;
}

export function addSchemaRegistryOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--schema-registry-url <url,...>', `Schema Registry base URL(s) (default: schema.registry.url in --command-config, $${SCHEMA_REGISTRY_ENV}, or ${DEFAULT_SCHEMA_REGISTRY_URL}, the bundled broker's)`),
  );
}

function configError(message: string): TkafkaError {
  return new TkafkaError(ERROR_CODES.BAD_CONFIG, message, { exitCode: 2 });
}

/** The Kafka SASL user, for basic.auth.credentials.source=SASL_INHERIT. */
export interface InheritedSasl {
  username: string;
  password: string;
}

/**
 * The registry client's options: URL from the flag, then schema.registry.url, then the environment,
 * then the bundled broker's registry; auth and TLS from the properties. Never puts a secret in a message.
 */
export async function registryClientOptions(flags: SchemaRegistryFlags, props: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>, opts: { sasl?: InheritedSasl | undefined; timeoutMs?: number } = {}): Promise<RegistryClientOptions> {
  const envUrl = env[SCHEMA_REGISTRY_ENV];
  const raw = flags.schemaRegistryUrl ?? props['schema.registry.url'] ?? (envUrl !== undefined && envUrl !== '' ? envUrl : DEFAULT_SCHEMA_REGISTRY_URL);
  const source = flags.schemaRegistryUrl !== undefined ? '--schema-registry-url' : props['schema.registry.url'] !== undefined ? 'schema.registry.url' : SCHEMA_REGISTRY_ENV;
  const urls = raw
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (urls.length === 0) throw configError(`${source} is empty.`);
  for (const u of urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(u);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      // The URL may carry credentials: name it without them.
      throw configError(`${source}: '${u.replace(/\/\/[^@/]*@/, '//')}' is not an http:// or https:// URL.`);
    }
  }
  const out: RegistryClientOptions = { urls, timeoutMs: opts.timeoutMs ?? 30_000 };

  const basic = (props['basic.auth.credentials.source'] ?? '').trim().toUpperCase();
  const userInfo = props['basic.auth.user.info'] ?? props['schema.registry.basic.auth.user.info'];
  const bearer = (props['bearer.auth.credentials.source'] ?? '').trim().toUpperCase();
  if (basic !== '' && bearer !== '') throw configError('Only one of basic.auth.credentials.source and bearer.auth.credentials.source may be set.');
  if (basic === 'USER_INFO' || (basic === '' && bearer === '' && userInfo !== undefined)) {
    if (userInfo === undefined) throw configError('basic.auth.credentials.source=USER_INFO needs basic.auth.user.info=<user>:<password>.');
    const sep = userInfo.indexOf(':');
    if (sep < 0) throw configError('basic.auth.user.info must be <user>:<password> (it has no colon).');
    out.auth = { kind: 'basic', username: userInfo.slice(0, sep), password: userInfo.slice(sep + 1) };
  } else if (basic === 'SASL_INHERIT') {
    if (opts.sasl === undefined) throw configError('basic.auth.credentials.source=SASL_INHERIT needs a SASL PLAIN or SCRAM user in the client properties.');
    out.auth = { kind: 'basic', username: opts.sasl.username, password: opts.sasl.password };
  } else if (basic !== '' && basic !== 'URL') {
    throw configError(`Unsupported basic.auth.credentials.source '${props['basic.auth.credentials.source'] ?? ''}': expected USER_INFO, URL or SASL_INHERIT.`);
  }
  if (bearer === 'STATIC_TOKEN') {
    const token = props['bearer.auth.token'];
    if (token === undefined || token === '') throw configError('bearer.auth.credentials.source=STATIC_TOKEN needs bearer.auth.token.');
    out.auth = { kind: 'bearer', token: () => Promise.resolve(token), logicalCluster: props['bearer.auth.logical.cluster'], identityPoolId: props['bearer.auth.identity.pool.id'] };
  } else if (bearer === 'OAUTHBEARER') {
    const url = props['bearer.auth.issuer.endpoint.url'];
    const clientId = props['bearer.auth.client.id'];
    const clientSecret = props['bearer.auth.client.secret'];
    if (url === undefined || clientId === undefined || clientSecret === undefined) throw configError('bearer.auth.credentials.source=OAUTHBEARER needs bearer.auth.issuer.endpoint.url, bearer.auth.client.id and bearer.auth.client.secret.');
    let provider: Promise<() => Promise<string>> | undefined;
    const scope = props['bearer.auth.scope'];
    const timeoutMs = out.timeoutMs ?? 30_000;
    out.auth = {
      kind: 'bearer',
      token: async () => {
        provider ??= import('../../client/native/oauth.js').then((m) => m.oauthTokenProvider({ kind: 'client-credentials', url, clientId, clientSecret, scope }, { timeoutMs }));
        return (await provider)();
      },
      logicalCluster: props['bearer.auth.logical.cluster'],
      identityPoolId: props['bearer.auth.identity.pool.id'],
    };
  } else if (bearer !== '') {
    throw configError(`Unsupported bearer.auth.credentials.source '${props['bearer.auth.credentials.source'] ?? ''}': expected STATIC_TOKEN or OAUTHBEARER.`);
  }

  const ssl: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith('schema.registry.ssl.')) ssl[k.slice('schema.registry.'.length)] = v;
  if (Object.keys(ssl).length > 0 || urls.some((u) => u.startsWith('https:'))) {
    const [{ mapTls }, { readFileSync }] = await Promise.all([import('./command-config.js'), import('node:fs')]);
    // mapTls names the ssl.* key in its messages; say which registry key that was.
    try {
      out.tls = mapTls(ssl, (p) => readFileSync(p));
    } catch (err) {
      if (err instanceof TkafkaError) throw new TkafkaError(err.code, err.message.replace(/\bssl\./g, 'schema.registry.ssl.'), err.hint === undefined ? { exitCode: err.exitCode } : { exitCode: err.exitCode, hint: err.hint });
      throw err;
    }
  }
  return out;
}

/**
 * A registry failure as one line: Confluent's error body (exit 1; 401/403 are authentication, exit
 * 3), or no registry answering (exit 1, with where the bundled one runs). Anything else as it is.
 */
export function registryError(err: unknown): unknown {
  if (err instanceof Error && err.name === 'SchemaRegistryError') {
    const status = (err as Error & { status: number }).status;
    if (status === 401 || status === 403) {
      return new TkafkaError(ERROR_CODES.AUTH_FAILED, `Schema Registry refused the credentials: ${err.message}`, { exitCode: 3, hint: 'Check basic.auth.user.info or bearer.auth.* in --command-config.', cause: err });
    }
    return new TkafkaError('SCHEMA_REGISTRY', `Schema Registry: ${err.message}`, { cause: err });
  }
  if (err instanceof Error && err.name === 'SchemaRegistryUnreachableError') {
    return new TkafkaError('SCHEMA_REGISTRY_UNREACHABLE', `${err.message}.`, {
      cause: err,
      hint: `The bundled broker serves one on port 8081 ('tkafka broker start'); or pass --schema-registry-url.`,
    });
  }
  return err;
}
