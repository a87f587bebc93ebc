// IncrementalAlterConfigs: v0–1 (flexible from v1).
// Behaviour: per topic, operations apply to the current overrides: SET (0) sets, DELETE (1)
// removes the override, APPEND (2) / SUBTRACT (3) add or remove comma-separated items of a LIST
// config, starting from the topic-level default when there is no override (as Kafka's
// ConfigurationControlManager does); on a non-list key they fail with INVALID_CONFIG. The result is
// then checked like AlterConfigs (admin-common.ts) and applied at once, or not at all under
// validateOnly. Repeated resources or keys, null values for non-DELETE operations and unknown
// operations → INVALID_REQUEST.
// BROKER resources (name "" = cluster default, or this node's id): dynamic broker configs
// (dynamic-config.ts), persisted and applied at once; keys Kafka cannot change at runtime →
// INVALID_REQUEST "Cannot update these configs dynamically: [...]", bad values → INVALID_CONFIG,
// APPEND/SUBTRACT on a non-list key → INVALID_CONFIG with Kafka 4.4's text.
// BROKER_LOGGER: SET the level of `root` (the one logger here; runtime only, as Kafka's), with
// Kafka 4.4's refusals (unknown logger, bad level, APPEND/SUBTRACT, removing root).
// GROUP and CLIENT_METRICS: SET/DELETE on the resource's stored configs, then Kafka 4.4's checks of
// the result (entity-configs.ts); APPEND/SUBTRACT → INVALID_CONFIG as Kafka's controller answers.
import {
  decodeIncrementalAlterConfigsRequest,
  type AlterConfigsResource,
  type IncrementalAlterConfigsRequest,
} from '../../protocol/generated/messages/incremental-alter-configs-request.js';
import {
  defaultIncrementalAlterConfigsResponse,
  encodeIncrementalAlterConfigsResponse,
  type IncrementalAlterConfigsResponse,
} from '../../protocol/generated/messages/incremental-alter-configs-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { ConfigType, TOPIC_CONFIG_BY_NAME } from '../metadata/topic-configs.js';
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
import { ConfigResourceType, alterBrokerLayer, alterBrokerLoggers, brokerLayer, isListTopicConfig, topicConfigOfBrokerKey } from './admin-configs.js';
import { Op, configDenial } from '../security/authorize-requests.js';
import { alterClientMetrics, alterGroupConfigs, listOpProblem } from './entity-configs.js';
import { defineHandler } from './types.js';

const OP_NAMES = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'] as const;
const SET = 0;
const DELETE = 1;
const APPEND = 2;

/** APPEND or SUBTRACT the comma-separated items of `value` on a LIST value (Kafka's getParts: empty items dropped, no trimming). */
function listOp(current: string | undefined, op: number, value: string): string {
  const items = (current ?? '').split(',').filter((p) => p !== '');
  for (const item of value.split(',')) {
    const at = items.indexOf(item);
    if (op === APPEND && at < 0) items.push(item);
    if (op !== APPEND && at >= 0) items.splice(at, 1);
  }
  return items.join(',');
}

