// The broker and the data of issue #14's client × mechanism matrix, shared by
// test/integration/security-client-matrix.test.ts (kcat, confluent-kafka, kafkajs) and
// test/reference/kafka-python-security.test.ts (kafka-python, which needs the reference tier's venv):
// one broker with a SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and an SSL listener that
// requires a client certificate, under the StandardAuthorizer with allow.everyone.if.no.acl.found=false
// and only the SASL user and the client certificate's DN as super users, so only those may produce.
import fs from 'node:fs';
import path from 'node:path';
import { issueCert } from '../../src/broker/security/certs.js';
import { createTlsFixtures, type TlsFixtures } from '../integration/security-fixtures.js';
import { listenerPort, startTestBroker, type TestBroker } from './broker.js';

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export const USER = 'alice';
export const PASSWORD = 'alice-s3cret';
/** The records each cell produces and reads back. */
export const N = 10;

export interface MatrixBroker {
  readonly f: TlsFixtures;
  readonly b: TestBroker;
  /** The SASL_SSL listener's port. */
  readonly saslPort: number;
  /** The SSL listener's port (ssl.client.auth=required). */
  readonly sslPort: number;
  /** A certificate from the broker's CA whose principal (User:CN=bob) has no ACLs and is no super user. */
  readonly bobCertFile: string;
  readonly bobKeyFile: string;
  dispose(): Promise<void>;
}

/** The broker of the matrix, with alice's SCRAM credentials for both hashes. */
export async function startMatrixBroker(extra: Record<string, string> = {}): Promise<MatrixBroker> {
  const f = createTlsFixtures();
  const bob = issueCert(f.ca, { subject: [['CN', 'bob']] });
  const bobCertFile = path.join(f.dir, 'bob.crt');
  const bobKeyFile = path.join(f.dir, 'bob.key');
  fs.writeFileSync(bobCertFile, bob.certPem, { mode: 0o600 });
  fs.writeFileSync(bobKeyFile, bob.keyPem, { mode: 0o600 });
  const b = await startTestBroker({
    config: {
      listeners: 'SASL_SSL://127.0.0.1:0,SSL://127.0.0.1:0',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': f.serverPemFile,
      'listener.name.ssl.ssl.client.auth': 'required',
      'listener.name.ssl.ssl.truststore.type': 'PEM',
      'listener.name.ssl.ssl.truststore.location': f.caFile,
      'sasl.enabled.mechanisms': SASL_MECHANISMS.join(','),
      'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${USER}="${PASSWORD}";`,
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'allow.everyone.if.no.acl.found': 'false',
      'super.users': `User:${USER};User:${f.clientDn}`,
      'offsets.topic.num.partitions': '1',
      ...extra,
    },
  });
  for (const m of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) b.running.broker.scram.upsert(USER, m, PASSWORD);
  return {
    f,
    b,
    saslPort: listenerPort(b, 'SASL_SSL'),
    sslPort: listenerPort(b, 'SSL'),
    bobCertFile,
    bobKeyFile,
    dispose: async () => {
      await b.dispose();
      f.dispose();
    },
  };
}

export interface MatrixRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/**
 * N records for a cell: distinct keys, values with multi-byte UTF-8 and growing lengths, and
 * headers: per record (index and cell) where the client sets headers per record, else the same
 * headers on every record (kcat -H).
 */
export function cellRecords(cell: string, perRecordHeaders: boolean, client: string): MatrixRecord[] {
  return Array.from({ length: N }, (_, i) => ({
    key: `k${i}`,
    value: `${cell} v${i} ü€😀 ${'x'.repeat(i * 7)}`,
    headers: perRecordHeaders
      ? [
          ['i', String(i)],
          ['cell', cell],
        ]
      : [
          ['cell', cell],
          ['client', client],
        ],
  }));
}

/** One consumed record as the matrix compares them: partition|offset|key|value|name=value,... (kcat's %h). */
export function row(partition: number, offset: number | string, key: string | null, value: string | null, headers: ReadonlyArray<readonly [string, string | null]>): string {
  return `${partition}|${offset}|${key ?? ''}|${value ?? ''}|${headers.map(([k, v]) => `${k}=${v ?? ''}`).join(',')}`;
}

/** What reading the cell's records back must give: partition 0, offsets 0..N-1, in order. */
export function expectedRows(records: readonly MatrixRecord[]): string[] {
  return records.map((r, i) => row(0, i, r.key, r.value, r.headers));
}

/** The broker's error_message for a wrong password, as Kafka words it per mechanism. */
export function wrongPasswordMessage(mechanism: SaslMechanism): string {
  return mechanism === 'PLAIN' ? 'Authentication failed: Invalid username or password' : `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`;
}

/** The partition's log end offset on the broker (what a refused producer must not have moved). */
export function endOffset(m: MatrixBroker, topic: string): number | undefined {
  return m.b.running.broker.topics.partition(topic, 0)?.log.logEndOffset;
}
