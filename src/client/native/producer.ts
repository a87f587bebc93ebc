import { ErrorCode, KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';
import type { ProduceResponse } from '../../protocol/generated/messages/produce-response.js';
import { encodeRecordBatch, encodeRecordBatchAsync } from '../../protocol/records/batch.js';
import { CompressionCodec } from '../../protocol/records/compression.js';
import type { RecordHeaderInput, RecordInput } from '../../protocol/records/record.js';
import { ProduceApi } from './apis.js';
import type { NativeClient, TopicInfo } from './client.js';
import { isStaleMetadataError } from './client.js';
import type { BrokerConnection } from './connection.js';
import { partitionForKey, StickyPartitioner } from './partitioner.js';

export interface ProduceRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers?: readonly RecordHeaderInput[] | undefined;
  /** Explicit partition; otherwise the default partitioner decides. */
  partition?: number | undefined;
  /** Epoch milliseconds; default: when the batch is sealed. */
  timestamp?: number | undefined;
}

export interface NativeProducerOptions {
  topic: string;
  /** -1 (all), 0 (none: no response is awaited) or 1 (leader). */
  acks: number;
  compression: CompressionCodec;
  compressionLevel?: number | undefined;
  /** batch.size: a partition's batch is sealed once its records reach this many bytes. */
  batchSize: number;
  /** linger.ms: how long a batch that is not full waits for more records. */
  lingerMs: number;
  /** buffer.memory: above this many buffered bytes `send` asks the caller to wait. */
  bufferMemory: number;
  /** retries of a batch after a retriable error (leader moved, connection lost, ...). */
  retries: number;
  retryBackoffMs: number;
  /** request.timeout.ms: the broker's timeout for acks and our wait for the answer. */
  requestTimeoutMs: number;
  /** max.in.flight.requests.per.connection. */
  maxInFlight: number;
  /** max.request.size: batches of different partitions share a request up to this size. */
  maxRequestSize: number;
  /**
   * Called once per acknowledged batch with the caller's tags of its records, in order; record i
   * got offset baseOffset + i (-1 with acks=0). For tools that time or report each record.
   */
  onSuccess?: ((partition: number, baseOffset: bigint, tags: readonly number[]) => void) | undefined;
}

export interface ProduceFailure {
  error: Error;
  partition: number;
  /** The caller's tags (line numbers) of the records that were not written. */
  tags: readonly number[];
}

interface Accumulator {
  records: RecordInput[];
  tags: number[];
  bytes: number;
}

interface Batch {
  partition: number;
  payload: Buffer | Promise<Buffer>;
  count: number;
  bytes: number;
  tags: number[];
  attempts: number;
}

interface NodeState {
  inFlight: number;
  chain: Promise<void>;
  connection: BrokerConnection | null;
  connecting: boolean;
}

const RECORD_OVERHEAD = 10;

/**
 * A batching producer for one topic, on the native client: records accumulate per partition,
 * a batch is sealed when full (batch.size) or after linger.ms and encoded by our record batch
 * encoder, and batches of one leader share Produce requests, up to max.in.flight per broker.
 * Retriable errors refresh the metadata and resend the batch to the new leader; other errors
 * (and exhausted retries) go to `onFailure` with the caller's record tags.
 */
export class NativeProducer {
  private readonly client: NativeClient;
  private readonly opts: NativeProducerOptions;
  private readonly onFailure: (f: ProduceFailure) => void;
  private topicInfo: TopicInfo;
  private readonly accumulators: Accumulator[];
  private readonly ready: Batch[][];
  private readyCount = 0;
  private readonly sticky: StickyPartitioner;
  private readonly nodes = new Map<number, NodeState>();
  private lingerTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private buffered = 0;
  private outstanding = 0;
  private capacityWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  /** Records acknowledged by the broker (or written, with acks=0). */
  acked = 0;
  failed = 0;

  private constructor(client: NativeClient, opts: NativeProducerOptions, topic: TopicInfo, onFailure: (f: ProduceFailure) => void) {
    this.client = client;
    this.opts = opts;
    this.onFailure = onFailure;
    this.topicInfo = topic;
    const n = topic.partitions.length;
    this.accumulators = Array.from({ length: n }, () => ({ records: [], tags: [], bytes: 0 }));
    this.ready = Array.from({ length: n }, () => []);
    this.sticky = new StickyPartitioner(n);
  }

  /** Looks up (or auto-creates) the topic, waiting up to `maxBlockMs` for it to have leaders. */
  static async create(client: NativeClient, opts: NativeProducerOptions & { maxBlockMs: number; autoCreate?: boolean }, onFailure: (f: ProduceFailure) => void): Promise<NativeProducer> {
    const topic = await client.topic(opts.topic, { autoCreate: opts.autoCreate ?? true, timeoutMs: opts.maxBlockMs });
    return new NativeProducer(client, opts, topic, onFailure);
  }

  get numPartitions(): number {
    return this.topicInfo.partitions.length;
  }

  /** Records handed to `send` and not yet acknowledged or failed. */
  get pending(): number {
    return this.outstanding;
  }

