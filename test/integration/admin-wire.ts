// A minimal raw Kafka client for tests: encodes one request with the generated codecs (header v1,
// or v2 for flexible versions), sends it, and decodes the matching response (header v0/v1).
import net from 'node:net';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';

export interface WireApi<Req, Res> {
  apiKey: number;
  flexibleMin: number;
  encode(w: Writer, req: Req, version: number): void;
  decode(r: Reader, version: number): Res;
}

export class WireClient {
  private readonly sock: net.Socket;
  private readonly frames = new FrameSplitter();
  private readonly waiting = new Map<number, (frame: Buffer) => void>();
  private nextCorrelation = 1;

  private constructor(sock: net.Socket) {
    this.sock = sock;
    sock.on('data', (chunk: Buffer) => {
      for (const f of this.frames.push(chunk)) {
        const id = f.readInt32BE(0);
        this.waiting.get(id)?.(f);
        this.waiting.delete(id);
      }
    });
  }

  static connect(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => resolve(new WireClient(sock)));
      sock.once('error', reject);
    });
  }

  /** Sends `body` as `version` of `api` and resolves with the decoded response body. */
  request<Req, Res>(api: WireApi<Req, Res>, version: number, body: Req): Promise<Res> {
    const correlationId = this.nextCorrelation++;
    const flexible = api.flexibleMin >= 0 && version >= api.flexibleMin;
    const w = new Writer(256).startFrame();
    w.int16(api.apiKey).int16(version).int32(correlationId).nullableString('wire-test');
    if (flexible) w.uvarint(0);
    api.encode(w, body, version);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to api ${api.apiKey} v${version}`)), 5000);
      this.waiting.set(correlationId, (frame) => {
        clearTimeout(timer);
        try {
          const r = new Reader(frame);
          r.int32();
          if (flexible && api.apiKey !== 18) r.rawTaggedFields();
          resolve(api.decode(r, version));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      this.sock.write(w.toBuffer());
    });
  }

  close(): void {
    this.sock.destroy();
  }
}
