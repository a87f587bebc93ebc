import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { SaslAuthenticationError } from '../../src/client/native/sasl.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

// Our client's SASL against our broker over SASL_PLAINTEXT: KIP-368 re-authentication on the same
// connection before the session the broker granted (connections.max.reauth.ms) runs out, both while
// requests flow and while the connection is idle; and the errors the broker's answers become.

let b: TestBroker;
let bootstrap: string;
const SCRAM = { mechanism: 'SCRAM-SHA-256', username: 'alice', password: 'alice-secret' } as const;

beforeAll(async () => {
  b = await startTestBroker({
    config: {
      listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-256,PLAIN',
      'listener.name.sasl_plaintext.plain.sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required user_bob="bob-secret";',
      'connections.max.reauth.ms': '1000',
    },
  });
  b.running.broker.scram.upsert('alice', 'SCRAM-SHA-256', 'alice-secret');
  bootstrap = `127.0.0.1:${b.running.port}`;
});
afterAll(async () => b.dispose());

describe('KIP-368 re-authentication', () => {
  it('re-authenticates the same connection between requests, which keep being answered', async () => {
    const client = await NativeClient.connect({ brokers: [bootstrap], clientId: 'reauth', sasl: SCRAM });
    try {
      const conn = await client.anyConnection();
      expect(conn.authentications).toBe(1);
      // Requests back to back for more than two session lifetimes (1 s each).
      let answered = 0;
      await waitFor('two re-authentications while requests flow', async () => {
        await Promise.all([client.metadata(null), client.metadata(null), client.metadata([])]);
        answered += 3;
        return conn.authentications >= 3;
      });
      expect(await client.anyConnection()).toBe(conn);
      expect(conn.closed).toBe(false);
      expect(answered).toBeGreaterThan(3);
    } finally {
      await client.close();
    }
  });

  it('an idle connection re-authenticates on its own and is still usable after its first session ended', async () => {
    const client = await NativeClient.connect({ brokers: [bootstrap], clientId: 'reauth-idle', sasl: { mechanism: 'PLAIN', username: 'bob', password: 'bob-secret' } });
    try {
      const conn = await client.anyConnection();
      await waitFor('a re-authentication with no request in flight', () => conn.authentications >= 2, 10_000);
      const md = await client.metadata([]);
      expect(md.brokers.map((x) => x.port)).toEqual([b.running.port]);
      expect(await client.anyConnection()).toBe(conn);
    } finally {
      await client.close();
    }
  });
});

describe('refusals', () => {
  it('a wrong password is SASL_AUTHENTICATION_FAILED with the broker\'s message; an unknown mechanism lists the enabled ones', async () => {
    const wrong = await NativeClient.connect({ brokers: [bootstrap], clientId: 'x', sasl: { ...SCRAM, password: 'nope' } }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SaslAuthenticationError);
    expect(wrong).toMatchObject({ errorCode: 58, message: 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256' });
    const mech = await NativeClient.connect({ brokers: [bootstrap], clientId: 'x', sasl: { ...SCRAM, mechanism: 'SCRAM-SHA-512' } }).catch((e: unknown) => e);
    expect(mech).toMatchObject({ errorCode: 33, message: `The broker at ${bootstrap} does not enable SASL mechanism SCRAM-SHA-512; its enabled mechanisms: SCRAM-SHA-256, PLAIN.` });
  });

  it('SASL settings against a listener without SASL say so', async () => {
    const plain = await startTestBroker();
    try {
      const err = await NativeClient.connect({ brokers: [plain.bootstrap], clientId: 'x', sasl: SCRAM }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SaslAuthenticationError);
      expect((err as Error).message).toBe(`The broker at ${plain.bootstrap} does not expect SASL on this listener (SaslHandshake: ILLEGAL_SASL_STATE); check security.protocol and the port.`);
    } finally {
      await plain.dispose();
    }
  });
});
