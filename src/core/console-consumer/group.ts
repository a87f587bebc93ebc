import { EARLIEST_TIMESTAMP, IsolationLevel, LATEST_TIMESTAMP, type NativeClient } from '../../client/native/client.js';
import { NativeConsumer, type ConsumerPosition } from '../../client/native/consumer.js';
import { GroupMember, GroupMemberClosedError, type AssignorName, type CommitOffset, type TopicPartitions } from '../../client/native/group-member.js';
import { TkafkaError } from '../../shared/errors.js';
import type { BatchContext, FormattableRecord } from './formatter.js';
import { RecordWriter, resolveStart, type ConsumeResult, type NativeLoopOptions, type StopReason } from './run.js';

export interface NativeGroupConsumeOptions extends NativeLoopOptions {
  groupId: string;
  groupInstanceId?: string | null | undefined;
  autoCommit: boolean;
  autoCommitIntervalMs?: number | undefined;
  sessionTimeoutMs?: number | undefined;
  heartbeatIntervalMs?: number | undefined;
  /** max.poll.interval.ms */
  rebalanceTimeoutMs?: number | undefined;
  assignors?: readonly AssignorName[] | undefined;
  /** group.protocol: classic (the default) or consumer (KIP-848, the broker assigns). */
  protocol?: 'classic' | 'consumer' | undefined;
  /** group.remote.assignor, with the consumer protocol. */
  remoteAssignor?: string | null | undefined;
  /** `start` 'time' and 'tail' override committed offsets the first time a partition is assigned. */
  subscription: { topic: string } | { pattern: RegExp };
}

interface Position extends CommitOffset {
  leaderEpoch: number;
}

function tpKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/**
 * Consumes as a member of a consumer group on the native client (GroupMember for membership,
 * NativeConsumer for fetching, so records print with their real timestamp type and epoch).
 * Rebalances happen between polls: output is flushed, positions committed (auto-commit), then
 * the member rejoins and fetching restarts from the committed offsets. Commits are the offset
 * after the last record printed, so a later run of the group starts right after it.
 */
