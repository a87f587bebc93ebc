// ListClientMetricsResources: v0 (flexible). Kafka 4.1 renamed it ListConfigResources and added v1
// (a resource type filter); the protocol specs here stop at v0.
// Behaviour: the names of the client metrics subscriptions that have a config (CLIENT_METRICS
// resources of the AlterConfigs pair, entity-configs.ts), in the order they were first set. As in
// KafkaApis, it needs DESCRIBE_CONFIGS on the cluster; otherwise CLUSTER_AUTHORIZATION_FAILED and no
// names.
// Gaps: none known.
import {
  decodeListClientMetricsResourcesRequest,
  type ListClientMetricsResourcesRequest,
} from '../../protocol/generated/messages/list-client-metrics-resources-request.js';
import {
  defaultListClientMetricsResourcesResponse,
  encodeListClientMetricsResourcesResponse,
  type ListClientMetricsResourcesResponse,
} from '../../protocol/generated/messages/list-client-metrics-resources-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { clientMetricsNames } from './entity-configs.js';
import { defineHandler } from './types.js';

export default defineHandler<ListClientMetricsResourcesRequest, ListClientMetricsResourcesResponse>({
  apiKey: 74,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeListClientMetricsResourcesRequest,
  encode: encodeListClientMetricsResourcesResponse,
  handle(_req, ctx) {
    if (!canCluster(ctx, Op.DESCRIBE_CONFIGS)) {
      return { ...defaultListClientMetricsResourcesResponse(), errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, clientMetricsResources: [] };
    }
    return {
      ...defaultListClientMetricsResourcesResponse(),
      errorCode: ErrorCode.NONE,
      clientMetricsResources: clientMetricsNames(ctx.broker).map((name) => ({ name })),
    };
  },
});
