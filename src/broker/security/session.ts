/** Who is on a connection, as every handler (and the authorizer) sees it. */
export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

export interface Session {
  /** Kafka principal string, e.g. 'User:ANONYMOUS' (plaintext), 'User:alice' (SASL), 'User:CN=client,O=x' (mTLS, after ssl.principal.mapping.rules). */
  readonly principal: string;
  readonly listenerName: string; // e.g. 'PLAINTEXT', 'SASL_SSL', 'EXTERNAL'
  readonly securityProtocol: SecurityProtocol;
  readonly clientHost: string; // remote IP without port, for ACL host matching
}

export const ANONYMOUS = 'User:ANONYMOUS';

/** The session of a plaintext connection (and of tests that build a context by hand). */
export function plaintextSession(clientHost: string, listenerName = 'PLAINTEXT'): Session {
  return { principal: ANONYMOUS, listenerName, securityProtocol: 'PLAINTEXT', clientHost };
}
