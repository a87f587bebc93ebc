import { readFile } from 'node:fs/promises';
import { unsecuredJws } from '../../protocol/sasl/oauthbearer.js';

/**
 * Where an OAUTHBEARER client gets its token, as Kafka's client properties describe it:
 * - `client-credentials`: `sasl.oauthbearer.token.endpoint.url` with the JAAS clientId/clientSecret/scope
 *   (OAuth 2 client credentials grant, RFC 6749 §4.4), as Kafka's OAuthBearerLoginCallbackHandler does;
 * - `file`: a `file:` token endpoint URL naming a file that holds a JWT (Kafka's file-based retriever);
 * - `unsecured`: an unsigned JWS built locally from `unsecuredLoginStringClaim_sub` (Kafka's
 *   OAuthBearerUnsecuredLoginCallbackHandler, for development brokers only);
 * - `static`: a token given as is (`sasl.oauthbearer.token`, tkafka's own property, for tests).
 */
export type OAuthTokenSource =
  | { kind: 'client-credentials'; url: string; clientId: string; clientSecret: string; scope?: string | undefined }
  | { kind: 'file'; path: string }
  | { kind: 'unsecured'; subject: string; lifetimeSeconds: number; claims: Record<string, string> }
  | { kind: 'static'; token: string };

/** Getting a token failed; the message names the endpoint or file, never a secret or the token. */
export class OAuthTokenError extends Error {
  override readonly name = 'OAuthTokenError';
}

export interface TokenProviderDeps {
  fetch?: typeof fetch;
  readFile?: (path: string) => Promise<string>;
  now?: () => number;
  /** Per-request timeout of the token endpoint (sasl.login.read.timeout.ms), default 10 s. */
  timeoutMs?: number;
}

interface Cached {
  token: string;
  /** Refresh after this instant (ms). */
  refreshAt: number;
}

/**
 * A token function for the SASL exchange. Tokens from the endpoint are cached until shortly before
 * they expire (80% of their life, at most a minute early), so re-authentication and every new
 * connection reuse one token; concurrent callers share one request.
 */
export function oauthTokenProvider(source: OAuthTokenSource, deps: TokenProviderDeps = {}): () => Promise<string> {
  const now = deps.now ?? Date.now;
  switch (source.kind) {
    case 'static':
      return () => Promise.resolve(source.token);
    case 'unsecured':
      return () => Promise.resolve(unsecuredLoginToken(source.subject, source.lifetimeSeconds, source.claims, now()));
    case 'file': {
      const read = deps.readFile ?? ((p: string) => readFile(p, 'utf8'));
      return async () => {
        let text: string;
        try {
          text = await read(source.path);
        } catch (err) {
          throw new OAuthTokenError(`Cannot read the OAUTHBEARER token file '${source.path}': ${err instanceof Error ? err.message : String(err)}`);
        }
        const token = text.trim();
        if (token === '') throw new OAuthTokenError(`The OAUTHBEARER token file '${source.path}' is empty.`);
        return token;
      };
    }
    case 'client-credentials': {
      let cached: Cached | null = null;
      let inFlight: Promise<string> | null = null;
      return () => {
        if (cached !== null && now() < cached.refreshAt) return Promise.resolve(cached.token);
        inFlight ??= requestToken(source, deps)
          .then(({ token, expiresInMs }) => {
            const life = expiresInMs ?? 3_600_000;
            cached = { token, refreshAt: now() + Math.max(life * 0.8, life - 60_000) };
            return token;
          })
          .finally(() => {
            inFlight = null;
          });
        return inFlight;
      };
    }
  }
}

async function requestToken(
  source: Extract<OAuthTokenSource, { kind: 'client-credentials' }>,
  deps: TokenProviderDeps,
): Promise<{ token: string; expiresInMs: number | undefined }> {
  const doFetch = deps.fetch ?? fetch;
  const shown = displayUrl(source.url);
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (source.scope !== undefined && source.scope !== '') body.set('scope', source.scope);
  // RFC 6749 §2.3.1: the client id and secret, form-encoded, as HTTP Basic credentials.
  const basic = Buffer.from(`${encodeURIComponent(source.clientId)}:${encodeURIComponent(source.clientSecret)}`).toString('base64');
  let res: Response;
  try {
    res = await doFetch(source.url, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    // fetch's own messages may quote the URL as given.
    const why = `${err instanceof Error ? err.message : String(err)}${cause}`.split(source.url).join(shown);
    throw new OAuthTokenError(`Cannot reach the OAuth token endpoint ${shown} (${why}).`);
  }
  const text = await res.text();
  if (!res.ok) {
    throw new OAuthTokenError(`The OAuth token endpoint ${shown} answered ${res.status} ${res.statusText}${describeError(text)}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OAuthTokenError(`The OAuth token endpoint ${shown} did not answer JSON.`);
  }
  const token = isRecord(json) ? json['access_token'] : undefined;
  if (typeof token !== 'string' || token === '') throw new OAuthTokenError(`The OAuth token endpoint ${shown} answered without an access_token.`);
  const expiresIn = isRecord(json) ? json['expires_in'] : undefined;
  const seconds = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' ? Number(expiresIn) : NaN;
  return { token, expiresInMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : jwtLifetimeMs(token, deps.now ?? Date.now) };
}

/** The endpoint for messages: without user info or query, where a credential could hide. */
function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '<token endpoint>';
  }
}

/** The OAuth error fields of a failed answer (RFC 6749 §5.2), never the whole body. */
function describeError(text: string): string {
  try {
    const j: unknown = JSON.parse(text);
    if (isRecord(j) && typeof j['error'] === 'string') {
      const d = typeof j['error_description'] === 'string' ? ` (${j['error_description']})` : '';
      return `: ${j['error']}${d}`.replace(/\s+/g, ' ').slice(0, 300);
    }
  } catch {
    // not JSON
  }
  return '';
}

/** Milliseconds until a JWT's `exp`, when it is a JWT with one. */
function jwtLifetimeMs(token: string, now: () => number): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = isRecord(claims) ? claims['exp'] : undefined;
    return typeof exp === 'number' ? exp * 1000 - now() : undefined;
  } catch {
    return undefined;
  }
}

/** Kafka's unsecured login token: claims sub/iat/exp (+ string claims) in an unsigned JWS. */
function unsecuredLoginToken(subject: string, lifetimeSeconds: number, claims: Record<string, string>, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  return unsecuredJws({ ...claims, sub: subject, iat, exp: iat + lifetimeSeconds });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
