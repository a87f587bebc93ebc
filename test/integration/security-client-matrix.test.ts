import fs from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { defaultMetadataRequest, encodeMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeSaslAuthenticateResponse, type SaslAuthenticateResponse } from '../../src/protocol/generated/messages/sasl-authenticate-response.js';
import { encodeSaslAuthenticateRequest } from '../../src/protocol/generated/messages/sasl-authenticate-request.js';
import { decodeSaslHandshakeResponse } from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import { encodeSaslHandshakeRequest } from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import { createSaslClient } from '../../src/protocol/sasl/client.js';
import { kcat } from '../helpers/kcat.js';
import { pythonFailure, pythonRoundTrip, withoutTimings, type PythonSecurity } from '../helpers/python-client.js';
import { N, PASSWORD, SASL_MECHANISMS, USER, cellRecords, endOffset, expectedRows, row, startMatrixBroker, wrongPasswordMessage, type MatrixBroker, type MatrixRecord, type SaslMechanism } from '../helpers/security-matrix.js';
import { waitFor } from '../helpers/wait.js';
import { SecureWire } from './security-wire.js';

// Issue #14's client × mechanism matrix against our broker: kcat and python3-confluent-kafka
// (librdkafka 2.0.2, which repeats its nonce in SCRAM client-final) and kafkajs each produce N records
// (keys, multi-byte values, headers) and read them back exactly over SASL_SSL with PLAIN,
// SCRAM-SHA-256 and SCRAM-SHA-512 and over mTLS, where the StandardAuthorizer (no ACLs,
// allow.everyone.if.no.acl.found=false) lets only super users write: the SASL user and the client
// certificate's DN, so a second certificate from the same CA is refused. Then each client's view of
// Kafka's failures: a wrong password, a mechanism the broker does not enable, no client certificate;
// and KIP-368: a connection that does not re-authenticate is closed at its first request after its
// session lifetime, while kafkajs, which re-authenticates, keeps its connection.
// kafka-python's cells are in test/reference/kafka-python-security.test.ts (it needs the tier's venv).

/** /usr/bin/python3, not pyenv's: Debian's python3-confluent-kafka is installed for it. */
const PYTHON = '/usr/bin/python3';

let m: MatrixBroker;
let ca: string;

beforeAll(async () => {
  m = await startMatrixBroker();
  ca = fs.readFileSync(m.f.caFile, 'utf8');
});
afterAll(async () => m.dispose());

/** How a cell connects: SASL_SSL with a mechanism and password, or SSL with alice's, bob's or no certificate. */
type Conn = { kind: 'sasl'; mechanism: string; password: string } | { kind: 'mtls'; cert: 'alice' | 'bob' | 'none' };

const sasl = (mechanism: string, password = PASSWORD): Conn => ({ kind: 'sasl', mechanism, password });
const mtls = (cert: 'alice' | 'bob' | 'none' = 'alice'): Conn => ({ kind: 'mtls', cert });

interface Client {
  /** Whether each record gets its own headers (kcat -H sets the same ones on every record). */
  readonly perRecordHeaders: boolean;
  /** Produces the records to partition 0, reads partition 0 back from offset 0: the rows read. */
  roundTrip(conn: Conn, topic: string, records: readonly MatrixRecord[]): Promise<string[]>;
  /** Tries to produce one record where that fails: the error as the client reports it. */
  failure(conn: Conn, topic: string): Promise<string>;
}

function certFiles(cert: 'alice' | 'bob'): { cert: string; key: string } {
  return cert === 'alice' ? { cert: m.f.clientCertFile, key: m.f.clientKeyFile } : { cert: m.bobCertFile, key: m.bobKeyFile };
}

// ---- kcat (librdkafka) --------------------------------------------------------------------------

