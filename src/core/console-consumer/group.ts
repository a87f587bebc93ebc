import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { BatchContext, FormattableRecord } from './formatter.js';
import { RecordWriter, type ConsumeOutput, type ConsumeResult, type StopReason } from './run.js';

export interface GroupConsumeOptions extends ConsumeOutput {
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
  /** Called with a fatal consumer error (the group loop crashed). */
  onCrash?: ((err: Error) => void) | undefined;
}

function headersOf(h: IHeaders | undefined): Array<{ key: string; value: Buffer | null }> {
  const out: Array<{ key: string; value: Buffer | null }> = [];
  if (h === undefined) return out;
  for (const [key, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push({ key, value: typeof one === 'string' ? Buffer.from(one, 'utf8') : one });
  }
  return out;
}

function recordOf(m: KafkaMessage): FormattableRecord {
  return { offset: BigInt(m.offset), timestamp: BigInt(m.timestamp), key: m.key, value: m.value, headers: headersOf(m.headers) };
}

/**
 * Consumes as a member of a consumer group through kafkajs (joins, gets partitions assigned,
 * commits what it printed when auto-commit is on). kafkajs does not expose a record's timestamp
 * type or leader epoch: they print as CreateTime and NOT_PRESENT.
 */
export async function consumeGroup(opts: GroupConsumeOptions): Promise<ConsumeResult> {
  const writer = new RecordWriter(opts);
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    readUncommitted: !opts.readCommitted,
    allowAutoTopicCreation: true,
    maxWaitTimeInMs: opts.maxWaitMs,
    ...(opts.sessionTimeoutMs === undefined ? {} : { sessionTimeout: opts.sessionTimeoutMs }),
    ...(opts.heartbeatIntervalMs === undefined ? {} : { heartbeatInterval: opts.heartbeatIntervalMs }),
  });
  let reason: StopReason | null = null;
  const failures: Error[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const stop = (r: StopReason): void => {
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
        const ctx: BatchContext = { topic: batch.topic, partition: batch.partition, timestampType: 0, leaderEpoch: -1 };
        for (const m of batch.messages) {
          if (reason !== null || !payload.isRunning() || payload.isStale()) break;
          writer.write(ctx, [recordOf(m)]);
          payload.resolveOffset(m.offset);
          if (writer.full) {
            stop('max-messages');
            break;
          }
          await writer.flushIfLarge();
        }
        await writer.flush();
        await payload.heartbeat();
      },
    });
    await finished;
  } finally {
    if (timer !== null) clearInterval(timer);
    await writer.flush();
    await consumer.disconnect();
  }
  const failure = failures[0];
  if (failure !== undefined) throw failure;
  return { count: writer.count, reason: reason ?? 'end' };
}
