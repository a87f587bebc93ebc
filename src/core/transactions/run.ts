// kafka-transactions.sh's five commands over TxnAdmin: each returns the table text Kafka prints
// and the same rows as JSON; a failure is a ToolFailure whose message is Kafka's stderr line
// (exit 1). Times come from `now` so tests and the parity bench can pin them.
import { javaHashMapOrder, topicPartitionOrder } from '../consumer-groups/java-order.js';
import { prettyTable } from './table.js';
import { TxnAdminError, abortSpecText, type AbortSpec, type ProducerState, type TxnAdmin } from './admin.js';
import { ToolFailure, type ToolResult } from './tool-result.js';

/** printErrorAndExit(message, cause): Kafka's wording around the exception's message. */
function failed(message: string, err: unknown): never {
  if (err instanceof TxnAdminError) throw new ToolFailure(`${message}: ${err.message}. Enable debug logging for additional detail.`);
  throw err;
}

function table(headers: readonly string[], rows: string[][]): ToolResult {
  return { text: prettyTable(headers, rows), json: rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))) };
}

export const LIST_HEADERS = ['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState'];
export const DESCRIBE_HEADERS = ['CoordinatorId', 'TransactionalId', 'ProducerId', 'ProducerEpoch', 'TransactionState', 'TransactionTimeoutMs', 'CurrentTransactionStartTimeMs', 'TransactionDurationMs', 'TopicPartitions'];
export const PRODUCERS_HEADERS = ['ProducerId', 'ProducerEpoch', 'LatestCoordinatorEpoch', 'LastSequence', 'LastTimestamp', 'CurrentTransactionStartOffset'];
export const HANGING_HEADERS = ['Topic', 'Partition', 'ProducerId', 'ProducerEpoch', 'CoordinatorEpoch', 'StartOffset', 'LastTimestamp', 'Duration(min)'];

export async function listTransactions(admin: TxnAdmin, filters: { durationFilterMs?: bigint; transactionalIdPattern?: string } = {}): Promise<ToolResult> {
  let byBroker;
  try {
    byBroker = await admin.listTransactions(filters);
  } catch (err) {
    failed('Failed to list transactions', err);
  }
  const rows: string[][] = [];
  for (const [broker, listings] of byBroker) for (const l of listings) rows.push([l.transactionalId, String(broker), String(l.producerId), l.state]);
  return table(LIST_HEADERS, rows);
}

export async function describeTransaction(admin: TxnAdmin, transactionalId: string, now: number): Promise<ToolResult> {
  let d;
  try {
    d = await admin.describeTransaction(transactionalId);
  } catch (err) {
    failed(`Failed to describe transaction state of transactional-id \`${transactionalId}\``, err);
  }
  if (d === null) {
    throw new ToolFailure(`Failed to describe transaction state of transactional-id \`${transactionalId}\`: DescribeTransactions request for transactionalId \`${transactionalId}\` failed because the ID could not be found. Enable debug logging for additional detail.`);
  }
  const started = d.transactionStartTimeMs >= 0n;
  // The description's topicPartitions is a HashSet<TopicPartition>: Kafka prints its iteration order.
  const tps = topicPartitionOrder(d.topicPartitions).map((tp) => `${tp.topic}-${tp.partition}`);
  return table(DESCRIBE_HEADERS, [
    [
      String(d.coordinatorId),
      transactionalId,
      String(d.producerId),
      String(d.producerEpoch),
      d.state,
      String(d.transactionTimeoutMs),
      started ? String(d.transactionStartTimeMs) : 'None',
      started ? String(BigInt(now) - d.transactionStartTimeMs) : 'None',
      tps.join(','),
    ],
  ]);
}

