import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type IsolationLevel, type NativeClient, type TopicInfo } from '../../client/native/client.js';
import { NativeConsumer, type ConsumerPosition, type ResetPolicy } from '../../client/native/consumer.js';
import { TkafkaError } from '../../shared/errors.js';
import { formatRecord, type BatchContext, type FormattableRecord, type FormatterConfig } from './formatter.js';
import type { RecordDecoders } from '../serde/decode.js';
import { toJsonLine } from './json-record.js';
import { FLUSH_AT, OutputBuffer, type ByteSink } from './output.js';

/** Where to start reading each partition. */
export type StartPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: bigint }
  /** First offset with a timestamp >= this (epoch ms); the end when there is none. */
  | { kind: 'time'; timestamp: bigint }
  /** The last `count` records of each partition. */
  | { kind: 'tail'; count: bigint };

export type StopReason = 'max-messages' | 'timeout' | 'end' | 'interrupt';

export interface ConsumeResult {
  count: number;
  reason: StopReason;
}

/** Output and stop conditions shared by the native and the group loop. */
export interface ConsumeOutput {
  format: 'text' | 'json';
  formatter: FormatterConfig;
  sink: ByteSink;
  maxMessages?: number | undefined;
  /** Stop after this long without a message (Kafka's --timeout-ms; exit 0). */
  timeoutMs?: number | undefined;
  skipMessageOnError: boolean;
  /** One line to stderr (errors of skipped messages). */
  warn: (line: string) => void;
  /** Resolves on Ctrl-C. */
  interrupted: Promise<void>;
  /** Updated as records are printed, so the caller can report a count even after an error. */
  stats?: { count: number } | undefined;
  /** --key-format/--value-format: schema'd keys and values (the text formatter's deserializers decode with them too). */
  decoders?: RecordDecoders | undefined;
}

/** What both native loops (direct assignment and group member) take. */
export interface NativeLoopOptions extends ConsumeOutput {
  start: StartPosition;
  /** Where a partition without a committed offset, found later, or out of range, starts (auto.offset.reset). */
  resetPolicy: ResetPolicy;
  /** Stop once every partition reached the end it had when it was first read. */
  exitAtEnd: boolean;
  isolationLevel: IsolationLevel;
  fetch: { maxWaitMs: number; minBytes: number; maxBytes: number; partitionMaxBytes: number };
  /** How often to look for new partitions / matching topics (0: never). */
  discoveryIntervalMs: number;
}

export interface NativeConsumeOptions extends NativeLoopOptions {
  subscription: { topic: string; partition?: number | undefined } | { pattern: RegExp };
  /** Ask the broker to create a missing topic (allow.auto.create.topics; default true, as Kafka's consumer). */
  autoCreateTopics?: boolean | undefined;
}

/** Formats records into the buffer and counts them; shared by both loops. */
export class RecordWriter {
  readonly out = new OutputBuffer();
  count = 0;
  private readonly opts: ConsumeOutput;

  constructor(opts: ConsumeOutput) {
    this.opts = opts;
  }

  get full(): boolean {
    return this.opts.maxMessages !== undefined && this.count >= this.opts.maxMessages;
  }

  /** Fetches the schemas `records` need before `write` (null: nothing to fetch, the usual case). */
  prepare(records: readonly FormattableRecord[]): Promise<void> | null {
    return this.opts.decoders === undefined ? null : this.opts.decoders.prepare(records);
  }

