// SASL client mechanisms (Seam 3): PLAIN, SCRAM-SHA-256/512 and OAUTHBEARER as token exchanges,
// independent of the transport (BrokerConnection sends each token in a SaslAuthenticate request).

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

export function createSaslClient(o: SaslClientOptions): SaslClientExchange {
  throw new Error(`SASL mechanism ${o.mechanism} is not implemented yet`);
}
