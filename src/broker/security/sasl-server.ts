// The broker's SASL mechanisms (Seam 2): which are enabled per listener, and one exchange per
// authentication that handlers 17 (SaslHandshake) and 36 (SaslAuthenticate) drive.
import type { ScramStore } from './scram-store.js';

/** A failed authentication; the message is what Kafka puts in error_message. */
export class SaslAuthenticationError extends Error {}

export interface SaslExchange {
  readonly mechanism: string;
  /** One client token in; the server's reply out. `done` with `principal` ('User:<name>') once authenticated;
   *  `lifetimeMs` (OAUTHBEARER token expiry, else undefined) caps session_lifetime_ms for KIP-368.
   *  Throws SaslAuthenticationError on bad credentials or a malformed token. */
  evaluate(token: Buffer): Promise<{ reply: Buffer; done: boolean; principal?: string; lifetimeMs?: number }>;
}

export interface SaslAuthenticator {
  /** `sasl.enabled.mechanisms` (or listener.name.<l>.sasl.enabled.mechanisms), e.g. ['PLAIN','SCRAM-SHA-512']. */
  enabledMechanisms(listenerName: string): readonly string[];
  /** A fresh exchange, or undefined for a mechanism not enabled on that listener. */
  begin(mechanism: string, listenerName: string): SaslExchange | undefined;
}

export function createSaslAuthenticator(raw: Readonly<Record<string, string>>, scram: ScramStore, log: (line: string) => void): SaslAuthenticator {
  void raw;
  void scram;
  void log;
  return {
    enabledMechanisms: () => [],
    begin: () => undefined,
  };
}
