import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSaslAuthenticator, SaslAuthenticationError, type SaslAuthenticator, type SaslExchange } from '../../../../src/broker/security/sasl-server.js';
import { ScramStore } from '../../../../src/broker/security/scram-store.js';
import { createSaslClient, type SaslClientOptions } from '../../../../src/protocol/sasl/client.js';
import { formatOAuthBearerInitialResponse, unsecuredJws } from '../../../../src/protocol/sasl/oauthbearer.js';

const tmpDirs: string[] = [];
const tmp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sasl-server-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const GENERIC = (m: string): string => `Authentication failed during authentication due to invalid credentials with SASL mechanism ${m}`;
const NOW = 1_700_000_000_000;
const PLAIN_JAAS = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice secret";';

function authenticator(raw: Record<string, string>, store = new ScramStore(tmp()), logs: string[] = []): SaslAuthenticator {
  return createSaslAuthenticator(raw, store, (l) => logs.push(l), () => NOW);
}

/** Drives a client against an exchange; resolves the final server result or rejects with the server's error. */
async function run(ex: SaslExchange, o: SaslClientOptions): Promise<{ principal?: string; lifetimeMs?: number }> {
  const client = createSaslClient(o);
  let token: Buffer | null = await client.initial();
  for (;;) {
    const r = await ex.evaluate(token);
    token = await client.next(r.reply);
    if (r.done) {
      expect(token).toBeNull();
      return { ...(r.principal !== undefined ? { principal: r.principal } : {}), ...(r.lifetimeMs !== undefined ? { lifetimeMs: r.lifetimeMs } : {}) };
    }
    if (token === null) throw new Error('client finished before the server');
  }
}

/** The error as the connection would answer it: Kafka's text for SaslAuthenticationError, else the generic text. */
async function answered(p: Promise<unknown>, mechanism: string): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof SaslAuthenticationError ? err.message : GENERIC(mechanism);
  }
  throw new Error('expected a failure');
}

