// The transaction coordinator (Kafka's TransactionCoordinator + TransactionMetadata, classic flow,
// transaction version 1): one state machine per transactional id, every transition written to the
// transaction log before it takes effect. Markers go straight into the local partition logs, so
// EndTxn normally completes (PrepareX → markers → CompleteX) before it answers; only when a marker
// cannot be written does the id stay in PrepareCommit/PrepareAbort, answering
// CONCURRENT_TRANSACTIONS and retrying on a timer, as Kafka does while its markers are in flight.
import { ErrorCode } from '../../protocol/error-codes.js';
import { LogError } from '../log/errors.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { TXN_STATE_NAMES, TxnState, type TxnLogStore, type TxnLogValue } from './txn-log.js';

const NO_PRODUCER_ID = -1n;
const NO_EPOCH = -1;
const MAX_EPOCH = 32767;
/** How soon markers that could not be written are tried again. */
export const MARKER_RETRY_MS = 1000;
/** Kafka's transactional.id.expiration.ms and the cleanup interval that applies it. */
export const TRANSACTIONAL_ID_EXPIRATION_MS = 7 * 86_400_000;
export const TRANSACTIONAL_ID_CLEANUP_INTERVAL_MS = 3_600_000;

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export class TxnMetadata {
  readonly transactionalId: string;
  producerId: bigint;
  lastProducerId: bigint = NO_PRODUCER_ID;
  producerEpoch: number;
  lastProducerEpoch = NO_EPOCH;
  timeoutMs: number;
  state: TxnState = TxnState.EMPTY;
  partitions = new Map<string, Set<number>>();
  startTimestamp = -1;
  lastUpdateTimestamp: number;
  timer: Timer | null = null;

  constructor(transactionalId: string, producerId: bigint, producerEpoch: number, timeoutMs: number, now: number) {
    this.transactionalId = transactionalId;
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.timeoutMs = timeoutMs;
    this.lastUpdateTimestamp = now;
  }

  get stateName(): string {
    return TXN_STATE_NAMES[this.state];
  }

  partitionList(): TopicPartitionRef[] {
    const out: TopicPartitionRef[] = [];
    for (const [topic, parts] of this.partitions) for (const partition of parts) out.push({ topic, partition });
    return out;
  }

  has(topic: string, partition: number): boolean {
    return this.partitions.get(topic)?.has(partition) === true;
  }
}

/** What the coordinator needs from the broker. */
export interface TxnCoordinatorHost {
  clock: Clock;
  store: TxnLogStore;
  transactionMaxTimeoutMs: number;
  allocateProducerId(): bigint;
  /**
   * Writes a COMMIT/ABORT marker to each partition (skipping partitions that no longer exist) and
   * settles pending transactional offsets. False when any marker could not be written.
   */
  writeMarkers(producerId: bigint, producerEpoch: number, commit: boolean, coordinatorEpoch: number, partitions: TopicPartitionRef[]): boolean;
  log(line: string): void;
}

export interface InitProducerIdResult {
  errorCode: number;
  producerId: bigint;
  producerEpoch: number;
}

function isEpochExhausted(epoch: number): boolean {
  return epoch >= MAX_EPOCH - 1;
}

export class TransactionCoordinator {
  private readonly txns = new Map<string, TxnMetadata>();
  private readonly byProducerId = new Map<bigint, TxnMetadata>();
  private readonly host: TxnCoordinatorHost;
  private closed = false;
  private expirationTimer: Timer | null = null;

  constructor(host: TxnCoordinatorHost) {
    this.host = host;
  }

  // ---------------------------------------------------------------------------------------------
  // Loading, recovery, shutdown

  /** Rebuilds every transactional id from the transaction log (last record per id wins). */
  load(): void {
    const now = this.host.clock.now();
    this.host.store.load((id, v) => {
      const old = this.txns.get(id);
      if (old !== undefined) this.byProducerId.delete(old.producerId);
      if (v === null || v.state === TxnState.DEAD) {
        this.txns.delete(id);
        return;
      }
      const m = new TxnMetadata(id, v.producerId, v.producerEpoch, v.timeoutMs, now);
      m.state = v.state;
      m.startTimestamp = v.startTimestamp;
      m.lastUpdateTimestamp = v.lastUpdateTimestamp;
      for (const [topic, parts] of v.partitions) m.partitions.set(topic, new Set(parts));
      this.txns.set(id, m);
      this.byProducerId.set(m.producerId, m);
    });
  }

