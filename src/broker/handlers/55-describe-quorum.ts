// DescribeQuorum: v0–2 (flexible). What `kafka-metadata-quorum.sh describe` shows.
// Behaviour: a single node is a one-voter KRaft quorum, as Kafka reports its own single-node
// cluster: the partition __cluster_metadata-0 led by this node at epoch 1, this node the only
// voter (zero directory id: no KIP-853 directory), no observers, fetched and caught up "now"
// (v1+). This broker keeps no metadata log; its high watermark and the voter's end offset count the
// records Kafka's log would hold for the same state (`metadataOffset`): a leader-change record,
// the finalized features, this broker's registration, and per topic its TopicRecord, one
// PartitionRecord per partition and one ConfigRecord per override. Seen again after a change, the
// offset moves on by the records the change took (a deletion too), so it never goes back while the
// broker runs; a restart counts the image afresh, as a Kafka node loading a snapshot. v2 lists the voter's endpoint under Kafka's
// controller listener name, CONTROLLER, at the address clients reach this node.
// Anything but exactly that one partition is answered as Kafka's Raft client does: every requested
// partition UNKNOWN_TOPIC_OR_PARTITION with Kafka's message, top-level error 0.
import { decodeDescribeQuorumRequest, type DescribeQuorumRequest } from '../../protocol/generated/messages/describe-quorum-request.js';
import { defaultDescribeQuorumResponse, encodeDescribeQuorumResponse, type DescribeQuorumResponse } from '../../protocol/generated/messages/describe-quorum-response.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Broker } from '../broker.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const METADATA_TOPIC = '__cluster_metadata';
/** The single voter's one election. */
const QUORUM_LEADER_EPOCH = 1;
/** The finalized-features epoch ApiVersions reports (no metadata log to take it from). */
export const METADATA_OFFSET = 0n;

/** Records a KRaft image of this broker's state holds (see the header). */
function imageRecords(broker: Broker): number {
  // The finalized features of 18-api-versions.ts (which imports this file): metadata.version, and
  // group.version when ConsumerGroupHeartbeat (68) is served.
  const features = 1 + (broker.apiVersions.some((a) => a.apiKey === 68) ? 1 : 0);
  let n = 1 + features + 1;
  for (const t of broker.topics.list()) n += 1 + t.partitions.length + Object.keys(t.configs).length;
  return n;
}

const offsets = new WeakMap<Broker, { records: number; offset: bigint }>();

/** The quorum's high watermark: the image's records, advanced by every change seen since. */
export function metadataOffset(broker: Broker): bigint {
  const records = imageRecords(broker);
  const last = offsets.get(broker);
  const offset = last === undefined ? BigInt(records) : last.offset + BigInt(Math.abs(records - last.records));
  offsets.set(broker, { records, offset });
  return offset;
}

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
    const offset = metadataOffset(broker);
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
              highWatermark: offset,
              currentVoters: [{ replicaId: broker.nodeId, replicaDirectoryId: ZERO_UUID, logEndOffset: offset, lastFetchTimestamp: now, lastCaughtUpTimestamp: now }],
              observers: [],
            },
          ],
        },
      ],
      nodes: [{ nodeId: broker.nodeId, listeners: [{ name: 'CONTROLLER', host: broker.advertisedHost, port: broker.port }] }],
    };
  },
});
