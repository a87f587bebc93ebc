// Certificates for the security tests: one CA, a server certificate for 127.0.0.1/localhost and
// client certificates, written with owner-only modes into a temp dir; and the helpers the security
// test files share (a listener's port, a kafkajs round trip).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { createCa, issueCert, type KeyAndCert } from '../../src/broker/security/certs.js';
import type { TestBroker } from '../helpers/broker.js';

export interface TlsFixtures {
  readonly dir: string;
  readonly ca: KeyAndCert;
  readonly caFile: string;
  readonly server: KeyAndCert;
  /** key + chain in one PEM file, for ssl.keystore.location (type PEM). */
  readonly serverPemFile: string;
  readonly client: KeyAndCert;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** The client certificate's subject as Kafka's RFC 2253 form. */
  readonly clientDn: string;
  /** A client certificate from a CA the broker does not trust. */
  readonly stranger: KeyAndCert;
  readonly strangerCertFile: string;
  readonly strangerKeyFile: string;
  dispose(): void;
}

function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

export function createTlsFixtures(): TlsFixtures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-tls-'));
  const ca = createCa('tkafka test CA');
  const server = issueCert(ca, { subject: [['O', 'tkafka'], ['CN', 'localhost']], dnsNames: ['localhost'], ips: ['127.0.0.1', '::1'] });
  const client = issueCert(ca, { subject: [['C', 'US'], ['O', 'Acme, Inc.'], ['OU', 'eng'], ['CN', 'alice']] });
  const otherCa = createCa('someone else');
  const stranger = issueCert(otherCa, { subject: [['CN', 'mallory']] });
  return {
    dir,
    ca,
    caFile: write(dir, 'ca.pem', ca.certPem),
    server,
    serverPemFile: write(dir, 'server.pem', server.keyPem + server.certPem + ca.certPem),
    client,
    clientCertFile: write(dir, 'client.crt', client.certPem),
    clientKeyFile: write(dir, 'client.key', client.keyPem),
    clientDn: 'CN=alice,OU=eng,O=Acme\\, Inc.,C=US',
    stranger,
    strangerCertFile: write(dir, 'stranger.crt', stranger.certPem),
    strangerKeyFile: write(dir, 'stranger.key', stranger.keyPem),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The bound port of the broker's listener `name`. */
export function listenerPort(b: TestBroker, name: string): number {
  const l = b.running.listeners.find((x) => x.name === name);
  if (l === undefined) throw new Error(`no listener ${name}`);
  return l.port;
}

/**
 * kafkajs produces `count` records (k<i>, v<i>) to `topic`, then a consumer group reads them from the
 * beginning: "offset|key|value" in the order consumed.
 */
export async function kafkajsRoundTrip(config: KafkaConfig, topic: string, count: number): Promise<string[]> {
  const kafka = new Kafka({ ...config, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}-g` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: ({ message }) => {
          got.push(`${message.offset}|${message.key?.toString() ?? ''}|${message.value?.toString() ?? ''}`);
          if (got.length === count) resolve();
          return Promise.resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return got;
}
