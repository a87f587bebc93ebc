import { describe, expect, it } from 'vitest';
import { SaslMechanismError } from '../../../src/protocol/sasl/errors.js';
import {
  authMessage,
  clientKey,
  clientProof,
  credentialFromPassword,
  escapeSaslName,
  hi,
  hiSync,
  parseClientFirst,
  ScramClient,
  ScramServer,
  scramHash,
  scramMechanismOfType,
  serverKey,
  serverSignature,
  storedKey,
  unescapeSaslName,
  type ScramCredentialData,
  type ScramHash,
  type ScramMechanism,
} from '../../../src/protocol/sasl/scram.js';

const SHA1: ScramHash = { digest: 'sha1', length: 20 };
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Runs `fn` and returns the SaslMechanismError it throws. */
async function failure(fn: () => unknown): Promise<SaslMechanismError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SaslMechanismError);
    return err as SaslMechanismError;
  }
  throw new Error('expected a failure');
}

describe('RFC 5802 section 5 example (SCRAM-SHA-1): the formulas', () => {
  const salt = Buffer.from('QSXCR+Q6sek8bf92', 'base64');
  const bare = 'n=user,r=fyko+d2lbbFgONRv9qkxdawL';
  const serverFirst = 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096';
  const withoutProof = 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j';

  it('gives the RFC proof and server signature', async () => {
    const salted = await hi(SHA1, 'pencil', salt, 4096);
    expect(salted.equals(hiSync(SHA1, 'pencil', salt, 4096))).toBe(true);
    const message = authMessage(bare, serverFirst, withoutProof);
    expect(clientProof(SHA1, salted, message).toString('base64')).toBe('v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=');
    expect(serverSignature(SHA1, serverKey(SHA1, salted), message).toString('base64')).toBe('rmF9pqV8S7suAoZWja4dJRkFsKQ=');
    expect(storedKey(SHA1, clientKey(SHA1, salted))).toHaveLength(20);
  });
});

