import { ErrorCode, KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';
import type { ProduceResponse } from '../../protocol/generated/messages/produce-response.js';
import { encodeRecordBatch, encodeRecordBatchAsync } from '../../protocol/records/batch.js';
import { CompressionCodec } from '../../protocol/records/compression.js';
import type { RecordHeaderInput, RecordInput } from '../../protocol/records/record.js';
import { ProduceApi } from './apis/produce.js';
import type { NativeClient, TopicInfo } from './client.js';
import { isStaleMetadataError } from './client.js';
import type { BrokerConnection } from './connection.js';
import { partitionForKey, StickyPartitioner } from './partitioner.js';
import { TransactionError, TransactionManager, type TxnState } from './transactions.js';

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
  /**
   * transactional.id: the producer is transactional (initTransactions, then begin/commit/abort);
   * its batches carry the producer id, epoch and sequences and the transactional flag.
   * Needs acks=-1 (the caller checks Kafka's config rules).
   */
  transactionalId?: string | undefined;
  /** transaction.timeout.ms (default 60000). */
  transactionTimeoutMs?: number | undefined;
  /** max.block.ms: how long the transactional calls wait for the coordinator (default 60000). */
  maxBlockMs?: number | undefined;
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
  /** Transactional state (null for a plain producer): the hot paths test only this. */
  private readonly txn: TransactionManager | null;
  /** Per partition: 1 once added to the current transaction (AddPartitionsToTxn answered). */
  private readonly txnAdded: Uint8Array | null;
  /** Per partition: the next batch's base sequence (transactional producers only). */
  private readonly sequences: Int32Array | null;
  private txnStarted = false;
  private adding = false;
  /** A batch of the current transaction failed: aborting it bumps the epoch (KIP-360). */
  private txnFailed = false;

  private constructor(client: NativeClient, opts: NativeProducerOptions, topic: TopicInfo, onFailure: (f: ProduceFailure) => void) {
    this.client = client;
    this.opts = opts;
    this.onFailure = onFailure;
    this.topicInfo = topic;
    const n = topic.partitions.length;
    this.accumulators = Array.from({ length: n }, () => ({ records: [], tags: [], bytes: 0 }));
    this.ready = Array.from({ length: n }, () => []);
    this.sticky = new StickyPartitioner(n);
    if (opts.transactionalId !== undefined) {
      this.txn = new TransactionManager(client, { transactionalId: opts.transactionalId, transactionTimeoutMs: opts.transactionTimeoutMs ?? 60_000, maxBlockMs: opts.maxBlockMs ?? 60_000, retryBackoffMs: opts.retryBackoffMs });
      this.txnAdded = new Uint8Array(n);
      this.sequences = new Int32Array(n);
    } else {
      this.txn = null;
      this.txnAdded = null;
      this.sequences = null;
    }
  }

  /** The transaction manager of a transactional producer (state, producer id and epoch). */
  get transactions(): TransactionManager | null {
    return this.txn;
  }

  private transactional(op: string): TransactionManager {
    if (this.txn === null) throw new TransactionError('java.lang.IllegalStateException', `Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property (${op})`);
    return this.txn;
  }

  /** Kafka's initTransactions: finds the coordinator and gets the producer id and epoch (fencing older producers of the id). */
  async initTransactions(): Promise<void> {
    const txn = this.transactional('initTransactions');
    await txn.initTransactions();
    (this.sequences as Int32Array).fill(0);
  }

  beginTransaction(): void {
    this.transactional('beginTransaction').beginTransaction();
  }

  /**
   * Kafka's commitTransaction: sends everything buffered, waits for every answer, then EndTxn
   * (commit) if the transaction added a partition. Throws TransactionError when a record failed
   * (the transaction can then only be aborted) or the producer was fenced.
   */
  async commitTransaction(): Promise<void> {
    const txn = this.transactional('commitTransaction');
    txn.failIfInError();
    if (txn.state !== 'IN_TRANSACTION') throw new TransactionError('java.lang.IllegalStateException', `Invalid transition attempted from state ${txn.state} to state COMMITTING_TRANSACTION`);
    txn.state = 'COMMITTING_TRANSACTION';
    await this.flush();
    if (txn.lastError !== null) {
      if (txn.state === 'COMMITTING_TRANSACTION') txn.state = 'ABORTABLE_ERROR';
      txn.failIfInError();
    }
    await this.endTransaction(txn, true);
  }

  /**
   * Kafka's abortTransaction: waits for the batches already handed over, then EndTxn (abort) if
   * the transaction added a partition. Allowed after a record failed; not once fenced.
   */
  async abortTransaction(): Promise<void> {
    const txn = this.transactional('abortTransaction');
    if (txn.state === 'FATAL_ERROR') txn.failIfInError();
    if (txn.state !== 'IN_TRANSACTION' && txn.state !== 'ABORTABLE_ERROR') throw new TransactionError('java.lang.IllegalStateException', `Invalid transition attempted from state ${txn.state} to state ABORTING_TRANSACTION`);
    txn.state = 'ABORTING_TRANSACTION';
    await this.flush();
    if ((txn.state as TxnState) === 'FATAL_ERROR') txn.failIfInError();
    txn.state = 'ABORTING_TRANSACTION';
    txn.lastError = null;
    const bump = this.txnFailed;
    await this.endTransaction(txn, false);
    if (bump && (await txn.bumpEpoch())) (this.sequences as Int32Array).fill(0);
  }

  private async endTransaction(txn: TransactionManager, commit: boolean): Promise<void> {
    if (this.txnStarted) await txn.endTxn(commit);
    this.txnStarted = false;
    this.txnFailed = false;
    (this.txnAdded as Uint8Array).fill(0);
    txn.state = 'READY';
    txn.lastError = null;
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
    if (this.txn !== null) this.txn.checkCanSend(this.opts.topic, partition);
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
    const encodeOpts: Parameters<typeof encodeRecordBatch>[0] = { records: acc.records, compression: this.opts.compression, timestamp: Date.now(), ...(this.opts.compressionLevel === undefined ? {} : { compressionLevel: this.opts.compressionLevel }) };
    const sequences = this.sequences;
    if (sequences !== null) {
      const txn = this.txn as TransactionManager;
      const base = sequences[partition] as number;
      encodeOpts.isTransactional = true;
      encodeOpts.producerId = txn.producerId;
      encodeOpts.producerEpoch = txn.producerEpoch;
      encodeOpts.baseSequence = base;
      // Kafka's DefaultRecordBatch.incrementSequence: wraps to 0 past Integer.MAX_VALUE.
      const next = base + acc.records.length;
      sequences[partition] = next > 0x7fffffff ? next - 0x80000000 : next;
    }
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
    let toAdd = false;
    const added = this.txnAdded;
    for (let p = 0; p < this.ready.length; p++) {
      if ((this.ready[p] as Batch[]).length === 0) continue;
      if (added !== null && added[p] === 0) {
        // A transaction's partition is written only once AddPartitionsToTxn has answered.
        toAdd = true;
        continue;
      }
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
    if (toAdd) this.addPartitions();
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

  /** One AddPartitionsToTxn at a time for the partitions with batches waiting to be added. */
  private addPartitions(): void {
    const txn = this.txn as TransactionManager;
    const added = this.txnAdded as Uint8Array;
    if (this.adding) return;
    const partitions: number[] = [];
    for (let p = 0; p < this.ready.length; p++) if ((this.ready[p] as Batch[]).length > 0 && added[p] === 0) partitions.push(p);
    if (partitions.length === 0) return;
    if (txn.state === 'FATAL_ERROR' && txn.lastError !== null) {
      // Fenced (or another fatal error): nothing more can be added; the batches fail with it.
      for (const p of partitions) for (const b of (this.ready[p] as Batch[]).splice(0)) {
        this.readyCount--;
        this.fail(b, txn.lastError);
      }
      return;
    }
    this.adding = true;
    const first = !this.txnStarted;
    txn.addPartitions(this.opts.topic, partitions, first).then(
      () => {
        this.adding = false;
        for (const p of partitions) added[p] = 1;
        this.txnStarted = true;
        this.pump();
      },
      (err: unknown) => {
        this.adding = false;
        const e = err instanceof Error ? err : new Error(String(err));
        for (const p of partitions) {
          const q = this.ready[p] as Batch[];
          for (const b of q.splice(0)) {
            this.readyCount--;
            this.fail(b, e);
          }
        }
        this.pump();
      },
    );
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
      transactionalId: this.txn === null ? null : this.txn.transactionalId,
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
      if (r.errorCode === ErrorCode.DUPLICATE_SEQUENCE_NUMBER && this.txn !== null) {
        // Kafka's producer: the batch was written by an earlier attempt.
        this.complete(b, -1n);
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
    if (this.txn !== null) {
      this.txn.batchFailed(error);
      this.txnFailed = true;
    }
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
