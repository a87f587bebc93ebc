import type { Reader } from '../../protocol/codec/reader.js';
import type { Writer } from '../../protocol/codec/writer.js';
import type { Broker } from '../server/broker.js';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  readonly broker: Broker;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly connectionId: number;
  readonly remoteAddress: string;
  /** Aborted when the connection closes, so parked requests (long-poll fetch) can give up. */
  readonly signal: AbortSignal;
  /** Closes the connection once what was already written is flushed (acks=0 produce errors). */
  closeConnection(): void;
  /** A pooled read buffer that stays valid until this request's response has been written. */
  readonly lease: (n: number) => Buffer | undefined;
}

/** Returned by a handler when the protocol says no response is sent (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('NO_RESPONSE');
export type NoResponse = typeof NO_RESPONSE;

export type HandlerResult<Res> = Res | NoResponse | Promise<Res | NoResponse>;

/**
 * One broker API. Each handler file registers its own advertised version range, from which the
 * ApiVersions response is built. Protocol errors are values in the response; a thrown exception
 * is a bug or an IO failure and closes the connection (Kafka does the same for a request it
 * cannot parse).
 */
export interface Handler<Req, Res> {
  readonly apiKey: number;
  readonly name: string;
  /** Advertised range. */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version of this API (-1 when none): picks the header versions. */
  readonly flexibleMin: number;
  decode(r: Reader, version: number): Req;
  encode(w: Writer, res: Res, version: number): void;
  handle(req: Req, ctx: RequestContext): HandlerResult<Res>;
}

export function defineHandler<Req, Res>(h: Handler<Req, Res>): Handler<Req, Res> {
  return h;
}

/** A handler with its types erased, for the registry. */
export interface AnyHandler {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly flexibleMin: number;
  decode(r: Reader, version: number): unknown;
  encode(w: Writer, res: never, version: number): void;
  handle(req: never, ctx: RequestContext): HandlerResult<unknown>;
}
