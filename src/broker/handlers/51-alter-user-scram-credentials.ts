// AlterUserScramCredentials: v0 (flexible).
// Behaviour: Kafka's ScramControlManager.alterCredentials over the broker's ScramStore. Per user
// (not per user and mechanism): a second alteration in the request → DUPLICATE_RESOURCE for that
// user and none of its alterations apply; after a user's first error its later entries are skipped.
// Checks: empty name → UNACCEPTABLE_CREDENTIAL; mechanism other than 1/2 → UNSUPPORTED_SASL_MECHANISM;
// iterations outside 4096..16384 → UNACCEPTABLE_CREDENTIAL; deleting a credential that does not
// exist → RESOURCE_NOT_FOUND. The valid alterations are stored (salt, iterations, StoredKey,
// ServerKey from the salted password, which is not kept) with one atomic write. Needs ALTER on the
// cluster, else CLUSTER_AUTHORIZATION_FAILED for every user named (sorted), as Kafka's getErrorResponse.
// Order: successful deletions, successful upsertions, then errors (Kafka: hash-map order of each).
// Gaps: none known.
import { AclOperation } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { AlterUserScramCredentialsApi } from '../../protocol/generated/apis/alter-user-scram-credentials.js';
import type { ScramCredentialDeletion, ScramCredentialUpsertion } from '../../protocol/generated/messages/alter-user-scram-credentials-request.js';
import type { AlterUserScramCredentialsResponse, AlterUserScramCredentialsResult } from '../../protocol/generated/messages/alter-user-scram-credentials-response.js';
import { scramMechanismOfType, type ScramMechanism } from '../../protocol/sasl/scram.js';
import { authorizeCluster } from '../security/authorizer.js';
import { validateUpsertion, type ScramStore } from '../security/scram-store.js';
import { defineHandler } from './types.js';

interface Failure {
  readonly errorCode: number;
  readonly message: string;
}

const DUPLICATE: Failure = { errorCode: ErrorCode.DUPLICATE_RESOURCE, message: 'A user credential cannot be altered twice in the same request' };

function checkNameAndMechanism(name: string, type: number): Failure | ScramMechanism {
  if (name === '') return { errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, message: 'Username must not be empty' };
  return scramMechanismOfType(type) ?? { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, message: 'Unknown SCRAM mechanism' };
}

function checkDeletion(store: ScramStore, d: ScramCredentialDeletion): Failure | ScramMechanism {
  const m = checkNameAndMechanism(d.name, d.mechanism);
  if (typeof m !== 'string') return m;
  return store.has(d.name, m) ? m : { errorCode: ErrorCode.RESOURCE_NOT_FOUND, message: 'Attempt to delete a user credential that does not exist' };
}

function checkUpsertion(u: ScramCredentialUpsertion): Failure | ScramMechanism {
  const m = checkNameAndMechanism(u.name, u.mechanism);
  if (typeof m !== 'string') return m;
  const err = validateUpsertion(u.name, m, u.iterations);
  return err === undefined ? m : { errorCode: err.errorCode, message: err.message };
}

export default defineHandler({
  api: AlterUserScramCredentialsApi,
  minVersion: 0,
  maxVersion: 0,
  handle(req, ctx): AlterUserScramCredentialsResponse {
    if (!authorizeCluster(ctx, AclOperation.ALTER)) {
      const users = [...new Set([...req.deletions.map((d) => d.name), ...req.upsertions.map((u) => u.name)])].sort();
      return { throttleTimeMs: 0, results: users.map((user) => ({ user, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null })) };
    }
    const store = ctx.broker.scram;
    const deletions = new Map<string, ScramMechanism>();
    const upsertions = new Map<string, { mechanism: ScramMechanism; u: ScramCredentialUpsertion }>();
    const errors = new Map<string, Failure>();
    for (const d of req.deletions) {
      if (errors.has(d.name)) continue;
      if (deletions.delete(d.name)) {
        errors.set(d.name, DUPLICATE);
        continue;
      }
      const m = checkDeletion(store, d);
      if (typeof m === 'string') deletions.set(d.name, m);
      else errors.set(d.name, m);
    }
    for (const u of req.upsertions) {
      if (errors.has(u.name)) continue;
      // Both deletes must run: a user both deleted and upserted loses both alterations.
      const wasDeleted = deletions.delete(u.name);
      if (upsertions.delete(u.name) || wasDeleted) {
        errors.set(u.name, DUPLICATE);
        continue;
      }
      const m = checkUpsertion(u);
      if (typeof m === 'string') upsertions.set(u.name, { mechanism: m, u });
      else errors.set(u.name, m);
    }
    store.apply(
      [...deletions].map(([user, mechanism]) => ({ user, mechanism })),
      [...upsertions].map(([user, { mechanism, u }]) => ({ user, mechanism, iterations: u.iterations, secret: { salt: u.salt, saltedPassword: u.saltedPassword } })),
    );
    const ok = (user: string): AlterUserScramCredentialsResult => ({ user, errorCode: ErrorCode.NONE, errorMessage: null });
    return {
      throttleTimeMs: 0,
      results: [...[...deletions.keys()].map(ok), ...[...upsertions.keys()].map(ok), ...[...errors].map(([user, f]) => ({ user, errorCode: f.errorCode, errorMessage: f.message }))],
    };
  },
});
