// Fetch: v0–12 (flexible from v12). Topic ids (v13+) come once clients can rely on them here;
// until then Java fetches by name, and librdkafka never goes above the advertised maximum.
// Behaviour: whole stored batches starting with the one that holds the fetch offset (clients
// drop the records below it), at most partitionMaxBytes per partition and maxBytes in all, but
// the first partition with data always returns at least one whole batch (KIP-74) so a consumer
// never stalls on a large batch. Long-poll: when fewer than minBytes are ready the request parks
// until an append to one of its partitions, re-checks, and answers at maxWaitMs at the latest. No fetch
// sessions: sessionId 0 tells clients to keep sending full requests.
// v0–3 readers cannot read v2 batches: what they get is down-converted (protocol/records/legacy.ts)
// to message format v1 (Fetch v2–3) or v0 (v0–1) as Kafka does: control batches dropped, one
// wrapper per compressed batch, one message per record of an uncompressed batch from the fetch
// offset on; zstd data answers UNSUPPORTED_COMPRESSION_TYPE, and a topic with
// message.downconversion.enable=false answers UNSUPPORTED_VERSION for the partition.
// Version notes: v3 request maxBytes, v4 isolation level + last stable offset + aborted transactions, v5 log start
// offset, v7 sessions, v9 current leader epoch, v11 rack id / preferred read replica.
// read_committed (isolation level 1) returns batches only below the last stable offset (the first
// offset of the oldest open transaction, else the high watermark) plus the aborted transactions
// (producer id + first offset) that overlap the returned range, so the client can drop their data.
import { decodeFetchRequest, FetchRequestVersions, type FetchRequest } from '../../protocol/generated/messages/fetch-request.js';
import {
  defaultFetchResponse,
  defaultPartitionData,
  encodeFetchResponse,
  type FetchResponse,
  type PartitionData,
} from '../../protocol/generated/messages/fetch-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { BASE_OFFSET, BATCH_LENGTH, LAST_OFFSET_DELTA, LOG_OVERHEAD, RECORD_BATCH_OVERHEAD } from '../../protocol/records/batch-header.js';
import { downConvertBatches } from '../../protocol/records/legacy.js';
import type { PartitionLog } from '../log/partition-log.js';
import { effectiveTopicConfig } from '../metadata/topic-configs.js';
import type { TopicState } from '../metadata/topics.js';
import type { Broker } from '../broker.js';
import { leaderEpochError } from './leader-epoch.js';
import { defineHandler } from './types.js';

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

function collect(broker: Broker, req: FetchRequest, version: number, lease: (n: number) => Buffer | undefined): { response: FetchResponse; bytes: number; hasError: boolean } {
  let budget = req.maxBytes;
  let bytes = 0;
  let hasError = false;
  const responses = req.topics.map((ft) => {
    const topic = broker.topics.get(ft.topic);
    return {
      topic: ft.topic,
      topicId: ft.topicId,
      partitions: ft.partitions.map((fp): PartitionData => {
        const partition = topic?.partitions[fp.partition];
        if (partition === undefined) {
          hasError = true;
          return partitionError(fp.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (version < 4 && topic !== undefined && !downConversionEnabled(broker, topic)) {
          hasError = true;
          return partitionError(fp.partition, ErrorCode.UNSUPPORTED_VERSION);
        }
        const epochError = leaderEpochError(fp.currentLeaderEpoch, partition.leaderEpoch);
        if (epochError !== 0) {
          hasError = true;
          return partitionError(fp.partition, epochError);
        }
        const log = partition.log;
        const lso = broker.txn.lastStableOffset(partition);
        const committed = req.isolationLevel === 1;
        const base: PartitionData = {
          ...defaultPartitionData(),
          partitionIndex: fp.partition,
          highWatermark: BigInt(log.highWatermark),
          lastStableOffset: BigInt(lso),
          logStartOffset: BigInt(log.logStartOffset),
          abortedTransactions: committed ? [] : null,
          records: Buffer.alloc(0),
        };
        const offset = Number(fp.fetchOffset);
        if (offset < log.logStartOffset || offset > log.logEndOffset) {
          hasError = true;
          // A failed log read has no aborted transactions at all: null, as Kafka answers.
          return { ...partitionError(fp.partition, ErrorCode.OFFSET_OUT_OF_RANGE), abortedTransactions: null };
        }
        const limit = Math.min(fp.partitionMaxBytes, Math.max(budget, 0));
        if (committed && offset >= lso) return { ...base, errorCode: 0, records: Buffer.alloc(0) };
        let records = log.read(offset, limit, bytes === 0, lease).records;
        let abortedTransactions = base.abortedTransactions;
        if (committed) {
          const cut = cutAtStableOffset(records, lso);
          records = cut.records;
          if (cut.end > offset) {
            abortedTransactions = broker.txn
              .abortedTransactions(partition, offset, cut.end)
              .map((a) => ({ producerId: a.producerId, firstOffset: BigInt(a.firstOffset) }));
          }
        }
        if (version < 4 && records.length > 0) {
          const down = downConvertBatches(records, version < 2 ? 0 : 1, fp.fetchOffset);
          if (!down.ok) {
            hasError = true;
            return partitionError(fp.partition, down.errorCode);
          }
          records = down.records;
        }
        bytes += records.length;
        budget -= records.length;
        return { ...base, errorCode: 0, records, abortedTransactions };
      }),
    };
  });
  return { response: { ...defaultFetchResponse(), throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses }, bytes, hasError };
}

export default defineHandler<FetchRequest, FetchResponse>({
  apiKey: 1,
  name: 'Fetch',
  minVersion: 0,
  maxVersion: 12,
  flexibleMin: FetchRequestVersions.flexibleMin,
  decode: decodeFetchRequest,
  encode: encodeFetchResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    const first = collect(broker, req, ctx.apiVersion, ctx.lease);
    if (first.bytes >= req.minBytes || first.hasError || req.maxWaitMs <= 0) return first.response;
    const deadline = broker.clock.now() + req.maxWaitMs;
    // Park on the fetched partitions only, so appends elsewhere (other topics, offset commits)
    // do not wake this request.
    const logs = new Set<PartitionLog>();
    for (const ft of req.topics) {
      const topic = broker.topics.get(ft.topic);
      for (const fp of ft.partitions) {
        const p = topic?.partitions[fp.partition];
        if (p !== undefined) logs.add(p.log);
      }
    }
    return (async () => {
      for (;;) {
        const left = deadline - broker.clock.now();
        if (left <= 0 || ctx.signal.aborted || broker.shutdown.signal.aborted) break;
        await broker.waitForAppend(left, ctx.signal, logs);
        const again = collect(broker, req, ctx.apiVersion, ctx.lease);
        if (again.bytes >= req.minBytes || again.hasError) return again.response;
      }
      return collect(broker, req, ctx.apiVersion, ctx.lease).response;
    })();
  },
});
