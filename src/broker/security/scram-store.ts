// SCRAM credentials of the broker: salted (salt, iterations, StoredKey, ServerKey per user and
// mechanism, never the password nor the salted password), persisted in
// <dataDir>/scram-credentials.json (0600, atomic writes) and loaded at start. Kafka keeps the same
// four values in its metadata log (UserScramCredentialRecord).
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../protocol/error-codes.js';
import {
  credentialFromSaltedPassword,
  hiSync,
  isScramMechanism,
  randomSalt,
  SCRAM_DEFAULT_ITERATIONS,
  SCRAM_MAX_ITERATIONS,
  SCRAM_MECHANISMS,
  SCRAM_MIN_ITERATIONS,
  scramHash,
  type ScramCredentialData,
  type ScramMechanism,
} from '../../protocol/sasl/scram.js';
import { writeFileAtomic } from '../fs/atomic.js';

export type ScramMechanismName = ScramMechanism;
export type ScramCredential = ScramCredentialData;

/** The password, or a salt and salted password (AlterUserScramCredentials sends the latter). */
export type ScramSecret = string | { readonly salt: Buffer; readonly saltedPassword: Buffer };

export const SCRAM_CREDENTIALS_FILE = 'scram-credentials.json';

/** A refused change, with Kafka's error code and message (ScramControlManager's). */
export class ScramCredentialError extends Error {
  readonly errorCode: number;

  constructor(errorCode: number, message: string) {
    super(message);
    this.name = 'ScramCredentialError';
    this.errorCode = errorCode;
  }
}

