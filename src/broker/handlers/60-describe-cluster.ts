// DescribeCluster: v0–1 (flexible from v0).
// Behaviour: the cluster is this node: one broker (the advertised address), which is also the
// controller id clients are given, plus the cluster id. Asked for, the cluster's authorized
// operations are those the principal may do on the cluster (every one without an authorizer).
// Version notes: v1 endpointType: only brokers (1) are served here; controllers (2) →
// MISMATCHED_ENDPOINT_TYPE, anything else → UNSUPPORTED_ENDPOINT_TYPE (both INVALID_REQUEST on v0).
// Gaps: v2 (includeFencedBrokers) is not advertised.
import { decodeDescribeClusterRequest, type DescribeClusterRequest } from '../../protocol/generated/messages/describe-cluster-request.js';
import {
  defaultDescribeClusterResponse,
  encodeDescribeClusterResponse,
  type DescribeClusterResponse,
} from '../../protocol/generated/messages/describe-cluster-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { clusterOperationsIfAsked } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const ENDPOINT_BROKER = 1;
const ENDPOINT_CONTROLLER = 2;

export default defineHandler<DescribeClusterRequest, DescribeClusterResponse>({
  apiKey: 60,
  minVersion: 0,
  maxVersion: 1,
  decode: decodeDescribeClusterRequest,
  encode: encodeDescribeClusterResponse,
  handle(req, ctx) {
    const { broker, apiVersion } = ctx;
    const base = { ...defaultDescribeClusterResponse(), throttleTimeMs: 0 };
    if (req.endpointType !== ENDPOINT_BROKER && req.endpointType !== ENDPOINT_CONTROLLER) {
      return {
        ...base,
        errorCode: apiVersion === 0 ? ErrorCode.INVALID_REQUEST : ErrorCode.UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: `Unsupported endpoint type ${req.endpointType}`,
      };
    }
    if (req.endpointType === ENDPOINT_CONTROLLER) {
      return {
        ...base,
        errorCode: apiVersion === 0 ? ErrorCode.INVALID_REQUEST : ErrorCode.MISMATCHED_ENDPOINT_TYPE,
        errorMessage: 'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER',
      };
    }
    return {
      ...base,
      errorCode: 0,
      errorMessage: null,
      endpointType: ENDPOINT_BROKER,
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      brokers: [{ brokerId: broker.nodeId, ...broker.endpoint(ctx.session.listenerName), rack: null }],
      // Anyone may describe the cluster; the bit field is 0 without DESCRIBE on it (KafkaApis).
      clusterAuthorizedOperations: clusterOperationsIfAsked(ctx, req.includeClusterAuthorizedOperations),
    };
  },
});
