// The five actions of kafka-reassign-partitions.sh (ReassignPartitionsCommand), printing what Kafka
// prints in the order it prints it. Throttles are topic and broker configs set and cleared with
// IncrementalAlterConfigs, as Kafka does. Log-dir moves (log_dirs other than "any") are not
// supported: they need AlterReplicaLogDirs / DescribeLogDirs replica states.
import type { NativeClient } from '../../client/native/client.js';
import { javaHashMapOrder, stringKeyOrder } from '../consumer-groups/java-order.js';
import { assignReplicasToBrokers, type BrokerMeta, type Random, mathRandom } from './assign.js';
import {
  checkExecuteEntries,
  compareTopicPartitions,
  formatReassignmentJson,
  parseGenerateArgs,
  parseReassignment,
  ReassignInputError,
  tpString,
  type ReassignmentEntry,
  type TopicPartition,
} from './options.js';
import {
  alterReassignments,
  clusterBrokers,
  CONFIG_BROKER,
  CONFIG_TOPIC,
  describeTopics,
  incrementalAlterConfigs,
  javaExceptionString,
  listReassignments,
  OP_DELETE,
  OP_SET,
  type OngoingReassignment,
  type TopicReplicas,
  replicaKey,
  replicaLogDirs,
} from './wire.js';

/**
 * How the command ended badly: `terse` failures print their message alone (Kafka's TerseException),
 * the others as "Error: <message>" (Kafka adds a stack trace there, which we leave out).
 */
export class ReassignFailure extends Error {
  override readonly name = 'ReassignFailure';
  readonly terse: boolean;
  constructor(message: string, terse: boolean) {
    super(message);
    this.terse = terse;
  }
}

export interface Out {
  /** Text for stdout, exactly as Kafka prints it. */
  print(text: string): void;
}

const LEADER_RATE = 'leader.replication.throttled.rate';
const FOLLOWER_RATE = 'follower.replication.throttled.rate';
const LOG_DIRS_RATE = 'replica.alter.log.dirs.io.max.bytes.per.second';
const LEADER_REPLICAS = 'leader.replication.throttled.replicas';
const FOLLOWER_REPLICAS = 'follower.replication.throttled.replicas';

const CANNOT_EXECUTE =
  'Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.';
const VERIFY_PERIODICALLY = 'Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.';

function input<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ReassignInputError) throw new ReassignFailure(err.message, false);
    throw err;
  }
}

function unsupportedLogDirs(entries: readonly ReassignmentEntry[]): void {
  if (entries.some((e) => e.logDirs.some((d) => d !== 'any'))) {
    throw new ReassignFailure('tkafka does not move replicas between log directories: use "any" in log_dirs', false);
  }
}

/** Current replicas of the topics; a missing topic fails as Kafka's describeTopics does. */
async function replicasOfTopics(client: NativeClient, topics: readonly string[]): Promise<Map<string, Map<number, number[]>>> {
  const described = await describeTopics(client, topics);
  const out = new Map<string, Map<number, number[]>>();
  for (const topic of new Set(topics)) {
    const t = described.get(topic);
    if (t === undefined || t.errorCode !== 0) {
      if (t !== undefined && t.errorCode !== 3) throw new ReassignFailure(javaExceptionString(t.errorCode, null), false);
      throw new ReassignFailure(`org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic ${topic} not found.`, false);
    }
    out.set(topic, new Map(t.partitions.map((p) => [p.partition, p.replicas])));
  }
  return out;
}

/** getReplicaToLogDir: each assignment's replicas with their current log dir ("any" where unknown or the broker is gone). */
async function withLogDirs(client: NativeClient, parts: ReadonlyArray<TopicPartition & { replicas: number[] }>): Promise<Array<TopicPartition & { replicas: number[]; logDirs: string[] }>> {
  const live = new Set((await clusterBrokers(client)).map((b) => b.id));
  const replicas = parts.flatMap((p) => p.replicas.filter((b) => live.has(b)).map((broker) => ({ topic: p.topic, partition: p.partition, broker })));
  const dirs = replicas.length === 0 ? new Map<string, string>() : await replicaLogDirs(client, replicas);
  return parts.map((p) => ({ ...p, logDirs: p.replicas.map((broker) => dirs.get(replicaKey({ topic: p.topic, partition: p.partition, broker })) ?? 'any') }));
}

// ---------------------------------------------------------------------------------------------
// --generate

export interface GenerateResult {
  current: Array<TopicPartition & { replicas: number[] }>;
  proposed: Array<TopicPartition & { replicas: number[] }>;
}

