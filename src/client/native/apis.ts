import type { Reader } from '../../protocol/codec/reader.js';
import type { Writer } from '../../protocol/codec/writer.js';
import { ApiVersionsRequestVersions, encodeApiVersionsRequest, type ApiVersionsRequest } from '../../protocol/generated/messages/api-versions-request.js';
import { decodeApiVersionsResponse, type ApiVersionsResponse } from '../../protocol/generated/messages/api-versions-response.js';
import { FetchRequestVersions, encodeFetchRequest, type FetchRequest } from '../../protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse, type FetchResponse } from '../../protocol/generated/messages/fetch-response.js';
import { ListOffsetsRequestVersions, encodeListOffsetsRequest, type ListOffsetsRequest } from '../../protocol/generated/messages/list-offsets-request.js';
import { decodeListOffsetsResponse, type ListOffsetsResponse } from '../../protocol/generated/messages/list-offsets-response.js';
import { MetadataRequestVersions, encodeMetadataRequest, type MetadataRequest } from '../../protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse, type MetadataResponse } from '../../protocol/generated/messages/metadata-response.js';
import { ProduceRequestVersions, encodeProduceRequest, type ProduceRequest } from '../../protocol/generated/messages/produce-request.js';
import { decodeProduceResponse, type ProduceResponse } from '../../protocol/generated/messages/produce-response.js';

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