function kcatArgs(conn: Conn): string[] {
  if (conn.kind === 'sasl') {
    const base = ['-b', `127.0.0.1:${m.saslPort}`, '-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${m.f.caFile}`, '-X', `sasl.mechanisms=${conn.mechanism}`];
    // OAUTHBEARER with librdkafka's unsecured development token (no user name or password).
    if (conn.mechanism === 'OAUTHBEARER') return [...base, '-X', 'enable.sasl.oauthbearer.unsecure.jwt=true', '-X', `sasl.oauthbearer.config=principal=${USER}`];
    return [...base, '-X', `sasl.username=${USER}`, '-X', `sasl.password=${conn.password}`];
  }
  const args = ['-b', `127.0.0.1:${m.sslPort}`, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${m.f.caFile}`];
  if (conn.cert === 'none') return args;
  const files = certFiles(conn.cert);
  return [...args, '-X', `ssl.certificate.location=${files.cert}`, '-X', `ssl.key.location=${files.key}`];
}

/** librdkafka's first FAIL log line, without its timestamp, thread and timing. */
function firstFail(stderr: string): string {
  const line = /^%3\|[\d.]+\|FAIL\|rdkafka#producer-1\| \[thrd:[^\]]+\]: (.*)$/m.exec(stderr);
  if (line?.[1] === undefined) throw new Error(`no FAIL line in kcat's stderr:\n${stderr}`);
  return withoutTimings(line[1]);
}

const kcatClient: Client = {
  perRecordHeaders: false,
  async roundTrip(conn, topic, records) {
    const headers = records[0]?.headers ?? [];
    expect(records.every((r) => JSON.stringify(r.headers) === JSON.stringify(headers))).toBe(true);
    const input = records.map((r) => `${r.key}\t${r.value}\n`).join('');
    const p = await kcat([...kcatArgs(conn), '-t', topic, '-p', '0', '-P', '-K', '\t', ...headers.flatMap(([k, v]) => ['-H', `${k}=${v}`])], input);
    expect(p, p.stderr).toMatchObject({ exitCode: 0, stderr: '' });
    const c = await kcat([...kcatArgs(conn), '-t', topic, '-p', '0', '-o', 'beginning', '-C', '-e', '-q', '-f', '%p|%o|%k|%s|%h\n']);
    expect(c.exitCode, c.stderr).toBe(0);
    return c.stdout.split('\n').filter((l) => l !== '');
  },
  async failure(conn, topic) {
    if (conn.kind === 'mtls' && conn.cert === 'bob') {
      // Authenticated, then refused per record: kcat reports the delivery failure and exits 1.
      const r = await kcat([...kcatArgs(conn), '-t', topic, '-p', '0', '-P'], 'refused\n');
      expect(r.exitCode).toBe(1);
      return r.stderr;
    }
    // The connection itself fails: kcat logs why on every attempt until the metadata wait ends.
    const r = await kcat([...kcatArgs(conn), '-L', '-m', '2'], undefined, 15_000);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('% ERROR: Failed to acquire metadata: Local: Broker transport failure');
    return firstFail(r.stderr);
  },
};

// ---- python3-confluent-kafka (librdkafka) -------------------------------------------------------

function pythonSecurity(conn: Conn): { bootstrap: string; security: PythonSecurity } {
  if (conn.kind === 'sasl') {
    return { bootstrap: `127.0.0.1:${m.saslPort}`, security: { protocol: 'SASL_SSL', ca: m.f.caFile, mechanism: conn.mechanism, username: USER, password: conn.password } };
  }
  const files = conn.cert === 'none' ? {} : certFiles(conn.cert);
  return { bootstrap: `127.0.0.1:${m.sslPort}`, security: { protocol: 'SSL', ca: m.f.caFile, ...files } };
}

const confluentClient: Client = {
  perRecordHeaders: true,
  async roundTrip(conn, topic, records) {
    const { bootstrap, security } = pythonSecurity(conn);
    const r = await pythonRoundTrip(PYTHON, 'confluent-kafka', bootstrap, topic, security, records);
    // Delivery reports: every record acknowledged at its offset, in order.
    expect(r.delivered).toEqual(records.map((_, i) => [0, i]));
    return r.consumed.map((c) => row(c.partition, c.offset, c.key, c.value, c.headers));
  },
  async failure(conn, topic) {
    const { bootstrap, security } = pythonSecurity(conn);
    const e = await pythonFailure(PYTHON, 'confluent-kafka', bootstrap, topic, security);
    return `${e.type}: ${withoutTimings(e.message)}`;
  },
};

// ---- kafkajs ------------------------------------------------------------------------------------

function kafkajsConfig(conn: Conn): KafkaConfig {
  const base = { clientId: 'matrix', logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 5000 };
  if (conn.kind === 'sasl') {
    const login: SASLOptions =
      conn.mechanism === 'OAUTHBEARER'
        ? { mechanism: 'oauthbearer', oauthBearerProvider: () => Promise.resolve({ value: 'unused' }) }
        : ({ mechanism: conn.mechanism.toLowerCase(), username: USER, password: conn.password } as SASLOptions);
    return { ...base, brokers: [`127.0.0.1:${m.saslPort}`], ssl: { ca: [ca] }, sasl: login };
  }
  const files = conn.cert === 'none' ? undefined : certFiles(conn.cert);
  return {
    ...base,
    brokers: [`127.0.0.1:${m.sslPort}`],
    ssl: files === undefined ? { ca: [ca] } : { ca: [ca], cert: fs.readFileSync(files.cert, 'utf8'), key: fs.readFileSync(files.key, 'utf8') },
  };
}

const kafkajsClient: Client = {
  perRecordHeaders: true,
  async roundTrip(conn, topic, records) {
    const kafka = new Kafka({ ...kafkajsConfig(conn), retry: { retries: 5 } });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const sent = await producer.send({ topic, messages: records.map((r) => ({ key: r.key, value: r.value, partition: 0, headers: Object.fromEntries(r.headers) })) });
      expect(sent.map((s) => [s.partition, s.baseOffset, s.errorCode])).toEqual([[0, '0', 0]]);
    } finally {
      await producer.disconnect();
    }
    // kafkajs reads only through a group: JoinGroup/SyncGroup/OffsetFetch on the same listener.
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    const rows: string[] = [];
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          const headers = Object.entries(message.headers ?? {}).map(([k, v]): [string, string] => [k, Buffer.isBuffer(v) ? v.toString('utf8') : String(v)]);
          rows.push(row(partition, message.offset, message.key?.toString('utf8') ?? null, message.value?.toString('utf8') ?? null, headers));
          return Promise.resolve();
        },
      });
      await waitFor(`kafkajs to read ${records.length} records of ${topic}`, () => rows.length >= records.length, 30_000);
    } finally {
      await consumer.disconnect();
    }
    return rows;
  },
  async failure(conn, topic) {
    const producer = new Kafka(kafkajsConfig(conn)).producer();
    try {
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k', value: 'v', partition: 0 }] });
      return 'no error';
    } catch (err) {
      const e = err as Error & { type?: string; code?: number };
      // OpenSSL's texts carry a thread id and a source position: kept are the error code and reason.
      const message = e.message.replace(/[0-9A-F]{8,}:error:/g, 'error:').replace(/:[^:]*\.c:\d+:/g, ':');
      return `${e.name}${e.type === undefined ? '' : ` ${e.type}`}: ${message}`;
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  },
};

