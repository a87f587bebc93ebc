import { spawn, spawnSync } from 'node:child_process';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { decodeApiVersionsResponse } from '../../src/protocol/generated/messages/api-versions-response.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { defaultProduceRequest, encodeProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { defaultMetadataRequest, encodeMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeSaslAuthenticateResponse, type SaslAuthenticateResponse } from '../../src/protocol/generated/messages/sasl-authenticate-response.js';
import { encodeSaslAuthenticateRequest } from '../../src/protocol/generated/messages/sasl-authenticate-request.js';
import { decodeSaslHandshakeResponse, type SaslHandshakeResponse } from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import { encodeSaslHandshakeRequest } from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import { createSaslClient } from '../../src/protocol/sasl/client.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';
import { waitFor } from '../helpers/wait.js';
import { createTlsFixtures, kafkajsRoundTrip, listenerPort, type TlsFixtures } from './security-fixtures.js';
import { SecureWire } from './security-wire.js';

// SASL on SASL_SSL / SASL_PLAINTEXT listeners: the authentication state machine of Kafka's
// SaslServerAuthenticator on the wire (what may come before authentication, failures answered then
// closed, SaslHandshake v0 raw tokens, KIP-368 lifetimes and re-authentication), and kafkajs, kcat
// and confluent-kafka producing and consuming through it.

const JAAS = 'org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret" user_bob="bob-secret";';
const PYTHON = '/usr/bin/python3';
const hasConfluent = spawnSync(PYTHON, ['-c', 'import confluent_kafka'], { stdio: 'ignore' }).status === 0;

let f: TlsFixtures;
let b: TestBroker;
let saslSsl: number;
let saslPlain: number;
let plain: number;

const port = (name: string, broker: TestBroker = b): number => listenerPort(broker, name);

function saslConfig(extra: Record<string, string> = {}): Record<string, string> {
  return {
    listeners: 'PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': f.serverPemFile,
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_ssl.plain.sasl.jaas.config': JAAS,
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
    ...extra,
  };
}

beforeAll(async () => {
  f = createTlsFixtures();
  b = await startTestBroker({ config: saslConfig() });
  for (const m of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) b.running.broker.scram.upsert('alice', m, 'alice-secret');
  saslSsl = port('SASL_SSL');
  saslPlain = port('SASL_PLAINTEXT');
  plain = port('PLAINTEXT');
});
afterAll(async () => {
  await b.dispose();
  f.dispose();
});

function handshake(wire: SecureWire, mechanism: string, version = 1): Promise<SaslHandshakeResponse | null> {
  return wire.request(17, version, (w) => encodeSaslHandshakeRequest(w, { mechanism }, version)).then((r) => (r === null ? null : decodeSaslHandshakeResponse(r, version)));
}

function authenticate(wire: SecureWire, token: Buffer, version = 2): Promise<SaslAuthenticateResponse | null> {
  return wire.request(36, version, (w) => encodeSaslAuthenticateRequest(w, { authBytes: token }, version)).then((r) => (r === null ? null : decodeSaslAuthenticateResponse(r, version)));
}

function metadata(wire: SecureWire): Promise<Reader | null> {
  return wire.request(3, 9, (w) => encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [] }, 9));
}

/** A whole request frame (the wire helper waits for an answer; acks=0 has none). */
function frameOf(apiKey: number, version: number, body: (w: Writer) => void): Buffer[] {
  const w = new Writer(128).startFrame();
  w.int16(apiKey).int16(version).int32(99).nullableString('security-test').uvarint(0);
  body(w);
  return w.finish();
}

function sizePrefix(size: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(size, 0);
  return prefix;
}

/** A whole ApiVersions v3 request frame, size prefix included. */
function apiVersionsFrame(): Buffer {
  const w = new Writer(64).startFrame();
  w.int16(18).int16(3).int32(1).nullableString('security-test').uvarint(0);
  w.compactString('t').compactString('1').uvarint(0);
  return w.toBuffer();
}

const plainToken = (user: string, password: string): Buffer => Buffer.from(`\0${user}\0${password}`);

