import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthTokenError, oauthTokenProvider } from '../../../src/client/native/oauth.js';

// The OAUTHBEARER token sources against a real local HTTP token endpoint: the client credentials
// grant as Kafka's login handler sends it, caching until near expiry, and errors without secrets.

interface Seen {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

let server: http.Server;
let url: string;
const seen: Seen[] = [];
let answer: { status: number; body: string } = { status: 200, body: '' };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('client credentials', () => {
  it('POSTs grant_type and scope with Basic client credentials, and caches the token until 80% of its life (at most a minute early)', async () => {
    seen.length = 0;
    answer = { status: 200, body: JSON.stringify({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 100 }) };
    let now = 1_000_000;
    const get = oauthTokenProvider({ kind: 'client-credentials', url, clientId: 'my app', clientSecret: 'se:cret', scope: 'kafka.read' }, { now: () => now });
    expect(await Promise.all([get(), get()])).toEqual(['tok-1', 'tok-1']);
    expect(seen).toEqual([
      { authorization: `Basic ${Buffer.from('my%20app:se%3Acret').toString('base64')}`, contentType: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials&scope=kafka.read' },
    ]);
    now += 79_000;
    expect(await get()).toBe('tok-1');
    expect(seen).toHaveLength(1);
    answer = { status: 200, body: JSON.stringify({ access_token: 'tok-2', expires_in: 100 }) };
    now += 2_000;
    expect(await get()).toBe('tok-2');
    expect(seen).toHaveLength(2);
  });

  it('takes the lifetime from the JWT exp claim when expires_in is missing', async () => {
    seen.length = 0;
    const now = 2_000_000_000;
    const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: now / 1000 + 1000 })).toString('base64url')}.sig`;
    answer = { status: 200, body: JSON.stringify({ access_token: jwt }) };
    let t = now;
    const get = oauthTokenProvider({ kind: 'client-credentials', url, clientId: 'a', clientSecret: 'b' }, { now: () => t });
    await get();
    // 1000 s of life: refreshed a minute before it ends (later than 80% for a long-lived token).
    t += 939_000;
    await get();
    expect(seen).toHaveLength(1);
    t += 2_000;
    await get();
    expect(seen).toHaveLength(2);
    expect(seen[0]?.body).toBe('grant_type=client_credentials');
  });

  it('a refusal names the endpoint and the OAuth error, never the secret or the body', async () => {
    answer = { status: 401, body: JSON.stringify({ error: 'invalid_client', error_description: 'bad secret', echoed: 'client-s3cret' }) };
    const get = oauthTokenProvider({ kind: 'client-credentials', url, clientId: 'a', clientSecret: 'client-s3cret' });
    const err = await get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthTokenError);
    expect((err as Error).message).toBe(`The OAuth token endpoint ${url} answered 401 Unauthorized: invalid_client (bad secret).`);
    answer = { status: 200, body: '{"token_type":"Bearer"}' };
    await expect(oauthTokenProvider({ kind: 'client-credentials', url, clientId: 'a', clientSecret: 'b' })()).rejects.toThrow(`The OAuth token endpoint ${url} answered without an access_token.`);
    answer = { status: 200, body: '<html>' };
    await expect(oauthTokenProvider({ kind: 'client-credentials', url, clientId: 'a', clientSecret: 'b' })()).rejects.toThrow(`The OAuth token endpoint ${url} did not answer JSON.`);
    // A URL with credentials in it (fetch refuses it, quoting the URL) is never shown whole.
    const withCreds = await oauthTokenProvider({ kind: 'client-credentials', url: `${url.replace('http://', 'http://user:client-s3cret@')}?key=client-s3cret`, clientId: 'a', clientSecret: 'b' })().catch((e: unknown) => e);
    expect((withCreds as Error).message).toMatch(new RegExp(`^Cannot reach the OAuth token endpoint ${url.replace(/[.]/g, '\\.')} \\(`));
    expect((withCreds as Error).message).not.toContain('s3cret');
    const down = 'http://127.0.0.1:1/token';
    await expect(oauthTokenProvider({ kind: 'client-credentials', url: down, clientId: 'a', clientSecret: 'client-s3cret' })()).rejects.toThrow(/^Cannot reach the OAuth token endpoint http:\/\/127\.0\.0\.1:1\/token \(/);
  });
});

describe('other sources', () => {
  it('a token file (trimmed, read at each authentication), a static token, and Kafka\'s unsecured JWS', async () => {
    let content = 'a.b.c\n';
    const fromFile = oauthTokenProvider({ kind: 'file', path: '/t' }, { readFile: () => Promise.resolve(content) });
    expect(await fromFile()).toBe('a.b.c');
    content = 'd.e.f';
    expect(await fromFile()).toBe('d.e.f');
    content = '  ';
    await expect(fromFile()).rejects.toThrow("The OAUTHBEARER token file '/t' is empty.");
    expect(await oauthTokenProvider({ kind: 'static', token: 'x.y.z' })()).toBe('x.y.z');
    const jws = await oauthTokenProvider({ kind: 'unsecured', subject: 'alice', lifetimeSeconds: 60, claims: { aud: 'kafka' } }, { now: () => 1_700_000_000_500 })();
    const [h, p, sig] = jws.split('.');
    expect(JSON.parse(Buffer.from(h ?? '', 'base64url').toString())).toEqual({ alg: 'none' });
    expect(JSON.parse(Buffer.from(p ?? '', 'base64url').toString())).toEqual({ aud: 'kafka', sub: 'alice', iat: 1_700_000_000, exp: 1_700_000_060 });
    expect(sig).toBe('');
  });
});
