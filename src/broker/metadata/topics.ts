import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../protocol/error-codes.js';
import { TkafkaError } from '../../shared/errors.js';
import type { Clock } from '../../shared/clock.js';
import type { BrokerConfig } from '../config.js';
import type { LogConfig } from '../log/config.js';
import { type FilePool, defaultMaxOpenFiles, sharedFilePool } from '../log/file-pool.js';
import { CLEAN_SHUTDOWN_FILE, LEADER_EPOCH_FILE, LOG_START_OFFSET_FILE, PartitionLog, type VirtualDisk } from '../log/partition-log.js';
import { INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX, segmentFileName } from '../log/segment.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { newTopicStats, type TopicStats } from '../metrics/counters.js';
import { effectiveTopicConfig, validateTopicConfig } from './topic-configs.js';

export interface PartitionState {
  readonly topic: TopicState;
  readonly index: number;
  readonly log: PartitionLog;
  /**
   * A single node never changes leader, so the epoch stays where the log's leader-epoch checkpoint
   * has it (0 for a new partition) and never goes backwards; only fault injection's leader move
   * (faults/injector.ts) bumps it.
   */
  leaderEpoch: number;
}

export interface TopicState {
  readonly name: string;
  readonly id: string;
  readonly internal: boolean;
  configs: Record<string, string>;
  partitions: PartitionState[];
  /** Kafka's BrokerTopicMetrics of this topic (messages and bytes in/out), read by the metrics endpoint. */
  readonly stats: TopicStats;
}

interface TopicRecord {
  name: string;
  id: string;
  partitions: number;
  internal: boolean;
  configs: Record<string, string>;
}

/**
 * A topic's metadata file, checked whole. It is only ever replaced atomically, so a damaged one was
 * damaged from outside: the broker refuses to start rather than guess the topic's id, partition
 * count or configs (a lost cleanup.policy=compact would let retention delete its data).
 */
function readTopicRecord(file: string): TopicRecord {
  const name = path.basename(file, '.json');
  const damaged = (why: string): TkafkaError =>
    new TkafkaError('BAD_CONFIG', `The topic metadata file ${file} is not valid (${why}); restore it from a backup, or remove it and the ${name}-<partition> directories to drop the topic.`);
  let rec: Partial<Record<keyof TopicRecord, unknown>>;
  try {
    rec = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<keyof TopicRecord, unknown>>;
  } catch (err) {
    throw damaged(err instanceof SyntaxError ? `not JSON: ${err.message}` : errorText(err));
  }
  if (typeof rec !== 'object' || rec === null) throw damaged('not a JSON object');
  if (rec.name !== name) throw damaged(`its name is ${JSON.stringify(rec.name)}, not ${JSON.stringify(name)}`);
  if (typeof rec.id !== 'string' || rec.id === '') throw damaged('no topic id');
  if (typeof rec.partitions !== 'number' || !Number.isInteger(rec.partitions) || rec.partitions < 1) throw damaged('no partition count');
  const internal = rec.internal ?? false;
  if (typeof internal !== 'boolean') throw damaged('its internal flag is not true or false');
  const configs = rec.configs ?? {};
  if (typeof configs !== 'object' || configs === null || Object.values(configs).some((v) => typeof v !== 'string')) throw damaged('its configs are not strings by name');
  return { name, id: rec.id, partitions: rec.partitions, internal, configs: configs as Record<string, string> };
}

export type TopicResult<T> = { ok: true; value: T } | { ok: false; errorCode: number; message: string };

const MAX_NAME_LENGTH = 249;
const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;
const META_DIR = '.topics';

function fail<T>(errorCode: number, message: string): TopicResult<T> {
  return { ok: false, errorCode, message };
}

/** Kafka's topic name rules, with the KRaft controller's messages (Apache Kafka 4.4). */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'Topic name is invalid: the empty string is not allowed';
  if (name === '.' || name === '..') return `Topic name is invalid: '${name}' is not allowed`;
  if (name.length > MAX_NAME_LENGTH) return `Topic name is invalid: the length of '${name}' is longer than the max allowed length ${MAX_NAME_LENGTH}`;
  if (!LEGAL_NAME.test(name)) return `Topic name is invalid: '${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`;
  return null;
}

