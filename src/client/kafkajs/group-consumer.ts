import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';

// The console consumer's SASL fallback (the native client has no SASL yet): a member of a consumer
// group through kafkajs, which joins, gets partitions assigned and commits what was printed when
// auto-commit is on. kafkajs does not expose a record's timestamp type or leader epoch: records
// arrive as CreateTime with no epoch.

export interface KafkajsGroupOptions {
  kafka: Kafka;
  groupId: string;
  topics: ReadonlyArray<string | RegExp>;
  /** auto.offset.reset=earliest: where to start without a committed offset. */
  fromBeginning: boolean;
  autoCommit: boolean;
  readCommitted: boolean;
  sessionTimeoutMs?: number | undefined;
  heartbeatIntervalMs?: number | undefined;
  maxWaitMs: number;
  /** Stop after this long without a record. */
  timeoutMs?: number | undefined;
  /** Resolves on Ctrl-C. */
  interrupted: Promise<void>;
}

export interface KafkajsRecord {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: ReadonlyArray<{ key: string; value: Buffer | null }>;
}

/** Where the records go (the console consumer's RecordWriter). */
export interface KafkajsRecordSink {
  /** True once no further record is wanted (max messages). */
  readonly full: boolean;
  write(batch: { topic: string; partition: number; timestampType: number; leaderEpoch: number }, records: readonly KafkajsRecord[]): number;
  flushIfLarge(): Promise<void>;
  flush(): Promise<void>;
}

export type KafkajsStopReason = 'max-messages' | 'timeout' | 'end' | 'interrupt';

function headersOf(h: IHeaders | undefined): Array<{ key: string; value: Buffer | null }> {
  const out: Array<{ key: string; value: Buffer | null }> = [];
  if (h === undefined) return out;
  for (const [key, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push({ key, value: typeof one === 'string' ? Buffer.from(one, 'utf8') : one });
  }
  return out;
}

function recordOf(m: KafkaMessage): KafkajsRecord {
  return { offset: BigInt(m.offset), timestamp: BigInt(m.timestamp), key: m.key, value: m.value, headers: headersOf(m.headers) };
}

/** Consumes into `sink` until max messages, the idle timeout, Ctrl-C or a crash of the group loop (thrown). */
export async function consumeKafkajsGroup(opts: KafkajsGroupOptions, sink: KafkajsRecordSink): Promise<KafkajsStopReason> {
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    readUncommitted: !opts.readCommitted,
    allowAutoTopicCreation: true,
    maxWaitTimeInMs: opts.maxWaitMs,
    ...(opts.sessionTimeoutMs === undefined ? {} : { sessionTimeout: opts.sessionTimeoutMs }),
    ...(opts.heartbeatIntervalMs === undefined ? {} : { heartbeatInterval: opts.heartbeatIntervalMs }),
  });
  let reason: KafkajsStopReason | null = null;
  const failures: Error[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const stop = (r: KafkajsStopReason): void => {
    reason ??= r;
    finish();
  };
  void opts.interrupted.then(() => stop('interrupt'));
  let lastData = Date.now();
  const timer =
    opts.timeoutMs === undefined
      ? null
      : setInterval(() => {
          if (Date.now() - lastData >= (opts.timeoutMs ?? 0)) stop('timeout');
        }, Math.max(10, Math.min(500, Math.floor(opts.timeoutMs / 4))));
  consumer.on(consumer.events.CRASH, (e) => {
    const payload = e.payload as { error?: unknown; restart?: boolean };
    if (payload.restart === true) return;
    failures.push(payload.error instanceof Error ? payload.error : new Error(String(payload.error)));
    stop('end');
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...opts.topics], fromBeginning: opts.fromBeginning });
    await consumer.run({
      autoCommit: opts.autoCommit,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const batch = payload.batch;
        if (reason !== null || batch.messages.length === 0) return;
        lastData = Date.now();
        const ctx = { topic: batch.topic, partition: batch.partition, timestampType: 0, leaderEpoch: -1 };
        for (const m of batch.messages) {
          if (reason !== null || !payload.isRunning() || payload.isStale()) break;
          sink.write(ctx, [recordOf(m)]);
          payload.resolveOffset(m.offset);
          if (sink.full) {
            stop('max-messages');
            break;
          }
          await sink.flushIfLarge();
        }
        await sink.flush();
        await payload.heartbeat();
      },
    });
    await finished;
  } finally {
    if (timer !== null) clearInterval(timer);
    await sink.flush();
    await consumer.disconnect();
  }
  const failure = failures[0];
  if (failure !== undefined) throw failure;
  return reason ?? 'end';
}
