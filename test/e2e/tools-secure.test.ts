import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { toPkcs12 } from '../../src/broker/security/certs.js';
import { partitionForKey } from '../../src/client/native/partitioner.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';
import { scramSslClientLines, writeClientConfig } from '../helpers/client-config.js';
import { createTlsFixtures, type TlsFixtures } from '../integration/security-fixtures.js';

// Every tkafka tool (topics, console-producer, console-consumer in a group and on one partition,
// consumer-groups, completion) against our own broker over SASL_SSL (SCRAM-SHA-512, SCRAM-SHA-256,
// PLAIN, OAUTHBEARER) and over mTLS, through the one client stack; and the failures: a wrong
// password, a mechanism the broker does not enable, no client certificate (exit 3, one line, no secret).

const PASSWORD = 'alice-s3cret';
const BOB_PASSWORD = 'bob-s3cret';

let f: TlsFixtures;
let b: TestBroker;
let sasl: string;
let mtls: string;
let dir: string;

function props(name: string, lines: string[]): string {
  return writeClientConfig(path.join(dir, `${name}.properties`), lines);
}

const scram512 = (): string[] => scramSslClientLines('alice', PASSWORD, f.caFile);

beforeAll(async () => {
  f = createTlsFixtures();
  dir = f.dir;
  b = await startTestBroker({
    config: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0,SSL://127.0.0.1:0',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': f.serverPemFile,
      'listener.name.ssl.ssl.client.auth': 'required',
      'listener.name.ssl.ssl.truststore.type': 'PEM',
      'listener.name.ssl.ssl.truststore.location': f.caFile,
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512,PLAIN,OAUTHBEARER',
      'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_bob="${BOB_PASSWORD}";`,
      'offsets.topic.num.partitions': '1',
    },
  });
  b.running.broker.scram.upsert('alice', 'SCRAM-SHA-512', PASSWORD);
  sasl = `127.0.0.1:${listenerPort(b, 'SASL_SSL')}`;
  mtls = `127.0.0.1:${listenerPort(b, 'SSL')}`;
});

afterAll(async () => {
  await b.dispose();
  f.dispose();
});

