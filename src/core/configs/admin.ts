// The requests kafka-configs sends, as Kafka's admin client sends them: DescribeConfigs (32) and
// IncrementalAlterConfigs (44) for topics, brokers, broker loggers, groups and client-metrics
// resources (a broker's own resource goes to that broker), DescribeUserScramCredentials (50) and
// AlterUserScramCredentials (51) with the salted password computed here, DescribeClientQuotas (48)
// and AlterClientQuotas (49), and Metadata/ListGroups/ListClientMetricsResources for the listings.
// Failures become the Java exception text kafka-configs shows ("org.apache.kafka.common.errors.X: m").
import { randomBytes } from 'node:crypto';
import type { ApiDef } from '../../client/native/apis.js';
import { clientApi, MetadataApi } from '../../client/native/apis.js';
import { IncrementalAlterConfigsApi } from '../../client/native/apis/incremental-alter-configs.js';
import { ListGroupsApi } from '../../client/native/apis/list-groups.js';
import { ErrorCode, errorInfo } from '../../protocol/error-codes.js';
import { AlterClientQuotasApi } from '../../protocol/generated/apis/alter-client-quotas.js';
import { AlterUserScramCredentialsApi } from '../../protocol/generated/apis/alter-user-scram-credentials.js';
import { DescribeClientQuotasApi } from '../../protocol/generated/apis/describe-client-quotas.js';
import { DescribeConfigsApi } from '../../protocol/generated/apis/describe-configs.js';
import { DescribeUserScramCredentialsApi } from '../../protocol/generated/apis/describe-user-scram-credentials.js';
import { ListClientMetricsResourcesApi } from '../../protocol/generated/apis/list-client-metrics-resources.js';
import { defaultMetadataRequest } from '../../protocol/generated/messages/metadata-request.js';
import { hiSync, scramHash, scramMechanismOfType, scramMechanismType, type ScramMechanism } from '../../protocol/sasl/scram.js';

const DESCRIBE_CONFIGS = clientApi(DescribeConfigsApi, 1, 4);
const DESCRIBE_SCRAM = clientApi(DescribeUserScramCredentialsApi, 0, 0);
const ALTER_SCRAM = clientApi(AlterUserScramCredentialsApi, 0, 0);
const DESCRIBE_QUOTAS = clientApi(DescribeClientQuotasApi, 0, 1);
const ALTER_QUOTAS = clientApi(AlterClientQuotasApi, 0, 1);
const LIST_CLIENT_METRICS = clientApi(ListClientMetricsResourcesApi, 0, 0);

/** ConfigResource.Type ids. */
export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8, CLIENT_METRICS: 16, GROUP: 32 } as const;

/** ConfigEntry.ConfigSource by DescribeConfigsResponse id, as the admin client names them. */
export const CONFIG_SOURCES: readonly string[] = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'DYNAMIC_CLIENT_METRICS_CONFIG',
  'DYNAMIC_GROUP_CONFIG',
];
export const sourceName = (id: number): string => CONFIG_SOURCES[id] ?? 'UNKNOWN';

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: string;
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  source: string;
  sensitive: boolean;
  readOnly: boolean;
  synonyms: ConfigSynonym[];
}

/** A quota entity: (type, name) pairs, name null for the default entity. */
export type QuotaEntity = Array<{ entityType: string; entityName: string | null }>;

export interface QuotaFilterComponent {
  entityType: string;
  /** 0 exact, 1 default, 2 any (specified). */
  matchType: number;
  match: string | null;
}

/** A failure kafka-configs reports with its Java exception text (exit 1). */
export class ConfigsRuntimeError extends Error {
  override readonly name: string = 'ConfigsRuntimeError';
  readonly errorCode: number | undefined;

  constructor(message: string, errorCode?: number) {
    super(message);
    this.errorCode = errorCode;
  }
}

