import { TkafkaError } from '../shared/errors.js';

/**
 * Broker configuration, by Kafka's own server.properties names. Only the keys that change what
 * this single-node broker does are typed here; other well-known Kafka keys are accepted and
 * ignored so an existing server.properties loads, and anything else is a typo worth failing on.
 */
export interface BrokerConfig {
  nodeId: number;
  numPartitions: number;
  autoCreateTopics: boolean;
  deleteTopicEnable: boolean;
  defaultReplicationFactor: number;
  messageMaxBytes: number;
  socketRequestMaxBytes: number;
  logSegmentBytes: number;
  logRollMs: number;
  logRetentionMs: number;
  logRetentionBytes: number;
  logRetentionCheckIntervalMs: number;
  logFlushIntervalMessages: number;
  logFlushIntervalMs: number | null;
  logCleanupPolicy: string;
  logIndexIntervalBytes: number;
  logMessageTimestampType: 'CreateTime' | 'LogAppendTime';
  logCleanerDeleteRetentionMs: number;
  /** log.cleaner.enable: run the log cleaner (compaction) at all. */
  logCleanerEnable: boolean;
  /** log.cleaner.backoff.ms: the cleaner's sleep when no log is cleanable. */
  logCleanerBackoffMs: number;
  /** log.cleaner.dedupe.buffer.size: bytes of the cleaner's offset map (24 per key). */
  logCleanerDedupeBufferSize: number;
  /** log.cleaner.io.buffer.load.factor: how full the offset map gets before a pass stops mapping. */
  logCleanerIoBufferLoadFactor: number;
  /** log.cleaner.io.max.bytes.per.second: the cleaner's read plus write rate cap. */
  logCleanerIoMaxBytesPerSecond: number;
  /**
   * tkafka's own key (Kafka has none: it keeps every segment open): how many segment and index
   * descriptors the logs may hold open at once (log/file-pool.ts); null: half the process's limit.
   */
  logMaxOpenFiles: number | null;
  /**
   * tkafka's own key: the Schema Registry's HTTP port (broker/schema-registry/), 0 for none; null
   * when not configured, and then the caller's default applies (`tkafka broker start`: 8081; the
   * in-process startBroker: off).
   */
  schemaRegistryPort: number | null;
  groupInitialRebalanceDelayMs: number;
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  /** KIP-848 consumer groups: member session timeout and the heartbeat interval given to members. */
  groupConsumerSessionTimeoutMs: number;
  groupConsumerHeartbeatIntervalMs: number;
  /** group.consumer.migration.policy: which online conversions between classic and consumer groups run. */
  groupConsumerMigrationPolicy: ConsumerGroupMigrationPolicy;
  offsetsTopicNumPartitions: number;
  offsetsRetentionMinutes: number;
  transactionMaxTimeoutMs: number;
  /** KIP-368: SASL sessions last at most this long (0: no re-authentication required). */
  connectionsMaxReauthMs: number;
  /** KIP-306: how long a connection that failed authentication stays open (muted) after its answer. */
  connectionFailedAuthenticationDelayMs: number;
  /** Broker-wide connection limit: at the limit new connections wait to be accepted (Kafka's acceptor blocks). */
  maxConnections: number;
  /** Connections one client IP may hold; the next one is closed at once. */
  maxConnectionsPerIp: number;
  /** `max.connections.per.ip.overrides`: host or IP → its own limit, in the order given. */
  maxConnectionsPerIpOverrides: ReadonlyMap<string, number>;
  /** `max.connection.creation.rate`: new connections per second the acceptors take, broker-wide. */
  maxConnectionCreationRate: number;
  /** A connection with nothing read or written for longer than this is closed. */
  connectionsMaxIdleMs: number;
  /** Requests read off sockets and not yet answered, broker-wide, before connections stop being read. */
  queuedMaxRequests: number;
  /** Accepted connections that may wait for a slot while max.connections is reached (Kafka: the listen backlog). */
  socketListenBacklogSize: number;
  /** metrics.port (tkafka's own key): serve Prometheus metrics at /metrics on this port of the broker's host; 0 = off. */
  metricsPort: number;
  /** tkafka's own: the fault injection HTTP endpoint's port (faults/admin-http.ts); null = off, 0 = a free port. */
  faultInjectionPort: number | null;
  /** Where that endpoint binds (default 127.0.0.1: it is for tests on this machine). */
  faultInjectionHost: string;
  /** Every key in effect (server.properties under the dynamic broker configs), for DescribeConfigs. */
  raw: Readonly<Record<string, string>>;
  /** The layers behind `raw` once dynamic broker configs are loaded (dynamic-config.ts). */
  dynamic?: {
    readonly static: Readonly<Record<string, string>>;
    readonly clusterDefault: Readonly<Record<string, string>>;
    readonly perBroker: Readonly<Record<string, string>>;
  };
}