export async function generate(client: NativeClient, topicsJson: string, brokerList: string, rackAware: boolean, out: Out, random: Random = mathRandom): Promise<GenerateResult> {
  const { brokers, topics } = input(() => parseGenerateArgs(topicsJson, brokerList));
  const replicas = await replicasOfTopics(client, topics);
  const current: GenerateResult['current'] = [];
  for (const [topic, parts] of replicas) for (const [partition, r] of parts) current.push({ topic, partition, replicas: r });
  const wanted = new Set(brokers);
  const metas: BrokerMeta[] = (await clusterBrokers(client)).filter((b) => wanted.has(b.id)).map((b) => ({ id: b.id, rack: rackAware ? b.rack : null }));
  const rackless = metas.filter((m) => m.rack === null).length;
  if (rackAware && rackless !== 0 && rackless !== metas.length) {
    throw new ReassignFailure('Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information.', false);
  }
  const proposed: GenerateResult['proposed'] = [];
  for (const [topic, parts] of replicas) {
    const first = [...parts.values()][0] ?? [];
    const assigned = input(() => assignReplicasToBrokers(metas, parts.size, first.length, random));
    for (const [partition, r] of assigned) proposed.push({ topic, partition, replicas: r });
  }
  out.print(`Current partition replica assignment\n${formatReassignmentJson(await withLogDirs(client, current))}\n\n`);
  out.print(`Proposed partition reassignment configuration\n${formatReassignmentJson(proposed)}\n`);
  return { current, proposed };
}

// ---------------------------------------------------------------------------------------------
// --execute

interface PartitionMove {
  sources: Set<number>;
  destinations: Set<number>;
}

type MoveMap = Map<string, Map<number, PartitionMove>>;

function currentMoveMap(ongoing: readonly OngoingReassignment[]): MoveMap {
  const map: MoveMap = new Map();
  for (const r of ongoing) {
    const sources = new Set(r.replicas.filter((x) => !r.addingReplicas.includes(x)));
    const moves = map.get(r.topic) ?? new Map<number, PartitionMove>();
    moves.set(r.partition, { sources, destinations: new Set(r.addingReplicas) });
    map.set(r.topic, moves);
  }
  return map;
}

function proposedMoveMap(ongoing: readonly OngoingReassignment[], proposed: readonly ReassignmentEntry[], current: Map<string, number[]>): MoveMap {
  const map = currentMoveMap(ongoing);
  for (const p of proposed) {
    const moves = map.get(p.topic) ?? new Map<number, PartitionMove>();
    map.set(p.topic, moves);
    const existing = moves.get(p.partition);
    const sources = new Set(existing !== undefined ? existing.sources : (current.get(tpString(p)) ?? []));
    moves.set(p.partition, { sources, destinations: new Set(p.replicas.filter((r) => !sources.has(r))) });
  }
  return map;
}

/** calculateLeaderThrottles / calculateFollowerThrottles: "partition:broker" in a TreeSet<String> (string order). */
function throttleList(moves: Map<number, PartitionMove>, pick: (partition: number, m: PartitionMove) => number[]): string {
  const items = new Set<string>();
  for (const [partition, m] of moves) for (const b of pick(partition, m)) items.add(`${partition}:${b}`);
  return [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',');
}

async function setReassignmentThrottle(client: NativeClient, moveMap: MoveMap, throttle: bigint, out: Out): Promise<void> {
  const topicChanges = [...moveMap].map(([topic, moves]) => ({
    resourceType: CONFIG_TOPIC,
    resourceName: topic,
    configs: [
      { name: LEADER_REPLICAS, op: OP_SET, value: throttleList(moves, (_p, m) => [...m.sources]) },
      { name: FOLLOWER_REPLICAS, op: OP_SET, value: throttleList(moves, (_p, m) => [...m.destinations].filter((d) => !m.sources.has(d))) },
    ],
  }));
  await incrementalAlterConfigs(client, topicChanges);
  const brokers = new Set<number>();
  for (const moves of moveMap.values()) for (const m of moves.values()) for (const b of [...m.sources, ...m.destinations]) brokers.add(b);
  const value = throttle.toString();
  await incrementalAlterConfigs(
    client,
    [...brokers].sort((a, b) => a - b).map((id) => ({ resourceType: CONFIG_BROKER, resourceName: String(id), configs: [{ name: LEADER_RATE, op: OP_SET, value }, { name: FOLLOWER_RATE, op: OP_SET, value }] })),
  );
  out.print(`The inter-broker throttle limit was set to ${value} B/s\n`);
}

