// `tkafka broker start --secure`: a CA, a broker certificate for this machine and a SCRAM-SHA-512
// user, made once in <dataDir>/secure (0700, files 0600), a SASL_SSL listener next to PLAINTEXT,
// and the client properties files that reach it (Java-style for tkafka and Kafka's tools, and
// librdkafka-style for kcat). The password lives only in those two files and the salted store.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { errnoCode } from '../../shared/errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { createCa, issueCert } from '../security/certs.js';
import { clientListeners } from '../security/listeners.js';
import { ScramStore } from '../security/scram-store.js';
import { formatHostPort } from './net.js';

export const SECURE_USER = 'tkafka';

export interface SecureSetup {
  readonly dir: string;
  readonly caFile: string;
  /** Java client properties (tkafka --command-config, Kafka's tools). */
  readonly clientProperties: string;
  readonly clientPropertiesFile: string;
  /** librdkafka properties (kcat -F). */
  readonly librdkafkaPropertiesFile: string;
  /** The broker config that adds the SASL_SSL listener. */
  readonly config: Record<string, string>;
  readonly saslBootstrap: string;
  /** True when this run created the CA, certificate and user. */
  readonly created: boolean;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Creates what is missing and returns the config for the SASL_SSL listener on `port + 1` (or the
 * SASL_SSL listener already in `listeners=`). Safe to call on every start: an existing CA, key and
 * user are kept, and the properties files are rewritten with the current address.
 */
export async function ensureSecureSetup(dataDir: string, host: string, port: number, advertisedHost: string | undefined, config: Readonly<Record<string, string>>): Promise<SecureSetup> {
  const dir = join(dataDir, 'secure');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const caFile = join(dir, 'ca.pem');
  const caKeyFile = join(dir, 'ca.key');
  const brokerFile = join(dir, 'broker.pem');
  const passwordFile = join(dir, 'password');
  let created = false;

  let caPem = await readIfExists(caFile);
  const caKey = await readIfExists(caKeyFile);
  if (caPem === undefined || caKey === undefined) {
    const ca = createCa('tkafka local CA');
    writeFileAtomic(caKeyFile, ca.keyPem);
    writeFileAtomic(caFile, ca.certPem);
    caPem = ca.certPem;
    const hosts = ['localhost', '127.0.0.1', '::1', host, advertisedHost ?? ''].filter((h) => h !== '' && h !== '0.0.0.0' && h !== '::');
    const unique = [...new Set(hosts)];
    const server = issueCert(ca, { subject: [['O', 'tkafka'], ['CN', 'localhost']], dnsNames: unique.filter((h) => isIP(h) === 0), ips: unique.filter((h) => isIP(h) !== 0) });
    writeFileAtomic(brokerFile, server.keyPem + server.certPem + ca.certPem);
    created = true;
  }

  let password = (await readIfExists(passwordFile))?.trim();
  const store = new ScramStore(dataDir);
  if (password === undefined || password === '' || !store.has(SECURE_USER, 'SCRAM-SHA-512')) {
    password = randomBytes(18).toString('base64url');
    store.upsert(SECURE_USER, 'SCRAM-SHA-512', password);
    writeFileAtomic(passwordFile, `${password}\n`);
    created = true;
  }

  const existing = config['listeners'] === undefined ? [] : clientListeners(config);
  const sasl = existing.find((l) => l.name === 'SASL_SSL');
  const saslPort = sasl?.port ?? (port === 0 ? 0 : port + 1);
  const out: Record<string, string> = {
    'sasl.enabled.mechanisms': config['sasl.enabled.mechanisms'] ?? 'SCRAM-SHA-512',
    'listener.name.sasl_ssl.ssl.keystore.type': 'PEM',
    'listener.name.sasl_ssl.ssl.keystore.location': brokerFile,
  };
  if (sasl === undefined) {
    const given = config['listeners'] ?? `PLAINTEXT://${formatHostPort(host, port)}`;
    out['listeners'] = `${given},SASL_SSL://${formatHostPort(host, saslPort)}`;
  }
  const saslBootstrap = formatHostPort(advertisedHost ?? (host === '0.0.0.0' || host === '::' ? 'localhost' : host), saslPort);
  const clientProperties =
    `# tkafka broker start --secure: a client of this broker's SASL_SSL listener\n` +
    `bootstrap.servers=${saslBootstrap}\n` +
    `security.protocol=SASL_SSL\n` +
    `sasl.mechanism=SCRAM-SHA-512\n` +
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${SECURE_USER}" password="${password}";\n` +
    `ssl.truststore.type=PEM\n` +
    `ssl.truststore.location=${caFile}\n`;
  const clientPropertiesFile = join(dir, 'client.properties');
  writeFileAtomic(clientPropertiesFile, clientProperties);
  const librdkafkaPropertiesFile = join(dir, 'client-librdkafka.properties');
  writeFileAtomic(
    librdkafkaPropertiesFile,
    `# kcat -F ${librdkafkaPropertiesFile}\nbootstrap.servers=${saslBootstrap}\nsecurity.protocol=SASL_SSL\nsasl.mechanisms=SCRAM-SHA-512\n` +
      `sasl.username=${SECURE_USER}\nsasl.password=${password}\nssl.ca.location=${caFile}\n`,
  );
  return { dir, caFile, clientProperties, clientPropertiesFile, librdkafkaPropertiesFile, config: out, saslBootstrap, created };
}