describe('RFC 7677 section 3 test vector (SCRAM-SHA-256)', () => {
  const clientNonce = 'rOprNGfwEbeRWgbNEkqO';
  const serverNonce = '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const clientFinal = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
  const serverFinal = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';
  const h = scramHash('SCRAM-SHA-256');
  const credential = credentialFromPassword(h, 'pencil', salt, 4096);

  it('the client produces the RFC messages byte for byte and accepts the RFC server-final', async () => {
    const client = new ScramClient({ mechanism: 'SCRAM-SHA-256', username: 'user', password: 'pencil', nonce: clientNonce });
    expect(client.clientFirst().toString()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const final = await client.clientFinal(b(`r=${clientNonce}${serverNonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`));
    expect(final.toString()).toBe(clientFinal);
    client.verifyServerFinal(b(serverFinal));
    expect(client.complete).toBe(true);
  });

  it('the server, from the stored (salted) credential only, answers with the RFC messages', () => {
    const server = new ScramServer({ mechanism: 'SCRAM-SHA-256', lookup: (u) => (u === 'user' ? credential : undefined), serverNonce: () => serverNonce });
    const first = server.evaluate(b('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
    expect(first).toEqual({ reply: b('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'), done: false });
    const final = server.evaluate(b(clientFinal));
    expect(final).toEqual({ reply: b(serverFinal), done: true });
    expect(server.complete).toBe(true);
    expect(server.username).toBe('user');
  });
});

const MECHS: ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

function serverFor(m: ScramMechanism, creds: Record<string, ScramCredentialData>): ScramServer {
  return new ScramServer({ mechanism: m, lookup: (u) => creds[u] });
}

async function roundTrip(server: ScramServer, client: ScramClient): Promise<void> {
  const first = server.evaluate(client.clientFirst());
  const final = server.evaluate(await client.clientFinal(first.reply));
  expect(final.done).toBe(true);
  client.verifyServerFinal(final.reply);
}

describe.each(MECHS)('%s client <-> server', (m) => {
  const h = scramHash(m);
  const cred = credentialFromPassword(h, 'alice-secret', Buffer.from('salty'), 4096);

  it('round trip authenticates, with a user name that needs escaping', async () => {
    const name = 'al=ice,x';
    const server = serverFor(m, { [name]: cred });
    const client = new ScramClient({ mechanism: m, username: name, password: 'alice-secret' });
    await roundTrip(server, client);
    expect(server.username).toBe(name);
    expect(client.complete).toBe(true);
  });

  it('extensions travel to the server (tokenauth)', async () => {
    let seen: Record<string, string> = {};
    const server = new ScramServer({ mechanism: m, lookup: (_u, ext) => ((seen = { ...ext }), cred) });
    await roundTrip(server, new ScramClient({ mechanism: m, username: 'a', password: 'alice-secret', extensions: { tokenauth: 'true' } }));
    expect(seen).toEqual({ tokenauth: 'true' });
    expect(server.extensions).toEqual({ tokenauth: 'true' });
  });

  it('wrong password: the server refuses the proof without saying why to the client', async () => {
    const server = serverFor(m, { alice: cred });
    const client = new ScramClient({ mechanism: m, username: 'alice', password: 'wrong' });
    const first = server.evaluate(client.clientFirst());
    const final = await client.clientFinal(first.reply);
    const err = await failure(() => server.evaluate(final));
    expect(err).toMatchObject({ visible: false, message: 'Invalid client credentials' });
    // A failed server takes nothing more.
    expect((await failure(() => server.evaluate(final))).visible).toBe(false);
  });

  it('unknown user fails on client-first, hidden', async () => {
    const err = await failure(() => serverFor(m, {}).evaluate(new ScramClient({ mechanism: m, username: 'bob', password: 'x' }).clientFirst()));
    expect(err).toMatchObject({ visible: false, message: 'Authentication failed: Invalid user credentials' });
  });

  it('authzid different from the user is refused with a visible message', async () => {
    const err = await failure(() => serverFor(m, { alice: cred }).evaluate(b('n,a=bob,n=alice,r=abc')));
    expect(err).toMatchObject({ visible: true, message: 'Authentication failed: Client requested an authorization id that is different from username' });
    // The same authzid is fine.
    expect(serverFor(m, { alice: cred }).evaluate(b('n,a=alice,n=alice,r=abc')).done).toBe(false);
  });

  it('a stored credential below 4096 iterations is refused', async () => {
    const weak = credentialFromPassword(h, 'p', Buffer.from('s'), 4095);
    expect((await failure(() => serverFor(m, { u: weak }).evaluate(b('n,,n=u,r=abc')))).message).toBe(`Iterations 4095 is less than the minimum 4096 for ${m}`);
  });

  it.each([
    ['channel binding requested', 'p=tls-unique,,n=alice,r=abc'],
    ['client supports binding', 'y,,n=alice,r=abc'],
    ['no nonce', 'n,,n=alice'],
    ['bad saslname escape', 'n,,n=al=41ice,r=abc'],
    ['comma in nonce', 'n,,n=alice,r=a,b'],
    ['empty', ''],
  ])('malformed client-first (%s) fails hidden', async (_what, msg) => {
    expect((await failure(() => serverFor(m, { alice: cred }).evaluate(b(msg)))).visible).toBe(false);
  });

  it('client-final with a foreign nonce, a bad channel binding, a malformed proof or garbage fails', async () => {
    for (const mutate of [
      (s: string) => s.replace(/r=[^,]+/, 'r=other'),
      (s: string) => s.replace('c=biws', 'c=eSws'),
      (s: string) => s.replace(/p=.*/, 'p=AAAA'),
      () => 'garbage',
    ]) {
      const server = serverFor(m, { alice: cred });
      const client = new ScramClient({ mechanism: m, username: 'alice', password: 'alice-secret' });
      const final = (await client.clientFinal(server.evaluate(client.clientFirst()).reply)).toString();
      expect((await failure(() => server.evaluate(b(mutate(final))))).visible).toBe(false);
    }
  });

  it("accepts exactly the combined nonce or librdkafka 2.0.2's form (the client's nonce again in front), nothing near them", async () => {
    // Client nonce CN, server nonce SN: the combined nonce is CNSN.
    for (const [nonce, ok] of [
      ['CNSN', true],
      ['CNCNSN', true],
      ['XXCNSN', false],
      ['CCNSN', false],
      ['SNCNSN', false],
      ['CNCNCNSN', false],
      ['CNSNCN', false],
      ['CNSNSN', false],
      ['CNCN', false],
      ['CN', false],
    ] as const) {
      const server = new ScramServer({ mechanism: m, lookup: () => cred, serverNonce: () => 'SN' });
      server.evaluate(b('n,,n=alice,r=CN'));
      const h = scramHash(m);
      const salted = hiSync(h, 'alice-secret', cred.salt, cred.iterations);
      const withoutProof = `c=biws,r=${nonce}`;
      const proof = clientProof(h, salted, authMessage('n=alice,r=CN', `r=CNSN,s=${cred.salt.toString('base64')},i=4096`, withoutProof));
      const final = b(`${withoutProof},p=${proof.toString('base64')}`);
      if (ok) expect(server.evaluate(final).done, nonce).toBe(true);
      else expect((await failure(() => server.evaluate(final))).message, nonce).toBe('Invalid client nonce in the final client message.');
    }
  });

  it('client checks the server: nonce, iterations, signature, errors, format', async () => {
    const start = (): ScramClient => {
      const c = new ScramClient({ mechanism: m, username: 'alice', password: 'alice-secret', nonce: 'cn' });
      c.clientFirst();
      return c;
    };
    expect((await failure(() => start().clientFinal(b('r=other,s=c2FsdA==,i=4096')))).message).toBe('Invalid server nonce: does not start with client nonce');
    expect((await failure(() => start().clientFinal(b('r=cn,s=c2FsdA==,i=4096')))).message).toBe('Invalid server nonce: does not start with client nonce');
    expect((await failure(() => start().clientFinal(b('r=cnX,s=c2FsdA==,i=1000')))).message).toBe(`Requested iterations 1000 is less than the minimum 4096 for ${m}`);
    expect((await failure(() => start().clientFinal(b('nonsense')))).message).toBe('Invalid SCRAM server first message format');

    const server = serverFor(m, { alice: cred });
    const client = new ScramClient({ mechanism: m, username: 'alice', password: 'alice-secret' });
    await client.clientFinal(server.evaluate(client.clientFirst()).reply);
    expect((await failure(() => client.verifyServerFinal(b('v=AAAA')))).message).toBe('Invalid server signature in server final message');

    const c2 = start();
    await c2.clientFinal(b('r=cnX,s=c2FsdA==,i=4096'));
    expect((await failure(() => c2.verifyServerFinal(b('e=invalid-proof')))).message).toBe(`Sasl authentication using ${m} failed with error: invalid-proof`);
    expect((await failure(() => c2.verifyServerFinal(b('v=AAAA')))).message).toMatch(/Unexpected challenge/);
  });
});

describe('saslname and client-first parsing', () => {
  it('escapes = and , and back', () => {
    expect(escapeSaslName('a=b,c')).toBe('a=3Db=2Cc');
    expect(unescapeSaslName('a=3Db=2Cc')).toBe('a=b,c');
  });

  it('parses authzid, reserved m= and extensions', () => {
    expect(parseClientFirst(b('n,a=u=2Cx,n=u=2Cx,r=N1,tokenauth=true,foo=bar'))).toEqual({
      authzid: 'u,x',
      username: 'u,x',
      nonce: 'N1',
      extensions: { tokenauth: 'true', foo: 'bar' },
      gs2Header: 'n,a=u=2Cx,',
      bare: 'n=u=2Cx,r=N1,tokenauth=true,foo=bar',
    });
  });

  it('mechanism type bytes are Kafka\'s', () => {
    expect(scramMechanismOfType(1)).toBe('SCRAM-SHA-256');
    expect(scramMechanismOfType(2)).toBe('SCRAM-SHA-512');
    expect(scramMechanismOfType(0)).toBeUndefined();
    expect(scramMechanismOfType(3)).toBeUndefined();
  });
});