  /** Writes records until done or max-messages; returns how many of `records` were taken. */
  write(ctx: BatchContext, records: readonly FormattableRecord[]): number {
    const json = this.opts.format === 'json';
    let i = 0;
    for (; i < records.length && !this.full; i++) {
      const r = records[i] as FormattableRecord;
      try {
        if (json) this.out.utf8(toJsonLine(ctx, r, this.opts.decoders));
        else formatRecord(this.out, ctx, r, this.opts.formatter);
      } catch (err) {
        if (!this.opts.skipMessageOnError) {
          // A record that is not in the wire format (or whose schema is gone) names itself.
          if (err instanceof TkafkaError && err.name === 'SchemaDecodeError') {
            throw new TkafkaError(err.code, `Error processing message ${ctx.topic}-${ctx.partition}@${r.offset}: ${err.message}`, { hint: '--skip-message-on-error skips such records.' });
          }
          throw err;
        }
        this.opts.warn(`Error processing message ${ctx.topic}-${ctx.partition}@${r.offset}, skipping it: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.count++;
    }
    if (this.opts.stats !== undefined) this.opts.stats.count = this.count;
    return i;
  }

  async flushIfLarge(): Promise<void> {
    if (this.out.length >= FLUSH_AT) await this.out.flushTo(this.opts.sink);
  }

  flush(): Promise<void> {
    return this.out.flushTo(this.opts.sink);
  }
}

export function partitionsOf(topics: readonly TopicInfo[]): Array<{ topic: string; partition: number }> {
  return topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
}

/** Start offsets for `parts` (EARLIEST/LATEST_TIMESTAMP where ListOffsets resolves them later). */
export async function resolveStart(client: NativeClient, parts: ReadonlyArray<{ topic: string; partition: number }>, start: StartPosition, isolation: IsolationLevel): Promise<ConsumerPosition[]> {
  if (parts.length === 0) return [];
  switch (start.kind) {
    case 'earliest':
      return parts.map((p) => ({ ...p, offset: EARLIEST_TIMESTAMP }));
    case 'latest':
      return parts.map((p) => ({ ...p, offset: LATEST_TIMESTAMP }));
    case 'offset':
      return parts.map((p) => ({ ...p, offset: start.offset }));
    case 'time': {
      const at = await client.listOffsets(parts.map((p) => ({ ...p, timestamp: start.timestamp })), isolation);
      return parts.map((p) => {
        const o = at.get(`${p.topic}:${p.partition}`)?.offset ?? -1n;
        return { ...p, offset: o >= 0n ? o : LATEST_TIMESTAMP };
      });
    }
    case 'tail': {
      const [first, last] = await Promise.all([
        client.listOffsets(parts.map((p) => ({ ...p, timestamp: EARLIEST_TIMESTAMP })), isolation),
        client.listOffsets(parts.map((p) => ({ ...p, timestamp: LATEST_TIMESTAMP })), isolation),
      ]);
      return parts.map((p) => {
        const k = `${p.topic}:${p.partition}`;
        const lo = first.get(k)?.offset ?? 0n;
        const hi = last.get(k)?.offset ?? 0n;
        const from = hi - start.count;
        return { ...p, offset: from > lo ? from : lo };
      });
    }
  }
}

/**
 * Reads without a consumer group (Kafka's assign mode), on the native client: one partition
 * (`--partition`), every partition of a topic, or of every topic matching a pattern.
 */
export async function consumeNative(client: NativeClient, opts: NativeConsumeOptions): Promise<ConsumeResult> {
  const sub = opts.subscription;
  const findTopics = async (): Promise<TopicInfo[]> => ('pattern' in sub ? client.matchTopics(sub.pattern) : [await client.topic(sub.topic, { autoCreate: opts.autoCreateTopics !== false })]);
  const topics = await findTopics();
  let parts = partitionsOf(topics);
  if ('topic' in sub && sub.partition !== undefined) {
    const p = sub.partition;
    if (!parts.some((x) => x.partition === p)) throw new TkafkaError('NOT_FOUND', `Partition ${p} does not exist: topic ${sub.topic} has ${parts.length} partition(s).`);
    parts = [{ topic: sub.topic, partition: p }];
  }
  const consumer = new NativeConsumer(client, { isolationLevel: opts.isolationLevel, ...opts.fetch, resetPolicy: opts.resetPolicy });
  await consumer.assign(await resolveStart(client, parts, opts.start, opts.isolationLevel));

  const ends = new Map<string, bigint>();
  const done = new Set<string>();
  if (opts.exitAtEnd && parts.length > 0) {
    const latest = await client.listOffsets(parts.map((p) => ({ ...p, timestamp: LATEST_TIMESTAMP })), opts.isolationLevel);
    for (const p of parts) {
      const k = `${p.topic}:${p.partition}`;
      const end = latest.get(k)?.offset ?? 0n;
      ends.set(k, end);
      if ((consumer.position(p.topic, p.partition) ?? 0n) >= end) {
        done.add(k);
        consumer.pause(p.topic, p.partition);
      }
    }
  }

  const writer = new RecordWriter(opts);
  let reason: StopReason | null = null;
  void opts.interrupted.then(() => {
    reason ??= 'interrupt';
    consumer.wakeup();
  });

  // New partitions and newly matching topics start at the reset position, as a fresh group would.
  let discovering = false;
  const discovery =
    opts.discoveryIntervalMs > 0 && !opts.exitAtEnd && !('topic' in sub && sub.partition !== undefined)
      ? setInterval(() => {
          if (discovering) return;
          discovering = true;
          findTopics()
            .then(async (ts) => {
              const fresh = partitionsOf(ts).filter((p) => !consumer.assigned(p.topic, p.partition));
              if (fresh.length > 0) await consumer.assign(await resolveStart(client, fresh, { kind: opts.resetPolicy === 'latest' ? 'latest' : 'earliest' }, opts.isolationLevel));
            })
            .catch(() => undefined)
            .finally(() => (discovering = false));
        }, opts.discoveryIntervalMs)
      : null;

  let lastData = Date.now();
  try {
    if (opts.exitAtEnd && done.size === parts.length) reason = 'end';
    while (reason === null) {
      const wait = opts.timeoutMs === undefined ? 1000 : Math.max(1, Math.min(1000, opts.timeoutMs - (Date.now() - lastData)));
      const batches = await consumer.poll(wait);
      for (const fb of batches) {
        const b = fb.batch;
        const ctx: BatchContext = { topic: fb.topic, partition: fb.partition, timestampType: b.timestampType, leaderEpoch: b.partitionLeaderEpoch };
        const fetching = writer.prepare(b.records);
        if (fetching !== null) await fetching;
        writer.write(ctx, b.records);
        if (writer.full) {
          reason = 'max-messages';
          break;
        }
        await writer.flushIfLarge();
      }
      if (batches.length > 0) lastData = Date.now();
      if (opts.exitAtEnd) {
        for (const [k, end] of ends) {
          if (done.has(k)) continue;
          const sep = k.lastIndexOf(':');
          const topic = k.slice(0, sep);
          const partition = Number(k.slice(sep + 1));
          if ((consumer.position(topic, partition) ?? 0n) >= end) {
            done.add(k);
            consumer.pause(topic, partition);
          }
        }
      }
      await writer.flush();
      if (reason !== null) break;
      if (opts.exitAtEnd && done.size >= ends.size) reason = 'end';
      else if (opts.timeoutMs !== undefined && Date.now() - lastData >= opts.timeoutMs) reason = 'timeout';
    }
  } finally {
    if (discovery !== null) clearInterval(discovery);
    consumer.close();
    await writer.flush();
  }
  return { count: writer.count, reason };
}
