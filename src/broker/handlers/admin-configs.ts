// What DescribeConfigs, CreateTopics (v5+) and the AlterConfigs pair report about topic and broker
// configs, computed the way Kafka's ConfigHelper and KafkaConfigSchema do:
// - a topic config's synonyms are its override (DYNAMIC_TOPIC_CONFIG), then the broker keys of its
//   primary broker synonym's group that server.properties sets (STATIC_BROKER_CONFIG), then those
//   that have a Kafka default (DEFAULT_CONFIG); entries ahead of the primary key's first entry are
//   dropped. So with only `log.retention.hours` set, retention.ms reports no synonyms and source
//   DEFAULT_CONFIG, exactly as Kafka does.
// - CreateTopics' config list instead takes the first synonym set (converted to the topic's unit)
//   and otherwise the topic-level default.
import {
  defaultDescribeConfigsResourceResult,
  type DescribeConfigsResourceResult,
  type DescribeConfigsSynonym,
} from '../../protocol/generated/messages/describe-configs-response.js';
import { isSensitiveBrokerConfig, type BrokerConfig } from '../config.js';
import type { Broker } from '../broker.js';
import { isDynamicBrokerConfig, isReadOnlyBrokerConfig, LISTENER_CREATION_RATE, synonymGroup } from '../dynamic-config.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import {
  ConfigSource,
  ConfigType,
  TOPIC_CONFIG_BY_NAME,
  brokerDefaultFor,
  javaDoubleString,
  listedTopicConfigs,
  parseConfigList,
  validateTopicConfig,
  type TopicConfigDef,
} from '../metadata/topic-configs.js';

/** Kafka's ConfigResource.Type ids. */
export const ConfigResourceType = {
  UNKNOWN: 0,
  TOPIC: 2,
  BROKER: 4,
  BROKER_LOGGER: 8,
  CLIENT_METRICS: 16,
  GROUP: 32,
} as const;

type ConfigTypeId = (typeof ConfigType)[keyof typeof ConfigType];

interface BrokerConfigDef {
  type: ConfigTypeId;
  /** What this broker uses when the key is not set (Kafka's default; null when Kafka has none). */
  defaultValue: string | null;
  doc: string;
}

const LONG_MAX = '9223372036854775807';
const { INT, LONG, BOOLEAN, STRING, LIST, DOUBLE } = ConfigType;

/**
 * Broker keys this broker knows: the ones it acts on plus every broker synonym of a topic config.
 * Defaults are Kafka 4.x's, except node.id/broker.id (this broker defaults to 1).
 */
