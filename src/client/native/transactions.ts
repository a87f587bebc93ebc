// The transactional side of the native producer, as Kafka's TransactionManager runs it for a
// classic (transaction.version 1) producer: FindCoordinator (TRANSACTION key type) for the
// transactional id, InitProducerId with the id and transaction.timeout.ms, AddPartitionsToTxn
// before a partition's first batch of each transaction, EndTxn to commit or abort. Errors as Kafka
// handles them: NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE look the coordinator up again,
// retriable codes (COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, ...) are retried after
// the backoff until max.block.ms, PRODUCER_FENCED / INVALID_PRODUCER_EPOCH make the producer
// fatally fenced (every later call fails with Kafka's "has been fenced" message), other produce
// failures inside a transaction make it abortable only.
import { ErrorCode, KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';
import { AddPartitionsToTxnApi } from './apis/add-partitions-to-txn.js';
import { EndTxnApi } from './apis/end-txn.js';
import { FindCoordinatorApi } from './apis/find-coordinator.js';
import { InitProducerIdApi } from './apis/init-producer-id.js';
import type { NativeClient } from './client.js';
import { delay } from './client.js';
import type { BrokerConnection } from './connection.js';
import { UnsupportedApiError } from './errors.js';

const KEY_TYPE_TRANSACTION = 1;
/** Kafka's ADD_PARTITIONS_RETRY_BACKOFF_MS: the first add of a transaction retries CONCURRENT_TRANSACTIONS sooner. */
const ADD_PARTITIONS_RETRY_BACKOFF_MS = 20;

export type TxnState = 'UNINITIALIZED' | 'INITIALIZING' | 'READY' | 'IN_TRANSACTION' | 'COMMITTING_TRANSACTION' | 'ABORTING_TRANSACTION' | 'ABORTABLE_ERROR' | 'FATAL_ERROR';

/**
 * A failure of a transactional operation, named as the Java producer names it: `javaClass` is the
 * exception's fully qualified class, `message` its message; `toString()` is Java's Throwable form.
 */
export class TransactionError extends Error {
  override readonly name = 'TransactionError';
  readonly javaClass: string;
  readonly code: number | undefined;

  constructor(javaClass: string, message: string, code?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.javaClass = javaClass;
    this.code = code;
  }

  override toString(): string {
    return `${this.javaClass}: ${this.message}`;
  }
}

const ERRORS = 'org.apache.kafka.common.errors.';

/** Kafka's Errors messages and exception classes for the codes a transactional producer reports. */
const JAVA: ReadonlyMap<number, readonly [string, string]> = new Map([
  [ErrorCode.PRODUCER_FENCED, ['ProducerFencedException', 'There is a newer producer with the same transactionalId which fences the current one.']],
  [ErrorCode.INVALID_PRODUCER_EPOCH, ['InvalidProducerEpochException', 'Producer attempted to produce with an old epoch.']],
  [ErrorCode.INVALID_TXN_STATE, ['InvalidTxnStateException', 'The producer attempted a transactional operation in an invalid state.']],
  [ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, ['TransactionalIdAuthorizationException', 'Transactional Id authorization failed.']],
  [ErrorCode.CLUSTER_AUTHORIZATION_FAILED, ['ClusterAuthorizationException', 'Cluster authorization failed.']],
  [ErrorCode.TOPIC_AUTHORIZATION_FAILED, ['TopicAuthorizationException', 'Topic authorization failed.']],
  [ErrorCode.INVALID_TRANSACTION_TIMEOUT, ['InvalidTxnTimeoutException', 'The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).']],
  [ErrorCode.UNKNOWN_PRODUCER_ID, ['UnknownProducerIdException', 'This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer\'s records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer\'s metadata is removed from the broker, and future appends by the producer will return this exception.']],
  [ErrorCode.TRANSACTION_ABORTABLE, ['TransactionAbortableException', 'The server encountered an error with the transaction. The client can abort the transaction to continue using this transactional ID.']],
]);

/** Kafka's `error.exception()` for a code: its class and default message (ours for codes not listed). */
export function javaError(code: number): TransactionError {
  const known = JAVA.get(code);
  if (known !== undefined) return new TransactionError(ERRORS + known[0], known[1], code);
  const info = errorInfo(code);
  const cls = info.name.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase());
  return new TransactionError(`${ERRORS}${cls}Exception`, info.message, code);
}

function kafkaException(message: string, cause?: unknown): TransactionError {
  return new TransactionError('org.apache.kafka.common.KafkaException', message, undefined, cause);
}

function illegalState(message: string): TransactionError {
  return new TransactionError('java.lang.IllegalStateException', message);
}

