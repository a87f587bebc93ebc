// DeleteRecords: v0–2 (flexible from v2).
// Behaviour: as ReplicaManager/Partition.deleteRecordsOnLeader: offset -1 means the high
// watermark; a negative offset or one above the high watermark → OFFSET_OUT_OF_RANGE; a topic
// without the delete cleanup policy → POLICY_VIOLATION. Otherwise the log start offset moves up
// (never down), whole segments below it go, and the new low watermark is returned. Failed
// partitions report low watermark -1. A single node is the whole ISR, so the low watermark is
// final at once and the request never waits.
// Gaps: timeoutMs is ignored.
import { decodeDeleteRecordsRequest, type DeleteRecordsRequest } from '../../protocol/generated/messages/delete-records-request.js';
import {
  defaultDeleteRecordsResponse,
  encodeDeleteRecordsResponse,
  type DeleteRecordsPartitionResult,
  type DeleteRecordsResponse,
} from '../../protocol/generated/messages/delete-records-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { hasDeletePolicy } from '../log/config.js';
import { LogError } from '../log/errors.js';
import { Op, deniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const HIGH_WATERMARK = -1n;

export default defineHandler<DeleteRecordsRequest, DeleteRecordsResponse>({
  apiKey: 21,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDeleteRecordsRequest,
  encode: encodeDeleteRecordsResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // KafkaApis: DELETE on the topic, checked before whether it exists.
    const denied = deniedTopics(ctx, Op.DELETE, req.topics, (t) => t.name);
    const topics = req.topics.map((t) => {
      const topic = broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p): DeleteRecordsPartitionResult => {
          const failed = (errorCode: number): DeleteRecordsPartitionResult => ({ partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode });
          if (denied?.has(t.name) === true) return failed(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
          const partition = topic?.partitions[p.partitionIndex];
          if (partition === undefined) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          const log = partition.log;
          if (!hasDeletePolicy(log.config.cleanupPolicy)) return failed(ErrorCode.POLICY_VIOLATION);
          const hw = log.highWatermark;
          const offset = p.offset === HIGH_WATERMARK ? BigInt(hw) : p.offset;
          if (offset < 0n || offset > BigInt(hw)) return failed(ErrorCode.OFFSET_OUT_OF_RANGE);
          try {
            const low = log.deleteRecordsBefore(Number(offset));
            return { partitionIndex: p.partitionIndex, lowWatermark: BigInt(low), errorCode: 0 };
          } catch (err) {
            if (err instanceof LogError) return failed(err.kafkaErrorCode);
            throw err;
          }
        }),
      };
    });
    return { ...defaultDeleteRecordsResponse(), throttleTimeMs: 0, topics };
  },
});