const BROKER_CONFIGS: Readonly<Record<string, BrokerConfigDef>> = {
  'node.id': { type: INT, defaultValue: '1', doc: 'Id of this node in the cluster.' },
  'broker.id': { type: INT, defaultValue: '1', doc: 'Older name of node.id.' },
  'num.partitions': { type: INT, defaultValue: '1', doc: 'Partitions of a topic created without a count.' },
  'auto.create.topics.enable': { type: BOOLEAN, defaultValue: 'true', doc: 'Whether metadata requests may create missing topics.' },
  'delete.topic.enable': { type: BOOLEAN, defaultValue: 'true', doc: 'Whether topics may be deleted.' },
  'default.replication.factor': { type: INT, defaultValue: '1', doc: 'Replication factor of topics created without one.' },
  'message.max.bytes': { type: INT, defaultValue: '1048588', doc: 'Largest record batch a topic accepts unless it overrides max.message.bytes.' },
  'socket.request.max.bytes': { type: INT, defaultValue: '104857600', doc: 'Largest request the broker reads.' },
  'log.segment.bytes': { type: INT, defaultValue: '1073741824', doc: 'Size at which a segment is rolled.' },
  'log.roll.ms': { type: LONG, defaultValue: null, doc: 'Age at which a segment is rolled, in ms.' },
  'log.roll.hours': { type: INT, defaultValue: '168', doc: 'Age at which a segment is rolled, in hours.' },
  'log.roll.jitter.ms': { type: LONG, defaultValue: null, doc: 'Random delay subtracted from the roll age, in ms.' },
  'log.roll.jitter.hours': { type: INT, defaultValue: '0', doc: 'Random delay subtracted from the roll age, in hours.' },
  'log.retention.ms': { type: LONG, defaultValue: null, doc: 'How long records are kept, in ms.' },
  'log.retention.minutes': { type: INT, defaultValue: null, doc: 'How long records are kept, in minutes.' },
  'log.retention.hours': { type: INT, defaultValue: '168', doc: 'How long records are kept, in hours.' },
  'log.retention.bytes': { type: LONG, defaultValue: '-1', doc: 'Largest size of a partition before old segments go.' },
  'log.retention.check.interval.ms': { type: LONG, defaultValue: '300000', doc: 'How often retention is enforced.' },
  'log.flush.interval.messages': { type: LONG, defaultValue: LONG_MAX, doc: 'Messages written between forced fsyncs.' },
  'log.flush.interval.ms': { type: LONG, defaultValue: null, doc: 'Longest time a write stays unsynced.' },
  'log.flush.scheduler.interval.ms': { type: LONG, defaultValue: LONG_MAX, doc: 'How often logs are checked for a needed flush.' },
  'log.cleanup.policy': { type: LIST, defaultValue: 'delete', doc: 'Default cleanup policy of topics.' },
  'log.remote.copy.lag.bytes': { type: LONG, defaultValue: '-1', doc: 'Default remote.copy.lag.bytes of topics (tiered storage; stored, not acted on).' },
  'log.remote.copy.lag.ms': { type: LONG, defaultValue: '0', doc: 'Default remote.copy.lag.ms of topics (tiered storage; stored, not acted on).' },
  'max.decompressed.message.bytes': { type: INT, defaultValue: '2147483639', doc: 'Default max.decompressed.message.bytes of topics (stored, not acted on).' },
  'log.index.interval.bytes': { type: INT, defaultValue: '4096', doc: 'Bytes between offset index entries.' },
  'log.index.size.max.bytes': { type: INT, defaultValue: '10485760', doc: 'Size of each offset index file.' },
  'log.message.timestamp.type': { type: STRING, defaultValue: 'CreateTime', doc: 'Default timestamp type of topics.' },
  'log.message.timestamp.before.max.ms': { type: LONG, defaultValue: LONG_MAX, doc: 'How far in the past a timestamp may be.' },
  'log.message.timestamp.after.max.ms': { type: LONG, defaultValue: '3600000', doc: 'How far in the future a timestamp may be.' },
  'log.cleaner.delete.retention.ms': { type: LONG, defaultValue: '86400000', doc: 'How long tombstones stay in compacted topics.' },
  'log.cleaner.min.compaction.lag.ms': { type: LONG, defaultValue: '0', doc: 'Shortest time a record stays uncompacted.' },
  'log.cleaner.max.compaction.lag.ms': { type: LONG, defaultValue: LONG_MAX, doc: 'Longest time a record stays uncompacted.' },
  'log.cleaner.min.cleanable.ratio': { type: DOUBLE, defaultValue: '0.5', doc: 'Dirty share of a log that triggers compaction.' },
  'log.segment.delete.delay.ms': { type: LONG, defaultValue: '60000', doc: 'Wait before deleted segment files are removed.' },
  'log.preallocate': { type: BOOLEAN, defaultValue: 'false', doc: 'Whether segment files are preallocated.' },
  'log.local.retention.ms': { type: LONG, defaultValue: '-2', doc: 'Local retention time under tiered storage.' },
  'log.local.retention.bytes': { type: LONG, defaultValue: '-2', doc: 'Local retention size under tiered storage.' },
  'min.insync.replicas': { type: INT, defaultValue: '1', doc: 'In-sync replicas an acks=all write needs.' },
  'unclean.leader.election.enable': { type: BOOLEAN, defaultValue: 'false', doc: 'Whether an out-of-sync replica may lead.' },
  'compression.type': { type: STRING, defaultValue: 'producer', doc: 'Default codec topics store batches with.' },
  'compression.gzip.level': { type: INT, defaultValue: '-1', doc: 'gzip level for compression.type=gzip.' },
  'compression.lz4.level': { type: INT, defaultValue: '9', doc: 'lz4 level for compression.type=lz4.' },
  'compression.zstd.level': { type: INT, defaultValue: '3', doc: 'zstd level for compression.type=zstd.' },
  'group.initial.rebalance.delay.ms': { type: INT, defaultValue: '0', doc: 'Wait for more members before the first rebalance.' },
  'group.min.session.timeout.ms': { type: INT, defaultValue: '6000', doc: 'Smallest session timeout a member may ask for.' },
  'group.max.session.timeout.ms': { type: INT, defaultValue: '1800000', doc: 'Largest session timeout a member may ask for.' },
  'offsets.topic.num.partitions': { type: INT, defaultValue: '50', doc: 'Partitions of the offsets topic.' },
  'offsets.retention.minutes': { type: INT, defaultValue: '10080', doc: 'How long committed offsets of empty groups are kept.' },
  'transaction.max.timeout.ms': { type: INT, defaultValue: '900000', doc: 'Largest transaction timeout a producer may ask for.' },
  'max.connections': { type: INT, defaultValue: '2147483647', doc: 'Connections the broker accepts at once; more wait for one to close.' },
  'max.connections.per.ip': { type: INT, defaultValue: '2147483647', doc: 'Connections one IP address may hold; more are closed at once.' },
  'max.connection.creation.rate': { type: INT, defaultValue: '2147483647', doc: 'New connections per second the broker accepts; more wait.' },
  'max.connections.per.ip.overrides': { type: STRING, defaultValue: '', doc: 'Per-address limits, host:count,... (over max.connections.per.ip).' },
  'connections.max.idle.ms': { type: LONG, defaultValue: '600000', doc: 'A connection idle for longer is closed.' },
  'queued.max.requests': { type: INT, defaultValue: '500', doc: 'Requests read and waiting to be handled before connections stop being read.' },
  'socket.listen.backlog.size': { type: INT, defaultValue: '50', doc: 'Connections that may wait for a slot when max.connections is reached.' },
};

