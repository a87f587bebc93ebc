import { Reader } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';
import { ErrorCode, errorName } from '../../protocol/error-codes.js';
import { errorResponse } from '../../protocol/error-response.js';
import { ApiKey, requestHeaderVersion, responseHeaderVersion } from '../../protocol/generated/api-keys.js';
import { apis } from '../../protocol/generated/index.js';
import { InvalidRequest } from '../invalid-request.js';
import type { AnyHandler, RequestContext } from '../handlers/types.js';
import { NO_RESPONSE } from '../handlers/types.js';
import type { Broker } from '../broker.js';
import type { FaultInjector } from '../faults/injector.js';
import type { SaslConnectionState } from '../security/sasl-connection.js';
import type { Session } from '../security/session.js';
import type { RequestStats } from '../metrics/counters.js';
import { readBuffers } from './read-buffers.js';

/** Kafka's Errors texts of the codes the broker answers whole requests with (some responses carry them). */
const KAFKA_ERROR_TEXT: Readonly<Record<number, string>> = {
  [ErrorCode.ILLEGAL_SASL_STATE]: 'Request is not valid given the current SASL state.',
  [ErrorCode.UNKNOWN_SERVER_ERROR]: 'The server experienced an unexpected error when processing the request.',
};

/** A response's bytes; `release` (when set) returns pooled read buffers once they are written. */
export type ResponseBuffers = Buffer[] & { release?: () => void };

/** What a request knows of the connection it came on (a `Connection` is one). */
export interface RequestOrigin {
  readonly id: number;
  readonly remoteAddress: string;
  /** The connection's current session (its principal changes once SASL authentication succeeds). */
  readonly session: Session;
  /** Aborted when the connection closes. */
  readonly signal: AbortSignal;
  /** Closes the connection once what was already written is flushed. */
  end(): void;
  /** Closes the connection once the response to the current request is written. */
  endAfterResponse(delayMs: number): void;
  /** Stops reading for `ms` once the response to the current request is written. */
  muteAfterResponse(ms: number): void;
  readonly sasl: SaslConnectionState | undefined;
}

/**
 * Turns one request frame into one response frame (or none). Header versions come from the
 * generated API table (ApiVersions responses always use header v0 so a client can read them before
 * it knows what the broker speaks).
 */
export class Dispatcher {
  private readonly handlers = new Map<number, AnyHandler>();
  private readonly broker: Broker;
  readonly log: (line: string) => void;
  private readonly faults: FaultInjector | undefined;

  constructor(broker: Broker, handlers: readonly AnyHandler[], log: (line: string) => void, faults?: FaultInjector) {
    this.broker = broker;
    this.log = log;
    this.faults = faults;
    for (const h of handlers) {
      if (this.handlers.has(h.apiKey)) throw new Error(`two handlers for API key ${h.apiKey}`);
      this.handlers.set(h.apiKey, h);
    }
  }

  /** Advertised [apiKey, min, max] triples, sorted by key. */
  apiVersions(): { apiKey: number; minVersion: number; maxVersion: number }[] {
    return [...this.handlers.values()]
      .sort((a, b) => a.apiKey - b.apiKey)
      .map((h) => ({ apiKey: h.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }));
  }

