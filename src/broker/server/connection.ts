import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { FrameSizeError, FrameSplitter } from '../../protocol/codec/frame.js';
import type { SslPrincipalMapper } from '../security/principal.js';
import { rfc2253Subject } from '../security/principal.js';
import { SaslConnectionState } from '../security/sasl-connection.js';
import type { SaslAuthenticator } from '../security/sasl-server.js';
import { ANONYMOUS, type SecurityProtocol, type Session } from '../security/session.js';
import type { Dispatcher, ResponseBuffers } from './dispatcher.js';
import type { RequestQueue } from './request-queue.js';

/** The listener a connection came in on, and what it needs to authenticate its client. */
export interface ConnectionListener {
  readonly name: string;
  readonly securityProtocol: SecurityProtocol;
  /** SSL/SASL_SSL: maps a verified client certificate's subject to a principal (SSL listeners). */
  readonly sslPrincipalMapper?: SslPrincipalMapper;
  /** SASL_PLAINTEXT/SASL_SSL. */
  readonly sasl?: {
    readonly authenticator: SaslAuthenticator;
    readonly maxReauthMs: number;
    readonly now: () => number;
    /** `sasl.server.max.receive.size`: the largest frame accepted before authentication completes. */
    readonly maxReceiveSize: number;
  };
}

const PLAINTEXT_LISTENER: ConnectionListener = { name: 'PLAINTEXT', securityProtocol: 'PLAINTEXT' };

