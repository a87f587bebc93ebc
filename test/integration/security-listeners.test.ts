import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { encodeMetadataRequest, defaultMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeDescribeClusterResponse } from '../../src/protocol/generated/messages/describe-cluster-response.js';
import { defaultDescribeClusterRequest, encodeDescribeClusterRequest } from '../../src/protocol/generated/messages/describe-cluster-request.js';
import { decodeFindCoordinatorResponse } from '../../src/protocol/generated/messages/find-coordinator-response.js';
import { defaultFindCoordinatorRequest, encodeFindCoordinatorRequest } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { createPrivateKey } from 'node:crypto';
import { toPkcs12 } from '../../src/broker/security/certs.js';
import { startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';
import { createTlsFixtures, kafkajsRoundTrip, listenerPort, type TlsFixtures } from './security-fixtures.js';
import { SecureWire } from './security-wire.js';

// Several listeners at once (PLAINTEXT, SSL, custom names through listener.security.protocol.map),
// each answering Metadata and FindCoordinator with its own endpoint, TLS with kcat and kafkajs,
// mTLS, and failures that end one connection only.

let f: TlsFixtures;
beforeAll(() => {
  f = createTlsFixtures();
});
afterAll(() => f.dispose());


function hasKeytool(): boolean {
  try {
    execFileSync('keytool', ['-help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The distinct reasons the broker logged for closing connections (kcat may retry, so each once). */
function closeReasons(logs: readonly string[]): string[] {
  return [...new Set(logs.map((l) => /^closing connection 127\.0\.0\.1:\d+: (.*)$/.exec(l)?.[1]).filter((r) => r !== undefined))];
}

async function metadataBrokers(port: number, tlsOn: boolean): Promise<string[]> {
  const wire = await SecureWire.connect(port, tlsOn ? { ca: f.ca.certPem } : undefined);
  try {
    const r = await wire.request(3, 12, (w) => encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [] }, 12));
    if (r === null) throw new Error('closed');
    return decodeMetadataResponse(r, 12).brokers.map((b) => `${b.host}:${b.port}`);
  } finally {
    wire.close();
  }
}

async function coordinator(port: number, tlsOn: boolean): Promise<string> {
  const wire = await SecureWire.connect(port, tlsOn ? { ca: f.ca.certPem } : undefined);
  try {
    const r = await wire.request(10, 3, (w) => encodeFindCoordinatorRequest(w, { ...defaultFindCoordinatorRequest(), key: 'g', keyType: 0 }, 3));
    if (r === null) throw new Error('closed');
    const res = decodeFindCoordinatorResponse(r, 3);
    return `${res.host}:${res.port}`;
  } finally {
    wire.close();
  }
}

describe('several listeners at once', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker({
      config: {
        listeners: 'INTERNAL://127.0.0.1:0,EXTERNAL://127.0.0.1:0,SSL://127.0.0.1:0',
        'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,SSL:SSL',
        'advertised.listeners': 'EXTERNAL://kafka.example.com:19092',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': f.serverPemFile,
      },
    });
  });
  afterAll(async () => b.dispose());

  it('binds each listener with its protocol', () => {
    expect(b.running.listeners.map((l) => [l.name, l.securityProtocol])).toEqual([
      ['INTERNAL', 'PLAINTEXT'],
      ['EXTERNAL', 'PLAINTEXT'],
      ['SSL', 'SSL'],
    ]);
    expect(b.logs[0]).toContain(`listening on INTERNAL://127.0.0.1:${listenerPort(b, 'INTERNAL')}, EXTERNAL://127.0.0.1:${listenerPort(b, 'EXTERNAL')} (advertised kafka.example.com:19092), SSL://127.0.0.1:${listenerPort(b, 'SSL')}`);
  });

  it('answers Metadata and FindCoordinator with the endpoint of the listener the request came in on', async () => {
    const internal = listenerPort(b, 'INTERNAL');
    const ssl = listenerPort(b, 'SSL');
    expect(await metadataBrokers(internal, false)).toEqual([`127.0.0.1:${internal}`]);
    expect(await metadataBrokers(listenerPort(b, 'EXTERNAL'), false)).toEqual(['kafka.example.com:19092']);
    expect(await metadataBrokers(ssl, true)).toEqual([`127.0.0.1:${ssl}`]);
    expect(await coordinator(internal, false)).toBe(`127.0.0.1:${internal}`);
    expect(await coordinator(listenerPort(b, 'EXTERNAL'), false)).toBe('kafka.example.com:19092');
    expect(await coordinator(ssl, true)).toBe(`127.0.0.1:${ssl}`);
    const wire = await SecureWire.connect(listenerPort(b, 'EXTERNAL'));
    const r = await wire.request(60, 0, (w) => encodeDescribeClusterRequest(w, defaultDescribeClusterRequest(), 0));
    expect(r === null ? null : decodeDescribeClusterResponse(r, 0).brokers.map((x) => `${x.host}:${x.port}`)).toEqual(['kafka.example.com:19092']);
    wire.close();
  });

  it('kcat lists the SSL listener as the broker when it bootstraps there', async () => {
    const ssl = listenerPort(b, 'SSL');
    const r = await kcat(['-b', `127.0.0.1:${ssl}`, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${f.caFile}`, '-L']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  broker 1 at 127.0.0.1:${ssl} (controller)\n`);
  });
});

describe('TLS listener', () => {
  let b: TestBroker;
  let ssl: number;
  beforeAll(async () => {
    b = await startTestBroker({ config: { listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': f.serverPemFile } });
    ssl = listenerPort(b, 'SSL');
  });
  afterAll(async () => b.dispose());

  it('kcat produces and consumes over SSL byte-exact', async () => {
    const tlsArgs = ['-b', `127.0.0.1:${ssl}`, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${f.caFile}`];
    const lines = Array.from({ length: 20 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n';
    const p = await kcat([...tlsArgs, '-t', 'tls-kcat', '-P', '-K:'], lines);
    expect(p.exitCode, p.stderr).toBe(0);
    const c = await kcat([...tlsArgs, '-t', 'tls-kcat', '-C', '-e', '-q', '-f', '%o|%k|%s\n']);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(c.stdout).toBe(Array.from({ length: 20 }, (_, i) => `${i}|k${i}|v${i}`).join('\n') + '\n');
  });

  it('kafkajs produces and consumes over SSL exactly', async () => {
    expect(await kafkajsRoundTrip({ brokers: [`127.0.0.1:${ssl}`], ssl: { ca: [f.ca.certPem] } }, 'tls-kjs', 10)).toEqual(Array.from({ length: 10 }, (_, i) => `${i}|k${i}|v${i}`));
  });

  it('TLS garbage and a plaintext request on the TLS port close those connections only', async () => {
    const kafka = new Kafka({ brokers: [`127.0.0.1:${ssl}`], ssl: { ca: [f.ca.certPem] }, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: 'survivor', numPartitions: 1 }] })).toBe(true);
    for (const junk of [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), Buffer.from([0, 0, 0, 10, 0, 18, 0, 3, 0, 0, 0, 1, 0, 0]), Buffer.alloc(4096, 0x16)]) {
      const sock = net.connect(ssl, '127.0.0.1');
      sock.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
      sock.write(junk);
      await closed;
    }
    expect((await admin.fetchTopicMetadata({ topics: ['survivor'] })).topics[0]?.name).toBe('survivor');
    await admin.disconnect();
    // One handshake failure per junk connection, and nothing else closed.
    expect(b.logs.filter((l) => l.startsWith('TLS handshake with 127.0.0.1 on listener SSL failed: '))).toHaveLength(3);
  });
});

describe('mTLS', () => {
  const clientArgs = (port: number): string[] => ['-b', `127.0.0.1:${port}`, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${f.caFile}`];
  const withCert = (port: number, cert: string, key: string): string[] => [...clientArgs(port), '-X', `ssl.certificate.location=${cert}`, '-X', `ssl.key.location=${key}`];

  it('ssl.client.auth=required: a trusted client certificate gets in, none or an untrusted one is refused', async () => {
    const b = await startTestBroker({
      config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': f.serverPemFile, 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': f.caFile, 'ssl.client.auth': 'required' },
    });
    try {
      const port = b.running.port;
      const ok = await kcat([...withCert(port, f.clientCertFile, f.clientKeyFile), '-t', 'mtls', '-P'], 'hello\n');
      expect(ok.exitCode, ok.stderr).toBe(0);
      const c = await kcat([...withCert(port, f.clientCertFile, f.clientKeyFile), '-t', 'mtls', '-C', '-e', '-q']);
      expect(c.stdout).toBe('hello\n');
      const none = await kcat([...clientArgs(port), '-L', '-m', '3'], undefined, 15_000);
      expect(none.exitCode).not.toBe(0);
      const stranger = await kcat([...withCert(port, f.strangerCertFile, f.strangerKeyFile), '-L', '-m', '3'], undefined, 15_000);
      expect(stranger.exitCode).not.toBe(0);
    } finally {
      await b.dispose();
    }
  });

  it('ssl.client.auth=requested: no certificate is anonymous, an untrusted one is refused', async () => {
    const b = await startTestBroker({
      config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': f.serverPemFile, 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': f.caFile, 'ssl.client.auth': 'requested' },
    });
    try {
      const port = b.running.port;
      const none = await kcat([...clientArgs(port), '-L']);
      expect(none.exitCode, none.stderr).toBe(0);
      const stranger = await kcat([...withCert(port, f.strangerCertFile, f.strangerKeyFile), '-L', '-m', '3'], undefined, 15_000);
      expect(stranger.exitCode).not.toBe(0);
      expect(closeReasons(b.logs)).toEqual(['client certificate not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)']);
    } finally {
      await b.dispose();
    }
  });

  it('ssl.principal.mapping.rules apply to the handshake: no matching rule fails the connection', async () => {
    const config = { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': f.serverPemFile, 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': f.caFile, 'ssl.client.auth': 'required' };
    const matching = await startTestBroker({ config: { ...config, 'ssl.principal.mapping.rules': 'RULE:^CN=([a-z]+),OU=eng,.*$/$1/U' } });
    const none = await startTestBroker({ config: { ...config, 'ssl.principal.mapping.rules': 'RULE:^CN=nobody,.*$/x/' } });
    try {
      const ok = await kcat([...withCert(matching.running.port, f.clientCertFile, f.clientKeyFile), '-L']);
      expect(ok.exitCode, ok.stderr).toBe(0);
      const refused = await kcat([...withCert(none.running.port, f.clientCertFile, f.clientKeyFile), '-L', '-m', '3'], undefined, 15_000);
      expect(refused.exitCode).not.toBe(0);
      expect(closeReasons(none.logs)).toEqual([`SSL authentication failed: No rules apply to ${f.clientDn}, rules [RULE:^CN=nobody,.*$/x]`]);
    } finally {
      await matching.dispose();
      await none.dispose();
    }
  });
});

describe('listener and key store configuration errors', () => {
  it('refuses a private key file other users can read, naming the file and chmod 600', async () => {
    const loose = path.join(f.dir, 'loose.pem');
    fs.copyFileSync(f.serverPemFile, loose);
    fs.chmodSync(loose, 0o644);
    const dataDir = tempDataDir();
    try {
      await expect(startTestBroker({ dataDir, config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.location': loose } })).rejects.toMatchObject({
        message: `invalid broker config: ssl.keystore.location: private key file ${loose} is accessible by other users (mode 0644)`,
        hint: `Run: chmod 600 ${loose}`,
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('needs a protocol for every listener name and a key store for TLS', async () => {
    await expect(startTestBroker({ config: { listeners: 'PLAINTEXT://127.0.0.1:0,EXTERNAL://127.0.0.1:0' } })).rejects.toMatchObject({
      message: 'invalid broker config: no security protocol defined for listener EXTERNAL (add EXTERNAL:<PROTOCOL> to listener.security.protocol.map)',
    });
    await expect(startTestBroker({ config: { listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0' } })).rejects.toMatchObject({
      message: 'invalid broker config: listener SSL (TLS) needs a key store: ssl.keystore.location, or ssl.keystore.certificate.chain and ssl.keystore.key',
    });
  });

  it('takes inline PEM (one line, as in a properties file) and per-listener overrides', async () => {
    const oneLine = (pem: string): string => pem.replace(/\n/g, ' ');
    const b = await startTestBroker({
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SECURE://127.0.0.1:0',
        'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SECURE:SSL',
        'ssl.keystore.location': '/nonexistent/ignored-because-overridden.pem',
        'listener.name.secure.ssl.keystore.type': 'PEM',
        'listener.name.secure.ssl.keystore.location': '',
        'listener.name.secure.ssl.keystore.certificate.chain': oneLine(f.server.certPem + f.ca.certPem),
        'listener.name.secure.ssl.keystore.key': oneLine(f.server.keyPem),
      },
    });
    try {
      const port = listenerPort(b, 'SECURE');
      expect(await metadataBrokers(port, true)).toEqual([`127.0.0.1:${port}`]);
    } finally {
      await b.dispose();
    }
  });

  it('takes a PKCS12 key store (ssl.keystore.password) and trust store, and an encrypted PEM key with ssl.key.password', async () => {
    const p12 = path.join(f.dir, 'server.p12');
    fs.writeFileSync(p12, toPkcs12(f.server, f.ca.certPem, 'p12-pass'), { mode: 0o600 });
    const trust = path.join(f.dir, 'trust.p12');
    fs.writeFileSync(trust, toPkcs12(f.client, f.ca.certPem, 'trust-pass'), { mode: 0o600 });
    const encrypted = path.join(f.dir, 'encrypted.pem');
    const encKey = createPrivateKey(f.server.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'key-pass' }).toString();
    fs.writeFileSync(encrypted, encKey + f.server.certPem, { mode: 0o600 });
    const b = await startTestBroker({
      config: {
        listeners: 'P12://127.0.0.1:0,ENC://127.0.0.1:0',
        'listener.security.protocol.map': 'P12:SSL,ENC:SSL',
        'listener.name.p12.ssl.keystore.type': 'PKCS12',
        'listener.name.p12.ssl.keystore.location': p12,
        'listener.name.p12.ssl.keystore.password': 'p12-pass',
        'listener.name.p12.ssl.truststore.type': 'PKCS12',
        'listener.name.p12.ssl.truststore.location': trust,
        'listener.name.p12.ssl.truststore.password': 'trust-pass',
        'listener.name.p12.ssl.client.auth': 'required',
        'listener.name.enc.ssl.keystore.type': 'PEM',
        'listener.name.enc.ssl.keystore.location': encrypted,
        'listener.name.enc.ssl.key.password': 'key-pass',
      },
    });
    try {
      const p12Port = listenerPort(b, 'P12');
      const r = await kcat(['-b', `127.0.0.1:${p12Port}`, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${f.caFile}`, '-X', `ssl.certificate.location=${f.clientCertFile}`, '-X', `ssl.key.location=${f.clientKeyFile}`, '-L']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`  broker 1 at 127.0.0.1:${p12Port} (controller)\n`);
      const encPort = listenerPort(b, 'ENC');
      expect(await metadataBrokers(encPort, true)).toEqual([`127.0.0.1:${encPort}`]);
    } finally {
      await b.dispose();
    }
    await expect(
      startTestBroker({ config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': p12, 'ssl.keystore.password': 'wrong' } }),
    ).rejects.toMatchObject({ code: 'BAD_CONFIG', message: expect.stringMatching(/^invalid broker config: listener SSL: cannot use its key store: /) as unknown });
    await expect(
      startTestBroker({ config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': f.serverPemFile, 'ssl.truststore.type': 'PKCS12', 'ssl.truststore.location': trust, 'ssl.truststore.password': 'wrong' } }),
    ).rejects.toMatchObject({ code: 'BAD_CONFIG', message: `invalid broker config: ssl.truststore.location: cannot read PKCS12 trust store ${trust} (wrong ssl.truststore.password?): PKCS#12 MAC could not be verified. Invalid password?` });
  });

  it.skipIf(!hasKeytool())("unset ssl.*.type is Kafka's JKS: keytool's PKCS12 stores load (as in Java 9+), a real JKS store is refused with the keytool command, a PEM file fails with Java's error", async () => {
    const dir = fs.mkdtempSync(path.join(f.dir, 'keytool-'));
    const keytool = (args: string[]): void => void execFileSync('keytool', args, { stdio: 'ignore' });
    const ks = path.join(dir, 'broker.p12');
    keytool(['-genkeypair', '-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=localhost', '-ext', 'SAN=dns:localhost,ip:127.0.0.1', '-validity', '2', '-storetype', 'PKCS12', '-keystore', ks, '-storepass', 'ks-pass']);
    fs.chmodSync(ks, 0o600);
    const certPem = path.join(dir, 'broker.pem');
    keytool(['-exportcert', '-rfc', '-alias', 'broker', '-keystore', ks, '-storepass', 'ks-pass', '-file', certPem]);
    const trust = path.join(dir, 'trust.p12');
    keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', f.caFile, '-storetype', 'PKCS12', '-keystore', trust, '-storepass', 'trust-pass']);
    const jks = path.join(dir, 'broker.jks');
    keytool(['-genkeypair', '-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=localhost', '-validity', '2', '-storetype', 'JKS', '-keystore', jks, '-storepass', 'jks-pass', '-keypass', 'jks-pass']);
    fs.chmodSync(jks, 0o600);

    const b = await startTestBroker({
      config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.location': ks, 'ssl.keystore.password': 'ks-pass', 'ssl.truststore.location': trust, 'ssl.truststore.password': 'trust-pass', 'ssl.client.auth': 'requested' },
    });
    try {
      const port = listenerPort(b, 'SSL');
      const wire = await SecureWire.connect(port, { ca: fs.readFileSync(certPem, 'utf8') });
      try {
        const r = await wire.request(3, 12, (w) => encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [] }, 12));
        expect(decodeMetadataResponse(r as NonNullable<typeof r>, 12).brokers.map((x) => `${x.host}:${x.port}`)).toEqual([`127.0.0.1:${port}`]);
      } finally {
        wire.close();
      }
    } finally {
      await b.dispose();
    }

    await expect(startTestBroker({ config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.location': jks, 'ssl.keystore.password': 'jks-pass' } })).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      message: `invalid broker config: ssl.keystore.location: ${jks} is a JKS key store, which tkafka cannot read without a JVM`,
      hint: `Convert it once: keytool -importkeystore -srckeystore ${jks} -destkeystore keystore.p12 -deststoretype PKCS12, then set ssl.keystore.type=PKCS12`,
    });
    await expect(startTestBroker({ config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.location': f.serverPemFile } })).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      message: `invalid broker config: ssl.keystore.location: Failed to load SSL keystore ${f.serverPemFile} of type JKS: Invalid keystore format`,
      hint: "ssl.keystore.type is unset, so Kafka's default JKS applies; for a PEM file set ssl.keystore.type=PEM",
    });
    await expect(
      startTestBroker({ config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': f.serverPemFile, 'ssl.truststore.type': 'JKS', 'ssl.truststore.location': f.caFile } }),
    ).rejects.toMatchObject({ code: 'BAD_CONFIG', message: `invalid broker config: ssl.truststore.location: Failed to load SSL keystore ${f.caFile} of type JKS: Invalid keystore format` });
    await expect(
      startTestBroker({ config: { listeners: 'SSL://127.0.0.1:0', 'ssl.keystore.certificate.chain': f.server.certPem, 'ssl.keystore.key': f.server.keyPem } }),
    ).rejects.toMatchObject({ code: 'BAD_CONFIG', message: 'invalid broker config: SSL private key can be specified only for PEM, but key store type is JKS.' });
  });
});