const CLIENTS = { kcat: kcatClient, 'confluent-kafka': confluentClient, kafkajs: kafkajsClient } as const;
type ClientName = keyof typeof CLIENTS;
const NAMES = Object.keys(CLIENTS) as ClientName[];

const topicFor = (client: string, what: string): string => `${client}-${what}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');

describe('produce and consume exactly', () => {
  const cells = NAMES.flatMap((client) => [...SASL_MECHANISMS.map((mech) => ({ client, via: `SASL_SSL ${mech}`, conn: sasl(mech) })), { client, via: 'mTLS (User:CN=alice,OU=eng,O=Acme\\, Inc.,C=US)', conn: mtls() }]);

  test.each(cells)('$client over $via: N records with keys, values and headers, back at offsets 0..N-1', async ({ client, via, conn }) => {
    const topic = topicFor(client, via.split(' ')[0] === 'mTLS' ? 'mtls' : via);
    const c = CLIENTS[client];
    const records = cellRecords(topic, c.perRecordHeaders, client);
    expect(await c.roundTrip(conn, topic, records)).toEqual(expectedRows(records));
    expect(endOffset(m, topic)).toBe(N);
  });

  test.each(NAMES)('%s over mTLS with a certificate from the same CA whose principal User:CN=bob is no super user: the produce is refused (TOPIC_AUTHORIZATION_FAILED), nothing is written', async (client) => {
    const topic = topicFor(client, 'mtls');
    const expected: Record<ClientName, string> = {
      kcat: '% Delivery failed for message: Broker: Topic authorization failed\n',
      'confluent-kafka': 'TOPIC_AUTHORIZATION_FAILED: Broker: Topic authorization failed',
      kafkajs: 'KafkaJSNonRetriableError: Not authorized to access topics: [Topic authorization failed]',
    };
    expect(await CLIENTS[client].failure(mtls('bob'), topic)).toBe(expected[client]);
    // The round-trip cell of this client wrote N records there; the refused producer added none.
    expect(endOffset(m, topic)).toBe(N);
  });
});

describe("Kafka's failures as each client reports them", () => {
  /** librdkafka's view (kcat and confluent-kafka) of a SASL failure on the SASL_SSL listener. */
  const librdkafka = (text: string): string => `sasl_ssl://127.0.0.1:${m.saslPort}/bootstrap: ${text}`;

  test.each(NAMES.flatMap((client) => SASL_MECHANISMS.map((mechanism) => ({ client, mechanism }))))(
    '$client, $mechanism with a wrong password: SASL_AUTHENTICATION_FAILED with the broker\'s message',
    async ({ client, mechanism }) => {
      const text = wrongPasswordMessage(mechanism);
      const kafkajsName = mechanism === 'PLAIN' ? 'PLAIN' : mechanism.replace(/^SCRAM-SHA-/, 'SCRAM SHA');
      const expected: Record<ClientName, string> = {
        kcat: librdkafka(`SASL authentication error: ${text} (in state AUTH_REQ)`),
        'confluent-kafka': `_AUTHENTICATION: ${librdkafka(`SASL authentication error: ${text} (in state AUTH_REQ)`)}`,
        kafkajs: `KafkaJSSASLAuthenticationError: SASL ${kafkajsName} authentication failed: ${text}`,
      };
      expect(await CLIENTS[client].failure(sasl(mechanism, 'not-the-password'), 'never-written')).toBe(expected[client]);
    },
  );

  test.each(NAMES)('%s asking for OAUTHBEARER, which the listener does not enable: UNSUPPORTED_SASL_MECHANISM with the enabled list', async (client) => {
    const unsupported = librdkafka("SASL OAUTHBEARER mechanism handshake failed: Broker: Unsupported SASL mechanism: broker's supported mechanisms: PLAIN,SCRAM-SHA-256,SCRAM-SHA-512 (in state AUTH_HANDSHAKE)");
    const expected: Record<ClientName, string> = {
      kcat: unsupported,
      'confluent-kafka': `_AUTHENTICATION: ${unsupported}`,
      kafkajs: 'KafkaJSProtocolError UNSUPPORTED_SASL_MECHANISM: The broker does not support the requested SASL mechanism',
    };
    expect(await CLIENTS[client].failure(sasl('OAUTHBEARER'), 'never-written')).toBe(expected[client]);
  });

  test.each(NAMES)('%s without a client certificate on the ssl.client.auth=required listener: the TLS handshake is refused (alert 116, certificate required)', async (client) => {
    const logged = m.b.logs.length;
    const refused = `ssl://127.0.0.1:${m.sslPort}/bootstrap: Receive failed: error:0A00045C:SSL routines::tlsv13 alert certificate required: SSL alert number 116 (in state APIVERSION_QUERY)`;
    const expected: Record<ClientName, string> = {
      kcat: refused,
      'confluent-kafka': `_TRANSPORT: ${refused}`,
      kafkajs: 'KafkaJSNumberOfRetriesExceeded: Connection error: error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:SSL alert number 116\n',
    };
    expect(await CLIENTS[client].failure(mtls('none'), 'never-written')).toBe(expected[client]);
    expect(m.b.logs.slice(logged).some((l) => l.startsWith('TLS handshake with 127.0.0.1 on listener SSL failed: ') && l.includes(':peer did not return a certificate:'))).toBe(true);
  });

  test('no cell wrote to a topic it was refused', () => {
    expect(m.b.running.broker.topics.get('never-written')).toBeUndefined();
  });
});

