// Fetch: v0–17 (flexible from v12; topic ids instead of names from v13, KIP-516).
// Behaviour: whole stored batches starting with the one that holds the fetch offset (clients
// drop the records below it), at most partitionMaxBytes per partition and maxBytes in all, but
// the first partition with data always returns at least one whole batch (KIP-74) so a consumer
// never stalls on a large batch. Long-poll: when fewer than minBytes are ready the request parks
// until an append to one of its partitions, re-checks, and answers at maxWaitMs at the latest.
// As in Kafka's KafkaApis, partitions the broker cannot serve at all (an unknown topic id:
// UNKNOWN_TOPIC_ID; an unknown name or partition: UNKNOWN_TOPIC_OR_PARTITION) are answered after
// the others and do not cut a long-poll short; errors met while reading (leader epoch, offset out
// of range, a session's id that now names a re-created topic: INCONSISTENT_TOPIC_ID) do.
// Fetch sessions (v7+, KIP-227; ../fetch/sessions.ts): epoch 0 opens one, epoch -1 is sessionless
// (closing the one named), later epochs are incremental and answer only partitions with news;
// FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH and FETCH_SESSION_TOPIC_ID_ERROR (a
// session by ids used at v<13 or one by names at v13+) as Kafka answers them.
// v0–3 readers cannot read v2 batches: what they get is down-converted (protocol/records/legacy.ts)
// to message format v1 (Fetch v2–3) or v0 (v0–1) as Kafka does: control batches dropped, one
// wrapper per compressed batch, one message per record of an uncompressed batch from the fetch
// offset on; zstd data answers UNSUPPORTED_COMPRESSION_TYPE, and a topic with
// message.downconversion.enable=false answers UNSUPPORTED_VERSION for the partition.
// Version notes: v3 request maxBytes, v4 isolation level + last stable offset + aborted transactions, v5 log start
// offset, v7 sessions, v9 current leader epoch, v11 rack id / preferred read replica, v13 topic ids,
// v15 ReplicaState (followers only), v16 NodeEndpoints and currentLeader (filled by Kafka only for
// NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH, which a single node never answers), v17 the
// follower's directory id. Follower fetches (replicaId >= 0) are served as consumer fetches.
// read_committed (isolation level 1) returns batches only below the last stable offset (the first
// offset of the oldest open transaction, else the high watermark) plus the aborted transactions
// (producer id + first offset) that overlap the returned range, so the client can drop their data.
import { decodeFetchRequest, type FetchRequest } from '../../protocol/generated/messages/fetch-request.js';
import {
  defaultFetchResponse,
  defaultPartitionData,
  encodeFetchResponse,
  type FetchResponse,
  type PartitionData,
} from '../../protocol/generated/messages/fetch-response.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { BASE_OFFSET, BATCH_LENGTH, LAST_OFFSET_DELTA, LOG_OVERHEAD, RECORD_BATCH_OVERHEAD } from '../../protocol/records/batch-header.js';
import { downConvertBatches } from '../../protocol/records/legacy.js';
import type { PartitionLog } from '../log/partition-log.js';
import { failedFetchCounted } from '../metrics/counters.js';
import { effectiveTopicConfig } from '../metadata/topic-configs.js';
import type { PartitionState, TopicState } from '../metadata/topics.js';
import type { Broker } from '../broker.js';
import { fetchSessions, nextEpoch, type CachedPartition, type FetchParams, type FetchSession } from '../fetch/sessions.js';
import { leaderEpochError } from './leader-epoch.js';
import { Op, canCluster, deniedTopics } from '../security/authorize-requests.js';
import { throttle } from '../quotas/throttle.js';
import { NO_RESPONSE, defineHandler, type Handler } from './types.js';

/**
 * A partition that answers an error: offsets unknown (-1) and EMPTY records, never null, as Kafka's
 * FetchResponse.partitionResponse and ReplicaManager's error read result do (librdkafka refuses
 * null records: "invalid MessageSetSize -1").
 */
function partitionError(partitionIndex: number, errorCode: number): PartitionData {
  return { ...defaultPartitionData(), partitionIndex, errorCode, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, records: Buffer.alloc(0) };
}

/** Cuts `buf` (whole batches) before the first batch at or past `lso`; returns it and the offset after its last batch. */
function cutAtStableOffset(buf: Buffer, lso: number): { records: Buffer; end: number } {
  let pos = 0;
  let end = -1;
  while (pos + RECORD_BATCH_OVERHEAD <= buf.length) {
    const base = buf.readInt32BE(pos + BASE_OFFSET) * 0x1_0000_0000 + buf.readUInt32BE(pos + BASE_OFFSET + 4);
    if (base >= lso) break;
    end = base + buf.readInt32BE(pos + LAST_OFFSET_DELTA) + 1;
    pos += LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH);
  }
  return { records: pos === buf.length ? buf : buf.subarray(0, pos), end };
}