function alter(broker: Broker, r: AlterConfigsResource, validateOnly: boolean): Outcome {
  const names = r.configs.map((c) => c.name);
  if (hasDuplicates(names)) return DUPLICATE_KEYS;
  const nulls = r.configs.filter((c) => c.configOperation !== DELETE && c.value === null).map((c) => c.name);
  if (nulls.length > 0) return fail(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${nulls.join(', ')}`);
  const badOp = r.configs.find((c) => OP_NAMES[c.configOperation] === undefined);
  if (badOp !== undefined) return fail(ErrorCode.INVALID_REQUEST, `Unknown operations type ${badOp.configOperation}`);
  if (r.resourceType === ConfigResourceType.BROKER_LOGGER) {
    const problem = brokerResourceProblem(r.resourceName, broker.nodeId);
    return problem ?? alterBrokerLoggers(broker, r.configs, validateOnly);
  }
  if (r.resourceType === ConfigResourceType.GROUP || r.resourceType === ConfigResourceType.CLIENT_METRICS) return alterEntity(broker, r, validateOnly);
  const unsupported = unsupportedResource(r.resourceType);
  if (unsupported !== null) return unsupported;
  if (r.resourceType === ConfigResourceType.BROKER) return alterBroker(broker, r, validateOnly);

  const next: Record<string, string> = { ...broker.topics.get(r.resourceName)?.configs };
  for (const c of r.configs) {
    const value = c.value ?? '';
    if (c.configOperation === SET) {
      next[c.name] = value;
    } else if (c.configOperation === DELETE) {
      delete next[c.name];
    } else {
      if (!isListTopicConfig(c.name)) {
        return fail(ErrorCode.INVALID_CONFIG, `Can't ${OP_NAMES[c.configOperation] ?? ''} to key ${c.name} because its type is not LIST.`);
      }
      next[c.name] = listOp(next[c.name] ?? TOPIC_CONFIG_BY_NAME.get(c.name)?.defaultValue, c.configOperation, value);
    }
  }
  return replaceTopicOverrides(broker, r.resourceName, next, validateOnly);
}

/** A GROUP or CLIENT_METRICS resource: SET/DELETE on its stored configs (APPEND/SUBTRACT refused, as Kafka's controller does). */
function alterEntity(broker: Broker, r: AlterConfigsResource, validateOnly: boolean): Outcome {
  const listOp = listOpProblem(r.configs);
  if (listOp !== null) return listOp;
  const group = r.resourceType === ConfigResourceType.GROUP;
  const next: Record<string, string> = { ...broker.entityConfigs.get(group ? 'group' : 'clientMetrics', r.resourceName) };
  for (const c of r.configs) {
    if (c.configOperation === SET) next[c.name] = c.value ?? '';
    else delete next[c.name];
  }
  return group ? alterGroupConfigs(broker, r.resourceName, next, validateOnly) : alterClientMetrics(broker, r.resourceName, next, validateOnly);
}

/** A BROKER resource: the operations apply to the stored dynamic layer the name addresses. */
function alterBroker(broker: Broker, r: AlterConfigsResource, validateOnly: boolean): Outcome {
  const problem = brokerResourceProblem(r.resourceName, broker.nodeId);
  if (problem !== null) return problem;
  const next: Record<string, string> = { ...brokerLayer(broker, r.resourceName) };
  for (const c of r.configs) {
    if (c.configOperation === SET) next[c.name] = c.value ?? '';
    else if (c.configOperation === DELETE) delete next[c.name];
    else {
      const def = topicConfigOfBrokerKey(c.name);
      if (def?.type !== ConfigType.LIST) {
        return fail(ErrorCode.INVALID_CONFIG, `Config value ${c.configOperation === APPEND ? 'append' : 'subtract'} is not allowed for config key: ${c.name}`);
      }
      next[c.name] = listOp(next[c.name] ?? broker.config.raw[c.name] ?? def.defaultValue, c.configOperation, c.value ?? '');
    }
  }
  return alterBrokerLayer(broker, r.resourceName, r.configs.map((c) => c.name), next, validateOnly);
}

export default defineHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>({
  apiKey: 44,
  minVersion: 0,
  maxVersion: 1,
  decode: decodeIncrementalAlterConfigsRequest,
  encode: encodeIncrementalAlterConfigsResponse,
  handle(req, ctx) {
    const dups = duplicateResources(req.resources);
    const responses = req.resources.map((r, i) => ({
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      ...(dups.has(i) ? DUPLICATE_RESOURCE : refusedOr(configDenial(ctx, Op.ALTER_CONFIGS, r.resourceType, r.resourceName), () => alter(ctx.broker, r, req.validateOnly))),
    }));
    return { ...defaultIncrementalAlterConfigsResponse(), throttleTimeMs: 0, responses };
  },
});