const TOPIC_DOCS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'How old data goes: delete segments, compact by key, or both.',
  'compression.type': 'Codec batches are stored with; producer keeps what the producer sent.',
  'compression.gzip.level': 'gzip level when compression.type is gzip.',
  'compression.lz4.level': 'lz4 level when compression.type is lz4.',
  'compression.zstd.level': 'zstd level when compression.type is zstd.',
  'delete.retention.ms': 'How long tombstones stay readable in a compacted topic.',
  'file.delete.delay.ms': 'Wait before a deleted segment is removed from disk.',
  'flush.messages': 'Messages written between forced fsyncs.',
  'flush.ms': 'Longest time a write stays unsynced.',
  'follower.replication.throttled.replicas': 'Follower replicas whose replication is throttled.',
  'index.interval.bytes': 'Bytes between offset index entries.',
  'leader.replication.throttled.replicas': 'Leader replicas whose replication is throttled.',
  'local.retention.bytes': 'Local size kept under tiered storage (-2: retention.bytes).',
  'local.retention.ms': 'Local time kept under tiered storage (-2: retention.ms).',
  'max.compaction.lag.ms': 'Longest time a record stays uncompacted.',
  'max.message.bytes': 'Largest record batch the topic accepts.',
  'message.timestamp.after.max.ms': 'How far in the future a record timestamp may be.',
  'message.timestamp.before.max.ms': 'How far in the past a record timestamp may be.',
  'message.timestamp.type': 'CreateTime keeps the producer timestamp; LogAppendTime uses the broker clock.',
  'min.cleanable.dirty.ratio': 'Dirty share of the log that triggers compaction.',
  'min.compaction.lag.ms': 'Shortest time a record stays uncompacted.',
  'min.insync.replicas': 'In-sync replicas an acks=all write needs.',
  preallocate: 'Whether segment files are preallocated.',
  'remote.log.copy.disable': 'Stop copying segments to tiered storage.',
  'remote.log.delete.on.disable': 'Delete tiered data when tiered storage is turned off.',
  'remote.storage.enable': 'Whether the topic uses tiered storage.',
  'retention.bytes': 'Largest size of a partition before old segments go (-1: no limit).',
  'retention.ms': 'How long records are kept (-1: forever).',
  'segment.bytes': 'Size at which the active segment is rolled.',
  'segment.index.bytes': 'Size of each offset index file.',
  'segment.jitter.ms': 'Random delay subtracted from segment.ms.',
  'segment.ms': 'Age at which the active segment is rolled.',
  'unclean.leader.election.enable': 'Whether an out-of-sync replica may become leader.',
};

function brokerDefault(name: string): string | null {
  return BROKER_CONFIGS[name]?.defaultValue ?? null;
}

