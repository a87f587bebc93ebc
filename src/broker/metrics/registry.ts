// The broker's Prometheus families on its own prom-client Registry (never the global one: tests run
// several brokers in one process). Names follow what the Prometheus JMX exporter's usual Kafka rules
// (lowercaseOutputName, `kafka.<domain><type=T, name=N, k=v><>Count` → `kafka_<domain>_<t>_<n>_total`)
// make of Kafka's MBeans, so dashboards built for a JVM broker read this one; consumer lag uses
// kafka_exporter's names (shared/metrics/lag-metrics.ts). Every family is computed when scraped, from
// the plain counters the hot path bumps (counters.ts) and the broker's state: no per-record work and no
// label lookups on the request path.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { errorName } from '../../protocol/error-codes.js';
import { apis } from '../../protocol/generated/index.js';
import { registerComputed, type Emit, type MetricType } from '../../shared/metrics/computed.js';
import { registerLagMetrics } from '../../shared/metrics/lag-metrics.js';
import type { Broker } from '../broker.js';
import type { PartitionState } from '../metadata/topics.js';
import { TXN_STATE_NAMES } from '../txn/txn-log.js';
import { LATENCY_BUCKETS_MS, RequestStats, type TopicStats } from './counters.js';
import { brokerLagSnapshot, type TimestampCache } from './lag.js';

/** What the socket server knows that the Broker does not (server/broker.ts supplies it). */
export interface SocketServerView {
  /** Open connections per listener name. */
  connectionsByListener(): ReadonlyMap<string, number>;
  /** Requests read and not yet handed to a handler (queued.max.requests' count). */
  queuedRequests(): number;
  /** Connections accepted and waiting for a slot under max.connections. */
  waitingConnections(): number;
}

/** One documented family (README's table is checked against this list). */
export interface FamilyInfo {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly string[];
  readonly help: string;
}

export interface BrokerMetrics {
  readonly registry: Registry;
  /** Stops the event-loop delay monitor. */
  close(): void;
}

/** A family computed at scrape time, documented in `families`. */
function family(registry: Registry, families: FamilyInfo[], info: FamilyInfo, collect: (emit: Emit) => void): void {
  families.push(info);
  registerComputed(registry, { name: info.name, help: info.help, type: info.type, collect });
}

/** Kafka's request names (RequestMetrics' request tag): the API's name; a consumer's Fetch times as FetchConsumer. */
function requestName(apiKey: number): string {
  return apis.get(apiKey)?.name ?? `Api${apiKey}`;
}

const TOPIC_METRICS: ReadonlyArray<readonly [string, keyof TopicStats, string]> = [
  ['messagesin', 'messagesIn', 'Records appended by produce requests (Kafka MessagesInPerSec); without a topic label, all topics'],
  ['bytesin', 'bytesIn', 'Record batch bytes appended by produce requests (Kafka BytesInPerSec); without a topic label, all topics'],
  ['bytesout', 'bytesOut', 'Record batch bytes returned by fetch requests (Kafka BytesOutPerSec); without a topic label, all topics'],
  ['totalproducerequests', 'totalProduceRequests', 'Partitions named in produce requests (Kafka TotalProduceRequestsPerSec); without a topic label, all topics'],
  ['totalfetchrequests', 'totalFetchRequests', 'Partitions answered in fetch requests (Kafka TotalFetchRequestsPerSec); without a topic label, all topics'],
  ['failedproducerequests', 'failedProduceRequests', 'Partitions whose append failed, as Kafka counts them (FailedProduceRequestsPerSec: not unknown partition, not leader, too large, corrupt or storage errors); without a topic label, all topics'],
  ['failedfetchrequests', 'failedFetchRequests', 'Partitions whose read failed unexpectedly (Kafka FailedFetchRequestsPerSec: not offset out of range, unknown partition, leader epoch or storage errors); without a topic label, all topics'],
];