/** Kafka's checks of an upsertion: a user name, a known mechanism, 4096..16384 iterations. */
export function validateUpsertion(user: string, mechanism: string, iterations: number): ScramCredentialError | undefined {
  if (user === '') return new ScramCredentialError(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty');
  if (!isScramMechanism(mechanism)) return new ScramCredentialError(ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism');
  if (iterations < SCRAM_MIN_ITERATIONS) return new ScramCredentialError(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too few iterations');
  if (iterations > SCRAM_MAX_ITERATIONS) return new ScramCredentialError(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too many iterations');
  return undefined;
}

interface StoredCredential {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

interface StoreFile {
  version: 1;
  /** user -> mechanism -> credential (base64 byte fields). */
  users: Record<string, Partial<Record<ScramMechanism, StoredCredential>>>;
}

export interface ScramUpsert {
  readonly user: string;
  readonly mechanism: ScramMechanism;
  readonly secret: ScramSecret;
  readonly iterations: number;
}

export class ScramStore {
  readonly dataDir: string;
  readonly file: string;
  private readonly users = new Map<string, Map<ScramMechanism, ScramCredential>>();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.file = path.join(dataDir, SCRAM_CREDENTIALS_FILE);
    this.load();
  }

  /** The credential of `user` for `mechanism`, or undefined. */
  get(user: string, mechanism: string): ScramCredential | undefined {
    return isScramMechanism(mechanism) ? this.users.get(user)?.get(mechanism) : undefined;
  }

  has(user: string, mechanism: ScramMechanismName): boolean {
    return this.get(user, mechanism) !== undefined;
  }

  /** Adds or replaces a credential and persists the store. Throws ScramCredentialError as Kafka refuses it. */
  upsert(user: string, mechanism: ScramMechanismName, secret: ScramSecret, iterations = SCRAM_DEFAULT_ITERATIONS): void {
    this.apply([], [{ user, mechanism, secret, iterations }]);
  }

  /** Removes a credential; false when there was none. */
  delete(user: string, mechanism: ScramMechanismName): boolean {
    if (!this.has(user, mechanism)) return false;
    this.apply([{ user, mechanism }], []);
    return true;
  }

  /**
   * Deletions then upsertions, validated first, persisted with one write (all or nothing, as one
   * AlterUserScramCredentials request is one batch of records in Kafka).
   */
  apply(deletions: readonly { user: string; mechanism: ScramMechanism }[], upserts: readonly ScramUpsert[]): void {
    for (const u of upserts) {
      const err = validateUpsertion(u.user, u.mechanism, u.iterations);
      if (err) throw err;
    }
    for (const d of deletions) {
      if (!this.has(d.user, d.mechanism)) throw new ScramCredentialError(ErrorCode.RESOURCE_NOT_FOUND, 'Attempt to delete a user credential that does not exist');
    }
    const computed = upserts.map((u) => ({ ...u, credential: toCredential(u.mechanism, u.secret, u.iterations) }));
    const before = this.snapshot();
    for (const d of deletions) {
      const m = this.users.get(d.user);
      m?.delete(d.mechanism);
      if (m?.size === 0) this.users.delete(d.user);
    }
    for (const u of computed) {
      let m = this.users.get(u.user);
      if (m === undefined) this.users.set(u.user, (m = new Map<ScramMechanism, ScramCredential>()));
      m.set(u.mechanism, u.credential);
    }
    try {
      this.save();
    } catch (err) {
      this.restore(before);
      throw err;
    }
  }

  /** Each user's mechanisms and iterations (all users sorted by name, or those named that exist). */
  describe(users?: readonly string[]): Map<string, { mechanism: ScramMechanismName; iterations: number }[]> {
    const names = users ?? [...this.users.keys()].sort();
    const out = new Map<string, { mechanism: ScramMechanismName; iterations: number }[]>();
    for (const name of names) {
      const m = this.users.get(name);
      if (m === undefined || m.size === 0) continue;
      out.set(
        name,
        SCRAM_MECHANISMS.filter((mech) => m.has(mech)).map((mechanism) => ({ mechanism, iterations: (m.get(mechanism) as ScramCredential).iterations })),
      );
    }
    return out;
  }

  private snapshot(): Map<string, Map<ScramMechanism, ScramCredential>> {
    return new Map([...this.users].map(([u, m]) => [u, new Map(m)]));
  }

  private restore(s: Map<string, Map<ScramMechanism, ScramCredential>>): void {
    this.users.clear();
    for (const [u, m] of s) this.users.set(u, m);
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`cannot read SCRAM credentials ${this.file}: ${(err as Error).message}`);
    }
    let parsed: StoreFile;
    try {
      parsed = JSON.parse(text) as StoreFile;
      if (parsed.version !== 1 || typeof parsed.users !== 'object' || parsed.users === null) throw new Error('unknown format');
    } catch (err) {
      throw new Error(`cannot read SCRAM credentials ${this.file}: ${(err as Error).message}`);
    }
    for (const [user, mechs] of Object.entries(parsed.users)) {
      const m = new Map<ScramMechanism, ScramCredential>();
      for (const [mech, c] of Object.entries(mechs)) {
        if (!isScramMechanism(mech) || c === undefined) continue;
        m.set(mech, { salt: Buffer.from(c.salt, 'base64'), iterations: c.iterations, storedKey: Buffer.from(c.storedKey, 'base64'), serverKey: Buffer.from(c.serverKey, 'base64') });
      }
      if (m.size > 0) this.users.set(user, m);
    }
  }

  private save(): void {
    const out: StoreFile = { version: 1, users: {} };
    for (const [user, m] of [...this.users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const entry: Partial<Record<ScramMechanism, StoredCredential>> = {};
      for (const [mech, c] of m) {
        entry[mech] = { salt: c.salt.toString('base64'), iterations: c.iterations, storedKey: c.storedKey.toString('base64'), serverKey: c.serverKey.toString('base64') };
      }
      out.users[user] = entry;
    }
    writeFileAtomic(this.file, `${JSON.stringify(out, null, 2)}\n`);
  }
}

function toCredential(mechanism: ScramMechanism, secret: ScramSecret, iterations: number): ScramCredential {
  const h = scramHash(mechanism);
  if (typeof secret === 'string') {
    const salt = randomSalt();
    return credentialFromSaltedPassword(h, salt, hiSync(h, secret, salt, iterations), iterations);
  }
  return credentialFromSaltedPassword(h, secret.salt, secret.saltedPassword, iterations);
}