function downConversionEnabled(broker: Broker, topic: TopicState): boolean {
  return effectiveTopicConfig('message.downconversion.enable', topic.configs, broker.config).trim().toLowerCase() !== 'false';
}

/** The topic a partition of the request names (null: an id the broker does not know). */
const topicOf = (p: FetchParams): string | null => p.topic;

/** Kafka's KafkaApis split: what the broker holds goes to the log reads, the rest answers at once. */
// Authorisation as there: an id the broker cannot name is UNKNOWN_TOPIC_ID, a named topic without
// READ is TOPIC_AUTHORIZATION_FAILED whether or not it exists; a follower (replica id >= 0) needs
// CLUSTER_ACTION instead, else every partition is TOPIC_AUTHORIZATION_FAILED.
function classify(broker: Broker, parts: readonly FetchParams[], denied: ReadonlySet<string> | null | 'all'): { interesting: { p: FetchParams; state: PartitionState }[]; erroneous: { p: FetchParams; errorCode: number }[] } {
  const interesting: { p: FetchParams; state: PartitionState }[] = [];
  const erroneous: { p: FetchParams; errorCode: number }[] = [];
  for (const p of parts) {
    if (denied !== null && (denied === 'all' || (p.topic !== null && denied.has(p.topic)))) {
      erroneous.push({ p, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED });
      continue;
    }
    const state = p.topic === null ? undefined : broker.topics.partition(p.topic, p.partition);
    if (state !== undefined) interesting.push({ p, state });
    else erroneous.push({ p, errorCode: p.topic === null ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
  }
  return { interesting, erroneous };
}

/** A failed log read: no aborted transactions at all (null), as Kafka's LogReadResult answers. */
function readError(partitionIndex: number, errorCode: number): PartitionData {
  return { ...partitionError(partitionIndex, errorCode), abortedTransactions: null };
}

interface ReadResult {
  data: PartitionData[];
  bytes: number;
  /** A read error answers at once, as Kafka's ReplicaManager does. */
  hasError: boolean;
}

function read(broker: Broker, req: FetchRequest, version: number, parts: readonly { p: FetchParams; state: PartitionState }[], lease: (n: number) => Buffer | undefined): ReadResult {
  let budget = req.maxBytes;
  let bytes = 0;
  let hasError = false;
  const data = parts.map(({ p, state }): PartitionData => {
    const topic = state.topic;
    // The topic may have been deleted (or re-created) while this request was parked.
    if (broker.topics.get(topic.name) !== topic) {
      hasError = true;
      return readError(p.partition, p.topicId !== ZERO_UUID ? ErrorCode.INCONSISTENT_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }
    // A session resolved this id to a name; a re-created topic of that name has another id.
    if (p.topicId !== ZERO_UUID && p.topicId !== topic.id) {
      hasError = true;
      return readError(p.partition, ErrorCode.INCONSISTENT_TOPIC_ID);
    }
    if (version < 4 && !downConversionEnabled(broker, topic)) {
      hasError = true;
      return partitionError(p.partition, ErrorCode.UNSUPPORTED_VERSION);
    }
    const epochError = leaderEpochError(p.currentLeaderEpoch, state.leaderEpoch);
    if (epochError !== 0) {
      hasError = true;
      return readError(p.partition, epochError);
    }
    const log = state.log;
    const lso = broker.txn.lastStableOffset(state);
    const committed = req.isolationLevel === 1;
    const base: PartitionData = {
      ...defaultPartitionData(),
      partitionIndex: p.partition,
      highWatermark: BigInt(log.highWatermark),
      lastStableOffset: BigInt(lso),
      logStartOffset: BigInt(log.logStartOffset),
      abortedTransactions: committed ? [] : null,
      records: Buffer.alloc(0),
    };
    const offset = Number(p.fetchOffset);
    if (offset < log.logStartOffset || offset > log.logEndOffset) {
      hasError = true;
      return readError(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE);
    }
    const limit = Math.min(p.partitionMaxBytes, Math.max(budget, 0));
    if (committed && offset >= lso) return base;
    let records = log.read(offset, limit, bytes === 0, lease).records;
    let abortedTransactions = base.abortedTransactions;
    if (committed) {
      const cut = cutAtStableOffset(records, lso);
      records = cut.records;
      if (cut.end > offset) {
        abortedTransactions = broker.txn
          .abortedTransactions(state, offset, cut.end)
          .map((a) => ({ producerId: a.producerId, firstOffset: BigInt(a.firstOffset) }));
      }
    }
    if (version < 4 && records.length > 0) {
      const down = downConvertBatches(records, version < 2 ? 0 : 1, p.fetchOffset);
      if (!down.ok) {
        hasError = true;
        return partitionError(p.partition, down.errorCode);
      }
      records = down.records;
    }
    bytes += records.length;
    budget -= records.length;
    return { ...base, records, abortedTransactions };
  });
  return { data, bytes, hasError };
}

/** BrokerTopicMetrics' BytesOut, TotalFetchRequests and FailedFetchRequests of an answer, per topic and for all topics. */
function countOut(broker: Broker, parts: readonly { state: PartitionState }[], r: ReadResult): void {
  const all = broker.allTopicStats;
  for (let i = 0; i < parts.length; i++) {
    const stats = (parts[i] as { state: PartitionState }).state.topic.stats;
    const d = r.data[i];
    const n = d?.records?.length ?? 0;
    stats.totalFetchRequests++;
    stats.bytesOut += n;
    all.totalFetchRequests++;
    all.bytesOut += n;
    if (d !== undefined && failedFetchCounted(d.errorCode)) {
      stats.failedFetchRequests++;
      all.failedFetchRequests++;
    }
  }
}

/** Groups consecutive partitions of one topic, keeping their order (Kafka's FetchResponse.toMessage). */
function group(entries: readonly { p: FetchParams; data: PartitionData }[]): FetchResponse['responses'] {
  const out: FetchResponse['responses'] = [];
  for (const { p, data } of entries) {
    const last = out[out.length - 1];
    const name = p.topic ?? '';
    if (last !== undefined && last.topic === name && last.topicId === p.topicId) last.partitions.push(data);
    else out.push({ topic: name, topicId: p.topicId, partitions: [data] });
  }
  return out;
}

function sessionError(errorCode: number): FetchResponse {
  return { ...defaultFetchResponse(), errorCode, sessionId: 0, responses: [] };
}

type Context = { kind: 'sessionless' } | { kind: 'full' } | { kind: 'incremental'; session: FetchSession };

function params(broker: Broker, req: FetchRequest, ids: boolean): FetchParams[] {
  return req.topics.flatMap((ft) => {
    const topic = ids ? (broker.topics.getById(ft.topicId)?.name ?? null) : ft.topic;
    const topicId = ids ? ft.topicId : ZERO_UUID;
    return ft.partitions.map((fp) => ({
      topicId,
      topic,
      partition: fp.partition,
      fetchOffset: fp.fetchOffset,
      partitionMaxBytes: fp.partitionMaxBytes,
      currentLeaderEpoch: fp.currentLeaderEpoch,
      logStartOffset: fp.logStartOffset,
      lastFetchedEpoch: fp.lastFetchedEpoch,
    }));
  });
}

const served = defineHandler<FetchRequest, FetchResponse>({
  apiKey: 1,
  minVersion: 0,
  maxVersion: 17,
  decode: decodeFetchRequest,
  encode: encodeFetchResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    const version = ctx.apiVersion;
    const ids = version >= 13;
    const sessions = fetchSessions(broker);
    sessions.versionsSeen.set(version, (sessions.versionsSeen.get(version) ?? 0) + 1);
    const requested = params(broker, req, ids);
    let context: Context;
    let parts: FetchParams[];
    // Before v7 there are no sessions (Kafka's legacy metadata: id 0, epoch -1).
    const epoch = version < 7 ? -1 : req.sessionEpoch;
    if (epoch === 0 || epoch === -1) {
      // A full request closes the session it names.
      if (req.sessionId !== 0) sessions.remove(req.sessionId);
      context = { kind: epoch === 0 ? 'full' : 'sessionless' };
      parts = requested;
    } else {
      const session = sessions.get(req.sessionId);
      if (session === undefined) return sessionError(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
      if (session.epoch !== epoch) return sessionError(ErrorCode.INVALID_FETCH_SESSION_EPOCH);
      if (session.usesTopicIds !== ids) return sessionError(ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR);
      const forgotten = req.forgottenTopicsData.flatMap((f) => {
        const topic = ids ? (broker.topics.getById(f.topicId)?.name ?? null) : f.topic;
        return f.partitions.map((partition) => ({ topicId: ids ? f.topicId : ZERO_UUID, topic, partition }));
      });
      session.update(requested, forgotten);
      if (session.partitions.size === 0) {
        sessions.remove(session.id);
        context = { kind: 'sessionless' };
        parts = requested;
      } else {
        sessions.incrementalRequests++;
        sessions.touch(session, broker.clock.now());
        session.epoch = nextEpoch(session.epoch);
        context = { kind: 'incremental', session };
        parts = [...session.partitions.values()];
        // An id the broker did not know when it entered the session may name a topic by now.
        for (const p of parts) if (p.topic === null) p.topic = broker.topics.getById(p.topicId)?.name ?? null;
      }
    }
    const replicaId = version >= 15 ? req.replicaState.replicaId : req.replicaId;
    const denied = replicaId >= 0 ? (canCluster(ctx, Op.CLUSTER_ACTION) ? null : 'all') : deniedTopics(ctx, Op.READ, parts, topicOf);
    const { interesting, erroneous } = classify(broker, parts, denied);
    const respond = (r: ReadResult): FetchResponse => {
      countOut(broker, interesting, r);
      const entries = [
        ...interesting.map(({ p }, i) => ({ p, data: r.data[i] ?? partitionError(p.partition, ErrorCode.UNKNOWN_SERVER_ERROR) })),
        ...erroneous.map(({ p, errorCode }) => ({ p, data: partitionError(p.partition, errorCode) })),
      ];
      const response = (sessionId: number, shown: typeof entries): FetchResponse => ({ ...defaultFetchResponse(), throttleTimeMs: 0, errorCode: 0, sessionId, responses: group(shown) });
      switch (context.kind) {
        case 'sessionless':
          return response(0, entries);
        case 'full': {
          const cached = entries.map(({ p, data }): CachedPartition => ({ ...p, sentHighWatermark: data.highWatermark, sentLogStartOffset: data.logStartOffset }));
          const created = sessions.create(broker.clock.now(), ids, cached);
          return response(created?.id ?? 0, entries);
        }
        case 'incremental': {
          const { session } = context;
          const shown = entries.filter(({ p, data }) => {
            const cached = session.partitions.get(session.key(p));
            if (cached === undefined) return true;
            if (!session.mustRespond(cached, data)) return false;
            if ((data.records?.length ?? 0) > 0) session.rotate(cached);
            return true;
          });
          return response(session.id, shown);
        }
      }
    };
    const first = read(broker, req, version, interesting, ctx.lease);
    if (req.maxWaitMs <= 0 || interesting.length === 0 || first.bytes >= req.minBytes || first.hasError) return respond(first);
    const deadline = broker.waitClock.now() + req.maxWaitMs;
    // Park on the fetched partitions only, so appends elsewhere (other topics, offset commits)
    // do not wake this request.
    const logs = new Set<PartitionLog>(interesting.map(({ state }) => state.log));
    return (async () => {
      for (;;) {
        const left = deadline - broker.waitClock.now();
        if (left <= 0 || ctx.signal.aborted || broker.shutdown.signal.aborted) break;
        await broker.waitForAppend(left, ctx.signal, logs);
        const again = read(broker, req, version, interesting, ctx.lease);
        if (again.bytes >= req.minBytes || again.hasError) return respond(again);
      }
      return respond(read(broker, req, version, interesting, ctx.lease));
    })();
  },
});

// Client quotas: the answer's record bytes count against consumer_byte_rate (and its handling time
// against request_percentage); over quota the answer carries no data, only throttle_time_ms, and the
// connection is muted that long (KIP-219). With no quota configured this is one property read.
const fetch: Handler<FetchRequest, FetchResponse> = {
  ...served,
  handle(req, ctx) {
    if (!ctx.broker.quotas.active) return served.handle(req, ctx);
    const started = performance.now();
    const response = served.handle(req, ctx);
    // Handling time is the synchronous work; a long poll's wait is not the broker's time.
    const handlingMs = performance.now() - started;
    const throttled = (r: FetchResponse | typeof NO_RESPONSE): FetchResponse | typeof NO_RESPONSE => {
      if (r === NO_RESPONSE) return r;
      let bytes = 0;
      for (const t of r.responses) for (const p of t.partitions) bytes += p.records?.length ?? 0;
      const ms = throttle(ctx.broker.quotas, 'fetch', ctx, bytes, handlingMs, ctx.broker.clock.now());
      return ms === 0 ? r : { ...r, throttleTimeMs: ms, responses: [] };
    };
    return response instanceof Promise ? response.then(throttled) : throttled(response);
  },
};
export default fetch;