// The Java class where the error's name does not camel-case to it.
const JAVA_CLASSES: ReadonlyMap<number, string> = new Map([
  [ErrorCode.INVALID_CONFIG, 'InvalidConfigurationException'],
  [ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'ClusterAuthorizationException'],
  [ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'TopicAuthorizationException'],
  [ErrorCode.GROUP_AUTHORIZATION_FAILED, 'GroupAuthorizationException'],
  [ErrorCode.UNKNOWN_SERVER_ERROR, 'UnknownServerException'],
  [ErrorCode.UNSUPPORTED_VERSION, 'UnsupportedVersionException'],
]);

/** ApiError(code, message).exception().toString(): the server's message, else Kafka's default. */
export function javaError(code: number, message: string | null): ConfigsRuntimeError {
  const info = errorInfo(code);
  const cls = JAVA_CLASSES.get(code) ?? `${info.name.replace(/_EXCEPTION$/, '').toLowerCase().replace(/(^|_)([a-z])/g, (_, _u: string, c: string) => c.toUpperCase())}Exception`;
  const text = message !== null && message !== '' ? message : info.message;
  return new ConfigsRuntimeError(`org.apache.kafka.common.errors.${cls}: ${text}`, code);
}

export interface Sender {
  send<Req, Res>(api: ApiDef<Req, Res>, body: Req): Promise<Res>;
}

export interface ConfigsTransport {
  /** Any broker. */
  any(): Promise<Sender>;
  /** Broker `id` (a broker's own resources are served by that broker). */
  node(id: number): Promise<Sender>;
}

/** Kafka's UserScramCredentialUpsertion salt: a random 130-bit number in base 36, as bytes. */
function kafkaSalt(): Buffer {
  const bytes = randomBytes(17);
  bytes[0] = (bytes[0] ?? 0) & 0x03;
  return Buffer.from(BigInt(`0x${bytes.toString('hex')}`).toString(36), 'utf8');
}

export interface ScramUpsertion {
  mechanism: ScramMechanism;
  iterations: number;
  password: Buffer;
}

export class ConfigsAdmin {
  private readonly t: ConfigsTransport;

  constructor(t: ConfigsTransport) {
    this.t = t;
  }

  private async target(type: number, name: string): Promise<Sender> {
    if ((type === ResourceType.BROKER || type === ResourceType.BROKER_LOGGER) && /^\d+$/.test(name)) return this.t.node(Number(name));
    return this.t.any();
  }

  /** Topic names (internal ones too) and broker ids, from one Metadata request. */
  async cluster(): Promise<{ topics: string[]; brokers: number[] }> {
    const res = await (await this.t.any()).send(MetadataApi, { ...defaultMetadataRequest(), topics: null, allowAutoTopicCreation: false });
    return { topics: res.topics.filter((t) => t.errorCode === 0 && t.name !== null).map((t) => t.name ?? ''), brokers: res.brokers.map((b) => b.nodeId) };
  }

  async listGroups(): Promise<string[]> {
    const res = await (await this.t.any()).send(ListGroupsApi, { statesFilter: [], typesFilter: [] });
    if (res.errorCode !== 0) throw javaError(res.errorCode, null);
    return res.groups.map((g) => g.groupId);
  }

  async listClientMetrics(): Promise<string[]> {
    const res = await (await this.t.any()).send(LIST_CLIENT_METRICS, {});
    if (res.errorCode !== 0) throw javaError(res.errorCode, null);
    return res.clientMetricsResources.map((r) => r.name);
  }

  async describeConfigs(type: number, name: string, includeSynonyms: boolean): Promise<ConfigEntry[]> {
    const res = await (await this.target(type, name)).send(DESCRIBE_CONFIGS, { resources: [{ resourceType: type, resourceName: name, configurationKeys: null }], includeSynonyms, includeDocumentation: false });
    const r = res.results[0];
    if (r === undefined) throw new ConfigsRuntimeError('org.apache.kafka.common.errors.UnknownServerException: The broker answered without the resource');
    if (r.errorCode !== 0) throw javaError(r.errorCode, r.errorMessage);
    return r.configs.map((c) => ({
      name: c.name,
      value: c.value,
      source: sourceName(c.configSource),
      sensitive: c.isSensitive,
      readOnly: c.readOnly,
      synonyms: c.synonyms.map((s) => ({ name: s.name, value: s.value, source: sourceName(s.source) })),
    }));
  }

