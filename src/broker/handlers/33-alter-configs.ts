// AlterConfigs: v0–2 (flexible from v2). Deprecated by Kafka in favour of IncrementalAlterConfigs.
// Behaviour: the listed configs become the topic's complete set of overrides (anything not listed
// is removed). Checks follow ConfigAdminManager.preprocess then the controller: a resource listed
// twice, repeated keys or null values → INVALID_REQUEST; then "" → INVALID_REQUEST, bad names →
// INVALID_TOPIC_EXCEPTION, bad configs → INVALID_CONFIG, a missing topic →
// UNKNOWN_TOPIC_OR_PARTITION. validateOnly checks and changes nothing.
// BROKER resources ("" = cluster default, or this node's id): the listed keys become that dynamic
// layer whole (dynamic-config.ts), with IncrementalAlterConfigs' checks.
// GROUP and CLIENT_METRICS resources: the listed configs become the resource's whole set, checked
// as Kafka 4.4 checks them (entity-configs.ts); an empty set removes the resource.
import { decodeAlterConfigsRequest, type AlterConfigsRequest, type AlterConfigsResource } from '../../protocol/generated/messages/alter-configs-request.js';
import {
  defaultAlterConfigsResponse,
  encodeAlterConfigsResponse,
  type AlterConfigsResponse,
} from '../../protocol/generated/messages/alter-configs-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Broker } from '../broker.js';
import {
  DUPLICATE_KEYS,
  DUPLICATE_RESOURCE,
  refusedOr,
  brokerResourceProblem,
  duplicateResources,
  fail,
  hasDuplicates,
  replaceTopicOverrides,
  unsupportedResource,
  type Outcome,
} from './admin-common.js';
import { ConfigResourceType, alterBrokerLayer } from './admin-configs.js';
import { Op, configDenial } from '../security/authorize-requests.js';
import { alterClientMetrics, alterGroupConfigs } from './entity-configs.js';
import { defineHandler } from './types.js';

function alter(broker: Broker, r: AlterConfigsResource, validateOnly: boolean): Outcome {
  const names = r.configs.map((c) => c.name);
  if (hasDuplicates(names)) return DUPLICATE_KEYS;
  const nulls = r.configs.filter((c) => c.value === null).map((c) => c.name);
  if (nulls.length > 0) return fail(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${nulls.join(', ')}`);
  if (r.resourceType === ConfigResourceType.GROUP || r.resourceType === ConfigResourceType.CLIENT_METRICS) {
    // The listed configs become the resource's whole set, as for topics.
    const next: Record<string, string> = {};
    for (const c of r.configs) next[c.name] = c.value ?? '';
    if (r.resourceType === ConfigResourceType.GROUP) return alterGroupConfigs(broker, r.resourceName, next, validateOnly);
    return alterClientMetrics(broker, r.resourceName, next, validateOnly);
  }
  const unsupported = unsupportedResource(r.resourceType);
  if (unsupported !== null) return unsupported;
  if (r.resourceType === ConfigResourceType.BROKER) {
    // The listed keys replace the addressed dynamic layer whole, as for topics.
    const problem = brokerResourceProblem(r.resourceName, broker.nodeId);
    if (problem !== null) return problem;
    const next: Record<string, string> = {};
    for (const c of r.configs) next[c.name] = c.value ?? '';
    return alterBrokerLayer(broker, r.resourceName, names, next, validateOnly);
  }
  const next: Record<string, string> = {};
  for (const c of r.configs) next[c.name] = c.value ?? '';
  return replaceTopicOverrides(broker, r.resourceName, next, validateOnly);
}

export default defineHandler<AlterConfigsRequest, AlterConfigsResponse>({
  apiKey: 33,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeAlterConfigsRequest,
  encode: encodeAlterConfigsResponse,
  handle(req, ctx) {
    const dups = duplicateResources(req.resources);
    const responses = req.resources.map((r, i) => ({
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      ...(dups.has(i) ? DUPLICATE_RESOURCE : refusedOr(configDenial(ctx, Op.ALTER_CONFIGS, r.resourceType, r.resourceName), () => alter(ctx.broker, r, req.validateOnly))),
    }));
    return { ...defaultAlterConfigsResponse(), throttleTimeMs: 0, responses };
  },
});
