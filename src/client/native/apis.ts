import type { Reader } from '../../protocol/codec/reader.js';
import type { Writer } from '../../protocol/codec/writer.js';
import { ApiVersionsRequestVersions, encodeApiVersionsRequest, type ApiVersionsRequest } from '../../protocol/generated/messages/api-versions-request.js';
import { decodeApiVersionsResponse, type ApiVersionsResponse } from '../../protocol/generated/messages/api-versions-response.js';
import { DeleteGroupsRequestVersions, encodeDeleteGroupsRequest, type DeleteGroupsRequest } from '../../protocol/generated/messages/delete-groups-request.js';
import { decodeDeleteGroupsResponse, type DeleteGroupsResponse } from '../../protocol/generated/messages/delete-groups-response.js';
import { DescribeGroupsRequestVersions, encodeDescribeGroupsRequest, type DescribeGroupsRequest } from '../../protocol/generated/messages/describe-groups-request.js';
import { decodeDescribeGroupsResponse, type DescribeGroupsResponse } from '../../protocol/generated/messages/describe-groups-response.js';
import { FindCoordinatorRequestVersions, encodeFindCoordinatorRequest, type FindCoordinatorRequest } from '../../protocol/generated/messages/find-coordinator-request.js';
import { decodeFindCoordinatorResponse, type FindCoordinatorResponse } from '../../protocol/generated/messages/find-coordinator-response.js';
import { ListGroupsRequestVersions, encodeListGroupsRequest, type ListGroupsRequest } from '../../protocol/generated/messages/list-groups-request.js';
import { decodeListGroupsResponse, type ListGroupsResponse } from '../../protocol/generated/messages/list-groups-response.js';
import { OffsetCommitRequestVersions, encodeOffsetCommitRequest, type OffsetCommitRequest } from '../../protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse, type OffsetCommitResponse } from '../../protocol/generated/messages/offset-commit-response.js';
import { OffsetDeleteRequestVersions, encodeOffsetDeleteRequest, type OffsetDeleteRequest } from '../../protocol/generated/messages/offset-delete-request.js';
import { decodeOffsetDeleteResponse, type OffsetDeleteResponse } from '../../protocol/generated/messages/offset-delete-response.js';
import { OffsetFetchRequestVersions, encodeOffsetFetchRequest, type OffsetFetchRequest } from '../../protocol/generated/messages/offset-fetch-request.js';
import { decodeOffsetFetchResponse, type OffsetFetchResponse } from '../../protocol/generated/messages/offset-fetch-response.js';
import { FetchRequestVersions, encodeFetchRequest, type FetchRequest } from '../../protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse, type FetchResponse } from '../../protocol/generated/messages/fetch-response.js';
import { ListOffsetsRequestVersions, encodeListOffsetsRequest, type ListOffsetsRequest } from '../../protocol/generated/messages/list-offsets-request.js';
import { decodeListOffsetsResponse, type ListOffsetsResponse } from '../../protocol/generated/messages/list-offsets-response.js';
import { MetadataRequestVersions, encodeMetadataRequest, type MetadataRequest } from '../../protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse, type MetadataResponse } from '../../protocol/generated/messages/metadata-response.js';
import { ProduceRequestVersions, encodeProduceRequest, type ProduceRequest } from '../../protocol/generated/messages/produce-request.js';
import { decodeProduceResponse, type ProduceResponse } from '../../protocol/generated/messages/produce-response.js';
import { HeartbeatRequestVersions, encodeHeartbeatRequest, type HeartbeatRequest } from '../../protocol/generated/messages/heartbeat-request.js';
import { decodeHeartbeatResponse, type HeartbeatResponse } from '../../protocol/generated/messages/heartbeat-response.js';
import { JoinGroupRequestVersions, encodeJoinGroupRequest, type JoinGroupRequest } from '../../protocol/generated/messages/join-group-request.js';
import { decodeJoinGroupResponse, type JoinGroupResponse } from '../../protocol/generated/messages/join-group-response.js';
import { LeaveGroupRequestVersions, encodeLeaveGroupRequest, type LeaveGroupRequest } from '../../protocol/generated/messages/leave-group-request.js';
import { decodeLeaveGroupResponse, type LeaveGroupResponse } from '../../protocol/generated/messages/leave-group-response.js';
import { SyncGroupRequestVersions, encodeSyncGroupRequest, type SyncGroupRequest } from '../../protocol/generated/messages/sync-group-request.js';
import { decodeSyncGroupResponse, type SyncGroupResponse } from '../../protocol/generated/messages/sync-group-response.js';