  /** Deletions first, then the SET entries (ConfigCommand's order). */
  async incrementalAlterConfigs(type: number, name: string, set: ReadonlyMap<string, string>, del: readonly string[]): Promise<void> {
    const configs = [...del.map((k) => ({ name: k, configOperation: 1, value: '' })), ...[...set].map(([k, v]) => ({ name: k, configOperation: 0, value: v }))];
    const res = await (await this.target(type, name)).send(IncrementalAlterConfigsApi, { resources: [{ resourceType: type, resourceName: name, configs }], validateOnly: false });
    const bad = res.responses.find((r) => r.errorCode !== 0);
    if (bad !== undefined) throw javaError(bad.errorCode, bad.errorMessage);
  }

  /** Users in the broker's order with their credentials; a user's own error is kept as text. */
  async describeScram(users: readonly string[]): Promise<Array<{ user: string; error: ConfigsRuntimeError | null; credentials: Array<{ mechanism: string; iterations: number }> }>> {
    const res = await (await this.t.any()).send(DESCRIBE_SCRAM, { users: users.length === 0 ? null : users.map((name) => ({ name })) });
    if (res.errorCode !== 0) throw javaError(res.errorCode, res.errorMessage);
    return res.results.map((r) => ({
      user: r.user,
      error: r.errorCode === 0 ? null : javaError(r.errorCode, r.errorMessage),
      credentials: r.credentialInfos.map((c) => ({ mechanism: scramMechanismOfType(c.mechanism) ?? 'UNKNOWN', iterations: c.iterations })),
    }));
  }

  async alterScram(user: string, deletions: readonly ScramMechanism[], upsertions: readonly ScramUpsertion[]): Promise<void> {
    const res = await (await this.t.any()).send(ALTER_SCRAM, {
      deletions: deletions.map((m) => ({ name: user, mechanism: scramMechanismType(m) })),
      upsertions: upsertions.map((u) => {
        const salt = kafkaSalt();
        return { name: user, mechanism: scramMechanismType(u.mechanism), iterations: u.iterations, salt, saltedPassword: hiSync(scramHash(u.mechanism), u.password, salt, u.iterations) };
      }),
    });
    const bad = res.results.find((r) => r.errorCode !== 0);
    if (bad !== undefined) throw javaError(bad.errorCode, bad.errorMessage);
  }

  async describeQuotas(components: readonly QuotaFilterComponent[]): Promise<Array<{ entity: QuotaEntity; values: Array<[string, number]> }>> {
    const res = await (await this.t.any()).send(DESCRIBE_QUOTAS, { components: [...components], strict: true });
    if (res.errorCode !== 0) throw javaError(res.errorCode, res.errorMessage);
    return (res.entries ?? []).map((e) => ({ entity: e.entity.map((x) => ({ entityType: x.entityType, entityName: x.entityName })), values: e.values.map((v) => [v.key, v.value]) }));
  }

  async alterQuotas(entity: QuotaEntity, ops: ReadonlyArray<{ key: string; value: number | null }>): Promise<void> {
    const res = await (await this.t.any()).send(ALTER_QUOTAS, {
      entries: [{ entity, ops: ops.map((o) => ({ key: o.key, value: o.value ?? 0, remove: o.value === null })) }],
      validateOnly: false,
    });
    const bad = res.entries.find((r) => r.errorCode !== 0);
    if (bad !== undefined) throw javaError(bad.errorCode, bad.errorMessage);
  }
}
