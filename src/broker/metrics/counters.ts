// The broker's hot-path counters: plain number fields that produce, fetch and the dispatcher bump
// with `+=`, and that the metrics endpoint (registry.ts) reads only when scraped. Nothing here loads
// prom-client or allocates per request; a broker without metrics.port keeps `Broker.requestStats`
// null and pays one null check per request.
import { ErrorCode } from '../../protocol/error-codes.js';
import type { FetchResponse } from '../../protocol/generated/messages/fetch-response.js';
import type { ProduceResponse } from '../../protocol/generated/messages/produce-response.js';

/** Kafka's BrokerTopicMetrics of one topic (and, in `Broker.allTopicStats`, of all of them). */
export interface TopicStats {
  messagesIn: number;
  bytesIn: number;
  bytesOut: number;
  /** Partitions produced to / fetched from (Kafka marks these per partition of a request). */
  totalProduceRequests: number;
  totalFetchRequests: number;
  /** Partitions whose append or read failed, as Kafka's ReplicaManager marks them (failedProduceCounted, failedFetchCounted). */
  failedProduceRequests: number;
  failedFetchRequests: number;
}

export function newTopicStats(): TopicStats {
  return { messagesIn: 0, bytesIn: 0, bytesOut: 0, totalProduceRequests: 0, totalFetchRequests: 0, failedProduceRequests: 0, failedFetchRequests: 0 };
}

// ReplicaManager.appendToLocalLog answers these without marking FailedProduceRequestsPerSec: unknown
// partition, not leader, record too large, batch too large, corrupt message, storage error.
const PRODUCE_NOT_COUNTED: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.MESSAGE_TOO_LARGE,
  ErrorCode.RECORD_LIST_TOO_LARGE,
  ErrorCode.CORRUPT_MESSAGE,
  ErrorCode.KAFKA_STORAGE_ERROR,
]);
/** Whether Kafka counts a partition's produce error in FailedProduceRequestsPerSec (a topic that exists, past authorisation). */
export function failedProduceCounted(errorCode: number): boolean {
  return errorCode !== 0 && !PRODUCE_NOT_COUNTED.has(errorCode);
}

// ReplicaManager.readFromLocalLog's expected errors, not marked in FailedFetchRequestsPerSec: unknown
// partition, not leader, unknown/fenced leader epoch, replica not available, storage error, offset
// out of range, inconsistent topic id.
const FETCH_NOT_COUNTED: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.REPLICA_NOT_AVAILABLE,
  ErrorCode.KAFKA_STORAGE_ERROR,
  ErrorCode.OFFSET_OUT_OF_RANGE,
  ErrorCode.INCONSISTENT_TOPIC_ID,
]);
export function failedFetchCounted(errorCode: number): boolean {
  return errorCode !== 0 && !FETCH_NOT_COUNTED.has(errorCode);
}

/** Upper bounds (ms) of the request latency histogram's buckets; +Inf is implied. */
export const LATENCY_BUCKETS_MS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

// Error codes run from -1 (UNKNOWN_SERVER_ERROR) to about 130; slot = code + 1.
const ERROR_SLOTS = 192;

/** One API's request counts, latency histogram and response error codes. */
export class ApiRequestStats {
  /** Requests per version (index = version). */
  readonly byVersion: number[] = [];
  /** Non-cumulative bucket counts; the last slot is +Inf. */
  readonly buckets = new Float64Array(LATENCY_BUCKETS_MS.length + 1);
  count = 0;
  sumMs = 0;
  /** Error codes seen in responses (Kafka's errorCounts: every error field, NONE included). */
  readonly errors = new Float64Array(ERROR_SLOTS);

  observe(version: number, ms: number): void {
    this.byVersion[version] = (this.byVersion[version] ?? 0) + 1;
    this.count++;
    this.sumMs += ms;
    let i = 0;
    while (i < LATENCY_BUCKETS_MS.length && ms > (LATENCY_BUCKETS_MS[i] as number)) i++;
    this.buckets[i] = (this.buckets[i] as number) + 1;
  }

  error(code: number): void {
    const slot = code + 1;
    if (slot >= 0 && slot < ERROR_SLOTS) this.errors[slot] = (this.errors[slot] as number) + 1;
  }
}

/** Request metrics of every API, indexed by API key (an array index, no map lookup per request). */
export class RequestStats {
  readonly byApi: (ApiRequestStats | undefined)[] = [];

  api(apiKey: number): ApiRequestStats {
    let s = this.byApi[apiKey];
    if (s === undefined) this.byApi[apiKey] = s = new ApiRequestStats();
    return s;
  }

  /**
   * Counts the error codes of a response object (every `errorCode` field at any depth, as Kafka's
   * AbstractResponse.errorCounts counts its per-resource errors). Record buffers are not entered.
   */
  countErrors(apiKey: number, response: unknown): void {
    const into = this.api(apiKey);
    // The two hot APIs walk their known shape; any other response is walked generically.
    if (apiKey === 0) {
      for (const t of (response as ProduceResponse).responses) for (const p of t.partitionResponses) into.error(p.errorCode);
    } else if (apiKey === 1) {
      const r = response as FetchResponse;
      into.error(r.errorCode);
      for (const t of r.responses) for (const p of t.partitions) into.error(p.errorCode);
    } else countErrorFields(response, into);
  }
}

function countErrorFields(v: unknown, into: ApiRequestStats): void {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return;
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === 'object' && x !== null) countErrorFields(x, into);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (k === 'errorCode') {
      if (typeof x === 'number') into.error(x);
    } else if (typeof x === 'object' && x !== null) countErrorFields(x, into);
  }
}
