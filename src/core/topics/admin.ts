// TopicAdmin over the wire: the requests Kafka's admin client sends for kafka-topics, at the newest
// version both sides speak, with the broker's own error messages kept (Kafka's tool prints them).
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { errorInfo } from '../../protocol/error-codes.js';
import { clientApi, type ApiDef } from '../../client/native/apis.js';
import { CreatePartitionsApi } from '../../protocol/generated/apis/create-partitions.js';
import { CreateTopicsApi } from '../../protocol/generated/apis/create-topics.js';
import { DeleteTopicsApi } from '../../protocol/generated/apis/delete-topics.js';
import { DescribeConfigsApi } from '../../protocol/generated/apis/describe-configs.js';
import { DescribeTopicPartitionsApi } from '../../protocol/generated/apis/describe-topic-partitions.js';
import { MetadataApi } from '../../protocol/generated/apis/metadata.js';
import type { DescribeTopicPartitionsRequest } from '../../protocol/generated/messages/describe-topic-partitions-request.js';
import type { MetadataResponse, MetadataResponsePartition } from '../../protocol/generated/messages/metadata-response.js';
import {
  TopicCommandError,
  type ConfigEntry,
  type CreatedTopic,
  type NewTopicSpec,
  type PartitionIncrease,
  type PartitionInfo,
  type TopicAdmin,
  type TopicListing,
  type TopicPartitions,
} from './types.js';

/** An API as the admin transports send it: the client's definition (versions capped at what this tool wants). */
export type WireApi<Req, Res> = ApiDef<Req, Res>;

// Every version the spec has: negotiation settles on the newest the broker also speaks.
const METADATA = clientApi(MetadataApi, MetadataApi.minVersion, MetadataApi.maxVersion);
const CREATE_TOPICS = clientApi(CreateTopicsApi, CreateTopicsApi.minVersion, CreateTopicsApi.maxVersion);
const DELETE_TOPICS = clientApi(DeleteTopicsApi, DeleteTopicsApi.minVersion, DeleteTopicsApi.maxVersion);
const CREATE_PARTITIONS = clientApi(CreatePartitionsApi, CreatePartitionsApi.minVersion, CreatePartitionsApi.maxVersion);
const DESCRIBE_CONFIGS = clientApi(DescribeConfigsApi, DescribeConfigsApi.minVersion, DescribeConfigsApi.maxVersion);
const DESCRIBE_TOPIC_PARTITIONS = clientApi(DescribeTopicPartitionsApi, DescribeTopicPartitionsApi.minVersion, DescribeTopicPartitionsApi.maxVersion);

const TOPIC_RESOURCE = 2;
const DEFAULT_CONFIG_SOURCE = 5;

/** ApiError.exception(): the broker's message, or the error's standard one when it sent none. */
function apiError(code: number, message: string | null | undefined): TopicCommandError {
  const text = message !== null && message !== undefined && message !== '' ? message : errorInfo(code).message;
  return new TopicCommandError(text, { errorCode: code });
}

function idOrNull(id: string): string | null {
  return id === ZERO_UUID ? null : id;
}

function partitionFromMetadata(p: MetadataResponsePartition): PartitionInfo {
  return { partition: p.partitionIndex, leader: p.leaderId < 0 ? null : p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes, elr: null, lastKnownElr: null };
}

export interface WireTopicAdminOptions {
  /** Request timeout passed to the broker for create/delete/alter, in ms. */
  timeoutMs: number;
  /** --partition-size-limit-per-response: DescribeTopicPartitions page size. */
  partitionLimit?: number;
}

/** What the admin needs of a cluster connection: NativeTransport, or a fake in tests. */
export interface AdminTransport {
  /** The version both sides speak for `api`, or null when the broker lacks it. */
  version(api: WireApi<unknown, unknown>): number | null;
  /** Sends one request; `to: 'controller'` for topic mutations, as Kafka's admin client routes them. */
  send<Req, Res>(api: WireApi<Req, Res>, build: (version: number) => Req, to?: 'any' | 'controller'): Promise<{ version: number; body: Res }>;
  close(): Promise<void>;
}

export class WireTopicAdmin implements TopicAdmin {
  private readonly wire: AdminTransport;
  private readonly opts: WireTopicAdminOptions;
  private metadata: MetadataResponse | undefined;

  constructor(wire: AdminTransport, opts: WireTopicAdminOptions) {
    this.wire = wire;
    this.opts = opts;
  }

  async close(): Promise<void> {
    await this.wire.close();
  }

  private async allTopicsMetadata(): Promise<MetadataResponse> {
    if (this.metadata === undefined) {
      const { body } = await this.wire.send(METADATA, (v) => ({
        topics: v === 0 ? [] : null,
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      }));
      this.metadata = body;
    }
    return this.metadata;
  }

  async listTopics(): Promise<TopicListing[]> {
    const md = await this.allTopicsMetadata();
    const out: TopicListing[] = [];
    for (const t of md.topics) {
      if (t.name === null) continue;
      out.push({ name: t.name, id: idOrNull(t.topicId), internal: t.isInternal, partitionCount: t.partitions.length });
    }
    return out;
  }

  async liveBrokers(): Promise<ReadonlySet<number>> {
    return new Set((await this.allTopicsMetadata()).brokers.map((b) => b.nodeId));
  }

