// The admin calls kafka-transactions.sh makes, as Kafka's admin client makes them: ListTransactions
// to every broker, FindCoordinator + DescribeTransactions, DescribeProducers to the partition
// leader (or a chosen broker), WriteTxnMarkers to the leader to abort, Metadata for topics.
// Failures carry the text Java's exception would (`getMessage()`), as the tool prints it.
import type { BrokerConnection } from '../../client/native/connection.js';
import type { NativeClient } from '../../client/native/client.js';
import { clientApi } from '../../client/native/apis.js';
import { FindCoordinatorApi } from '../../client/native/apis/find-coordinator.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { javaMessage } from '../get-offsets/java-errors.js';
import { DescribeProducersApi as DescribeProducersSpec } from '../../protocol/generated/apis/describe-producers.js';
import { DescribeTransactionsApi as DescribeTransactionsSpec } from '../../protocol/generated/apis/describe-transactions.js';
import { ListTransactionsApi as ListTransactionsSpec } from '../../protocol/generated/apis/list-transactions.js';
import { WriteTxnMarkersApi as WriteTxnMarkersSpec } from '../../protocol/generated/apis/write-txn-markers.js';
import { InitProducerIdApi as InitProducerIdSpec } from '../../protocol/generated/apis/init-producer-id.js';
import { delay } from '../../client/native/client.js';

const LIST_TRANSACTIONS = clientApi(ListTransactionsSpec, 0, 2);
const DESCRIBE_TRANSACTIONS = clientApi(DescribeTransactionsSpec, 0, 0);
const DESCRIBE_PRODUCERS = clientApi(DescribeProducersSpec, 0, 0);
const WRITE_TXN_MARKERS = clientApi(WriteTxnMarkersSpec, 0, 1);
// v3+: producer id and epoch (-1: fence whoever holds the id).
const INIT_PRODUCER_ID = clientApi(InitProducerIdSpec, 3, 5);

/** A failure as the tool reports it: `message` is the Java exception's getMessage(). */
export class TxnAdminError extends Error {
  override readonly name = 'TxnAdminError';
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

// Java's getMessage() of the exception for a code: the broker's message, else Errors' default.
export { javaMessage };

export interface TransactionListing {
  transactionalId: string;
  producerId: bigint;
  state: string;
}

export interface TransactionDescription {
  coordinatorId: number;
  state: string;
  producerId: bigint;
  producerEpoch: number;
  transactionTimeoutMs: number;
  /** -1: no transaction in progress. */
  transactionStartTimeMs: bigint;
  topicPartitions: { topic: string; partition: number }[];
}

export interface ProducerState {
  producerId: bigint;
  producerEpoch: number;
  lastSequence: number;
  lastTimestamp: bigint;
  /** -1: none (Java's OptionalInt.empty). */
  coordinatorEpoch: number;
  /** -1: no open transaction. */
  currentTransactionStartOffset: bigint;
}

export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
}

export interface AbortSpec {
  topic: string;
  partition: number;
  producerId: bigint;
  producerEpoch: number;
  coordinatorEpoch: number;
}

/** AbortTransactionSpec.toString(). */
export function abortSpecText(s: AbortSpec): string {
  return `AbortTransactionSpec(topicPartition=${s.topic}-${s.partition}, producerId=${s.producerId}, producerEpoch=${s.producerEpoch}, coordinatorEpoch=${s.coordinatorEpoch})`;
}

export class TxnAdmin {
  private readonly client: NativeClient;

  constructor(client: NativeClient) {
    this.client = client;
  }

  /** Broker ids of the cluster, ascending. */
  async brokerIds(): Promise<number[]> {
    const meta = await this.client.metadata([]);
    return meta.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  }

  /** ListTransactions on every broker (allByBrokerId), in broker id order. */
  async listTransactions(opts: { durationFilterMs?: bigint; producerIds?: bigint[]; transactionalIdPattern?: string } = {}): Promise<Map<number, TransactionListing[]>> {
    const out = new Map<number, TransactionListing[]>();
    for (const id of await this.brokerIds()) {
      const conn = await this.client.nodeConnection(id);
      const v = conn.version(LIST_TRANSACTIONS);
      // ListTransactionsRequest.Builder refuses a filter the negotiated version lacks.
      if (opts.durationFilterMs !== undefined && opts.durationFilterMs >= 0n && v < 1) throw unsupportedField('DurationFilter', v, 1);
      if (opts.transactionalIdPattern !== undefined && v < 2) throw unsupportedField('TransactionalIdPattern', v, 2);
      const res = await conn.send(LIST_TRANSACTIONS, {
        stateFilters: [],
        producerIdFilters: opts.producerIds ?? [],
        durationFilter: opts.durationFilterMs ?? -1n,
        transactionalIdPattern: opts.transactionalIdPattern ?? null,
      });
      // ListTransactionsHandler: an error other than a coordinator loading or moving fails the call with this text.
      if (res.errorCode !== ErrorCode.NONE) throw new TxnAdminError(res.errorCode, `ListTransactions request sent to broker ${id} failed with an unexpected exception`);
      out.set(id, res.transactionStates.map((t) => ({ transactionalId: t.transactionalId, producerId: t.producerId, state: t.transactionState })));
    }
    return out;
  }