  /**
   * Queues one record. Returns false when the buffer is full: the caller should await
   * `waitForCapacity()` before sending more (the record itself is accepted either way).
   * Throws RangeError for an explicit partition the topic does not have.
   */
  send(record: ProduceRecord, tag: number): boolean {
    const n = this.accumulators.length;
    let partition: number;
    let stickyChoice = false;
    if (record.partition !== undefined) {
      if (record.partition < 0 || record.partition >= n || !Number.isInteger(record.partition)) throw new RangeError(`partition ${record.partition} does not exist: topic ${this.opts.topic} has ${n} partition(s)`);
      partition = record.partition;
    } else if (record.key !== null) {
      partition = partitionForKey(record.key, n);
    } else {
      partition = this.sticky.partition;
      stickyChoice = true;
    }
    let size = RECORD_OVERHEAD + (record.key?.length ?? 0) + (record.value?.length ?? 0);
    if (record.headers !== undefined) for (const h of record.headers) size += h.key.length + (h.value?.length ?? 0) + 4;
    const acc = this.accumulators[partition] as Accumulator;
    const input: RecordInput = { key: record.key, value: record.value };
    if (record.headers !== undefined && record.headers.length > 0) input.headers = record.headers;
    if (record.timestamp !== undefined) input.timestamp = record.timestamp;
    acc.records.push(input);
    acc.tags.push(tag);
    acc.bytes += size;
    this.buffered += size;
    this.outstanding++;
    if (acc.bytes >= this.opts.batchSize) {
      this.seal(partition);
      if (stickyChoice) this.sticky.next();
      this.pump();
    } else if (this.lingerTimer === null) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = null;
        this.sealAll();
        this.pump();
      }, this.opts.lingerMs);
    }
    return this.buffered < this.opts.bufferMemory;
  }

  waitForCapacity(): Promise<void> {
    if (this.buffered < this.opts.bufferMemory) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  /** Sends everything buffered and resolves when every record is acknowledged or failed. */
  flush(): Promise<void> {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.sealAll();
    this.pump();
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.lingerTimer = null;
    this.refreshTimer = null;
  }

  private sealAll(): void {
    for (let p = 0; p < this.accumulators.length; p++) {
      if ((this.accumulators[p] as Accumulator).records.length > 0) this.seal(p);
    }
  }

  private seal(partition: number): void {
    const acc = this.accumulators[partition] as Accumulator;
    this.accumulators[partition] = { records: [], tags: [], bytes: 0 };
    const encodeOpts = { records: acc.records, compression: this.opts.compression, timestamp: Date.now(), ...(this.opts.compressionLevel === undefined ? {} : { compressionLevel: this.opts.compressionLevel }) };
    let payload: Buffer | Promise<Buffer>;
    try {
      payload = this.opts.compression === CompressionCodec.NONE ? encodeRecordBatch(encodeOpts) : encodeRecordBatchAsync(encodeOpts);
    } catch (err) {
      payload = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (payload instanceof Promise) payload.catch(() => undefined); // handled where awaited
    (this.ready[partition] as Batch[]).push({ partition, payload, count: acc.records.length, bytes: acc.bytes, tags: acc.tags, attempts: 0 });
    this.readyCount++;
  }

  private node(nodeId: number): NodeState {
    let s = this.nodes.get(nodeId);
    if (s === undefined) {
      s = { inFlight: 0, chain: Promise.resolve(), connection: null, connecting: false };
      this.nodes.set(nodeId, s);
    }
    return s;
  }

  /** Moves ready batches into Produce requests, as far as the in-flight limits allow. */
  private pump(): void {
    if (this.readyCount === 0) return;
    const byLeader = new Map<number, number[]>();
    let leaderless = false;
    for (let p = 0; p < this.ready.length; p++) {
      if ((this.ready[p] as Batch[]).length === 0) continue;
      const leader = this.client.leaderOf(this.opts.topic, p);
      if (leader < 0) {
        leaderless = true;
        continue;
      }
      const list = byLeader.get(leader);
      if (list === undefined) byLeader.set(leader, [p]);
      else list.push(p);
    }
    if (leaderless) this.scheduleRefresh();
    for (const [nodeId, partitions] of byLeader) {
      const state = this.node(nodeId);
      const conn = state.connection;
      if (conn === null || conn.closed) {
        this.connect(nodeId, state);
        continue;
      }
      while (state.inFlight < this.opts.maxInFlight) {
        const batches: Batch[] = [];
        let size = 0;
        for (const p of partitions) {
          const q = this.ready[p] as Batch[];
          const b = q[0];
          if (b === undefined) continue;
          if (batches.length > 0 && size + b.bytes > this.opts.maxRequestSize) break;
          q.shift();
          this.readyCount--;
          batches.push(b);
          size += b.bytes;
        }
        if (batches.length === 0) break;
        state.inFlight++;
        state.chain = state.chain.then(() => this.transmit(state, conn, batches));
      }
    }
  }

  private connect(nodeId: number, state: NodeState): void {
    if (state.connecting) return;
    state.connecting = true;
    this.client.nodeConnection(nodeId).then(
      (conn) => {
        state.connecting = false;
        state.connection = conn;
        this.pump();
      },
      () => {
        state.connecting = false;
        // Leader unreachable: the metadata may be stale; retry after a backoff.
        this.failReadyBatchesForNode(nodeId);
        this.scheduleRefresh();
      },
    );
  }

  /** Counts an attempt against every ready batch led by an unreachable node. */
  private failReadyBatchesForNode(nodeId: number): void {
    for (let p = 0; p < this.ready.length; p++) {
      if (this.client.leaderOf(this.opts.topic, p) !== nodeId) continue;
      const q = this.ready[p] as Batch[];
      for (const b of q.splice(0)) {
        this.readyCount--;
        this.retryOrFail(b, new KafkaProtocolError(ErrorCode.NETWORK_EXCEPTION, `cannot reach the leader of ${this.opts.topic}-${p}`));
      }
    }
  }

  private async transmit(state: NodeState, conn: BrokerConnection, batches: Batch[]): Promise<void> {
    let payloads: Buffer[];
    try {
      payloads = await Promise.all(batches.map((b) => Promise.resolve(b.payload)));
    } catch (err) {
      state.inFlight--;
      for (const b of batches) this.fail(b, err instanceof Error ? err : new Error(String(err)));
      this.pump();
      return;
    }
    const request = {
      transactionalId: null,
      acks: this.opts.acks,
      timeoutMs: this.opts.requestTimeoutMs,
      topicData: [{ name: this.opts.topic, partitionData: batches.map((b, i) => ({ index: b.partition, records: payloads[i] as Buffer })) }],
    };
    const expectResponse = this.opts.acks !== 0;
    conn.send(ProduceApi, request, { expectResponse, timeoutMs: this.opts.requestTimeoutMs + 5_000 }).then(
      (res) => {
        state.inFlight--;
        if (expectResponse) this.onResponse(batches, res);
        else for (const b of batches) this.complete(b, -1n);
        this.pump();
      },
      (err: unknown) => {
        state.inFlight--;
        state.connection = null;
        const e = err instanceof Error ? err : new Error(String(err));
        for (const b of batches) this.retryOrFail(b, e);
        this.scheduleRefresh();
        this.pump();
      },
    );
    if (!conn.writable) await conn.drained();
  }

  private onResponse(batches: Batch[], res: ProduceResponse): void {
    const byPartition = new Map<number, { errorCode: number; errorMessage: string | null; baseOffset: bigint }>();
    for (const t of res.responses) {
      if (t.name !== this.opts.topic) continue;
      for (const p of t.partitionResponses) byPartition.set(p.index, p);
    }
    let stale = false;
    for (const b of batches) {
      const r = byPartition.get(b.partition);
      if (r === undefined) {
        this.retryOrFail(b, new KafkaProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `no answer for ${this.opts.topic}-${b.partition} in the produce response`));
        continue;
      }
      if (r.errorCode === 0) {
        this.complete(b, r.baseOffset);
        continue;
      }
      const err = new KafkaProtocolError(r.errorCode, r.errorMessage ?? errorInfo(r.errorCode).message);
      if (isStaleMetadataError(r.errorCode)) stale = true;
      if (errorInfo(r.errorCode).retriable) this.retryOrFail(b, err);
      else this.fail(b, err);
    }
    if (stale) this.scheduleRefresh();
  }

  private retryOrFail(b: Batch, err: Error): void {
    if (b.attempts >= this.opts.retries) {
      this.fail(b, err);
      return;
    }
    b.attempts++;
    // Back at the head of its partition's queue, so a retried batch still precedes later ones.
    (this.ready[b.partition] as Batch[]).unshift(b);
    this.readyCount++;
    this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.client.metadata([this.opts.topic]).then(
        () => {
          const info = this.client.cachedTopic(this.opts.topic);
          if (info !== undefined && info.partitions.length >= this.accumulators.length) this.topicInfo = info;
          this.pump();
        },
        () => {
          // Nobody answered: count a retry against every waiting batch so the run ends eventually.
          for (let p = 0; p < this.ready.length; p++) {
            const q = this.ready[p] as Batch[];
            for (const b of q.splice(0)) {
              this.readyCount--;
              this.retryOrFail(b, new KafkaProtocolError(ErrorCode.NETWORK_EXCEPTION, 'cannot refresh metadata: no broker answers'));
            }
          }
        },
      );
    }, this.opts.retryBackoffMs);
  }

  private complete(b: Batch, baseOffset: bigint): void {
    this.acked += b.count;
    this.opts.onSuccess?.(b.partition, baseOffset, b.tags);
    this.release(b);
  }

  private fail(b: Batch, error: Error): void {
    this.failed += b.count;
    this.onFailure({ error, partition: b.partition, tags: b.tags });
    this.release(b);
  }

  private release(b: Batch): void {
    this.buffered -= b.bytes;
    this.outstanding -= b.count;
    if (this.buffered < this.opts.bufferMemory && this.capacityWaiters.length > 0) {
      for (const w of this.capacityWaiters.splice(0)) w();
    }
    if (this.outstanding === 0 && this.idleWaiters.length > 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
