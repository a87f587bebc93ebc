// OAUTHBEARER (RFC 7628) as Kafka speaks it: the client's one message is a GS2 header and
// \x01-separated key=value pairs (`auth=Bearer <token>` plus SASL extensions). On a bad token the
// server answers with a JSON error status instead of failing at once; the client acknowledges with a
// single \x01 and only then does the server fail the authentication with that JSON as the message.
import { hiddenFailure, visibleFailure } from './errors.js';

const SEP = '\u0001';
const SASLNAME = '(?:[\\x01-\\x2B\\x2D-\\x3C\\x3E-\\x7F]|=2C|=3D)+';
const KEY = '[A-Za-z]+';
const VALUE = '[\\x21-\\x7E \\t\\r\\n]+';
const INITIAL_RESPONSE = new RegExp(`^n,(?:a=(${SASLNAME}))?,${SEP}((?:${KEY}=${VALUE}${SEP})*)${SEP}$`);
const AUTH = /^(\w+) +([-_~+/.a-zA-Z0-9]+=*)$/;
const KEY_RE = new RegExp(`^${KEY}$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);

export interface OAuthBearerInitialResponse {
  readonly token: string;
  /** '' when the GS2 header names none. */
  readonly authzid: string;
  readonly extensions: Readonly<Record<string, string>>;
}

function checkExtensions(extensions: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(extensions)) {
    if (k === 'auth' || !KEY_RE.test(k)) throw hiddenFailure(`Extension name ${k} is invalid`);
    if (!VALUE_RE.test(v)) throw hiddenFailure(`Extension value for extension ${k} is invalid`);
  }
}

export function formatOAuthBearerInitialResponse(token: string, extensions: Readonly<Record<string, string>> = {}, authzid = ''): Buffer {
  checkExtensions(extensions);
  const ext = Object.entries(extensions).map(([k, v]) => `${SEP}${k}=${v}`).join('');
  return Buffer.from(`n,${authzid === '' ? '' : `a=${authzid}`},${SEP}auth=Bearer ${token}${ext}${SEP}${SEP}`, 'utf8');
}

export function parseOAuthBearerInitialResponse(message: Buffer): OAuthBearerInitialResponse {
  const m = INITIAL_RESPONSE.exec(message.toString('utf8'));
  if (!m) throw hiddenFailure('Invalid OAUTHBEARER client first message');
  const props: Record<string, string> = {};
  for (const pair of (m[2] as string).split(SEP).filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const auth = props['auth'];
  if (auth === undefined) throw hiddenFailure("Invalid OAUTHBEARER client first message: 'auth' not specified");
  delete props['auth'];
  checkExtensions(props);
  const a = AUTH.exec(auth);
  if (!a) throw hiddenFailure("Invalid OAUTHBEARER client first message: invalid 'auth' format");
  if ((a[1] as string).toLowerCase() !== 'bearer') throw hiddenFailure(`Invalid scheme in OAUTHBEARER client first message: ${a[1]}`);
  return { token: a[2] as string, authzid: m[1] ?? '', extensions: props };
}

/** A validated token, or why it was refused (RFC 7628 section 3.2.2's error status). */
export type OAuthBearerValidation =
  | { readonly ok: true; readonly principal: string; /** Expiry, ms since the epoch. */ readonly expiresAtMs: number }
  | { readonly ok: false; readonly status: string; readonly scope?: string; readonly openidConfiguration?: string; /** Why, for the server's log only. */ readonly reason: string };

/** Kafka's JSON error reply, byte for byte (its separators included). */
export function oauthErrorJson(v: { status: string; scope?: string; openidConfiguration?: string }): string {
  let s = `{"status":"${v.status}"`;
  if (v.scope !== undefined) s += `, "scope":"${v.scope}"`;
  if (v.openidConfiguration !== undefined) s += `, "openid-configuration":"${v.openidConfiguration}"`;
  return `${s}}`;
}

/** Kafka's OAuthBearerSaslServer. */
export class OAuthBearerServer {
  private readonly validate: (token: string) => Promise<OAuthBearerValidation>;
  private errorMessage: string | undefined;
  principal: string | undefined;
  expiresAtMs: number | undefined;
  /** Why the last token was refused (server log only). */
  lastRefusal: string | undefined;

  constructor(validate: (token: string) => Promise<OAuthBearerValidation>) {
    this.validate = validate;
  }

  /** `done` once the token is accepted; a refused token yields the JSON error, not done. */
  async evaluate(message: Buffer): Promise<{ reply: Buffer; done: boolean }> {
    if (message.length === 1 && message[0] === 1 && this.errorMessage !== undefined) throw visibleFailure(this.errorMessage);
    this.errorMessage = undefined;
    const initial = parseOAuthBearerInitialResponse(message);
    const v = await this.validate(initial.token);
    if (!v.ok) {
      this.lastRefusal = v.reason;
      this.errorMessage = oauthErrorJson(v);
      return { reply: Buffer.from(this.errorMessage, 'utf8'), done: false };
    }
    if (initial.authzid !== '' && initial.authzid !== v.principal) {
      throw visibleFailure(`Authentication failed: Client requested an authorization id (${initial.authzid}) that is different from the token's principal name (${v.principal})`);
    }
    this.principal = v.principal;
    this.expiresAtMs = v.expiresAtMs;
    return { reply: Buffer.alloc(0), done: true };
  }
}

// ---- Unsecured JWS (alg "none"), Kafka's development tokens ----

const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** An unsecured JWS `header.claims.` for tests and `sasl.oauthbearer` development setups. */
export function unsecuredJws(claims: Readonly<Record<string, unknown>>): string {
  return `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(claims))}.`;
}
