// AlterClientQuotas: v0–1 (flexible from v1).
// Behaviour: Kafka's ClientQuotaControlManager over the broker's quota store (quotas/store.ts,
// persisted in the data dir): per entity (user, client-id, user+client-id or ip; a null name is the
// default entity) set or remove quota keys. An entity is changed all or nothing, entities
// independently. Errors (INVALID_REQUEST) and texts as Kafka 4.4: a key given twice or an entity
// given twice → "Ignoring duplicate entity ClientQuotaEntity(entries={...})"; an empty entity, an
// unknown entity type, an empty name, ip combined with user/client-id, an unknown key for the
// entity, a fractional or too large LONG/INT, a value ≤ 0, an ip that is not an address and does not
// resolve. Removing a key that is not set succeeds. validateOnly checks and changes nothing.
// Needs ALTER_CONFIGS on the cluster, else CLUSTER_AUTHORIZATION_FAILED on every entry.
// Order: entries and an entity's parts in the order Kafka's HashMaps give them (shared/java-hash.ts).
// Changes apply at once to the quota managers (throttling of Produce/Fetch, quotas/manager.ts).
import { lookup } from 'node:dns/promises';
import { AclOperation } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { AlterClientQuotasApi } from '../../protocol/generated/apis/alter-client-quotas.js';
import type { AlterClientQuotasRequest } from '../../protocol/generated/messages/alter-client-quotas-request.js';
import type { AlterClientQuotasResponse, EntryData } from '../../protocol/generated/messages/alter-client-quotas-response.js';
import { javaHashOrder, javaStringHash } from '../../shared/java-hash.js';
import { entityKey, entityParts, entityString, sortLikeKafka, type QuotaEntity } from '../quotas/store.js';
import { entityProblem, needsLookup, quotaValueProblem, unresolvableIp } from '../quotas/validate.js';
import { authorizeCluster } from '../security/authorizer.js';
import { AUTHZ_MESSAGE } from '../security/authorize-requests.js';
import { defineHandler, type RequestContext } from './types.js';

interface Alteration {
  entity: Map<string, string | null>;
  parts: { entityType: string; entityName: string | null }[];
  changes: Map<string, number | null>;
  error: string | null;
}

async function resolves(host: string): Promise<boolean> {
  try {
    await lookup(host);
    return true;
  } catch {
    return false;
  }
}

async function alter(req: AlterClientQuotasRequest, ctx: RequestContext): Promise<AlterClientQuotasResponse> {
  const store = ctx.broker.quotas.store;
  // The request becomes a map entity → alteration, as Kafka's AlterClientQuotasRequest.entries():
  // within an entity a type named twice keeps its last name.
  const byEntity = new Map<string, Alteration>();
  for (const e of req.entries) {
    const entity = new Map<string, string | null>();
    for (const p of e.entity) entity.set(p.entityType, p.entityName);
    const key = entityKey(entity);
    const changes = new Map<string, number | null>();
    let duplicate = false;
    for (const op of e.ops) {
      if (changes.has(op.key)) duplicate = true;
      else changes.set(op.key, op.remove ? null : op.value);
    }
    const seen = byEntity.get(key);
    const alteration: Alteration = { entity, parts: [...entity].map(([entityType, entityName]) => ({ entityType, entityName })), changes, error: null };
    if (duplicate || seen !== undefined) alteration.error = `Ignoring duplicate entity ${entityString(entity)}`;
    byEntity.set(key, alteration);
  }
  const alterations = [...byEntity.values()];
  for (const a of alterations) {
    if (a.error !== null) continue;
    a.error = entityProblem(a.parts);
    if (a.error !== null) continue;
    const host = needsLookup(a.entity);
    if (host !== null && !(await resolves(host))) {
      a.error = unresolvableIp(host);
      continue;
    }
    for (const k of javaHashOrder([...a.changes.keys()], javaStringHash)) {
      const v = a.changes.get(k);
      if (v === null || v === undefined) continue;
      const problem = quotaValueProblem(a.entity, k, v);
      if (problem !== null) {
        a.error = problem;
        break;
      }
    }
  }
  let changed = false;
  if (!req.validateOnly) {
    for (const a of alterations) {
      if (a.error !== null) continue;
      store.apply(a.entity, a.changes);
      changed = true;
    }
    if (changed) {
      store.persist();
      ctx.broker.log(`altered client quotas of ${alterations.filter((a) => a.error === null).map((a) => entityString(a.entity)).join(', ')}`);
    }
  }
  const entries = sortLikeKafka(alterations, (a) => a.entity as QuotaEntity).map(
    (a): EntryData => ({ errorCode: a.error === null ? 0 : ErrorCode.INVALID_REQUEST, errorMessage: a.error, entity: entityParts(a.entity) }),
  );
  return { throttleTimeMs: 0, entries };
}

export default defineHandler({
  api: AlterClientQuotasApi,
  minVersion: 0,
  maxVersion: 1,
  handle(req, ctx): AlterClientQuotasResponse | Promise<AlterClientQuotasResponse> {
    if (!authorizeCluster(ctx, AclOperation.ALTER_CONFIGS)) {
      const message = AUTHZ_MESSAGE[ErrorCode.CLUSTER_AUTHORIZATION_FAILED];
      return {
        throttleTimeMs: 0,
        entries: req.entries.map((e) => ({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: message, entity: e.entity.map((p) => ({ ...p })) })),
      };
    }
    // Only an ip entity naming a host needs the (asynchronous) DNS lookup; the rest answers at once.
    return alter(req, ctx);
  },
});