const isFencing = (code: number): boolean => code === ErrorCode.PRODUCER_FENCED || code === ErrorCode.INVALID_PRODUCER_EPOCH;
const lostCoordinator = (code: number): boolean => code === ErrorCode.NOT_COORDINATOR || code === ErrorCode.COORDINATOR_NOT_AVAILABLE;

export interface TransactionManagerOptions {
  transactionalId: string;
  /** transaction.timeout.ms. */
  transactionTimeoutMs: number;
  /** max.block.ms: how long initTransactions/commit/abort wait for the coordinator. */
  maxBlockMs: number;
  retryBackoffMs: number;
}

/** What retry() makes of one answer: done, look the coordinator up again, retry, or fail. */
type Verdict<T> = { done: T } | { retry: 'coordinator' | 'backoff'; backoffMs?: number } | { fail: TransactionError; fatal: boolean };

export class TransactionManager {
  readonly transactionalId: string;
  private readonly client: NativeClient;
  private readonly opts: TransactionManagerOptions;
  private coordinator: Promise<BrokerConnection> | null = null;
  state: TxnState = 'UNINITIALIZED';
  producerId = -1n;
  producerEpoch = -1;
  /** The error that put the producer in ABORTABLE_ERROR or FATAL_ERROR. */
  lastError: TransactionError | null = null;

  constructor(client: NativeClient, opts: TransactionManagerOptions) {
    this.client = client;
    this.opts = opts;
    this.transactionalId = opts.transactionalId;
  }

  private get idAndEpoch(): string {
    return `(producerId=${this.producerId}, epoch=${this.producerEpoch})`;
  }

  /** Kafka's maybeFailWithError: a producer in an error state refuses every transactional call. */
  failIfInError(): void {
    const e = this.lastError;
    if (e === null) return;
    if (e.code === ErrorCode.PRODUCER_FENCED) {
      throw new TransactionError(`${ERRORS}ProducerFencedException`, `Producer with transactionalId '${this.transactionalId}' and ${this.idAndEpoch} has been fenced by another producer with the same transactionalId`, e.code);
    }
    if (e.code === ErrorCode.INVALID_PRODUCER_EPOCH) {
      throw new TransactionError(`${ERRORS}InvalidProducerEpochException`, `Producer with transactionalId '${this.transactionalId}' and ${this.idAndEpoch} attempted to produce with an old epoch`, e.code);
    }
    throw kafkaException('Cannot execute transactional method because we are in an error state', e);
  }

  fatal(err: TransactionError): TransactionError {
    this.state = 'FATAL_ERROR';
    this.lastError = err;
    return err;
  }

  /** A produce failure inside a transaction: fencing is fatal, anything else makes it abortable. */
  batchFailed(err: Error): void {
    if (this.state === 'FATAL_ERROR') return;
    const code = err instanceof KafkaProtocolError ? err.code : err instanceof TransactionError ? err.code : undefined;
    if (code !== undefined && isFencing(code)) {
      this.fatal(javaError(ErrorCode.PRODUCER_FENCED));
      return;
    }
    if (code === ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED || code === ErrorCode.CLUSTER_AUTHORIZATION_FAILED) {
      this.fatal(javaError(code));
      return;
    }
    this.state = 'ABORTABLE_ERROR';
    this.lastError = err instanceof TransactionError ? err : kafkaException(err.message, err);
  }

  async initTransactions(): Promise<void> {
    if (this.state !== 'UNINITIALIZED') {
      this.failIfInError();
      throw illegalState(`Invalid transition attempted from state ${this.state} to state INITIALIZING`);
    }
    this.state = 'INITIALIZING';
    try {
      const res = await this.retry('InitProducerId', async (conn) => {
        const r = await conn.send(InitProducerIdApi, { transactionalId: this.transactionalId, transactionTimeoutMs: this.opts.transactionTimeoutMs, producerId: -1n, producerEpoch: -1 });
        const code = r.errorCode;
        if (code === ErrorCode.NONE) return { done: r };
        if (lostCoordinator(code)) return { retry: 'coordinator' };
        if (errorInfo(code).retriable) return { retry: 'backoff' };
        if (isFencing(code)) return { fail: javaError(ErrorCode.PRODUCER_FENCED), fatal: true };
        if (code === ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED || code === ErrorCode.CLUSTER_AUTHORIZATION_FAILED) return { fail: javaError(code), fatal: true };
        return { fail: kafkaException(`Unexpected error in InitProducerIdResponse; ${javaError(code).message}`), fatal: true };
      });
      this.producerId = res.producerId;
      this.producerEpoch = res.producerEpoch;
      this.state = 'READY';
      this.lastError = null;
    } catch (err) {
      if (this.state === 'INITIALIZING') this.state = 'UNINITIALIZED';
      throw err;
    }
  }