  dispatch(frame: Buffer, conn: RequestOrigin): ResponseBuffers | null | Promise<ResponseBuffers | null> {
    const r = new Reader(frame);
    const apiKey = r.int16();
    const apiVersion = r.int16();
    const correlationId = r.int32();
    const handler = this.handlers.get(apiKey);
    if (handler === undefined) throw new Error(`unsupported API key ${apiKey}`);
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey === ApiKey.ApiVersions && apiVersion > handler.maxVersion) {
        return this.unsupportedApiVersions(correlationId, handler);
      }
      throw new Error(`unsupported version ${apiVersion} of ${handler.name}`);
    }
    const clientId = r.nullableString();
    if (requestHeaderVersion(apiKey, apiVersion) >= 2) r.rawTaggedFields();
    const req = handler.decode(r, apiVersion);
    const leases: Buffer[] = [];
    const ctx: RequestContext = {
      broker: this.broker,
      apiKey,
      apiVersion,
      correlationId,
      clientId,
      connectionId: conn.id,
      remoteAddress: conn.remoteAddress,
      session: conn.session,
      signal: conn.signal,
      closeConnection: () => conn.end(),
      closeAfterResponse: () => conn.endAfterResponse(this.broker.config.connectionFailedAuthenticationDelayMs),
      muteAfterResponse: (ms) => conn.muteAfterResponse(ms),
      sasl: conn.sasl,
      lease: (n) => {
        const b = readBuffers.acquire(n);
        if (b !== undefined) leases.push(b);
        return b;
      },
    };
    const withLeases = (bufs: Buffer[] | null): ResponseBuffers | null => {
      if (leases.length === 0) return bufs;
      const release = (): void => {
        for (const b of leases) readBuffers.release(b);
      };
      if (bufs === null) {
        release();
        return null;
      }
      return Object.assign(bufs, { release });
    };
    const headerV1 = responseHeaderVersion(apiKey, apiVersion) >= 1;
    // KafkaApis' handleError: a failure inside a handler is answered with the request's error
    // response (UNKNOWN_SERVER_ERROR, no message, so nothing internal leaks) and the connection stays;
    // a request Kafka would not have parsed (InvalidRequest), or one answered with nothing (Produce
    // acks=0), closes it.
    const failed = (err: unknown): ResponseBuffers | null => {
      if (err instanceof InvalidRequest || conn.signal.aborted) throw err;
      this.log(`error handling ${handler.name} v${apiVersion} from ${conn.remoteAddress}, answered UNKNOWN_SERVER_ERROR: ${(err as Error).stack ?? String(err)}`);
      const res = errorResponse(apiKey, apiVersion, req, ErrorCode.UNKNOWN_SERVER_ERROR, { message: null, generic: KAFKA_ERROR_TEXT[ErrorCode.UNKNOWN_SERVER_ERROR] ?? null, principal: conn.session.principal });
      if (res === null) throw err;
      return withLeases(encodeResponse(handler, res, apiVersion, correlationId, headerV1));
    };
    const stats = this.broker.requestStats;
    if (stats !== null) return this.measured(stats, handler, req, ctx, conn, failed, withLeases, headerV1);
    let result: ReturnType<AnyHandler['handle']>;
    try {
      result = this.run(handler, req, ctx, conn);
    } catch (err) {
      return failed(err);
    }
    if (result instanceof Promise) {
      return result.then((res) => withLeases(res === NO_RESPONSE ? null : encodeResponse(handler, res, apiVersion, correlationId, headerV1)), failed);
    }
    return withLeases(result === NO_RESPONSE ? null : encodeResponse(handler, result, apiVersion, correlationId, headerV1));
  }

  /**
   * Fault injection (faults/injector.ts) hooks in here: after the request is decoded (an injected
   * error is this request's own error response, matched on its topics), before its handler runs
   * (nothing of a faulted request happens), and inside the usual error handling and metrics (a
   * dropped connection ends as any failed request does). With no fault armed it costs one check.
   */
  private run(handler: AnyHandler, req: unknown, ctx: RequestContext, conn: RequestOrigin): ReturnType<AnyHandler['handle']> {
    return this.faults?.armed === true ? this.intercept(this.faults, handler, req, ctx, conn) : handler.handle(req as never, ctx);
  }

  private intercept(faults: FaultInjector, handler: AnyHandler, req: unknown, ctx: RequestContext, conn: RequestOrigin): ReturnType<AnyHandler['handle']> {
    return faults.intercept(
      {
        apiKey: ctx.apiKey,
        apiVersion: ctx.apiVersion,
        correlationId: ctx.correlationId,
        clientId: ctx.clientId,
        req,
        connectionId: conn.id,
        remoteAddress: conn.remoteAddress,
        principal: conn.session.principal,
        signal: conn.signal,
        close: () => conn.end(),
      },
      () => handler.handle(req as never, ctx),
    );
  }

  /**
   * `dispatch` with Kafka's RequestMetrics (metrics.port set): the request counted by API and
   * version, its time from dispatch to the encoded response (a parked Fetch's wait included, as in
   * Kafka's TotalTimeMs) in the API's histogram, and the error codes of its response.
   */
  private measured(
    stats: RequestStats,
    handler: AnyHandler,
    req: unknown,
    ctx: RequestContext,
    conn: RequestOrigin,
    failed: (err: unknown) => ResponseBuffers | null,
    withLeases: (bufs: Buffer[] | null) => ResponseBuffers | null,
    headerV1: boolean,
  ): ResponseBuffers | null | Promise<ResponseBuffers | null> {
    // No closure for the common synchronous answer: a one-record Produce is ~10 µs in all.
    const started = performance.now();
    let result: ReturnType<AnyHandler['handle']>;
    try {
      result = this.run(handler, req, ctx, conn);
    } catch (err) {
      return measuredFailure(stats, ctx, started, failed, err);
    }
    if (result instanceof Promise) {
      return result.then(
        (res) => measuredAnswer(stats, handler, ctx, started, withLeases, headerV1, res),
        (err: unknown) => measuredFailure(stats, ctx, started, failed, err),
      );
    }
    return measuredAnswer(stats, handler, ctx, started, withLeases, headerV1, result);
  }

  /**
   * Answers a request the broker refuses as a whole (an IllegalSaslStateException during SASL
   * authentication) with that request's own error response (`protocol/error-response.ts`, Kafka's
   * AbstractRequest.getErrorResponse), then closes the connection as a failed authentication does.
   * As in Kafka the request is parsed first: an unknown API key, a version outside the spec or a body
   * that does not decode closes without an answer (throws), and so does a request Kafka answers with
   * nothing (Produce acks=0).
   */
  refuse(frame: Buffer, conn: RequestOrigin, errorCode: number, message: string): ResponseBuffers {
    const r = new Reader(frame);
    const apiKey = r.int16();
    const apiVersion = r.int16();
    const correlationId = r.int32();
    const api = apis.get(apiKey);
    if (api === undefined) throw new Error(`${message} (unknown API key ${apiKey})`);
    if (apiVersion < api.request.min || apiVersion > api.request.max) throw new Error(`${message} (version ${apiVersion} of ${api.name} is not supported)`);
    r.nullableString();
    if (requestHeaderVersion(apiKey, apiVersion) >= 2) r.rawTaggedFields();
    const req = api.request.decode(r, apiVersion);
    const res = errorResponse(apiKey, apiVersion, req, errorCode, { message, generic: KAFKA_ERROR_TEXT[errorCode] ?? null, principal: conn.session.principal });
    if (res === null) throw new Error(message);
    const w = new Writer(128).startFrame();
    w.int32(correlationId);
    if (responseHeaderVersion(apiKey, apiVersion) >= 1) w.uvarint(0);
    api.response.encode(w, res, apiVersion);
    this.log(`closing connection ${conn.remoteAddress} after answering ${errorName(errorCode)}: ${message}`);
    conn.endAfterResponse(this.broker.config.connectionFailedAuthenticationDelayMs);
    return w.finish();
  }

  /** KIP-511: a v0 body with UNSUPPORTED_VERSION and our ApiVersions range, so the client retries. */
  private unsupportedApiVersions(correlationId: number, h: AnyHandler): Buffer[] {
    const w = new Writer(32).startFrame();
    w.int32(correlationId).int16(ErrorCode.UNSUPPORTED_VERSION).int32(1).int16(h.apiKey).int16(h.minVersion).int16(h.maxVersion);
    return w.finish();
  }
}

