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
  /** min.cleanable.dirty.ratio: the cleaner picks a log once its dirty share exceeds this. */
  minCleanableDirtyRatio: number;
  /** min.compaction.lag.ms: segments holding a record younger than this are not cleaned. */
  minCompactionLagMs: number;
  /** max.compaction.lag.ms: a dirty record older than this makes the log cleanable whatever its ratio. */
  maxCompactionLagMs: number;
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
  minCleanableDirtyRatio: 0.5,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
  maxMessageBytes: 1048588,
  messageTimestampType: 'CreateTime',
});

export function makeLogConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides };
}

export function hasDeletePolicy(policy: CleanupPolicy): boolean {
  return policy !== 'compact';
}

export function hasCompactPolicy(policy: CleanupPolicy): boolean {
  return policy !== 'delete';
}
