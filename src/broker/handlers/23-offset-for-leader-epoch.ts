// OffsetForLeaderEpoch: v0–4 (flexible from v4). v0 answers no leader epoch, v2 adds the current
// leader epoch check (Kafka 4.0 dropped v0–1, 3.9 serves them). Java consumers use it (v3+) to validate their
// position after a metadata change (KIP-320).
// Behaviour: this node has led every partition since epoch 0, so the end offset of epoch 0 is
// the log end offset; an epoch we never had gives UNDEFINED_EPOCH (-1) and offset -1, as Kafka.
import {
  decodeOffsetForLeaderEpochRequest,
  type OffsetForLeaderEpochRequest,
} from '../../protocol/generated/messages/offset-for-leader-epoch-request.js';
import {
  defaultOffsetForLeaderEpochResponse,
  encodeOffsetForLeaderEpochResponse,
  type EpochEndOffset,
  type OffsetForLeaderEpochResponse,
} from '../../protocol/generated/messages/offset-for-leader-epoch-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { leaderEpochError } from './leader-epoch.js';
import { Op, canCluster, deniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>({
  apiKey: 23,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeOffsetForLeaderEpochRequest,
  encode: encodeOffsetForLeaderEpochResponse,
  handle(req, ctx) {
    // KafkaApis (KIP-320): CLUSTER_ACTION on the cluster allows every topic, else each needs DESCRIBE.
    const denied = canCluster(ctx, Op.CLUSTER_ACTION) ? null : deniedTopics(ctx, Op.DESCRIBE, req.topics, (t) => t.topic);
    const topics = req.topics.map((t) => {
      const topic = ctx.broker.topics.get(t.topic);
      return {
        topic: t.topic,
        partitions: t.partitions.map((p): EpochEndOffset => {
          if (denied?.has(t.topic) === true) return { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
          const partition = topic?.partitions[p.partition];
          if (partition === undefined) {
            return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
          }
          const epochError = leaderEpochError(p.currentLeaderEpoch, partition.leaderEpoch);
          if (epochError !== 0) return { errorCode: epochError, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
          if (p.leaderEpoch > partition.leaderEpoch || p.leaderEpoch < 0) {
            return { errorCode: 0, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
          }
          return { errorCode: 0, partition: p.partition, leaderEpoch: partition.leaderEpoch, endOffset: BigInt(partition.log.logEndOffset) };
        }),
      };
    });
    return { ...defaultOffsetForLeaderEpochResponse(), throttleTimeMs: 0, topics };
  },
});
