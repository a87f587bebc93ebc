// DescribeUserScramCredentials: v0 (flexible).
// Behaviour: Kafka's ScramImage.describe over the broker's ScramStore: no users (null or empty) →
// every user with credentials; a user named twice → DUPLICATE_RESOURCE; a user without credentials
// → RESOURCE_NOT_FOUND; else the user's mechanisms and iterations (never salts or keys). Needs
// DESCRIBE on the cluster, else CLUSTER_AUTHORIZATION_FAILED on the response and on each result.
// A success carries errorMessage "" (not null), on the response and on each result, as Kafka's do.
// Order: users as named (all users: by name), mechanisms SHA-256 then SHA-512 (Kafka's are hash order).
// Gaps: none known.
import { AclOperation } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { DescribeUserScramCredentialsApi } from '../../protocol/generated/apis/describe-user-scram-credentials.js';
import type { DescribeUserScramCredentialsResponse, DescribeUserScramCredentialsResult } from '../../protocol/generated/messages/describe-user-scram-credentials-response.js';
import { scramMechanismType } from '../../protocol/sasl/scram.js';
import { authorizeCluster } from '../security/authorizer.js';
import { defineHandler } from './types.js';

export default defineHandler({
  api: DescribeUserScramCredentialsApi,
  minVersion: 0,
  maxVersion: 0,
  handle(req, ctx): DescribeUserScramCredentialsResponse {
    if (!authorizeCluster(ctx, AclOperation.DESCRIBE)) {
      // Kafka's getErrorResponse: the error on the response and on one user-less result per name.
      const failed = { user: '', errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, credentialInfos: [] };
      return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, results: (req.users ?? []).map(() => ({ ...failed })) };
    }
    const store = ctx.broker.scram;
    const named = req.users !== null && req.users.length > 0;
    const users = new Map<string, boolean>(); // name -> named more than once
    if (named) for (const u of req.users ?? []) users.set(u.name, users.has(u.name));
    const described = store.describe(named ? [...users.keys()] : undefined);
    if (!named) for (const name of described.keys()) users.set(name, false);
    const results: DescribeUserScramCredentialsResult[] = [...users].map(([user, duplicate]) => {
      if (duplicate) return { user, errorCode: ErrorCode.DUPLICATE_RESOURCE, errorMessage: `Cannot describe SCRAM credentials for the same user twice in a single request: ${user}`, credentialInfos: [] };
      const infos = described.get(user);
      if (infos === undefined) return { user, errorCode: ErrorCode.RESOURCE_NOT_FOUND, errorMessage: `Attempt to describe a user credential that does not exist: ${user}`, credentialInfos: [] };
      return { user, errorCode: ErrorCode.NONE, errorMessage: '', credentialInfos: infos.map((i) => ({ mechanism: scramMechanismType(i.mechanism), iterations: i.iterations })) };
    });
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: '', results };
  },
});
