import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueCert, toPkcs12, type KeyAndCert } from '../../../src/broker/security/certs.js';
import { mapClientProperties, parseJaasConfig, type ClientProperties } from '../../../src/cli/options/command-config.js';
import { connectionError, nativeClientOptions, resolveConnection } from '../../../src/cli/options/connection.js';
import { EXIT_CODES } from '../../../src/cli/exit-codes.js';
import { memoryIO } from '../../../src/cli/output/io.js';
import { errorOf } from './error-of.js';
import { OAuthTokenError } from '../../../src/client/native/oauth.js';
import { SaslAuthenticationError } from '../../../src/client/native/sasl.js';
import type { TkafkaError } from '../../../src/shared/errors.js';

// The security half of --command-config: every TLS and SASL property tkafka maps, the errors, and
// that no secret (password, client secret, token, key password) ever appears in a message.

const SECRETS = ['s3cret-pw', 'client-s3cret', 'st0re-pw', 'k3y-pw', 'tok3n-value'];

let ca: KeyAndCert;
let client: KeyAndCert;
let dir: string;
const file = (name: string, content: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content, { mode: 0o600 });
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-cc-sec-'));
  ca = createCa('cc test CA');
  client = issueCert(ca, { subject: [['CN', 'alice']] });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (p: string): Buffer => fs.readFileSync(p);
const map = (props: Record<string, string>): ClientProperties => mapClientProperties(props, { readFile: read });

function noSecret(e: TkafkaError): TkafkaError {
  for (const s of SECRETS) {
    expect(e.message).not.toContain(s);
    expect(e.hint ?? '').not.toContain(s);
  }
  expect(e.exitCode).toBe(2);
  expect(e.message).not.toContain('\n');
  return e;
}