const LONG_MAX = Number.MAX_SAFE_INTEGER;
const INT_MAX = 2_147_483_647;

// Security keys read where they are used (security/listeners.ts, tls.ts, sasl-server.ts,
// authorizer.ts), straight from `raw`: every ssl.*/sasl.* key, their listener.name.<l>. overrides,
// and the authorizer's. Their values are checked when the listeners and authenticators are built.
const SECURITY_KEY_PREFIXES = ['ssl.', 'sasl.', 'listener.name.', 'principal.builder.', 'delegation.token.'];
const SECURITY_KEYS = new Set([
  'listener.security.protocol.map', 'security.inter.broker.protocol', 'authorizer.class.name', 'super.users',
  'allow.everyone.if.no.acl.found', 'early.start.listeners',
]);

// Keys that exist in Kafka but have no effect on a single-node, single-process broker.
const IGNORED_KAFKA_KEYS = new Set([
  'process.roles', 'controller.quorum.voters', 'controller.quorum.bootstrap.servers', 'controller.listener.names',
  'inter.broker.listener.name', 'num.network.threads', 'num.io.threads',
  'socket.send.buffer.bytes', 'socket.receive.buffer.bytes', 'num.recovery.threads.per.data.dir',
  'offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr',
  'share.coordinator.state.topic.replication.factor', 'share.coordinator.state.topic.min.isr',
  'min.insync.replicas', 'num.replica.fetchers', 'zookeeper.connect', 'zookeeper.connection.timeout.ms',
  'log.dirs', 'log.dir', 'broker.rack', 'unclean.leader.election.enable', 'compression.type',
  'log.preallocate', 'log.cleaner.threads', 'auto.leader.rebalance.enable',
  'metadata.log.dir', 'cluster.id', 'log.index.size.max.bytes', 'log.segment.delete.delay.ms',
  // Kafka 3.x keys removed in 4.0; their topic-level forms are accepted too (metadata/topic-configs.ts).
  'log.message.timestamp.difference.max.ms', 'log.message.format.version', 'log.message.downconversion.enable',
]);

interface KeyDef {
  apply(c: BrokerConfig, v: string, key: string): void;
}

/** Kafka's ConsumerGroupMigrationPolicy names. */
export const MIGRATION_POLICIES = ['bidirectional', 'upgrade', 'downgrade', 'disabled'] as const;
export type ConsumerGroupMigrationPolicy = (typeof MIGRATION_POLICIES)[number];

function num(v: string, key: string, min = Number.MIN_SAFE_INTEGER): number {
  const n = Number(v.trim());
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw badConfig(`${key} must be an integer, got '${v}'`);
  if (n < min) throw badConfig(`${key} must be at least ${min}, got ${n}`);
  return Math.min(n, LONG_MAX);
}

