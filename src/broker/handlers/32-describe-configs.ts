// DescribeConfigs: v0–4 (flexible from v4). v0 (removed in Kafka 4.0, served by 3.9) has no synonyms
// and reports isDefault instead of the config source.
// Behaviour: as Kafka's ConfigHelper. TOPIC resources list every topic config (or the requested
// names; unknown names are left out) with its effective value, source and, when asked, synonyms
// (see admin-configs.ts); an invalid name → INVALID_TOPIC_EXCEPTION, a missing topic →
// UNKNOWN_TOPIC_OR_PARTITION. BROKER resources: this node's id lists the broker's configs (the
// dynamic ones as DYNAMIC_BROKER_CONFIG / DYNAMIC_DEFAULT_BROKER_CONFIG with Kafka's synonyms; only
// keys Kafka changes at runtime are not read-only); "" lists the cluster-wide dynamic defaults; any
// other name → INVALID_REQUEST with Kafka's message. BROKER_LOGGER lists the one logger we have.
// Version notes: v1 synonyms and config source, v3 config type and documentation.
// GROUP resources list every group config (the group's own as GROUP_CONFIG, the rest at the broker's
// default) and CLIENT_METRICS resources the three subscription keys, for any non-empty name, as Kafka
// 4.4 does (entity-configs.ts); an empty name → INVALID_REQUEST with Kafka's message.
import { decodeDescribeConfigsRequest, type DescribeConfigsRequest, type DescribeConfigsResource } from '../../protocol/generated/messages/describe-configs-request.js';
import {
  defaultDescribeConfigsResourceResult,
  defaultDescribeConfigsResponse,
  encodeDescribeConfigsResponse,
  type DescribeConfigsResourceResult,
  type DescribeConfigsResponse,
  type DescribeConfigsResult,
} from '../../protocol/generated/messages/describe-configs-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { topicNameProblem } from '../metadata/topics.js';
import { ConfigSource, ConfigType } from '../metadata/topic-configs.js';
import type { Broker } from '../broker.js';
import { parseJavaInt } from './admin-common.js';
import { ConfigResourceType, brokerLoggers, describeBrokerConfigs, describeClusterDefaultConfigs, describeTopicConfigs, type DescribeOptions } from './admin-configs.js';
import { AUTHZ_MESSAGE, Op, configDenial } from '../security/authorize-requests.js';
import { describeClientMetrics, describeGroupConfigs } from './entity-configs.js';
import { defineHandler } from './types.js';

function result(r: DescribeConfigsResource, errorCode: number, errorMessage: string | null, configs: DescribeConfigsResourceResult[] = []): DescribeConfigsResult {
  // Kafka leaves the message at its generated "" default on success and for a missing topic (checked
  // against Apache Kafka 4.4 in the interop tier; kafkajs's own suite expects the null of old brokers).
  return { errorCode, errorMessage, resourceType: r.resourceType, resourceName: r.resourceName, configs };
}

function describe(broker: Broker, r: DescribeConfigsResource, opts: DescribeOptions): DescribeConfigsResult {
  const name = r.resourceName;
  switch (r.resourceType) {
    case ConfigResourceType.TOPIC: {
      const problem = topicNameProblem(name);
      if (problem !== null) return result(r, ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
      const topic = broker.topics.get(name);
      if (topic === undefined) return result(r, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, '');
      return result(r, 0, '', describeTopicConfigs(topic.configs, broker.config, opts));
    }
    case ConfigResourceType.BROKER: {
      if (name === '') return result(r, 0, '', describeClusterDefaultConfigs(broker.config, opts));
      const id = parseJavaInt(name);
      if (id === null) return result(r, ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${name}`);
      if (id !== broker.nodeId) {
        return result(r, ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${broker.nodeId} or empty string, but received ${name}`);
      }
      return result(r, 0, '', describeBrokerConfigs(broker.config, opts));
    }
    case ConfigResourceType.BROKER_LOGGER: {
      if (name === '') return result(r, ErrorCode.INVALID_REQUEST, 'Broker id must not be empty');
      const id = parseJavaInt(name);
      if (id === null) return result(r, ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${name}`);
      if (id !== broker.nodeId) return result(r, ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${broker.nodeId} but received ${name}`);
      const keys = opts.keys;
      const loggers = [...brokerLoggers(broker)].filter(([name]) => keys === null || keys.length === 0 || keys.includes(name));
      return result(
        r,
        0,
        '',
        loggers.map(([name, value]): DescribeConfigsResourceResult => ({
          ...defaultDescribeConfigsResourceResult(),
          name,
          value,
          configSource: ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG,
          configType: ConfigType.UNKNOWN,
          documentation: null,
        })),
      );
    }
    case ConfigResourceType.GROUP:
      if (name === '') return result(r, ErrorCode.INVALID_REQUEST, 'Group name must not be empty');
      return result(r, 0, '', describeGroupConfigs(broker, name, opts));
    case ConfigResourceType.CLIENT_METRICS:
      if (name === '') return result(r, ErrorCode.INVALID_REQUEST, 'Client metrics subscription name must not be empty');
      return result(r, 0, '', describeClientMetrics(broker, name, opts));
    default:
      return result(r, ErrorCode.INVALID_REQUEST, `Unsupported resource type: ${r.resourceType}`);
  }
}

export default defineHandler<DescribeConfigsRequest, DescribeConfigsResponse>({
  apiKey: 32,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeDescribeConfigsRequest,
  encode: encodeDescribeConfigsResponse,
  handle(req, ctx) {
    const opts = (r: DescribeConfigsResource): DescribeOptions => ({
      keys: r.configurationKeys,
      includeSynonyms: req.includeSynonyms,
      includeDocumentation: req.includeDocumentation,
    });
    // KafkaApis: DESCRIBE_CONFIGS on the topic, group or cluster; the refused resources come last.
    const results: DescribeConfigsResult[] = [];
    const refused: DescribeConfigsResult[] = [];
    for (const r of req.resources) {
      const code = configDenial(ctx, Op.DESCRIBE_CONFIGS, r.resourceType, r.resourceName);
      if (code === 0) results.push(describe(ctx.broker, r, opts(r)));
      else refused.push(result(r, code, AUTHZ_MESSAGE[code]));
    }
    return { ...defaultDescribeConfigsResponse(), throttleTimeMs: 0, results: refused.length === 0 ? results : [...results, ...refused] };
  },
});
