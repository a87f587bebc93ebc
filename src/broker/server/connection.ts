import type { Socket } from 'node:net';
import { FrameSplitter } from '../../protocol/codec/frame.js';
import { plaintextSession, type Session } from '../security/session.js';
import type { Dispatcher, ResponseBuffers } from './dispatcher.js';

let nextConnectionId = 1;
const PRODUCE_API_KEY = 0;

/**
 * One client connection. Requests are handled one at a time in arrival order, as Kafka does by
 * muting a socket while a request is in flight: responses therefore leave in request order even
 * while a Fetch is parked, and a slow reader pushes back through TCP instead of growing memory.
 */
export class Connection {
  readonly id = nextConnectionId++;
  readonly remoteAddress: string;
  session: Session;
  private readonly socket: Socket;
  private readonly dispatcher: Dispatcher;
  private readonly splitter: FrameSplitter;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  private readonly abort = new AbortController();
  private readonly onClosed: (c: Connection) => void;

  constructor(socket: Socket, dispatcher: Dispatcher, maxFrameBytes: number, onClosed: (c: Connection) => void) {
    this.socket = socket;
    this.dispatcher = dispatcher;
    this.onClosed = onClosed;
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.session = plaintextSession(socket.remoteAddress ?? '?');
    this.splitter = new FrameSplitter(maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('drain', () => {
      if (!this.busy && !this.closed) socket.resume();
    });
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** True while a request is being handled (graceful shutdown waits for these). */
  get idle(): boolean {
    return !this.busy && this.queue.length === 0;
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (err) {
      this.dispatcher.log(`closing connection ${this.remoteAddress}: ${(err as Error).message}`);
      this.destroy();
      return;
    }
    for (const f of frames) this.queue.push(f);
    if (!this.busy) this.pump();
  }

  private pump(): void {
    // Responses to pipelined requests that arrived together leave in one writev.
    this.socket.cork();
    try {
      this.pumpCorked();
    } finally {
      this.socket.uncork();
    }
    // Checked after uncork: corked bytes are still queued in the stream until then.
    if (!this.closed && !this.busy && this.socket.writableNeedDrain) this.socket.pause();
  }

  private pumpCorked(): void {
    while (!this.closed && this.queue.length > 0) {
      const frame = this.queue.shift() as Buffer;
      let out: ResponseBuffers | null | Promise<ResponseBuffers | null>;
      try {
        out = this.dispatcher.dispatch(frame, this);
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
            if (this.socket.writableNeedDrain) return; // 'drain' resumes
            this.socket.resume();
            this.pump();
          },
          (err: unknown) => this.fail(err),
        );
        return;
      }
      if (out !== null) this.write(out);
      // Produce keeps no reference into its request once handled (the batch is in the log and the
      // response holds only numbers), so a big frame's memory can take the next one.
      if (frame.length >= 2 && frame.readInt16BE(0) === PRODUCE_API_KEY) this.splitter.recycle(frame);
    }
  }

  private write(bufs: ResponseBuffers): void {
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
    this.queue.length = 0;
    this.abort.abort();
    this.onClosed(this);
  }
}
