// ElectLeaders: v0–2 (flexible from v2). What `kafka-leader-election.sh` sends.
// Behaviour: this node is the only replica and so the preferred leader of every partition, which
// it already leads: as Kafka's controller answers then, each named partition gets
// ELECTION_NOT_NEEDED, for preferred and unclean elections alike; an unknown topic or partition
// UNKNOWN_TOPIC_OR_PARTITION with Kafka's message. "All partitions" (null) lists every topic with no
// partition results (Kafka reports only the partitions it elected). An election type other than
// preferred (0) or unclean (1) is INVALID_REQUEST at the top (v1+) and for every named partition.
// Version notes: v1 electionType and the top-level error code; v0 is always preferred.
import { decodeElectLeadersRequest, type ElectLeadersRequest } from '../../protocol/generated/messages/elect-leaders-request.js';
import { defaultElectLeadersResponse, encodeElectLeadersResponse, type ElectLeadersResponse } from '../../protocol/generated/messages/elect-leaders-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { clusterNotAuthorizedMessage } from '../security/authorizer.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const PREFERRED = 0;
const UNCLEAN = 1;

export default defineHandler<ElectLeadersRequest, ElectLeadersResponse>({
  apiKey: 43,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeElectLeadersRequest,
  encode: encodeElectLeadersResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // ControllerApis: ALTER on the cluster, else ElectLeadersRequest.getErrorResponse with the exception's text.
    if (!canCluster(ctx, Op.ALTER)) {
      const errorMessage = clusterNotAuthorizedMessage(ctx);
      const replicaElectionResults = (req.topicPartitions ?? []).map((t) => ({ topic: t.topic, partitionResult: t.partitions.map((partitionId) => ({ partitionId, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage })) }));
      return { ...defaultElectLeadersResponse(), throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, replicaElectionResults };
    }
    const type = ctx.apiVersion === 0 ? PREFERRED : req.electionType;
    if (type !== PREFERRED && type !== UNCLEAN) {
      return {
        ...defaultElectLeadersResponse(),
        throttleTimeMs: 0,
        errorCode: ErrorCode.INVALID_REQUEST,
        replicaElectionResults: (req.topicPartitions ?? []).map((t) => ({
          topic: t.topic,
          partitionResult: t.partitions.map((partitionId) => ({ partitionId, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unknown election type ${type}` })),
        })),
      };
    }
    if (req.topicPartitions === null) {
      return { ...defaultElectLeadersResponse(), throttleTimeMs: 0, errorCode: 0, replicaElectionResults: broker.topics.list().map((t) => ({ topic: t.name, partitionResult: [] })) };
    }
    return {
      ...defaultElectLeadersResponse(),
      throttleTimeMs: 0,
      errorCode: 0,
      replicaElectionResults: req.topicPartitions.map((t) => {
        const topic = broker.topics.get(t.topic);
        return {
          topic: t.topic,
          partitionResult: t.partitions.map((partitionId) => {
            if (topic === undefined) return { partitionId, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `No such topic as ${t.topic}` };
            if (topic.partitions[partitionId] === undefined) return { partitionId, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `No such partition as ${t.topic}-${partitionId}` };
            return { partitionId, errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: 'Leader election not needed for topic partition.' };
          }),
        };
      }),
    };
  },
});