  private async transactionCoordinator(transactionalId: string): Promise<number> {
    const conn = await this.client.anyConnection();
    const v = conn.version(FindCoordinatorApi);
    const res = await conn.send(FindCoordinatorApi, { key: transactionalId, keyType: 1, coordinatorKeys: [transactionalId] });
    const c = v >= 4 ? res.coordinators[0] : { nodeId: res.nodeId, errorCode: res.errorCode, errorMessage: res.errorMessage };
    if (c === undefined) throw new TxnAdminError(ErrorCode.COORDINATOR_NOT_AVAILABLE, javaMessage(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (c.errorCode !== ErrorCode.NONE) throw new TxnAdminError(c.errorCode, javaMessage(c.errorCode, c.errorMessage));
    return c.nodeId;
  }

  /** DescribeTransactions at the id's coordinator; null when the id is unknown (TransactionalIdNotFoundException). */
  async describeTransaction(transactionalId: string): Promise<TransactionDescription | null> {
    const coordinatorId = await this.transactionCoordinator(transactionalId);
    const conn = await this.client.nodeConnection(coordinatorId);
    const res = await conn.send(DESCRIBE_TRANSACTIONS, { transactionalIds: [transactionalId] });
    const t = res.transactionStates[0];
    if (t === undefined) throw new TxnAdminError(ErrorCode.UNKNOWN_SERVER_ERROR, `No response for transactionalId \`${transactionalId}\``);
    if (t.errorCode === ErrorCode.TRANSACTIONAL_ID_NOT_FOUND) return null;
    if (t.errorCode === ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) {
      throw new TxnAdminError(t.errorCode, `DescribeTransactions request for transactionalId \`${transactionalId}\` failed due to authorization failure`);
    }
    if (t.errorCode !== ErrorCode.NONE) throw new TxnAdminError(t.errorCode, `DescribeTransactions request for transactionalId \`${transactionalId}\` failed due to unexpected error`);
    return {
      coordinatorId,
      state: t.transactionState,
      producerId: t.producerId,
      producerEpoch: t.producerEpoch,
      transactionTimeoutMs: t.transactionTimeoutMs,
      transactionStartTimeMs: t.transactionStartTimeMs,
      topicPartitions: t.topics.flatMap((x) => x.partitions.map((partition) => ({ topic: x.topic, partition }))),
    };
  }

  /** Topic names, internal ones included. */
  async listTopics(): Promise<string[]> {
    const meta = await this.client.metadata(null);
    return meta.topics.map((t) => t.name).filter((n): n is string => n !== null);
  }

  /** Partitions of each topic (Admin.describeTopics); an unknown topic fails as Kafka's does. */
  async describeTopics(topics: readonly string[]): Promise<Map<string, PartitionInfo[]>> {
    const meta = await this.client.metadata(topics);
    const out = new Map<string, PartitionInfo[]>();
    for (const t of meta.topics) {
      if (t.name === null) continue;
      if (t.errorCode !== ErrorCode.NONE) throw new TxnAdminError(t.errorCode, javaMessage(t.errorCode));
      out.set(t.name, t.partitions.map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, replicas: p.replicaNodes })).sort((a, b) => a.partition - b.partition));
    }
    return out;
  }

  private async leaderOf(topic: string, partition: number): Promise<number> {
    const meta = await this.client.metadata([topic]);
    const t = meta.topics.find((x) => x.name === topic);
    if (t === undefined || t.errorCode !== ErrorCode.NONE) throw new TxnAdminError(t?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, javaMessage(t?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    const p = t.partitions.find((x) => x.partitionIndex === partition);
    if (p === undefined || p.leaderId < 0) throw new TxnAdminError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, javaMessage(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    return p.leaderId;
  }

  /** DescribeProducers for partitions, each at its leader or at `brokerId`. */
  async describeProducers(partitions: readonly { topic: string; partition: number }[], brokerId?: number): Promise<Map<string, ProducerState[]>> {
    const byBroker = new Map<number, { topic: string; partition: number }[]>();
    for (const tp of partitions) {
      const id = brokerId ?? (await this.leaderOf(tp.topic, tp.partition));
      byBroker.set(id, [...(byBroker.get(id) ?? []), tp]);
    }
    const out = new Map<string, ProducerState[]>();
    for (const [id, tps] of byBroker) {
      const conn: BrokerConnection = await this.client.nodeConnection(id);
      const topics = new Map<string, number[]>();
      for (const tp of tps) topics.set(tp.topic, [...(topics.get(tp.topic) ?? []), tp.partition]);
      const res = await conn.send(DESCRIBE_PRODUCERS, { topics: [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes })) });
      for (const t of res.topics) {
        for (const p of t.partitions) {
          if (p.errorCode === ErrorCode.TOPIC_AUTHORIZATION_FAILED) throw new TxnAdminError(p.errorCode, `Failed to describe active producers for partition ${t.name}-${p.partitionIndex} on broker ${id} due to authorization failure on topic \`${t.name}\``);
          if (p.errorCode !== ErrorCode.NONE) throw new TxnAdminError(p.errorCode, javaMessage(p.errorCode, p.errorMessage));
          out.set(`${t.name}-${p.partitionIndex}`, p.activeProducers.map((a) => ({
            producerId: a.producerId,
            producerEpoch: a.producerEpoch,
            lastSequence: a.lastSequence,
            lastTimestamp: a.lastTimestamp,
            coordinatorEpoch: a.coordinatorEpoch,
            currentTransactionStartOffset: a.currentTxnStartOffset,
          })));
        }
      }
    }
    return out;
  }

  /** WriteTxnMarkers (ABORT) to the partition's leader, as Admin.abortTransaction sends it. */
  async abortTransaction(spec: AbortSpec): Promise<void> {
    const leader = await this.leaderOf(spec.topic, spec.partition);
    const conn = await this.client.nodeConnection(leader);
    const res = await conn.send(WRITE_TXN_MARKERS, {
      markers: [{ producerId: spec.producerId, producerEpoch: spec.producerEpoch, transactionResult: false, coordinatorEpoch: spec.coordinatorEpoch, topics: [{ name: spec.topic, partitionIndexes: [spec.partition] }] }],
    });
    const code = res.markers[0]?.topics[0]?.partitions[0]?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    if (code === ErrorCode.NONE) return;
    // AbortTransactionHandler's texts.
    const what = `WriteTxnMarkers request with ${abortSpecText(spec)}`;
    if (code === ErrorCode.CLUSTER_AUTHORIZATION_FAILED) throw new TxnAdminError(code, `${what} failed due to cluster authorization error`);
    if (code === ErrorCode.INVALID_PRODUCER_EPOCH) throw new TxnAdminError(code, `${what} failed due an invalid producer epoch`);
    if (code === ErrorCode.TRANSACTION_COORDINATOR_FENCED) throw new TxnAdminError(code, `${what} failed since the provided coordinator epoch ${spec.coordinatorEpoch} has been fenced by the active coordinator`);
    throw new TxnAdminError(code, `${what} failed due to unexpected error: ${javaMessage(code)}`);
  }

  /**
   * Admin.forceTerminateTransaction (FenceProducersHandler): InitProducerId for the id at its
   * coordinator, which bumps the epoch and aborts an ongoing transaction; retried while the
   * coordinator loads or a transaction is completing.
   */
  async forceTerminate(transactionalId: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const conn = await this.client.nodeConnection(await this.transactionCoordinator(transactionalId));
      const res = await conn.send(INIT_PRODUCER_ID, { transactionalId, transactionTimeoutMs: timeoutMs, producerId: -1n, producerEpoch: -1 });
      if (res.errorCode === ErrorCode.NONE) return;
      const retriable = res.errorCode === ErrorCode.CONCURRENT_TRANSACTIONS || res.errorCode === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS || res.errorCode === ErrorCode.NOT_COORDINATOR || res.errorCode === ErrorCode.COORDINATOR_NOT_AVAILABLE;
      if (!retriable || Date.now() >= deadline) throw new TxnAdminError(res.errorCode, javaMessage(res.errorCode));
      await delay(this.client.retryBackoffMs);
    }
  }
}

/** UnsupportedProtocolFieldException's message (the Java client's, for a field the broker's version lacks). */
function unsupportedField(field: string, version: number, since: number): TxnAdminError {
  return new TxnAdminError(
    ErrorCode.UNSUPPORTED_VERSION,
    `The cluster does not support [${field}] in LIST_TRANSACTIONS API version ${version}. Upgrade the cluster to LIST_TRANSACTIONS API version >= ${since} to enable [${field}].`,
  );
}
