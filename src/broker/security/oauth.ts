// OAUTHBEARER token validation on the broker, as Kafka's two server callback handlers do it:
// - the unsecured validator (OAuthBearerUnsecuredValidatorCallbackHandler, Kafka's default and for
//   development only): `alg: none` JWS, principal/scope claims, exp/iat with a clock skew, required
//   scope, options `unsecuredValidator*` from the OAUTHBEARER JAAS entry;
// - JWKS validation (OAuthBearerValidatorCallbackHandler) when `sasl.oauthbearer.jwks.endpoint.url`
//   is set: signature by a key of the (cached, refreshed) JWKS, exp required, expected audience and
//   issuer, `sasl.oauthbearer.clock.skew.seconds`.
// Either way a refused token yields `invalid_token` (or `insufficient_scope`) and a reason for the log.
import { constants, createPublicKey, verify as cryptoVerify, type JsonWebKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { OAuthBearerValidation } from '../../protocol/sasl/oauthbearer.js';

type Claims = Record<string, unknown>;

class TokenRefused extends Error {
  readonly scope: string | undefined;

  constructor(reason: string, scope?: string) {
    super(reason);
    this.scope = scope;
  }
}

function decodeJsonPart(part: string): Claims {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, /[-_]/.test(part) ? 'base64url' : 'base64').toString('utf8'));
  } catch {
    throw new TokenRefused('malformed JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TokenRefused('malformed JSON');
  return value as Claims;
}

function splitJws(token: string): [string, string, string] {
  if (token.includes('..')) throw new TokenRefused("Malformed compact serialization contains '..'");
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenRefused('Unsecured JWS compact serializations must have 3 dot-separated Base64URL-encoded values');
  return parts as [string, string, string];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Kafka's scope: a string claim is one scope, a list claim its non-blank elements. */
function scopeOf(claims: Claims, claimName: string): Set<string> {
  const v = claims[claimName];
  if (typeof v === 'string') return new Set(v.trim() === '' ? [] : [v.trim()]);
  if (Array.isArray(v)) return new Set(v.map((s) => String(s).trim()).filter((s) => s !== ''));
  return new Set();
}

function refusal(err: unknown): OAuthBearerValidation {
  if (err instanceof TokenRefused) return { ok: false, status: err.scope !== undefined ? 'insufficient_scope' : 'invalid_token', ...(err.scope !== undefined ? { scope: err.scope } : {}), reason: err.message };
  return { ok: false, status: 'invalid_token', reason: (err as Error).message };
}

export interface UnsecuredValidatorOptions {
  readonly principalClaimName: string;
  readonly scopeClaimName: string;
  readonly requiredScope: readonly string[];
  readonly allowableClockSkewMs: number;
}

/** The `unsecuredValidator*` options of the OAUTHBEARER JAAS entry. Throws on a bad clock skew, as Kafka does. */
export function unsecuredValidatorOptions(jaasOptions: Readonly<Record<string, string>> = {}): UnsecuredValidatorOptions {
  const opt = (k: string): string => (jaasOptions[`unsecuredValidator${k}`] ?? '').trim();
  const skewText = opt('AllowableClockSkewMs');
  const skew = skewText === '' ? 0 : Number(skewText);
  if (!Number.isInteger(skew)) throw new Error(`unsecuredValidatorAllowableClockSkewMs is not an integer: ${skewText}`);
  if (skew < 0) throw new Error(`Allowable clock skew millis must not be negative: ${skewText}`);
  const required = opt('RequiredScope');
  return {
    principalClaimName: opt('PrincipalClaimName') || 'sub',
    scopeClaimName: opt('ScopeClaimName') || 'scope',
    requiredScope: required === '' ? [] : required.split(' ').filter((s) => s !== ''),
    allowableClockSkewMs: skew,
  };
}

/** Kafka's unsecured JWS validation. */
export function validateUnsecuredJws(token: string, o: UnsecuredValidatorOptions, nowMs: number): OAuthBearerValidation {
  try {
    const [h, c, sig] = splitJws(token);
    const header = decodeJsonPart(h);
    const claims = decodeJsonPart(c);
    if (header['alg'] !== 'none') throw new TokenRefused("Unsecured JWS must have 'none' for an algorithm");
    if (sig !== '') throw new TokenRefused('Unsecured JWS must not contain a digital signature');
    const exp = claims['exp'];
    if (exp === undefined || exp === null) throw new TokenRefused('No expiration time in JWT');
    if (!isNumber(exp)) throw new TokenRefused(`The 'exp' claim was not of type Number`);
    const principal = claims[o.principalClaimName];
    if (principal === undefined || principal === null) throw new TokenRefused(`No principal name in JWT claim: ${o.principalClaimName}`);
    if (typeof principal !== 'string') throw new TokenRefused(`The ${o.principalClaimName} claim had the incorrect type`);
    if (principal.trim() === '') throw new TokenRefused(`No principal name in JWT claim: ${o.principalClaimName}`);
    const iat = claims['iat'];
    if (iat !== undefined && iat !== null && !isNumber(iat)) throw new TokenRefused(`The 'iat' claim was not of type Number`);
    const skew = o.allowableClockSkewMs;
    if (isNumber(iat) && 1000 * iat > nowMs + skew) throw new TokenRefused(`The Issued At value (${iat} seconds) was after the indicated time (${nowMs} ms) plus allowable clock skew (${skew} ms)`);
    if (nowMs - skew >= 1000 * exp) throw new TokenRefused(`The indicated time (${nowMs} ms) minus allowable clock skew (${skew} ms) was on or after the Expiration Time value (${exp} seconds)`);
    if (isNumber(iat) && exp <= iat) throw new TokenRefused(`The Expiration Time time (${exp} seconds) was not after the Issued At time (${iat} seconds)`);
    const scope = scopeOf(claims, o.scopeClaimName);
    for (const s of o.requiredScope) {
      if (!scope.has(s)) throw new TokenRefused(`The provided scope was missing a required scope (${s})`, `[${o.requiredScope.join(', ')}]`);
    }
    return { ok: true, principal, expiresAtMs: Math.round(exp * 1000) };
  } catch (err) {
    return refusal(err);
  }
}

// ---- JWKS ----

export interface JwksValidatorOptions {
  /** http(s):// or file:// (Kafka accepts both). */
  readonly jwksUrl: string;
  readonly refreshMs: number;
  readonly expectedAudience: readonly string[];
  readonly expectedIssuer: string | undefined;
  readonly clockSkewSeconds: number;
  readonly subClaimName: string;
  readonly scopeClaimName: string;
}

const ALGS: Readonly<Record<string, { hash: string; kty: string; ec?: boolean; pss?: boolean }>> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  PS256: { hash: 'sha256', kty: 'RSA', pss: true },
  PS384: { hash: 'sha384', kty: 'RSA', pss: true },
  PS512: { hash: 'sha512', kty: 'RSA', pss: true },
  ES256: { hash: 'sha256', kty: 'EC', ec: true },
  ES384: { hash: 'sha384', kty: 'EC', ec: true },
  ES512: { hash: 'sha512', kty: 'EC', ec: true },
};

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
  alg?: string;
}