describe('KIP-368: a connection that does not re-authenticate', () => {
  const LIFETIME_MS = 1500;
  let r: MatrixBroker;
  beforeAll(async () => {
    r = await startMatrixBroker({ 'connections.max.reauth.ms': String(LIFETIME_MS) });
  });
  afterAll(async () => r.dispose());

  async function login(wire: SecureWire, mechanism: SaslMechanism): Promise<SaslAuthenticateResponse | null> {
    const hs = await wire.request(17, 1, (w) => encodeSaslHandshakeRequest(w, { mechanism }, 1));
    expect(hs === null ? null : decodeSaslHandshakeResponse(hs, 1)).toEqual({ errorCode: 0, mechanisms: [...SASL_MECHANISMS] });
    const client = createSaslClient({ mechanism, username: USER, password: PASSWORD });
    let token: Buffer | null = await client.initial();
    let res: SaslAuthenticateResponse | null = null;
    while (token !== null) {
      const authBytes = token;
      const raw = await wire.request(36, 2, (w) => encodeSaslAuthenticateRequest(w, { authBytes }, 2));
      res = raw === null ? null : decodeSaslAuthenticateResponse(raw, 2);
      if (res === null || res.errorCode !== 0) return res;
      token = await client.next(res.authBytes);
    }
    return res;
  }

  async function metadataBrokers(wire: SecureWire): Promise<string[] | null> {
    const res = await wire.request(3, 9, (w) => encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [] }, 9));
    return res === null ? null : decodeMetadataResponse(res, 9).brokers.map((x) => `${x.host}:${x.port}`);
  }

  test.each(SASL_MECHANISMS)(
    '%s: the session lifetime is reported; requests are answered before it ends, an idle connection stays open past it, and the first request after it closes the connection unanswered',
    async (mechanism) => {
      const wire = await SecureWire.connect(r.saslPort, { ca: r.f.ca.certPem });
      const localPort = wire.sock.localPort ?? 0;
      const before = Date.now();
      expect(await login(wire, mechanism)).toMatchObject({ errorCode: ErrorCode.NONE, errorMessage: '', sessionLifetimeMs: BigInt(LIFETIME_MS) });
      expect(await metadataBrokers(wire)).toEqual([`127.0.0.1:${r.saslPort}`]);
      // Kafka checks the expiry when a request arrives, not on a timer: the idle connection is kept.
      await waitFor('the session lifetime to pass', () => Date.now() - before > LIFETIME_MS + 100, LIFETIME_MS + 5000);
      expect(wire.sock.destroyed).toBe(false);
      expect(await metadataBrokers(wire)).toBeNull();
      await wire.closed;
      expect(r.b.logs).toContain(`closing connection 127.0.0.1:${localPort}: Error: Disconnecting expired session (connections.max.reauth.ms)`);
    },
  );

  test('kafkajs (KIP-368 client) re-authenticates on its own connection: sends across three session lifetimes, no connection closed as expired', async () => {
    const kafka = new Kafka({ clientId: 'reauth', brokers: [`127.0.0.1:${r.saslPort}`], ssl: { ca: [r.f.ca.certPem] }, sasl: { mechanism: 'scram-sha-512', username: USER, password: PASSWORD }, reauthenticationThreshold: 1000, logLevel: logLevel.NOTHING });
    const logged = r.b.logs.length;
    const producer = kafka.producer();
    await producer.connect();
    const start = Date.now();
    const offsets: string[] = [];
    try {
      for (let lifetime = 0; lifetime < 3; lifetime++) {
        await waitFor(`session lifetime ${lifetime}`, () => Date.now() - start > lifetime * (LIFETIME_MS + 100), 2 * LIFETIME_MS + 5000);
        const sent = await producer.send({ topic: 'kafkajs-reauth', messages: [{ key: `k${lifetime}`, value: `v${lifetime}`, partition: 0 }] });
        offsets.push(sent[0]?.baseOffset ?? '');
      }
    } finally {
      await producer.disconnect();
    }
    expect(offsets).toEqual(['0', '1', '2']);
    // Had it not re-authenticated, its first send after a lifetime would have closed the connection.
    expect(r.b.logs.slice(logged).filter((l) => l.includes('Disconnecting expired session'))).toEqual([]);
  });

  test('a client that re-authenticates in time (SaslHandshake + SaslAuthenticate v2 on the same connection) keeps it past the first lifetime', async () => {
    const wire = await SecureWire.connect(r.saslPort, { ca: r.f.ca.certPem });
    const first = Date.now();
    expect(await login(wire, 'SCRAM-SHA-512')).toMatchObject({ errorCode: ErrorCode.NONE, sessionLifetimeMs: BigInt(LIFETIME_MS) });
    await waitFor('half the session lifetime', () => Date.now() - first > LIFETIME_MS / 2, LIFETIME_MS + 5000);
    expect(await login(wire, 'SCRAM-SHA-512')).toMatchObject({ errorCode: ErrorCode.NONE, sessionLifetimeMs: BigInt(LIFETIME_MS) });
    await waitFor('the first session lifetime to pass', () => Date.now() - first > LIFETIME_MS + 100, LIFETIME_MS + 5000);
    // The second session began half a lifetime later: still valid for the rest of its own.
    expect(await metadataBrokers(wire)).toEqual([`127.0.0.1:${r.saslPort}`]);
    wire.close();
  });
});
