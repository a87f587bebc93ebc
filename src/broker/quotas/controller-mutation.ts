// Kafka's ControllerMutationQuotaManager (KIP-599): controller_mutation_rate bounds the partitions a
// (user, client-id) creates, adds or deletes per second. Each quota is a token bucket (Kafka's
// TokenBucket stat): it holds at most quota × quota.window.num × quota.window.size.seconds tokens
// (11 s of the rate), starts full, refills at the quota, and each mutation takes its partition count.
// CreateTopics v6+, CreatePartitions v3+ and DeleteTopics v5+ are strict: a topic is refused with
// THROTTLING_QUOTA_EXCEEDED when the bucket is already below zero (a topic that takes it below zero
// still goes), and throttle_time_ms says how long until it is back at zero. Older versions cannot
// carry that error: their mutations always go, and the response throttles the client instead.

/** Which controller_mutation_rate applies to (user, client id), and who shares it (manager.ts resolves it as Kafka does). */
export interface MutationQuotaResolver {
  quotaFor(user: string, clientId: string): { sensorKey: string; bound: number } | null;
}

/** Kafka's Errors.THROTTLING_QUOTA_EXCEEDED message, the per-topic error message of a refused mutation. */
export const THROTTLED_MESSAGE = 'The throttling quota has been exceeded.';

/** quota.window.num × quota.window.size.seconds: the burst a bucket holds, in seconds of its rate. */
const BURST_SECONDS = 11;

class TokenBucket {
  private tokens = 0;
  private lastMs = 0;

  /** Tokens now: refilled at `quota` per second since the last use, at most the burst (a new bucket is full). */
  measure(quota: number, now: number): number {
    this.tokens = Math.min(quota * BURST_SECONDS, this.tokens + (quota * (now - this.lastMs)) / 1000);
    this.lastMs = now;
    return this.tokens;
  }

  take(quota: number, permits: number, now: number): number {
    this.tokens = Math.min(quota * BURST_SECONDS, this.measure(quota, now) - permits);
    return this.tokens;
  }
}

/** One request's view of its caller's quota (Kafka's ControllerMutationQuota, made per request). */
export interface MutationQuota {
  /** Takes `partitions` mutations; false when a strict quota refuses them (the bucket was below zero). */
  record(partitions: number): boolean;
  /** The throttle time the response carries, less the time since it was measured. */
  throttleTimeMs(): number;
}

/** No quota applies: every mutation goes, nothing is throttled. */
export const UNBOUNDED_MUTATIONS: MutationQuota = { record: () => true, throttleTimeMs: () => 0 };

export class ControllerMutationQuotaManager {
  private readonly quotas: MutationQuotaResolver;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(quotas: MutationQuotaResolver) {
    this.quotas = quotas;
  }

  /** The quota of (user, client id) for one request; strict when the request's version can carry error 89. */
  newQuotaFor(user: string, clientId: string, strict: boolean, now: () => number): MutationQuota {
    const q = this.quotas.quotaFor(user, clientId);
    if (q === null) return UNBOUNDED_MUTATIONS;
    let bucket = this.buckets.get(q.sensorKey);
    if (bucket === undefined) {
      bucket = new TokenBucket();
      this.buckets.set(q.sensorKey, bucket);
    }
    const b = bucket;
    let throttleMs = 0;
    let measuredAt = 0;
    // ControllerMutationQuotaManager.throttleTimeMs: the time the refill takes to bring the bucket back to zero.
    const throttleFor = (tokens: number, at: number): void => {
      throttleMs = Math.round((-tokens / q.bound) * 1000);
      measuredAt = at;
    };
    return {
      record(partitions) {
        const at = now();
        if (strict) {
          const tokens = b.measure(q.bound, at);
          if (tokens < 0) {
            throttleFor(tokens, at);
            return false;
          }
          b.take(q.bound, partitions, at);
          return true;
        }
        const tokens = b.take(q.bound, partitions, at);
        if (tokens < 0) throttleFor(tokens, at);
        return true;
      },
      throttleTimeMs() {
        return throttleMs > 0 ? Math.max(0, throttleMs - (now() - measuredAt)) : 0;
      },
    };
  }
}
