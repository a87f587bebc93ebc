// Incremental fetch sessions (KIP-227), keyed by topic id from Fetch v13 (KIP-516), as Kafka's
// FetchSession.scala keeps them: a session remembers each partition's request parameters and what
// was last sent (high watermark, log start offset), so an incremental request only names the
// partitions whose parameters changed and the response carries only the partitions with news.
// The cache is broker-wide (a consumer may reconnect and go on with its session); it holds
// Kafka's default 1000 sessions (max.incremental.fetch.session.cache.slots) and evicts the least
// recently used one once it has been idle for 120 s (min.incremental.fetch.session.eviction.ms);
// when none can go, a full request gets session id 0 and the client keeps sending full requests.
import { randomInt } from 'node:crypto';
import type { Broker } from '../broker.js';

const MAX_SESSIONS = 1000;
const EVICTION_MS = 120_000;

/** What a request says about one partition. */
export interface FetchParams {
  /** The zero id for requests by name (v0–12). */
  topicId: string;
  /** The topic's name, or null for an id this broker does not know (UNKNOWN_TOPIC_ID). */
  topic: string | null;
  partition: number;
  fetchOffset: bigint;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
  logStartOffset: bigint;
  lastFetchedEpoch: number;
}

export interface CachedPartition extends FetchParams {
  /** High watermark and log start offset last sent; -1 makes the next response include the partition. */
  sentHighWatermark: bigint;
  sentLogStartOffset: bigint;
}

/** Kafka's FetchMetadata.nextEpoch: wraps from Integer.MAX_VALUE to 1 (0 means "new session"). */
export function nextEpoch(epoch: number): number {
  if (epoch < 0) return -1;
  return epoch === 0x7fff_ffff ? 1 : epoch + 1;
}

export class FetchSession {
  /** Insertion-ordered: partitions that returned records move to the end, so every partition gets its turn. */
  readonly partitions = new Map<string, CachedPartition>();
  epoch = 1;
  lastUsedMs: number;
  readonly id: number;
  readonly usesTopicIds: boolean;

  constructor(id: number, usesTopicIds: boolean, now: number) {
    this.id = id;
    this.usesTopicIds = usesTopicIds;
    this.lastUsedMs = now;
  }

  key(p: { topicId: string; topic: string | null; partition: number }): string {
    return this.usesTopicIds ? `${p.topicId}/${p.partition}` : `${p.topic ?? ''}/${p.partition}`;
  }

  /** Adds or updates the request's partitions, then drops the forgotten ones (Kafka's order). */
  update(params: readonly FetchParams[], forgotten: readonly { topicId: string; topic: string | null; partition: number }[]): void {
    for (const p of params) {
      const cached = this.partitions.get(this.key(p));
      if (cached === undefined) this.partitions.set(this.key(p), { ...p, sentHighWatermark: -1n, sentLogStartOffset: -1n });
      else Object.assign(cached, { ...p, topic: cached.topic ?? p.topic });
    }
    for (const f of forgotten) this.partitions.delete(this.key(f));
  }

  /**
   * Kafka's CachedPartition.maybeUpdateResponseData: whether an incremental response must carry
   * this partition (records, a moved high watermark or log start offset, or an error), remembering
   * what it sends. An error resets the remembered high watermark so the recovery is sent too.
   */
  mustRespond(p: CachedPartition, res: { errorCode: number; highWatermark: bigint; logStartOffset: bigint; records: Buffer | null; preferredReadReplica: number }): boolean {
    let must = (res.records?.length ?? 0) > 0 || res.preferredReadReplica >= 0;
    if (p.sentHighWatermark !== res.highWatermark) {
      must = true;
      p.sentHighWatermark = res.highWatermark;
    }
    if (p.sentLogStartOffset !== res.logStartOffset) {
      must = true;
      p.sentLogStartOffset = res.logStartOffset;
    }
    if (res.errorCode !== 0) {
      p.sentHighWatermark = -1n;
      must = true;
    }
    return must;
  }

  /** Moves a partition that returned records to the end of the session's order. */
  rotate(p: CachedPartition): void {
    const k = this.key(p);
    this.partitions.delete(k);
    this.partitions.set(k, p);
  }
}

export class FetchSessionCache {
  private readonly sessions = new Map<number, FetchSession>();
  /** Fetch requests per version and how many were incremental: what the clients really use (tests, diagnosis). */
  readonly versionsSeen = new Map<number, number>();
  incrementalRequests = 0;

  get size(): number {
    return this.sessions.size;
  }

  get(id: number): FetchSession | undefined {
    return this.sessions.get(id);
  }

  remove(id: number): boolean {
    return this.sessions.delete(id);
  }

  touch(s: FetchSession, now: number): void {
    s.lastUsedMs = now;
    // Map order doubles as least-recently-used order.
    this.sessions.delete(s.id);
    this.sessions.set(s.id, s);
  }

  /** A new session holding `partitions` (in response order), or undefined when the cache is full of live sessions. */
  create(now: number, usesTopicIds: boolean, partitions: readonly CachedPartition[]): FetchSession | undefined {
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.values().next().value;
      if (oldest === undefined || now - oldest.lastUsedMs < EVICTION_MS) return undefined;
      this.sessions.delete(oldest.id);
    }
    let id: number;
    do id = randomInt(1, 0x7fff_ffff);
    while (this.sessions.has(id));
    const s = new FetchSession(id, usesTopicIds, now);
    for (const p of partitions) s.partitions.set(s.key(p), p);
    this.sessions.set(id, s);
    return s;
  }
}

const caches = new WeakMap<Broker, FetchSessionCache>();

/** The broker's fetch session cache (kept beside the broker, created on first use). */
export function fetchSessions(broker: Broker): FetchSessionCache {
  let c = caches.get(broker);
  if (c === undefined) {
    c = new FetchSessionCache();
    caches.set(broker, c);
  }
  return c;
}
