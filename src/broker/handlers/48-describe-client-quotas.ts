// DescribeClientQuotas: v0–1 (flexible from v1).
// Behaviour: Kafka's ClientQuotasImage.describe over the broker's quota store. Each filter component
// names an entity type (user, client-id, ip) and a match: EXACT (0, a name), DEFAULT (1, the default
// entity) or SPECIFIED (2, any name); entities must have every component's type, and with `strict`
// no other types. No components: every entity (none with strict). Errors on the response (entries
// null) with Kafka 4.4's texts: an empty type, a type twice, a wrong match string for the match type
// or an unknown match type → INVALID_REQUEST; ip combined with user/client-id → INVALID_REQUEST; an
// unknown entity type → UNSUPPORTED_VERSION. A success carries errorMessage "" as Kafka's does.
// Needs DESCRIBE_CONFIGS on the cluster, else CLUSTER_AUTHORIZATION_FAILED.
// Order: entities, their parts and values in Kafka's HashMap order (shared/java-hash.ts).
import { AclOperation } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { DescribeClientQuotasApi } from '../../protocol/generated/apis/describe-client-quotas.js';
import type { DescribeClientQuotasRequest } from '../../protocol/generated/messages/describe-client-quotas-request.js';
import type { DescribeClientQuotasResponse } from '../../protocol/generated/messages/describe-client-quotas-response.js';
import { CLIENT_ID, IP, USER, entityParts, sortLikeKafka, valuesLikeKafka, type ClientQuotaStore, type QuotaEntry } from '../quotas/store.js';
import { authorizeCluster } from '../security/authorizer.js';
import { AUTHZ_MESSAGE } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const EXACT = 0;
const DEFAULT = 1;
const SPECIFIED = 2;

class FilterError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

function matching(store: ClientQuotaStore, req: DescribeClientQuotasRequest): QuotaEntry[] {
  const exact = new Map<string, string | null>();
  const typed = new Set<string>();
  for (const c of req.components) {
    if (c.entityType === '') throw new FilterError(ErrorCode.INVALID_REQUEST, 'Invalid empty entity type.');
    if (exact.has(c.entityType) || typed.has(c.entityType)) {
      throw new FilterError(ErrorCode.INVALID_REQUEST, `Entity type ${c.entityType} cannot appear more than once in the filter.`);
    }
    if (c.entityType !== IP && c.entityType !== USER && c.entityType !== CLIENT_ID) {
      throw new FilterError(ErrorCode.UNSUPPORTED_VERSION, `Unsupported entity type ${c.entityType}`);
    }
    if (c.matchType === EXACT) {
      if (c.match === null) throw new FilterError(ErrorCode.INVALID_REQUEST, 'Request specified MATCH_TYPE_EXACT, but set match string to null.');
      exact.set(c.entityType, c.match);
    } else if (c.matchType === DEFAULT) {
      if (c.match !== null) throw new FilterError(ErrorCode.INVALID_REQUEST, 'Request specified MATCH_TYPE_DEFAULT, but also specified a match string.');
      exact.set(c.entityType, null);
    } else if (c.matchType === SPECIFIED) {
      if (c.match !== null) throw new FilterError(ErrorCode.INVALID_REQUEST, 'Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.');
      typed.add(c.entityType);
    } else {
      throw new FilterError(ErrorCode.INVALID_REQUEST, `Unknown match type ${c.matchType}`);
    }
  }
  const has = (t: string): boolean => exact.has(t) || typed.has(t);
  if (has(IP) && (has(USER) || has(CLIENT_ID))) {
    throw new FilterError(
      ErrorCode.INVALID_REQUEST,
      'Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.',
    );
  }
  const all = store.list();
  if (exact.size === 0 && typed.size === 0) return req.strict ? [] : all;
  // Kafka's "SPECIFIED" is "any entity of that type", the default one included (its index by type).
  return all.filter((e) => {
    for (const [t, name] of exact) if (!e.entity.has(t) || e.entity.get(t) !== name) return false;
    for (const t of typed) if (!e.entity.has(t)) return false;
    return !req.strict || e.entity.size === exact.size + typed.size;
  });
}

export default defineHandler({
  api: DescribeClientQuotasApi,
  minVersion: 0,
  maxVersion: 1,
  handle(req, ctx): DescribeClientQuotasResponse {
    if (!authorizeCluster(ctx, AclOperation.DESCRIBE_CONFIGS)) {
      const code = ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
      return { throttleTimeMs: 0, errorCode: code, errorMessage: AUTHZ_MESSAGE[code], entries: null };
    }
    let found: QuotaEntry[];
    try {
      found = matching(ctx.broker.quotas.store, req);
    } catch (err) {
      if (!(err instanceof FilterError)) throw err;
      return { throttleTimeMs: 0, errorCode: err.code, errorMessage: err.message, entries: null };
    }
    const entries = sortLikeKafka(found, (e) => e.entity).map((e) => ({ entity: entityParts(e.entity), values: valuesLikeKafka(e.values) }));
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: '', entries };
  },
});
