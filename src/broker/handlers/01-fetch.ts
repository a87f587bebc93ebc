// Fetch: v4–12 (flexible from v12). Topic ids (v13+) come once clients can rely on them here;
// until then Java fetches by name, and librdkafka never goes above the advertised maximum.
// Behaviour: whole stored batches starting with the one that holds the fetch offset (clients
// drop the records below it), at most partitionMaxBytes per partition and maxBytes in all, but
// the first partition with data always returns at least one whole batch (KIP-74) so a consumer
// never stalls on a large batch. Long-poll: when fewer than minBytes are ready the request parks
// until an append anywhere, re-checks, and answers at maxWaitMs at the latest. No fetch
// sessions: sessionId 0 tells clients to keep sending full requests.
// Version notes: v4 isolation level + last stable offset + aborted transactions, v5 log start
// offset, v7 sessions, v9 current leader epoch, v11 rack id / preferred read replica.
// Gaps: read_committed equals read_uncommitted until transactions exist (LSO = high watermark).
import { decodeFetchRequest, FetchRequestVersions, type FetchRequest } from '../../protocol/generated/messages/fetch-request.js';
import {
  defaultFetchResponse,
  defaultPartitionData,
  encodeFetchResponse,
  type FetchResponse,
  type PartitionData,
} from '../../protocol/generated/messages/fetch-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Broker } from '../server/broker.js';
import { leaderEpochError } from './leader-epoch.js';
import { defineHandler } from './types.js';

function partitionError(partitionIndex: number, errorCode: number): PartitionData {
  return { ...defaultPartitionData(), partitionIndex, errorCode, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, records: null };
}

function collect(broker: Broker, req: FetchRequest): { response: FetchResponse; bytes: number; hasError: boolean } {
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
        const epochError = leaderEpochError(fp.currentLeaderEpoch, partition.leaderEpoch);
        if (epochError !== 0) {
          hasError = true;
          return partitionError(fp.partition, epochError);
        }
        const log = partition.log;
        const hw = BigInt(log.logEndOffset);
        const base = {
          ...defaultPartitionData(),
          partitionIndex: fp.partition,
          highWatermark: hw,
          lastStableOffset: hw,
          logStartOffset: BigInt(log.logStartOffset),
          abortedTransactions: req.isolationLevel === 1 ? [] : null,
        };
        const offset = Number(fp.fetchOffset);
        if (offset < log.logStartOffset || offset > log.logEndOffset) {
          hasError = true;
          return { ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: null };
        }
        const limit = Math.min(fp.partitionMaxBytes, Math.max(budget, 0));
        const read = log.read(offset, limit, bytes === 0);
        bytes += read.records.length;
        budget -= read.records.length;
        return { ...base, errorCode: 0, records: read.records };
      }),
    };
  });
  return { response: { ...defaultFetchResponse(), throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses }, bytes, hasError };
}

export default defineHandler<FetchRequest, FetchResponse>({
  apiKey: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 12,
  flexibleMin: FetchRequestVersions.flexibleMin,
  decode: decodeFetchRequest,
  encode: encodeFetchResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    const first = collect(broker, req);
    if (first.bytes >= req.minBytes || first.hasError || req.maxWaitMs <= 0) return first.response;
    const deadline = broker.clock.now() + req.maxWaitMs;
    return (async () => {
      for (;;) {
        const left = deadline - broker.clock.now();
        if (left <= 0 || ctx.signal.aborted || broker.shutdown.signal.aborted) break;
        await broker.waitForAppend(left, ctx.signal);
        const again = collect(broker, req);
        if (again.bytes >= req.minBytes || again.hasError) return again.response;
      }
      return collect(broker, req).response;
    })();
  },
});
