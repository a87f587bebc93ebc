// The differential corpus's plumbing: the raw test client on any host:port, reconnecting (requests
// encoded with the generated codecs, so both brokers receive byte-identical requests at the same
// version), a normaliser for what differs by nature (ids, times, hosts, ports, node ids, cluster ids)
// and a field-by-field differ.
import type { Reader } from '../../src/protocol/codec/reader.js';
import type { Writer } from '../../src/protocol/codec/writer.js';
import { AddOffsetsToTxnApi } from '../../src/protocol/generated/apis/add-offsets-to-txn.js';
import { AddPartitionsToTxnApi } from '../../src/protocol/generated/apis/add-partitions-to-txn.js';
import { AlterClientQuotasApi } from '../../src/protocol/generated/apis/alter-client-quotas.js';
import { AlterConfigsApi } from '../../src/protocol/generated/apis/alter-configs.js';
import { ApiVersionsApi } from '../../src/protocol/generated/apis/api-versions.js';
import { ConsumerGroupDescribeApi } from '../../src/protocol/generated/apis/consumer-group-describe.js';
import { ConsumerGroupHeartbeatApi } from '../../src/protocol/generated/apis/consumer-group-heartbeat.js';
import { CreatePartitionsApi } from '../../src/protocol/generated/apis/create-partitions.js';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { DeleteGroupsApi } from '../../src/protocol/generated/apis/delete-groups.js';
import { DeleteRecordsApi } from '../../src/protocol/generated/apis/delete-records.js';
import { DeleteTopicsApi } from '../../src/protocol/generated/apis/delete-topics.js';
import { DescribeClusterApi } from '../../src/protocol/generated/apis/describe-cluster.js';
import { DescribeClientQuotasApi } from '../../src/protocol/generated/apis/describe-client-quotas.js';
import { DescribeConfigsApi } from '../../src/protocol/generated/apis/describe-configs.js';
import { DescribeGroupsApi } from '../../src/protocol/generated/apis/describe-groups.js';
import { DescribeProducersApi } from '../../src/protocol/generated/apis/describe-producers.js';
import { DescribeTransactionsApi } from '../../src/protocol/generated/apis/describe-transactions.js';
import { EndTxnApi } from '../../src/protocol/generated/apis/end-txn.js';
import { FetchApi } from '../../src/protocol/generated/apis/fetch.js';
import { FindCoordinatorApi } from '../../src/protocol/generated/apis/find-coordinator.js';
import { HeartbeatApi } from '../../src/protocol/generated/apis/heartbeat.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { InitProducerIdApi } from '../../src/protocol/generated/apis/init-producer-id.js';
import { JoinGroupApi } from '../../src/protocol/generated/apis/join-group.js';
import { LeaveGroupApi } from '../../src/protocol/generated/apis/leave-group.js';
import { ListGroupsApi } from '../../src/protocol/generated/apis/list-groups.js';
import { ListOffsetsApi } from '../../src/protocol/generated/apis/list-offsets.js';
import { ListTransactionsApi } from '../../src/protocol/generated/apis/list-transactions.js';
import { MetadataApi } from '../../src/protocol/generated/apis/metadata.js';
import { OffsetCommitApi } from '../../src/protocol/generated/apis/offset-commit.js';
import { OffsetDeleteApi } from '../../src/protocol/generated/apis/offset-delete.js';
import { OffsetFetchApi } from '../../src/protocol/generated/apis/offset-fetch.js';
import { OffsetForLeaderEpochApi } from '../../src/protocol/generated/apis/offset-for-leader-epoch.js';
import { ProduceApi } from '../../src/protocol/generated/apis/produce.js';
import { SyncGroupApi } from '../../src/protocol/generated/apis/sync-group.js';
import { TxnOffsetCommitApi } from '../../src/protocol/generated/apis/txn-offset-commit.js';
import { within } from '../helpers/wait.js';
import { RawClient } from '../unit/broker/group/raw-client.js';

export const A = {
  Produce: ProduceApi,
  Fetch: FetchApi,
  ListOffsets: ListOffsetsApi,
  Metadata: MetadataApi,
  OffsetCommit: OffsetCommitApi,
  OffsetFetch: OffsetFetchApi,
  FindCoordinator: FindCoordinatorApi,
  JoinGroup: JoinGroupApi,
  Heartbeat: HeartbeatApi,
  LeaveGroup: LeaveGroupApi,
  SyncGroup: SyncGroupApi,
  DescribeGroups: DescribeGroupsApi,
  ListGroups: ListGroupsApi,
  ApiVersions: ApiVersionsApi,
  CreateTopics: CreateTopicsApi,
  DeleteTopics: DeleteTopicsApi,
  DeleteRecords: DeleteRecordsApi,
  InitProducerId: InitProducerIdApi,
  AddPartitionsToTxn: AddPartitionsToTxnApi,
  AddOffsetsToTxn: AddOffsetsToTxnApi,
  EndTxn: EndTxnApi,
  TxnOffsetCommit: TxnOffsetCommitApi,
  DescribeConfigs: DescribeConfigsApi,
  AlterConfigs: AlterConfigsApi,
  CreatePartitions: CreatePartitionsApi,
  DeleteGroups: DeleteGroupsApi,
  IncrementalAlterConfigs: IncrementalAlterConfigsApi,
  DescribeClientQuotas: DescribeClientQuotasApi,
  AlterClientQuotas: AlterClientQuotasApi,
  OffsetDelete: OffsetDeleteApi,
  DescribeCluster: DescribeClusterApi,
  DescribeProducers: DescribeProducersApi,
  DescribeTransactions: DescribeTransactionsApi,
  ListTransactions: ListTransactionsApi,
  OffsetForLeaderEpoch: OffsetForLeaderEpochApi,
  ConsumerGroupHeartbeat: ConsumerGroupHeartbeatApi,
  ConsumerGroupDescribe: ConsumerGroupDescribeApi,
};