export async function describeProducers(admin: TxnAdmin, topic: string, partition: number, brokerId: number | undefined): Promise<ToolResult> {
  let states: ProducerState[];
  try {
    states = (await admin.describeProducers([{ topic, partition }], brokerId)).get(`${topic}-${partition}`) ?? [];
  } catch (err) {
    failed(`Failed to describe producers for partition ${topic}-${partition} on ${brokerId === undefined ? 'leader' : `broker ${brokerId}`}`, err);
  }
  return table(
    PRODUCERS_HEADERS,
    states.map((p) => [String(p.producerId), String(p.producerEpoch), String(p.coordinatorEpoch), String(p.lastSequence), String(p.lastTimestamp), p.currentTransactionStartOffset >= 0n ? String(p.currentTransactionStartOffset) : 'None']),
  );
}

export interface AbortOptions {
  topic: string;
  partition: number;
  startOffset?: bigint;
  producerId?: bigint;
  producerEpoch?: number;
  coordinatorEpoch?: number;
}

/** Prints nothing on success, as Kafka. */
export async function abortTransaction(admin: TxnAdmin, o: AbortOptions): Promise<ToolResult> {
  const tp = `${o.topic}-${o.partition}`;
  if (o.startOffset === undefined && o.producerId === undefined) {
    throw new ToolFailure('The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)');
  }
  let spec: AbortSpec;
  if (o.startOffset === undefined) {
    if (o.producerEpoch === undefined) throw new ToolFailure('Missing required argument --producer-epoch');
    if (o.coordinatorEpoch === undefined) throw new ToolFailure('Missing required argument --coordinator-epoch');
    // A transaction hanging before its first marker shows coordinator epoch -1; 0 is at most any real one.
    spec = { topic: o.topic, partition: o.partition, producerId: o.producerId ?? -1n, producerEpoch: o.producerEpoch, coordinatorEpoch: Math.max(0, o.coordinatorEpoch) };
  } else {
    let states: ProducerState[];
    try {
      states = (await admin.describeProducers([{ topic: o.topic, partition: o.partition }])).get(tp) ?? [];
    } catch (err) {
      failed(`Failed to validate producer state for partition ${tp}`, err);
    }
    const found = states.find((p) => p.currentTransactionStartOffset >= 0n && p.currentTransactionStartOffset === o.startOffset);
    if (found === undefined) throw new ToolFailure(`Could not find any open transactions starting at offset ${o.startOffset} on partition ${tp}`);
    spec = { topic: o.topic, partition: o.partition, producerId: found.producerId, producerEpoch: found.producerEpoch, coordinatorEpoch: Math.max(0, found.coordinatorEpoch) };
  }
  try {
    await admin.abortTransaction(spec);
  } catch (err) {
    failed(`Failed to abort transaction ${abortSpecText(spec)}`, err);
  }
  return { text: '', json: { aborted: { topic: o.topic, partition: o.partition, producerId: String(spec.producerId), producerEpoch: spec.producerEpoch, coordinatorEpoch: spec.coordinatorEpoch } } };
}

export interface FindHangingOptions {
  brokerId?: number;
  topic?: string;
  partition?: number;
  /** Minutes (default 15). */
  maxTransactionTimeout: number;
}

interface OpenTxn {
  topic: string;
  partition: number;
  state: ProducerState;
}

const longHash = (v: bigint): number => Number(BigInt.asIntN(32, v ^ (BigInt.asUintN(64, v) >> 32n)));