  /**
   * KIP-360: after aborting a transaction in which a batch failed, InitProducerId with the current
   * id and epoch bumps the epoch, so the partitions' sequences can start again at 0 (a rejected
   * batch left a gap the broker would refuse as OUT_OF_ORDER_SEQUENCE_NUMBER). Needs
   * InitProducerId v3+; returns false when the coordinator is older.
   */
  async bumpEpoch(): Promise<boolean> {
    const conn = await this.coordinatorConnection();
    if ((conn.supportedVersion(InitProducerIdApi.apiKey) ?? -1) < 3) return false;
    const res = await this.retry('InitProducerId', async (c) => {
      const r = await c.send(InitProducerIdApi, { transactionalId: this.transactionalId, transactionTimeoutMs: this.opts.transactionTimeoutMs, producerId: this.producerId, producerEpoch: this.producerEpoch });
      const code = r.errorCode;
      if (code === ErrorCode.NONE) return { done: r };
      if (lostCoordinator(code)) return { retry: 'coordinator' };
      if (errorInfo(code).retriable) return { retry: 'backoff' };
      if (isFencing(code)) return { fail: javaError(ErrorCode.PRODUCER_FENCED), fatal: true };
      return { fail: kafkaException(`Unexpected error in InitProducerIdResponse; ${javaError(code).message}`), fatal: true };
    });
    this.producerId = res.producerId;
    this.producerEpoch = res.producerEpoch;
    return true;
  }

  beginTransaction(): void {
    this.failIfInError();
    if (this.state !== 'READY') throw illegalState(this.state === 'UNINITIALIZED' ? 'Cannot perform transactional operation before completing a call to initTransactions' : `Invalid transition attempted from state ${this.state} to state IN_TRANSACTION`);
    this.state = 'IN_TRANSACTION';
  }

  /** Kafka's maybeAddPartition check, made by send(). */
  checkCanSend(topic: string, partition: number): void {
    if (this.state === 'IN_TRANSACTION') return;
    this.failIfInError();
    if (this.producerId < 0n) throw illegalState(`Cannot add partition ${topic}-${partition} to transaction before completing a call to initTransactions`);
    throw illegalState(`Cannot add partition ${topic}-${partition} to transaction while in state  ${this.state}`);
  }

  /** AddPartitionsToTxn for these partitions of `topic` (all or nothing, as Kafka sends them). */
  async addPartitions(topic: string, partitions: readonly number[], firstOfTransaction: boolean): Promise<void> {
    await this.retry('AddPartitionsToTxn', async (conn) => {
      const r = await conn.send(AddPartitionsToTxnApi, {
        transactions: [],
        v3AndBelowTransactionalId: this.transactionalId,
        v3AndBelowProducerId: this.producerId,
        v3AndBelowProducerEpoch: this.producerEpoch,
        v3AndBelowTopics: [{ name: topic, partitions: [...partitions] }],
      });
      const results = r.resultsByTopicV3AndBelow.flatMap((t) => t.resultsByPartition.map((p) => ({ topic: t.name, partition: p.partitionIndex, code: p.partitionErrorCode })));
      let partitionErrors = false;
      for (const { code } of results) {
        if (code === ErrorCode.NONE) continue;
        if (lostCoordinator(code)) return { retry: 'coordinator' };
        if (code === ErrorCode.CONCURRENT_TRANSACTIONS) return firstOfTransaction ? { retry: 'backoff', backoffMs: ADD_PARTITIONS_RETRY_BACKOFF_MS } : { retry: 'backoff' };
        if (errorInfo(code).retriable) return { retry: 'backoff' };
        if (isFencing(code)) return { fail: javaError(ErrorCode.PRODUCER_FENCED), fatal: true };
        if (code === ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED || code === ErrorCode.INVALID_TXN_STATE) return { fail: javaError(code), fatal: true };
        if (code === ErrorCode.TOPIC_AUTHORIZATION_FAILED) return { fail: new TransactionError(`${ERRORS}TopicAuthorizationException`, `Not authorized to access topics: [${topic}]`, code), fatal: false };
        if (code === ErrorCode.UNKNOWN_PRODUCER_ID || code === ErrorCode.TRANSACTION_ABORTABLE) return { fail: javaError(code), fatal: false };
        partitionErrors = true;
      }
      if (partitionErrors || results.length === 0) {
        const list = results.map((x) => `${x.topic}-${x.partition}=${errorInfo(x.code).name}`).join(', ');
        return { fail: kafkaException(`Could not add partitions to transaction due to errors: {${list}}`), fatal: false };
      }
      return { done: undefined };
    });
  }

