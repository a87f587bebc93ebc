import net from 'node:net';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { FrameSplitter } from '../../protocol/codec/frame.js';
import { Reader } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { requestHeaderVersion, responseHeaderVersion } from '../../protocol/generated/api-keys.js';
import { defaultApiVersionsResponse, type ApiVersionsResponse } from '../../protocol/generated/messages/api-versions-response.js';
import { ApiVersionsApi, type ApiDef } from './apis.js';
import { NativeConnectionError, UnsupportedApiError } from './errors.js';
// The SASL stack and node:tls load only for a connection that uses them (plaintext tools start faster).
import type { SaslConfig } from './sasl.js';

export interface ConnectOptions {
  host: string;
  port: number;
  clientId: string;
  /** TLS options; undefined for plaintext. */
  tls?: TlsOptions | undefined;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** SASL mechanism and credentials; authenticates right after ApiVersions when set. */
  sasl?: SaslConfig | undefined;
}

interface Pending {
  apiKey: number;
  version: number;
  decode: (r: Reader) => unknown;
  flexibleResponse: boolean;
  deadline: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

const CLIENT_SOFTWARE_NAME = 'tkafka';
const CLOSED_BY_PEER = 'ECLOSED';
const MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

/**
 * One TCP (or TLS) connection to one broker: frames requests with the generated codecs, matches
 * responses by correlation id, and allows any number of requests in flight (Kafka answers in order
 * per connection). The API versions are negotiated once at connect. A failed or timed-out request
 * closes the connection and fails everything in flight, as Java's NetworkClient does: after a
 * timeout the position in the response stream is unknown.
 */
export class BrokerConnection {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  private readonly socket: net.Socket;
  private readonly splitter = new FrameSplitter(MAX_RESPONSE_BYTES);
  private readonly pending = new Map<number, Pending>();
  private readonly requestTimeoutMs: number;
  private readonly versions = new Map<number, number>();
  private nextCorrelationId = 1;
  private failure: Error | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly closeListeners: Array<(err: Error) => void> = [];
  private readonly sasl: SaslConfig | undefined;
  /** When to re-authenticate (KIP-368); Infinity without a session lifetime. */
  private reauthAt = Infinity;
  private reauthTimer: NodeJS.Timeout | null = null;
  /** The re-authentication in progress: requests made meanwhile wait for it, then go out in order. */
  private reauthing: Promise<void> | null = null;
  private readonly idleWaiters: Array<() => void> = [];
  private authCount = 0;

