import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode, KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';
import { defaultFetchPartition, defaultFetchRequest } from '../../protocol/generated/messages/fetch-request.js';
import type { FetchResponse } from '../../protocol/generated/messages/fetch-response.js';
import { LAST_OFFSET_DELTA, BASE_OFFSET } from '../../protocol/records/batch-header.js';
import { decodeRecordBatch, splitRecordBatches, type RecordBatch } from '../../protocol/records/batch.js';
import { FetchApi } from './apis/fetch.js';
import { EARLIEST_TIMESTAMP, IsolationLevel, LATEST_TIMESTAMP, isStaleMetadataError, type NativeClient } from './client.js';

export interface ConsumerPosition {
  topic: string;
  partition: number;
  offset: bigint;
}

/** auto.offset.reset: where to go when the position is out of range (or unknown). */
export type ResetPolicy = 'earliest' | 'latest' | 'none';

export interface NativeConsumerOptions {
  isolationLevel: IsolationLevel;
  /** fetch.max.wait.ms */
  maxWaitMs: number;
  /** fetch.min.bytes */
  minBytes: number;
  /** fetch.max.bytes */
  maxBytes: number;
  /** max.partition.fetch.bytes */
  partitionMaxBytes: number;
  resetPolicy: ResetPolicy;
}

/** One batch of records at or after the partition's position; `records` already filtered. */
export interface FetchedBatch {
  topic: string;
  partition: number;
  batch: RecordBatch;
}

interface PartitionState {
  topic: string;
  partition: number;
  offset: bigint;
  /** The position after the last response handed out by poll (what the caller has seen). */
  delivered: bigint;
  paused: boolean;
  highWatermark: bigint;
  /** Reset in progress (ListOffsets after OFFSET_OUT_OF_RANGE). */
  resetting: boolean;
}

interface Completed {
  batches: FetchedBatch[];
  positions: Array<[PartitionState, bigint]>;
}

interface NodeFetch {
  promise: Promise<void>;
}

const ABORT_MARKER = 0;

/**
 * Fetches assigned partitions without a consumer group (Java's `assign` + `seek`): one Fetch in
 * flight per leader, the next one sent as soon as a response is processed, so decoding and
 * printing overlap with the network. Handles leader moves (metadata refresh), out-of-range
 * positions (auto.offset.reset) and, for read_committed, drops aborted transactional batches.
 */
export class NativeConsumer {
  private readonly client: NativeClient;
  private readonly opts: NativeConsumerOptions;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly inFlight = new Map<number, NodeFetch>();
  private readonly completed: Completed[] = [];
  private error: Error | null = null;
  private wake: (() => void) | null = null;
  private woken = false;
  private closed = false;
  private backoffUntil = 0;
  private backoffTimer: NodeJS.Timeout | null = null;
  private refreshing = false;
  private connectionFailures = 0;

  constructor(client: NativeClient, opts: NativeConsumerOptions) {
    this.client = client;
    this.opts = opts;
  }

  /** Adds partitions at the given offsets (EARLIEST/LATEST_TIMESTAMP as offsets resolve by ListOffsets). */
  async assign(positions: readonly ConsumerPosition[]): Promise<void> {
    const toResolve = positions.filter((p) => p.offset < 0n);
    const resolved = toResolve.length === 0 ? new Map<string, { offset: bigint }>() : await this.client.listOffsets(toResolve.map((p) => ({ topic: p.topic, partition: p.partition, timestamp: p.offset })), this.opts.isolationLevel);
    for (const p of positions) {
      const offset = p.offset >= 0n ? p.offset : (resolved.get(`${p.topic}:${p.partition}`)?.offset ?? 0n);
      this.partitions.set(key(p.topic, p.partition), { topic: p.topic, partition: p.partition, offset, delivered: offset, paused: false, highWatermark: -1n, resetting: false });
    }
  }

  assigned(topic: string, partition: number): boolean {
    return this.partitions.has(key(topic, partition));
  }

  /** The next offset after everything `poll` has returned for the partition. */
  position(topic: string, partition: number): bigint | undefined {
    return this.partitions.get(key(topic, partition))?.delivered;
  }

  highWatermark(topic: string, partition: number): bigint | undefined {
    return this.partitions.get(key(topic, partition))?.highWatermark;
  }

  /** Stops fetching a partition (e.g. it reached its end offset). */
  pause(topic: string, partition: number): void {
    const s = this.partitions.get(key(topic, partition));
    if (s !== undefined) s.paused = true;
  }