const CLASSIC_STATES: ReadonlyArray<readonly [string, string]> = [
  ['stable', 'Stable'],
  ['preparingrebalance', 'PreparingRebalance'],
  ['completingrebalance', 'CompletingRebalance'],
  ['empty', 'Empty'],
  ['dead', 'Dead'],
];

/** Every family the broker exports, in output order, with the lag families of shared/metrics. */
export function createBrokerMetrics(broker: Broker, socket: SocketServerView): BrokerMetrics & { families: FamilyInfo[] } {
  const registry = new Registry();
  const families: FamilyInfo[] = [];
  const stats = (broker.requestStats ??= new RequestStats());
  const def = (name: string, type: MetricType, labels: readonly string[], help: string, collect: (emit: Emit) => void): void =>
    family(registry, families, { name, type, labels, help }, collect);

  // --- kafka.server:type=BrokerTopicMetrics -------------------------------------------------------
  for (const [short, field, help] of TOPIC_METRICS) {
    def(`kafka_server_brokertopicmetrics_${short}_total`, 'counter', ['topic'], help, (emit) => {
      emit(broker.allTopicStats[field]);
      for (const t of broker.topics.list()) emit(t.stats[field], { topic: t.name });
    });
  }

  // --- kafka.network:type=RequestMetrics / RequestChannel ----------------------------------------
  def('kafka_network_requestmetrics_requests_total', 'counter', ['request', 'version'], 'Requests handled, by API and version (Kafka RequestsPerSec)', (emit) => {
    stats.byApi.forEach((s, apiKey) => {
      if (s === undefined) return;
      const request = requestName(apiKey);
      s.byVersion.forEach((n, version) => {
        if (n !== undefined) emit(n, { request, version });
      });
    });
  });
  def('kafka_network_requestmetrics_errors_total', 'counter', ['request', 'error'], 'Error codes in responses, by API and error name, NONE included (Kafka ErrorsPerSec)', (emit) => {
    stats.byApi.forEach((s, apiKey) => {
      if (s === undefined) return;
      const request = requestName(apiKey);
      s.errors.forEach((n, slot) => {
        if (n > 0) emit(n, { request, error: errorName(slot - 1) });
      });
    });
  });
  const timeName = 'kafka_network_requestmetrics_totaltimems';
  def(timeName, 'histogram', ['request'], 'Time from dispatch to the encoded response in milliseconds, by API (Kafka TotalTimeMs; Fetch is FetchConsumer)', (emit) => {
    stats.byApi.forEach((s, apiKey) => {
      if (s === undefined || s.count === 0) return;
      const request = apiKey === 1 ? 'FetchConsumer' : requestName(apiKey);
      let cumulative = 0;
      s.buckets.forEach((n, i) => {
        cumulative += n;
        emit(cumulative, { request, le: i < LATENCY_BUCKETS_MS.length ? (LATENCY_BUCKETS_MS[i] as number) : '+Inf' }, `${timeName}_bucket`);
      });
      emit(s.sumMs, { request }, `${timeName}_sum`);
      emit(s.count, { request }, `${timeName}_count`);
    });
  });
  def('kafka_network_requestchannel_requestqueuesize', 'gauge', [], 'Requests read and waiting for a handler (queued.max.requests bounds it)', (emit) => emit(socket.queuedRequests()));
  // JMX exporter output of socket-server-metrics' connection-count; untyped as the exporter leaves it
  // (a gauge may not end in _count under Prometheus's naming rules).
  def('kafka_server_socket_server_metrics_connection_count', 'untyped', ['listener'], 'Open connections, by listener', (emit) => {
    for (const [listener, n] of socket.connectionsByListener()) emit(n, { listener });
  });
  def('kafka_server_socket_server_metrics_connections_waiting', 'gauge', [], 'Accepted connections waiting for a slot under max.connections', (emit) => emit(socket.waitingConnections()));

  // --- kafka.log:type=Log ------------------------------------------------------------------------
  const perPartition = (short: string, help: string, value: (p: PartitionState) => number): void =>
    def(`kafka_log_log_${short}`, 'gauge', ['topic', 'partition'], help, (emit) => {
      for (const t of broker.topics.list()) for (const p of t.partitions) emit(value(p), { topic: t.name, partition: p.index });
    });
  perPartition('size', 'Bytes of the partition log on disk (Kafka Log Size)', (p) => p.log.sizeInBytes());
  perPartition('logstartoffset', 'First offset of the partition log', (p) => p.log.logStartOffset);
  perPartition('logendoffset', 'Offset after the last record of the partition log', (p) => p.log.logEndOffset);
  perPartition('numlogsegments', 'Segments of the partition log', (p) => p.log.segmentCount());

  // --- kafka.server:type=ReplicaManager, kafka.controller:type=KafkaController ------------------
  const partitionCount = (): number => broker.topics.list().reduce((n, t) => n + t.partitions.length, 0);
  def('kafka_server_replicamanager_partitioncount', 'gauge', [], 'Partitions on this broker', (emit) => emit(partitionCount()));
  def('kafka_server_replicamanager_leadercount', 'gauge', [], 'Partitions this broker leads (all of them: a single node)', (emit) => emit(partitionCount()));
  def('kafka_server_replicamanager_underreplicatedpartitions', 'gauge', [], 'Under-replicated partitions (always 0: one replica, in sync)', (emit) => emit(0));
  def('kafka_server_replicamanager_underminisrpartitioncount', 'gauge', [], 'Partitions under min.insync.replicas (always 0)', (emit) => emit(0));
  def('kafka_server_replicamanager_offlinereplicacount', 'gauge', [], 'Offline replicas (always 0)', (emit) => emit(0));
  def('kafka_controller_kafkacontroller_activecontrollercount', 'gauge', [], 'Active controllers on this node (always 1: it is its own controller)', (emit) => emit(1));
  def('kafka_controller_kafkacontroller_offlinepartitionscount', 'gauge', [], 'Partitions without a leader (always 0)', (emit) => emit(0));
  def('kafka_controller_kafkacontroller_globaltopiccount', 'gauge', [], 'Topics in the cluster', (emit) => emit(broker.topics.list().length));
  def('kafka_controller_kafkacontroller_globalpartitioncount', 'gauge', [], 'Partitions in the cluster', (emit) => emit(partitionCount()));
  def('kafka_server_kafkaserver_brokerstate', 'gauge', [], "Broker state (Kafka's BrokerState: 3 = RUNNING)", (emit) => emit(3));

  // --- kafka.coordinator.group ------------------------------------------------------------------
  const gm = 'kafka_coordinator_group_groupmetadatamanager';
  def(`${gm}_numgroups`, 'gauge', [], 'Groups of both protocols, classic and consumer (KIP-848)', (emit) => emit(broker.groups.membership.all().length + broker.groups.consumer.groups.size));
  for (const [short, state] of CLASSIC_STATES) {
    def(`${gm}_numgroups${short}`, 'gauge', [], `Classic groups in state ${state}`, (emit) => emit(broker.groups.membership.all().filter((g) => g.state === state).length));
  }
  def(`${gm}_numoffsets`, 'gauge', [], 'Committed offsets held for all groups', (emit) => {
    let n = 0;
    for (const topics of broker.groups.offsets.allCommitted().values()) for (const parts of topics.values()) n += parts.size;
    emit(n);
  });
  def('kafka_server_group_coordinator_metrics_consumer_group_count', 'untyped', ['state'], 'Consumer (KIP-848) groups by state, lower case as Kafka tags them', (emit) => {
    const byState = new Map<string, number>([['empty', 0], ['assigning', 0], ['reconciling', 0], ['stable', 0]]);
    for (const g of broker.groups.consumer.groups.values()) byState.set(g.state.toLowerCase(), (byState.get(g.state.toLowerCase()) ?? 0) + 1);
    for (const [state, n] of byState) emit(n, { state });
  });
  def('kafka_server_group_coordinator_metrics_group_rebalance_count', 'untyped', [], 'Classic group rebalances begun since the broker started', (emit) => emit(broker.groups.membership.rebalanceCount));
  def('kafka_server_group_coordinator_metrics_consumer_group_rebalance_count', 'untyped', [], 'Consumer (KIP-848) group epoch bumps since the broker started', (emit) => emit(broker.groups.consumer.rebalanceCount));

  // --- transactions --------------------------------------------------------------------------------
  def('kafka_coordinator_transaction_numtransactions', 'gauge', ['state'], "Transactional ids by their coordinator state (tkafka's own family; Kafka has no per-state gauge)", (emit) => {
    const byState = new Map<string, number>();
    for (const name of Object.values(TXN_STATE_NAMES)) byState.set(name, 0);
    for (const m of broker.txn.coordinator.all()) {
      const name = TXN_STATE_NAMES[m.state];
      byState.set(name, (byState.get(name) ?? 0) + 1);
    }
    for (const [state, n] of byState) emit(n, { state });
  });

  // --- consumer lag (kafka_exporter's names) -----------------------------------------------------
  const timestamps: TimestampCache = new WeakMap();
  registerLagMetrics(registry, () => Promise.resolve(brokerLagSnapshot(broker, timestamps)));

  // --- the process: prom-client's default names, computed here (its collectDefaultMetrics keeps a
  // monitor and observers per registry that nothing can stop, and a broker's registry must close) ----
  const delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const seconds = (ns: number): number => (Number.isFinite(ns) ? ns / 1e9 : 0);
  const eventLoop: ReadonlyArray<readonly [string, string, () => number]> = [
    ['min', 'Smallest', () => delay.min],
    ['max', 'Largest', () => delay.max],
    ['mean', 'Mean', () => delay.mean],
    ['stddev', 'Standard deviation of the', () => delay.stddev],
    ['p50', '50th percentile', () => delay.percentile(50)],
    ['p90', '90th percentile', () => delay.percentile(90)],
    ['p99', '99th percentile', () => delay.percentile(99)],
  ];
  eventLoop.forEach(([short, what, read], i) => {
    def(`nodejs_eventloop_lag_${short}_seconds`, 'gauge', [], `${what} event loop delay since the previous scrape (perf_hooks monitorEventLoopDelay)`, (emit) => {
      emit(delay.count > 0 ? seconds(read()) : 0);
      // The last of the family resets the window, as prom-client's own event loop metrics do.
      if (i === eventLoop.length - 1) delay.reset();
    });
  });
  def('process_resident_memory_bytes', 'gauge', [], 'Resident set size of the broker process in bytes', (emit) => emit(process.memoryUsage.rss()));
  const heap = (): NodeJS.MemoryUsage => process.memoryUsage();
  def('nodejs_heap_size_total_bytes', 'gauge', [], 'V8 heap size in bytes', (emit) => emit(heap().heapTotal));
  def('nodejs_heap_size_used_bytes', 'gauge', [], 'V8 heap used in bytes', (emit) => emit(heap().heapUsed));
  def('nodejs_external_memory_bytes', 'gauge', [], 'Memory of C++ objects bound to JavaScript objects (Buffers) in bytes', (emit) => emit(heap().external));
  def('process_cpu_seconds_total', 'counter', [], 'User and system CPU time of the process in seconds', (emit) => {
    const u = process.cpuUsage();
    emit((u.user + u.system) / 1e6);
  });
  def('process_start_time_seconds', 'gauge', [], 'Start time of the process since the Unix epoch in seconds', (emit) => emit(Math.round(performance.timeOrigin / 1000)));
  def('nodejs_version_info', 'gauge', ['version'], 'Node.js version', (emit) => emit(1, { version: process.version }));

  return {
    registry,
    families,
    close: () => delay.disable(),
  };
}
