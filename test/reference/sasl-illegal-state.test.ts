// A request out of place during SASL authentication, on the wire, Apache Kafka 4.4's SASL_SSL
// listener next to our broker's SASL listener: before SaslHandshake both close without an answer
// (Kafka's InvalidRequestException); after SaslHandshake v1 both answer the request with its own
// error response carrying ILLEGAL_SASL_STATE (Kafka's IllegalSaslStateException through the request
// class's getErrorResponse) and then close. The decoded answers must be identical.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Reader } from '../../src/protocol/codec/reader.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { defaultMetadataRequest, encodeMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { defaultProduceRequest, encodeProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { decodeFindCoordinatorResponse } from '../../src/protocol/generated/messages/find-coordinator-response.js';
import { defaultFindCoordinatorRequest, encodeFindCoordinatorRequest } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { encodeSaslHandshakeRequest } from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import { decodeSaslHandshakeResponse } from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';
import { SecureWire } from '../integration/security-wire.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'SASL state machine on the wire: Apache Kafka 4.4 vs tkafka broker';

let ours: TestBroker;
let ca: string;

beforeAll(async () => {
  const props = fs.readFileSync(kafka1.saslClientConfig as string, 'utf8');
  ca = fs.readFileSync(/^ssl\.truststore\.location=(.*)$/m.exec(props)?.[1] as string, 'utf8');
  ours = await startTestBroker({ config: { listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0', 'sasl.enabled.mechanisms': 'SCRAM-SHA-512' } });
});
afterAll(async () => {
  await ours?.dispose();
});

/** A fresh connection to Kafka's SASL_SSL listener or ours. */
function connect(side: 'kafka' | 'ours'): Promise<SecureWire> {
  if (side === 'ours') return SecureWire.connect(listenerPort(ours, 'SASL_PLAINTEXT'));
  const port = Number((kafka1.saslBootstrap as string).split(':')[1]);
  return SecureWire.connect(port, { ca });
}

async function handshake(wire: SecureWire): Promise<void> {
  const r = await wire.request(17, 1, (w) => encodeSaslHandshakeRequest(w, { mechanism: 'SCRAM-SHA-512' }, 1));
  expect(decodeSaslHandshakeResponse(r as Reader, 1).errorCode).toBe(0);
}

const metadataBody = (w: Parameters<typeof encodeMetadataRequest>[0]): void =>
  encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [{ name: 'a', topicId: ZERO_UUID }, { name: 'b', topicId: ZERO_UUID }] }, 12);

describe('a request other than SaslAuthenticate during SASL authentication', () => {
  it('before SaslHandshake: closed without an answer by both', async () => {
    for (const side of ['kafka', 'ours'] as const) {
      const wire = await connect(side);
      expect(await wire.request(3, 12, metadataBody), side).toBeNull();
      await wire.closed;
    }
    logParity({ tier: TIER, scenario: 'Metadata before SaslHandshake: closed unanswered', result: 'passes' });
  });

  it('after SaslHandshake v1: the same error response with ILLEGAL_SASL_STATE from both, then the close', async () => {
    const answers: Record<string, unknown[]> = {};
    for (const side of ['kafka', 'ours'] as const) {
      const got: unknown[] = [];
      const md = await connect(side);
      await handshake(md);
      got.push(decodeMetadataResponse((await md.request(3, 12, metadataBody)) as Reader, 12));
      await md.closed;

      const produce = await connect(side);
      await handshake(produce);
      const req = { ...defaultProduceRequest(), acks: -1, timeoutMs: 1000, topicData: [{ name: 't', topicId: ZERO_UUID, partitionData: [{ index: 0, records: Buffer.alloc(0) }, { index: 3, records: Buffer.alloc(0) }] }] };
      const pr = await produce.request(0, 9, (w) => encodeProduceRequest(w, req, 9));
      expect(pr, side).not.toBeNull();
      got.push(decodeProduceResponse(pr as Reader, 9));
      await produce.closed;

      const fc = await connect(side);
      await handshake(fc);
      got.push(decodeFindCoordinatorResponse((await fc.request(10, 4, (w) => encodeFindCoordinatorRequest(w, { ...defaultFindCoordinatorRequest(), keyType: 0, coordinatorKeys: ['g1'] }, 4))) as Reader, 4));
      await fc.closed;
      answers[side] = got;
    }
    expect(answers['ours']).toEqual(answers['kafka']);
    expect(answers['kafka']?.[0]).toMatchObject({ topics: [{ name: 'a', errorCode: 34 }, { name: 'b', errorCode: 34 }] });
    logParity({ tier: TIER, scenario: 'Metadata/Produce/FindCoordinator after SaslHandshake v1: identical ILLEGAL_SASL_STATE answers, then closed', result: 'passes' });
  });
});