/** Static then default entries for `name`'s group, from `name`'s own first entry on. */
function brokerSynonyms(name: string, broker: BrokerConfig): DescribeConfigsSynonym[] {
  const group = synonymGroup(name);
  const out: DescribeConfigsSynonym[] = [];
  // Kafka's order: this broker's dynamic keys, the cluster's dynamic defaults, server.properties, defaults.
  const layers: [Readonly<Record<string, string>>, number][] =
    broker.dynamic === undefined
      ? [[broker.raw, ConfigSource.STATIC_BROKER_CONFIG]]
      : [
          [broker.dynamic.perBroker, ConfigSource.DYNAMIC_BROKER_CONFIG],
          [broker.dynamic.clusterDefault, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG],
          [broker.dynamic.static, ConfigSource.STATIC_BROKER_CONFIG],
        ];
  for (const [layer, source] of layers) {
    for (const s of group) {
      const v = layer[s];
      if (v !== undefined) out.push({ name: s, value: v, source });
    }
  }
  for (const s of group) {
    const v = brokerDefault(s);
    if (v !== null) out.push({ name: s, value: v, source: ConfigSource.DEFAULT_CONFIG });
  }
  const first = out.findIndex((e) => e.name === name);
  return first < 0 ? [] : out.slice(first);
}

/** A config value as Kafka prints it after parsing it as its type; unparsable input is left alone. */
export function canonicalConfigValue(def: TopicConfigDef, value: string): string {
  const t = value.trim();
  switch (def.type) {
    case ConfigType.INT:
    case ConfigType.SHORT:
    case ConfigType.LONG:
      return /^[+-]?\d+$/.test(t) ? BigInt(t).toString() : value;
    case ConfigType.DOUBLE:
      return t !== '' && !Number.isNaN(Number(t)) ? javaDoubleString(Number(t)) : value;
    case ConfigType.BOOLEAN:
      return t.toLowerCase() === 'true' || t.toLowerCase() === 'false' ? t.toLowerCase() : value;
    case ConfigType.LIST:
      return parseConfigList(value).join(',');
    case ConfigType.STRING:
    case ConfigType.CLASS:
    case ConfigType.PASSWORD:
    case ConfigType.UNKNOWN:
      return t;
  }
}

function wanted(keys: readonly string[] | null, name: string): boolean {
  return keys === null || keys.length === 0 || keys.includes(name);
}

function entry(
  name: string,
  value: string | null,
  source: number,
  readOnly: boolean,
  type: number,
  synonyms: DescribeConfigsSynonym[],
  doc: string | null,
): DescribeConfigsResourceResult {
  return {
    ...defaultDescribeConfigsResourceResult(),
    name,
    value,
    readOnly,
    isDefault: source === ConfigSource.DEFAULT_CONFIG,
    configSource: source,
    isSensitive: false,
    synonyms,
    configType: type,
    documentation: doc,
  };
}