/** SaslHandshake v1 + SaslAuthenticate with MECH's client exchange; the last response. */
async function login(wire: SecureWire, mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512', username: string, password: string, version = 2): Promise<SaslAuthenticateResponse | null> {
  const hs = await handshake(wire, mechanism);
  expect(hs?.errorCode).toBe(0);
  const client = createSaslClient({ mechanism, username, password });
  let token: Buffer | null = await client.initial();
  let res: SaslAuthenticateResponse | null = null;
  while (token !== null) {
    res = await authenticate(wire, token, version);
    if (res === null || res.errorCode !== 0) return res;
    token = await client.next(res.authBytes);
  }
  return res;
}

describe('the SASL state machine on the wire', () => {
  it('closes the connection on a request other than ApiVersions/SaslHandshake before authentication, without a response', async () => {
    const wire = await SecureWire.connect(saslPlain);
    const localPort = wire.sock.localPort ?? 0;
    expect(await metadata(wire)).toBeNull();
    await wire.closed;
    const wire2 = await SecureWire.connect(saslPlain);
    expect(await wire2.request(18, 3, (w) => w.compactString('t').compactString('1').uvarint(0))).not.toBeNull();
    expect(await metadata(wire2)).toBeNull();
    expect(b.logs).toContain(`closing connection 127.0.0.1:${localPort}: Error: Unexpected Kafka request of type METADATA during SASL handshake.`);
  });

  it("after SaslHandshake v1 another request is answered with its own error response carrying ILLEGAL_SASL_STATE, then the connection closes (Kafka's IllegalSaslStateException); others are unaffected", async () => {
    const good = await SecureWire.connect(saslPlain);
    expect(await login(good, 'PLAIN', 'alice', 'alice-secret')).toMatchObject({ errorCode: 0 });

    const wire = await SecureWire.connect(saslPlain);
    const localPort = wire.sock.localPort ?? 0;
    expect(await handshake(wire, 'PLAIN')).toMatchObject({ errorCode: 0 });
    const r = await wire.request(3, 9, (w) => encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [{ name: 'a', topicId: ZERO_UUID }, { name: 'b', topicId: ZERO_UUID }] }, 9));
    expect(r).not.toBeNull();
    const md = decodeMetadataResponse(r as Reader, 9);
    expect(md.brokers).toEqual([]);
    expect(md.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([
      ['a', ErrorCode.ILLEGAL_SASL_STATE, 0],
      ['b', ErrorCode.ILLEGAL_SASL_STATE, 0],
    ]);
    await wire.closed;
    expect(b.logs).toContain(`closing connection 127.0.0.1:${localPort} after answering ILLEGAL_SASL_STATE: Unexpected Kafka request of type METADATA during SASL authentication.`);

    // Produce (acks=-1): every partition named gets the error, INVALID_OFFSET and the message.
    const producer = await SecureWire.connect(saslPlain);
    expect(await handshake(producer, 'PLAIN')).toMatchObject({ errorCode: 0 });
    const produceReq = { ...defaultProduceRequest(), acks: -1, timeoutMs: 1000, topicData: [{ name: 't', topicId: ZERO_UUID, partitionData: [{ index: 2, records: null }] }] };
    const pr = await producer.request(0, 9, (w) => encodeProduceRequest(w, produceReq, 9));
    expect(decodeProduceResponse(pr as Reader, 9).responses).toEqual([
      {
        name: 't',
        partitionResponses: [
          {
            index: 2,
            errorCode: ErrorCode.ILLEGAL_SASL_STATE,
            baseOffset: -1n,
            logAppendTimeMs: -1n,
            logStartOffset: -1n,
            recordErrors: [],
            errorMessage: 'Unexpected Kafka request of type PRODUCE during SASL authentication.',
            currentLeader: { leaderId: -1, leaderEpoch: -1 },
          },
        ],
      },
    ]);
    await producer.closed;

    // ApiVersions (response header v0) carries the code and no API list.
    const versions = await SecureWire.connect(saslPlain);
    expect(await handshake(versions, 'PLAIN')).toMatchObject({ errorCode: 0 });
    const vr = await versions.request(18, 3, (w) => w.compactString('t').compactString('1').uvarint(0));
    expect(decodeApiVersionsResponse(vr as Reader, 3)).toMatchObject({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, apiKeys: [] });
    await versions.closed;

    // What Kafka cannot parse, or answers with nothing (Produce acks=0), closes without an answer.
    const unknown = await SecureWire.connect(saslPlain);
    expect(await handshake(unknown, 'PLAIN')).toMatchObject({ errorCode: 0 });
    expect(await unknown.request(999, 0, () => undefined)).toBeNull();
    const acks0 = await SecureWire.connect(saslPlain);
    expect(await handshake(acks0, 'PLAIN')).toMatchObject({ errorCode: 0 });
    acks0.sock.write(Buffer.concat(frameOf(0, 9, (w) => encodeProduceRequest(w, { ...produceReq, acks: 0 }, 9))));
    expect(await acks0.next()).toBeNull();

    expect(await metadata(good)).not.toBeNull();
    good.close();
  });

  it('closes a connection that announces a frame above sasl.server.max.receive.size before authenticating', async () => {
    const wire = await SecureWire.connect(saslPlain);
    const localPort = wire.sock.localPort ?? 0;
    wire.sock.write(sizePrefix(10_000_000));
    await wire.closed;
    expect(b.logs).toContain(`closing connection 127.0.0.1:${localPort}: Failing SASL authentication due to invalid receive size (10000000 bytes)`);
  });

  it('checks the size prefix wherever it falls: after another frame in the same write, or split across writes', async () => {
    const behind = await SecureWire.connect(saslPlain);
    const behindPort = behind.sock.localPort ?? 0;
    behind.sock.write(Buffer.concat([apiVersionsFrame(), sizePrefix(10_000_001)]));
    expect(await behind.next()).toBeNull();
    await behind.closed;
    expect(b.logs).toContain(`closing connection 127.0.0.1:${behindPort}: Failing SASL authentication due to invalid receive size (10000001 bytes)`);

    // The ApiVersions answer proves the broker has read the first half of the prefix on its own.
    const split = await SecureWire.connect(saslPlain);
    const splitPort = split.sock.localPort ?? 0;
    const prefix = sizePrefix(10_000_002);
    split.sock.write(Buffer.concat([apiVersionsFrame(), prefix.subarray(0, 2)]));
    expect(await split.next()).not.toBeNull();
    split.sock.write(prefix.subarray(2));
    await split.closed;
    expect(b.logs).toContain(`closing connection 127.0.0.1:${splitPort}: Failing SASL authentication due to invalid receive size (10000002 bytes)`);
  });

  it('answers an unknown mechanism with UNSUPPORTED_SASL_MECHANISM and the enabled list, then closes', async () => {
    const wire = await SecureWire.connect(saslSsl, { ca: f.ca.certPem });
    expect(await handshake(wire, 'GSSAPI')).toEqual({ errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    await wire.closed;
  });

  it("answers a wrong password with SASL_AUTHENTICATION_FAILED and Kafka's message, then closes", async () => {
    const wire = await SecureWire.connect(saslSsl, { ca: f.ca.certPem });
    expect(await handshake(wire, 'PLAIN')).toEqual({ errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    const res = await authenticate(wire, plainToken('alice', 'wrong'));
    expect(res).toMatchObject({ errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: 'Authentication failed: Invalid username or password' });
    await wire.closed;
    const scram = await SecureWire.connect(saslSsl, { ca: f.ca.certPem });
    expect(await login(scram, 'SCRAM-SHA-512', 'alice', 'wrong')).toMatchObject({ errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512' });
    await scram.closed;
    expect(b.logs.join('\n')).not.toContain('alice-secret');
  });

  it('KIP-306: after a failed authentication the answer comes at once, the close connection.failed.authentication.delay.ms (100) later, and nothing more is read meanwhile', async () => {
    const wire = await SecureWire.connect(saslPlain);
    expect(await handshake(wire, 'PLAIN')).toMatchObject({ errorCode: 0 });
    const res = await authenticate(wire, plainToken('alice', 'wrong'));
    const answered = performance.now();
    expect(res).toMatchObject({ errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED });
    // A request during the delay is never answered: the connection is muted until it closes.
    expect(await metadata(wire)).toBeNull();
    await wire.closed;
    // A lower bound only (the close cannot come early); 5 ms of slack for the two clocks' rounding.
    expect(performance.now() - answered).toBeGreaterThanOrEqual(95);
  });

  it('with connection.failed.authentication.delay.ms=0 the connection closes right after the answer', async () => {
    const nodelay = await startTestBroker({ config: saslConfig({ 'connection.failed.authentication.delay.ms': '0' }) });
    try {
      const wire = await SecureWire.connect(port('SASL_PLAINTEXT', nodelay));
      expect(await handshake(wire, 'PLAIN')).toMatchObject({ errorCode: 0 });
      expect(await authenticate(wire, plainToken('alice', 'wrong'))).toMatchObject({ errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED });
      await wire.closed;
      expect(nodelay.running.broker.config.connectionFailedAuthenticationDelayMs).toBe(0);
    } finally {
      await nodelay.dispose();
    }
  });

  it('a malformed token fails that connection only; another authenticated one keeps working', async () => {
    const good = await SecureWire.connect(saslPlain);
    expect(await login(good, 'PLAIN', 'alice', 'alice-secret')).toMatchObject({ errorCode: 0 });
    const bad = await SecureWire.connect(saslPlain);
    await handshake(bad, 'SCRAM-SHA-256');
    expect((await authenticate(bad, Buffer.from('garbage')))?.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    await bad.closed;
    expect(await metadata(good)).not.toBeNull();
    good.close();
  });

  it('authenticates with PLAIN and both SCRAMs; Metadata then answers with the listener endpoint; a second SaslAuthenticate is ILLEGAL_SASL_STATE', async () => {
    for (const m of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
      const wire = await SecureWire.connect(saslSsl, { ca: f.ca.certPem });
      expect(await login(wire, m, 'alice', 'alice-secret')).toMatchObject({ errorCode: 0, sessionLifetimeMs: 0n });
      const r = await metadata(wire);
      expect(r === null ? null : decodeMetadataResponse(r, 9).brokers.map((x) => `${x.host}:${x.port}`)).toEqual([`127.0.0.1:${saslSsl}`]);
      expect(await authenticate(wire, plainToken('alice', 'alice-secret'))).toMatchObject({
        errorCode: ErrorCode.ILLEGAL_SASL_STATE,
        errorMessage: 'SaslAuthenticate request received after successful authentication',
      });
      wire.close();
    }
  });

  it('SaslHandshake v0: the tokens that follow are raw size-prefixed frames', async () => {
    const wire = await SecureWire.connect(saslPlain);
    expect(await handshake(wire, 'PLAIN', 0)).toEqual({ errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    expect(await wire.raw(plainToken('alice', 'alice-secret'))).toEqual(Buffer.alloc(0));
    const r = await metadata(wire);
    expect(r === null ? null : decodeMetadataResponse(r, 9).brokers[0]?.port).toBe(saslPlain);
    wire.close();
    const bad = await SecureWire.connect(saslPlain);
    await handshake(bad, 'PLAIN', 0);
    expect(await bad.raw(plainToken('alice', 'nope'))).toBeNull();
  });

  it('SaslHandshake on a PLAINTEXT listener is ILLEGAL_SASL_STATE and the connection stays usable', async () => {
    const wire = await SecureWire.connect(plain);
    expect(await handshake(wire, 'PLAIN')).toEqual({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] });
    expect(await metadata(wire)).not.toBeNull();
    wire.close();
  });
});

describe('KIP-368 re-authentication', () => {
  let r: TestBroker;
  beforeAll(async () => {
    r = await startTestBroker({ config: saslConfig({ 'connections.max.reauth.ms': '1500' }) });
  });
  afterAll(async () => r.dispose());

  it('SaslAuthenticate v1+ reports session_lifetime_ms; re-authenticating as the same principal works, as another fails and closes', async () => {
    const wire = await SecureWire.connect(port('SASL_PLAINTEXT', r));
    expect(await login(wire, 'PLAIN', 'alice', 'alice-secret', 1)).toMatchObject({ errorCode: 0, sessionLifetimeMs: 1500n });
    expect(await login(wire, 'PLAIN', 'alice', 'alice-secret', 2)).toMatchObject({ errorCode: 0, sessionLifetimeMs: 1500n });
    expect(await metadata(wire)).not.toBeNull();
    expect(await login(wire, 'PLAIN', 'bob', 'bob-secret', 2)).toMatchObject({
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage: 'Cannot change principals during re-authentication from User.alice: User.bob',
    });
    await wire.closed;
  });

  it('closes a connection that sends a request after its session expired', async () => {
    const wire = await SecureWire.connect(port('SASL_PLAINTEXT', r));
    const start = Date.now();
    expect(await login(wire, 'PLAIN', 'alice', 'alice-secret', 2)).toMatchObject({ errorCode: 0, sessionLifetimeMs: 1500n });
    await waitFor('the session to expire', () => Date.now() - start > 1700, 5000);
    expect(await metadata(wire)).toBeNull();
  });

  it('a SaslAuthenticate v0 client cannot re-authenticate: a later SaslHandshake is ILLEGAL_SASL_STATE', async () => {
    const wire = await SecureWire.connect(port('SASL_PLAINTEXT', r));
    expect((await login(wire, 'PLAIN', 'alice', 'alice-secret', 0))?.errorCode).toBe(0);
    expect(await handshake(wire, 'PLAIN')).toEqual({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] });
    wire.close();
  });
});

describe('clients over SASL_SSL', () => {
  const expected = Array.from({ length: 5 }, (_, i) => `${i}|k${i}|v${i}`);

  it('kafkajs with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 produces and consumes exactly', async () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const got = await kafkajsRoundTrip({ brokers: [`127.0.0.1:${saslSsl}`], ssl: { ca: [f.ca.certPem] }, sasl: { mechanism, username: 'alice', password: 'alice-secret' } as SASLOptions }, `kjs-${mechanism}`, 5);
      expect(got).toEqual(expected);
    }
  });

  it('kafkajs with a wrong password gets Kafka\'s error text', async () => {
    const kafka = new Kafka({ brokers: [`127.0.0.1:${saslSsl}`], ssl: { ca: [f.ca.certPem] }, sasl: { mechanism: 'plain', username: 'alice', password: 'x' }, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow('SASL PLAIN authentication failed: Authentication failed: Invalid username or password');
  });

  it('kcat (librdkafka) with PLAIN produces and consumes byte-exact', async () => {
    const args = ['-b', `127.0.0.1:${saslSsl}`, '-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${f.caFile}`, '-X', 'sasl.mechanisms=PLAIN', '-X', 'sasl.username=alice', '-X', 'sasl.password=alice-secret'];
    const p = await kcat([...args, '-t', 'kcat-sasl', '-P', '-K:'], 'a:1\nb:2\nc:3\n');
    expect(p.exitCode, p.stderr).toBe(0);
    const c = await kcat([...args, '-t', 'kcat-sasl', '-C', '-e', '-q', '-f', '%o|%k|%s\n']);
    expect(c.stdout).toBe('0|a|1\n1|b|2\n2|c|3\n');
    const wrong = await kcat([...args.slice(0, -2), '-X', 'sasl.password=nope', '-L', '-m', '3'], undefined, 15_000);
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toContain('Authentication failed: Invalid username or password');
  });

  it('kcat (librdkafka 2.0.2, which repeats its nonce in client-final) with SCRAM-SHA-256/512 produces and consumes', async () => {
    for (const m of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const args = ['-b', `127.0.0.1:${saslSsl}`, '-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${f.caFile}`, '-X', `sasl.mechanisms=${m}`, '-X', 'sasl.username=alice', '-X', 'sasl.password=alice-secret'];
      const p = await kcat([...args, '-t', `kcat-${m}`, '-P'], 'x\ny\n');
      expect(p.exitCode, p.stderr).toBe(0);
      const c = await kcat([...args, '-t', `kcat-${m}`, '-C', '-e', '-q', '-f', '%o|%s\n']);
      expect(c.stdout).toBe('0|x\n1|y\n');
    }
  });

  it.skipIf(!hasConfluent)('python confluent-kafka with PLAIN produces and consumes exactly', async () => {
    const script = `
import sys
from confluent_kafka import Producer, Consumer
conf = {'bootstrap.servers': sys.argv[1], 'security.protocol': 'SASL_SSL', 'ssl.ca.location': sys.argv[2],
        'sasl.mechanisms': 'PLAIN', 'sasl.username': 'alice', 'sasl.password': 'alice-secret'}
p = Producer(conf)
for i in range(5):
    p.produce('py-sasl', key=b'k%d' % i, value=b'v%d' % i)
assert p.flush(20) == 0
c = Consumer(dict(conf, **{'group.id': 'py-sasl-g', 'auto.offset.reset': 'earliest'}))
c.subscribe(['py-sasl'])
got = []
while len(got) < 5:
    m = c.poll(10)
    if m is None or m.error():
        continue
    got.append('%d|%s|%s' % (m.offset(), m.key().decode(), m.value().decode()))
c.close()
print('\\n'.join(got))
`;
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(PYTHON, ['-c', script, `127.0.0.1:${saslSsl}`, f.caFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe(`${expected.join('\n')}\n`);
  });
});
