import type { Reader } from '../../protocol/codec/reader.js';
import type { Writer } from '../../protocol/codec/writer.js';
import type { ApiDescriptor } from '../../protocol/generated/api-keys.js';
import { ApiVersionsApi as ApiVersionsSpec } from '../../protocol/generated/apis/api-versions.js';
import { MetadataApi as MetadataSpec } from '../../protocol/generated/apis/metadata.js';
import { ProduceApi as ProduceSpec } from '../../protocol/generated/apis/produce.js';
import { FetchApi as FetchSpec } from '../../protocol/generated/apis/fetch.js';
import { ListOffsetsApi as ListOffsetsSpec } from '../../protocol/generated/apis/list-offsets.js';
import { FindCoordinatorApi as FindCoordinatorSpec } from '../../protocol/generated/apis/find-coordinator.js';
import { OffsetCommitApi as OffsetCommitSpec } from '../../protocol/generated/apis/offset-commit.js';
import { OffsetFetchApi as OffsetFetchSpec } from '../../protocol/generated/apis/offset-fetch.js';
import { ListGroupsApi as ListGroupsSpec } from '../../protocol/generated/apis/list-groups.js';
import { DescribeGroupsApi as DescribeGroupsSpec } from '../../protocol/generated/apis/describe-groups.js';
import { ConsumerGroupDescribeApi as ConsumerGroupDescribeSpec } from '../../protocol/generated/apis/consumer-group-describe.js';
import { DeleteGroupsApi as DeleteGroupsSpec } from '../../protocol/generated/apis/delete-groups.js';
import { OffsetDeleteApi as OffsetDeleteSpec } from '../../protocol/generated/apis/offset-delete.js';
import { JoinGroupApi as JoinGroupSpec } from '../../protocol/generated/apis/join-group.js';
import { SyncGroupApi as SyncGroupSpec } from '../../protocol/generated/apis/sync-group.js';
import { HeartbeatApi as HeartbeatSpec } from '../../protocol/generated/apis/heartbeat.js';
import { LeaveGroupApi as LeaveGroupSpec } from '../../protocol/generated/apis/leave-group.js';
import { SaslHandshakeApi as SaslHandshakeSpec } from '../../protocol/generated/apis/sasl-handshake.js';
import { SaslAuthenticateApi as SaslAuthenticateSpec } from '../../protocol/generated/apis/sasl-authenticate.js';
import { IncrementalAlterConfigsApi as IncrementalAlterConfigsSpec } from '../../protocol/generated/apis/incremental-alter-configs.js';
import { DescribeLogDirsApi as DescribeLogDirsSpec } from '../../protocol/generated/apis/describe-log-dirs.js';
import { InitProducerIdApi as InitProducerIdSpec } from '../../protocol/generated/apis/init-producer-id.js';
import { AddPartitionsToTxnApi as AddPartitionsToTxnSpec } from '../../protocol/generated/apis/add-partitions-to-txn.js';
import { EndTxnApi as EndTxnSpec } from '../../protocol/generated/apis/end-txn.js';

/**
 * One API as a client uses it: the generated descriptor's key, name and codecs, with `min`/`max` the
 * versions OUR code handles (not the spec's full range): negotiation picks the highest version both
 * we and the broker support. Header versions come from the generated API table by key.
 */
export interface ApiDef<Req, Res> {
  readonly name: string;
  readonly apiKey: number;
  readonly min: number;
  readonly max: number;
  encode(w: Writer, req: Req, version: number): void;
  decode(r: Reader, version: number): Res;
}

export type AnyApiDef = ApiDef<never, unknown>;

/** The client side of a generated API descriptor, limited to the versions our code speaks. */
export function clientApi<Req, Res>(api: ApiDescriptor<Req, Res>, min: number, max: number): ApiDef<Req, Res> {
  if (min < api.minVersion || max > api.maxVersion || min > max) throw new Error(`${api.name}: v${min}-${max} is outside the spec's v${api.minVersion}-${api.maxVersion}`);
  return { name: api.name, apiKey: api.apiKey, min, max, encode: api.encodeRequest, decode: api.decodeResponse };
}