export async function findHanging(admin: TxnAdmin, o: FindHangingOptions, now: () => number): Promise<ToolResult> {
  if (o.topic === undefined && o.brokerId === undefined) throw new ToolFailure('The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search');
  if (o.partition !== undefined && o.topic === undefined) throw new ToolFailure('The --partition argument requires --topic to be provided');
  const maxMs = o.maxTransactionTimeout * 60_000;

  let partitions: { topic: string; partition: number }[];
  if (o.topic !== undefined && o.partition !== undefined) partitions = [{ topic: o.topic, partition: o.partition }];
  else {
    let topics: string[];
    if (o.topic !== undefined) topics = [o.topic];
    else {
      try {
        topics = await admin.listTopics();
      } catch (err) {
        failed('Failed to list topics', err);
      }
    }
    let described;
    try {
      described = await admin.describeTopics(topics);
    } catch (err) {
      failed(`Failed to describe ${topics.length} topics`, err);
    }
    partitions = [];
    // allTopicNames() is a HashMap<String, TopicDescription>.
    const names = javaHashMapOrder([...described.keys()], (n) => javaStringHashOf(n));
    for (const name of names) {
      for (const p of described.get(name) ?? []) if (o.brokerId === undefined || p.replicas.includes(o.brokerId)) partitions.push({ topic: name, partition: p.partition });
    }
  }

  const candidates: OpenTxn[] = [];
  for (let i = 0; i < partitions.length; i += 500) {
    const batch = partitions.slice(i, i + 500);
    let byPartition;
    try {
      byPartition = await admin.describeProducers(batch, o.brokerId);
    } catch (err) {
      failed(`Failed to describe producers for ${batch.length} partitions on broker ${o.brokerId === undefined ? 'Optional.empty' : `Optional[${o.brokerId}]`}`, err);
    }
    const t = now();
    for (const tp of topicPartitionOrder(batch)) {
      for (const state of byPartition.get(`${tp.topic}-${tp.partition}`) ?? []) {
        if (state.currentTransactionStartOffset >= 0n && t - Number(state.lastTimestamp) > maxMs) candidates.push({ ...tp, state });
      }
    }
  }

  const hanging: OpenTxn[] = [];
  if (candidates.length > 0) {
    const byPid = new Map<bigint, OpenTxn[]>();
    for (const c of candidates) byPid.set(c.state.producerId, [...(byPid.get(c.state.producerId) ?? []), c]);
    const pids = javaHashMapOrder([...byPid.keys()], longHash);
    const ids = new Map<bigint, string>();
    try {
      for (const listings of (await admin.listTransactions({ producerIds: pids })).values()) for (const l of listings) if (byPid.has(l.producerId)) ids.set(l.producerId, l.transactionalId);
    } catch (err) {
      failed(`Failed to list transactions for ${pids.length} producers`, err);
    }
    const descriptions = new Map<string, Awaited<ReturnType<TxnAdmin['describeTransaction']>>>();
    const wanted = [...new Set(ids.values())];
    try {
      for (const id of wanted) descriptions.set(id, await admin.describeTransaction(id));
    } catch (err) {
      failed(`Failed to describe ${wanted.length} transactions`, err);
    }
    for (const pid of pids) {
      const open = byPid.get(pid) ?? [];
      const id = ids.get(pid);
      const d = id === undefined ? null : (descriptions.get(id) ?? null);
      // Not hanging while the coordinator still has the partition in the transaction (it will write the marker).
      for (const c of open) if (d === null || !d.topicPartitions.some((tp) => tp.topic === c.topic && tp.partition === c.partition)) hanging.push(c);
    }
  }

  const t = now();
  return table(
    HANGING_HEADERS,
    hanging.map((h) => [
      h.topic,
      String(h.partition),
      String(h.state.producerId),
      String(h.state.producerEpoch),
      String(h.state.coordinatorEpoch),
      String(h.state.currentTransactionStartOffset),
      String(h.state.lastTimestamp),
      String(Math.floor((t - Number(h.state.lastTimestamp)) / 60_000)),
    ]),
  );
}

function javaStringHashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** forceTerminateTransaction: prints nothing on success, as Kafka. */
export async function forceTerminate(admin: TxnAdmin, transactionalId: string): Promise<ToolResult> {
  try {
    await admin.forceTerminate(transactionalId);
  } catch (err) {
    failed(`Failed to force terminate transactionalId \`${transactionalId}\``, err);
  }
  return { text: '', json: { terminated: transactionalId } };
}
