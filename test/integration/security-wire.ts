// A raw Kafka client for the security tests, over TCP or TLS: one request at a time with the
// generated codecs, raw size-prefixed frames (SASL tokens after SaslHandshake v0), and a promise
// that settles when the broker closes the connection.
import net from 'node:net';
import tls from 'node:tls';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { requestHeaderVersion, responseHeaderVersion } from '../../src/protocol/generated/api-keys.js';

export class SecureWire {
  private readonly frames = new FrameSplitter();
  private readonly pending: ((frame: Buffer | null) => void)[] = [];
  private readonly received: Buffer[] = [];
  private correlation = 1;
  private ended = false;
  readonly closed: Promise<void>;
  readonly sock: net.Socket;

  private constructor(sock: net.Socket) {
    this.sock = sock;
    this.closed = new Promise((resolve) => sock.once('close', () => resolve()));
    sock.on('data', (chunk: Buffer) => {
      for (const f of this.frames.push(chunk)) {
        const waiter = this.pending.shift();
        if (waiter !== undefined) waiter(Buffer.from(f));
        else this.received.push(Buffer.from(f));
      }
    });
    sock.on('error', () => undefined);
    sock.once('close', () => {
      this.ended = true;
      for (const w of this.pending.splice(0)) w(null);
    });
  }

  static connect(port: number, tlsOptions?: tls.ConnectionOptions): Promise<SecureWire> {
    return new Promise((resolve, reject) => {
      if (tlsOptions === undefined) {
        const sock = net.connect(port, '127.0.0.1');
        sock.once('connect', () => resolve(new SecureWire(sock)));
        sock.once('error', reject);
        return;
      }
      const sock = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ...tlsOptions });
      sock.once('secureConnect', () => resolve(new SecureWire(sock)));
      sock.once('error', reject);
    });
  }

  /** The next frame (without its size), or null when the connection closed first. */
  next(): Promise<Buffer | null> {
    const ready = this.received.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.pending.push(resolve));
  }

  /** Sends one request; resolves a reader at the response body, or null if the broker closed instead. */
  async request(apiKey: number, version: number, body: (w: Writer) => void): Promise<Reader | null> {
    const correlationId = this.correlation++;
    const w = new Writer(128).startFrame();
    w.int16(apiKey).int16(version).int32(correlationId).nullableString('security-test');
    if (requestHeaderVersion(apiKey, version) >= 2) w.uvarint(0);
    body(w);
    for (const b of w.finish()) this.sock.write(b);
    const frame = await this.next();
    if (frame === null) return null;
    const r = new Reader(frame);
    if (r.int32() !== correlationId) throw new Error('correlation id mismatch');
    if (responseHeaderVersion(apiKey, version) >= 1) r.rawTaggedFields();
    return r;
  }

  /** A raw size-prefixed frame (SaslHandshake v0 tokens); resolves the reply frame or null on close. */
  raw(payload: Buffer): Promise<Buffer | null> {
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length, 0);
    this.sock.write(Buffer.concat([size, payload]));
    return this.next();
  }

  close(): void {
    this.sock.destroy();
  }
}
