import { describe, expect, it } from 'vitest';
import { createSaslClient } from '../../../src/protocol/sasl/client.js';
import { SaslMechanismError } from '../../../src/protocol/sasl/errors.js';
import { formatOAuthBearerInitialResponse, OAuthBearerServer, oauthErrorJson, parseOAuthBearerInitialResponse, unsecuredJws, type OAuthBearerValidation } from '../../../src/protocol/sasl/oauthbearer.js';
import { decodePlain, encodePlain, evaluatePlain } from '../../../src/protocol/sasl/plain.js';
import { credentialFromPassword, ScramServer, scramHash } from '../../../src/protocol/sasl/scram.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

async function failure(fn: () => unknown): Promise<SaslMechanismError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SaslMechanismError);
    return err as SaslMechanismError;
  }
  throw new Error('expected a failure');
}

describe('PLAIN (RFC 4616)', () => {
  const users: Record<string, string> = { alice: 'alice-secret' };
  const verify = (u: string, p: string): boolean => users[u] === p;

  it('encodes authzid NUL user NUL password and authenticates', () => {
    expect(encodePlain('alice', 'alice-secret')).toEqual(b('\0alice\0alice-secret'));
    expect(decodePlain(encodePlain('alice', 'pw', 'alice'))).toEqual({ authzid: 'alice', username: 'alice', password: 'pw' });
    expect(evaluatePlain(encodePlain('alice', 'alice-secret'), verify)).toBe('alice');
    expect(evaluatePlain(encodePlain('alice', 'alice-secret', 'alice'), verify)).toBe('alice');
  });

  it.each([
    ['alice\0alice-secret', 'Invalid SASL/PLAIN response: expected 3 tokens, got 2'],
    ['\0alice\0alice-secret\0x', 'Invalid SASL/PLAIN response: expected 3 tokens, got 4'],
    ['\0a\0b\0c\0d', 'Invalid SASL/PLAIN response: expected 3 tokens, got 4'],
    ['\0\0pw', 'Authentication failed: username not specified'],
    ['\0alice\0', 'Authentication failed: password not specified'],
    ['\0alice\0wrong', 'Authentication failed: Invalid username or password'],
    ['\0bob\0alice-secret', 'Authentication failed: Invalid username or password'],
    ['bob\0alice\0alice-secret', 'Authentication failed: Client requested an authorization id that is different from username'],
  ])('refuses %j with Kafka\'s visible message', async (token, message) => {
    expect(await failure(() => evaluatePlain(b(token), verify))).toMatchObject({ visible: true, message });
  });
});

describe('OAUTHBEARER (RFC 7628)', () => {
  it('formats and parses the GS2 header with kvpairs', () => {
    const msg = formatOAuthBearerInitialResponse('abc.def.', { traceId: 'x y' });
    expect(msg.toString()).toBe('n,,\x01auth=Bearer abc.def.\x01traceId=x y\x01\x01');
    expect(parseOAuthBearerInitialResponse(msg)).toEqual({ token: 'abc.def.', authzid: '', extensions: { traceId: 'x y' } });
    expect(parseOAuthBearerInitialResponse(b('n,a=alice,\x01auth=bearer t0k\x01\x01'))).toEqual({ token: 't0k', authzid: 'alice', extensions: {} });
  });

  it.each([
    ['no separators', 'n,,auth=Bearer x'],
    ['no auth', 'n,,\x01foo=bar\x01\x01'],
    ['bad scheme', 'n,,\x01auth=Basic abc\x01\x01'],
    ['bad auth format', 'n,,\x01auth=Bearer\x01\x01'],
    ['bad extension name', 'n,,\x01auth=Bearer x\x01a1=b\x01\x01'],
  ])('refuses a malformed initial response (%s), hidden', async (_w, msg) => {
    expect((await failure(() => parseOAuthBearerInitialResponse(b(msg)))).visible).toBe(false);
  });

  it('refuses the extension name auth when formatting', async () => {
    expect((await failure(() => formatOAuthBearerInitialResponse('t', { auth: 'x' }))).message).toBe('Extension name auth is invalid');
  });

  it('JSON error replies are Kafka\'s', () => {
    expect(oauthErrorJson({ status: 'invalid_token' })).toBe('{"status":"invalid_token"}');
    expect(oauthErrorJson({ status: 'insufficient_scope', scope: '[a]' })).toBe('{"status":"insufficient_scope", "scope":"[a]"}');
  });

  const ok: OAuthBearerValidation = { ok: true, principal: 'alice', expiresAtMs: 123 };
  const bad: OAuthBearerValidation = { ok: false, status: 'invalid_token', reason: 'expired' };

  it('server: a good token completes; a bad one answers JSON, then fails on the client\'s \\x01', async () => {
    const good = new OAuthBearerServer(() => Promise.resolve(ok));
    expect(await good.evaluate(formatOAuthBearerInitialResponse('t'))).toEqual({ reply: Buffer.alloc(0), done: true });
    expect(good.principal).toBe('alice');
    expect(good.expiresAtMs).toBe(123);

    const server = new OAuthBearerServer(() => Promise.resolve(bad));
    expect(await server.evaluate(formatOAuthBearerInitialResponse('t'))).toEqual({ reply: b('{"status":"invalid_token"}'), done: false });
    expect(server.lastRefusal).toBe('expired');
    expect(await failure(() => server.evaluate(Buffer.from([1])))).toMatchObject({ visible: true, message: '{"status":"invalid_token"}' });
  });

  it('server: authzid must be the token\'s principal', async () => {
    const server = new OAuthBearerServer(() => Promise.resolve(ok));
    expect((await failure(() => server.evaluate(formatOAuthBearerInitialResponse('t', {}, 'bob')))).message).toBe(
      "Authentication failed: Client requested an authorization id (bob) that is different from the token's principal name (alice)",
    );
  });

  it('unsecuredJws builds header.claims. with alg none', () => {
    const [h, c, s] = unsecuredJws({ sub: 'alice', exp: 2 }).split('.');
    expect(JSON.parse(Buffer.from(h as string, 'base64url').toString())).toEqual({ alg: 'none' });
    expect(JSON.parse(Buffer.from(c as string, 'base64url').toString())).toEqual({ sub: 'alice', exp: 2 });
    expect(s).toBe('');
  });
});

