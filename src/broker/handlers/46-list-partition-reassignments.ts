// ListPartitionReassignments: v0 (flexible). What `kafka-reassign-partitions.sh --list` sends.
// Behaviour: a single node never has a reassignment in progress (AlterPartitionReassignments only
// accepts the current replica set, which completes at once), so the answer is always empty, and,
// as Kafka's controller answers, named topics or partitions that do not exist are simply absent.
import {
  decodeListPartitionReassignmentsRequest,
  type ListPartitionReassignmentsRequest,
} from '../../protocol/generated/messages/list-partition-reassignments-request.js';
import {
  defaultListPartitionReassignmentsResponse,
  encodeListPartitionReassignmentsResponse,
  type ListPartitionReassignmentsResponse,
} from '../../protocol/generated/messages/list-partition-reassignments-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { clusterNotAuthorizedMessage } from '../security/authorizer.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse>({
  apiKey: 46,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeListPartitionReassignmentsRequest,
  encode: encodeListPartitionReassignmentsResponse,
  handle(_req, ctx) {
    // ControllerApis: DESCRIBE on the cluster.
    if (!canCluster(ctx, Op.DESCRIBE)) {
      return { ...defaultListPartitionReassignmentsResponse(), throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: clusterNotAuthorizedMessage(ctx), topics: [] };
    }
    return { ...defaultListPartitionReassignmentsResponse(), throttleTimeMs: 0, errorCode: 0, errorMessage: null, topics: [] };
  },
});
