// A minimal pipelined Kafka connection for load generation: requests are framed with our own
// codec, responses are matched to requests by correlation id and handed back as a Reader
// positioned after the response header. No retries, no metadata handling: a benchmark that sees
// an error should report it, not hide it.
import net from 'node:net';
import tls from 'node:tls';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';

const API_VERSIONS = 18;

interface Pending {
  flexible: boolean;
  resolve: (r: Reader) => void;
  reject: (err: Error) => void;
}

/** Which API versions use header v2/v1 (tagged fields): from each message's generated `flexibleMin`. */
export interface ApiSpec {
  readonly apiKey: number;
  readonly flexibleMin: number;
}

export class WireClient {
  private readonly socket: net.Socket;
  private readonly splitter = new FrameSplitter(512 * 1024 * 1024);
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private failed: Error | null = null;
  readonly clientId: string;

  private constructor(socket: net.Socket, clientId: string) {
    this.socket = socket;
    this.clientId = clientId;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.splitter.push(chunk)) this.onFrame(frame);
    });
    const fail = (err: Error): void => {
      this.failed ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static connect(port: number, host = '127.0.0.1', clientId = 'tkafka-bench'): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port });
      s.once('error', reject);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(new WireClient(s, clientId));
      });
    });
  }

  /** The same over TLS (bench/tls.ts), trusting `ca` for a certificate issued to localhost. */
  static connectTls(port: number, ca: string, host = '127.0.0.1', clientId = 'tkafka-bench'): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host, port, ca, servername: 'localhost' });
      s.once('error', reject);
      s.once('secureConnect', () => {
        s.off('error', reject);
        resolve(new WireClient(s, clientId));
      });
    });
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one request; resolves with a Reader over the response body. The request header is
   * written by hand: v1 (apiKey, apiVersion, correlationId, clientId) or v2 (plus an empty
   * tagged-field section) for flexible versions.
   */
  request(api: ApiSpec, version: number, body: (w: Writer) => void): Promise<Reader> {
    if (this.failed !== null) return Promise.reject(this.failed);
    const correlationId = this.nextCorrelationId++;
    const flexible = api.flexibleMin >= 0 && version >= api.flexibleMin;
    const w = new Writer(256).startFrame();
    w.int16(api.apiKey).int16(version).int32(correlationId).nullableString(this.clientId);
    if (flexible) w.uvarint(0);
    body(w);
    const promise = new Promise<Reader>((resolve, reject) => {
      // ApiVersions answers with header v0 whatever the request version.
      this.pending.set(correlationId, { flexible: flexible && api.apiKey !== API_VERSIONS, resolve, reject });
    });
    const parts = w.finish();
    if (parts.length === 1) {
      this.socket.write(parts[0] as Buffer);
    } else {
      this.socket.cork();
      for (const p of parts) this.socket.write(p);
      this.socket.uncork();
    }
    return promise;
  }

  private onFrame(frame: Buffer): void {
    const r = new Reader(frame);
    const correlationId = r.int32();
    const p = this.pending.get(correlationId);
    if (p === undefined) {
      this.socket.destroy(new Error(`response with unknown correlation id ${correlationId}`));
      return;
    }
    this.pending.delete(correlationId);
    if (p.flexible) r.rawTaggedFields();
    p.resolve(r);
  }

  close(): void {
    this.socket.destroy();
  }
}