function encodeResponse(handler: AnyHandler, res: unknown, version: number, correlationId: number, headerV1: boolean): Buffer[] {
  const w = new Writer(256).startFrame();
  w.int32(correlationId);
  if (headerV1) w.uvarint(0);
  handler.encode(w, res as never, version);
  return w.finish();
}

/** The encoded answer of a measured request, with its error codes counted and its time observed. */
function measuredAnswer(
  stats: RequestStats,
  handler: AnyHandler,
  ctx: RequestContext,
  started: number,
  withLeases: (bufs: Buffer[] | null) => ResponseBuffers | null,
  headerV1: boolean,
  res: unknown,
): ResponseBuffers | null {
  const out = withLeases(res === NO_RESPONSE ? null : encodeResponse(handler, res, ctx.apiVersion, ctx.correlationId, headerV1));
  if (res !== NO_RESPONSE) stats.countErrors(ctx.apiKey, res);
  stats.api(ctx.apiKey).observe(ctx.apiVersion, performance.now() - started);
  return out;
}

function measuredFailure(stats: RequestStats, ctx: RequestContext, started: number, failed: (err: unknown) => ResponseBuffers | null, err: unknown): ResponseBuffers | null {
  const api = stats.api(ctx.apiKey);
  api.error(ErrorCode.UNKNOWN_SERVER_ERROR);
  api.observe(ctx.apiVersion, performance.now() - started);
  return failed(err);
}
