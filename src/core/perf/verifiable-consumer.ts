// kafka-verifiable-consumer (VerifiableConsumer): consumes as a group member (classic protocol, or
// KIP-848's consumer protocol with --group-protocol consumer) and prints
// Kafka's JSON events: startup_complete, partitions_assigned/revoked, records_consumed (per poll,
// per partition count and offset range), offsets_committed (synchronous commit after each poll
// unless --enable-autocommit), record_data with --verbose, shutdown_complete, shutdown_requested.
import { EARLIEST_TIMESTAMP, IsolationLevel, LATEST_TIMESTAMP, type NativeClient } from '../../client/native/client.js';
import { NativeConsumer, type ConsumerPosition } from '../../client/native/consumer.js';
import { GroupMember, GroupMemberClosedError, type AssignorName, type CommitOffset, type TopicPartitions } from '../../client/native/group-member.js';
import { TkafkaError } from '../../shared/errors.js';

export interface VerifiableConsumerOptions {
  topic: string;
  groupId: string;
  groupInstanceId: string | undefined;
  maxMessages: number;
  sessionTimeoutMs: number | undefined;
  verbose: boolean;
  autoCommit: boolean;
  resetPolicy: 'earliest' | 'latest' | 'none';
  assignor: AssignorName;
  /** classic (JoinGroup/SyncGroup) or consumer (KIP-848's ConsumerGroupHeartbeat). */
  protocol?: 'classic' | 'consumer';
  remoteAssignor?: string | null;
  interrupted: Promise<void>;
}

const tpJson = (p: { topic: string; partition: number }): string => `{"topic":${JSON.stringify(p.topic)},"partition":${p.partition}}`;
const bytesJson = (b: Buffer | null): string => (b === null ? 'null' : JSON.stringify(b.toString('utf8')));