/**
 * One API as the native client uses it. `min`/`max` are the versions OUR code handles (not the
 * spec's full range): negotiation picks the highest version both we and the broker support.
 */
export interface ApiDef<Req, Res> {
  readonly name: string;
  readonly apiKey: number;
  readonly min: number;
  readonly max: number;
  /** First version with a flexible (tagged-field) request header and response header. */
  readonly flexibleMin: number;
  encode(w: Writer, req: Req, version: number): void;
  decode(r: Reader, version: number): Res;
}

export type AnyApiDef = ApiDef<never, unknown>;

export const ApiVersionsApi: ApiDef<ApiVersionsRequest, ApiVersionsResponse> = {
  name: 'ApiVersions',
  apiKey: ApiVersionsRequestVersions.apiKey,
  min: 0,
  max: 3,
  flexibleMin: ApiVersionsRequestVersions.flexibleMin,
  encode: encodeApiVersionsRequest,
  decode: decodeApiVersionsResponse,
};

// v1+: a null topic list means all topics (v0 used an empty list for that).
export const MetadataApi: ApiDef<MetadataRequest, MetadataResponse> = {
  name: 'Metadata',
  apiKey: MetadataRequestVersions.apiKey,
  min: 1,
  max: 12,
  flexibleMin: MetadataRequestVersions.flexibleMin,
  encode: encodeMetadataRequest,
  decode: decodeMetadataResponse,
};

// v3+: record batch v2 only.
export const ProduceApi: ApiDef<ProduceRequest, ProduceResponse> = {
  name: 'Produce',
  apiKey: ProduceRequestVersions.apiKey,
  min: 3,
  max: 11,
  flexibleMin: ProduceRequestVersions.flexibleMin,
  encode: encodeProduceRequest,
  decode: decodeProduceResponse,
};

// v4+: isolation level; capped at 12 because v13 addresses topics by id.
export const FetchApi: ApiDef<FetchRequest, FetchResponse> = {
  name: 'Fetch',
  apiKey: FetchRequestVersions.apiKey,
  min: 4,
  max: 12,
  flexibleMin: FetchRequestVersions.flexibleMin,
  encode: encodeFetchRequest,
  decode: decodeFetchResponse,
};

// v1+: one offset per partition with its timestamp; v2+ isolation level.
export const ListOffsetsApi: ApiDef<ListOffsetsRequest, ListOffsetsResponse> = {
  name: 'ListOffsets',
  apiKey: ListOffsetsRequestVersions.apiKey,
  min: 1,
  max: 10,
  flexibleMin: ListOffsetsRequestVersions.flexibleMin,
  encode: encodeListOffsetsRequest,
  decode: decodeListOffsetsResponse,
};

// Group APIs (admin side: coordinator lookup, offsets, group listing and deletion).

// v1+: key type; v4+ batched keys (`coordinatorKeys`) with one result per key.
export const FindCoordinatorApi: ApiDef<FindCoordinatorRequest, FindCoordinatorResponse> = {
  name: 'FindCoordinator',
  apiKey: FindCoordinatorRequestVersions.apiKey,
  min: 1,
  max: 6,
  flexibleMin: FindCoordinatorRequestVersions.flexibleMin,
  encode: encodeFindCoordinatorRequest,
  decode: decodeFindCoordinatorResponse,
};

// v2+ (v0-1 are gone from Kafka 4.0); v6 leader epoch, v8+ several groups are not used here.
export const OffsetCommitApi: ApiDef<OffsetCommitRequest, OffsetCommitResponse> = {
  name: 'OffsetCommit',
  apiKey: OffsetCommitRequestVersions.apiKey,
  min: 2,
  max: 9,
  flexibleMin: OffsetCommitRequestVersions.flexibleMin,
  encode: encodeOffsetCommitRequest,
  decode: decodeOffsetCommitResponse,
};