/** A generated API descriptor (protocol/generated/apis) as the corpus uses it: name, key, the spec's versions, the client codecs. */
export interface Api<Req, Res> {
  readonly name: string;
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
  // Methods, so any descriptor passes where the request type does not matter (Api<unknown, unknown>).
  encodeRequest(w: Writer, m: Req, version: number): void;
  decodeResponse(r: Reader, version: number): Res;
}

/** A raw connection to `host:port` (raw-client's) that reconnects after the broker closes it. */
export class Wire {
  private client: RawClient | undefined;
  private readonly host: string;
  private readonly port: number;

  private constructor(hostPort: string) {
    const i = hostPort.lastIndexOf(':');
    this.host = hostPort.slice(0, i);
    this.port = Number(hostPort.slice(i + 1));
  }

  static async connect(hostPort: string): Promise<Wire> {
    const w = new Wire(hostPort);
    w.client = await RawClient.connect(w.port, w.host);
    return w;
  }

  /** `req` as `version` of `a`; rejects when the broker closes the connection instead of answering. */
  async call<Req, Res>(a: Api<Req, Res>, version: number, req: Req, timeoutMs = 10_000): Promise<Res> {
    if (this.client === undefined || !this.client.isOpen) this.client = await RawClient.connect(this.port, this.host);
    const c = this.client;
    const closed = c.closed.then((): never => {
      throw new Error('connection closed by the broker');
    });
    return within(`a response to ${a.name} v${version}`, Promise.race([c.call(a, version, req, 'differential'), closed]), timeoutMs);
  }

  close(): void {
    this.client?.close();
  }
}

/** What one broker's answers are normalised against. */
export interface SideInfo {
  nodeId: number;
}

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
/** Keys whose values differ by nature between two brokers. */
const OPAQUE: Record<string, string> = {
  throttleTimeMs: '<throttle>',
  clusterId: '<cluster-id>',
  host: '<host>',
  port: '<port>',
  coordinatorEpoch: '<coordinator-epoch>',
};
const NODE_KEYS = new Set(['nodeId', 'leaderId', 'controllerId', 'brokerId', 'replicaNodes', 'isrNodes', 'offlineReplicas', 'eligibleLeaderReplicas', 'lastKnownElr']);
const ID_KEYS = new Set(['topicId', 'memberId', 'producerId', 'leader', 'sessionId']);

/** A JSON-able copy with node ids, cluster ids, hosts, ports, uuids, producer and member ids replaced by placeholders. */
export function normalise(v: unknown, side: SideInfo, key = ''): unknown {
  if (typeof v === 'bigint') {
    if (ID_KEYS.has(key) && v >= 0n) return `<${key}>`;
    return `${v}n`;
  }
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
  if (Array.isArray(v)) return v.map((x) => normalise(x, side, key));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '_tagged') continue;
      out[k] = normalise(x, side, k);
    }
    return out;
  }
  if (key in OPAQUE && v !== null && v !== -1) return OPAQUE[key];
  if (NODE_KEYS.has(key) && v === side.nodeId) return '<node>';
  if (ID_KEYS.has(key) && typeof v === 'string' && v !== '' && v !== ZERO_UUID) return `<${key}>`;
  if (ID_KEYS.has(key) && typeof v === 'number' && v > 0) return `<${key}>`;
  return v;
}

/** A plain JSON-able copy (bigints as "123n", buffers as hex), nothing normalised. */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== '_tagged') out[k] = plain(x);
    return out;
  }
  return v;
}

/** Every leaf where the two differ, as "path: kafka=… tkafka=…". */
export function diff(kafka: unknown, ours: unknown, path = '$'): string[] {
  const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object';
  if (Array.isArray(kafka) && Array.isArray(ours)) {
    if (kafka.length !== ours.length) return [`${path}.length: kafka=${kafka.length} tkafka=${ours.length}`];
    return kafka.flatMap((x, i) => diff(x, ours[i], `${path}[${i}]`));
  }
  if (isObj(kafka) && isObj(ours) && !Array.isArray(kafka) && !Array.isArray(ours)) {
    const keys = [...new Set([...Object.keys(kafka), ...Object.keys(ours)])];
    return keys.flatMap((k) => diff(kafka[k], ours[k], `${path}.${k}`));
  }
  if (JSON.stringify(kafka) === JSON.stringify(ours)) return [];
  return [`${path}: kafka=${JSON.stringify(kafka)} tkafka=${JSON.stringify(ours)}`];
}
