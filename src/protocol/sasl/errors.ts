// Failures of a SASL exchange. Kafka distinguishes two kinds, and so do we: a failure whose
// message may be shown to the unauthenticated peer (SaslAuthenticationException), and one whose
// detail must stay on this side because it could reveal, e.g., whether a user exists (SaslException;
// the broker answers those with a generic "invalid credentials" text).
export class SaslMechanismError extends Error {
  /** True when the message may go to the peer as is. */
  readonly visible: boolean;

  constructor(message: string, visible: boolean) {
    super(message);
    this.name = 'SaslMechanismError';
    this.visible = visible;
  }
}

/** A failure whose message the peer may see. */
export const visibleFailure = (message: string): SaslMechanismError => new SaslMechanismError(message, true);
/** A failure whose detail stays local. */
export const hiddenFailure = (message: string): SaslMechanismError => new SaslMechanismError(message, false);
