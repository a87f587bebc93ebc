// The handlers' side of the quota managers: record what a Produce or Fetch cost (bytes and handling
// time, the throttle the larger of the bandwidth and request-time ones, as KafkaApis takes it) or
// the partitions a topic mutation changes, answer Kafka's throttle time and mute the connection for
// that long once the response is written.
import { UNBOUNDED_MUTATIONS, type MutationQuota } from './controller-mutation.js';
import { nanosToPercentage, quotaUser, type QuotaManagers } from './manager.js';

/** Who is asking (a handler passes its RequestContext). */
export interface QuotaCaller {
  readonly session: { readonly principal: string };
  readonly clientId: string | null;
  muteAfterResponse(ms: number): void;
}

/**
 * Records a Produce's request bytes or a Fetch's response bytes against producer_byte_rate or
 * consumer_byte_rate and the handling time against request_percentage, mutes the caller's
 * connection for the throttle time and answers it. A throttled fetch answers no data (Kafka's
 * getThrottledResponse), so its bytes are taken back.
 */
export function throttle(q: QuotaManagers, kind: 'produce' | 'fetch', who: QuotaCaller, bytes: number, handlingMs: number, now: number): number {
  const user = quotaUser(who.session.principal);
  const client = who.clientId ?? '';
  const bandwidth = q[kind].record(user, client, bytes, now);
  const request = q.request.record(user, client, nanosToPercentage(handlingMs * 1e6), now);
  const ms = Math.max(bandwidth, request);
  if (ms > 0 && kind === 'fetch') q.fetch.unrecord(user, client, bytes, now);
  if (ms > 0) who.muteAfterResponse(ms);
  return ms;
}


/**
 * The caller's controller_mutation_rate quota for one CreateTopics/CreatePartitions/DeleteTopics
 * request: strict from `strictSince` (the first version that can answer THROTTLING_QUOTA_EXCEEDED).
 */
export function mutationQuota(q: QuotaManagers, who: QuotaCaller, apiVersion: number, strictSince: number, now: () => number): MutationQuota {
  if (!q.active) return UNBOUNDED_MUTATIONS;
  return q.controllerMutation.newQuotaFor(quotaUser(who.session.principal), who.clientId ?? '', apiVersion >= strictSince, now);
}

/** The response's throttle_time_ms for a mutation quota; the connection is muted that long after it (KIP-219). */
export function mutationThrottle(quota: MutationQuota, who: QuotaCaller): number {
  const ms = quota.throttleTimeMs();
  if (ms > 0) who.muteAfterResponse(ms);
  return ms;
}
