// AlterPartitionReassignments: v0 (flexible). What `kafka-reassign-partitions.sh --execute` sends.
// Behaviour: the only assignment a single node can hold is [this node], its current one, so that
// move is a no-op success; every other one fails as Kafka's controller fails it, with
// INVALID_REPLICA_ASSIGNMENT and its message (an empty list; over the sorted ids: a broker that is
// not registered, then one named twice). Cancelling (null replicas) answers
// NO_REASSIGNMENT_IN_PROGRESS, since none ever is. An unknown topic or partition is
// UNKNOWN_TOPIC_OR_PARTITION with Kafka's message, checked first.
import {
  decodeAlterPartitionReassignmentsRequest,
  type AlterPartitionReassignmentsRequest,
} from '../../protocol/generated/messages/alter-partition-reassignments-request.js';
import {
  defaultAlterPartitionReassignmentsResponse,
  encodeAlterPartitionReassignmentsResponse,
  type AlterPartitionReassignmentsResponse,
} from '../../protocol/generated/messages/alter-partition-reassignments-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { manualAssignmentProblem } from './admin-common.js';
import { clusterNotAuthorizedMessage } from '../security/authorizer.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse>({
  apiKey: 45,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeAlterPartitionReassignmentsRequest,
  encode: encodeAlterPartitionReassignmentsResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // ControllerApis: ALTER on the cluster, else getErrorResponse: the exception's text at the top and on every partition.
    if (!canCluster(ctx, Op.ALTER)) {
      const errorMessage = clusterNotAuthorizedMessage(ctx);
      const errorCode = ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
      const responses = req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode, errorMessage })) }));
      return { ...defaultAlterPartitionReassignmentsResponse(), throttleTimeMs: 0, errorCode, errorMessage, responses };
    }
    return {
      ...defaultAlterPartitionReassignmentsResponse(),
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      responses: req.topics.map((t) => {
        const topic = broker.topics.get(t.name);
        return {
          name: t.name,
          partitions: t.partitions.map((p) => {
            const fail = (errorCode: number, errorMessage: string | null): { partitionIndex: number; errorCode: number; errorMessage: string | null } => ({ partitionIndex: p.partitionIndex, errorCode, errorMessage });
            if (topic === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Unable to find a topic named ${t.name}.`);
            if (topic.partitions[p.partitionIndex] === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Unable to find partition ${t.name}:${p.partitionIndex}.`);
            if (p.replicas === null) return fail(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, null);
            const problem = manualAssignmentProblem(p.replicas, undefined, broker.nodeId);
            return problem === null ? fail(0, null) : fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
          }),
        };
      }),
    };
  },
});