/** A trust store as keytool writes it, or (no JDK) as node-forge does: trusted certificates only. */
function pkcs12TrustStore(password: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(null, [forge.pki.certificateFromPem(ca.certPem)], password, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function hasKeytool(): boolean {
  try {
    execFileSync('keytool', ['-help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('TLS stores', () => {
  it('PEM trust store by location or inline, and librdkafka ssl.ca.location', () => {
    const caFile = file('ca.pem', ca.certPem);
    expect(map({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': caFile }).ssl?.ca).toEqual([ca.certPem]);
    expect(map({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.certificates': ca.certPem }).ssl?.ca).toEqual([ca.certPem]);
    expect(map({ 'security.protocol': 'SSL', 'ssl.ca.location': caFile }).ssl?.ca).toEqual([ca.certPem]);
    // No type: Kafka's default JKS, which cannot load a PEM file: Kafka's and Java's error, and the fix.
    const unset = errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.truststore.location': caFile }));
    expect(unset.message).toBe(`Failed to load SSL keystore ${caFile} of type JKS: Invalid keystore format.`);
    expect(unset.hint).toBe("ssl.truststore.type is unset, so Kafka's default JKS applies; for a PEM file set ssl.truststore.type=PEM.");
    expect(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'JKS', 'ssl.truststore.location': caFile })).hint).toBe('ssl.truststore.type is JKS; for a PEM file set ssl.truststore.type=PEM.');
    // Inline PEM values need the PEM type, as in Kafka.
    expect(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.truststore.certificates': ca.certPem })).message).toBe('SSL trust store certs can be specified only for PEM, but trust store type is JKS.');
    expect(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.certificate.chain': ca.certPem, 'ssl.keystore.key': 'k' })).message).toBe('SSL private key can be specified only for PEM, but key store type is PKCS12.');
    // No TLS settings for plaintext protocols, whatever the file says.
    expect(map({ 'security.protocol': 'PLAINTEXT', 'ssl.truststore.location': caFile }).ssl).toBeUndefined();
  });

  it('PKCS12 trust store: its certificates become the CA list (explicit type, or detected under the JKS default)', () => {
    const p12 = file('truststore.p12', pkcs12TrustStore('st0re-pw'));
    const want = new forge.util.ByteStringBuffer(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(ca.certPem))).getBytes()).toHex();
    for (const type of ['PKCS12', 'JKS', undefined]) {
      const tls = map({ 'security.protocol': 'SSL', 'ssl.truststore.location': p12, 'ssl.truststore.password': 'st0re-pw', ...(type === undefined ? {} : { 'ssl.truststore.type': type }) }).ssl;
      const pems = tls?.ca as string[];
      expect(pems).toHaveLength(1);
      expect(new forge.util.ByteStringBuffer(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pems[0] ?? ''))).getBytes()).toHex()).toBe(want);
    }
    const wrong = noSecret(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PKCS12', 'ssl.truststore.location': p12, 'ssl.truststore.password': 's3cret-pw' })));
    expect(wrong.message).toMatch(/^Cannot open ssl\.truststore\.location '.*truststore\.p12' as PKCS12 \(.*\); check ssl\.truststore\.password\.$/);
  });

  it.skipIf(!hasKeytool())('a trust store made by keytool (PKCS12, AES and HmacSHA256) is read', () => {
    const caFile = file('kt-ca.pem', ca.certPem);
    const store = path.join(dir, 'kt-truststore.p12');
    execFileSync('keytool', ['-importcert', '-noprompt', '-alias', 'ca', '-file', caFile, '-keystore', store, '-storetype', 'PKCS12', '-storepass', 'st0re-pw'], { stdio: 'ignore' });
    const tls = map({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PKCS12', 'ssl.truststore.location': store, 'ssl.truststore.password': 'st0re-pw' }).ssl;
    expect(tls?.ca).toEqual([ca.certPem.replace(/\r\n/g, '\n')]);
  });

  it.skipIf(!hasKeytool())("keytool's stores under an unset type (Kafka's JKS): a PKCS12 key store loads, a JKS one is refused with the convert command", () => {
    const p12 = path.join(dir, 'kt-client.p12');
    const jks = path.join(dir, 'kt-client.jks');
    for (const [file, type] of [
      [p12, 'PKCS12'],
      [jks, 'JKS'],
    ] as const) {
      execFileSync('keytool', ['-genkeypair', '-alias', 'client', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=client', '-validity', '2', '-storetype', type, '-keystore', file, '-storepass', 'st0re-pw', '-keypass', 'st0re-pw'], { stdio: 'ignore' });
    }
    expect(map({ 'security.protocol': 'SSL', 'ssl.keystore.location': p12, 'ssl.keystore.password': 'st0re-pw' }).ssl?.pfx).toEqual([{ buf: fs.readFileSync(p12), passphrase: 'st0re-pw' }]);
    const refused = noSecret(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.keystore.location': jks, 'ssl.keystore.password': 'st0re-pw' })));
    expect(refused.message).toBe(`ssl.keystore.location '${jks}' is a JKS key store, which tkafka cannot read without a JVM.`);
    expect(refused.hint).toBe(`Convert it once: keytool -importkeystore -srckeystore ${jks} -destkeystore keystore.p12 -deststoretype PKCS12, then set ssl.keystore.type=PKCS12.`);
  });

  it('a real JKS file is refused with the keytool command to convert it, for either store', () => {
    const jks = file('store.jks', Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 1, 2, 3]));
    const t = noSecret(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.truststore.location': jks, 'ssl.truststore.password': 'st0re-pw' })));
    expect(t.message).toBe(`ssl.truststore.location '${jks}' is a JKS key store, which tkafka cannot read without a JVM.`);
    expect(t.hint).toBe(`Convert it once: keytool -importkeystore -srckeystore ${jks} -destkeystore truststore.p12 -deststoretype PKCS12, then set ssl.truststore.type=PKCS12.`);
    const k = noSecret(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'JKS', 'ssl.keystore.location': jks, 'ssl.keystore.password': 'st0re-pw' })));
    expect(k.message).toBe(`ssl.keystore.location '${jks}' is a JKS key store, which tkafka cannot read without a JVM.`);
    expect(k.hint).toBe(`Convert it once: keytool -importkeystore -srckeystore ${jks} -destkeystore keystore.p12 -deststoretype PKCS12, then set ssl.keystore.type=PKCS12.`);
    expect(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'BCFKS', 'ssl.truststore.location': jks })).message).toBe("Unsupported ssl.truststore.type 'BCFKS': expected PEM, PKCS12 or JKS.");
  });

  it('mTLS: PEM key store file, inline chain and key, librdkafka locations, PKCS12 key store', () => {
    const both = file('client.pem', client.keyPem + client.certPem);
    expect(map({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': both }).ssl).toMatchObject({ cert: client.keyPem + client.certPem, key: client.keyPem + client.certPem });
    expect(map({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'PEM', 'ssl.keystore.certificate.chain': client.certPem, 'ssl.keystore.key': client.keyPem, 'ssl.key.password': 'k3y-pw' }).ssl).toMatchObject({
      cert: client.certPem,
      key: client.keyPem,
      passphrase: 'k3y-pw',
    });
    const crt = file('client.crt', client.certPem);
    const key = file('client.key', client.keyPem);
    expect(map({ 'security.protocol': 'SSL', 'ssl.certificate.location': crt, 'ssl.key.location': key }).ssl).toMatchObject({ cert: client.certPem, key: client.keyPem });
    const p12 = file('client.p12', toPkcs12(client, ca.certPem, 'st0re-pw'));
    const tls = map({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': p12, 'ssl.keystore.password': 'st0re-pw' }).ssl;
    expect(tls?.pfx).toEqual([{ buf: fs.readFileSync(p12), passphrase: 'st0re-pw' }]);
    // Detected as PKCS12 under the JKS default too.
    expect(map({ 'security.protocol': 'SSL', 'ssl.keystore.location': p12, 'ssl.keystore.password': 'st0re-pw' }).ssl?.pfx).toBeDefined();
    const wrong = noSecret(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': p12, 'ssl.keystore.password': 's3cret-pw' })));
    expect(wrong.message).toMatch(/^Cannot open ssl\.keystore\.location '.*client\.p12' as PKCS12 \(.*\); check ssl\.keystore\.password\.$/);
    const half = noSecret(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.certificate.location': crt })));
    expect(half.message).toBe('A client certificate needs both its certificate and its private key: the key is missing (ssl.keystore.key or ssl.key.location).');
  });

  it('host name verification, certificate verification and TLS versions', () => {
    const on = map({ 'security.protocol': 'SSL' }).ssl;
    expect(on).toEqual({ rejectUnauthorized: true });
    expect(map({ 'security.protocol': 'SSL', 'ssl.endpoint.identification.algorithm': 'https' }).ssl?.checkServerIdentity).toBeUndefined();
    expect(map({ 'security.protocol': 'SSL', 'ssl.endpoint.identification.algorithm': '' }).ssl?.checkServerIdentity?.('x', {} as never)).toBeUndefined();
    expect(map({ 'security.protocol': 'SSL', 'enable.ssl.certificate.verification': 'false' }).ssl?.rejectUnauthorized).toBe(false);
    expect(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.endpoint.identification.algorithm': 'ldap' })).message).toBe("Invalid value 'ldap' for configuration ssl.endpoint.identification.algorithm: expected https or empty.");
    expect(map({ 'security.protocol': 'SSL', 'ssl.enabled.protocols': 'TLSv1.3' }).ssl).toMatchObject({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    expect(map({ 'security.protocol': 'SSL', 'ssl.enabled.protocols': 'TLSv1.2,TLSv1.3', 'ssl.protocol': 'TLSv1.3' }).ssl).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    expect(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.enabled.protocols': 'TLSv1' })).message).toBe("Invalid value 'TLSv1' for configuration ssl.enabled.protocols: tkafka speaks TLSv1.2 and TLSv1.3.");
  });

  it('a stray line of a multi-line secret is not echoed as a property name', () => {
    const e = noSecret(errorOf(() => mapClientProperties({ 'security.protocol': 'SSL', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ+k3y/pw': '' }, { readFile: read })));
    expect(e.message).toBe('Unsupported client property: a 57-character key that is not a property name.');
    expect(e.message).not.toContain('MIIE');
  });

  it('a missing file is named, with the OS reason', () => {
    const nope = path.join(dir, 'nope.pem');
    const e = noSecret(errorOf(() => map({ 'security.protocol': 'SSL', 'ssl.truststore.location': nope, 'ssl.truststore.password': 'st0re-pw' })));
    expect(e.message).toBe(`Cannot read ssl.truststore.location '${nope}': ENOENT: no such file or directory, open '${nope}'`);
  });
});

describe('SASL', () => {
  const scram = (jaas: string): Record<string, string> => ({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-256', 'sasl.jaas.config': jaas });

  it('PLAIN and SCRAM from sasl.jaas.config (double or single quotes, as Confluent Cloud writes it), or librdkafka names', () => {
    expect(map(scram('org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3cret-pw";')).sasl).toEqual({ mechanism: 'SCRAM-SHA-256', username: 'alice', password: 's3cret-pw' });
    expect(
      map({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': "org.apache.kafka.common.security.plain.PlainLoginModule required username='KEY' password='s3cret-pw';" }).sasl,
    ).toEqual({ mechanism: 'PLAIN', username: 'KEY', password: 's3cret-pw' });
    expect(map({ 'security.protocol': 'SASL_SSL', 'sasl.mechanisms': 'PLAIN', 'sasl.username': 'KEY', 'sasl.password': 's3cret-pw', 'client.dns.lookup': 'use_all_dns_ips' }).sasl).toEqual({
      mechanism: 'PLAIN',
      username: 'KEY',
      password: 's3cret-pw',
    });
    expect(parseJaasConfig("m.X required a='say \"hi\"' b=\"it's\";").options).toEqual({ a: 'say "hi"', b: "it's" });
  });

  it('errors name the mechanism or key, never the password', () => {
    // A password with a space, unquoted: its second half is not echoed as an option name.
    expect(noSecret(errorOf(() => map(scram('org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password=s3cret -pw;')))).message).toBe(
      "Invalid sasl.jaas.config: expected '=' after the option ending at position 97.",
    );
    expect(noSecret(errorOf(() => map(scram('org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password=s3cret-pw";')))).message).toBe('Invalid sasl.jaas.config: unexpected character at position 97.');
    noSecret(errorOf(() => map(scram('org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3cret-pw"'))));
    expect(noSecret(errorOf(() => map(scram('org.apache.kafka.common.security.scram.ScramLoginModule required password="s3cret-pw";')))).message).toBe('sasl.jaas.config must set both username="..." and password="...".');
    expect(noSecret(errorOf(() => map(scram('org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="s3cret-pw";')))).message).toBe(
      'sasl.jaas.config uses org.apache.kafka.common.security.plain.PlainLoginModule, but sasl.mechanism SCRAM-SHA-256 needs ScramLoginModule.',
    );
    expect(noSecret(errorOf(() => map(scram('org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password="s3cret-pw')))).message).toBe('Invalid sasl.jaas.config: unterminated quoted value for password.');
    expect(noSecret(errorOf(() => map({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'AWS_MSK_IAM', 'sasl.password': 's3cret-pw' }))).message).toBe(
      "Unsupported sasl.mechanism 'AWS_MSK_IAM'; tkafka supports PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER.",
    );
    expect(noSecret(errorOf(() => map({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN', 'sasl.password': 's3cret-pw' }))).message).toBe(
      'security.protocol SASL_PLAINTEXT needs credentials: set sasl.jaas.config (or sasl.username and sasl.password).',
    );
  });

  it('OAUTHBEARER: client credentials at a token endpoint, from the JAAS options or the KIP-1139 properties', () => {
    const oauth = {
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'OAUTHBEARER',
      'sasl.oauthbearer.token.endpoint.url': 'https://idp.example.com/oauth2/token',
      'sasl.login.callback.handler.class': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
    };
    expect(
      map({
        ...oauth,
        'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="app" clientSecret="client-s3cret" scope="kafka" extension_logicalCluster="lkc-1";',
      }).sasl,
    ).toEqual({
      mechanism: 'OAUTHBEARER',
      token: { kind: 'client-credentials', url: 'https://idp.example.com/oauth2/token', clientId: 'app', clientSecret: 'client-s3cret', scope: 'kafka' },
      extensions: { logicalCluster: 'lkc-1' },
    });
    expect(
      map({
        ...oauth,
        'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
        'sasl.oauthbearer.client.credentials.client.id': 'app',
        'sasl.oauthbearer.client.credentials.client.secret': 'client-s3cret',
        'sasl.oauthbearer.scope': 's',
      }).sasl,
    ).toMatchObject({ token: { kind: 'client-credentials', clientId: 'app', clientSecret: 'client-s3cret', scope: 's' } });
    const missing = noSecret(errorOf(() => map({ ...oauth, 'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientSecret="client-s3cret";' })));
    expect(missing.message).toBe('sasl.oauthbearer.token.endpoint.url needs client credentials: clientId="..." and clientSecret="..." in sasl.jaas.config.');
    expect(noSecret(errorOf(() => map({ ...oauth, 'sasl.login.callback.handler.class': 'com.example.Custom', 'sasl.oauthbearer.token': 'tok3n-value' }))).message).toBe(
      "Unsupported sasl.login.callback.handler.class 'com.example.Custom'; tkafka gets tokens as Kafka's OAuthBearerLoginCallbackHandler does.",
    );
  });

  it('OAUTHBEARER: a file: token URL, an unsecured JWS, tkafka\'s static token, librdkafka\'s unsecured config', () => {
    const base = { 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'OAUTHBEARER' };
    const tokenFile = file('token.jwt', 'abc.def.ghi\n');
    expect(map({ ...base, 'sasl.oauthbearer.token.endpoint.url': `file://${tokenFile}` }).sasl).toEqual({ mechanism: 'OAUTHBEARER', token: { kind: 'file', path: tokenFile }, extensions: {} });
    expect(
      map({ ...base, 'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="alice" unsecuredLoginLifetimeSeconds="60" unsecuredLoginStringClaim_aud="kafka" unsecuredLoginExtension_traceId="t1";' })
        .sasl,
    ).toEqual({ mechanism: 'OAUTHBEARER', token: { kind: 'unsecured', subject: 'alice', lifetimeSeconds: 60, claims: { aud: 'kafka' } }, extensions: { traceId: 't1' } });
    expect(map({ ...base, 'sasl.oauthbearer.token': 'tok3n-value', 'sasl.oauthbearer.extensions': 'a=1,b=2' }).sasl).toEqual({ mechanism: 'OAUTHBEARER', token: { kind: 'static', token: 'tok3n-value' }, extensions: { a: '1', b: '2' } });
    expect(map({ ...base, 'sasl.oauthbearer.config': 'principal=bob' }).sasl).toMatchObject({ token: { kind: 'unsecured', subject: 'bob', lifetimeSeconds: 3600 } });
    expect(errorOf(() => map(base)).message).toBe(
      'sasl.mechanism OAUTHBEARER needs a token source: sasl.oauthbearer.token.endpoint.url (with clientId/clientSecret in sasl.jaas.config), unsecuredLoginStringClaim_sub in sasl.jaas.config, or sasl.oauthbearer.token.',
    );
    expect(noSecret(errorOf(() => map({ ...base, 'sasl.oauthbearer.token.endpoint.url': 'ftp://u:s3cret-pw@x' }))).message).toBe('Invalid value for configuration sasl.oauthbearer.token.endpoint.url: expected an http(s) or file URL.');
  });

  it('the native client gets the mechanism and a token function that loads the provider lazily', async () => {
    const s = await resolveConnection({ commandProperty: { 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'OAUTHBEARER', 'sasl.oauthbearer.token': 'tok3n-value' } }, memoryIO());
    const sasl = nativeClientOptions(s).sasl;
    expect(sasl?.mechanism).toBe('OAUTHBEARER');
    expect(await sasl?.token?.()).toBe('tok3n-value');
    const scramSettings = await resolveConnection({ commandProperty: { 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.username': 'u', 'sasl.password': 's3cret-pw' } }, memoryIO());
    expect(nativeClientOptions(scramSettings).sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'u', password: 's3cret-pw' });
  });
});

describe('authentication errors', () => {
  it('SASL, token and client-certificate failures are one line with exit 3; the bootstrap is named, no secret', () => {
    const bad = connectionError(new SaslAuthenticationError('Authentication failed: Invalid username or password', '127.0.0.1:9093', 58), { bootstrap: '127.0.0.1:9093' });
    expect(bad).toMatchObject({ code: 'AUTH_FAILED', exitCode: EXIT_CODES.AUTH, message: 'SASL authentication with 127.0.0.1:9093 failed: Authentication failed: Invalid username or password' });
    const token = connectionError(new OAuthTokenError('The OAuth token endpoint https://idp/t answered 401 Unauthorized: invalid_client.'), { bootstrap: 'b:1' });
    expect(token).toMatchObject({ exitCode: 3, message: 'No OAUTHBEARER token for b:1: The OAuth token endpoint https://idp/t answered 401 Unauthorized: invalid_client.' });
    const alert = Object.assign(new Error('error:0A00045C:SSL routines::tlsv13 alert certificate required'), { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    const cert = connectionError(new Error('connection failed', { cause: alert }), { bootstrap: 'b:1' });
    expect(cert.exitCode).toBe(3);
    expect(cert.message).toBe('TLS connection to b:1 failed: the broker refused the client certificate (error:0A00045C:SSL routines::tlsv13 alert certificate required); check ssl.keystore.* (mTLS).');
  });
});
