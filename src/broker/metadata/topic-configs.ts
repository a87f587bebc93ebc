import type { BrokerConfig } from '../config.js';

/** Kafka's DescribeConfigs config types (ConfigType in the spec). */
export const ConfigType = {
  UNKNOWN: 0,
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  SHORT: 4,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
  CLASS: 8,
  PASSWORD: 9,
} as const;

/** Kafka's config sources as DescribeConfigs puts them on the wire (DescribeConfigsResponse.ConfigSource ids). */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
  CLIENT_METRICS_CONFIG: 7,
  GROUP_CONFIG: 8,
} as const;

const LONG_MAX = '9223372036854775807';

export interface TopicConfigDef {
  name: string;
  type: (typeof ConfigType)[keyof typeof ConfigType];
  /** Kafka's default when neither the topic nor the broker sets it. */
  defaultValue: string;
  /** Broker-level keys that supply the default, most specific first (Kafka's synonyms). */
  synonyms: readonly string[];
  /** Returns an error message for an invalid value. */
  validate?: (value: string) => string | null;
}

// Range and choice checks run after the value has parsed as its type; they return Kafka's reason text.
const isLong = (min: number) => (v: string): string | null => (Number(v) < min ? `Value must be at least ${min}` : null);
const between = (min: number, max: number) => (v: string): string | null =>
  Number(v) < min ? `Value must be at least ${min}` : Number(v) > max ? `Value must be no more than ${max}` : null;
const oneOf = (...allowed: string[]) => (v: string): string | null =>
  allowed.includes(v) ? null : `String must be one of: ${allowed.join(', ')}`;

