// A minimal Kafka client for tests that need exact request versions or misbehaving members: it
// frames requests with the generated codecs and matches responses by correlation id.
import net from 'node:net';
import { FrameSplitter } from '../../../../src/protocol/codec/frame.js';
import { Reader } from '../../../../src/protocol/codec/reader.js';
import { Writer } from '../../../../src/protocol/codec/writer.js';
import { requestHeaderVersion, responseHeaderVersion, type ApiDescriptor } from '../../../../src/protocol/generated/api-keys.js';

/** A generated API descriptor's client half: its key, request encoder and response decoder. */
export type Api<Req, Res> = Pick<ApiDescriptor<Req, Res>, 'apiKey' | 'encodeRequest' | 'decodeResponse'>;

/** An Api from a message module's `…Versions` and codecs (the header versions come from the API table). */
export function api<Req, Res>(
  versions: { apiKey: number },
  encode: (w: Writer, m: Req, version: number) => void,
  decode: (r: Reader, version: number) => Res,
): Api<Req, Res> {
  return { apiKey: versions.apiKey, encodeRequest: encode, decodeResponse: decode };
}

export class RawClient {
  private readonly socket: net.Socket;
  private readonly waiting = new Map<number, (frame: Buffer) => void>();
  private nextId = 1;
  /** Settles when the connection has closed, whichever side closed it; pending calls stay pending. */
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    const frames = new FrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const f of frames.push(chunk)) {
        const id = f.readInt32BE(0);
        const cb = this.waiting.get(id);
        this.waiting.delete(id);
        cb?.(f);
      }
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** True once the connection has closed (the broker may close it on a bad request). */
  get isOpen(): boolean {
    return !this.socket.destroyed;
  }

  call<Req, Res>(a: Api<Req, Res>, version: number, req: Req, clientId = 'raw-client'): Promise<Res> {
    const id = this.nextId++;
    const w = new Writer(256).startFrame();
    w.int16(a.apiKey).int16(version).int32(id).nullableString(clientId);
    if (requestHeaderVersion(a.apiKey, version) >= 2) w.uvarint(0);
    a.encodeRequest(w, req, version);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (frame) => {
        try {
          const r = new Reader(frame, 4);
          if (responseHeaderVersion(a.apiKey, version) >= 1) r.rawTaggedFields();
          resolve(a.decodeResponse(r, version));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      for (const chunk of w.finish()) this.socket.write(chunk);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