/** What a new partition's directory can hold when its creation is rolled back. */
const NEW_PARTITION_FILES = [
  segmentFileName(0, LOG_SUFFIX), segmentFileName(0, INDEX_SUFFIX), segmentFileName(0, TIME_INDEX_SUFFIX),
  LEADER_EPOCH_FILE, LOG_START_OFFSET_FILE, CLEAN_SHUTDOWN_FILE,
];

/**
 * Removes a partition directory made by a creation that failed. Out of descriptors, listing the
 * directory may fail too, so the files a new partition can have are unlinked by name (no descriptor
 * needed) before the directory itself.
 */
function removeNewPartitionDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  } catch {
    // Fall through to the by-name removal.
  }
  for (const name of NEW_PARTITION_FILES) fs.rmSync(path.join(dir, name), { force: true });
  fs.rmdirSync(dir);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function newTopicId(): string {
  // Kafka never hands out the zero uuid or ids whose base64 starts with '-'.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && id !== 'AAAAAAAAAAAAAAAAAAAAAA') return id;
  }
}

/**
 * Topics, their partitions' logs and their configs. Topic metadata lives in one small JSON file
 * per topic under `.topics/`, written atomically, next to Kafka-style `<topic>-<n>` partition dirs.
 */
export class TopicManager {
  private readonly topics = new Map<string, TopicState>();
  private readonly byId = new Map<string, TopicState>();
  private readonly dataDir: string;
  private broker: BrokerConfig;
  private readonly clock: Clock;
  /** The descriptors of every partition's segment and index files (the process's pool, capped by log.max.open.files). */
  readonly files: FilePool;
  /** The broker's disk as its logs see it: fault injection fills it virtually (faults/injector.ts). */
  readonly disk: VirtualDisk = { full: false };

  constructor(dataDir: string, broker: BrokerConfig, clock: Clock, files: FilePool = sharedFilePool()) {
    this.dataDir = dataDir;
    this.broker = broker;
    this.clock = clock;
    this.files = files;
    this.files.setCapacity(broker.logMaxOpenFiles ?? defaultMaxOpenFiles());
  }

  /** Loads every persisted topic and recovers its partition logs. */
  load(): void {
    const dir = path.join(this.dataDir, META_DIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      this.materialize(readTopicRecord(path.join(dir, file)));
    }
  }

  get(name: string): TopicState | undefined {
    return this.topics.get(name);
  }

  getById(id: string): TopicState | undefined {
    return this.byId.get(id);
  }