export async function runVerifiableConsumer(client: NativeClient, opts: VerifiableConsumerOptions, write: (line: string) => void): Promise<{ consumed: number; interrupted: boolean }> {
  const event = (name: string, rest = ''): void => write(`{"timestamp":${Date.now()},"name":"${name}"${rest}}`);
  const positions = new Map<string, CommitOffset>();
  let assigned: Array<{ topic: string; partition: number }> = [];
  const memberOpts = {
    groupId: opts.groupId,
    groupInstanceId: opts.groupInstanceId ?? null,
    sessionTimeoutMs: opts.sessionTimeoutMs,
    assignors: [opts.assignor],
    autoCommit: opts.autoCommit,
    committable: () => assigned.flatMap((p) => positions.get(`${p.topic}:${p.partition}`) ?? []),
  };
  const member =
    opts.protocol === 'consumer'
      ? new (await import('../../client/native/consumer-protocol-member.js')).ConsumerProtocolMember(client, { ...memberOpts, remoteAssignor: opts.remoteAssignor ?? null })
      : new GroupMember(client, memberOpts);
  let fetcher: NativeConsumer | null = null;
  member.onWake = () => fetcher?.wakeup();
  let stop = false;
  void opts.interrupted.then(() => {
    if (stop) return;
    stop = true;
    event('shutdown_requested');
    fetcher?.wakeup();
    member.abort();
  });
  const incremental = opts.protocol === 'consumer';
  const limited = opts.maxMessages >= 0;
  let consumed = 0;
  const revoke = (): void => {
    if (assigned.length > 0) event('partitions_revoked', `,"partitions":[${assigned.map(tpJson).join(',')}]`);
  };
  event('startup_complete');
  try {
    await client.topic(opts.topic, { autoCreate: true });
    member.subscribe([opts.topic]);
    while (!stop && !(limited && consumed >= opts.maxMessages)) {
      if (member.rejoinNeeded || fetcher === null) {
        fetcher?.close();
        fetcher = null;
        const before = assigned;
        // The consumer protocol reconciles incrementally: Java's listener hears only what changed.
        if (!incremental) revoke();
        let change;
        try {
          change = await member.poll();
        } catch (err) {
          if (err instanceof GroupMemberClosedError && stop) break;
          throw err;
        }
        const parts: readonly TopicPartitions[] = change?.assigned ?? member.assignment;
        assigned = parts.flatMap((tp) => tp.partitions.map((partition) => ({ topic: tp.topic, partition })));
        if (incremental) {
          const now = new Set(assigned.map(tpJson));
          const was = new Set(before.map(tpJson));
          const gone = before.filter((p) => !now.has(tpJson(p)));
          if (gone.length > 0) event('partitions_revoked', `,"partitions":[${gone.map(tpJson).join(',')}]`);
          event('partitions_assigned', `,"partitions":[${assigned.filter((p) => !was.has(tpJson(p))).map(tpJson).join(',')}]`);
        } else event('partitions_assigned', `,"partitions":[${assigned.map(tpJson).join(',')}]`);
        const committed = await member.fetchCommitted(parts);
        const starts: ConsumerPosition[] = [];
        for (const p of assigned) {
          const c = committed.get(`${p.topic}:${p.partition}`)?.offset ?? -1n;
          if (c < 0n && opts.resetPolicy === 'none') throw new TkafkaError('KAFKA_ERROR', `Undefined offset with no reset policy for partitions: [${p.topic}-${p.partition}]`);
          starts.push({ ...p, offset: c >= 0n ? c : opts.resetPolicy === 'latest' ? LATEST_TIMESTAMP : EARLIEST_TIMESTAMP });
        }
        const f = new NativeConsumer(client, { isolationLevel: IsolationLevel.READ_UNCOMMITTED, maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, partitionMaxBytes: 1_048_576, resetPolicy: opts.resetPolicy });
        await f.assign(starts);
        for (const p of assigned) positions.set(`${p.topic}:${p.partition}`, { ...p, offset: f.position(p.topic, p.partition) ?? 0n });
        fetcher = f;
      }
      const batches = await fetcher.poll(1000);
      if (batches.length === 0) continue;
      // One records_consumed per poll, partitions in the order they came, capped at --max-messages.
      const summaries = new Map<string, { topic: string; partition: number; count: number; min: bigint; max: bigint }>();
      const offsets: CommitOffset[] = [];
      let pollCount = 0;
      for (const fb of batches) {
        for (const r of fb.batch.records) {
          if (limited && consumed + pollCount >= opts.maxMessages) break;
          const k = `${fb.topic}:${fb.partition}`;
          const s = summaries.get(k);
          if (s === undefined) summaries.set(k, { topic: fb.topic, partition: fb.partition, count: 1, min: r.offset, max: r.offset });
          else {
            s.count++;
            s.max = r.offset;
          }
          pollCount++;
          if (opts.verbose) write(`{"timestamp":${Date.now()},"name":"record_data","key":${bytesJson(r.key)},"value":${bytesJson(r.value)},"topic":${JSON.stringify(fb.topic)},"partition":${fb.partition},"offset":${r.offset}}`);
        }
      }
      if (pollCount === 0) continue;
      consumed += pollCount;
      for (const s of summaries.values()) {
        const next = s.max + 1n;
        offsets.push({ topic: s.topic, partition: s.partition, offset: next });
        const pos = positions.get(`${s.topic}:${s.partition}`);
        if (pos !== undefined) pos.offset = next;
      }
      event('records_consumed', `,"count":${pollCount},"partitions":[${[...summaries.values()].map((s) => `{"topic":${JSON.stringify(s.topic)},"partition":${s.partition},"count":${s.count},"minOffset":${s.min},"maxOffset":${s.max}}`).join(',')}]`);
      if (!opts.autoCommit) {
        const list = `,"offsets":[${offsets.map((o) => `{"topic":${JSON.stringify(o.topic)},"partition":${o.partition},"offset":${o.offset}}`).join(',')}]`;
        try {
          await member.commit(offsets);
          event('offsets_committed', `${list},"success":true`);
        } catch (err) {
          event('offsets_committed', `${list},"success":false,"error":${JSON.stringify(err instanceof Error ? err.message : String(err))}`);
        }
      }
    }
  } finally {
    fetcher?.close();
    revoke();
    await member.close();
    event('shutdown_complete');
  }
  const interrupted = stop;
  if (!stop) {
    stop = true;
    // Kafka's shutdown hook runs when the JVM exits after the run, so this comes last.
    event('shutdown_requested');
  }
  return { consumed, interrupted };
}