async function verifyBrokerIds(client: NativeClient, brokers: Iterable<number>): Promise<void> {
  const known = new Set((await clusterBrokers(client)).map((b) => b.id));
  const unknown = javaHashMapOrder([...new Set(brokers)], (id) => id).find((id) => !known.has(id));
  if (unknown !== undefined) throw new ReassignFailure(`Unknown broker id ${unknown}`, false);
}

export async function execute(
  client: NativeClient,
  reassignmentJson: string,
  opts: { additional: boolean; interBrokerThrottle: bigint; logDirThrottle: bigint },
  out: Out,
): Promise<TopicPartition[]> {
  const proposed = input(() => {
    const entries = parseReassignment(reassignmentJson);
    checkExecuteEntries(entries);
    return entries;
  });
  unsupportedLogDirs(proposed);
  const ongoing = await listReassignments(client);
  if (!opts.additional && ongoing.length > 0) throw new ReassignFailure(CANNOT_EXECUTE, true);
  await verifyBrokerIds(client, proposed.flatMap((p) => p.replicas));

  const replicas = await replicasOfTopics(client, proposed.map((p) => p.topic));
  const current = new Map<string, number[]>();
  const missing: TopicPartition[] = [];
  for (const p of proposed) {
    const r = replicas.get(p.topic)?.get(p.partition);
    if (r === undefined) missing.push(p);
    else current.set(tpString(p), r);
  }
  if (missing.length > 0) throw new ReassignFailure(`org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Unable to find partition: ${missing.map(tpString).join(', ')}`, false);

  const currentList = proposed.map((p) => ({ topic: p.topic, partition: p.partition, replicas: current.get(tpString(p)) ?? [] }));
  out.print(`Current partition replica assignment\n\n${formatReassignmentJson(await withLogDirs(client, currentList))}\n\nSave this to use as the --reassignment-json-file option during rollback\n`);

  if (opts.interBrokerThrottle >= 0n || opts.logDirThrottle >= 0n) {
    out.print(`${VERIFY_PERIODICALLY}\n`);
    if (opts.interBrokerThrottle >= 0n) await setReassignmentThrottle(client, proposedMoveMap(ongoing, proposed, current), opts.interBrokerThrottle, out);
    // No log-dir moves (log_dirs "any" only): Kafka sets the log-dir throttle on no broker then.
    if (opts.logDirThrottle >= 0n) out.print(`The replica-alter-dir throttle limit was set to ${opts.logDirThrottle} B/s\n`);
  }

  const errors = await alterReassignments(client, proposed.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.replicas })));
  if (errors.length > 0) {
    const lines = [...errors].sort(compareTopicPartitions).map((e) => `${tpString(e)}: ${e.message}`);
    throw new ReassignFailure(`Error reassigning partition(s):\n${lines.join('\n')}`, true);
  }
  const parts = proposed.map((p) => ({ topic: p.topic, partition: p.partition })).sort(compareTopicPartitions);
  out.print(`Successfully started partition reassignment${parts.length === 1 ? '' : 's'} for ${parts.map(tpString).join(',')}\n`);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// --verify, --cancel: throttles cleared when done

async function clearAllThrottles(client: NativeClient, targets: readonly ReassignmentEntry[], out: Out): Promise<void> {
  const ids = (await clusterBrokers(client)).map((b) => b.id);
  const brokers = javaHashMapOrder([...new Set([...ids, ...targets.flatMap((t) => t.replicas)])], (id) => id);
  out.print(`Clearing broker-level throttles on broker${brokers.length === 1 ? '' : 's'} ${brokers.join(',')}\n`);
  await incrementalAlterConfigs(
    client,
    brokers.map((id) => ({ resourceType: CONFIG_BROKER, resourceName: String(id), configs: [LEADER_RATE, FOLLOWER_RATE, LOG_DIRS_RATE].map((name) => ({ name, op: OP_DELETE, value: null })) })),
  );
  const topics = stringKeyOrder([...new Set(targets.map((t) => t.topic))], (t) => t);
  out.print(`Clearing topic-level throttles on topic${topics.length === 1 ? '' : 's'} ${topics.join(',')}\n`);
  await incrementalAlterConfigs(
    client,
    topics.map((topic) => ({ resourceType: CONFIG_TOPIC, resourceName: topic, configs: [LEADER_REPLICAS, FOLLOWER_REPLICAS].map((name) => ({ name, op: OP_DELETE, value: null })) })),
  );
}

export interface PartitionState extends TopicPartition {
  currentReplicas: number[];
  targetReplicas: number[];
  done: boolean;
}