describe('createSaslClient (Seam 3)', () => {
  it('PLAIN: one token, done after the empty reply', async () => {
    const c = createSaslClient({ mechanism: 'PLAIN', username: 'alice', password: 'pw' });
    expect(await c.initial()).toEqual(b('\0alice\0pw'));
    expect(await c.next(Buffer.alloc(0))).toBeNull();
  });

  it('SCRAM-SHA-512 against the server state machine, and a forged server-final throws', async () => {
    const cred = credentialFromPassword(scramHash('SCRAM-SHA-512'), 'pw', Buffer.from('salt'), 4096);
    const server = new ScramServer({ mechanism: 'SCRAM-SHA-512', lookup: () => cred });
    const c = createSaslClient({ mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'pw' });
    const first = server.evaluate(await c.initial());
    const finalToken = await c.next(first.reply);
    const done = server.evaluate(finalToken as Buffer);
    expect(await c.next(done.reply)).toBeNull();

    const server2 = new ScramServer({ mechanism: 'SCRAM-SHA-512', lookup: () => cred });
    const c2 = createSaslClient({ mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'pw' });
    await c2.next(server2.evaluate(await c2.initial()).reply);
    expect((await failure(() => c2.next(b('v=AAAA')))).message).toBe('Invalid server signature in server final message');
  });

  it('OAUTHBEARER: token from the callback, \\x01 after an error reply', async () => {
    const c = createSaslClient({ mechanism: 'OAUTHBEARER', token: () => Promise.resolve('a.b.'), extensions: { x: 'y' } });
    expect((await c.initial()).toString()).toBe('n,,\x01auth=Bearer a.b.\x01x=y\x01\x01');
    expect(await c.next(Buffer.alloc(0))).toBeNull();
    expect(await c.next(b('{"status":"invalid_token"}'))).toEqual(Buffer.from([1]));
  });

  it('refuses missing credentials and unknown mechanisms', async () => {
    expect((await failure(() => createSaslClient({ mechanism: 'PLAIN', username: 'a' }))).message).toBe('SASL PLAIN needs a password');
    expect((await failure(() => createSaslClient({ mechanism: 'SCRAM-SHA-256', password: 'a' }))).message).toBe('SASL SCRAM-SHA-256 needs a username');
    expect((await failure(() => createSaslClient({ mechanism: 'OAUTHBEARER' }))).message).toBe('SASL OAUTHBEARER needs a token');
    expect((await failure(() => createSaslClient({ mechanism: 'GSSAPI' as 'PLAIN' }))).message).toBe('Unsupported SASL mechanism GSSAPI');
  });
});
