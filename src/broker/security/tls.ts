// TLS for SSL and SASL_SSL listeners from Kafka's ssl.* keys (listener.name.<l>.ssl.* first):
// PEM key stores (a file with key and chain, or inline PEM values), PKCS12 key stores through
// Node's `pfx`, PEM or PKCS12 trust stores, and ssl.client.auth for mTLS. An unset ssl.*.type is
// Kafka's JKS: a PKCS12 file loads (as in Java 9+), a PEM file fails as in Java.
import fs from 'node:fs';
import type tls from 'node:tls';
import { TkafkaError } from '../../shared/errors.js';
import { pkcs12Certificates } from '../../shared/pkcs12.js';
import { declaredStoreType, invalidJksText, jksStoreContent, keytoolConvert } from '../../shared/store-type.js';
import { listenerConfig } from './listeners.js';

export type ClientAuth = 'none' | 'requested' | 'required';

export interface ListenerTls {
  readonly options: tls.TlsOptions;
  readonly clientAuth: ClientAuth;
}

function badConfig(message: string, hint?: string): TkafkaError {
  return new TkafkaError('BAD_CONFIG', `invalid broker config: ${message}`, hint === undefined ? { exitCode: 2 } : { exitCode: 2, hint });
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** PEM blocks re-wrapped: Kafka accepts a PEM value on one line (properties files), OpenSSL does not. */
export function pemBlocks(text: string): { label: string; pem: string }[] {
  const out: { label: string; pem: string }[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const label = m[1] as string;
    const body = (m[2] as string).replace(/\s+/g, '');
    const lines = body.match(/.{1,64}/g) ?? [];
    out.push({ label, pem: `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n` });
  }
  return out;
}

/** Refuses a key file other users can read, as a private key must not be (the message names the fix). */
export function readPrivateFile(file: string, key: string): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw badConfig(`${key}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if ((st.mode & 0o007) !== 0) {
    throw badConfig(
      `${key}: private key file ${file} is accessible by other users (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`,
      `Run: chmod 600 ${file}`,
    );
  }
  return fs.readFileSync(file);
}

function readPublicFile(file: string, key: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw badConfig(`${key}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/**
 * The format of a store file as Kafka's ssl.*.type decides it: PEM and PKCS12 as given; JKS, the
 * default when unset, reads a PKCS12 file as Java 9+ does, fails on a PEM file with Java's error,
 * and refuses a real JKS file with the keytool command (see shared/store-type.ts).
 */
function storeFormat(kind: 'keystore' | 'truststore', declared: string | undefined, location: string, bytes: Buffer): 'PEM' | 'PKCS12' {
  const type = declaredStoreType(declared);
  if (type === undefined) throw badConfig(`ssl.${kind}.type must be PEM, PKCS12 or JKS, got '${declared ?? ''}'`);
  if (type !== 'JKS') return type;
  const content = jksStoreContent(bytes);
  if (content === 'PKCS12') return 'PKCS12';
  if (content === 'JKS') {
    throw badConfig(`ssl.${kind}.location: ${location} is a JKS key store, which tkafka cannot read without a JVM`, `Convert it once: ${keytoolConvert(location, kind)}, then set ssl.${kind}.type=PKCS12`);
  }
  const pem = bytes.subarray(0, 64).toString('latin1').trimStart().startsWith('-----BEGIN');
  throw badConfig(`ssl.${kind}.location: ${invalidJksText(location)}`, pem ? `ssl.${kind}.type is ${declared === undefined ? "unset, so Kafka's default JKS applies" : 'JKS'}; for a PEM file set ssl.${kind}.type=PEM` : undefined);
}

/** The certificates of a PKCS12 trust store (Node's TLS takes PKCS12 only with a key), as PEM. */
function trustStoreCertificates(bytes: Buffer, file: string, password: string | undefined): string {
  try {
    return pkcs12Certificates(bytes, password ?? '').join('');
  } catch (err) {
    throw badConfig(`ssl.truststore.location: cannot read PKCS12 trust store ${file} (wrong ssl.truststore.password?): ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
}

/** TLS server options for one listener, or a BAD_CONFIG error naming the key that is missing or wrong. */
export function listenerTls(raw: Readonly<Record<string, string>>, listenerName: string): ListenerTls {
  const get = (k: string): string | undefined => {
    const v = listenerConfig(raw, listenerName, k);
    return v === undefined || v === '' ? undefined : v;
  };
  const options: tls.TlsOptions = {};
  const ksLocation = get('ssl.keystore.location');
  const ksDeclared = get('ssl.keystore.type');
  const chain = get('ssl.keystore.certificate.chain');
  const inlineKey = get('ssl.keystore.key');
  const inline = chain !== undefined || inlineKey !== undefined;
  // Kafka: inline PEM values need ssl.keystore.type=PEM (JKS, the default, cannot hold them).
  const ksTypeDeclared = declaredStoreType(ksDeclared);
  if (inline && ksTypeDeclared !== undefined && ksTypeDeclared !== 'PEM') throw badConfig(`SSL private key can be specified only for PEM, but key store type is ${ksTypeDeclared}.`);
  const ksBytes = !inline && ksLocation !== undefined ? readPrivateFile(ksLocation, 'ssl.keystore.location') : undefined;
  const ksType = ksBytes === undefined || ksLocation === undefined ? 'PEM' : storeFormat('keystore', ksDeclared, ksLocation, ksBytes);
  const keyPassword = get('ssl.key.password');
  if (ksType === 'PKCS12') {
    options.pfx = ksBytes;
    const pass = get('ssl.keystore.password') ?? keyPassword;
    if (pass !== undefined) options.passphrase = pass;
  } else {
    let text: string;
    let source: string;
    if (inline) {
      if (chain === undefined || inlineKey === undefined) throw badConfig(`listener ${listenerName}: ssl.keystore.certificate.chain and ssl.keystore.key go together`);
      text = `${inlineKey}\n${chain}`;
      source = 'ssl.keystore.key';
    } else if (ksLocation !== undefined && ksBytes !== undefined) {
      text = ksBytes.toString('utf8');
      source = ksLocation;
    } else {
      throw badConfig(`listener ${listenerName} (TLS) needs a key store: ssl.keystore.location, or ssl.keystore.certificate.chain and ssl.keystore.key`);
    }
    const blocks = pemBlocks(text);
    const key = blocks.find((b) => b.label.endsWith('PRIVATE KEY'));
    const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
    if (key === undefined) throw badConfig(`listener ${listenerName}: no PEM private key in ${source}`);
    if (certs.length === 0) throw badConfig(`listener ${listenerName}: no PEM certificate in ${source === 'ssl.keystore.key' ? 'ssl.keystore.certificate.chain' : source}`);
    options.key = key.pem;
    options.cert = certs.map((c) => c.pem).join('');
    if (keyPassword !== undefined) options.passphrase = keyPassword;
  }

  const tsLocation = get('ssl.truststore.location');
  const tsInline = get('ssl.truststore.certificates');
  const tsDeclared = get('ssl.truststore.type');
  if (tsInline !== undefined) {
    const t = declaredStoreType(tsDeclared);
    if (t !== undefined && t !== 'PEM') throw badConfig(`SSL trust store certs can be specified only for PEM, but trust store type is ${t}.`);
    options.ca = pemBlocks(tsInline).map((b) => b.pem);
  } else if (tsLocation !== undefined) {
    const bytes = readPublicFile(tsLocation, 'ssl.truststore.location');
    const tsType = storeFormat('truststore', tsDeclared, tsLocation, bytes);
    const text = tsType === 'PKCS12' ? trustStoreCertificates(bytes, tsLocation, get('ssl.truststore.password')) : bytes.toString('utf8');
    const certs = pemBlocks(text).filter((b) => b.label === 'CERTIFICATE');
    if (certs.length === 0) throw badConfig(`listener ${listenerName}: no certificate in trust store ${tsLocation}`);
    options.ca = certs.map((c) => c.pem);
  }

  const auth = (get('ssl.client.auth') ?? 'none').toLowerCase();
  if (auth !== 'none' && auth !== 'requested' && auth !== 'required') throw badConfig(`ssl.client.auth must be none, requested or required, got '${auth}'`);
  const clientAuth = auth;
  options.requestCert = clientAuth !== 'none';
  // 'requested' lets a client without a certificate in; one with an untrusted certificate is refused
  // after the handshake (Connection checks `authorized`), as Java's wantClientAuth does.
  options.rejectUnauthorized = clientAuth === 'required';

  const protocols = get('ssl.enabled.protocols');
  if (protocols !== undefined) {
    const list = protocols.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const known = ['TLSv1.2', 'TLSv1.3'] as const;
    for (const p of list) if (!(known as readonly string[]).includes(p)) throw badConfig(`ssl.enabled.protocols: ${p} is not supported (TLSv1.2, TLSv1.3)`);
    options.minVersion = list.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3';
    options.maxVersion = list.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2';
  }
  return { options, clientAuth };
}
