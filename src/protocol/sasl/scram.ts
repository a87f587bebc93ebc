// SCRAM (RFC 5802) with SHA-256 and SHA-512 (RFC 7677), as Kafka speaks it: GS2 header "n" only
// (no channel binding), optional authzid that must equal the user, extensions after the nonce
// (Kafka's `tokenauth=true` for delegation tokens), and no SASLprep of the password (UTF-8 bytes).
import { createHash, createHmac, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { hiddenFailure, visibleFailure } from './errors.js';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** A hash function as SCRAM uses it (also SHA-1, for RFC 5802's own example). */
export interface ScramHash {
  readonly digest: 'sha1' | 'sha256' | 'sha512';
  /** Output length in bytes (the length of Hi's result). */
  readonly length: number;
}

interface MechanismInfo extends ScramHash {
  /** The type byte of Describe/AlterUserScramCredentials (Kafka's ScramMechanism.type()). */
  readonly type: number;
}

const MECHANISMS: Readonly<Record<ScramMechanism, MechanismInfo>> = {
  'SCRAM-SHA-256': { digest: 'sha256', length: 32, type: 1 },
  'SCRAM-SHA-512': { digest: 'sha512', length: 64, type: 2 },
};

export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
/** Kafka's bounds for both mechanisms (ScramMechanism min/max iterations). */
export const SCRAM_MIN_ITERATIONS = 4096;
export const SCRAM_MAX_ITERATIONS = 16384;
export const SCRAM_DEFAULT_ITERATIONS = 4096;

export const isScramMechanism = (name: string): name is ScramMechanism => Object.hasOwn(MECHANISMS, name);
export const scramHash = (m: ScramMechanism): ScramHash => MECHANISMS[m];
export const scramMechanismType = (m: ScramMechanism): number => MECHANISMS[m].type;
/** The mechanism of a Describe/AlterUserScramCredentials type byte, or undefined for UNKNOWN. */
export const scramMechanismOfType = (type: number): ScramMechanism | undefined => SCRAM_MECHANISMS.find((m) => MECHANISMS[m].type === type);

// ---- The formulas of RFC 5802 section 3 ----

/** Hi(password, salt, i): PBKDF2 with HMAC over the hash, output one hash long. */
export function hi(h: ScramHash, password: string | Buffer, salt: Buffer, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, h.length, h.digest, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export const hiSync = (h: ScramHash, password: string | Buffer, salt: Buffer, iterations: number): Buffer => pbkdf2Sync(password, salt, iterations, h.length, h.digest);
export const hmac = (h: ScramHash, key: Buffer, data: string | Buffer): Buffer => createHmac(h.digest, key).update(data).digest();
export const hash = (h: ScramHash, data: Buffer): Buffer => createHash(h.digest).update(data).digest();
export const clientKey = (h: ScramHash, saltedPassword: Buffer): Buffer => hmac(h, saltedPassword, 'Client Key');
export const serverKey = (h: ScramHash, saltedPassword: Buffer): Buffer => hmac(h, saltedPassword, 'Server Key');
export const storedKey = (h: ScramHash, key: Buffer): Buffer => hash(h, key);

export function xor(a: Buffer, b: Buffer): Buffer {
  if (a.length !== b.length) throw new Error('SCRAM: XOR of buffers of different lengths');
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** AuthMessage = client-first-message-bare "," server-first-message "," client-final-message-without-proof. */
export const authMessage = (clientFirstBare: string, serverFirst: string, clientFinalWithoutProof: string): string =>
  `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;

/** ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage). */
export function clientProof(h: ScramHash, saltedPassword: Buffer, message: string): Buffer {
  const key = clientKey(h, saltedPassword);
  return xor(key, hmac(h, storedKey(h, key), message));
}

export const serverSignature = (h: ScramHash, key: Buffer, message: string): Buffer => hmac(h, key, message);

/** What a server keeps per user and mechanism: never the password nor the salted password. */
export interface ScramCredentialData {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

export function credentialFromSaltedPassword(h: ScramHash, salt: Buffer, saltedPassword: Buffer, iterations: number): ScramCredentialData {
  return { salt, iterations, storedKey: storedKey(h, clientKey(h, saltedPassword)), serverKey: serverKey(h, saltedPassword) };
}

export function credentialFromPassword(h: ScramHash, password: string, salt: Buffer, iterations: number): ScramCredentialData {
  return credentialFromSaltedPassword(h, salt, hiSync(h, password, salt, iterations), iterations);
}

/** A nonce of printable characters without ',' (base64url has none). */
export const randomNonce = (): string => randomBytes(24).toString('base64url');
export const randomSalt = (): Buffer => randomBytes(32);

// ---- saslname (RFC 5802 section 5.1): ',' and '=' are escaped as =2C and =3D ----

export const escapeSaslName = (name: string): string => name.replace(/=/g, '=3D').replace(/,/g, '=2C');

export function unescapeSaslName(saslName: string): string {
  if (/=(?!2C|3D)/.test(saslName)) throw hiddenFailure(`Invalid username: ${saslName}`);
  return saslName.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

// ---- Messages (the grammar of RFC 5802 section 7, as far as Kafka accepts it) ----

const SASLNAME = '(?:[\\x01-\\x2B\\x2D-\\x3C\\x3E-\\x7F]|=2C|=3D)+';
const VALUE = '[\\x01-\\x2B\\x2D-\\x7F]+';
const PRINTABLE = '[\\x21-\\x2B\\x2D-\\x7E]+';
const B64 = '[A-Za-z0-9+/]';
const BASE64 = `(?:${B64}{4})*(?:${B64}{3}=|${B64}{2}==)?`;
const EXTENSIONS = `(?:,[A-Za-z]+=${VALUE})*`;

const CLIENT_FIRST = new RegExp(`^n,(?:a=(${SASLNAME}))?,((?:m=${VALUE},)?n=(${SASLNAME}),r=(${PRINTABLE})(${EXTENSIONS}))$`);
const SERVER_FIRST = new RegExp(`^(?:m=${VALUE},)?r=(${PRINTABLE}),s=(${BASE64}),i=([0-9]+)${EXTENSIONS}$`);
const CLIENT_FINAL = new RegExp(`^(c=(${BASE64}),r=(${PRINTABLE})${EXTENSIONS}),p=(${BASE64})$`);
const SERVER_FINAL = new RegExp(`^(?:e=([\\x01-\\x2B\\x2D-\\x3C\\x3E-\\x7F]+)|v=(${BASE64}))${EXTENSIONS}$`);

export interface ClientFirstMessage {
  /** '' when the GS2 header names no authzid. */
  readonly authzid: string;
  readonly username: string;
  readonly nonce: string;
  readonly extensions: Readonly<Record<string, string>>;
  /** The GS2 header ("n,," or "n,a=<authzid>,"), which client-final's c= must carry. */
  readonly gs2Header: string;
  /** client-first-message-bare, part of AuthMessage. */
  readonly bare: string;
}

export function formatClientFirst(username: string, nonce: string, extensions: Readonly<Record<string, string>> = {}): string {
  const ext = Object.entries(extensions).map(([k, v]) => `,${k}=${v}`).join('');
  return `n,,n=${escapeSaslName(username)},r=${nonce}${ext}`;
}

function parseExtensions(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',').filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

export function parseClientFirst(token: Buffer): ClientFirstMessage {
  const m = CLIENT_FIRST.exec(token.toString('utf8'));
  if (!m) throw hiddenFailure('Invalid SCRAM client first message format');
  const authzidRaw = m[1] ?? '';
  return {
    authzid: authzidRaw === '' ? '' : unescapeSaslName(authzidRaw),
    username: unescapeSaslName(m[3] as string),
    nonce: m[4] as string,
    extensions: parseExtensions(m[5] as string),
    gs2Header: authzidRaw === '' ? 'n,,' : `n,a=${authzidRaw},`,
    bare: m[2] as string,
  };
}

export interface ServerFirstMessage {
  readonly nonce: string;
  readonly salt: Buffer;
  readonly iterations: number;
  readonly text: string;
}

export const formatServerFirst = (nonce: string, salt: Buffer, iterations: number): string => `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;

export function parseServerFirst(token: Buffer): ServerFirstMessage {
  const text = token.toString('utf8');
  const m = SERVER_FIRST.exec(text);
  if (!m) throw visibleFailure('Invalid SCRAM server first message format');
  const iterations = Number(m[3]);
  if (!Number.isSafeInteger(iterations) || iterations <= 0) throw visibleFailure(`Invalid SCRAM server first message format: invalid iterations ${m[3]}`);
  return { nonce: m[1] as string, salt: Buffer.from(m[2] as string, 'base64'), iterations, text };
}

export interface ClientFinalMessage {
  readonly channelBinding: Buffer;
  readonly nonce: string;
  readonly proof: Buffer;
  readonly withoutProof: string;
}

export function parseClientFinal(token: Buffer): ClientFinalMessage {
  const m = CLIENT_FINAL.exec(token.toString('utf8'));
  if (!m) throw hiddenFailure('Invalid SCRAM client final message format');
  return { withoutProof: m[1] as string, channelBinding: Buffer.from(m[2] as string, 'base64'), nonce: m[3] as string, proof: Buffer.from(m[4] as string, 'base64') };
}

export type ServerFinalMessage = { readonly error: string } | { readonly signature: Buffer };

export function parseServerFinal(token: Buffer): ServerFinalMessage {
  const m = SERVER_FINAL.exec(token.toString('utf8'));
  if (!m) throw visibleFailure('Invalid SCRAM server final message format');
  return m[1] !== undefined ? { error: m[1] } : { signature: Buffer.from(m[2] as string, 'base64') };
}

// ---- The server's state machine (Kafka's ScramSaslServer) ----

export interface ScramServerOptions {
  readonly mechanism: ScramMechanism;
  /** The stored credential of `username`, or undefined (an unknown user fails without saying so). */
  readonly lookup: (username: string, extensions: Readonly<Record<string, string>>) => ScramCredentialData | undefined;
  /** For tests: the server's part of the nonce. */
  readonly serverNonce?: () => string;
}

export class ScramServer {
  readonly mechanism: ScramMechanism;
  private readonly options: ScramServerOptions;
  private state: 'client-first' | 'client-final' | 'complete' | 'failed' = 'client-first';
  private clientFirst: ClientFirstMessage | undefined;
  private serverFirst = '';
  private nonce = '';
  private credential: ScramCredentialData | undefined;
  /** The authenticated user, once complete. */
  username: string | undefined;
  extensions: Readonly<Record<string, string>> = {};

  constructor(options: ScramServerOptions) {
    this.mechanism = options.mechanism;
    this.options = options;
  }

  get complete(): boolean {
    return this.state === 'complete';
  }

  /** One client message in, the server's message out; `done` after server-final. Throws SaslMechanismError. */
  evaluate(token: Buffer): { reply: Buffer; done: boolean } {
    try {
      if (this.state === 'client-first') return { reply: this.onClientFirst(token), done: false };
      if (this.state === 'client-final') return { reply: this.onClientFinal(token), done: true };
      throw hiddenFailure(`Unexpected challenge in Sasl server state ${this.state}`);
    } catch (err) {
      this.state = 'failed';
      this.credential = undefined;
      throw err;
    }
  }

  private onClientFirst(token: Buffer): Buffer {
    const first = parseClientFirst(token);
    this.clientFirst = first;
    this.extensions = first.extensions;
    const h = scramHash(this.mechanism);
    const credential = this.options.lookup(first.username, first.extensions);
    if (credential === undefined) throw hiddenFailure('Authentication failed: Invalid user credentials');
    if (first.authzid !== '' && first.authzid !== first.username) throw visibleFailure('Authentication failed: Client requested an authorization id that is different from username');
    if (credential.iterations < SCRAM_MIN_ITERATIONS) throw hiddenFailure(`Iterations ${credential.iterations} is less than the minimum ${SCRAM_MIN_ITERATIONS} for ${this.mechanism}`);
    if (credential.storedKey.length !== h.length || credential.serverKey.length !== h.length) throw hiddenFailure('Authentication failed: Credentials could not be obtained');
    this.credential = credential;
    this.nonce = first.nonce + (this.options.serverNonce ?? randomNonce)();
    this.serverFirst = formatServerFirst(this.nonce, credential.salt, credential.iterations);
    this.state = 'client-final';
    return Buffer.from(this.serverFirst, 'utf8');
  }

  private onClientFinal(token: Buffer): Buffer {
    const final = parseClientFinal(token);
    const first = this.clientFirst as ClientFirstMessage;
    const credential = this.credential as ScramCredentialData;
    // librdkafka before 2.x fixes (Debian's 2.0.2: kcat, confluent-kafka) echoes its own nonce in
    // front of the combined one; Kafka up to 3.9 accepted that (endsWith), so a laptop broker does too,
    // but only with exactly this client's nonce in front.
    if (final.nonce !== this.nonce && final.nonce !== first.nonce + this.nonce) throw hiddenFailure('Invalid client nonce in the final client message.');
    if (!final.channelBinding.equals(Buffer.from(first.gs2Header, 'utf8'))) throw hiddenFailure('Invalid channel binding in the final client message.');
    const h = scramHash(this.mechanism);
    const message = authMessage(first.bare, this.serverFirst, final.withoutProof);
    const signature = hmac(h, credential.storedKey, message);
    if (final.proof.length !== h.length) throw hiddenFailure('Invalid client credentials');
    // ClientKey = ClientProof XOR ClientSignature; its hash must be the StoredKey.
    if (!timingSafeEqual(hash(h, xor(final.proof, signature)), credential.storedKey)) throw hiddenFailure('Invalid client credentials');
    this.username = first.username;
    this.state = 'complete';
    this.credential = undefined;
    return Buffer.from(`v=${serverSignature(h, credential.serverKey, message).toString('base64')}`, 'utf8');
  }
}

// ---- The client's state machine (Kafka's ScramSaslClient) ----

export interface ScramClientOptions {
  readonly mechanism: ScramMechanism;
  readonly username: string;
  readonly password: string;
  readonly extensions?: Readonly<Record<string, string>>;
  /** For tests: the client nonce. */
  readonly nonce?: string;
}

export class ScramClient {
  private readonly options: ScramClientOptions;
  private readonly nonce: string;
  private state: 'initial' | 'server-first' | 'server-final' | 'complete' | 'failed' = 'initial';
  private clientFirstBare = '';
  private expectedServerSignature: Buffer | undefined;

  constructor(options: ScramClientOptions) {
    this.options = options;
    this.nonce = options.nonce ?? randomNonce();
  }

  get complete(): boolean {
    return this.state === 'complete';
  }

  /** True once client-final is sent: the next server message is server-final. */
  get awaitingServerFinal(): boolean {
    return this.state === 'server-final';
  }

  clientFirst(): Buffer {
    if (this.state !== 'initial') throw visibleFailure(`Unexpected challenge in Sasl client state ${this.state}`);
    const text = formatClientFirst(this.options.username, this.nonce, this.options.extensions);
    this.clientFirstBare = text.slice(3);
    this.state = 'server-first';
    return Buffer.from(text, 'utf8');
  }

  /** server-first in, client-final out (PBKDF2 runs off the event loop). */
  async clientFinal(serverFirstToken: Buffer): Promise<Buffer> {
    if (this.state !== 'server-first') throw visibleFailure(`Unexpected challenge in Sasl client state ${this.state}`);
    try {
      const first = parseServerFirst(serverFirstToken);
      if (!first.nonce.startsWith(this.nonce) || first.nonce.length === this.nonce.length) throw visibleFailure('Invalid server nonce: does not start with client nonce');
      if (first.iterations < SCRAM_MIN_ITERATIONS) throw visibleFailure(`Requested iterations ${first.iterations} is less than the minimum ${SCRAM_MIN_ITERATIONS} for ${this.options.mechanism}`);
      const h = scramHash(this.options.mechanism);
      const salted = await hi(h, this.options.password, first.salt, first.iterations);
      const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${first.nonce}`;
      const message = authMessage(this.clientFirstBare, first.text, withoutProof);
      this.expectedServerSignature = serverSignature(h, serverKey(h, salted), message);
      this.state = 'server-final';
      return Buffer.from(`${withoutProof},p=${clientProof(h, salted, message).toString('base64')}`, 'utf8');
    } catch (err) {
      this.state = 'failed';
      throw err;
    }
  }

  /** server-final in: throws unless it carries the server signature we expect. */
  verifyServerFinal(token: Buffer): void {
    if (this.state !== 'server-final') throw visibleFailure(`Unexpected challenge in Sasl client state ${this.state}`);
    this.state = 'failed';
    const final = parseServerFinal(token);
    if ('error' in final) throw visibleFailure(`Sasl authentication using ${this.options.mechanism} failed with error: ${final.error}`);
    const expected = this.expectedServerSignature as Buffer;
    if (final.signature.length !== expected.length || !timingSafeEqual(final.signature, expected)) throw visibleFailure('Invalid server signature in server final message');
    this.state = 'complete';
  }
}