export const ApiVersionsApi = clientApi(ApiVersionsSpec, 0, 3);

// v1+: a null topic list means all topics (v0 used an empty list for that).
export const MetadataApi = clientApi(MetadataSpec, 1, 12);

// v3+: record batch v2 only.
export const ProduceApi = clientApi(ProduceSpec, 3, 11);

// v4+: isolation level; capped at 12 because v13 addresses topics by id.
export const FetchApi = clientApi(FetchSpec, 4, 12);

// v1+: one offset per partition with its timestamp; v2+ isolation level.
export const ListOffsetsApi = clientApi(ListOffsetsSpec, 1, 10);

// Group APIs (admin side: coordinator lookup, offsets, group listing and deletion).

// v1+: key type; v4+ batched keys (`coordinatorKeys`) with one result per key.
export const FindCoordinatorApi = clientApi(FindCoordinatorSpec, 1, 6);

// v2+ (v0-1 are gone from Kafka 4.0); v6 leader epoch, v8+ several groups are not used here.
export const OffsetCommitApi = clientApi(OffsetCommitSpec, 2, 9);

// v1+; v2+ null topics mean all committed partitions; v8+ groups are sent in `groups`.
export const OffsetFetchApi = clientApi(OffsetFetchSpec, 1, 9);

// v4+ states filter, v5+ types filter.
export const ListGroupsApi = clientApi(ListGroupsSpec, 0, 5);

export const DescribeGroupsApi = clientApi(DescribeGroupsSpec, 0, 5);

// KIP-848 consumer groups (group.protocol=consumer); DescribeGroups does not describe them.
export const ConsumerGroupDescribeApi = clientApi(ConsumerGroupDescribeSpec, 0, 0);

export const DeleteGroupsApi = clientApi(DeleteGroupsSpec, 0, 2);

export const OffsetDeleteApi = clientApi(OffsetDeleteSpec, 0, 0);

// Group membership (classic protocol), for the consumer side.

// v1+: rebalance timeout; v4+ MEMBER_ID_REQUIRED on a first join; v5+ group.instance.id.
export const JoinGroupApi = clientApi(JoinGroupSpec, 1, 9);

// v5+ echoes the protocol type and name, which must then be sent.
export const SyncGroupApi = clientApi(SyncGroupSpec, 0, 5);

export const HeartbeatApi = clientApi(HeartbeatSpec, 0, 4);

// v0-2 name one member at the top level; v3+ carry a list of members.
export const LeaveGroupApi = clientApi(LeaveGroupSpec, 0, 5);

// Authentication (KIP-152): SaslHandshake v1 names the mechanism, then SaslAuthenticate carries the
// tokens as Kafka requests; v1+ answers session_lifetime_ms for re-authentication (KIP-368).
export const SaslHandshakeApi = clientApi(SaslHandshakeSpec, 1, 1);

export const SaslAuthenticateApi = clientApi(SaslAuthenticateSpec, 0, 2);

// Admin APIs more than one tool sends (configs and reassign-partitions; log-dirs and
// reassign-partitions).

export const IncrementalAlterConfigsApi = clientApi(IncrementalAlterConfigsSpec, 0, 1);

// v1+ (v0 is gone from Kafka 4.0); v4 adds the volume's total and usable bytes.
export const DescribeLogDirsApi = clientApi(DescribeLogDirsSpec, 1, 4);

// The transactional producer (Kafka's classic transaction protocol, transaction.version 1 as a
// client speaks it). InitProducerId v3+ carries the current id/epoch, v4+ answers PRODUCER_FENCED.
export const InitProducerIdApi = clientApi(InitProducerIdSpec, 0, 5);

// v0-3: the client's form, one transactional id; v4+ is the broker-to-broker batched form.
export const AddPartitionsToTxnApi = clientApi(AddPartitionsToTxnSpec, 0, 3);

// v0-4; v5 belongs to KIP-890 transaction version 2 (epoch bump on every commit).
export const EndTxnApi = clientApi(EndTxnSpec, 0, 4);
