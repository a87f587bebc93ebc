// DescribeUserScramCredentials (50) and AlterUserScramCredentials (51) against the real broker:
// exact results and Kafka's errors, credentials that kafkajs (an independent SCRAM implementation)
// and our own client then authenticate with over SASL_PLAINTEXT, Kafka's texts for a failed SCRAM
// exchange, persistence across a restart, and a credentials file that holds no password.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientApi } from '../../src/client/native/apis.js';
import { AlterUserScramCredentialsApi } from '../../src/protocol/generated/apis/alter-user-scram-credentials.js';
import { DescribeUserScramCredentialsApi } from '../../src/protocol/generated/apis/describe-user-scram-credentials.js';
import type { ScramCredentialUpsertion } from '../../src/protocol/generated/messages/alter-user-scram-credentials-request.js';
import { decodeSaslAuthenticateResponse, type SaslAuthenticateResponse } from '../../src/protocol/generated/messages/sasl-authenticate-response.js';
import { encodeSaslAuthenticateRequest } from '../../src/protocol/generated/messages/sasl-authenticate-request.js';
import { decodeSaslHandshakeResponse } from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import { encodeSaslHandshakeRequest } from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import { createSaslClient } from '../../src/protocol/sasl/client.js';
import { hiSync, scramHash } from '../../src/protocol/sasl/scram.js';
import { startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';
import { WireClient } from './admin-wire.js';
import { SecureWire } from './security-wire.js';

const Describe = clientApi(DescribeUserScramCredentialsApi, 0, 0);
const Alter = clientApi(AlterUserScramCredentialsApi, 0, 0);
const SHA256 = 1;
const SHA512 = 2;

const CONFIG = {
  listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
  'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512',
};

/** What an admin client sends: the salted password, never the password. */
function upsertion(name: string, mechanism: number, password: string, iterations = 4096): ScramCredentialUpsertion {
  const salt = Buffer.from(`salt-of-${name}`);
  const h = scramHash(mechanism === SHA256 ? 'SCRAM-SHA-256' : 'SCRAM-SHA-512');
  return { name, mechanism, iterations, salt, saltedPassword: hiSync(h, password, salt, iterations) };
}

const port = (b: TestBroker, name: string): number => {
  const l = b.running.listeners.find((x) => x.name === name);
  if (l === undefined) throw new Error(`no listener ${name}`);
  return l.port;
};

async function kafkajsLogin(b: TestBroker, sasl: SASLOptions): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'scram-test', brokers: [`127.0.0.1:${port(b, 'SASL_PLAINTEXT')}`], sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

/** SaslHandshake v1 + SaslAuthenticate v2 with our client; the last SaslAuthenticate response. */
async function ourLogin(b: TestBroker, mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', username: string, password: string): Promise<SaslAuthenticateResponse & { closed: boolean }> {
  const wire = await SecureWire.connect(port(b, 'SASL_PLAINTEXT'));
  try {
    const hs = await wire.request(17, 1, (w) => encodeSaslHandshakeRequest(w, { mechanism }, 1));
    expect(decodeSaslHandshakeResponse(hs as NonNullable<typeof hs>, 1).errorCode).toBe(0);
    const client = createSaslClient({ mechanism, username, password });
    let token: Buffer | null = await client.initial();
    for (;;) {
      const authBytes = token;
      const r = await wire.request(36, 2, (w) => encodeSaslAuthenticateRequest(w, { authBytes }, 2));
      const res = decodeSaslAuthenticateResponse(r as NonNullable<typeof r>, 2);
      if (res.errorCode !== 0) {
        await wire.closed;
        return { ...res, closed: true };
      }
      token = await client.next(res.authBytes);
      if (token === null) return { ...res, closed: false };
    }
  } finally {
    wire.close();
  }
}

describe('SCRAM credentials over the wire', () => {
  const dataDir = tempDataDir();
  let b: TestBroker;
  let wire: WireClient;
  beforeAll(async () => {
    b = await startTestBroker({ dataDir, config: CONFIG });
    wire = await WireClient.connect(port(b, 'PLAINTEXT'));
  });
  afterAll(async () => {
    wire.close();
    await b.dispose();
  });

  it('describes nobody at first', async () => {
    expect(await wire.request(Describe, 0, { users: null })).toEqual({ throttleTimeMs: 0, errorCode: 0, errorMessage: '', results: [] });
  });

  it('creates credentials and describes them (mechanism and iterations only)', async () => {
    expect(await wire.request(Alter, 0, { deletions: [], upsertions: [upsertion('alice', SHA512, 'alice-secret', 8192), upsertion('bob', SHA256, 'bob-secret')] })).toEqual({
      throttleTimeMs: 0,
      results: [
        { user: 'alice', errorCode: 0, errorMessage: null },
        { user: 'bob', errorCode: 0, errorMessage: null },
      ],
    });
    expect((await wire.request(Alter, 0, { deletions: [], upsertions: [upsertion('bob', SHA512, 'bob-512')] })).results).toEqual([{ user: 'bob', errorCode: 0, errorMessage: null }]);
    // Kafka answers "" (not null) as the message of a success.
    expect(await wire.request(Describe, 0, { users: [] })).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: '',
      results: [
        { user: 'alice', errorCode: 0, errorMessage: '', credentialInfos: [{ mechanism: SHA512, iterations: 8192 }] },
        {
          user: 'bob',
          errorCode: 0,
          errorMessage: '',
          credentialInfos: [
            { mechanism: SHA256, iterations: 4096 },
            { mechanism: SHA512, iterations: 4096 },
          ],
        },
      ],
    });
    expect((await wire.request(Describe, 0, { users: [{ name: 'alice' }, { name: 'carol' }, { name: 'alice' }] })).results).toEqual([
      { user: 'alice', errorCode: 92, errorMessage: 'Cannot describe SCRAM credentials for the same user twice in a single request: alice', credentialInfos: [] },
      { user: 'carol', errorCode: 91, errorMessage: 'Attempt to describe a user credential that does not exist: carol', credentialInfos: [] },
    ]);
  });

  it("refuses what Kafka refuses, user by user, and applies the rest", async () => {
    const res = await wire.request(Alter, 0, {
      deletions: [
        { name: 'nobody', mechanism: SHA256 },
        { name: 'dup', mechanism: SHA256 },
      ],
      upsertions: [
        upsertion('', SHA256, 'x'),
        upsertion('weird-mech', 0, 'x'),
        upsertion('few', SHA256, 'x', 4095),
        upsertion('many', SHA512, 'x', 16385),
        upsertion('dave', SHA256, 'x'),
        upsertion('dave', SHA512, 'x'),
        upsertion('erin', SHA256, 'erin-secret', 16384),
      ],
    });
    expect(res.results).toEqual([
      { user: 'erin', errorCode: 0, errorMessage: null },
      { user: 'nobody', errorCode: 91, errorMessage: 'Attempt to delete a user credential that does not exist' },
      { user: 'dup', errorCode: 91, errorMessage: 'Attempt to delete a user credential that does not exist' },
      { user: '', errorCode: 93, errorMessage: 'Username must not be empty' },
      { user: 'weird-mech', errorCode: 33, errorMessage: 'Unknown SCRAM mechanism' },
      { user: 'few', errorCode: 93, errorMessage: 'Too few iterations' },
      { user: 'many', errorCode: 93, errorMessage: 'Too many iterations' },
      { user: 'dave', errorCode: 92, errorMessage: 'A user credential cannot be altered twice in the same request' },
    ]);
    // A user deleted and upserted in one request: neither happens.
    expect((await wire.request(Alter, 0, { deletions: [{ name: 'bob', mechanism: SHA256 }], upsertions: [upsertion('bob', SHA512, 'other')] })).results).toEqual([
      { user: 'bob', errorCode: 92, errorMessage: 'A user credential cannot be altered twice in the same request' },
    ]);
    expect([...(await wire.request(Describe, 0, { users: null })).results.map((r) => r.user)]).toEqual(['alice', 'bob', 'erin']);
  });

  it('kafkajs authenticates with the stored credentials; a wrong password fails', async () => {
    expect(Array.isArray(await kafkajsLogin(b, { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' }))).toBe(true);
    expect(Array.isArray(await kafkajsLogin(b, { mechanism: 'scram-sha-256', username: 'bob', password: 'bob-secret' }))).toBe(true);
    await expect(kafkajsLogin(b, { mechanism: 'scram-sha-512', username: 'alice', password: 'wrong' })).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
  });

  it("our client authenticates; failures get Kafka's text and close the connection", async () => {
    expect(await ourLogin(b, 'SCRAM-SHA-512', 'alice', 'alice-secret')).toMatchObject({ errorCode: 0, closed: false });
    for (const [mech, user, password] of [
      ['SCRAM-SHA-512', 'alice', 'wrong'],
      ['SCRAM-SHA-256', 'alice', 'alice-secret'],
      ['SCRAM-SHA-512', 'mallory', 'x'],
    ] as const) {
      expect(await ourLogin(b, mech, user, password)).toMatchObject({
        errorCode: 58,
        errorMessage: `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mech}`,
        closed: true,
      });
    }
  });

  it('the credentials file is 0600 and holds neither passwords nor salted passwords', () => {
    const file = path.join(dataDir, 'scram-credentials.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of ['alice-secret', 'bob-secret', 'bob-512', 'erin-secret']) expect(text).not.toContain(secret);
    expect(text).not.toContain(upsertion('alice', SHA512, 'alice-secret', 8192).saltedPassword.toString('base64'));
    expect(text).not.toContain(upsertion('alice', SHA512, 'alice-secret', 8192).saltedPassword.toString('hex'));
  });

  it('keeps the credentials across a restart, and deletes them', async () => {
    wire.close();
    await b.stop();
    b = await startTestBroker({ dataDir, config: CONFIG });
    wire = await WireClient.connect(port(b, 'PLAINTEXT'));
    expect((await wire.request(Describe, 0, { users: [{ name: 'alice' }] })).results).toEqual([
      { user: 'alice', errorCode: 0, errorMessage: '', credentialInfos: [{ mechanism: SHA512, iterations: 8192 }] },
    ]);
    expect(Array.isArray(await kafkajsLogin(b, { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' }))).toBe(true);

    expect((await wire.request(Alter, 0, { deletions: [{ name: 'alice', mechanism: SHA512 }], upsertions: [] })).results).toEqual([{ user: 'alice', errorCode: 0, errorMessage: null }]);
    expect((await wire.request(Describe, 0, { users: [{ name: 'alice' }] })).results[0]).toMatchObject({ errorCode: 91 });
    expect(await ourLogin(b, 'SCRAM-SHA-512', 'alice', 'alice-secret')).toMatchObject({ errorCode: 58, closed: true });
  });
});

describe('SCRAM credential APIs under the StandardAuthorizer', () => {
  let b: TestBroker;
  let wire: WireClient;
  beforeAll(async () => {
    b = await startTestBroker({ config: { ...CONFIG, 'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer' } });
    wire = await WireClient.connect(port(b, 'PLAINTEXT'));
  });
  afterAll(async () => {
    wire.close();
    await b.dispose();
  });

  it('needs DESCRIBE / ALTER on the cluster: CLUSTER_AUTHORIZATION_FAILED as Kafka answers it', async () => {
    expect(await wire.request(Describe, 0, { users: [{ name: 'a' }, { name: 'b' }] })).toEqual({
      throttleTimeMs: 0,
      errorCode: 31,
      errorMessage: null,
      results: [
        { user: '', errorCode: 31, errorMessage: null, credentialInfos: [] },
        { user: '', errorCode: 31, errorMessage: null, credentialInfos: [] },
      ],
    });
    expect(await wire.request(Alter, 0, { deletions: [{ name: 'zed', mechanism: SHA256 }], upsertions: [upsertion('amy', SHA256, 'x'), upsertion('zed', SHA512, 'y')] })).toEqual({
      throttleTimeMs: 0,
      results: [
        { user: 'amy', errorCode: 31, errorMessage: null },
        { user: 'zed', errorCode: 31, errorMessage: null },
      ],
    });
  });
});
