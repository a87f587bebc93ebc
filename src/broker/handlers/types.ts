import type { Reader } from '../../protocol/codec/reader.js';
import type { Writer } from '../../protocol/codec/writer.js';
import { apiInfo, type ApiDescriptor } from '../../protocol/generated/api-keys.js';
import type { Broker } from '../broker.js';
import type { SaslConnectionState } from '../security/sasl-connection.js';
import type { Session } from '../security/session.js';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  readonly broker: Broker;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly connectionId: number;
  readonly remoteAddress: string;
  /** Who is on this connection (principal, listener); fixed per request. */
  readonly session: Session;
  /** Aborted when the connection closes, so parked requests (long-poll fetch) can give up. */
  readonly signal: AbortSignal;
  /** Closes the connection once what was already written is flushed (acks=0 produce errors). */
  closeConnection(): void;
  /** Sends this request's response, then closes the connection (SASL failures, as Kafka does). */
  closeAfterResponse(): void;
  /** KIP-219: once this request's response is written, read nothing more from the connection for `ms` (quota throttles). */
  muteAfterResponse(ms: number): void;
  /** The connection's SASL authentication state on SASL_PLAINTEXT/SASL_SSL listeners, else undefined. */
  readonly sasl: SaslConnectionState | undefined;
  /** A pooled read buffer that stays valid until this request's response has been written. */
  readonly lease: (n: number) => Buffer | undefined;
}

/** Returned by a handler when the protocol says no response is sent (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('NO_RESPONSE');
export type NoResponse = typeof NO_RESPONSE;

export type HandlerResult<Res> = Res | NoResponse | Promise<Res | NoResponse>;

/** How a handler file names its API: by key with its codecs, or by the generated descriptor. */
type HandlerApi<Req, Res> =
  | {
      readonly apiKey: number;
      /** Optional: the generated API table has it (a mismatch throws at load). */
      readonly name?: string;
      readonly decode: (r: Reader, version: number) => Req;
      readonly encode: (w: Writer, res: Res, version: number) => void;
    }
  | { readonly api: ApiDescriptor<Req, Res> };

/** What a handler file declares: its API, its advertised range and its behaviour. */
export type HandlerSpec<Req, Res> = HandlerApi<Req, Res> & {
  /** Advertised range (within the spec's valid versions). */
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly handle: (req: Req, ctx: RequestContext) => HandlerResult<Res>;
};

/**
 * One broker API. Each handler file registers its own advertised version range, from which the
 * ApiVersions response is built; its name and header versions come from the generated API table.
 * Protocol errors are values in the response; a thrown exception is a bug or an IO failure, answered
 * with the request's UNKNOWN_SERVER_ERROR response as KafkaApis does, except `InvalidRequest`
 * (`broker/invalid-request.ts`: what Kafka refuses while parsing), which closes the connection.
 */
export interface Handler<Req, Res> {
  readonly apiKey: number;
  readonly name: string;
  /** Advertised range. */
  readonly minVersion: number;
  readonly maxVersion: number;
  decode(r: Reader, version: number): Req;
  encode(w: Writer, res: Res, version: number): void;
  handle(req: Req, ctx: RequestContext): HandlerResult<Res>;
}

export function defineHandler<Req, Res>(spec: HandlerSpec<Req, Res>): Handler<Req, Res> {
  const apiKey = 'api' in spec ? spec.api.apiKey : spec.apiKey;
  const info = apiInfo(apiKey);
  if (info === undefined) throw new Error(`handler for unknown API key ${apiKey}`);
  if (!('api' in spec) && spec.name !== undefined && spec.name !== info.name) throw new Error(`handler for API key ${apiKey} is named ${spec.name}, not ${info.name}`);
  if (spec.minVersion < info.minVersion || spec.maxVersion > info.maxVersion || spec.minVersion > spec.maxVersion) {
    throw new Error(`${info.name} handler advertises v${spec.minVersion}-${spec.maxVersion}, outside the spec's v${info.minVersion}-${info.maxVersion}`);
  }
  return {
    apiKey,
    name: info.name,
    minVersion: spec.minVersion,
    maxVersion: spec.maxVersion,
    decode: 'api' in spec ? spec.api.decodeRequest : spec.decode,
    encode: 'api' in spec ? spec.api.encodeResponse : spec.encode,
    handle: spec.handle,
  };
}

/** A handler with its types erased, for the registry. */
export interface AnyHandler {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  decode(r: Reader, version: number): unknown;
  encode(w: Writer, res: never, version: number): void;
  handle(req: never, ctx: RequestContext): HandlerResult<unknown>;
}