/** Every topic-level config Kafka documents, with its default and broker synonyms. */
export const TOPIC_CONFIGS: readonly TopicConfigDef[] = [
  {
    name: 'cleanup.policy', type: ConfigType.LIST, defaultValue: 'delete', synonyms: ['log.cleanup.policy'],
    validate: oneOf('compact', 'delete'),
  },
  { name: 'compression.type', type: ConfigType.STRING, defaultValue: 'producer', synonyms: ['compression.type'], validate: oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer') },
  { name: 'compression.gzip.level', type: ConfigType.INT, defaultValue: '-1', synonyms: ['compression.gzip.level'] },
  { name: 'compression.lz4.level', type: ConfigType.INT, defaultValue: '9', synonyms: ['compression.lz4.level'] },
  { name: 'compression.zstd.level', type: ConfigType.INT, defaultValue: '3', synonyms: ['compression.zstd.level'] },
  { name: 'delete.retention.ms', type: ConfigType.LONG, defaultValue: '86400000', synonyms: ['log.cleaner.delete.retention.ms'], validate: isLong(0) },
  { name: 'errors.deadletterqueue.group.enable', type: ConfigType.BOOLEAN, defaultValue: 'false', synonyms: [] },
  { name: 'file.delete.delay.ms', type: ConfigType.LONG, defaultValue: '60000', synonyms: ['log.segment.delete.delay.ms'], validate: isLong(0) },
  { name: 'flush.messages', type: ConfigType.LONG, defaultValue: LONG_MAX, synonyms: ['log.flush.interval.messages'], validate: isLong(1) },
  { name: 'flush.ms', type: ConfigType.LONG, defaultValue: LONG_MAX, synonyms: ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'], validate: isLong(0) },
  { name: 'follower.replication.throttled.replicas', type: ConfigType.LIST, defaultValue: '', synonyms: ['follower.replication.throttled.replicas'] },
  { name: 'index.interval.bytes', type: ConfigType.INT, defaultValue: '4096', synonyms: ['log.index.interval.bytes'], validate: isLong(0) },
  { name: 'leader.replication.throttled.replicas', type: ConfigType.LIST, defaultValue: '', synonyms: ['leader.replication.throttled.replicas'] },
  { name: 'local.retention.bytes', type: ConfigType.LONG, defaultValue: '-2', synonyms: ['log.local.retention.bytes'], validate: isLong(-2) },
  { name: 'local.retention.ms', type: ConfigType.LONG, defaultValue: '-2', synonyms: ['log.local.retention.ms'], validate: isLong(-2) },
  { name: 'max.compaction.lag.ms', type: ConfigType.LONG, defaultValue: LONG_MAX, synonyms: ['log.cleaner.max.compaction.lag.ms'], validate: isLong(1) },
  { name: 'max.decompressed.message.bytes', type: ConfigType.INT, defaultValue: '2147483639', synonyms: ['max.decompressed.message.bytes'] },
  { name: 'max.message.bytes', type: ConfigType.INT, defaultValue: '1048588', synonyms: ['message.max.bytes'], validate: isLong(0) },
  { name: 'message.timestamp.after.max.ms', type: ConfigType.LONG, defaultValue: '3600000', synonyms: ['log.message.timestamp.after.max.ms'], validate: isLong(0) },
  { name: 'message.timestamp.before.max.ms', type: ConfigType.LONG, defaultValue: LONG_MAX, synonyms: ['log.message.timestamp.before.max.ms'], validate: isLong(0) },
  { name: 'message.timestamp.type', type: ConfigType.STRING, defaultValue: 'CreateTime', synonyms: ['log.message.timestamp.type'], validate: oneOf('CreateTime', 'LogAppendTime') },
  { name: 'min.cleanable.dirty.ratio', type: ConfigType.DOUBLE, defaultValue: '0.5', synonyms: ['log.cleaner.min.cleanable.ratio'], validate: between(0, 1) },
  { name: 'min.compaction.lag.ms', type: ConfigType.LONG, defaultValue: '0', synonyms: ['log.cleaner.min.compaction.lag.ms'], validate: isLong(0) },
  { name: 'min.insync.replicas', type: ConfigType.INT, defaultValue: '1', synonyms: ['min.insync.replicas'], validate: isLong(1) },
  { name: 'preallocate', type: ConfigType.BOOLEAN, defaultValue: 'false', synonyms: ['log.preallocate'] },
  { name: 'remote.copy.lag.bytes', type: ConfigType.LONG, defaultValue: '-1', synonyms: ['log.remote.copy.lag.bytes'] },
  { name: 'remote.copy.lag.ms', type: ConfigType.LONG, defaultValue: '0', synonyms: ['log.remote.copy.lag.ms'] },
  { name: 'remote.log.copy.disable', type: ConfigType.BOOLEAN, defaultValue: 'false', synonyms: [] },
  { name: 'remote.log.delete.on.disable', type: ConfigType.BOOLEAN, defaultValue: 'false', synonyms: [] },
  { name: 'remote.storage.enable', type: ConfigType.BOOLEAN, defaultValue: 'false', synonyms: [] },
  { name: 'retention.bytes', type: ConfigType.LONG, defaultValue: '-1', synonyms: ['log.retention.bytes'], validate: isLong(-1) },
  { name: 'retention.ms', type: ConfigType.LONG, defaultValue: '604800000', synonyms: ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'], validate: isLong(-1) },
  { name: 'segment.bytes', type: ConfigType.INT, defaultValue: '1073741824', synonyms: ['log.segment.bytes'], validate: isLong(14) },
  { name: 'segment.index.bytes', type: ConfigType.INT, defaultValue: '10485760', synonyms: ['log.index.size.max.bytes'], validate: isLong(4) },
  { name: 'segment.jitter.ms', type: ConfigType.LONG, defaultValue: '0', synonyms: ['log.roll.jitter.ms', 'log.roll.jitter.hours'], validate: isLong(0) },
  { name: 'segment.ms', type: ConfigType.LONG, defaultValue: '604800000', synonyms: ['log.roll.ms', 'log.roll.hours'], validate: isLong(1) },
  { name: 'unclean.leader.election.enable', type: ConfigType.BOOLEAN, defaultValue: 'false', synonyms: ['unclean.leader.election.enable'] },
];

/**
 * Topic configs Kafka 3.x has and 4.0 removed (KIP-724, KIP-937): accepted on create and alter, as
 * older clients and scripts still send them, stored as overrides, and listed by DescribeConfigs only
 * when the topic overrides them or they are asked for by name (Kafka 4's full listing has none of
 * them). message.downconversion.enable decides whether Fetch v0–3 gets down-converted data.
 */
export const LEGACY_TOPIC_CONFIGS: readonly TopicConfigDef[] = [
  { name: 'message.downconversion.enable', type: ConfigType.BOOLEAN, defaultValue: 'true', synonyms: ['log.message.downconversion.enable'] },
  { name: 'message.format.version', type: ConfigType.STRING, defaultValue: '3.0-IV1', synonyms: ['log.message.format.version'] },
  { name: 'message.timestamp.difference.max.ms', type: ConfigType.LONG, defaultValue: LONG_MAX, synonyms: ['log.message.timestamp.difference.max.ms'], validate: isLong(0) },
];

export const TOPIC_CONFIG_BY_NAME: ReadonlyMap<string, TopicConfigDef> = new Map([...TOPIC_CONFIGS, ...LEGACY_TOPIC_CONFIGS].map((d) => [d.name, d]));

/** The topic configs a listing shows: every current one, plus the legacy ones overridden or asked for by name. */
export function listedTopicConfigs(overrides: Readonly<Record<string, string>>, keys: readonly string[] | null = null): TopicConfigDef[] {
  const legacy = LEGACY_TOPIC_CONFIGS.filter((d) => overrides[d.name] !== undefined || (keys !== null && keys.includes(d.name)));
  return legacy.length === 0 ? [...TOPIC_CONFIGS] : [...TOPIC_CONFIGS, ...legacy];
}

const NUMBER_RANGE: Partial<Record<number, readonly [bigint, bigint]>> = {
  [ConfigType.SHORT]: [-32768n, 32767n],
  [ConfigType.INT]: [-2147483648n, 2147483647n],
  [ConfigType.LONG]: [-9223372036854775808n, 9223372036854775807n],
};
const TYPE_NAMES: Record<number, string> = { 3: 'INT', 4: 'SHORT', 5: 'LONG', 6: 'DOUBLE' };

/** Java's Double.toString for the values configs use (whole numbers keep a ".0"). */
export function javaDoubleString(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e7 ? n.toFixed(1) : String(n);
}

/** Kafka's LIST parsing: an empty value is an empty list; items are split on commas, spaces trimmed. */
export function parseConfigList(value: string): string[] {
  const t = value.trim();
  return t === '' ? [] : t.split(/\s*,\s*/);
}

/**
 * Validates one topic config entry the way Kafka's LogConfig does (parse as the declared type, then
 * the range/choice check) and returns Kafka's message, or null when the value is fine.
 */
export function validateTopicConfig(name: string, value: string | null): string | null {
  const def = TOPIC_CONFIG_BY_NAME.get(name);
  if (def === undefined) return `Unknown topic config name: ${name}`;
  if (value === null) return null;
  const bad = (shown: string, reason: string): string => `Invalid value ${shown} for configuration ${name}: ${reason}`;
  const t = value.trim();
  let shown = t;
  const range = NUMBER_RANGE[def.type];
  if (range !== undefined) {
    if (!/^[+-]?\d+$/.test(t) || BigInt(t) < range[0] || BigInt(t) > range[1]) return bad(value, `Not a number of type ${TYPE_NAMES[def.type] ?? ''}`);
    shown = BigInt(t).toString();
  } else if (def.type === ConfigType.DOUBLE) {
    if (t === '' || Number.isNaN(Number(t))) return bad(value, 'Not a number of type DOUBLE');
    shown = javaDoubleString(Number(t));
  } else if (def.type === ConfigType.BOOLEAN) {
    if (t.toLowerCase() !== 'true' && t.toLowerCase() !== 'false') return bad(value, 'Expected value to be either true or false');
    if (name === 'remote.storage.enable' && t.toLowerCase() === 'true') {
      return 'Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.';
    }
  }
  if (def.validate === undefined) return null;
  if (def.type === ConfigType.LIST) {
    for (const item of parseConfigList(value)) {
      const reason = def.validate(item);
      if (reason !== null) return bad(item, reason);
    }
    return null;
  }
  const reason = def.validate(shown);
  return reason === null ? null : bad(shown, reason);
}

/** The broker-level value that stands behind a topic config, converted to the topic's unit. */
export function brokerDefaultFor(def: TopicConfigDef, broker: BrokerConfig): { value: string; source: number; synonym: string } | null {
  for (const syn of def.synonyms) {
    const raw = broker.raw[syn];
    if (raw === undefined) continue;
    let value = raw;
    if (syn.endsWith('.hours')) value = String(Number(raw) * 3_600_000);
    else if (syn.endsWith('.minutes')) value = String(Number(raw) * 60_000);
    return { value, source: ConfigSource.STATIC_BROKER_CONFIG, synonym: syn };
  }
  return null;
}

/** Effective value of a topic config: topic override, then broker setting, then Kafka's default. */
export function effectiveTopicConfig(name: string, overrides: Readonly<Record<string, string>>, broker: BrokerConfig): string {
  const o = overrides[name];
  if (o !== undefined) return o;
  const def = TOPIC_CONFIG_BY_NAME.get(name);
  if (def === undefined) return '';
  return brokerDefaultFor(def, broker)?.value ?? def.defaultValue;
}