  get activePartitions(): number {
    let n = 0;
    for (const s of this.partitions.values()) if (!s.paused) n++;
    return n;
  }

  /** Makes a pending `poll` return (empty) at once; for Ctrl-C and stop conditions. */
  wakeup(): void {
    this.woken = true;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /**
   * The next fetched batches, or [] when `timeoutMs` passed (or wakeup was called) first.
   * Throws the first non-retriable fetch error.
   */
  async poll(timeoutMs: number): Promise<FetchedBatch[]> {
    this.throwIfFailed();
    this.woken = false;
    const ready = this.completed.shift();
    if (ready !== undefined) {
      this.sendFetches();
      return this.deliver(ready);
    }
    this.sendFetches();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
      if (this.woken || this.completed.length > 0 || this.error !== null) done();
    });
    this.throwIfFailed();
    const next = this.completed.shift();
    if (next === undefined) return [];
    this.sendFetches();
    return this.deliver(next);
  }

  private deliver(c: Completed): FetchedBatch[] {
    for (const [s, offset] of c.positions) s.delivered = offset;
    return c.batches;
  }

  private throwIfFailed(): void {
    if (this.error !== null) throw this.error;
  }

  close(): void {
    this.closed = true;
    if (this.backoffTimer !== null) clearTimeout(this.backoffTimer);
    this.backoffTimer = null;
    this.wakeup();
  }

  private sendFetches(): void {
    if (this.closed || this.error !== null) return;
    // A buffered response not yet handed out means the caller is behind: do not fetch further ahead.
    if (this.completed.length > 0) return;
    const now = Date.now();
    if (now < this.backoffUntil) {
      this.backoffTimer ??= setTimeout(() => {
        this.backoffTimer = null;
        this.sendFetches();
      }, this.backoffUntil - now);
      return;
    }
    const byLeader = new Map<number, PartitionState[]>();
    let leaderless = false;
    for (const s of this.partitions.values()) {
      if (s.paused || s.resetting) continue;
      const leader = this.client.leaderOf(s.topic, s.partition);
      if (leader < 0) {
        leaderless = true;
        continue;
      }
      const list = byLeader.get(leader);
      if (list === undefined) byLeader.set(leader, [s]);
      else list.push(s);
    }
    if (leaderless) this.refreshSoon();
    for (const [nodeId, states] of byLeader) {
      if (this.inFlight.has(nodeId)) continue;
      const entry: NodeFetch = { promise: Promise.resolve() };
      this.inFlight.set(nodeId, entry);
      entry.promise = this.fetchFrom(nodeId, states, entry).catch((err: unknown) => {
        if (this.inFlight.get(nodeId) === entry) this.inFlight.delete(nodeId);
        this.onFetchError(err);
      });
    }
  }

  private async fetchFrom(nodeId: number, states: PartitionState[], entry: NodeFetch): Promise<void> {
    const conn = await this.client.nodeConnection(nodeId);
    const byTopic = new Map<string, PartitionState[]>();
    for (const s of states) {
      const list = byTopic.get(s.topic);
      if (list === undefined) byTopic.set(s.topic, [s]);
      else list.push(s);
    }
    const fetchedAt = new Map<string, bigint>(states.map((s) => [key(s.topic, s.partition), s.offset]));
    const req = {
      ...defaultFetchRequest(),
      maxWaitMs: this.opts.maxWaitMs,
      minBytes: this.opts.minBytes,
      maxBytes: this.opts.maxBytes,
      isolationLevel: this.opts.isolationLevel,
      topics: [...byTopic].map(([topic, list]) => ({
        topic,
        topicId: ZERO_UUID,
        partitions: list.map((s) => ({ ...defaultFetchPartition(), partition: s.partition, fetchOffset: s.offset, partitionMaxBytes: this.opts.partitionMaxBytes })),
      })),
    };
    const res = await conn.send(FetchApi, req, { timeoutMs: this.client.requestTimeoutMs + this.opts.maxWaitMs });
    if (this.closed) return;
    this.connectionFailures = 0;
    const out = this.process(res, fetchedAt);
    if (this.inFlight.get(nodeId) === entry) this.inFlight.delete(nodeId);
    if (out.positions.length > 0) {
      this.completed.push(out);
      // Data (or progress past control batches) is ready: wake the poller, which sends the next fetch.
      const w = this.wake;
      w?.();
    } else {
      this.sendFetches();
    }
  }

  private process(res: FetchResponse, fetchedAt: Map<string, bigint>): Completed {
    if (res.errorCode !== 0) throw new KafkaProtocolError(res.errorCode, `Fetch: ${errorInfo(res.errorCode).message}`);
    const out: FetchedBatch[] = [];
    const positions: Array<[PartitionState, bigint]> = [];
    let stale = false;
    for (const t of res.responses) {
      for (const p of t.partitions) {
        const s = this.partitions.get(key(t.topic, p.partitionIndex));
        // Ignore answers for positions that moved meanwhile (a reset or a reassignment).
        if (s === undefined || fetchedAt.get(key(t.topic, p.partitionIndex)) !== s.offset) continue;
        if (p.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          this.reset(s);
          continue;
        }
        if (isStaleMetadataError(p.errorCode)) {
          stale = true;
          continue;
        }
        if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, `Fetch ${t.topic}-${p.partitionIndex}: ${errorInfo(p.errorCode).message}`);
        s.highWatermark = this.opts.isolationLevel === IsolationLevel.READ_COMMITTED && p.lastStableOffset >= 0n ? p.lastStableOffset : p.highWatermark;
        if (p.records === null || p.records.length === 0) continue;
        const aborted = this.opts.isolationLevel === IsolationLevel.READ_COMMITTED && p.abortedTransactions !== null ? [...p.abortedTransactions].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1)) : [];
        const abortedProducers = new Set<bigint>();
        for (const raw of splitRecordBatches(p.records).batches) {
          const lastOffset = raw.readBigInt64BE(BASE_OFFSET) + BigInt(raw.readInt32BE(LAST_OFFSET_DELTA));
          if (lastOffset < s.offset) continue;
          const batch = decodeRecordBatch(raw);
          const nextOffset = lastOffset + 1n;
          if (this.opts.isolationLevel === IsolationLevel.READ_COMMITTED && batch.producerId >= 0n) {
            while (aborted.length > 0 && (aborted[0] as { firstOffset: bigint }).firstOffset <= lastOffset) abortedProducers.add((aborted.shift() as { producerId: bigint }).producerId);
            if (batch.isControl) {
              const k = batch.records[0]?.key;
              if (k !== null && k !== undefined && k.length >= 4 && k.readInt16BE(2) === ABORT_MARKER) abortedProducers.delete(batch.producerId);
            } else if (batch.isTransactional && abortedProducers.has(batch.producerId)) {
              s.offset = nextOffset;
              continue;
            }
          }
          if (batch.isControl) {
            s.offset = nextOffset;
            continue;
          }
          const first = batch.records[0];
          if (first !== undefined && first.offset < s.offset) batch.records = batch.records.filter((r) => r.offset >= s.offset);
          s.offset = nextOffset;
          if (batch.records.length > 0) out.push({ topic: t.topic, partition: p.partitionIndex, batch });
        }
        if (s.offset !== fetchedAt.get(key(t.topic, p.partitionIndex))) positions.push([s, s.offset]);
      }
    }
    if (stale) this.refreshSoon();
    return { batches: out, positions };
  }

  private reset(s: PartitionState): void {
    if (this.opts.resetPolicy === 'none') {
      throw new KafkaProtocolError(ErrorCode.OFFSET_OUT_OF_RANGE, `offset ${s.offset} is out of range for ${s.topic}-${s.partition}`);
    }
    s.resetting = true;
    const timestamp = this.opts.resetPolicy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
    this.client.listOffsets([{ topic: s.topic, partition: s.partition, timestamp }], this.opts.isolationLevel).then(
      (m) => {
        s.offset = m.get(`${s.topic}:${s.partition}`)?.offset ?? s.offset;
        s.delivered = s.offset;
        s.resetting = false;
        this.sendFetches();
      },
      (err: unknown) => this.onFetchError(err),
    );
  }

  private refreshSoon(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    this.backoffUntil = Date.now() + this.client.retryBackoffMs;
    const done = (): void => {
      this.refreshing = false;
      this.sendFetches();
    };
    this.client.refreshMetadata().then(done, done);
  }

  private onFetchError(err: unknown): void {
    if (this.closed) return;
    if (err instanceof KafkaProtocolError) {
      this.error = err;
    } else {
      // Connection trouble: keep trying until the retries of the metadata refresh give up.
      this.connectionFailures++;
      if (this.connectionFailures > 10) this.error = err instanceof Error ? err : new Error(String(err));
      else this.refreshSoon();
    }
    const w = this.wake;
    w?.();
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
