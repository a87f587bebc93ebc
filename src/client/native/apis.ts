import type { Reader } from '../../protocol/codec/reader.js';
import type { Writer } from '../../protocol/codec/writer.js';
import { apiInfo, type ApiDescriptor } from '../../protocol/generated/api-keys.js';
import { ApiVersionsApi as ApiVersionsSpec } from '../../protocol/generated/apis/api-versions.js';
import { MetadataApi as MetadataSpec } from '../../protocol/generated/apis/metadata.js';

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
  /**
   * Only for an API the generated table has no row for (a hand-written codec, e.g.
   * protocol/streams-group-describe.ts): its first flexible request and response versions, which
   * decide the header versions the table would otherwise give.
   */
  readonly headerFlexibleMin?: { readonly request: number; readonly response: number };
}

export type AnyApiDef = ApiDef<never, unknown>;

/** The client side of a generated API descriptor, limited to the versions our code speaks. */
export function clientApi<Req, Res>(api: ApiDescriptor<Req, Res>, min: number, max: number): ApiDef<Req, Res> {
  if (min < api.minVersion || max > api.maxVersion || min > max) throw new Error(`${api.name}: v${min}-${max} is outside the spec's v${api.minVersion}-${api.maxVersion}`);
  const def = { name: api.name, apiKey: api.apiKey, min, max, encode: api.encodeRequest, decode: api.decodeResponse };
  return apiInfo(api.apiKey) === undefined ? { ...def, headerFlexibleMin: { request: api.flexibleMin, response: api.responseFlexibleMin } } : def;
}

// Every connection negotiates with ApiVersions and every client reads Metadata; each other API the
// clients share lives in apis/<api>.ts, so a tool loads the generated codecs of only what it sends.

export const ApiVersionsApi = clientApi(ApiVersionsSpec, 0, 3);

// v1+: a null topic list means all topics (v0 used an empty list for that).
export const MetadataApi = clientApi(MetadataSpec, 1, 12);
