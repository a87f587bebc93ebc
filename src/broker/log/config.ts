// Per-partition log settings. Field defaults are Kafka's topic-level defaults (LogConfig / ServerLogConfigs).

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';
export type MessageTimestampType = 'CreateTime' | 'LogAppendTime';

export interface LogConfig {
  /** segment.bytes: roll when the next batch would take the active segment past this size. */
  segmentBytes: number;
  /** segment.ms: roll once this long has passed since the active segment's first append. */
  segmentMs: number;
  /** retention.ms: -1 = keep forever. */
  retentionMs: number;
  /** retention.bytes: -1 = unlimited. */
  retentionBytes: number;
  /** index.interval.bytes: log bytes between sparse offset-index entries. */
  indexIntervalBytes: number;
  /** flush.messages: fsync once this many messages are unflushed. */
  flushIntervalMessages: number;
  /** flush.ms: fsync once unflushed data is this old. */
  flushMs: number;
  cleanupPolicy: CleanupPolicy;
  /** delete.retention.ms: how long compaction keeps tombstones. */
  deleteRetentionMs: number;
  /** max.message.bytes: largest batch accepted. */
  maxMessageBytes: number;
  messageTimestampType: MessageTimestampType;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * DAY_MS,
  retentionMs: 7 * DAY_MS,
  retentionBytes: -1,
  indexIntervalBytes: 4096,
  flushIntervalMessages: Number.MAX_SAFE_INTEGER,
  flushMs: Number.MAX_SAFE_INTEGER,
  cleanupPolicy: 'delete',
  deleteRetentionMs: DAY_MS,
  maxMessageBytes: 1048588,
  messageTimestampType: 'CreateTime',
});

export function makeLogConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides };
}

/** Kafka topic config name → LogConfig field. */
export const TOPIC_CONFIG_FIELDS = {
  'segment.bytes': 'segmentBytes',
  'segment.ms': 'segmentMs',
  'retention.ms': 'retentionMs',
  'retention.bytes': 'retentionBytes',
  'index.interval.bytes': 'indexIntervalBytes',
  'flush.messages': 'flushIntervalMessages',
  'flush.ms': 'flushMs',
  'cleanup.policy': 'cleanupPolicy',
  'delete.retention.ms': 'deleteRetentionMs',
  'max.message.bytes': 'maxMessageBytes',
  'message.timestamp.type': 'messageTimestampType',
} as const satisfies Record<string, keyof LogConfig>;

export type TopicConfigName = keyof typeof TOPIC_CONFIG_FIELDS;

export class InvalidLogConfigError extends Error {
  override readonly name = 'InvalidLogConfigError';
  readonly configName: string;

  constructor(configName: string, value: string, reason: string) {
    super(`Invalid value ${value} for configuration ${configName}: ${reason}`);
    this.configName = configName;
  }
}

function parseNumber(name: string, raw: string, min: number): number {
  const text = raw.trim();
  if (!/^-?\d+$/.test(text)) throw new InvalidLogConfigError(name, raw, 'Not a number of type LONG');
  // Kafka's Long.MAX_VALUE defaults do not fit a double exactly; anything that large means "never".
  const n = Math.min(Number(text), Number.MAX_SAFE_INTEGER);
  if (n < min) throw new InvalidLogConfigError(name, raw, `Value must be at least ${min}`);
  return n;
}

function parseCleanupPolicy(raw: string): CleanupPolicy {
  const parts = new Set(raw.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0));
  for (const p of parts) {
    if (p !== 'compact' && p !== 'delete') throw new InvalidLogConfigError('cleanup.policy', raw, 'String must be one of: compact, delete');
  }
  if (parts.has('compact') && parts.has('delete')) return 'compact,delete';
  if (parts.has('compact')) return 'compact';
  if (parts.has('delete')) return 'delete';
  throw new InvalidLogConfigError('cleanup.policy', raw, 'at least one of compact, delete is required');
}

/**
 * Applies Kafka-named topic configs (as strings, as they arrive in CreateTopics/AlterConfigs) on top of
 * `base`. Names that are not log settings are ignored; bad values throw InvalidLogConfigError.
 */
export function logConfigFromTopicConfigs(configs: Readonly<Record<string, string>>, base: Readonly<LogConfig> = DEFAULT_LOG_CONFIG): LogConfig {
  const out: LogConfig = { ...base };
  for (const [name, raw] of Object.entries(configs)) {
    switch (name) {
      case 'segment.bytes':
        out.segmentBytes = parseNumber(name, raw, 14);
        if (out.segmentBytes > 0x7fffffff) throw new InvalidLogConfigError(name, raw, 'Value must be no more than 2147483647');
        break;
      case 'segment.ms':
        out.segmentMs = parseNumber(name, raw, 1);
        break;
      case 'retention.ms':
        out.retentionMs = parseNumber(name, raw, -1);
        break;
      case 'retention.bytes':
        out.retentionBytes = parseNumber(name, raw, -1);
        break;
      case 'index.interval.bytes':
        out.indexIntervalBytes = parseNumber(name, raw, 0);
        break;
      case 'flush.messages':
        out.flushIntervalMessages = parseNumber(name, raw, 1);
        break;
      case 'flush.ms':
        out.flushMs = parseNumber(name, raw, 0);
        break;
      case 'cleanup.policy':
        out.cleanupPolicy = parseCleanupPolicy(raw);
        break;
      case 'delete.retention.ms':
        out.deleteRetentionMs = parseNumber(name, raw, 0);
        break;
      case 'max.message.bytes':
        out.maxMessageBytes = parseNumber(name, raw, 0);
        break;
      case 'message.timestamp.type':
        if (raw !== 'CreateTime' && raw !== 'LogAppendTime') throw new InvalidLogConfigError(name, raw, 'String must be one of: CreateTime, LogAppendTime');
        out.messageTimestampType = raw;
        break;
      default:
        break;
    }
  }
  return out;
}

export function hasDeletePolicy(policy: CleanupPolicy): boolean {
  return policy !== 'compact';
}

export function hasCompactPolicy(policy: CleanupPolicy): boolean {
  return policy !== 'delete';
}
