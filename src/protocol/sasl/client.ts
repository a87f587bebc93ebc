// SASL client mechanisms (Seam 3): PLAIN, SCRAM-SHA-256/512 and OAUTHBEARER as token exchanges,
// independent of the transport (BrokerConnection sends each token in a SaslAuthenticate request).
import { visibleFailure } from './errors.js';
import { formatOAuthBearerInitialResponse } from './oauthbearer.js';
import { encodePlain } from './plain.js';
import { ScramClient } from './scram.js';

export interface SaslClientOptions {
  mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER';
  username?: string;
  password?: string;
  /** OAUTHBEARER: a function returning the token (CLIENT fetches it from the token endpoint) */
  token?: () => Promise<string>;
  extensions?: Record<string, string>;
}

export interface SaslClientExchange {
  /** The first client token. */
  initial(): Promise<Buffer>;
  /** Given the server's reply, the next client token, or null when done (SCRAM verifies the server signature here and throws on mismatch). */
  next(serverReply: Buffer): Promise<Buffer | null>;
}

function need(value: string | undefined, what: string, mechanism: string): string {
  if (value === undefined || value === '') throw visibleFailure(`SASL ${mechanism} needs a ${what}`);
  return value;
}

/** Errors are SaslMechanismError (src/protocol/sasl/errors.ts) with Kafka's client-side texts. */
export function createSaslClient(o: SaslClientOptions): SaslClientExchange {
  switch (o.mechanism) {
    case 'PLAIN': {
      const username = need(o.username, 'username', o.mechanism);
      const password = need(o.password, 'password', o.mechanism);
      return {
        initial: () => Promise.resolve(encodePlain(username, password)),
        next: () => Promise.resolve(null),
      };
    }
    case 'SCRAM-SHA-256':
    case 'SCRAM-SHA-512': {
      const scram = new ScramClient({
        mechanism: o.mechanism,
        username: need(o.username, 'username', o.mechanism),
        password: need(o.password, 'password', o.mechanism),
        ...(o.extensions !== undefined ? { extensions: o.extensions } : {}),
      });
      return {
        initial: () => Promise.resolve(scram.clientFirst()),
        async next(reply) {
          if (scram.complete) return null;
          if (scram.awaitingServerFinal) {
            scram.verifyServerFinal(reply);
            return null;
          }
          return scram.clientFinal(reply);
        },
      };
    }
    case 'OAUTHBEARER': {
      const token = o.token;
      if (token === undefined) throw visibleFailure('SASL OAUTHBEARER needs a token');
      let sent = false;
      return {
        async initial() {
          sent = true;
          return formatOAuthBearerInitialResponse(await token(), o.extensions ?? {});
        },
        // An empty reply is success; anything else is the server's JSON error, acknowledged with
        // \x01 so the server sends the failure (RFC 7628 section 3.2.3).
        next: (reply) => Promise.resolve(!sent || reply.length === 0 ? null : Buffer.from([1])),
      };
    }
    default:
      throw visibleFailure(`Unsupported SASL mechanism ${String((o as { mechanism: unknown }).mechanism)}`);
  }
}