/** Validates signed JWTs against a JWKS fetched on first use and refreshed every `refreshMs` (or on an unknown kid). */
export class JwksValidator {
  private readonly o: JwksValidatorOptions;
  private readonly now: () => number;
  private keys: { jwk: Jwk; key: KeyObject }[] = [];
  private fetchedAt = -Infinity;
  private inflight: Promise<void> | undefined;

  constructor(o: JwksValidatorOptions, now: () => number = Date.now) {
    this.o = o;
    this.now = now;
  }

  async validate(token: string): Promise<OAuthBearerValidation> {
    try {
      const [h, c, s] = splitJws(token);
      const header = decodeJsonPart(h);
      const claims = decodeJsonPart(c);
      const alg = typeof header['alg'] === 'string' ? header['alg'] : '';
      const algInfo = ALGS[alg];
      if (algInfo === undefined) throw new TokenRefused(`Unsupported JWS algorithm '${alg}'`);
      const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
      const key = await this.keyFor(kid, algInfo.kty);
      const signature = Buffer.from(s, 'base64url');
      const data = Buffer.from(`${h}.${c}`, 'ascii');
      const ok = cryptoVerify(algInfo.hash, data, algInfo.ec ? { key, dsaEncoding: 'ieee-p1363' } : algInfo.pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : key, signature);
      if (!ok) throw new TokenRefused('JWS signature verification failed');
      return this.checkClaims(claims);
    } catch (err) {
      return refusal(err);
    }
  }

