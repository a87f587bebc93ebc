// ListOffsets: v0–10 (flexible from v6). v0 (old-style offset arrays, removed in Kafka 4.0, served
// by 3.9; sarama/Burrow and kafkajs send it) answers `oldStyleOffsets`, as Kafka's
// legacyFetchOffsetsBefore: segment base offsets and the log end, newest first, at most
// maxNumOffsets; a consumer (replica id -1) never sees an offset above the high watermark.
// Behaviour: timestamp -1 = latest (high watermark, or the last stable offset under
// read_committed), -2 = earliest (log start offset), -3 = the record with the largest timestamp
// (v7+), -4 = earliest local (v8+; no tiered storage, so the log start offset), -5 = latest
// tiered (v9+; nothing is tiered: offset -1). Any other timestamp finds the first record whose
// timestamp is at or after it through the time index; none → offset -1.
// Version notes: v2 isolation level, v4 current leader epoch, v10 timeout.
import { decodeListOffsetsRequest, type ListOffsetsRequest } from '../../protocol/generated/messages/list-offsets-request.js';
import {
  defaultListOffsetsPartitionResponse,
  defaultListOffsetsResponse,
  encodeListOffsetsResponse,
  type ListOffsetsPartitionResponse,
  type ListOffsetsResponse,
} from '../../protocol/generated/messages/list-offsets-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { leaderEpochError } from './leader-epoch.js';
import { Op, deniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;
const EARLIEST_LOCAL = -4n;
const LATEST_TIERED = -5n;

export default defineHandler<ListOffsetsRequest, ListOffsetsResponse>({
  apiKey: 2,
  minVersion: 0,
  maxVersion: 10,
  decode: decodeListOffsetsRequest,
  encode: encodeListOffsetsResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // KafkaApis: DESCRIBE on the topic, checked before whether it exists.
    const denied = deniedTopics(ctx, Op.DESCRIBE, req.topics, (t) => t.name);
    const topics = req.topics.map((t) => {
      const refused = denied?.has(t.name) === true;
      const topic = broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p): ListOffsetsPartitionResponse => {
          const out = { ...defaultListOffsetsPartitionResponse(), partitionIndex: p.partitionIndex };
          if (refused) return { ...out, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED };
          const partition = topic?.partitions[p.partitionIndex];
          if (partition === undefined) return { ...out, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          const epochError = leaderEpochError(p.currentLeaderEpoch, partition.leaderEpoch);
          if (epochError !== 0) return { ...out, errorCode: epochError };
          const log = partition.log;
          if (ctx.apiVersion === 0) {
            if (p.maxNumOffsets < 0) return { ...out, errorCode: ErrorCode.INVALID_REQUEST };
            let offsets = log.legacyOffsetsBefore(p.timestamp, p.maxNumOffsets, broker.clock.now());
            const hw = log.highWatermark;
            if (req.replicaId === -1 && offsets.some((o) => o > hw)) offsets = [hw, ...offsets.filter((o) => o <= hw)];
            return { ...out, errorCode: 0, oldStyleOffsets: offsets.map((o) => BigInt(o)) };
          }
          const found = (offset: number, timestamp: bigint): ListOffsetsPartitionResponse => ({
            ...out,
            errorCode: 0,
            offset: BigInt(offset),
            timestamp,
            leaderEpoch: partition.leaderEpoch,
          });
          switch (p.timestamp) {
            case LATEST:
              return found(req.isolationLevel === 1 ? broker.txn.lastStableOffset(partition) : log.highWatermark, -1n);
            case EARLIEST:
            case EARLIEST_LOCAL:
              return found(log.logStartOffset, -1n);
            case LATEST_TIERED:
              return { ...out, errorCode: 0, offset: -1n, timestamp: -1n };
            case MAX_TIMESTAMP: {
              const m = log.maxTimestampOffset();
              return m === null ? { ...out, errorCode: 0, offset: -1n, timestamp: -1n } : found(m.offset, BigInt(m.timestamp));
            }
            default: {
              if (p.timestamp < 0n) return { ...out, errorCode: ErrorCode.INVALID_REQUEST };
              const hit = log.offsetForTimestamp(Number(p.timestamp));
              return hit === null ? { ...out, errorCode: 0, offset: -1n, timestamp: -1n } : found(hit.offset, BigInt(hit.timestamp));
            }
          }
        }),
      };
    });
    return { ...defaultListOffsetsResponse(), throttleTimeMs: 0, topics };
  },
});