// v1+; v2+ null topics mean all committed partitions; v8+ groups are sent in `groups`.
export const OffsetFetchApi: ApiDef<OffsetFetchRequest, OffsetFetchResponse> = {
  name: 'OffsetFetch',
  apiKey: OffsetFetchRequestVersions.apiKey,
  min: 1,
  max: 9,
  flexibleMin: OffsetFetchRequestVersions.flexibleMin,
  encode: encodeOffsetFetchRequest,
  decode: decodeOffsetFetchResponse,
};

// v4+ states filter, v5+ types filter.
export const ListGroupsApi: ApiDef<ListGroupsRequest, ListGroupsResponse> = {
  name: 'ListGroups',
  apiKey: ListGroupsRequestVersions.apiKey,
  min: 0,
  max: 5,
  flexibleMin: ListGroupsRequestVersions.flexibleMin,
  encode: encodeListGroupsRequest,
  decode: decodeListGroupsResponse,
};

export const DescribeGroupsApi: ApiDef<DescribeGroupsRequest, DescribeGroupsResponse> = {
  name: 'DescribeGroups',
  apiKey: DescribeGroupsRequestVersions.apiKey,
  min: 0,
  max: 5,
  flexibleMin: DescribeGroupsRequestVersions.flexibleMin,
  encode: encodeDescribeGroupsRequest,
  decode: decodeDescribeGroupsResponse,
};

export const DeleteGroupsApi: ApiDef<DeleteGroupsRequest, DeleteGroupsResponse> = {
  name: 'DeleteGroups',
  apiKey: DeleteGroupsRequestVersions.apiKey,
  min: 0,
  max: 2,
  flexibleMin: DeleteGroupsRequestVersions.flexibleMin,
  encode: encodeDeleteGroupsRequest,
  decode: decodeDeleteGroupsResponse,
};

export const OffsetDeleteApi: ApiDef<OffsetDeleteRequest, OffsetDeleteResponse> = {
  name: 'OffsetDelete',
  apiKey: OffsetDeleteRequestVersions.apiKey,
  min: 0,
  max: 0,
  flexibleMin: OffsetDeleteRequestVersions.flexibleMin,
  encode: encodeOffsetDeleteRequest,
  decode: decodeOffsetDeleteResponse,
};

// Group membership (classic protocol), for the consumer side.

// v1+: rebalance timeout; v4+ MEMBER_ID_REQUIRED on a first join; v5+ group.instance.id.
export const JoinGroupApi: ApiDef<JoinGroupRequest, JoinGroupResponse> = {
  name: 'JoinGroup',
  apiKey: JoinGroupRequestVersions.apiKey,
  min: 1,
  max: 9,
  flexibleMin: JoinGroupRequestVersions.flexibleMin,
  encode: encodeJoinGroupRequest,
  decode: decodeJoinGroupResponse,
};

// v5+ echoes the protocol type and name, which must then be sent.
export const SyncGroupApi: ApiDef<SyncGroupRequest, SyncGroupResponse> = {
  name: 'SyncGroup',
  apiKey: SyncGroupRequestVersions.apiKey,
  min: 0,
  max: 5,
  flexibleMin: SyncGroupRequestVersions.flexibleMin,
  encode: encodeSyncGroupRequest,
  decode: decodeSyncGroupResponse,
};

export const HeartbeatApi: ApiDef<HeartbeatRequest, HeartbeatResponse> = {
  name: 'Heartbeat',
  apiKey: HeartbeatRequestVersions.apiKey,
  min: 0,
  max: 4,
  flexibleMin: HeartbeatRequestVersions.flexibleMin,
  encode: encodeHeartbeatRequest,
  decode: decodeHeartbeatResponse,
};

// v0-2 name one member at the top level; v3+ carry a list of members.
export const LeaveGroupApi: ApiDef<LeaveGroupRequest, LeaveGroupResponse> = {
  name: 'LeaveGroup',
  apiKey: LeaveGroupRequestVersions.apiKey,
  min: 0,
  max: 5,
  flexibleMin: LeaveGroupRequestVersions.flexibleMin,
  encode: encodeLeaveGroupRequest,
  decode: decodeLeaveGroupResponse,
};
