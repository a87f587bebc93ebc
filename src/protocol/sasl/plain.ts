// SASL/PLAIN (RFC 4616): one message `authzid NUL authcid NUL passwd`, no reply but an empty one.
import { visibleFailure } from './errors.js';

export function encodePlain(username: string, password: string, authzid = ''): Buffer {
  return Buffer.from(`${authzid}\u0000${username}\u0000${password}`, 'utf8');
}

export interface PlainResponse {
  readonly authzid: string;
  readonly username: string;
  readonly password: string;
}

/** Splits the client's message as Kafka's PlainSaslServer does (exactly three NUL-separated parts). */
export function decodePlain(token: Buffer): PlainResponse {
  const parts = token.toString('utf8').split('\u0000');
  // Kafka stops splitting after four parts, so "more than three" is always reported as 4.
  if (parts.length !== 3) throw visibleFailure(`Invalid SASL/PLAIN response: expected 3 tokens, got ${Math.min(parts.length, 4)}`);
  const [authzid, username, password] = parts as [string, string, string];
  return { authzid, username, password };
}

/**
 * The server side: `verify(username, password)` says whether the pair is valid (constant-time
 * comparison is the caller's job). Returns the authenticated user name. Messages are Kafka's.
 */
export function evaluatePlain(token: Buffer, verify: (username: string, password: string) => boolean): string {
  const { authzid, username, password } = decodePlain(token);
  if (username === '') throw visibleFailure('Authentication failed: username not specified');
  if (password === '') throw visibleFailure('Authentication failed: password not specified');
  if (!verify(username, password)) throw visibleFailure('Authentication failed: Invalid username or password');
  if (authzid !== '' && authzid !== username) throw visibleFailure('Authentication failed: Client requested an authorization id that is different from username');
  return username;
}
