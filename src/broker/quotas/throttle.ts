// The handlers' side of the quota managers: record what a Produce or Fetch cost (bytes and handling
// time), answer Kafka's throttle time (the larger of the bandwidth and request-time throttles, as
// KafkaApis takes it) and mute the connection for that long once the response is written.
import { muteAfterResponse } from './mute.js';
import { nanosToPercentage, quotaUser, type QuotaManagers } from './manager.js';

export interface QuotaCaller {
  readonly principal: string;
  readonly clientId: string | null;
  readonly connectionId: number;
}

/** Produce: the request's record bytes against producer_byte_rate, its handling time against request_percentage. */
export function throttleProduce(q: QuotaManagers, who: QuotaCaller, bytes: number, handlingMs: number, now: number): number {
  const user = quotaUser(who.principal);
  const client = who.clientId ?? '';
  const bandwidth = q.produce.record(user, client, bytes, now);
  const request = q.request.record(user, client, nanosToPercentage(handlingMs * 1e6), now);
  const ms = Math.max(bandwidth, request);
  muteAfterResponse(who.connectionId, ms);
  return ms;
}

/**
 * Fetch: the response's record bytes against consumer_byte_rate. A throttled fetch answers no data
 * (Kafka's getThrottledResponse), so its bytes are taken back.
 */
export function throttleFetch(q: QuotaManagers, who: QuotaCaller, bytes: number, handlingMs: number, now: number): number {
  const user = quotaUser(who.principal);
  const client = who.clientId ?? '';
  const bandwidth = q.fetch.record(user, client, bytes, now);
  const request = q.request.record(user, client, nanosToPercentage(handlingMs * 1e6), now);
  const ms = Math.max(bandwidth, request);
  if (ms > 0) q.fetch.unrecord(user, client, bytes, now);
  muteAfterResponse(who.connectionId, ms);
  return ms;
}
