// kafka-python's cells of issue #14's client × mechanism matrix against our broker (the other clients'
// are in test/integration/security-client-matrix.test.ts; this file needs the tier's venv with
// kafka-python from test/peers/python/requirements-kafka-python.txt). The same broker: SASL_SSL with
// PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, SSL requiring a client certificate, the StandardAuthorizer
// letting only the SASL user and the certificate's DN write. kafka-python produces N records with
// keys, values and per-record headers and reads them back exactly; its failures are the line it logs
// for a failed bootstrap attempt (its application sees only KafkaTimeoutError once bootstrap gives up).
// The broker's own Apache Kafka clusters of the tier are not used here.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pythonFailure, pythonRoundTrip, withoutTimings, type PythonFailure, type PythonSecurity } from '../helpers/python-client.js';
import { N, PASSWORD, SASL_MECHANISMS, USER, cellRecords, endOffset, expectedRows, row, startMatrixBroker, wrongPasswordMessage, type MatrixBroker } from '../helpers/security-matrix.js';
import { runSync, venvPython } from './python-venv.js';

let py: string;
let m: MatrixBroker;

beforeAll(async () => {
  py = await venvPython('requirements-kafka-python.txt');
  // The pinned version, so a cell's text is kafka-python's of that release.
  expect(runSync(py, ['-c', 'import kafka; print(kafka.__version__)'], 'kafka-python version').trim()).toBe('3.0.12');
  m = await startMatrixBroker();
}, 600_000);
afterAll(async () => m?.dispose());

type Conn = { kind: 'sasl'; mechanism: string; password: string } | { kind: 'mtls'; cert: 'alice' | 'bob' | 'none' };

function connect(conn: Conn): { bootstrap: string; security: PythonSecurity } {
  if (conn.kind === 'sasl') {
    return { bootstrap: `127.0.0.1:${m.saslPort}`, security: { protocol: 'SASL_SSL', ca: m.f.caFile, mechanism: conn.mechanism, username: USER, password: conn.password } };
  }
  const files = conn.cert === 'none' ? {} : conn.cert === 'alice' ? { cert: m.f.clientCertFile, key: m.f.clientKeyFile } : { cert: m.bobCertFile, key: m.bobKeyFile };
  return { bootstrap: `127.0.0.1:${m.sslPort}`, security: { protocol: 'SSL', ca: m.f.caFile, ...files } };
}

async function failure(conn: Conn, topic: string): Promise<PythonFailure> {
  const { bootstrap, security } = connect(conn);
  const f = await pythonFailure(py, 'kafka-python', bootstrap, topic, security);
  // kafka-python drops an answer that arrives in the same read as the broker's close (it logs "socket
  // disconnected" and tries again); how many attempts that costs varies, the first answer read does not.
  return { type: f.type, message: withoutTimings(f.message) };
}

describe('kafka-python × tkafka broker security', () => {
  const cells: Array<{ via: string; topic: string; conn: Conn }> = [
    ...SASL_MECHANISMS.map((mechanism) => ({ via: `SASL_SSL ${mechanism}`, topic: `kafka-python-${mechanism.toLowerCase()}`, conn: { kind: 'sasl' as const, mechanism, password: PASSWORD } })),
    { via: 'mTLS (User:CN=alice,OU=eng,O=Acme\\, Inc.,C=US)', topic: 'kafka-python-mtls', conn: { kind: 'mtls' as const, cert: 'alice' as const } },
  ];

  test.each(cells)('kafka-python over $via: N records with keys, values and headers, acknowledged and read back at offsets 0..N-1', async ({ topic, conn }) => {
    const records = cellRecords(topic, true, 'kafka-python');
    const { bootstrap, security } = connect(conn);
    const r = await pythonRoundTrip(py, 'kafka-python', bootstrap, topic, security, records);
    expect(r.delivered).toEqual(records.map((_, i) => [0, i]));
    expect(r.consumed.map((c) => row(c.partition, c.offset, c.key, c.value, c.headers))).toEqual(expectedRows(records));
    expect(endOffset(m, topic)).toBe(N);
  });

  test('kafka-python over mTLS with a certificate from the same CA whose principal User:CN=bob is no super user: TopicAuthorizationFailedError, nothing written', async () => {
    expect(await failure({ kind: 'mtls', cert: 'bob' }, 'kafka-python-mtls')).toEqual({ type: 'TopicAuthorizationFailedError', message: '[Error 29] TopicAuthorizationFailedError: kafka-python-mtls' });
    expect(endOffset(m, 'kafka-python-mtls')).toBe(N);
  });

  test.each(SASL_MECHANISMS)("kafka-python, %s with a wrong password: SaslAuthenticationFailedError [Error 58] with the broker's message (logged per bootstrap attempt)", async (mechanism) => {
    expect(await failure({ kind: 'sasl', mechanism, password: 'not-the-password' }, 'never-written')).toEqual({
      type: 'logged',
      message: `Bootstrap connection to bootstrap-0 failed: [Error 58] SaslAuthenticationFailedError: SaslAuthenticationFailedError: ${wrongPasswordMessage(mechanism)}`,
    });
  });

  test('kafka-python asking for OAUTHBEARER, which the listener does not enable: UnsupportedSaslMechanismError [Error 33] (kafka-python does not print the enabled list)', async () => {
    expect(await failure({ kind: 'sasl', mechanism: 'OAUTHBEARER', password: '' }, 'never-written')).toEqual({ type: 'logged', message: 'Bootstrap connection to bootstrap-0 failed: [Error 33] UnsupportedSaslMechanismError' });
  });

  test('kafka-python without a client certificate on the ssl.client.auth=required listener: the TLS handshake is refused (TLSV13_ALERT_CERTIFICATE_REQUIRED)', async () => {
    const f = await failure({ kind: 'mtls', cert: 'none' }, 'never-written');
    // The position in CPython's _ssl.c differs between Python builds.
    expect({ ...f, message: f.message.replace(/\(_ssl\.c:\d+\)$/, '(_ssl.c)') }).toEqual({
      type: 'logged',
      message: 'Bootstrap connection to bootstrap-0 failed: KafkaConnectionError: [SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c)',
    });
    expect(m.b.running.broker.topics.get('never-written')).toBeUndefined();
  });
});