  /** EndTxn (commit or abort) of a transaction that added partitions. */
  async endTxn(commit: boolean): Promise<void> {
    await this.retry(`EndTxn(${commit})`, async (conn) => {
      const r = await conn.send(EndTxnApi, { transactionalId: this.transactionalId, producerId: this.producerId, producerEpoch: this.producerEpoch, committed: commit });
      const code = r.errorCode;
      if (code === ErrorCode.NONE) return { done: undefined };
      if (lostCoordinator(code)) return { retry: 'coordinator' };
      if (errorInfo(code).retriable) return { retry: 'backoff' };
      if (isFencing(code)) return { fail: javaError(ErrorCode.PRODUCER_FENCED), fatal: true };
      if (code === ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED || code === ErrorCode.INVALID_TXN_STATE) return { fail: javaError(code), fatal: true };
      if (code === ErrorCode.UNKNOWN_PRODUCER_ID || code === ErrorCode.TRANSACTION_ABORTABLE) return { fail: javaError(code), fatal: false };
      return { fail: kafkaException(`Unhandled error in EndTxnResponse: ${javaError(code).message}`), fatal: true };
    });
  }

  /**
   * Sends `op` to the transaction coordinator until it is done, fails, or max.block.ms passes
   * (Kafka's TimeoutException "Timeout expired after Nms while awaiting <op>"). A lost
   * connection or coordinator means a new FindCoordinator.
   */
  private async retry<T>(op: string, attempt: (conn: BrokerConnection) => Promise<Verdict<T>>): Promise<T> {
    const deadline = Date.now() + this.opts.maxBlockMs;
    for (;;) {
      let verdict: Verdict<T>;
      try {
        verdict = await attempt(await this.coordinatorConnection());
      } catch (err) {
        if (err instanceof TransactionError) throw err.code !== undefined && isFencing(err.code) ? this.fatal(err) : err;
        if (err instanceof UnsupportedApiError) throw this.fatal(new TransactionError(`${ERRORS}UnsupportedVersionException`, err.message));
        // Connection lost or the lookup failed: look the coordinator up again.
        this.coordinator = null;
        verdict = { retry: 'backoff' };
        if (Date.now() >= deadline) throw new TransactionError(`${ERRORS}TimeoutException`, `Timeout expired after ${this.opts.maxBlockMs}ms while awaiting ${op}`, undefined, err);
      }
      if ('done' in verdict) return verdict.done;
      if ('fail' in verdict) {
        if (verdict.fatal) throw this.fatal(verdict.fail);
        this.state = 'ABORTABLE_ERROR';
        this.lastError = verdict.fail;
        throw verdict.fail;
      }
      if (verdict.retry === 'coordinator') this.coordinator = null;
      if (Date.now() >= deadline) throw new TransactionError(`${ERRORS}TimeoutException`, `Timeout expired after ${this.opts.maxBlockMs}ms while awaiting ${op}`);
      await delay(Math.min(verdict.backoffMs ?? this.opts.retryBackoffMs, Math.max(0, deadline - Date.now())));
    }
  }

  private coordinatorConnection(): Promise<BrokerConnection> {
    if (this.coordinator === null) {
      const p = this.findCoordinator();
      this.coordinator = p;
      p.catch(() => {
        if (this.coordinator === p) this.coordinator = null;
      });
    }
    return this.coordinator;
  }

  private async findCoordinator(): Promise<BrokerConnection> {
    const any = await this.client.anyConnection();
    const version = any.version(FindCoordinatorApi);
    const res = await any.send(FindCoordinatorApi, { key: this.transactionalId, keyType: KEY_TYPE_TRANSACTION, coordinatorKeys: [this.transactionalId] });
    const c = version >= 4 ? res.coordinators[0] : { errorCode: res.errorCode, errorMessage: res.errorMessage, nodeId: res.nodeId, host: res.host, port: res.port };
    const code = c?.errorCode ?? ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (code === ErrorCode.NONE && c !== undefined) {
      try {
        return await this.client.nodeConnection(c.nodeId);
      } catch {
        return this.client.openConnection({ host: c.host, port: c.port });
      }
    }
    if (code === ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) throw this.fatal(javaError(code));
    // Retriable (COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS, ...): the caller backs off.
    throw new KafkaProtocolError(code, `FindCoordinator for transactional id ${this.transactionalId}: ${c?.errorMessage ?? errorInfo(code).message}`);
  }
}