  private checkClaims(claims: Claims): OAuthBearerValidation {
    const nowMs = this.now();
    const skewMs = this.o.clockSkewSeconds * 1000;
    const exp = claims['exp'];
    if (!isNumber(exp)) throw new TokenRefused('No Expiration Time (exp) claim present');
    if (nowMs - skewMs >= exp * 1000) throw new TokenRefused(`The JWT is no longer valid - the evaluation time is on or after the Expiration Time (exp=${exp})`);
    const nbf = claims['nbf'];
    if (isNumber(nbf) && nowMs + skewMs < nbf * 1000) throw new TokenRefused(`The JWT is not yet valid (nbf=${nbf})`);
    const iat = claims['iat'];
    if (iat !== undefined && !isNumber(iat)) throw new TokenRefused("The 'iat' claim is not a number");
    if (this.o.expectedIssuer !== undefined && claims['iss'] !== this.o.expectedIssuer) throw new TokenRefused(`Issuer (iss) claim value (${String(claims['iss'])}) doesn't match expected value of ${this.o.expectedIssuer}`);
    if (this.o.expectedAudience.length > 0) {
      const aud = claims['aud'];
      const auds = Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : [];
      if (!auds.some((a) => this.o.expectedAudience.includes(a))) throw new TokenRefused(`Audience (aud) claim ${JSON.stringify(aud ?? null)} doesn't contain an acceptable identifier`);
    }
    const sub = claims[this.o.subClaimName];
    if (typeof sub !== 'string' || sub.trim() === '') throw new TokenRefused(`No principal name in JWT claim: ${this.o.subClaimName}`);
    return { ok: true, principal: sub, expiresAtMs: Math.round(exp * 1000) };
  }

  private async keyFor(kid: string | undefined, kty: string): Promise<KeyObject> {
    if (this.now() - this.fetchedAt >= this.o.refreshMs) await this.refresh();
    let found = this.find(kid, kty);
    // An unknown kid may be a rotated key: refetch once (at most every 10 s).
    if (found === undefined && this.now() - this.fetchedAt >= 10_000) {
      await this.refresh();
      found = this.find(kid, kty);
    }
    if (found === undefined) throw new TokenRefused(`No JWKS key${kid === undefined ? '' : ` with kid '${kid}'`} for the token`);
    return found;
  }

  private find(kid: string | undefined, kty: string): KeyObject | undefined {
    const candidates = this.keys.filter((k) => k.jwk.kty === kty && (k.jwk.use === undefined || k.jwk.use === 'sig'));
    return (kid === undefined ? candidates[0] : candidates.find((k) => k.jwk.kid === kid))?.key;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    const url = this.o.jwksUrl;
    let text: string;
    try {
      if (url.startsWith('file:')) text = await fs.readFile(fileURLToPath(url), 'utf8');
      else {
        const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        text = await res.text();
      }
    } catch (err) {
      // Keep the keys we had; the next token tries again.
      throw new TokenRefused(`Could not fetch the JWKS from ${url}: ${(err as Error).message}`);
    }
    const parsed = JSON.parse(text) as { keys?: Jwk[] };
    const keys: { jwk: Jwk; key: KeyObject }[] = [];
    for (const jwk of parsed.keys ?? []) {
      try {
        keys.push({ jwk, key: createPublicKey({ key: jwk, format: 'jwk' }) });
      } catch {
        // A key Node cannot use (e.g. kty "oct") is skipped, as jose4j skips unusable keys.
      }
    }
    this.keys = keys;
    this.fetchedAt = this.now();
  }
}