/** Runs every tool through one connection setup and checks exact outputs. */
async function everyTool(bootstrap: string, config: string, base: string): Promise<void> {
  const cc = ['--bootstrap-server', bootstrap, '--command-config', config];
  const topic = `${base}-t`;
  expect(await runCli(['topics', ...cc, '--create', '--topic', topic, '--partitions', '2'])).toMatchObject({ exitCode: 0, stdout: `Created topic ${topic}.\n`, stderr: '' });
  expect(await runCli(['topics', ...cc, '--list', '--topic', topic])).toMatchObject({ exitCode: 0, stdout: `${topic}\n`, stderr: '' });
  const described = await runCli(['topics', ...cc, '--describe', '--topic', topic]);
  expect(described.exitCode, described.stderr).toBe(0);
  expect(described.stdout).toMatch(new RegExp(`^Topic: ${topic}\\tTopicId: \\S+\\tPartitionCount: 2\\tReplicationFactor: 1\\tConfigs: \\n`));

  const input = Array.from({ length: 20 }, (_, i) => `key${i}\tvalue-${i}\n`).join('');
  const produced = await runCli(['console-producer', ...cc, '--topic', topic, '--reader-property', 'parse.key=true'], { input });
  expect(produced).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });

  // A group member (JoinGroup/SyncGroup/commits on its own coordinator connection, authenticated too).
  const group = `${base}-group`;
  const consumed = await runCli(['console-consumer', ...cc, '--topic', topic, '--group', group, '--from-beginning', '--max-messages', '20', '--formatter-property', 'print.key=true']);
  expect(consumed.exitCode, consumed.stderr).toBe(0);
  expect(consumed.stderr).toBe('Processed a total of 20 messages\n');
  expect(consumed.stdout.split('\n').filter((l) => l !== '').sort()).toEqual(Array.from({ length: 20 }, (_, i) => `key${i}\tvalue-${i}`).sort());

  // One partition, no group: the partition loop reads exactly the records the key partitioner put there.
  for (const partition of [0, 1]) {
    const mine = Array.from({ length: 20 }, (_, i) => i).filter((i) => partitionForKey(Buffer.from(`key${i}`), 2) === partition);
    const p = await runCli(['console-consumer', ...cc, '--topic', topic, '--partition', String(partition), '--offset', 'earliest', '--max-messages', String(mine.length), '--formatter-property', 'print.key=true']);
    expect(p).toMatchObject({ exitCode: 0, stdout: mine.map((i) => `key${i}\tvalue-${i}\n`).join(''), stderr: `Processed a total of ${mine.length} messages\n` });
  }

  const groups = await runCli(['consumer-groups', ...cc, '--list']);
  expect(groups).toMatchObject({ exitCode: 0, stderr: '' });
  expect(groups.stdout.split('\n')).toContain(group);
  const state = await runCli(['consumer-groups', ...cc, '--describe', '--group', group, '--offsets', '-o', 'json']);
  expect(state.exitCode, state.stderr).toBe(0);
  const doc = JSON.parse(state.stdout) as { groups?: Array<{ totalLag: number; partitions?: Array<{ partition: number; currentOffset: number | null; logEndOffset: number; lag: number | null }> }> };
  const offsets = doc.groups?.[0]?.partitions ?? [];
  expect(offsets.map((o) => o.partition).sort()).toEqual([0, 1]);
  expect(offsets.reduce((n, o) => n + o.logEndOffset, 0)).toBe(20);
  expect(offsets.map((o) => o.currentOffset)).toEqual(offsets.map((o) => o.logEndOffset));
  expect(doc.groups?.[0]?.totalLag).toBe(0);
  const reset = await runCli(['consumer-groups', ...cc, '--reset-offsets', '--group', group, '--topic', topic, '--to-earliest', '--execute']);
  expect(reset).toMatchObject({ exitCode: 0, stderr: '' });
  // Kafka's table (rows in no fixed order): both partitions back to offset 0.
  const [blank, header, ...rows] = reset.stdout.split('\n');
  expect([blank, header]).toEqual(['', 'GROUP           TOPIC           PARTITION  NEW-OFFSET']);
  expect(rows.sort()).toEqual(['', `${group.padEnd(15)} ${topic.padEnd(15)} 0          0`, `${group.padEnd(15)} ${topic.padEnd(15)} 1          0`]);

  // A SASL_SSL handshake can outlast the 300 ms limit on a loaded CI machine: this checks the names, not the limit.
  const complete = await runCli(['__complete', 'topics', ...cc], { env: { XDG_CACHE_HOME: path.join(dir, `xdg-${base}`), TKAFKA_COMPLETION_DEADLINE_MS: '10000' } });
  // The candidates are the cluster's topics, as topics --list names them.
  const all = await runCli(['topics', ...cc, '--list']);
  expect(all.stdout.split('\n')).toContain(topic);
  expect(complete).toMatchObject({ exitCode: 0, stdout: all.stdout });

  expect(await runCli(['topics', ...cc, '--delete', '--topic', topic])).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
}

