// kafka-metadata-quorum.sh describe --status / --replication over DescribeQuorum (55) and
// DescribeCluster (60), printed as MetadataQuorumCommand prints them.
import type { NativeClient } from '../../client/native/client.js';
import { clientApi } from '../../client/native/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { DescribeQuorumApi as DescribeQuorumSpec } from '../../protocol/generated/apis/describe-quorum.js';
import { DESCRIBE_CLUSTER } from '../cluster/run.js';
import { javaMessage } from '../transactions/admin.js';
import { prettyTable } from '../transactions/table.js';
import { ToolFailure, type ToolResult } from '../transactions/tool-result.js';

const DESCRIBE_QUORUM = clientApi(DescribeQuorumSpec, 0, 2);
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export interface ReplicaState {
  replicaId: number;
  replicaDirectoryId: string;
  logEndOffset: bigint;
  /** -1: unknown (v0). */
  lastFetchTimestamp: bigint;
  lastCaughtUpTimestamp: bigint;
}

export interface QuorumInfo {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: bigint;
  voters: ReplicaState[];
  observers: ReplicaState[];
  /** node id → endpoints as `NAME://host:port`. */
  endpoints: Map<number, string[]>;
}

export async function describeQuorum(client: NativeClient): Promise<QuorumInfo> {
  const conn = await client.anyConnection();
  const res = await conn.send(DESCRIBE_QUORUM, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] });
  if (res.errorCode !== ErrorCode.NONE) throw new ToolFailure(javaMessage(res.errorCode, res.errorMessage));
  const p = res.topics[0]?.partitions[0];
  if (p === undefined) throw new ToolFailure('The response did not contain the metadata partition');
  if (p.errorCode !== ErrorCode.NONE) throw new ToolFailure(javaMessage(p.errorCode, p.errorMessage));
  return {
    leaderId: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    highWatermark: p.highWatermark,
    voters: p.currentVoters,
    observers: p.observers,
    endpoints: new Map(res.nodes.map((n) => [n.nodeId, n.listeners.map((l) => `${l.name}://${l.host.includes(':') ? `[${l.host}]` : l.host}:${l.port}`)])),
  };
}

export async function clusterId(client: NativeClient): Promise<string | null> {
  const conn = await client.anyConnection();
  const res = await conn.send(DESCRIBE_CLUSTER, { includeClusterAuthorizedOperations: false, endpointType: 1 });
  if (res.errorCode !== ErrorCode.NONE) throw new ToolFailure(javaMessage(res.errorCode, res.errorMessage));
  return res.clusterId;
}

function leaderOf(q: QuorumInfo): ReplicaState {
  const leader = q.voters.find((v) => v.replicaId === q.leaderId);
  if (leader === undefined) throw new ToolFailure('No value present');
  return leader;
}

function replicaText(q: QuorumInfo, r: ReplicaState): string {
  const eps = q.endpoints.get(r.replicaId) ?? [];
  const dir = r.replicaDirectoryId === ZERO_UUID ? '' : `, "directoryId": "${r.replicaDirectoryId}"`;
  return `{"id": ${r.replicaId}${dir}${eps.length > 0 ? `, "endpoints": [${eps.map((e) => `"${e}"`).join(', ')}]` : ''}}`;
}

export function renderStatus(id: string | null, q: QuorumInfo): ToolResult {
  const leader = leaderOf(q);
  const maxLag = q.voters.reduce((m, v) => (v.logEndOffset < m.logEndOffset ? v : m), q.voters[0] ?? leader);
  const lag = leader.logEndOffset - maxLag.logEndOffset;
  const lagTime = maxLag === leader ? 0n : leader.lastCaughtUpTimestamp >= 0n && maxLag.lastCaughtUpTimestamp >= 0n ? leader.lastCaughtUpTimestamp - maxLag.lastCaughtUpTimestamp : -1n;
  const text = [
    `ClusterId:              ${id}`,
    `LeaderId:               ${q.leaderId}`,
    `LeaderEpoch:            ${q.leaderEpoch}`,
    `HighWatermark:          ${q.highWatermark}`,
    `MaxFollowerLag:         ${lag}`,
    `MaxFollowerLagTimeMs:   ${lagTime}`,
    `CurrentVoters:          [${q.voters.map((v) => replicaText(q, v)).join(', ')}]`,
    `CurrentObservers:       [${q.observers.map((v) => replicaText(q, v)).join(', ')}]`,
  ].join('\n');
  const node = (r: ReplicaState): unknown => ({ id: r.replicaId, directoryId: r.replicaDirectoryId === ZERO_UUID ? null : r.replicaDirectoryId, endpoints: q.endpoints.get(r.replicaId) ?? [] });
  return {
    text: `${text}\n`,
    json: { clusterId: id, leaderId: q.leaderId, leaderEpoch: q.leaderEpoch, highWatermark: Number(q.highWatermark), maxFollowerLag: Number(lag), maxFollowerLagTimeMs: Number(lagTime), currentVoters: q.voters.map(node), currentObservers: q.observers.map(node) },
  };
}

export const REPLICATION_HEADERS = ['NodeId', 'DirectoryId', 'LogEndOffset', 'Lag', 'LastFetchTimestamp', 'LastCaughtUpTimestamp', 'Status'];

export function renderReplication(q: QuorumInfo, humanReadable: boolean, now: number): ToolResult {
  const leader = leaderOf(q);
  const time = (ts: bigint, what: string): string => {
    if (ts < 0n) return '-1';
    if (!humanReadable) return String(ts);
    if (!(ts > 0n && ts <= BigInt(now))) throw new ToolFailure(`Error while computing relative time, possible drift in system clock.\nCurrent timestamp is ${now}, ${what} timestamp is ${ts}`);
    return `${BigInt(now) - ts} ms ago`;
  };
  const rows = [
    ...[leader].map((r) => [r, 'Leader'] as const),
    ...q.voters.filter((v) => v.replicaId !== q.leaderId).map((r) => [r, 'Follower'] as const),
    ...q.observers.map((r) => [r, 'Observer'] as const),
  ].map(([r, status]) => [String(r.replicaId), r.replicaDirectoryId, String(r.logEndOffset), String(leader.logEndOffset - r.logEndOffset), time(r.lastFetchTimestamp, 'last fetch'), time(r.lastCaughtUpTimestamp, 'last caught up'), status]);
  return { text: prettyTable(REPLICATION_HEADERS, rows), json: { replicas: rows.map((r) => Object.fromEntries(REPLICATION_HEADERS.map((h, i) => [h, r[i]]))) } };
}