  /** Finishes transactions caught half-way by a crash and re-arms the timeouts of open ones. */
  recover(): void {
    for (const m of this.txns.values()) {
      if (m.state === TxnState.PREPARE_COMMIT || m.state === TxnState.PREPARE_ABORT) this.completeMarkers(m);
      else if (m.state === TxnState.ONGOING) this.armTimeout(m);
    }
  }

  close(): void {
    this.closed = true;
    for (const m of this.txns.values()) this.cancelTimer(m);
    if (this.expirationTimer !== null) this.host.clock.clearTimeout(this.expirationTimer);
    this.expirationTimer = null;
  }

  /** Runs expireTransactionalIds on the cleanup interval. */
  startExpiration(intervalMs = TRANSACTIONAL_ID_CLEANUP_INTERVAL_MS, expirationMs = TRANSACTIONAL_ID_EXPIRATION_MS): void {
    if (this.closed) return;
    this.expirationTimer = this.host.clock.setTimeout(() => {
      this.expirationTimer = null;
      if (this.closed) return;
      this.expireTransactionalIds(expirationMs);
      this.startExpiration(intervalMs, expirationMs);
    }, intervalMs);
    this.expirationTimer.unref();
  }

  /** Removes ids idle for longer than `expirationMs` with no transaction in progress (a tombstone in the log). */
  expireTransactionalIds(expirationMs: number): number {
    const now = this.host.clock.now();
    let n = 0;
    for (const m of [...this.txns.values()]) {
      const idle = m.state === TxnState.EMPTY || m.state === TxnState.COMPLETE_COMMIT || m.state === TxnState.COMPLETE_ABORT;
      if (!idle || now - m.lastUpdateTimestamp <= expirationMs) continue;
      try {
        this.host.store.append(m.transactionalId, null);
      } catch (err) {
        this.host.log(`could not expire transactional id ${m.transactionalId}: ${(err as Error).message}`);
        continue;
      }
      this.txns.delete(m.transactionalId);
      if (this.byProducerId.get(m.producerId) === m) this.byProducerId.delete(m.producerId);
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  get(transactionalId: string): TxnMetadata | undefined {
    return this.txns.get(transactionalId);
  }

  byProducer(producerId: bigint): TxnMetadata | undefined {
    return this.byProducerId.get(producerId);
  }

  all(): IterableIterator<TxnMetadata> {
    return this.txns.values();
  }

  /** Open (Ongoing or PrepareX) transactions, for recovering pending transactional offsets. */
  unfinished(): TxnMetadata[] {
    return [...this.txns.values()].filter((m) => m.state === TxnState.ONGOING || m.state === TxnState.PREPARE_COMMIT || m.state === TxnState.PREPARE_ABORT);
  }

  // ---------------------------------------------------------------------------------------------
  // Persistence and timers

  private valueOf(m: TxnMetadata, patch: Partial<TxnLogValue>): TxnLogValue {
    const partitions = new Map<string, number[]>();
    for (const [t, ps] of m.partitions) partitions.set(t, [...ps]);
    return {
      producerId: m.producerId,
      producerEpoch: m.producerEpoch,
      timeoutMs: m.timeoutMs,
      state: m.state,
      partitions,
      lastUpdateTimestamp: this.host.clock.now(),
      startTimestamp: m.startTimestamp,
      ...patch,
    };
  }

  /** Writes the next state of `m` to the log, then applies it. Returns an error code on a failed write. */
  private transition(m: TxnMetadata, next: TxnLogValue): number {
    try {
      this.host.store.append(m.transactionalId, next);
    } catch (err) {
      this.host.log(`could not write transaction log record for ${m.transactionalId}: ${(err as Error).message}`);
      // TransactionStateManager: a KafkaStorageException (disk full) is NOT_COORDINATOR.
      return err instanceof LogError && err.kafkaErrorCode === ErrorCode.KAFKA_STORAGE_ERROR ? ErrorCode.NOT_COORDINATOR : ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
    if (m.producerId !== next.producerId) {
      if (this.byProducerId.get(m.producerId) === m) this.byProducerId.delete(m.producerId);
      m.producerId = next.producerId;
    }
    this.byProducerId.set(m.producerId, m);
    m.producerEpoch = next.producerEpoch;
    m.timeoutMs = next.timeoutMs;
    m.state = next.state;
    m.partitions = new Map([...next.partitions].map(([t, ps]) => [t, new Set(ps)]));
    m.lastUpdateTimestamp = next.lastUpdateTimestamp;
    m.startTimestamp = next.startTimestamp;
    return ErrorCode.NONE;
  }

  private cancelTimer(m: TxnMetadata): void {
    if (m.timer !== null) this.host.clock.clearTimeout(m.timer);
    m.timer = null;
  }

  private armTimeout(m: TxnMetadata): void {
    this.cancelTimer(m);
    if (this.closed) return;
    const { producerId, producerEpoch } = m;
    const due = m.startTimestamp + m.timeoutMs - this.host.clock.now();
    m.timer = this.host.clock.setTimeout(() => {
      m.timer = null;
      if (this.closed || m.state !== TxnState.ONGOING || m.producerId !== producerId || m.producerEpoch !== producerEpoch) return;
      this.abortExpired(m, `it exceeded its timeout of ${m.timeoutMs} ms`);
    }, Math.max(0, due));
    m.timer.unref();
  }

  private abortExpired(m: TxnMetadata, why: string): void {
    this.host.log(`aborting transaction ${m.transactionalId} (producer id ${m.producerId}, epoch ${m.producerEpoch}): ${why}`);
    // Bumping the epoch fences the timed-out producer: its next request gets a fencing error.
    this.endTransaction(m, false, Math.min(m.producerEpoch + 1, MAX_EPOCH));
  }

  /**
   * Fault injection (faults/injector.ts): the ongoing transaction times out now, exactly as its
   * transaction.timeout.ms would make it. An error text when there is no ongoing transaction.
   */
  expire(transactionalId: string, why: string): { producerId: string; previousProducerEpoch: number; producerEpoch: number } | string {
    const m = this.txns.get(transactionalId);
    if (m === undefined) return `unknown transactional id ${transactionalId}`;
    if (m.state !== TxnState.ONGOING) return `transactional id ${transactionalId} has no ongoing transaction (it is ${m.stateName})`;
    const previousProducerEpoch = m.producerEpoch;
    this.abortExpired(m, why);
    return { producerId: String(m.producerId), previousProducerEpoch, producerEpoch: m.producerEpoch };
  }

  private scheduleMarkerRetry(m: TxnMetadata): void {
    this.cancelTimer(m);
    if (this.closed) return;
    m.timer = this.host.clock.setTimeout(() => {
      m.timer = null;
      if (!this.closed && (m.state === TxnState.PREPARE_COMMIT || m.state === TxnState.PREPARE_ABORT)) this.completeMarkers(m);
    }, MARKER_RETRY_MS);
    m.timer.unref();
  }

  /** Ongoing → PrepareX (with `epoch`), then markers, then CompleteX. */
  private endTransaction(m: TxnMetadata, commit: boolean, epoch: number): number {
    this.cancelTimer(m);
    const err = this.transition(m, this.valueOf(m, { state: commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT, producerEpoch: epoch }));
    if (err !== ErrorCode.NONE) return err;
    this.completeMarkers(m);
    return ErrorCode.NONE;
  }

  private completeMarkers(m: TxnMetadata): void {
    const commit = m.state === TxnState.PREPARE_COMMIT;
    const coordinatorEpoch = this.host.store.coordinatorEpoch(m.transactionalId);
    let ok: boolean;
    try {
      ok = this.host.writeMarkers(m.producerId, m.producerEpoch, commit, coordinatorEpoch, m.partitionList());
    } catch (err) {
      this.host.log(`writing transaction markers for ${m.transactionalId} failed: ${(err as Error).message}`);
      ok = false;
    }
    if (!ok) {
      this.scheduleMarkerRetry(m);
      return;
    }
    const err = this.transition(m, this.valueOf(m, { state: commit ? TxnState.COMPLETE_COMMIT : TxnState.COMPLETE_ABORT, partitions: new Map() }));
    if (err !== ErrorCode.NONE) this.scheduleMarkerRetry(m);
  }

  private validTimeout(ms: number): boolean {
    return ms > 0 && ms <= this.host.transactionMaxTimeoutMs;
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  /** InitProducerId: `transactionalId` null is an idempotent producer (a fresh id, epoch 0). */
  initProducerId(transactionalId: string | null, timeoutMs: number, expected: { producerId: bigint; producerEpoch: number } | null): InitProducerIdResult {
    const fail = (errorCode: number): InitProducerIdResult => ({ errorCode, producerId: NO_PRODUCER_ID, producerEpoch: NO_EPOCH });
    if (transactionalId === null) {
      try {
        return { errorCode: ErrorCode.NONE, producerId: this.host.allocateProducerId(), producerEpoch: 0 };
      } catch (err) {
        this.host.log(`could not allocate a producer id: ${(err as Error).message}`);
        return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      }
    }
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (!this.validTimeout(timeoutMs)) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    const now = this.host.clock.now();
    let m = this.txns.get(transactionalId);
    if (m === undefined) {
      let pid: bigint;
      try {
        pid = this.host.allocateProducerId();
      } catch (err) {
        this.host.log(`could not allocate a producer id: ${(err as Error).message}`);
        return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      }
      m = new TxnMetadata(transactionalId, pid, NO_EPOCH, timeoutMs, now);
      this.txns.set(transactionalId, m);
    }
    // KIP-360: a producer that names its current id/epoch may only continue with it.
    if (expected !== null) {
      const valid =
        m.producerEpoch === NO_EPOCH ||
        expected.producerId === m.producerId ||
        (expected.producerId === m.lastProducerId && isEpochExhausted(expected.producerEpoch));
      if (!valid) return fail(ErrorCode.PRODUCER_FENCED);
    }
    if (m.state === TxnState.PREPARE_COMMIT || m.state === TxnState.PREPARE_ABORT) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    if (m.state === TxnState.ONGOING) {
      // A new instance fences the old one: its open transaction is aborted under a bumped epoch.
      const err = this.endTransaction(m, false, Math.min(m.producerEpoch + 1, MAX_EPOCH));
      if (err !== ErrorCode.NONE) return fail(err);
      if ((m.state as TxnState) !== TxnState.COMPLETE_ABORT) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    }
    let producerId = m.producerId;
    let epoch: number;
    let lastEpoch: number;
    if (isEpochExhausted(m.producerEpoch) && (expected === null || expected.producerEpoch === m.producerEpoch)) {
      try {
        producerId = this.host.allocateProducerId();
      } catch (err) {
        this.host.log(`could not allocate a producer id: ${(err as Error).message}`);
        return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      }
      epoch = 0;
      lastEpoch = NO_EPOCH;
    } else {
      const bumped = m.producerEpoch === NO_EPOCH ? 0 : m.producerEpoch + 1;
      if (expected === null || m.producerEpoch === NO_EPOCH || expected.producerEpoch === m.producerEpoch) {
        epoch = bumped;
        lastEpoch = m.producerEpoch;
      } else if (expected.producerEpoch === m.lastProducerEpoch) {
        // A retry of a bump whose answer was lost: hand out the current epoch again.
        epoch = m.producerEpoch;
        lastEpoch = m.lastProducerEpoch;
      } else {
        return fail(ErrorCode.PRODUCER_FENCED);
      }
    }
    const previousId = m.producerId;
    const err = this.transition(m, this.valueOf(m, { producerId, producerEpoch: epoch, timeoutMs, state: TxnState.EMPTY, partitions: new Map(), startTimestamp: -1 }));
    if (err !== ErrorCode.NONE) return fail(err);
    if (producerId !== previousId) m.lastProducerId = previousId;
    m.lastProducerEpoch = lastEpoch;
    return { errorCode: ErrorCode.NONE, producerId, producerEpoch: epoch };
  }

  /** Common checks of AddPartitionsToTxn / AddOffsetsToTxn / EndTxn on the producer id and epoch. */
  private checkProducer(transactionalId: string, producerId: bigint, producerEpoch: number): TxnMetadata | number {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    const m = this.txns.get(transactionalId);
    if (m === undefined || m.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (m.producerEpoch !== producerEpoch) return ErrorCode.PRODUCER_FENCED;
    return m;
  }

  /** AddPartitionsToTxn (and AddOffsetsToTxn with the group's offsets partition): one error for all. */
  addPartitions(transactionalId: string, producerId: bigint, producerEpoch: number, partitions: readonly TopicPartitionRef[]): number {
    const m = this.checkProducer(transactionalId, producerId, producerEpoch);
    if (typeof m === 'number') return m;
    if (m.state === TxnState.PREPARE_COMMIT || m.state === TxnState.PREPARE_ABORT) return ErrorCode.CONCURRENT_TRANSACTIONS;
    if (m.state === TxnState.ONGOING && partitions.every((p) => m.has(p.topic, p.partition))) return ErrorCode.NONE;
    const next = this.valueOf(m, { state: TxnState.ONGOING });
    for (const p of partitions) {
      let list = next.partitions.get(p.topic);
      if (list === undefined) next.partitions.set(p.topic, (list = []));
      if (!list.includes(p.partition)) list.push(p.partition);
    }
    const starting = m.state !== TxnState.ONGOING;
    if (starting) next.startTimestamp = next.lastUpdateTimestamp;
    const err = this.transition(m, next);
    if (err !== ErrorCode.NONE) return err;
    if (starting) this.armTimeout(m);
    return ErrorCode.NONE;
  }

  /** EndTxn (classic flow): commit or abort the ongoing transaction; retries of a finished one succeed. */
  endTxn(transactionalId: string, producerId: bigint, producerEpoch: number, commit: boolean): number {
    const m = this.checkProducer(transactionalId, producerId, producerEpoch);
    if (typeof m === 'number') return m;
    switch (m.state) {
      case TxnState.ONGOING:
        return this.endTransaction(m, commit, m.producerEpoch);
      case TxnState.COMPLETE_COMMIT:
        return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case TxnState.COMPLETE_ABORT:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      case TxnState.PREPARE_COMMIT:
        return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
      case TxnState.PREPARE_ABORT:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
      case TxnState.EMPTY:
      case TxnState.DEAD:
      case TxnState.PREPARE_EPOCH_FENCE:
        return ErrorCode.INVALID_TXN_STATE;
    }
  }

  /**
   * Transaction verification for a write into a partition (a transactional produce, or the offsets
   * partition of a TxnOffsetCommit): the id must belong to the producer, the epoch be current, and
   * the partition be part of the ongoing transaction. Fencing comes back as INVALID_PRODUCER_EPOCH,
   * what Kafka's partition writers return; a partition not in the transaction as TRANSACTION_ABORTABLE.
   */
  verify(transactionalId: string | null, producerId: bigint, producerEpoch: number, topic: string, partition: number): number {
    const m = transactionalId === null ? this.byProducerId.get(producerId) : this.txns.get(transactionalId);
    if (m === undefined || m.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (m.producerEpoch !== producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (m.state === TxnState.PREPARE_COMMIT || m.state === TxnState.PREPARE_ABORT) return ErrorCode.CONCURRENT_TRANSACTIONS;
    if (m.state !== TxnState.ONGOING || !m.has(topic, partition)) return ErrorCode.TRANSACTION_ABORTABLE;
    return ErrorCode.NONE;
  }

  /** ListTransactions: every id except Dead, filtered by state names, producer ids, minimum age and an id pattern (whole id). */
  list(stateFilters: readonly string[], producerIdFilters: readonly bigint[], durationFilterMs: number, idPattern: RegExp | null = null): { unknownStateFilters: string[]; states: TxnMetadata[] } {
    const known = new Set(Object.values(TXN_STATE_NAMES));
    const unknownStateFilters = stateFilters.filter((s) => !known.has(s));
    const states = new Set(stateFilters);
    const pids = new Set(producerIdFilters);
    const now = this.host.clock.now();
    const out: TxnMetadata[] = [];
    for (const m of this.txns.values()) {
      if (m.state === TxnState.DEAD) continue;
      if (pids.size > 0 && !pids.has(m.producerId)) continue;
      if (states.size > 0 && !states.has(m.stateName)) continue;
      if (durationFilterMs >= 0 && now - m.startTimestamp <= durationFilterMs) continue;
      if (idPattern !== null && !idPattern.test(m.transactionalId)) continue;
      out.push(m);
    }
    return { unknownStateFilters, states: out };
  }
}