describe('every tool over SASL_SSL', () => {
  it('SCRAM-SHA-512 (sasl.jaas.config, PEM trust store)', async () => {
    await everyTool(sasl, props('scram512', scram512()), 'scram');
  });

  it('PLAIN with librdkafka names, and OAUTHBEARER with an unsecured JWS', async () => {
    const plain = props('plain', ['security.protocol=SASL_SSL', 'sasl.mechanisms=PLAIN', 'sasl.username=bob', `sasl.password=${BOB_PASSWORD}`, `ssl.ca.location=${f.caFile}`]);
    const oauth = props('oauth', [
      'security.protocol=SASL_SSL',
      'sasl.mechanism=OAUTHBEARER',
      'sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="carol";',
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${f.caFile}`,
    ]);
    for (const [cfg, name] of [
      [plain, 'plain'],
      [oauth, 'oauth'],
    ] as const) {
      const cc = ['--bootstrap-server', sasl, '--command-config', cfg];
      expect(await runCli(['topics', ...cc, '--create', '--topic', `${name}-t`])).toMatchObject({ exitCode: 0, stdout: `Created topic ${name}-t.\n` });
      expect(await runCli(['console-producer', ...cc, '--topic', `${name}-t`], { input: 'a\nb\n' })).toMatchObject({ exitCode: 0, stderr: '' });
      const c = await runCli(['console-consumer', ...cc, '--topic', `${name}-t`, '--from-beginning', '--max-messages', '2']);
      expect(c).toMatchObject({ exitCode: 0, stdout: 'a\nb\n' });
    }
  });

  it('a wrong password, a mechanism the broker does not enable: one line, exit 3, no secret', async () => {
    const wrong = props('wrong', scram512().map((l) => l.replace(PASSWORD, 'not-the-password')));
    for (const tool of [['topics', '--list'], ['console-producer', '--topic', 'x'], ['console-consumer', '--topic', 'x', '--partition', '0'], ['consumer-groups', '--list']]) {
      const r = await runCli([...tool, '--bootstrap-server', sasl, '--command-config', wrong], { input: 'x\n' });
      // (console-consumer first says it processed 0 messages, as Kafka's does whenever it stops)
      expect(r.stderr.replace(/^Processed a total of 0 messages\n/, ''), tool.join(' ')).toBe(
        `tkafka: SASL authentication with ${sasl} failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512\n`,
      );
      expect(r.exitCode).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('not-the-password');
    }
    const plainWrong = props('plain-wrong', ['security.protocol=SASL_SSL', 'sasl.mechanism=PLAIN', 'sasl.username=bob', 'sasl.password=nope-pw', `ssl.ca.location=${f.caFile}`]);
    const p = await runCli(['topics', '--list', '--bootstrap-server', sasl, '--command-config', plainWrong]);
    expect(p).toMatchObject({ exitCode: 3, stdout: '', stderr: `tkafka: SASL authentication with ${sasl} failed: Authentication failed: Invalid username or password\n` });
    const sha256 = props('sha256', scram512().map((l) => l.replace('SCRAM-SHA-512', 'SCRAM-SHA-256')));
    const m = await runCli(['consumer-groups', '--list', '--bootstrap-server', sasl, '--command-config', sha256]);
    expect(m).toMatchObject({
      exitCode: 3,
      stdout: '',
      stderr: `tkafka: SASL authentication with ${sasl} failed: The broker at ${sasl} does not enable SASL mechanism SCRAM-SHA-256; its enabled mechanisms: SCRAM-SHA-512, PLAIN, OAUTHBEARER.\n`,
    });
  });
});

describe('every tool over mTLS', () => {
  it('a client certificate from the broker\'s CA (PEM certificate and key)', async () => {
    const cfg = props('mtls', [
      'security.protocol=SSL',
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${f.caFile}`,
      'ssl.keystore.type=PEM',
      // Inline PEM on one line with \n escapes, as a .properties file carries it.
      `ssl.keystore.certificate.chain=${f.client.certPem.trim().replace(/\r?\n/g, '\\n')}`,
      `ssl.keystore.key=${f.client.keyPem.trim().replace(/\r?\n/g, '\\n')}`,
    ]);
    await everyTool(mtls, cfg, 'mtls');
  });

  it('PKCS12 key and trust stores (3DES key store, AES-256 certificate-only trust store)', async () => {
    const keystore = path.join(dir, 'client.p12');
    fs.writeFileSync(keystore, toPkcs12(f.client, f.ca.certPem, 'st0re-pw'), { mode: 0o600 });
    const truststore = path.join(dir, 'truststore.p12');
    const asn1 = forge.pkcs12.toPkcs12Asn1(null, [forge.pki.certificateFromPem(f.ca.certPem)], 'trust-pw', { algorithm: 'aes256' });
    fs.writeFileSync(truststore, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), { mode: 0o600 });
    const cfg = props('mtls-p12', [
      'security.protocol=SSL',
      'ssl.truststore.type=PKCS12',
      `ssl.truststore.location=${truststore}`,
      'ssl.truststore.password=trust-pw',
      'ssl.keystore.type=PKCS12',
      `ssl.keystore.location=${keystore}`,
      'ssl.keystore.password=st0re-pw',
    ]);
    const cc = ['--bootstrap-server', mtls, '--command-config', cfg];
    expect(await runCli(['topics', ...cc, '--create', '--topic', 'p12-t'])).toMatchObject({ exitCode: 0, stdout: 'Created topic p12-t.\n', stderr: '' });
    expect(await runCli(['console-producer', ...cc, '--topic', 'p12-t'], { input: 'one\n' })).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await runCli(['console-consumer', ...cc, '--topic', 'p12-t', '--partition', '0', '--offset', 'earliest', '--max-messages', '1'])).toMatchObject({ exitCode: 0, stdout: 'one\n' });
  });

  it('no client certificate, or one from another CA: one line, exit 3', async () => {
    const none = props('mtls-none', ['security.protocol=SSL', `ssl.ca.location=${f.caFile}`]);
    const stranger = props('mtls-stranger', ['security.protocol=SSL', `ssl.ca.location=${f.caFile}`, `ssl.certificate.location=${f.strangerCertFile}`, `ssl.key.location=${f.strangerKeyFile}`]);
    for (const cfg of [none, stranger]) {
      const r: CliResult = await runCli(['topics', '--list', '--bootstrap-server', mtls, '--command-config', cfg]);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^tkafka: TLS connection to ${mtls.replace(/\./g, '\\.')} failed: the broker (refused the client certificate \\([^\\n]*\\)|closed it before answering, refusing the client certificate); check ssl\\.keystore\\.\\* \\(mTLS\\)\\.\\n$`));
    }
  });
});

describe('OAUTHBEARER with client credentials, the broker validating against JWKS', () => {
  // A small identity provider: the client credentials grant at /token (RS256 JWTs), its keys at /jwks.
  let idp: http.Server;
  let idpUrl: string;
  let key: KeyObject;
  let tokens = 0;
  let audience = 'kafka-broker';
  let ob: TestBroker;
  let bootstrapOb: string;

  function jwt(claims: Record<string, unknown>): string {
    const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const data = `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part(claims)}`;
    return `${data}.${sign('sha256', Buffer.from(data), key).toString('base64url')}`;
  }

  beforeAll(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    key = pair.privateKey;
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
    idp = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/jwks') {
          res.end(JSON.stringify({ keys: [jwk] }));
          return;
        }
        const ok = req.headers.authorization === `Basic ${Buffer.from('app:app-secret').toString('base64')}` && body === 'grant_type=client_credentials&scope=kafka';
        if (!ok) {
          res.writeHead(401, 'Unauthorized');
          res.end(JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed' }));
          return;
        }
        tokens++;
        const now = Math.floor(Date.now() / 1000);
        res.end(JSON.stringify({ access_token: jwt({ sub: 'svc-app', iat: now, exp: now + 300, scope: 'kafka', aud: audience }), token_type: 'Bearer', expires_in: 300 }));
      });
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    ob = await startTestBroker({
      config: {
        listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
        'sasl.enabled.mechanisms': 'OAUTHBEARER',
        'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
        'sasl.oauthbearer.jwks.endpoint.url': `${idpUrl}/jwks`,
        'sasl.oauthbearer.expected.audience': 'kafka-broker',
        'offsets.topic.num.partitions': '1',
      },
    });
    bootstrapOb = `127.0.0.1:${ob.running.port}`;
  });
  afterAll(async () => {
    await ob.dispose();
    await new Promise<void>((resolve) => idp.close(() => resolve()));
  });

  const oauthProps = (secret: string): string =>
    props(`oauth-cc-${secret}`, [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=OAUTHBEARER',
      `sasl.oauthbearer.token.endpoint.url=${idpUrl}/token`,
      'sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
      `sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="app" clientSecret="${secret}" scope="kafka";`,
    ]);

  it('the tools get a token from the token endpoint and the broker accepts it', async () => {
    const cc = ['--bootstrap-server', bootstrapOb, '--command-config', oauthProps('app-secret')];
    expect(await runCli(['topics', ...cc, '--create', '--topic', 'oauth-cc'])).toMatchObject({ exitCode: 0, stdout: 'Created topic oauth-cc.\n', stderr: '' });
    expect(await runCli(['console-producer', ...cc, '--topic', 'oauth-cc'], { input: 'x\ny\n' })).toMatchObject({ exitCode: 0, stderr: '' });
    const c = await runCli(['console-consumer', ...cc, '--topic', 'oauth-cc', '--group', 'oauth-g', '--from-beginning', '--max-messages', '2']);
    expect(c).toMatchObject({ exitCode: 0, stdout: 'x\ny\n' });
    const g = await runCli(['consumer-groups', ...cc, '--list']);
    expect(g).toMatchObject({ exitCode: 0, stdout: 'oauth-g\n' });
    // One token per process (each tool runs once): cached across its connections.
    expect(tokens).toBe(4);
  });

  it('a refused client secret, and a token the broker rejects: one line, exit 3, no secret', async () => {
    const bad = await runCli(['topics', '--list', '--bootstrap-server', bootstrapOb, '--command-config', oauthProps('wrong-s3cret')]);
    expect(bad).toMatchObject({
      exitCode: 3,
      stdout: '',
      stderr: `tkafka: No OAUTHBEARER token for ${bootstrapOb}: The OAuth token endpoint ${idpUrl}/token answered 401 Unauthorized: invalid_client (client authentication failed).\n`,
    });
    audience = 'someone-else';
    try {
      const r = await runCli(['topics', '--list', '--bootstrap-server', bootstrapOb, '--command-config', oauthProps('app-secret')]);
      expect(r).toMatchObject({ exitCode: 3, stdout: '', stderr: `tkafka: SASL authentication with ${bootstrapOb} failed: The broker rejected the OAUTHBEARER token: {"status":"invalid_token"}\n` });
    } finally {
      audience = 'kafka-broker';
    }
  });
});