  async describeTopics(names: readonly string[]): Promise<TopicPartitions[]> {
    if (names.length === 0) return [];
    if (this.wire.version(DESCRIBE_TOPIC_PARTITIONS) !== null) return this.describeWithDtp(names);
    // Kafka falls back to Metadata for brokers without DescribeTopicPartitions (before 3.8): no ELR.
    const md = await this.allTopicsMetadata();
    const byName = new Map(md.topics.map((t) => [t.name, t]));
    return names.map((name) => {
      const t = byName.get(name);
      if (t === undefined) throw new TopicCommandError(`Topic ${name} not found.`, { errorCode: 3 });
      if (t.errorCode !== 0) throw apiError(t.errorCode, null);
      return { name, id: idOrNull(t.topicId), internal: t.isInternal, partitions: t.partitions.map(partitionFromMetadata) };
    });
  }

  /** DescribeTopicPartitions, following the cursor until every partition has been returned. */
  private async describeWithDtp(names: readonly string[]): Promise<TopicPartitions[]> {
    const sorted = [...names].sort();
    const found = new Map<string, TopicPartitions>();
    let cursor: { topicName: string; partitionIndex: number } | null = null;
    for (;;) {
      const from: string | null = cursor === null ? null : cursor.topicName;
      const topics = sorted.filter((n) => from === null || n >= from).map((name) => ({ name }));
      const request: DescribeTopicPartitionsRequest = { topics, responsePartitionLimit: this.opts.partitionLimit ?? 2000, cursor };
      const { body } = await this.wire.send(DESCRIBE_TOPIC_PARTITIONS, () => request);
      for (const t of body.topics) {
        if (t.name === null) continue;
        if (t.errorCode !== 0) throw apiError(t.errorCode, null);
        let entry = found.get(t.name);
        if (entry === undefined) {
          entry = { name: t.name, id: idOrNull(t.topicId), internal: t.isInternal, partitions: [] };
          found.set(t.name, entry);
        }
        for (const p of t.partitions) {
          entry.partitions.push({
            partition: p.partitionIndex,
            leader: p.leaderId < 0 ? null : p.leaderId,
            replicas: p.replicaNodes,
            isr: p.isrNodes,
            elr: p.eligibleLeaderReplicas,
            lastKnownElr: p.lastKnownElr,
          });
        }
      }
      if (body.nextCursor === null) break;
      cursor = { topicName: body.nextCursor.topicName, partitionIndex: body.nextCursor.partitionIndex };
    }
    return names.map((name) => {
      const t = found.get(name);
      if (t === undefined) throw apiError(3, null);
      return t;
    });
  }

  async describeConfigs(names: readonly string[]): Promise<Map<string, ConfigEntry[] | TopicCommandError>> {
    const out = new Map<string, ConfigEntry[] | TopicCommandError>();
    if (names.length === 0) return out;
    const { version, body } = await this.wire.send(DESCRIBE_CONFIGS, () => ({
      resources: names.map((name) => ({ resourceType: TOPIC_RESOURCE, resourceName: name, configurationKeys: null })),
      includeSynonyms: false,
      includeDocumentation: false,
    }));
    for (const r of body.results) {
      if (r.errorCode !== 0) {
        out.set(r.resourceName, apiError(r.errorCode, r.errorMessage));
        continue;
      }
      out.set(
        r.resourceName,
        r.configs.map((c) => ({ name: c.name, value: c.value, isDefault: version === 0 ? c.isDefault : c.configSource === DEFAULT_CONFIG_SOURCE })),
      );
    }
    return out;
  }

  async createTopic(spec: NewTopicSpec): Promise<CreatedTopic> {
    const { version, body } = await this.wire.send(
      CREATE_TOPICS,
      () => ({
        topics: [
          {
            name: spec.name,
            numPartitions: spec.partitions ?? -1,
            replicationFactor: spec.replicationFactor ?? -1,
            assignments: (spec.assignment ?? []).map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })),
            configs: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
          },
        ],
        timeoutMs: this.opts.timeoutMs,
        validateOnly: false,
      }),
      'controller',
    );
    const r = body.topics.find((t) => t.name === spec.name);
    if (r === undefined) throw new TopicCommandError(`The controller response did not contain a result for topic ${spec.name}`);
    if (r.errorCode !== 0) throw apiError(r.errorCode, r.errorMessage);
    if (version < 5) return { id: null, partitions: spec.partitions ?? spec.assignment?.length ?? null, replicationFactor: spec.replicationFactor ?? spec.assignment?.[0]?.length ?? null };
    return { id: idOrNull(r.topicId), partitions: r.numPartitions, replicationFactor: r.replicationFactor };
  }

  async createPartitions(increases: readonly PartitionIncrease[]): Promise<void> {
    const { body } = await this.wire.send(
      CREATE_PARTITIONS,
      () => ({
        topics: increases.map((i) => ({ name: i.name, count: i.count, assignments: i.assignments === null ? null : i.assignments.map((brokerIds) => ({ brokerIds })) })),
        timeoutMs: this.opts.timeoutMs,
        validateOnly: false,
      }),
      'controller',
    );
    const byName = new Map(body.results.map((r) => [r.name, r]));
    for (const i of increases) {
      const r = byName.get(i.name);
      if (r === undefined) throw new TopicCommandError(`The controller response did not contain a result for topic ${i.name}`);
      if (r.errorCode !== 0) throw apiError(r.errorCode, r.errorMessage);
    }
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    const { body } = await this.wire.send(
      DELETE_TOPICS,
      () => ({ topics: names.map((name) => ({ name, topicId: ZERO_UUID })), topicNames: [...names], timeoutMs: this.opts.timeoutMs }),
      'controller',
    );
    const byName = new Map(body.responses.map((r) => [r.name, r]));
    for (const name of names) {
      const r = byName.get(name);
      if (r === undefined) throw new TopicCommandError(`The controller response did not contain a result for topic ${name}`);
      if (r.errorCode !== 0) throw apiError(r.errorCode, r.errorMessage);
    }
  }
}