function dbl(v: string, key: string, min: number, max = Infinity): number {
  const n = Number(v.trim());
  if (v.trim() === '' || Number.isNaN(n)) throw badConfig(`${key} must be a number, got '${v}'`);
  if (n < min || n > max) throw badConfig(`${key} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(v: string, key: string): boolean {
  const s = v.trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw badConfig(`${key} must be true or false, got '${v}'`);
}

function badConfig(message: string): TkafkaError {
  return new TkafkaError('BAD_CONFIG', `invalid broker config: ${message}`, { exitCode: 2 });
}

const KEYS: Record<string, KeyDef> = {
  'node.id': { apply: (c, v, k) => (c.nodeId = num(v, k, 0)) },
  'broker.id': { apply: (c, v, k) => (c.nodeId = num(v, k, 0)) },
  'num.partitions': { apply: (c, v, k) => (c.numPartitions = num(v, k, 1)) },
  'auto.create.topics.enable': { apply: (c, v, k) => (c.autoCreateTopics = bool(v, k)) },
  'delete.topic.enable': { apply: (c, v, k) => (c.deleteTopicEnable = bool(v, k)) },
  'default.replication.factor': { apply: (c, v, k) => (c.defaultReplicationFactor = num(v, k, 1)) },
  'message.max.bytes': { apply: (c, v, k) => (c.messageMaxBytes = num(v, k, 0)) },
  'socket.request.max.bytes': { apply: (c, v, k) => (c.socketRequestMaxBytes = num(v, k, 1)) },
  'log.segment.bytes': { apply: (c, v, k) => (c.logSegmentBytes = num(v, k, 14)) },
  'log.roll.ms': { apply: (c, v, k) => (c.logRollMs = num(v, k, 1)) },
  'log.roll.hours': { apply: (c, v, k) => (c.logRollMs = num(v, k, 1) * 3_600_000) },
  'log.retention.ms': { apply: (c, v, k) => (c.logRetentionMs = num(v, k, -1)) },
  'log.retention.minutes': { apply: (c, v, k) => (c.logRetentionMs = num(v, k, -1) * 60_000) },
  'log.retention.hours': { apply: (c, v, k) => (c.logRetentionMs = num(v, k, -1) * 3_600_000) },
  'log.retention.bytes': { apply: (c, v, k) => (c.logRetentionBytes = num(v, k, -1)) },
  'log.retention.check.interval.ms': { apply: (c, v, k) => (c.logRetentionCheckIntervalMs = num(v, k, 1)) },
  'log.flush.interval.messages': { apply: (c, v, k) => (c.logFlushIntervalMessages = num(v, k, 1)) },
  'log.flush.interval.ms': { apply: (c, v, k) => (c.logFlushIntervalMs = num(v, k, 0)) },
  'log.cleanup.policy': {
    apply: (c, v, k) => {
      const parts = v.split(',').map((p) => p.trim()).filter((p) => p !== '');
      if (parts.length === 0 || parts.some((p) => p !== 'delete' && p !== 'compact')) {
        throw badConfig(`${k} must be delete, compact or both, got '${v}'`);
      }
      c.logCleanupPolicy = parts.join(',');
    },
  },
  'log.index.interval.bytes': { apply: (c, v, k) => (c.logIndexIntervalBytes = num(v, k, 0)) },
  'log.message.timestamp.type': {
    apply: (c, v, k) => {
      if (v !== 'CreateTime' && v !== 'LogAppendTime') throw badConfig(`${k} must be CreateTime or LogAppendTime`);
      c.logMessageTimestampType = v;
    },
  },
  'log.cleaner.delete.retention.ms': { apply: (c, v, k) => (c.logCleanerDeleteRetentionMs = num(v, k, 0)) },
  'log.cleaner.enable': { apply: (c, v, k) => (c.logCleanerEnable = bool(v, k)) },
  'log.cleaner.backoff.ms': { apply: (c, v, k) => (c.logCleanerBackoffMs = num(v, k, 0)) },
  'log.cleaner.dedupe.buffer.size': { apply: (c, v, k) => (c.logCleanerDedupeBufferSize = num(v, k, 0)) },
  'log.cleaner.io.buffer.load.factor': { apply: (c, v, k) => (c.logCleanerIoBufferLoadFactor = dbl(v, k, Number.MIN_VALUE, 1)) },
  'log.cleaner.io.max.bytes.per.second': { apply: (c, v, k) => (c.logCleanerIoMaxBytesPerSecond = dbl(v, k, Number.MIN_VALUE)) },
  // Broker defaults of topic configs, read through metadata/topic-configs.ts: checked here.
  'log.cleaner.min.cleanable.ratio': { apply: (_c, v, k) => void dbl(v, k, 0, 1) },
  'log.cleaner.min.compaction.lag.ms': { apply: (_c, v, k) => void num(v, k, 0) },
  'log.cleaner.max.compaction.lag.ms': { apply: (_c, v, k) => void num(v, k, 1) },
  'log.max.open.files': { apply: (c, v, k) => (c.logMaxOpenFiles = num(v, k, 16)) },
  'schema.registry.port': {
    apply: (c, v, k) => {
      const port = num(v, k, 0);
      if (port > 65535) throw badConfig(`${k} must be at most 65535, got ${port}`);
      c.schemaRegistryPort = port;
    },
  },
  'group.initial.rebalance.delay.ms': { apply: (c, v, k) => (c.groupInitialRebalanceDelayMs = num(v, k, 0)) },
  'group.min.session.timeout.ms': { apply: (c, v, k) => (c.groupMinSessionTimeoutMs = num(v, k, 0)) },
  'group.max.session.timeout.ms': { apply: (c, v, k) => (c.groupMaxSessionTimeoutMs = num(v, k, 0)) },
  'group.consumer.session.timeout.ms': { apply: (c, v, k) => (c.groupConsumerSessionTimeoutMs = num(v, k, 1)) },
  'group.consumer.heartbeat.interval.ms': { apply: (c, v, k) => (c.groupConsumerHeartbeatIntervalMs = num(v, k, 1)) },
  'group.consumer.migration.policy': {
    apply: (c, v, k) => {
      // Kafka's CaseInsensitiveValidString over ConsumerGroupMigrationPolicy.
      const policy = v.trim().toLowerCase();
      if (!(MIGRATION_POLICIES as readonly string[]).includes(policy)) throw badConfig(`${k} must be one of ${MIGRATION_POLICIES.join(', ')}, got '${v}'`);
      c.groupConsumerMigrationPolicy = policy as ConsumerGroupMigrationPolicy;
    },
  },
  // Bounds of the group-level consumer.* configs (handlers/entity-configs.ts reads them from raw).
  'group.consumer.min.session.timeout.ms': { apply: (_c, v, k) => void num(v, k, 1) },
  'group.consumer.max.session.timeout.ms': { apply: (_c, v, k) => void num(v, k, 1) },
  'group.consumer.min.heartbeat.interval.ms': { apply: (_c, v, k) => void num(v, k, 1) },
  'group.consumer.max.heartbeat.interval.ms': { apply: (_c, v, k) => void num(v, k, 1) },
  'offsets.topic.num.partitions': { apply: (c, v, k) => (c.offsetsTopicNumPartitions = num(v, k, 1)) },
  'offsets.retention.minutes': { apply: (c, v, k) => (c.offsetsRetentionMinutes = num(v, k, 1)) },
  'transaction.max.timeout.ms': { apply: (c, v, k) => (c.transactionMaxTimeoutMs = num(v, k, 1)) },
  'connections.max.reauth.ms': { apply: (c, v, k) => (c.connectionsMaxReauthMs = num(v, k, 0)) },
  'connection.failed.authentication.delay.ms': { apply: (c, v, k) => (c.connectionFailedAuthenticationDelayMs = num(v, k, 0)) },
  'max.connections': { apply: (c, v, k) => (c.maxConnections = num(v, k, 0)) },
  'max.connections.per.ip': { apply: (c, v, k) => (c.maxConnectionsPerIp = num(v, k, 0)) },
  'max.connections.per.ip.overrides': { apply: (c, v) => (c.maxConnectionsPerIpOverrides = parseIpOverrides(v)) },
  'max.connection.creation.rate': { apply: (c, v, k) => (c.maxConnectionCreationRate = Math.min(num(v, k, 0), INT_MAX)) },
  'connections.max.idle.ms': { apply: (c, v, k) => (c.connectionsMaxIdleMs = num(v, k)) },
  'queued.max.requests': { apply: (c, v, k) => (c.queuedMaxRequests = num(v, k, 1)) },
  'socket.listen.backlog.size': { apply: (c, v, k) => (c.socketListenBacklogSize = num(v, k, 1)) },
  'metrics.port': {
    apply: (c, v, k) => {
      const n = num(v, k, 0);
      if (n > 65_535) throw badConfig(`${k} must be a TCP port (1-65535, or 0 for off), got ${n}`);
      c.metricsPort = n;
    },
  },
  // tkafka's own (not Kafka's): the fault injection endpoint for test suites (faults/admin-http.ts).
  'fault.injection.port': {
    apply: (c, v, k) => {
      const port = num(v, k, 0);
      if (port > 65535) throw badConfig(`${k} must be a port number (0 for a free one), got ${port}`);
      c.faultInjectionPort = port;
    },
  },
  'fault.injection.host': {
    apply: (c, v, k) => {
      if (v.trim() === '') throw badConfig(`${k} must be a host name or address`);
      c.faultInjectionHost = v.trim();
    },
  },
  // listeners/advertised.listeners are read by security/listeners.ts when the broker starts.
  listeners: { apply: () => undefined },
  'advertised.listeners': { apply: () => undefined },
};

export function defaultBrokerConfig(): BrokerConfig {
  return {
    nodeId: 1,
    numPartitions: 1,
    autoCreateTopics: true,
    deleteTopicEnable: true,
    defaultReplicationFactor: 1,
    messageMaxBytes: 1_048_588,
    socketRequestMaxBytes: 104_857_600,
    logSegmentBytes: 1_073_741_824,
    logRollMs: 168 * 3_600_000,
    logRetentionMs: 168 * 3_600_000,
    logRetentionBytes: -1,
    logRetentionCheckIntervalMs: 300_000,
    logFlushIntervalMessages: LONG_MAX,
    logFlushIntervalMs: null,
    logCleanupPolicy: 'delete',
    logIndexIntervalBytes: 4096,
    logMessageTimestampType: 'CreateTime',
    logCleanerDeleteRetentionMs: 86_400_000,
    logCleanerEnable: true,
    logCleanerBackoffMs: 15_000,
    logCleanerDedupeBufferSize: 134_217_728,
    logCleanerIoBufferLoadFactor: 0.9,
    // Kafka's Double.MAX_VALUE: no limit.
    logCleanerIoMaxBytesPerSecond: Number.MAX_VALUE,
    logMaxOpenFiles: null,
    schemaRegistryPort: null,
    // Kafka's code default is 3000, but its shipped server.properties sets 0 for a better local
    // experience; a laptop broker should behave like that file, not like a production cluster.
    groupInitialRebalanceDelayMs: 0,
    groupMinSessionTimeoutMs: 6000,
    groupMaxSessionTimeoutMs: 1_800_000,
    groupConsumerSessionTimeoutMs: 45_000,
    groupConsumerHeartbeatIntervalMs: 5000,
    groupConsumerMigrationPolicy: 'bidirectional',
    offsetsTopicNumPartitions: 50,
    offsetsRetentionMinutes: 10_080,
    transactionMaxTimeoutMs: 900_000,
    connectionsMaxReauthMs: 0,
    connectionFailedAuthenticationDelayMs: 100,
    maxConnections: INT_MAX,
    maxConnectionsPerIp: INT_MAX,
    maxConnectionsPerIpOverrides: new Map(),
    maxConnectionCreationRate: INT_MAX,
    connectionsMaxIdleMs: 600_000,
    queuedMaxRequests: 500,
    socketListenBacklogSize: 50,
    metricsPort: 0,
    faultInjectionPort: null,
    faultInjectionHost: '127.0.0.1',
    raw: {},
  };
}

/** Builds a BrokerConfig from Kafka-named keys; an unknown or invalid key is a BAD_CONFIG error. */
export function parseBrokerConfig(entries: Readonly<Record<string, string>>): BrokerConfig {
  const c = defaultBrokerConfig();
  // Kafka gives ms over minutes over hours when several retention keys are set.
  const order = (k: string): number => (k.endsWith('.ms') ? 2 : k.endsWith('.minutes') ? 1 : 0);
  const keys = Object.keys(entries).sort((a, b) => order(a) - order(b));
  for (const key of keys) {
    const value = entries[key] as string;
    const def = KEYS[key];
    if (def !== undefined) def.apply(c, value, key);
    // A listener's own rate (listener.name.<l>.): the broker key's type and range.
    else if (/^listener\.name\.[^.]+\.max\.connection\.creation\.rate$/.test(key)) void num(value, key, 0);
    else if (!IGNORED_KAFKA_KEYS.has(key) && !isSecurityKey(key)) throw badConfig(`unknown broker config '${key}'`);
  }
  // KafkaConfig's own check, with its text.
  if (c.maxConnectionsPerIp === 0 && c.maxConnectionsPerIpOverrides.size === 0) {
    throw badConfig('max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides property is set.');
  }
  c.raw = { ...entries };
  return c;
}

/**
 * `host:count,host:count` (Kafka's parseCsvMap); hosts are IP addresses or names, matched against
 * a client's IP (names once resolved, server/connection-quotas.ts). Problems use Kafka's texts.
 */
export function parseIpOverrides(v: string): Map<string, number> {
  const out = new Map<string, number>();
  const bad: string[] = [];
  for (const part of v.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const i = part.lastIndexOf(':');
    const host = i < 0 ? part : part.slice(0, i).trim();
    const count = i < 0 ? '' : part.slice(i + 1).trim();
    if (!/^\d+$/.test(count) || Number(count) > INT_MAX) throw badConfig(`max.connections.per.ip.overrides: invalid connection count '${count}' for '${host}'`);
    if (!/^[A-Za-z0-9.:_-]+$/.test(host)) bad.push(host);
    out.set(host.toLowerCase(), Number(count));
  }
  if (bad.length > 0) throw badConfig(`max.connections.per.ip.overrides contains invalid addresses : ${bad.join(',')}`);
  return out;
}

/** True for keys this broker understands (typed or accepted-and-ignored). */
export function isKnownBrokerConfig(key: string): boolean {
  return key in KEYS || IGNORED_KAFKA_KEYS.has(key) || isSecurityKey(key);
}

function isSecurityKey(key: string): boolean {
  return SECURITY_KEYS.has(key) || SECURITY_KEY_PREFIXES.some((p) => key.startsWith(p));
}

// Kafka's PASSWORD-type security configs: DescribeConfigs answers them with a null value and
// isSensitive, and nothing prints them (their listener.name.<l>. forms included).
const SENSITIVE_SUFFIXES = [
  'ssl.keystore.password', 'ssl.key.password', 'ssl.truststore.password', 'ssl.keystore.key',
  'ssl.keystore.certificate.chain', 'ssl.truststore.certificates', 'sasl.jaas.config',
  'sasl.oauthbearer.client.credentials.client.secret', 'delegation.token.secret.key', 'delegation.token.master.key',
];

export function isSensitiveBrokerConfig(key: string): boolean {
  return SENSITIVE_SUFFIXES.some((s) => key === s || key.endsWith(`.${s}`));
}