  private constructor(socket: net.Socket, opts: ConnectOptions) {
    this.socket = socket;
    this.host = opts.host;
    this.port = opts.port;
    this.clientId = opts.clientId;
    this.requestTimeoutMs = opts.requestTimeoutMs;
    this.sasl = opts.sasl;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new NativeConnectionError(`connection to ${this.address} failed: ${err.message}`, this.address, err)));
    socket.on('close', () => this.fail(new NativeConnectionError(`connection to ${this.address} closed by the broker`, this.address, undefined, CLOSED_BY_PEER)));
  }

  get address(): string {
    return net.isIPv6(this.host) ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  get closed(): boolean {
    return this.failure !== null;
  }

  /** Completed SASL authentications on this connection: 1 after connect, +1 per re-authentication. */
  get authentications(): number {
    return this.authCount;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Whether the socket's write buffer is below its high-water mark. */
  get writable(): boolean {
    return !this.socket.writableNeedDrain;
  }

  /**
   * Opens the connection, negotiates API versions and, with SASL, authenticates. Rejects with
   * NativeConnectionError, or SaslAuthenticationError when the broker refuses the credentials.
   */
  static async connect(opts: ConnectOptions): Promise<BrokerConnection> {
    const socket = await openSocket(opts);
    const conn = new BrokerConnection(socket, opts);
    let negotiated = false;
    try {
      await conn.negotiate();
      negotiated = true;
      if (conn.sasl !== undefined) await conn.authenticate(conn.sasl);
    } catch (err) {
      conn.close();
      throw negotiated ? err : tlsSetupFailure(err, opts, conn.address);
    }
    return conn;
  }

  onClose(listener: (err: Error) => void): void {
    if (this.failure !== null) listener(this.failure);
    else this.closeListeners.push(listener);
  }

  /** The version to use for `api`: the highest both sides support. Throws UnsupportedApiError. */
  version(api: ApiDef<never, unknown>): number {
    const brokerMax = this.versions.get(api.apiKey);
    const v = brokerMax === undefined ? -1 : Math.min(brokerMax, api.max);
    if (v < api.min) throw new UnsupportedApiError(api, `The broker at ${this.address} cannot handle ${api.name} requests (tkafka speaks versions ${api.min}-${api.max}).`);
    return v;
  }

  supports(api: ApiDef<never, unknown>): boolean {
    const brokerMax = this.versions.get(api.apiKey);
    return brokerMax !== undefined && brokerMax >= api.min;
  }

  /**
   * Sends one request at the negotiated version (or `version`). With `expectResponse: false`
   * (Produce with acks=0) it resolves once written, with undefined.
   */
  send<Req, Res>(api: ApiDef<Req, Res>, req: Req, opts: { version?: number; timeoutMs?: number; expectResponse?: boolean } = {}): Promise<Res> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.reauthing !== null || Date.now() >= this.reauthAt) {
      // Between requests, as Java's client re-authenticates: this one waits for the new session.
      return this.reauthenticate().then(() => this.sendNow(api, req, opts));
    }
    return this.sendNow(api, req, opts);
  }

  /** The broker's highest version of an API (from ApiVersions), or undefined when it lacks it. */
  supportedVersion(apiKey: number): number | undefined {
    return this.versions.get(apiKey);
  }

  /** Sends at once, ahead of a pending re-authentication (the SASL exchange itself uses this). */
  sendNow<Req, Res>(api: ApiDef<Req, Res>, req: Req, opts: { version?: number; timeoutMs?: number; expectResponse?: boolean } = {}): Promise<Res> {
    if (this.failure !== null) return Promise.reject(this.failure);
    let version: number;
    try {
      version = opts.version ?? this.version(api);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = (this.nextCorrelationId + 1) | 0 || 1;
    const w = new Writer(1024).startFrame();
    w.int16(api.apiKey).int16(version).int32(correlationId).nullableString(this.clientId);
    const own = api.headerFlexibleMin;
    if (own === undefined ? requestHeaderVersion(api.apiKey, version) >= 2 : own.request >= 0 && version >= own.request) w.uvarint(0);
    api.encode(w, req, version);
    const parts = w.finish();
    if (opts.expectResponse === false) {
      this.write(parts);
      return Promise.resolve(undefined as Res);
    }
    const promise = new Promise<Res>((resolve, reject) => {
      this.pending.set(correlationId, {
        apiKey: api.apiKey,
        version,
        decode: (r) => api.decode(r, version),
        // From the API table: ApiVersions always answers with header v0 (so an old broker's error can be read).
        flexibleResponse: own === undefined ? responseHeaderVersion(api.apiKey, version) >= 1 : own.response >= 0 && version >= own.response,
        deadline: Date.now() + (opts.timeoutMs ?? this.requestTimeoutMs),
        resolve: resolve as (v: unknown) => void,
        reject,
      });
    });
    this.write(parts);
    this.armTimer();
    return promise;
  }

  /** Resolves when the socket's write buffer has drained (or at once if it is not full). */
  drained(): Promise<void> {
    if (!this.socket.writableNeedDrain || this.failure !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  close(): void {
    this.fail(new NativeConnectionError(`connection to ${this.address} closed`, this.address));
  }

  /** Authenticates and, when the broker grants a session lifetime, schedules re-authentication. */
  private async authenticate(sasl: SaslConfig): Promise<void> {
    const started = Date.now();
    const { authenticate, reauthenticationTime } = await import('./sasl.js');
    const lifetimeMs = await authenticate(this, sasl);
    this.authCount++;
    this.reauthAt = lifetimeMs > 0 ? reauthenticationTime(started, lifetimeMs) : Infinity;
    if (this.reauthTimer !== null) clearTimeout(this.reauthTimer);
    this.reauthTimer = null;
    if (lifetimeMs > 0) {
      // An idle connection re-authenticates too: after expiry the broker closes it on the next request.
      this.reauthTimer = setTimeout(() => void this.reauthenticate().catch(() => undefined), Math.max(0, this.reauthAt - Date.now()));
      this.reauthTimer.unref();
    }
  }

  /**
   * KIP-368 re-authentication on this connection: waits until no request is in flight, then runs
   * the SASL exchange again. A failure closes the connection (the broker would close it at expiry).
   */
  private reauthenticate(): Promise<void> {
    const sasl = this.sasl;
    if (sasl === undefined) return Promise.resolve();
    this.reauthing ??= (async () => {
      try {
        await this.idle();
        if (this.failure !== null) throw this.failure;
        await this.authenticate(sasl);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        this.fail(e);
        throw e;
      } finally {
        this.reauthing = null;
      }
    })();
    return this.reauthing;
  }

  /** Resolves once no request is in flight. */
  private idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    if (this.pending.size === 0 && this.idleWaiters.length > 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private write(parts: Buffer[]): void {
    if (parts.length === 1) {
      this.socket.write(parts[0] as Buffer);
      return;
    }
    this.socket.cork();
    for (const p of parts) this.socket.write(p);
    this.socket.uncork();
  }

  /**
   * ApiVersions at our highest version, falling back as librdkafka and Java's NetworkClient do: a
   * broker that does not know that version answers UNSUPPORTED_VERSION, ideally with a v0 body
   * listing its own ApiVersions range (retry at its maximum); when that list is empty, missing or
   * unparseable (librdkafka's mock cluster answers v3 with a body neither v0 nor v3 can read), retry
   * at v0, which every broker parses.
   */
  private async negotiate(): Promise<void> {
    let version = ApiVersionsApi.max;
    const tried = new Set<number>();
    for (;;) {
      tried.add(version);
      const res = await this.send(ApiVersionsApi, { clientSoftwareName: CLIENT_SOFTWARE_NAME, clientSoftwareVersion: '1' }, { version, timeoutMs: this.requestTimeoutMs });
      if (res.errorCode === ErrorCode.UNSUPPORTED_VERSION) {
        const own = res.apiKeys.find((k) => k.apiKey === ApiVersionsApi.apiKey);
        const hinted = own === undefined ? -1 : Math.min(own.maxVersion, ApiVersionsApi.max);
        const next = hinted >= 0 && !tried.has(hinted) ? hinted : 0;
        if (!tried.has(next)) {
          version = next;
          continue;
        }
      }
      if (res.errorCode !== 0) throw new NativeConnectionError(`broker ${this.address} refused ApiVersions v${version} (error ${res.errorCode})`, this.address);
      for (const k of res.apiKeys) this.versions.set(k.apiKey, k.maxVersion);
      return;
    }
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (err) {
      this.fail(new NativeConnectionError(`bad response frame from ${this.address}: ${String(err)}`, this.address));
      return;
    }
    for (const frame of frames) {
      if (this.failure !== null) return;
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    const r = new Reader(frame);
    let p: Pending | undefined;
    try {
      const correlationId = r.int32();
      p = this.pending.get(correlationId);
      if (p === undefined) throw new Error(`response with unknown correlation id ${correlationId}`);
      this.pending.delete(correlationId);
      this.notifyIdle();
      if (p.flexibleResponse) r.rawTaggedFields();
      p.resolve(p.apiKey === ApiVersionsApi.apiKey ? decodeApiVersions(r, p) : p.decode(r));
    } catch (err) {
      const e = new NativeConnectionError(`cannot decode a response from ${this.address}: ${err instanceof Error ? err.message : String(err)}`, this.address);
      p?.reject(e);
      this.fail(e);
    }
  }

  private armTimer(): void {
    if (this.timer !== null) return;
    const tick = Math.max(50, Math.min(1000, Math.floor(this.requestTimeoutMs / 4)));
    this.timer = setInterval(() => {
      if (this.pending.size === 0) {
        if (this.timer !== null) clearInterval(this.timer);
        this.timer = null;
        return;
      }
      const now = Date.now();
      for (const p of this.pending.values()) {
        if (p.deadline <= now) {
          this.fail(new NativeConnectionError(`request to ${this.address} timed out`, this.address, undefined, 'ETIMEDOUT'));
          return;
        }
      }
    }, tick);
    this.timer.unref();
  }

  private fail(err: Error): void {
    if (this.failure !== null) return;
    this.failure = err;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.reauthTimer !== null) clearTimeout(this.reauthTimer);
    this.reauthTimer = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.notifyIdle();
    this.socket.destroy();
    for (const l of this.closeListeners.splice(0)) l(err);
  }
}

/**
 * A TLS connection the broker closed before answering ApiVersions, without a TLS alert we could
 * read: in TLS 1.3 the server checks our certificate after we consider the handshake done, and an
 * untrusted one ends the connection that way. With a client certificate that is the likely reason.
 */
function tlsSetupFailure(err: unknown, opts: ConnectOptions, address: string): unknown {
  if (opts.tls === undefined || !(err instanceof NativeConnectionError) || err.code !== CLOSED_BY_PEER) return err;
  if (opts.tls.cert !== undefined || opts.tls.pfx !== undefined) {
    return new NativeConnectionError(`the broker at ${address} closed the TLS connection before answering: it did not accept the client certificate`, address, err, 'ERR_TLS_CLIENT_CERT_REFUSED');
  }
  return new NativeConnectionError(`the broker at ${address} closed the TLS connection before answering (does the listener require a client certificate?)`, address, err, 'ERR_TLS_CLOSED');
}

/**
 * An ApiVersions response. A broker that does not know the request's version answers
 * UNSUPPORTED_VERSION in a v0 body (KIP-511), so that is read first; a response at a version above 0
 * that cannot be read at all (v0 nor its own version) stands for UNSUPPORTED_VERSION with no range,
 * so that negotiate() retries at v0 instead of failing. The frame boundary is known, so skipping an
 * unreadable body leaves the connection usable.
 */
function decodeApiVersions(r: Reader, p: Pending): ApiVersionsResponse {
  const start = r.offset;
  const unsupported = r.remaining >= 2 && r.buf.readInt16BE(start) === ErrorCode.UNSUPPORTED_VERSION;
  const attempts = unsupported && p.version > 0 ? [0, p.version] : [p.version];
  for (const v of attempts) {
    try {
      return ApiVersionsApi.decode(new Reader(r.buf, start, r.end), v);
    } catch (err) {
      if (p.version === 0) throw err;
    }
  }
  return { ...defaultApiVersionsResponse(), errorCode: ErrorCode.UNSUPPORTED_VERSION };
}

async function openSocket(opts: ConnectOptions): Promise<net.Socket> {
  const tls = opts.tls === undefined ? undefined : await import('node:tls');
  return new Promise((resolve, reject) => {
    const address = net.isIPv6(opts.host) ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
    let socket: net.Socket;
    const onError = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new NativeConnectionError(`cannot connect to ${address}: ${err.message}`, address, err));
    };
    const timer = setTimeout(() => onError(Object.assign(new Error(`no answer within ${opts.connectTimeoutMs}ms`), { code: 'ETIMEDOUT' })), opts.connectTimeoutMs);
    const onConnect = (): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    };
    if (tls !== undefined) {
      const servername = net.isIP(opts.host) === 0 ? opts.host : undefined;
      socket = tls.connect({ ...opts.tls, host: opts.host, port: opts.port, ...(servername === undefined ? {} : { servername }) }, onConnect);
    } else {
      socket = net.connect({ host: opts.host, port: opts.port }, onConnect);
    }
    socket.once('error', onError);
  });
}
