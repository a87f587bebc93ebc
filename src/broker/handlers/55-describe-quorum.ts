// DescribeQuorum: v0–2 (flexible). What `kafka-metadata-quorum.sh describe` shows.
// Behaviour: a single node is a one-voter KRaft quorum, as Kafka reports its own single-node
// cluster: the partition __cluster_metadata-0 led by this node at epoch 1, this node the only
// voter (zero directory id: no KIP-853 directory), no observers, fetched and caught up "now"
// (v1+). This broker keeps no metadata log, so its high watermark and the voter's end offset are 0
// (Kafka: the offset of its last metadata record). v2 lists the voter's endpoint under Kafka's
// controller listener name, CONTROLLER, at the address clients reach this node.
// Anything but exactly that one partition is answered as Kafka's Raft client does: every requested
// partition UNKNOWN_TOPIC_OR_PARTITION with Kafka's message, top-level error 0.
import { decodeDescribeQuorumRequest, type DescribeQuorumRequest } from '../../protocol/generated/messages/describe-quorum-request.js';
import { defaultDescribeQuorumResponse, encodeDescribeQuorumResponse, type DescribeQuorumResponse } from '../../protocol/generated/messages/describe-quorum-response.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const METADATA_TOPIC = '__cluster_metadata';
/** The single voter's one election; the log has no records, so offsets are 0. */
const QUORUM_LEADER_EPOCH = 1;
export const METADATA_OFFSET = 0n;

export default defineHandler<DescribeQuorumRequest, DescribeQuorumResponse>({
  apiKey: 55,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDescribeQuorumRequest,
  encode: encodeDescribeQuorumResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // KafkaApis: DESCRIBE on the cluster, else a top-level CLUSTER_AUTHORIZATION_FAILED.
    if (!canCluster(ctx, Op.DESCRIBE)) return { ...defaultDescribeQuorumResponse(), errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, topics: [], nodes: [] };
    const only = req.topics.length === 1 && req.topics[0]?.topicName === METADATA_TOPIC && req.topics[0].partitions.length === 1 && req.topics[0].partitions[0]?.partitionIndex === 0;
    if (!only) {
      return {
        ...defaultDescribeQuorumResponse(),
        errorCode: 0,
        errorMessage: '',
        topics: req.topics.map((t) => ({
          topicName: t.topicName,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: 'This server does not host this topic-partition.',
            leaderId: 0,
            leaderEpoch: 0,
            highWatermark: 0n,
            currentVoters: [],
            observers: [],
          })),
        })),
        nodes: [],
      };
    }
    const now = BigInt(broker.clock.now());
    return {
      ...defaultDescribeQuorumResponse(),
      errorCode: 0,
      errorMessage: '',
      topics: [
        {
          topicName: METADATA_TOPIC,
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              errorMessage: '',
              leaderId: broker.nodeId,
              leaderEpoch: QUORUM_LEADER_EPOCH,
              highWatermark: METADATA_OFFSET,
              currentVoters: [{ replicaId: broker.nodeId, replicaDirectoryId: ZERO_UUID, logEndOffset: METADATA_OFFSET, lastFetchTimestamp: now, lastCaughtUpTimestamp: now }],
              observers: [],
            },
          ],
        },
      ],
      nodes: [{ nodeId: broker.nodeId, listeners: [{ name: 'CONTROLLER', host: broker.advertisedHost, port: broker.port }] }],
    };
  },
});