export interface VerifyResult {
  partitions: PartitionState[];
  /** True while any reassignment (even one not in the file) is in progress. */
  ongoing: boolean;
}

export async function verify(client: NativeClient, reassignmentJson: string, preserveThrottles: boolean, out: Out): Promise<VerifyResult> {
  const targets = input(() => parseReassignment(reassignmentJson));
  unsupportedLogDirs(targets);
  const ongoing = await listReassignments(client);
  const byKey = new Map(ongoing.map((r) => [tpString(r), r]));
  const notFound = targets.filter((t) => !byKey.has(tpString(t)));
  const described = notFound.length === 0 ? new Map<string, TopicReplicas>() : await describeTopics(client, notFound.map((t) => t.topic));
  const states: PartitionState[] = targets.map((t) => {
    const active = byKey.get(tpString(t));
    if (active !== undefined) return { topic: t.topic, partition: t.partition, currentReplicas: active.replicas, targetReplicas: t.replicas, done: false };
    const topic = described.get(t.topic);
    const replicas = topic !== undefined && topic.errorCode === 0 ? (topic.partitions.find((p) => p.partition === t.partition)?.replicas ?? []) : [];
    return { topic: t.topic, partition: t.partition, currentReplicas: replicas, targetReplicas: t.replicas, done: true };
  });
  const unique = new Map(states.map((s) => [tpString(s), s]));
  const lines = ['Status of partition reassignment:'];
  for (const s of [...unique.values()].sort(compareTopicPartitions)) {
    if (!s.done) lines.push(`Reassignment of partition ${tpString(s)} is still in progress.`);
    else if (s.currentReplicas.join(',') === s.targetReplicas.join(',')) lines.push(`Reassignment of partition ${tpString(s)} is completed.`);
    else lines.push(`There is no active reassignment of partition ${tpString(s)}, but replica set is ${s.currentReplicas.join(',')} rather than ${s.targetReplicas.join(',')}.`);
  }
  out.print(`${lines.join('\n')}\n`);
  // The (empty) replica log-dir move report.
  out.print('\n');
  if (ongoing.length === 0 && !preserveThrottles) await clearAllThrottles(client, targets, out);
  return { partitions: [...unique.values()].sort(compareTopicPartitions), ongoing: ongoing.length > 0 };
}

export async function cancel(client: NativeClient, reassignmentJson: string, preserveThrottles: boolean, out: Out): Promise<TopicPartition[]> {
  const targets = input(() => parseReassignment(reassignmentJson));
  unsupportedLogDirs(targets);
  const ongoing = await listReassignments(client, targets);
  const cancelling = ongoing.filter((r) => r.addingReplicas.length === 0 || r.removingReplicas.length > 0).map((r) => ({ topic: r.topic, partition: r.partition }));
  if (cancelling.length > 0) {
    const errors = await alterReassignments(client, cancelling.map((c) => ({ ...c, replicas: null })));
    if (errors.length > 0) {
      const lines = [...errors].sort(compareTopicPartitions).map((e) => `${tpString(e)}: ${e.message}`);
      throw new ReassignFailure(`Error cancelling partition reassignment${errors.length === 1 ? '' : 's'} for:\n${lines.join('\n')}`, true);
    }
    const sorted = [...cancelling].sort(compareTopicPartitions);
    out.print(`Successfully cancelled partition reassignment${sorted.length === 1 ? '' : 's'} for: ${sorted.map(tpString).join(',')}\n`);
  } else {
    out.print('None of the specified partition reassignments are active.\n');
  }
  // Kafka prints this without a line break; the next line (the throttles) follows on it.
  out.print('None of the specified partition moves are active.');
  if (!preserveThrottles) await clearAllThrottles(client, targets, out);
  return cancelling;
}

// ---------------------------------------------------------------------------------------------
// --list

export async function list(client: NativeClient, out: Out): Promise<OngoingReassignment[]> {
  const ongoing = [...(await listReassignments(client))].sort(compareTopicPartitions);
  if (ongoing.length === 0) {
    out.print('No partition reassignments found.\n');
    return ongoing;
  }
  const lines = ongoing.map((r) => {
    const adding = r.addingReplicas.length === 0 ? '' : ` adding: ${r.addingReplicas.join(',')}.`;
    const removing = r.removingReplicas.length === 0 ? '' : ` removing: ${r.removingReplicas.join(',')}.`;
    return `${tpString(r)}: replicas: ${r.replicas.join(',')}.${adding}${removing}`;
  });
  out.print(`Current partition reassignments:\n${lines.join('\n')}\n`);
  return ongoing;
}
