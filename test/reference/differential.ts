// The differential corpus's plumbing: one tiny raw client usable against any host:port (requests
// encoded with the generated codecs, so both brokers receive byte-identical requests at the same
// version), a normaliser for what differs by nature (ids, times, hosts, ports, node ids, cluster ids)
// and a field-by-field differ.
import net from 'node:net';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ProduceRequestVersions, encodeProduceRequest, type ProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse, type ProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { FetchRequestVersions, encodeFetchRequest, type FetchRequest } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse, type FetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { ListOffsetsRequestVersions, encodeListOffsetsRequest, type ListOffsetsRequest } from '../../src/protocol/generated/messages/list-offsets-request.js';
import { decodeListOffsetsResponse, type ListOffsetsResponse } from '../../src/protocol/generated/messages/list-offsets-response.js';
import { MetadataRequestVersions, encodeMetadataRequest, type MetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse, type MetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { OffsetCommitRequestVersions, encodeOffsetCommitRequest, type OffsetCommitRequest } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse, type OffsetCommitResponse } from '../../src/protocol/generated/messages/offset-commit-response.js';
import { OffsetFetchRequestVersions, encodeOffsetFetchRequest, type OffsetFetchRequest } from '../../src/protocol/generated/messages/offset-fetch-request.js';
import { decodeOffsetFetchResponse, type OffsetFetchResponse } from '../../src/protocol/generated/messages/offset-fetch-response.js';
import { FindCoordinatorRequestVersions, encodeFindCoordinatorRequest, type FindCoordinatorRequest } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { decodeFindCoordinatorResponse, type FindCoordinatorResponse } from '../../src/protocol/generated/messages/find-coordinator-response.js';
import { JoinGroupRequestVersions, encodeJoinGroupRequest, type JoinGroupRequest } from '../../src/protocol/generated/messages/join-group-request.js';
import { decodeJoinGroupResponse, type JoinGroupResponse } from '../../src/protocol/generated/messages/join-group-response.js';
import { HeartbeatRequestVersions, encodeHeartbeatRequest, type HeartbeatRequest } from '../../src/protocol/generated/messages/heartbeat-request.js';
import { decodeHeartbeatResponse, type HeartbeatResponse } from '../../src/protocol/generated/messages/heartbeat-response.js';
import { LeaveGroupRequestVersions, encodeLeaveGroupRequest, type LeaveGroupRequest } from '../../src/protocol/generated/messages/leave-group-request.js';
import { decodeLeaveGroupResponse, type LeaveGroupResponse } from '../../src/protocol/generated/messages/leave-group-response.js';
import { SyncGroupRequestVersions, encodeSyncGroupRequest, type SyncGroupRequest } from '../../src/protocol/generated/messages/sync-group-request.js';
import { decodeSyncGroupResponse, type SyncGroupResponse } from '../../src/protocol/generated/messages/sync-group-response.js';
import { DescribeGroupsRequestVersions, encodeDescribeGroupsRequest, type DescribeGroupsRequest } from '../../src/protocol/generated/messages/describe-groups-request.js';
import { decodeDescribeGroupsResponse, type DescribeGroupsResponse } from '../../src/protocol/generated/messages/describe-groups-response.js';
import { ListGroupsRequestVersions, encodeListGroupsRequest, type ListGroupsRequest } from '../../src/protocol/generated/messages/list-groups-request.js';
import { decodeListGroupsResponse, type ListGroupsResponse } from '../../src/protocol/generated/messages/list-groups-response.js';
import { ApiVersionsRequestVersions, encodeApiVersionsRequest, type ApiVersionsRequest } from '../../src/protocol/generated/messages/api-versions-request.js';
import { decodeApiVersionsResponse, type ApiVersionsResponse } from '../../src/protocol/generated/messages/api-versions-response.js';
import { CreateTopicsRequestVersions, encodeCreateTopicsRequest, type CreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { decodeCreateTopicsResponse, type CreateTopicsResponse } from '../../src/protocol/generated/messages/create-topics-response.js';
import { DeleteTopicsRequestVersions, encodeDeleteTopicsRequest, type DeleteTopicsRequest } from '../../src/protocol/generated/messages/delete-topics-request.js';
import { decodeDeleteTopicsResponse, type DeleteTopicsResponse } from '../../src/protocol/generated/messages/delete-topics-response.js';
import { DeleteRecordsRequestVersions, encodeDeleteRecordsRequest, type DeleteRecordsRequest } from '../../src/protocol/generated/messages/delete-records-request.js';
import { decodeDeleteRecordsResponse, type DeleteRecordsResponse } from '../../src/protocol/generated/messages/delete-records-response.js';
import { InitProducerIdRequestVersions, encodeInitProducerIdRequest, type InitProducerIdRequest } from '../../src/protocol/generated/messages/init-producer-id-request.js';
import { decodeInitProducerIdResponse, type InitProducerIdResponse } from '../../src/protocol/generated/messages/init-producer-id-response.js';
import { AddPartitionsToTxnRequestVersions, encodeAddPartitionsToTxnRequest, type AddPartitionsToTxnRequest } from '../../src/protocol/generated/messages/add-partitions-to-txn-request.js';
import { decodeAddPartitionsToTxnResponse, type AddPartitionsToTxnResponse } from '../../src/protocol/generated/messages/add-partitions-to-txn-response.js';
import { AddOffsetsToTxnRequestVersions, encodeAddOffsetsToTxnRequest, type AddOffsetsToTxnRequest } from '../../src/protocol/generated/messages/add-offsets-to-txn-request.js';
import { decodeAddOffsetsToTxnResponse, type AddOffsetsToTxnResponse } from '../../src/protocol/generated/messages/add-offsets-to-txn-response.js';
import { EndTxnRequestVersions, encodeEndTxnRequest, type EndTxnRequest } from '../../src/protocol/generated/messages/end-txn-request.js';
import { decodeEndTxnResponse, type EndTxnResponse } from '../../src/protocol/generated/messages/end-txn-response.js';
import { TxnOffsetCommitRequestVersions, encodeTxnOffsetCommitRequest, type TxnOffsetCommitRequest } from '../../src/protocol/generated/messages/txn-offset-commit-request.js';
import { decodeTxnOffsetCommitResponse, type TxnOffsetCommitResponse } from '../../src/protocol/generated/messages/txn-offset-commit-response.js';
import { DescribeConfigsRequestVersions, encodeDescribeConfigsRequest, type DescribeConfigsRequest } from '../../src/protocol/generated/messages/describe-configs-request.js';
import { decodeDescribeConfigsResponse, type DescribeConfigsResponse } from '../../src/protocol/generated/messages/describe-configs-response.js';
import { AlterConfigsRequestVersions, encodeAlterConfigsRequest, type AlterConfigsRequest } from '../../src/protocol/generated/messages/alter-configs-request.js';
import { decodeAlterConfigsResponse, type AlterConfigsResponse } from '../../src/protocol/generated/messages/alter-configs-response.js';
import { CreatePartitionsRequestVersions, encodeCreatePartitionsRequest, type CreatePartitionsRequest } from '../../src/protocol/generated/messages/create-partitions-request.js';
import { decodeCreatePartitionsResponse, type CreatePartitionsResponse } from '../../src/protocol/generated/messages/create-partitions-response.js';
import { DeleteGroupsRequestVersions, encodeDeleteGroupsRequest, type DeleteGroupsRequest } from '../../src/protocol/generated/messages/delete-groups-request.js';
import { decodeDeleteGroupsResponse, type DeleteGroupsResponse } from '../../src/protocol/generated/messages/delete-groups-response.js';
import { IncrementalAlterConfigsRequestVersions, encodeIncrementalAlterConfigsRequest, type IncrementalAlterConfigsRequest } from '../../src/protocol/generated/messages/incremental-alter-configs-request.js';
import { decodeIncrementalAlterConfigsResponse, type IncrementalAlterConfigsResponse } from '../../src/protocol/generated/messages/incremental-alter-configs-response.js';
import { OffsetDeleteRequestVersions, encodeOffsetDeleteRequest, type OffsetDeleteRequest } from '../../src/protocol/generated/messages/offset-delete-request.js';
import { decodeOffsetDeleteResponse, type OffsetDeleteResponse } from '../../src/protocol/generated/messages/offset-delete-response.js';
import { DescribeClusterRequestVersions, encodeDescribeClusterRequest, type DescribeClusterRequest } from '../../src/protocol/generated/messages/describe-cluster-request.js';
import { decodeDescribeClusterResponse, type DescribeClusterResponse } from '../../src/protocol/generated/messages/describe-cluster-response.js';
import { DescribeProducersRequestVersions, encodeDescribeProducersRequest, type DescribeProducersRequest } from '../../src/protocol/generated/messages/describe-producers-request.js';
import { decodeDescribeProducersResponse, type DescribeProducersResponse } from '../../src/protocol/generated/messages/describe-producers-response.js';
import { DescribeTransactionsRequestVersions, encodeDescribeTransactionsRequest, type DescribeTransactionsRequest } from '../../src/protocol/generated/messages/describe-transactions-request.js';
import { decodeDescribeTransactionsResponse, type DescribeTransactionsResponse } from '../../src/protocol/generated/messages/describe-transactions-response.js';
import { ListTransactionsRequestVersions, encodeListTransactionsRequest, type ListTransactionsRequest } from '../../src/protocol/generated/messages/list-transactions-request.js';
import { decodeListTransactionsResponse, type ListTransactionsResponse } from '../../src/protocol/generated/messages/list-transactions-response.js';
import { OffsetForLeaderEpochRequestVersions, encodeOffsetForLeaderEpochRequest, type OffsetForLeaderEpochRequest } from '../../src/protocol/generated/messages/offset-for-leader-epoch-request.js';
import { decodeOffsetForLeaderEpochResponse, type OffsetForLeaderEpochResponse } from '../../src/protocol/generated/messages/offset-for-leader-epoch-response.js';
import { ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, type ConsumerGroupHeartbeatRequest } from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse, type ConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { ConsumerGroupDescribeRequestVersions, encodeConsumerGroupDescribeRequest, type ConsumerGroupDescribeRequest } from '../../src/protocol/generated/messages/consumer-group-describe-request.js';
import { decodeConsumerGroupDescribeResponse, type ConsumerGroupDescribeResponse } from '../../src/protocol/generated/messages/consumer-group-describe-response.js';

export const A = {
  Produce: api<ProduceRequest, ProduceResponse>('Produce', ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse),
  Fetch: api<FetchRequest, FetchResponse>('Fetch', FetchRequestVersions, encodeFetchRequest, decodeFetchResponse),
  ListOffsets: api<ListOffsetsRequest, ListOffsetsResponse>('ListOffsets', ListOffsetsRequestVersions, encodeListOffsetsRequest, decodeListOffsetsResponse),
  Metadata: api<MetadataRequest, MetadataResponse>('Metadata', MetadataRequestVersions, encodeMetadataRequest, decodeMetadataResponse),
  OffsetCommit: api<OffsetCommitRequest, OffsetCommitResponse>('OffsetCommit', OffsetCommitRequestVersions, encodeOffsetCommitRequest, decodeOffsetCommitResponse),
  OffsetFetch: api<OffsetFetchRequest, OffsetFetchResponse>('OffsetFetch', OffsetFetchRequestVersions, encodeOffsetFetchRequest, decodeOffsetFetchResponse),
  FindCoordinator: api<FindCoordinatorRequest, FindCoordinatorResponse>('FindCoordinator', FindCoordinatorRequestVersions, encodeFindCoordinatorRequest, decodeFindCoordinatorResponse),
  JoinGroup: api<JoinGroupRequest, JoinGroupResponse>('JoinGroup', JoinGroupRequestVersions, encodeJoinGroupRequest, decodeJoinGroupResponse),
  Heartbeat: api<HeartbeatRequest, HeartbeatResponse>('Heartbeat', HeartbeatRequestVersions, encodeHeartbeatRequest, decodeHeartbeatResponse),
  LeaveGroup: api<LeaveGroupRequest, LeaveGroupResponse>('LeaveGroup', LeaveGroupRequestVersions, encodeLeaveGroupRequest, decodeLeaveGroupResponse),
  SyncGroup: api<SyncGroupRequest, SyncGroupResponse>('SyncGroup', SyncGroupRequestVersions, encodeSyncGroupRequest, decodeSyncGroupResponse),
  DescribeGroups: api<DescribeGroupsRequest, DescribeGroupsResponse>('DescribeGroups', DescribeGroupsRequestVersions, encodeDescribeGroupsRequest, decodeDescribeGroupsResponse),
  ListGroups: api<ListGroupsRequest, ListGroupsResponse>('ListGroups', ListGroupsRequestVersions, encodeListGroupsRequest, decodeListGroupsResponse),
  ApiVersions: api<ApiVersionsRequest, ApiVersionsResponse>('ApiVersions', ApiVersionsRequestVersions, encodeApiVersionsRequest, decodeApiVersionsResponse),
  CreateTopics: api<CreateTopicsRequest, CreateTopicsResponse>('CreateTopics', CreateTopicsRequestVersions, encodeCreateTopicsRequest, decodeCreateTopicsResponse),
  DeleteTopics: api<DeleteTopicsRequest, DeleteTopicsResponse>('DeleteTopics', DeleteTopicsRequestVersions, encodeDeleteTopicsRequest, decodeDeleteTopicsResponse),
  DeleteRecords: api<DeleteRecordsRequest, DeleteRecordsResponse>('DeleteRecords', DeleteRecordsRequestVersions, encodeDeleteRecordsRequest, decodeDeleteRecordsResponse),
  InitProducerId: api<InitProducerIdRequest, InitProducerIdResponse>('InitProducerId', InitProducerIdRequestVersions, encodeInitProducerIdRequest, decodeInitProducerIdResponse),
  AddPartitionsToTxn: api<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>('AddPartitionsToTxn', AddPartitionsToTxnRequestVersions, encodeAddPartitionsToTxnRequest, decodeAddPartitionsToTxnResponse),
  AddOffsetsToTxn: api<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>('AddOffsetsToTxn', AddOffsetsToTxnRequestVersions, encodeAddOffsetsToTxnRequest, decodeAddOffsetsToTxnResponse),
  EndTxn: api<EndTxnRequest, EndTxnResponse>('EndTxn', EndTxnRequestVersions, encodeEndTxnRequest, decodeEndTxnResponse),
  TxnOffsetCommit: api<TxnOffsetCommitRequest, TxnOffsetCommitResponse>('TxnOffsetCommit', TxnOffsetCommitRequestVersions, encodeTxnOffsetCommitRequest, decodeTxnOffsetCommitResponse),
  DescribeConfigs: api<DescribeConfigsRequest, DescribeConfigsResponse>('DescribeConfigs', DescribeConfigsRequestVersions, encodeDescribeConfigsRequest, decodeDescribeConfigsResponse),
  AlterConfigs: api<AlterConfigsRequest, AlterConfigsResponse>('AlterConfigs', AlterConfigsRequestVersions, encodeAlterConfigsRequest, decodeAlterConfigsResponse),
  CreatePartitions: api<CreatePartitionsRequest, CreatePartitionsResponse>('CreatePartitions', CreatePartitionsRequestVersions, encodeCreatePartitionsRequest, decodeCreatePartitionsResponse),
  DeleteGroups: api<DeleteGroupsRequest, DeleteGroupsResponse>('DeleteGroups', DeleteGroupsRequestVersions, encodeDeleteGroupsRequest, decodeDeleteGroupsResponse),
  IncrementalAlterConfigs: api<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>('IncrementalAlterConfigs', IncrementalAlterConfigsRequestVersions, encodeIncrementalAlterConfigsRequest, decodeIncrementalAlterConfigsResponse),
  OffsetDelete: api<OffsetDeleteRequest, OffsetDeleteResponse>('OffsetDelete', OffsetDeleteRequestVersions, encodeOffsetDeleteRequest, decodeOffsetDeleteResponse),
  DescribeCluster: api<DescribeClusterRequest, DescribeClusterResponse>('DescribeCluster', DescribeClusterRequestVersions, encodeDescribeClusterRequest, decodeDescribeClusterResponse),
  DescribeProducers: api<DescribeProducersRequest, DescribeProducersResponse>('DescribeProducers', DescribeProducersRequestVersions, encodeDescribeProducersRequest, decodeDescribeProducersResponse),
  DescribeTransactions: api<DescribeTransactionsRequest, DescribeTransactionsResponse>('DescribeTransactions', DescribeTransactionsRequestVersions, encodeDescribeTransactionsRequest, decodeDescribeTransactionsResponse),
  ListTransactions: api<ListTransactionsRequest, ListTransactionsResponse>('ListTransactions', ListTransactionsRequestVersions, encodeListTransactionsRequest, decodeListTransactionsResponse),
  OffsetForLeaderEpoch: api<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>('OffsetForLeaderEpoch', OffsetForLeaderEpochRequestVersions, encodeOffsetForLeaderEpochRequest, decodeOffsetForLeaderEpochResponse),
  ConsumerGroupHeartbeat: api<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>('ConsumerGroupHeartbeat', ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse),
  ConsumerGroupDescribe: api<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>('ConsumerGroupDescribe', ConsumerGroupDescribeRequestVersions, encodeConsumerGroupDescribeRequest, decodeConsumerGroupDescribeResponse),
};

export interface Api<Req, Res> {
  name: string;
  key: number;
  min: number;
  max: number;
  flexibleMin: number;
  encode(w: Writer, m: Req, version: number): void;
  decode(r: Reader, version: number): Res;
}

function api<Req, Res>(
  name: string,
  versions: { apiKey: number; min: number; max: number; flexibleMin: number },
  encode: (w: Writer, m: Req, version: number) => void,
  decode: (r: Reader, version: number) => Res,
): Api<Req, Res> {
  return { name, key: versions.apiKey, min: versions.min, max: versions.max, flexibleMin: versions.flexibleMin, encode, decode };
}

/** A raw connection to `host:port` that reconnects after the broker closes it. */
export class Wire {
  private socket: net.Socket | undefined;
  private readonly waiting = new Map<number, { ok: (frame: Buffer) => void; fail: (err: Error) => void }>();
  private nextId = 1;
  private readonly host: string;
  private readonly port: number;

  private constructor(hostPort: string) {
    const i = hostPort.lastIndexOf(':');
    this.host = hostPort.slice(0, i);
    this.port = Number(hostPort.slice(i + 1));
  }

  static async connect(hostPort: string): Promise<Wire> {
    const w = new Wire(hostPort);
    await w.open();
    return w;
  }

  private open(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const s = net.connect(this.port, this.host, () => {
        this.socket = s;
        resolve(s);
      });
      const frames = new FrameSplitter();
      s.on('data', (chunk: Buffer) => {
        for (const f of frames.push(chunk)) {
          const id = f.readInt32BE(0);
          const cb = this.waiting.get(id);
          this.waiting.delete(id);
          cb?.ok(f);
        }
      });
      s.on('error', reject);
      s.on('close', () => {
        if (this.socket === s) this.socket = undefined;
        for (const [id, cb] of this.waiting) {
          this.waiting.delete(id);
          cb.fail(new Error('connection closed by the broker'));
        }
      });
    });
  }

  async call<Req, Res>(a: Api<Req, Res>, version: number, req: Req, timeoutMs = 10_000): Promise<Res> {
    const socket = this.socket ?? (await this.open());
    const flexible = a.flexibleMin >= 0 && version >= a.flexibleMin;
    const id = this.nextId++;
    const w = new Writer(256).startFrame();
    w.int16(a.key).int16(version).int32(id).nullableString('differential');
    if (flexible) w.uvarint(0);
    a.encode(w, req, version);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no response to ${a.name} v${version}`));
      }, timeoutMs);
      this.waiting.set(id, {
        fail: (err) => {
          clearTimeout(timer);
          reject(err);
        },
        ok: (frame) => {
          clearTimeout(timer);
          try {
            const r = new Reader(frame, 4);
            // ApiVersions answers with response header v0 at every version.
            if (flexible && a.key !== 18) r.rawTaggedFields();
            resolve(a.decode(r, version));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        },
      });
      for (const chunk of w.finish()) socket.write(chunk);
    });
  }

  close(): void {
    this.socket?.destroy();
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