/** The client's IP as Kafka's ACL host matching sees it (no IPv4-mapped IPv6 prefix). */
function clientHostOf(socket: Socket): string {
  const a = socket.remoteAddress ?? '?';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/**
 * What a connection shares with the broker: limits, time, and the broker-wide count of requests
 * read and waiting for their turn (`queued.max.requests`, server/request-queue.ts).
 */
export interface ConnectionHost {
  readonly maxFrameBytes: number;
  readonly now: () => number;
  readonly requests: RequestQueue;
  onClosed(c: Connection): void;
}

/** A connection as `RunningBroker.connections()` reports it (tests and benchmarks read these). */
export interface ConnectionStats {
  readonly id: number;
  readonly remoteAddress: string;
  readonly listener: string;
  /** Requests answered (or handled without an answer, acks=0). */
  readonly requestsHandled: number;
  /** Requests read and waiting behind the one in flight. */
  readonly requestsQueued: number;
  readonly inFlight: boolean;
  /** Response bytes written but not yet taken by the kernel, now and at most so far. */
  readonly unsentBytes: number;
  readonly peakUnsentBytes: number;
  /** Reading stopped because the client does not read its responses. */
  readonly blockedOnWrite: boolean;
  /** Reading stopped because the broker-wide request queue is full (queued.max.requests). */
  readonly waitingForQueue: boolean;
  readonly lastActiveMs: number;
}

let nextConnectionId = 1;
const PRODUCE_API_KEY = 0;

/**
 * One client connection. Requests are handled one at a time in arrival order, as Kafka does by
 * muting a socket while a request is in flight: responses therefore leave in request order even
 * while a Fetch is parked. A client that does not read its responses stops being read: once the
 * response bytes the kernel has not taken reach the socket's high-water mark (16 KiB) no further
 * request is handled and nothing more is read until they drain, so such a client holds at most
 * that much plus one response (Kafka unmutes a channel only once its response is sent).
 */
export class Connection {
  readonly id = nextConnectionId++;
  readonly remoteAddress: string;
  session: Session;
  readonly sasl: SaslConnectionState | undefined;
  private readonly socket: Socket;
  private readonly dispatcher: Dispatcher;
  private readonly splitter: FrameSplitter;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  private readonly abort = new AbortController();
  private readonly host: ConnectionHost;
  private readonly maxFrameBytes: number;
  /** Waiting for 'drain' before handling more (the client is not reading). */
  private blockedOnWrite = false;
  /** Waiting in the broker-wide request queue for room (queued.max.requests). */
  private waitingForQueue = false;
  private handled = 0;
  private peakUnsent = 0;
  /** Last read or write, for connections.max.idle.ms. */
  lastActiveMs: number;
  /** `sasl.server.max.receive.size`: the splitter's limit (within maxFrameBytes) until authenticated. */
  private readonly saslMaxReceiveSize: number;
  /** The response being produced is the last: close once it is written (SASL failures). */
  private endAfterWrite = false;
  /** KIP-306: after a failed authentication the answer goes out at once, the close waits this long. */
  private endDelayMs = 0;
  /** KIP-219: a quota throttle asked to read nothing for this long once the response is written. */
  private muteMs = 0;
  /** The one pending hold: the end of a mute, or the delayed close. Cleared on close. */
  private holdTimer: NodeJS.Timeout | undefined;

  readonly listenerName: string;

  constructor(socket: Socket, dispatcher: Dispatcher, host: ConnectionHost, listener: ConnectionListener = PLAINTEXT_LISTENER) {
    this.socket = socket;
    this.dispatcher = dispatcher;
    this.host = host;
    this.listenerName = listener.name;
    this.lastActiveMs = host.now();
    const maxFrameBytes = host.maxFrameBytes;
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.session = { principal: ANONYMOUS, listenerName: listener.name, securityProtocol: listener.securityProtocol, clientHost: clientHostOf(socket) };
    const sasl = listener.sasl;
    this.maxFrameBytes = maxFrameBytes;
    this.saslMaxReceiveSize = sasl?.maxReceiveSize ?? maxFrameBytes;
    this.sasl =
      sasl === undefined
        ? undefined
        : new SaslConnectionState(listener.name, sasl.authenticator, sasl.maxReauthMs, sasl.now, (principal) => {
            this.session = { ...this.session, principal };
          });
    this.splitter = new FrameSplitter(maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('drain', () => {
      if (this.closed) return;
      this.lastActiveMs = this.host.now();
      if (!this.blockedOnWrite) return;
      this.blockedOnWrite = false;
      if (this.busy) return;
      this.readIfRoom();
      this.pump();
    });
  }

  /** A request is in a handler (or a mute/delayed close holds the connection): not idle. */
  get inFlight(): boolean {
    return this.busy;
  }

  /** The client's IP (what max.connections.per.ip counts). */
  get clientHost(): string {
    return this.session.clientHost;
  }

  stats(): ConnectionStats {
    return {
      id: this.id,
      remoteAddress: this.remoteAddress,
      listener: this.listenerName,
      requestsHandled: this.handled,
      requestsQueued: this.queue.length,
      inFlight: this.busy,
      unsentBytes: this.socket.writableLength,
      peakUnsentBytes: this.peakUnsent,
      blockedOnWrite: this.blockedOnWrite,
      waitingForQueue: this.waitingForQueue,
      lastActiveMs: this.lastActiveMs,
    };
  }

  /** Resumes reading unless the broker-wide request queue is full (then waits for room, FIFO). */
  private readIfRoom(): void {
    if (this.closed || this.busy || this.blockedOnWrite || this.waitingForQueue) return;
    if (this.host.requests.full) {
      this.waitingForQueue = true;
      this.socket.pause();
      this.host.requests.waitForRoom(this);
      return;
    }
    this.socket.resume();
  }

  /** The request queue has room again (called by RequestQueue, oldest waiter first). */
  roomInQueue(): void {
    this.waitingForQueue = false;
    this.readIfRoom();
  }

  /**
   * An SSL listener's principal comes from the client certificate (none: User:ANONYMOUS). A
   * certificate that did not verify ('requested' client auth lets the handshake finish) or whose
   * subject no mapping rule matches fails the connection, as Kafka's SSL authentication does.
   */
  authenticateTls(mapper: SslPrincipalMapper | undefined): boolean {
    const tls = this.socket as TLSSocket;
    const peer = tls.getPeerCertificate(false);
    if (peer === null || peer.raw === undefined) return true;
    if (!tls.authorized) {
      this.dispatcher.log(`closing connection ${this.remoteAddress}: client certificate not trusted (${String(tls.authorizationError)})`);
      this.destroy();
      return false;
    }
    if (this.sasl !== undefined || mapper === undefined) return true;
    try {
      const dn = rfc2253Subject(new X509Certificate(peer.raw));
      this.session = { ...this.session, principal: `User:${mapper.name(dn)}` };
      return true;
    } catch (err) {
      this.dispatcher.log(`closing connection ${this.remoteAddress}: SSL authentication failed: ${(err as Error).message}`);
      this.destroy();
      return false;
    }
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** True while a request is being handled (graceful shutdown waits for these). */
  get idle(): boolean {
    return !this.busy && this.queue.length === 0;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    // Before authentication (and during a re-authentication) a frame may be no larger than
    // sasl.server.max.receive.size, as in Kafka, so an unauthenticated client cannot make the broker
    // hold a large buffer. The splitter checks every size prefix, wherever it falls in the stream.
    const unauthenticated = this.sasl !== undefined && !this.sasl.authenticated;
    this.splitter.maxFrameBytes = unauthenticated ? Math.min(this.saslMaxReceiveSize, this.maxFrameBytes) : this.maxFrameBytes;
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (err) {
      const saslLimit = unauthenticated && err instanceof FrameSizeError && err.size > this.saslMaxReceiveSize;
      const reason = saslLimit ? `Failing SASL authentication due to invalid receive size (${err.size} bytes)` : (err as Error).message;
      this.dispatcher.log(`closing connection ${this.remoteAddress}: ${reason}`);
      this.destroy();
      return;
    }
    this.lastActiveMs = this.host.now();
    for (const f of frames) this.queue.push(f);
    this.host.requests.add(frames.length);
    // A full broker-wide queue stops this connection's reading (what it read is still handled).
    if (this.host.requests.full && !this.waitingForQueue) this.readIfRoom();
    if (!this.busy && !this.blockedOnWrite) this.pump();
  }

  private pump(): void {
    // Responses to pipelined requests that arrived together leave in one writev, but only up to
    // the high-water mark: what the kernel does not take then waits, and so does the next request.
    for (;;) {
      this.socket.cork();
      try {
        this.pumpCorked();
      } finally {
        this.socket.uncork();
      }
      // Checked after uncork: corked bytes are still queued in the stream until then.
      if (this.closed || this.busy) return;
      if (this.socket.writableNeedDrain) {
        this.blockedOnWrite = true;
        this.socket.pause();
        return;
      }
      if (this.queue.length === 0) return;
    }
  }

  /** Counts a request as answered: it leaves the broker-wide queue. */
  private answered(): void {
    this.handled++;
    const unsent = this.socket.writableLength;
    if (unsent > this.peakUnsent) this.peakUnsent = unsent;
  }

  private pumpCorked(): void {
    while (!this.closed && this.queue.length > 0 && this.socket.writableLength < this.socket.writableHighWaterMark) {
      const frame = this.queue.shift() as Buffer;
      this.host.requests.remove(1);
      let out: ResponseBuffers | null | Promise<ResponseBuffers | null>;
      try {
        out = this.sasl === undefined ? this.dispatcher.dispatch(frame, this) : this.dispatchSasl(frame, this.sasl);
      } catch (err) {
        this.fail(err);
        return;
      }
      if (out instanceof Promise) {
        this.busy = true;
        this.socket.pause();
        out.then(
          (bufs) => {
            this.busy = false;
            if (this.closed) return;
            if (bufs !== null) this.write(bufs);
            this.answered();
            if (this.holdAfterResponse()) return;
            if (this.socket.writableNeedDrain) {
              this.blockedOnWrite = true; // 'drain' resumes
              return;
            }
            this.readIfRoom();
            this.pump();
          },
          (err: unknown) => this.fail(err),
        );
        return;
      }
      if (out !== null) this.write(out);
      this.answered();
      // Produce keeps no reference into its request once handled (the batch is in the log and the
      // response holds only numbers), so a big frame's memory can take the next one.
      if (frame.length >= 2 && frame.readInt16BE(0) === PRODUCE_API_KEY) this.splitter.recycle(frame);
      if (this.holdAfterResponse()) return;
    }
  }

  /**
   * A SASL listener's request: raw tokens after SaslHandshake v0 go to the exchange directly (the
   * reply is a size-prefixed frame; a failure closes without a reply, as Kafka does); Kafka requests
   * pass the authentication state machine first, which closes the connection on one out of place
   * (after answering it with ILLEGAL_SASL_STATE once SaslHandshake v1 was done, as Kafka does).
   */
  private dispatchSasl(frame: Buffer, sasl: SaslConnectionState): ResponseBuffers | null | Promise<ResponseBuffers | null> {
    if (sasl.phase === 'AUTHENTICATE' && sasl.rawTokens) {
      return sasl.authenticate(frame, null).then(
        ({ reply }) => {
          const size = Buffer.alloc(4);
          size.writeInt32BE(reply.length, 0);
          return [size, reply];
        },
        (err: unknown) => {
          throw new Error(`SASL authentication failed: ${(err as Error).message}`);
        },
      );
    }
    const admission = frame.length >= 2 ? sasl.admit(frame.readInt16BE(0)) : { ok: false as const, reason: 'short request' };
    if (!admission.ok) {
      if (admission.answer === undefined) throw new Error(admission.reason);
      return this.dispatcher.refuse(frame, this, admission.answer, admission.reason);
    }
    return this.dispatcher.dispatch(frame, this);
  }

  /** KIP-219: once the current response is written, read nothing for `ms` (a quota throttle). */
  muteAfterResponse(ms: number): void {
    if (ms > this.muteMs) this.muteMs = ms;
  }

  /**
   * Closes once the response to the request being handled is written, `delayMs` later
   * (connection.failed.authentication.delay.ms: Kafka slows down clients that retry bad credentials
   * in a tight loop, and a client reads the answer before the close).
   */
  endAfterResponse(delayMs: number): void {
    this.endAfterWrite = true;
    this.endDelayMs = delayMs;
  }

  /**
   * After a response is written: the close a failed authentication asked for (KIP-306), or the mute
   * a quota throttle asked for (KIP-219: queued requests wait too). True when reading stops here.
   */
  private holdAfterResponse(): boolean {
    if (this.endAfterWrite) {
      if (this.endDelayMs <= 0) {
        this.end();
        return true;
      }
      // Muted meanwhile: nothing more is read from a connection that failed authentication. After
      // the close it is drained and dropped (onData ignores a closed connection), so the peer's FIN
      // is read and the socket really closes.
      this.hold(this.endDelayMs, () => {
        this.end();
        this.socket.resume();
      });
      return true;
    }
    const ms = this.muteMs;
    if (ms <= 0) return false;
    this.muteMs = 0;
    this.hold(ms, () => {
      this.busy = false;
      this.readIfRoom();
      this.pump();
    });
    return true;
  }

  /** Reads nothing for `ms`, then runs `then` unless the connection closed meanwhile. */
  private hold(ms: number, then: () => void): void {
    if (this.closed) return;
    this.busy = true;
    this.socket.pause();
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      if (!this.closed) then();
    }, ms);
    this.holdTimer.unref();
  }

  private write(bufs: ResponseBuffers): void {
    this.lastActiveMs = this.host.now();
    // The callback runs once the kernel has the bytes (or the socket failed): then the pooled
    // read buffers behind them may be reused.
    const release = bufs.release;
    const done = release === undefined ? undefined : (): void => release();
    if (bufs.length === 1) {
      this.socket.write(bufs[0] as Buffer, done);
      return;
    }
    this.socket.cork();
    for (let i = 0; i < bufs.length; i++) this.socket.write(bufs[i] as Buffer, i === bufs.length - 1 ? done : undefined);
    this.socket.uncork();
  }

  private fail(err: unknown): void {
    this.busy = false;
    const e = err as Error;
    this.dispatcher.log(`closing connection ${this.remoteAddress}: ${e.name}: ${e.message}`);
    this.destroy();
  }

  /** Closes after flushing what was written (used for acks=0 produce errors, as Kafka does). */
  end(): void {
    this.socket.end();
    this.close();
  }

  destroy(): void {
    this.socket.destroy();
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.host.requests.remove(this.queue.length);
    this.queue.length = 0;
    if (this.waitingForQueue) this.host.requests.forget(this);
    this.abort.abort();
    this.host.onClosed(this);
  }
}
