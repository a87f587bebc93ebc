// The SCRAM exchange on the wire, Apache Kafka 4.4's SASL_SSL listener against ours: the same
// SaslHandshake v1 / SaslAuthenticate v2 steps, compared on error codes, error messages (Kafka's
// exact texts, generic or specific), enabled-mechanism lists and whether the connection closes.
// Nonces and salts differ by nature, so a reply is compared by its shape (empty, server-first,
// server-final), never its bytes.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ScramStore } from '../../src/broker/security/scram-store.js';
import { decodeSaslAuthenticateResponse } from '../../src/protocol/generated/messages/sasl-authenticate-response.js';
import { encodeSaslAuthenticateRequest } from '../../src/protocol/generated/messages/sasl-authenticate-request.js';
import { decodeSaslHandshakeResponse } from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import { encodeSaslHandshakeRequest } from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import { ScramClient } from '../../src/protocol/sasl/scram.js';
import { listenerPort, startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';
import { within } from '../helpers/wait.js';
import { createTlsFixtures, type TlsFixtures } from '../integration/security-fixtures.js';
import { SecureWire } from '../integration/security-wire.js';
import { SASL_PASSWORD, SASL_USER } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'SASL SCRAM on the wire (Apache Kafka 4.4 vs tkafka)';
const MECH = 'SCRAM-SHA-512';

type Step = Record<string, unknown>;

/** What a server reply looks like, without its random parts. */
function shape(reply: Buffer): string {
  const s = reply.toString('utf8');
  if (s === '') return 'empty';
  if (/^r=[^,]+,s=[^,]+,i=\d+$/.test(s)) return `server-first i=${s.split('i=')[1]}`;
  if (/^v=/.test(s)) return 'server-final';
  return `other: ${s}`;
}

class Session {
  readonly steps: Step[] = [];
  private readonly wire: SecureWire;

  private constructor(wire: SecureWire) {
    this.wire = wire;
  }

  static async open(hostPort: string): Promise<Session> {
    const port = Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
    return new Session(await SecureWire.connect(port, { rejectUnauthorized: false }));
  }

  async handshake(mechanism: string): Promise<number> {
    const r = await this.wire.request(17, 1, (w) => encodeSaslHandshakeRequest(w, { mechanism }, 1));
    if (r === null) {
      this.steps.push({ handshake: mechanism, closed: true });
      return -1;
    }
    const res = decodeSaslHandshakeResponse(r, 1);
    this.steps.push({ handshake: mechanism, errorCode: res.errorCode, mechanisms: res.mechanisms });
    return res.errorCode;
  }

  /** One token; the reply, or null after an error or a close (recorded). */
  async authenticate(token: Buffer): Promise<Buffer | null> {
    const r = await this.wire.request(36, 2, (w) => encodeSaslAuthenticateRequest(w, { authBytes: token }, 2));
    if (r === null) {
      this.steps.push({ authenticate: 'closed' });
      return null;
    }
    const res = decodeSaslAuthenticateResponse(r, 2);
    this.steps.push({ errorCode: res.errorCode, errorMessage: res.errorMessage, reply: shape(res.authBytes), sessionLifetimeMs: String(res.sessionLifetimeMs) });
    return res.errorCode === 0 ? res.authBytes : null;
  }

  /** Whether the broker closed the connection (after an error Kafka closes it). */
  async closedAfterError(): Promise<Step[]> {
    // Not closed is only known by waiting: Kafka closes at once after a failure, so 3 s is ample.
    const closed = await within('the broker to close the connection', this.wire.closed, 3000).then(
      () => true,
      () => false,
    );
    this.steps.push({ closed });
    this.wire.close();
    return this.steps;
  }

  done(): Step[] {
    this.wire.close();
    return this.steps;
  }
}

type Scenario = (bootstrap: string) => Promise<Step[]>;

async function login(bootstrap: string, username: string, password: string, extensions?: Record<string, string>): Promise<Step[]> {
  const s = await Session.open(bootstrap);
  await s.handshake(MECH);
  const client = new ScramClient({ mechanism: MECH, username, password, ...(extensions ? { extensions } : {}) });
  const first = await s.authenticate(client.clientFirst());
  if (first === null) return s.closedAfterError();
  const final = await s.authenticate(await client.clientFinal(first));
  if (final === null) return s.closedAfterError();
  client.verifyServerFinal(final);
  return s.done();
}

async function rawFirst(bootstrap: string, clientFirst: string): Promise<Step[]> {
  const s = await Session.open(bootstrap);
  await s.handshake(MECH);
  if ((await s.authenticate(Buffer.from(clientFirst))) === null) return s.closedAfterError();
  return s.done();
}

const SCENARIOS: Record<string, Scenario> = {
  'the right password authenticates': async (b) => {
    const steps = await login(b, SASL_USER, SASL_PASSWORD);
    // Both sides refusing would compare equal: the login has to reach the server-final message.
    expect(steps.at(-1)).toMatchObject({ errorCode: 0, reply: 'server-final' });
    return steps;
  },
  'a wrong password': (b) => login(b, SASL_USER, 'wrong-password'),
  'an unknown user': (b) => login(b, 'nobody-here', SASL_PASSWORD),
  'a delegation token (tokenauth=true) that does not exist': (b) => login(b, 'token-id', 'hmac', { tokenauth: 'true' }),
  'an authzid other than the user': (b) => rawFirst(b, `n,a=bob,n=${SASL_USER},r=abcdef`),
  'the same authzid as the user': (b) => rawFirst(b, `n,a=${SASL_USER},n=${SASL_USER},r=abcdef`),
  'a malformed client-first message': (b) => rawFirst(b, 'garbage'),
  'channel binding requested': (b) => rawFirst(b, `p=tls-server-end-point,,n=${SASL_USER},r=abcdef`),
  'a client-final with a foreign nonce': async (b) => {
    const s = await Session.open(b);
    await s.handshake(MECH);
    const first = await s.authenticate(Buffer.from(`n,,n=${SASL_USER},r=abcdef`));
    if (first === null) return s.closedAfterError();
    if ((await s.authenticate(Buffer.from('c=biws,r=someone-else,p=dGVzdA=='))) === null) return s.closedAfterError();
    return s.done();
  },
  'PLAIN, not enabled on the listener': async (b) => {
    const s = await Session.open(b);
    await s.handshake('PLAIN');
    return s.closedAfterError();
  },
};

describe('SCRAM-SHA-512 over SASL_SSL: Apache Kafka 4.4 vs tkafka', () => {
  let f: TlsFixtures;
  let ours: TestBroker;
  let ourBootstrap: string;
  beforeAll(async () => {
    if (kafka1.saslBootstrap === undefined) throw new Error('the reference Kafka has no SASL_SSL listener');
    f = createTlsFixtures();
    const dataDir = tempDataDir();
    new ScramStore(dataDir).upsert(SASL_USER, MECH, SASL_PASSWORD);
    ours = await startTestBroker({
      dataDir,
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
        'sasl.enabled.mechanisms': MECH,
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': f.serverPemFile,
      },
    });
    ourBootstrap = `127.0.0.1:${listenerPort(ours, 'SASL_SSL')}`;
  });
  afterAll(async () => {
    await ours.dispose();
    f.dispose();
    expect(fs.existsSync(ours.dataDir)).toBe(false);
  });

  for (const [name, run] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const kafka = await run(kafka1.saslBootstrap as string);
      const tkafka = await run(ourBootstrap);
      expect(tkafka).toEqual(kafka);
      logParity({ tier: TIER, scenario: name, result: 'identical' });
    });
  }
});