  list(): TopicState[] {
    return [...this.topics.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  partition(topic: string, index: number): PartitionState | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  logConfigFor(overrides: Readonly<Record<string, string>>): LogConfig {
    const get = (n: string): string => effectiveTopicConfig(n, overrides, this.broker);
    const long = (n: string): number => Math.min(Number(get(n)), Number.MAX_SAFE_INTEGER);
    const policy = get('cleanup.policy').split(',').map((s) => s.trim()).sort().join(',');
    return {
      segmentBytes: long('segment.bytes'),
      segmentMs: long('segment.ms'),
      retentionMs: long('retention.ms'),
      retentionBytes: long('retention.bytes'),
      indexIntervalBytes: long('index.interval.bytes'),
      flushIntervalMessages: long('flush.messages'),
      flushMs: long('flush.ms'),
      cleanupPolicy: policy === 'compact' ? 'compact' : policy === 'compact,delete' ? 'compact,delete' : 'delete',
      deleteRetentionMs: long('delete.retention.ms'),
      minCleanableDirtyRatio: Number(get('min.cleanable.dirty.ratio')),
      minCompactionLagMs: long('min.compaction.lag.ms'),
      maxCompactionLagMs: long('max.compaction.lag.ms'),
      maxMessageBytes: long('max.message.bytes'),
      messageTimestampType: get('message.timestamp.type') === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime',
    };
  }

  create(
    name: string,
    numPartitions: number,
    configs: Readonly<Record<string, string>>,
    opts: { validateOnly?: boolean; internal?: boolean } = {},
  ): TopicResult<TopicState | null> {
    const nameProblem = topicNameProblem(name);
    if (nameProblem !== null) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    if (this.topics.has(name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    if (!opts.internal && name.startsWith('__')) {
      // Kafka allows such names but they collide with internal topics in practice; only warn-level in Kafka.
    }
    const collision = this.list().find((t) => t.name.replace(/\./g, '_') === name.replace(/\./g, '_'));
    if (collision !== undefined) {
      return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${name}' collides with existing topic: ${collision.name}`);
    }
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    }
    for (const [k, v] of Object.entries(configs)) {
      const problem = validateTopicConfig(k, v);
      if (problem !== null) return fail(ErrorCode.INVALID_CONFIG, problem);
    }
    if (opts.validateOnly === true) return { ok: true, value: null };
    const rec: TopicRecord = { name, id: newTopicId(), partitions: numPartitions, internal: opts.internal === true, configs: { ...configs } };
    // Logs first, then the record that makes the topic exist: a failure in either undoes both, so
    // nothing is left half made (a crash in between leaves orphan directories, never a topic without logs).
    const t: TopicState = { name: rec.name, id: rec.id, internal: rec.internal, configs: { ...rec.configs }, partitions: [], stats: newTopicStats() };
    const opened = this.openPartitions(t, 0, numPartitions);
    if (!opened.ok) return opened;
    try {
      this.persist(rec);
    } catch (err) {
      this.rollBack(t, 0, opened.value);
      return this.storageError(`Error while creating topic ${name}: ${errorText(err)}`);
    }
    this.topics.set(t.name, t);
    this.byId.set(t.id, t);
    return { ok: true, value: t };
  }

  /**
   * Opens partitions [from, to) of `t` into `t.partitions`; answers the indexes whose directories it
   * made. On a failure (out of descriptors, disk
   * full, an unwritable directory) closes and removes every one opened here and answers
   * KAFKA_STORAGE_ERROR with Kafka's LogManager wording, the cause appended.
   */
  private openPartitions(t: TopicState, from: number, to: number): TopicResult<ReadonlySet<number>> {
    const logConfig = this.logConfigFor(t.configs);
    // Only directories made here are removed on failure: never a file or directory found in the way.
    const made = new Set<number>();
    for (let i = from; i < to; i++) {
      try {
        if (!fs.existsSync(this.partitionDir(t.name, i))) made.add(i);
        t.partitions.push(this.openPartition(t, i, logConfig));
      } catch (err) {
        const problem = this.rollBack(t, from, made, i);
        return this.storageError(`Error while creating log for ${t.name}-${i} in dir ${this.dataDir}: ${errorText(err)}${problem}`);
      }
    }
    return { ok: true, value: made };
  }

  /**
   * Closes partitions from `from` on, removing those whose directories are in `made`, and the
   * directory of `failed`, whose open threw, if it was made here.
   */
  private rollBack(t: TopicState, from: number, made: ReadonlySet<number>, failed?: number): string {
    const doomed = t.partitions.splice(from);
    let problem = '';
    for (const p of doomed) {
      try {
        if (made.has(p.index)) p.log.delete();
        else p.log.close();
      } catch (err) {
        problem = ` (and removing ${p.log.dir} failed: ${errorText(err)})`;
      }
    }
    if (failed !== undefined && made.has(failed)) {
      const dir = this.partitionDir(t.name, failed);
      try {
        removeNewPartitionDir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problem = ` (and removing ${dir} failed: ${errorText(err)})`;
      }
    }
    return problem;
  }

  private storageError<T>(message: string): TopicResult<T> {
    return fail(ErrorCode.KAFKA_STORAGE_ERROR, message);
  }

  delete(name: string): TopicResult<TopicState> {
    const t = this.topics.get(name);
    if (t === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.');
    if (!this.broker.deleteTopicEnable) return fail(ErrorCode.TOPIC_DELETION_DISABLED, 'Topic deletion is disabled.');
    // Metadata first: a crash half-way leaves orphan partition dirs, never a topic with missing logs.
    fs.rmSync(this.metaPath(name), { force: true });
    this.topics.delete(name);
    this.byId.delete(t.id);
    for (const p of t.partitions) p.log.delete();
    return { ok: true, value: t };
  }

  addPartitions(name: string, total: number, validateOnly: boolean): TopicResult<TopicState> {
    const t = this.topics.get(name);
    if (t === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`);
    const current = t.partitions.length;
    if (total === current) return fail(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partition(s).`);
    if (total < current) {
      return fail(ErrorCode.INVALID_PARTITIONS, `The topic ${name} currently has ${current} partition(s); ${total} would not be an increase.`);
    }
    if (validateOnly) return { ok: true, value: t };
    const opened = this.openPartitions(t, current, total);
    if (!opened.ok) return opened;
    try {
      this.persist(this.recordOf(t));
    } catch (err) {
      this.rollBack(t, current, opened.value);
      return this.storageError(`Error while adding partitions to topic ${name}: ${errorText(err)}`);
    }
    return { ok: true, value: t };
  }

  /** Replaces (alter) or patches (incremental) a topic's overrides after validating every entry. */
  setConfigs(name: string, configs: Record<string, string>, validateOnly: boolean): TopicResult<TopicState> {
    const t = this.topics.get(name);
    if (t === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic ${name} does not exist.`);
    for (const [k, v] of Object.entries(configs)) {
      const problem = validateTopicConfig(k, v);
      if (problem !== null) return fail(ErrorCode.INVALID_CONFIG, problem);
    }
    if (validateOnly) return { ok: true, value: t };
    t.configs = { ...configs };
    this.persist(this.recordOf(t));
    const logConfig = this.logConfigFor(t.configs);
    for (const p of t.partitions) p.log.updateConfig(logConfig);
    return { ok: true, value: t };
  }

  /** Broker-level changes (e.g. dynamic defaults) re-derive every topic's log config. */
  setBrokerConfig(broker: BrokerConfig): void {
    this.broker = broker;
    this.files.setCapacity(broker.logMaxOpenFiles ?? defaultMaxOpenFiles());
    for (const t of this.topics.values()) {
      const lc = this.logConfigFor(t.configs);
      for (const p of t.partitions) p.log.updateConfig(lc);
    }
  }

  close(sync = true): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.log.close(sync);
  }

  /** Closes every log without a clean shutdown (PartitionLog.abandon). */
  abandon(): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.log.abandon();
  }

  private recordOf(t: TopicState): TopicRecord {
    return { name: t.name, id: t.id, partitions: t.partitions.length, internal: t.internal, configs: { ...t.configs } };
  }

  private metaPath(name: string): string {
    return path.join(this.dataDir, META_DIR, `${name}.json`);
  }

  private persist(rec: TopicRecord): void {
    writeFileAtomic(this.metaPath(rec.name), `${JSON.stringify(rec, null, 2)}\n`);
  }

  private materialize(rec: TopicRecord): TopicState {
    const t: TopicState = { name: rec.name, id: rec.id, internal: rec.internal, configs: { ...rec.configs }, partitions: [], stats: newTopicStats() };
    const logConfig = this.logConfigFor(t.configs);
    for (let i = 0; i < rec.partitions; i++) t.partitions.push(this.openPartition(t, i, logConfig));
    this.topics.set(t.name, t);
    this.byId.set(t.id, t);
    return t;
  }

  private partitionDir(topic: string, index: number): string {
    return path.join(this.dataDir, `${topic}-${index}`);
  }

  private openPartition(t: TopicState, index: number, logConfig: LogConfig): PartitionState {
    const log = PartitionLog.open(this.partitionDir(t.name, index), logConfig, this.clock, { files: this.files, disk: this.disk });
    return { topic: t, index, leaderEpoch: log.leaderEpoch, log };
  }
}