describe('enabled mechanisms', () => {
  it('defaults to PLAIN and both SCRAMs (Kafka\'s GSSAPI default is not available)', () => {
    expect(authenticator({}).enabledMechanisms('SASL_SSL')).toEqual(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
  });

  it('sasl.enabled.mechanisms, overridden per listener; GSSAPI dropped with a log line', () => {
    const logs: string[] = [];
    const a = authenticator({ 'sasl.enabled.mechanisms': 'GSSAPI, SCRAM-SHA-512', 'listener.name.external.sasl.enabled.mechanisms': 'OAUTHBEARER' }, undefined, logs);
    expect(a.enabledMechanisms('SASL_PLAINTEXT')).toEqual(['SCRAM-SHA-512']);
    expect(a.enabledMechanisms('EXTERNAL')).toEqual(['OAUTHBEARER']);
    expect(logs).toEqual(['SASL mechanism(s) GSSAPI on listener SASL_PLAINTEXT are not supported by this broker and stay disabled']);
    expect(a.begin('PLAIN', 'SASL_PLAINTEXT')).toBeUndefined();
    expect(a.begin('GSSAPI', 'SASL_PLAINTEXT')).toBeUndefined();
    expect(a.begin('SCRAM-SHA-512', 'SASL_PLAINTEXT')?.mechanism).toBe('SCRAM-SHA-512');
  });

  it('a broken JAAS config fails at start with the key and Kafka\'s message, never the value', () => {
    expect(() => authenticator({ 'listener.name.sasl_ssl.plain.sasl.jaas.config': 'x.Y required user_a="s3cret"' })).toThrow(
      /^invalid listener\.name\.sasl_ssl\.plain\.sasl\.jaas\.config: JAAS config entry not terminated by semi-colon$/,
    );
  });
});

describe('PLAIN', () => {
  const a = authenticator({ 'listener.name.sasl_ssl.plain.sasl.jaas.config': PLAIN_JAAS });

  it('authenticates JAAS users as User:<name>', async () => {
    expect(await run(a.begin('PLAIN', 'SASL_SSL') as SaslExchange, { mechanism: 'PLAIN', username: 'alice', password: 'alice secret' })).toEqual({ principal: 'User:alice' });
  });

  it('wrong password, unknown user and another listener (no JAAS users) fail with Kafka\'s text', async () => {
    const msg = 'Authentication failed: Invalid username or password';
    expect(await answered(run(a.begin('PLAIN', 'SASL_SSL') as SaslExchange, { mechanism: 'PLAIN', username: 'alice', password: 'nope' }), 'PLAIN')).toBe(msg);
    expect(await answered(run(a.begin('PLAIN', 'SASL_SSL') as SaslExchange, { mechanism: 'PLAIN', username: 'mallory', password: 'x' }), 'PLAIN')).toBe(msg);
    expect(await answered(run(a.begin('PLAIN', 'OTHER') as SaslExchange, { mechanism: 'PLAIN', username: 'alice', password: 'alice secret' }), 'PLAIN')).toBe(msg);
    expect(await answered((a.begin('PLAIN', 'SASL_SSL') as SaslExchange).evaluate(Buffer.from('garbage')), 'PLAIN')).toBe('Invalid SASL/PLAIN response: expected 3 tokens, got 1');
  });
});

describe.each(['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('%s', (mechanism) => {
  const store = new ScramStore(tmp());
  store.upsert('alice', mechanism, 'alice-secret');
  const logs: string[] = [];
  const a = authenticator({}, store, logs);

  it('authenticates a stored user', async () => {
    expect(await run(a.begin(mechanism, 'SASL_SSL') as SaslExchange, { mechanism, username: 'alice', password: 'alice-secret' })).toEqual({ principal: 'User:alice' });
  });

  it('wrong password, unknown user and delegation tokens get the generic text; the reason is only logged', async () => {
    logs.length = 0;
    expect(await answered(run(a.begin(mechanism, 'SASL_SSL') as SaslExchange, { mechanism, username: 'alice', password: 'bad' }), mechanism)).toBe(GENERIC(mechanism));
    expect(await answered(run(a.begin(mechanism, 'SASL_SSL') as SaslExchange, { mechanism, username: 'bob', password: 'alice-secret' }), mechanism)).toBe(GENERIC(mechanism));
    expect(await answered(run(a.begin(mechanism, 'SASL_SSL') as SaslExchange, { mechanism, username: 'alice', password: 'alice-secret', extensions: { tokenauth: 'true' } }), mechanism)).toBe(GENERIC(mechanism));
    expect(logs).toEqual([
      `SASL ${mechanism} authentication failed: Invalid client credentials`,
      `SASL ${mechanism} authentication failed: Authentication failed: Invalid user credentials`,
      `SASL ${mechanism}: delegation token authentication is not supported (token id alice)`,
      `SASL ${mechanism} authentication failed: Authentication failed: Invalid user credentials`,
    ]);
    expect(logs.join('\n')).not.toContain('alice-secret');
  });

  it('an authzid other than the user is refused with Kafka\'s visible text', async () => {
    expect(await answered((a.begin(mechanism, 'SASL_SSL') as SaslExchange).evaluate(Buffer.from('n,a=bob,n=alice,r=x')), mechanism)).toBe(
      'Authentication failed: Client requested an authorization id that is different from username',
    );
  });
});

describe('OAUTHBEARER, unsecured JWS', () => {
  const raw = {
    'sasl.enabled.mechanisms': 'OAUTHBEARER',
    'listener.name.sasl_ssl.oauthbearer.sasl.jaas.config':
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin" unsecuredValidatorRequiredScope="kafka" unsecuredValidatorAllowableClockSkewMs="1000";',
  };
  const logs: string[] = [];
  const a = authenticator(raw, undefined, logs);
  const sec = NOW / 1000;
  const token = (claims: Record<string, unknown>): SaslClientOptions => ({ mechanism: 'OAUTHBEARER', token: () => Promise.resolve(unsecuredJws(claims)) });

  it('accepts a valid token: principal from sub, lifetime = exp - now', async () => {
    expect(await run(a.begin('OAUTHBEARER', 'SASL_SSL') as SaslExchange, token({ sub: 'alice', iat: sec, exp: sec + 60, scope: 'kafka' }))).toEqual({ principal: 'User:alice', lifetimeMs: 60_000 });
    // Within the allowed clock skew.
    expect(await run(a.begin('OAUTHBEARER', 'SASL_SSL') as SaslExchange, token({ sub: 'alice', iat: sec + 0.5, exp: sec + 0.9, scope: ['kafka', 'x'] }))).toMatchObject({ principal: 'User:alice' });
  });

  it.each([
    ['expired', { sub: 'alice', exp: sec - 2, scope: 'kafka' }, '{"status":"invalid_token"}', /on or after the Expiration Time/],
    ['no exp', { sub: 'alice', scope: 'kafka' }, '{"status":"invalid_token"}', /No expiration time in JWT/],
    ['no sub', { exp: sec + 60, scope: 'kafka' }, '{"status":"invalid_token"}', /No principal name in JWT claim: sub/],
    ['issued in the future', { sub: 'a', iat: sec + 5, exp: sec + 60, scope: 'kafka' }, '{"status":"invalid_token"}', /Issued At value/],
    ['missing scope', { sub: 'alice', exp: sec + 60, scope: 'other' }, '{"status":"insufficient_scope", "scope":"[kafka]"}', /missing a required scope \(kafka\)/],
  ])('refuses a token (%s): JSON reply, then the JSON as error_message', async (_what, claims, json, reason) => {
    logs.length = 0;
    expect(await answered(run(a.begin('OAUTHBEARER', 'SASL_SSL') as SaslExchange, token(claims)), 'OAUTHBEARER')).toBe(json);
    expect(logs[0]).toMatch(reason);
  });

  it('a signed token (alg != none) and garbage are refused', async () => {
    const signed = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'a', exp: sec + 60 })).toString('base64url')}.c2ln`;
    expect(await answered(run(a.begin('OAUTHBEARER', 'SASL_SSL') as SaslExchange, { mechanism: 'OAUTHBEARER', token: () => Promise.resolve(signed) }), 'OAUTHBEARER')).toBe('{"status":"invalid_token"}');
    expect(await answered((a.begin('OAUTHBEARER', 'SASL_SSL') as SaslExchange).evaluate(Buffer.from('n,,auth')), 'OAUTHBEARER')).toBe(GENERIC('OAUTHBEARER'));
  });
});

describe('OAUTHBEARER, JWKS', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r1', use: 'sig', alg: 'RS256' }, { ...ec.publicKey.export({ format: 'jwk' }), kid: 'e1' }] };
  const sec = NOW / 1000;

  function jwt(alg: 'RS256' | 'ES256', kid: string, key: KeyObject, claims: Record<string, unknown>): string {
    const h = Buffer.from(JSON.stringify({ alg, kid, typ: 'JWT' })).toString('base64url');
    const c = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const sig = sign('sha256', Buffer.from(`${h}.${c}`), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
    return `${h}.${c}.${sig.toString('base64url')}`;
  }

  const good = { sub: 'svc', iss: 'https://idp', aud: ['kafka'], iat: sec, exp: sec + 300 };

  it('verifies RS256 and ES256 against a file:// JWKS, with audience and issuer', async () => {
    const file = path.join(tmp(), 'jwks.json');
    fs.writeFileSync(file, JSON.stringify(jwks));
    const a = authenticator({
      'sasl.enabled.mechanisms': 'OAUTHBEARER',
      'sasl.oauthbearer.jwks.endpoint.url': pathToFileURL(file).href,
      'sasl.oauthbearer.expected.audience': 'kafka,other',
      'sasl.oauthbearer.expected.issuer': 'https://idp',
    });
    const go = (t: string): Promise<unknown> => run(a.begin('OAUTHBEARER', 'SASL_SSL') as SaslExchange, { mechanism: 'OAUTHBEARER', token: () => Promise.resolve(t) });
    expect(await go(jwt('RS256', 'r1', rsa.privateKey, good))).toEqual({ principal: 'User:svc', lifetimeMs: 300_000 });
    expect(await go(jwt('ES256', 'e1', ec.privateKey, good))).toEqual({ principal: 'User:svc', lifetimeMs: 300_000 });
    const refused = '{"status":"invalid_token"}';
    expect(await answered(go(jwt('RS256', 'r1', other.privateKey, good)), 'OAUTHBEARER')).toBe(refused);
    expect(await answered(go(jwt('RS256', 'nokey', rsa.privateKey, good)), 'OAUTHBEARER')).toBe(refused);
    expect(await answered(go(jwt('RS256', 'r1', rsa.privateKey, { ...good, aud: 'someone-else' })), 'OAUTHBEARER')).toBe(refused);
    expect(await answered(go(jwt('RS256', 'r1', rsa.privateKey, { ...good, iss: 'https://evil' })), 'OAUTHBEARER')).toBe(refused);
    expect(await answered(go(jwt('RS256', 'r1', rsa.privateKey, { ...good, exp: sec - 31 })), 'OAUTHBEARER')).toBe(refused);
    // Inside the default 30 s clock skew.
    expect(await go(jwt('RS256', 'r1', rsa.privateKey, { ...good, exp: sec - 29 }))).toMatchObject({ principal: 'User:svc' });
    expect(await answered(go(unsecuredJws({ sub: 'x', exp: sec + 60 })), 'OAUTHBEARER')).toBe(refused);
  });

  it('fetches the JWKS over HTTP once and caches it', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as { port: number };
      const a = authenticator({ 'sasl.enabled.mechanisms': 'OAUTHBEARER', 'listener.name.sasl_ssl.oauthbearer.sasl.oauthbearer.jwks.endpoint.url': `http://127.0.0.1:${port}/jwks` });
      for (let i = 0; i < 3; i++) {
        const ex = a.begin('OAUTHBEARER', 'SASL_SSL') as SaslExchange;
        expect((await ex.evaluate(formatOAuthBearerInitialResponse(jwt('RS256', 'r1', rsa.privateKey, good)))).done).toBe(true);
      }
      expect(hits).toBe(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
