// SCRAM credentials of the broker: salted (salt, iterations, StoredKey, ServerKey per user and
// mechanism, never the password), persisted in <dataDir>/scram-credentials.json.

export type ScramMechanismName = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface ScramCredential {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** The password, or a salt and salted password (AlterUserScramCredentials sends the latter). */
export type ScramSecret = string | { readonly salt: Buffer; readonly saltedPassword: Buffer };

export class ScramStore {
  readonly dataDir: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** The credential of `user` for `mechanism`, or undefined. */
  get(user: string, mechanism: string): ScramCredential | undefined {
    void user;
    void mechanism;
    return undefined;
  }

  /** Adds or replaces a credential and persists the store. */
  upsert(user: string, mechanism: ScramMechanismName, secret: ScramSecret, iterations = 4096): void {
    void user;
    void mechanism;
    void secret;
    void iterations;
    throw new Error('not implemented');
  }

  /** Removes a credential; false when there was none. */
  delete(user: string, mechanism: ScramMechanismName): boolean {
    void user;
    void mechanism;
    return false;
  }

  /** Each user's mechanisms and iterations (all users, or those named). */
  describe(users?: readonly string[]): Map<string, { mechanism: ScramMechanismName; iterations: number }[]> {
    void users;
    return new Map();
  }
}
