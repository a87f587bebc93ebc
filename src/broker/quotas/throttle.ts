// The handlers' side of the quota managers: record what a Produce or Fetch cost (bytes and handling
// time), answer Kafka's throttle time (the larger of the bandwidth and request-time throttles, as
// KafkaApis takes it) and mute the connection for that long once the response is written.
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