export interface DescribeOptions {
  /** Requested names; null or empty means every config. */
  keys: readonly string[] | null;
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

/** DescribeConfigs entries of a topic with these overrides, sorted by name. */
export function describeTopicConfigs(overrides: Readonly<Record<string, string>>, broker: BrokerConfig, opts: DescribeOptions): DescribeConfigsResourceResult[] {
  const out: DescribeConfigsResourceResult[] = [];
  for (const def of listedTopicConfigs(overrides, opts.keys !== null && opts.keys.length > 0 ? opts.keys : null)) {
    if (!wanted(opts.keys, def.name)) continue;
    const override = overrides[def.name];
    const fromBroker = brokerDefaultFor(def, broker);
    const raw = override ?? fromBroker?.value ?? def.defaultValue;
    const value = canonicalConfigValue(def, raw);
    const primary = def.synonyms[0];
    const synonyms = primary === undefined ? [] : brokerSynonyms(primary, broker);
    if (override !== undefined) synonyms.unshift({ name: def.name, value, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    const doc = opts.includeDocumentation ? (TOPIC_DOCS[def.name] ?? null) : null;
    out.push(entry(def.name, value, source, false, def.type, opts.includeSynonyms ? synonyms : [], doc));
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * DescribeConfigs entries of this broker: its known keys plus whatever server.properties and the
 * dynamic broker configs set; the keys Kafka changes at runtime are not read-only.
 */
export function describeBrokerConfigs(broker: BrokerConfig, opts: DescribeOptions): DescribeConfigsResourceResult[] {
  const names = new Set([...Object.keys(BROKER_CONFIGS), ...Object.keys(broker.raw)]);
  const out: DescribeConfigsResourceResult[] = [];
  for (const name of [...names].sort()) {
    if (!wanted(opts.keys, name)) continue;
    const def = BROKER_CONFIGS[name];
    let value = broker.raw[name] ?? def?.defaultValue ?? null;
    if (name === 'node.id' || name === 'broker.id') value = String(broker.nodeId);
    const sensitive = isSensitiveBrokerConfig(name);
    const synonyms = brokerSynonyms(name, broker).map((s) => (sensitive ? { ...s, value: null } : s));
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    const doc = opts.includeDocumentation ? (def?.doc ?? null) : null;
    const e = entry(name, sensitive ? null : value, source, !isDynamicBrokerConfig(name), sensitive ? ConfigType.PASSWORD : (def?.type ?? ConfigType.UNKNOWN), opts.includeSynonyms ? synonyms : [], doc);
    out.push(sensitive ? { ...e, isSensitive: true } : e);
  }
  return out;
}

/** DescribeConfigs of the cluster-default BROKER resource (""): the dynamic defaults only, as Kafka. */
export function describeClusterDefaultConfigs(broker: BrokerConfig, opts: DescribeOptions): DescribeConfigsResourceResult[] {
  const layer = broker.dynamic?.clusterDefault ?? {};
  return Object.keys(layer)
    .sort()
    .filter((name) => wanted(opts.keys, name))
    .map((name) => {
      const value = layer[name] ?? null;
      const source = ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
      const def = BROKER_CONFIGS[name];
      const doc = opts.includeDocumentation ? (def?.doc ?? null) : null;
      return entry(name, value, source, false, def?.type ?? ConfigType.UNKNOWN, opts.includeSynonyms ? [{ name, value, source }] : [], doc);
    });
}

export interface EffectiveConfig {
  name: string;
  value: string;
  source: number;
}

/** A new topic's resolved configs as CreateTopics v5+ reports them, sorted by name. */
export function effectiveTopicConfigs(overrides: Readonly<Record<string, string>>, broker: BrokerConfig): EffectiveConfig[] {
  return listedTopicConfigs(overrides).map((def): EffectiveConfig => {
    const override = overrides[def.name];
    if (override !== undefined) return { name: def.name, value: override, source: ConfigSource.DYNAMIC_TOPIC_CONFIG };
    const fromBroker = brokerDefaultFor(def, broker);
    const primary = def.synonyms[0];
    const source = primary === undefined ? undefined : brokerSynonyms(primary, broker)[0]?.source;
    if (fromBroker !== null) return { name: def.name, value: fromBroker.value, source: source ?? fromBroker.source };
    return { name: def.name, value: def.defaultValue, source: ConfigSource.DEFAULT_CONFIG };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** True when `name` is a topic config whose type is LIST (APPEND/SUBTRACT apply). */
export function isListTopicConfig(name: string): boolean {
  return TOPIC_CONFIG_BY_NAME.get(name)?.type === ConfigType.LIST;
}

/** A topic config that a broker key stands behind (its value is checked as that config's type). */
export function topicConfigOfBrokerKey(key: string): TopicConfigDef | undefined {
  return [...TOPIC_CONFIG_BY_NAME.values()].find((d) => d.synonyms.includes(key));
}

/** Kafka's check of a dynamic broker value (KafkaConfig parse + range); null when fine. */
export function brokerValueProblem(key: string, value: string): string | null {
  const bad = (why: string): string => `Invalid value ${value} for configuration ${key}: ${why}`;
  const t = value.trim();
  if (key.endsWith('.hours') || key.endsWith('.minutes')) {
    return /^[+-]?\d+$/.test(t) && Math.abs(Number(t)) <= 2147483647 ? null : bad('Not a number of type INT');
  }
  if (key === 'log.segment.bytes' && /^[+-]?\d+$/.test(t) && Number(t) < 1048576 && Number(t) >= -2147483648) return bad('Value must be at least 1048576');
  if (LISTENER_CREATION_RATE.test(key)) {
    // Kafka checks the value as the unprefixed key, then ListenerConnectionQuota refuses 0, in these words.
    const problem = brokerValueProblem('max.connection.creation.rate', value);
    if (problem !== null || Number(t) > 0) return problem;
    return `Invalid value org.apache.kafka.common.config.ConfigException: Invalid max.connection.creation.rate ${Number(t)} for configuration Invalid dynamic configuration`;
  }
  if (key === 'max.connections' || key === 'max.connections.per.ip' || key === 'max.connection.creation.rate') {
    if (!/^[+-]?\d+$/.test(t) || Math.abs(Number(t)) > 2147483647) return bad('Not a number of type INT');
    return Number(t) < 0 ? bad('Value must be at least 0') : null;
  }
  const def = topicConfigOfBrokerKey(key);
  if (def === undefined) return null;
  const p = validateTopicConfig(def.name, value);
  return p === null ? null : p.replace(`configuration ${def.name}:`, `configuration ${key}:`);
}

/** admin-common.ts's Outcome (which imports this file, so it cannot be imported here). */
export interface BrokerAlterOutcome {
  errorCode: number;
  errorMessage: string | null;
}

/**
 * Replaces the per-broker (name = node id) or cluster-default (name "") dynamic layer with `next`,
 * after Kafka's checks: keys it cannot change at runtime first ("Cannot update these configs
 * dynamically: [..]", the changed keys in request order), then each new value (also
 * INVALID_REQUEST for a broker resource, as Kafka 4.4 answers).
 */
export function alterBrokerLayer(broker: Broker, name: string, changed: readonly string[], next: Record<string, string>, validateOnly: boolean): BrokerAlterOutcome {
  const readOnly = changed.filter(isReadOnlyBrokerConfig);
  if (readOnly.length > 0) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Cannot update these configs dynamically: [${readOnly.join(', ')}]` };
  for (const k of changed) {
    const v = next[k];
    if (v === undefined) continue;
    const problem = brokerValueProblem(k, v);
    if (problem !== null) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: problem };
  }
  const layer = name === '' ? 'clusterDefault' : 'perBroker';
  try {
    // Checks that span keys (max.connections.per.ip 0 needs overrides) see the whole new config.
    broker.dynamicConfig.check(layer, next);
  } catch (err) {
    return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: (err as Error).message.replace(/^invalid broker config: /, '') };
  }
  if (!validateOnly) {
    broker.dynamicConfig.set(layer, next);
    broker.log(`altered ${name === '' ? 'cluster default' : `broker ${name}`} configs: ${JSON.stringify(next)}`);
  }
  return { errorCode: 0, errorMessage: null };
}

/** The stored dynamic layer a BROKER resource name addresses. */
export function brokerLayer(broker: Broker, name: string): Readonly<Record<string, string>> {
  const l = broker.dynamicConfig.current;
  return name === '' ? l.clusterDefault : l.perBroker;
}

/** BROKER_LOGGER: this broker has one logger, `root`; levels are runtime-only, as Kafka's are. */
const loggerLevels = new WeakMap<Broker, Map<string, string>>();
const LOG_LEVELS = ['DEBUG', 'ERROR', 'FATAL', 'INFO', 'TRACE', 'WARN'];

export function brokerLoggers(broker: Broker): Map<string, string> {
  let m = loggerLevels.get(broker);
  if (m === undefined) {
    m = new Map([['root', 'INFO']]);
    loggerLevels.set(broker, m);
  }
  return m;
}

/** IncrementalAlterConfigs on BROKER_LOGGER, with Kafka 4.4's checks and texts (SET a level, DELETE resets to root's). */
export function alterBrokerLoggers(broker: Broker, configs: readonly { name: string; configOperation: number; value: string | null }[], validateOnly: boolean): BrokerAlterOutcome {
  const loggers = brokerLoggers(broker);
  const next = new Map(loggers);
  for (const c of configs) {
    if (c.configOperation === 2 || c.configOperation === 3) {
      return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `${c.configOperation === 2 ? 'APPEND' : 'SUBTRACT'} operation is not allowed for the BROKER_LOGGER resource` };
    }
    if (c.configOperation === 1 && c.name === 'root') return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Removing the log level of the root logger is not allowed' };
    if (!loggers.has(c.name)) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: `Logger ${c.name} does not exist!` };
    if (c.configOperation === 0) {
      const level = c.value ?? '';
      if (!LOG_LEVELS.includes(level)) {
        return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: `Cannot set the log level of ${c.name} to ${level} as it is not a supported log level. Valid log levels are ${LOG_LEVELS.join(', ')}` };
      }
      next.set(c.name, level);
    }
  }
  if (!validateOnly) {
    for (const [k, v] of next) loggers.set(k, v);
    broker.log(`logger levels: ${JSON.stringify(Object.fromEntries(loggers))}`);
  }
  return { errorCode: 0, errorMessage: null };
}