export async function consumeNativeGroup(client: NativeClient, opts: NativeGroupConsumeOptions): Promise<ConsumeResult> {
  const sub = opts.subscription;
  const writer = new RecordWriter(opts);
  // The next offset after what was printed, per partition ever read (kept across rebalances).
  const positions = new Map<string, Position>();
  const everAssigned = new Set<string>();
  let assigned: Array<{ topic: string; partition: number }> = [];
  let fetcher: NativeConsumer | null = null;
  const memberOpts = {
    groupId: opts.groupId,
    groupInstanceId: opts.groupInstanceId,
    sessionTimeoutMs: opts.sessionTimeoutMs,
    heartbeatIntervalMs: opts.heartbeatIntervalMs,
    rebalanceTimeoutMs: opts.rebalanceTimeoutMs,
    assignors: opts.assignors,
    autoCommit: opts.autoCommit,
    autoCommitIntervalMs: opts.autoCommitIntervalMs,
    committable: () => assigned.flatMap((p) => positions.get(tpKey(p.topic, p.partition)) ?? []),
    requireStable: opts.isolationLevel === IsolationLevel.READ_COMMITTED,
    warn: opts.warn,
  };
  const member =
    opts.protocol === 'consumer'
      ? new (await import('../../client/native/consumer-protocol-member.js')).ConsumerProtocolMember(client, { ...memberOpts, remoteAssignor: opts.remoteAssignor ?? null })
      : new GroupMember(client, memberOpts);
  member.onWake = () => fetcher?.wakeup();

  let reason: StopReason | null = null;
  let joining = false;
  const stop = (r: StopReason): void => {
    reason ??= r;
    fetcher?.wakeup();
    if (joining) member.abort();
  };
  void opts.interrupted.then(() => stop('interrupt'));
  let lastData = Date.now();
  // Joining counts towards --timeout-ms, as in Java's poll(timeout); the poll loop checks the rest.
  const joinTimer =
    opts.timeoutMs === undefined
      ? null
      : setInterval(() => {
          if (joining && Date.now() - lastData >= (opts.timeoutMs ?? 0)) stop('timeout');
        }, Math.max(10, Math.min(500, Math.floor(opts.timeoutMs / 4))));

  const startFetching = async (parts: readonly TopicPartitions[]): Promise<NativeConsumer> => {
    assigned = parts.flatMap((tp) => tp.partitions.map((partition) => ({ topic: tp.topic, partition })));
    const committed = await member.fetchCommitted(parts);
    const override = opts.start.kind === 'time' || opts.start.kind === 'tail' ? opts.start : null;
    const overridden = override === null ? [] : assigned.filter((p) => !everAssigned.has(tpKey(p.topic, p.partition)));
    const starts = new Map<string, ConsumerPosition>();
    if (override !== null) for (const s of await resolveStart(client, overridden, override, opts.isolationLevel)) starts.set(tpKey(s.topic, s.partition), s);
    const missing: string[] = [];
    for (const p of assigned) {
      const k = tpKey(p.topic, p.partition);
      everAssigned.add(k);
      if (starts.has(k)) continue;
      const c = committed.get(k)?.offset ?? -1n;
      const known = positions.get(k)?.offset;
      if (c >= 0n) starts.set(k, { ...p, offset: c });
      else if (known !== undefined) starts.set(k, { ...p, offset: known });
      else if (opts.resetPolicy === 'none') missing.push(`${p.topic}-${p.partition}`);
      else starts.set(k, { ...p, offset: opts.resetPolicy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP });
    }
    if (missing.length > 0) throw new TkafkaError('KAFKA_ERROR', `Undefined offset with no reset policy for partitions: ${missing.join(', ')}`);
    const f = new NativeConsumer(client, { isolationLevel: opts.isolationLevel, ...opts.fetch, resetPolicy: opts.resetPolicy });
    await f.assign([...starts.values()]);
    for (const p of assigned) {
      const k = tpKey(p.topic, p.partition);
      const offset = f.position(p.topic, p.partition) ?? 0n;
      const pos = positions.get(k);
      if (pos === undefined) positions.set(k, { topic: p.topic, partition: p.partition, offset, leaderEpoch: committed.get(k)?.leaderEpoch ?? -1 });
      else pos.offset = offset;
    }
    return f;
  };

  const ends = new Map<string, bigint>();
  const done = new Set<string>();
  const markDone = (f: NativeConsumer): void => {
    for (const p of assigned) {
      const k = tpKey(p.topic, p.partition);
      const end = ends.get(k);
      if (done.has(k) || end === undefined) continue;
      if ((f.position(p.topic, p.partition) ?? 0n) >= end) {
        done.add(k);
        f.pause(p.topic, p.partition);
      }
    }
  };

  // Newly matching topics change the subscription (a rejoin); the leader also rejoins when a topic grew.
  let discovering = false;
  const discovery =
    opts.discoveryIntervalMs > 0
      ? setInterval(() => {
          if (discovering || joining) return;
          discovering = true;
          (async () => {
            if ('pattern' in sub) member.subscribe((await client.matchTopics(sub.pattern)).map((t) => t.name));
            await member.checkMetadata();
          })()
            .catch(() => undefined)
            .finally(() => (discovering = false));
        }, opts.discoveryIntervalMs)
      : null;

  try {
    member.subscribe('pattern' in sub ? (await client.matchTopics(sub.pattern)).map((t) => t.name) : [(await client.topic(sub.topic, { autoCreate: true })).name]);
    while (reason === null) {
      if (member.rejoinNeeded || fetcher === null) {
        await writer.flush();
        fetcher?.close();
        fetcher = null;
        joining = true;
        lastData = Date.now();
        let change;
        try {
          change = await member.poll();
        } catch (err) {
          if (err instanceof GroupMemberClosedError && reason !== null) break;
          throw err;
        } finally {
          joining = false;
        }
        const f = await startFetching(change?.assigned ?? member.assignment);
        fetcher = f;
        ends.clear();
        done.clear();
        if (opts.exitAtEnd && assigned.length > 0) {
          const latest = await client.listOffsets(assigned.map((p) => ({ ...p, timestamp: LATEST_TIMESTAMP })), opts.isolationLevel);
          for (const p of assigned) ends.set(tpKey(p.topic, p.partition), latest.get(tpKey(p.topic, p.partition))?.offset ?? 0n);
          markDone(f);
        }
        lastData = Date.now();
        if (reason !== null) break;
      }
      if (opts.exitAtEnd && done.size >= assigned.length) {
        reason = 'end';
        break;
      }
      const f = fetcher;
      const wait = opts.timeoutMs === undefined ? 1000 : Math.max(1, Math.min(1000, opts.timeoutMs - (Date.now() - lastData)));
      const batches = await f.poll(wait);
      let complete = true;
      for (const fb of batches) {
        const b = fb.batch;
        const ctx: BatchContext = { topic: fb.topic, partition: fb.partition, timestampType: b.timestampType, leaderEpoch: b.partitionLeaderEpoch };
        const fetching = writer.prepare(b.records);
        if (fetching !== null) await fetching;
        const taken = writer.write(ctx, b.records);
        const pos = positions.get(tpKey(fb.topic, fb.partition));
        if (pos !== undefined && taken > 0) {
          pos.offset = (b.records[taken - 1] as FormattableRecord).offset + 1n;
          pos.leaderEpoch = b.partitionLeaderEpoch;
        }
        if (writer.full) {
          reason = 'max-messages';
          complete = false;
          break;
        }
        await writer.flushIfLarge();
      }
      // Everything handed out was printed: positions may move past control batches and aborted data too.
      if (complete && batches.length > 0) {
        for (const p of assigned) {
          const at = f.position(p.topic, p.partition);
          const pos = positions.get(tpKey(p.topic, p.partition));
          if (at !== undefined && pos !== undefined && at > pos.offset) pos.offset = at;
        }
      }
      if (batches.length > 0) lastData = Date.now();
      if (opts.exitAtEnd) markDone(f);
      await writer.flush();
      if (reason !== null) break;
      if (opts.exitAtEnd && done.size >= assigned.length) reason = 'end';
      else if (opts.timeoutMs !== undefined && Date.now() - lastData >= opts.timeoutMs) reason = 'timeout';
    }
  } finally {
    if (discovery !== null) clearInterval(discovery);
    if (joinTimer !== null) clearInterval(joinTimer);
    fetcher?.close();
    await writer.flush();
    await member.close();
  }
  return { count: writer.count, reason: reason ?? 'end' };
}
