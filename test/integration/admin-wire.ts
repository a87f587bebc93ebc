// A minimal raw Kafka client for tests: encodes one request with the generated codecs, sends it, and
// decodes the matching response; the header versions come from the generated API table.
import net from 'node:net';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { requestHeaderVersion, responseHeaderVersion, type ApiDescriptor } from '../../src/protocol/generated/api-keys.js';
import type { ApiDef } from '../../src/client/native/apis.js';

/** The client's API definition; only the key and the codecs matter here (the test picks the version). */
export type WireApi<Req, Res> = Pick<ApiDef<Req, Res>, 'apiKey' | 'encode' | 'decode'>;

/** A generated descriptor (protocol/generated/apis) as WireClient sends it. */
export function wireApi<Req, Res>(d: ApiDescriptor<Req, Res>): WireApi<Req, Res> {
  return { apiKey: d.apiKey, encode: d.encodeRequest, decode: d.decodeResponse };
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
    const w = new Writer(256).startFrame();
    w.int16(api.apiKey).int16(version).int32(correlationId).nullableString('wire-test');
    if (requestHeaderVersion(api.apiKey, version) >= 2) w.uvarint(0);
    api.encode(w, body, version);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to api ${api.apiKey} v${version} within 30 s`)), 30_000);
      this.waiting.set(correlationId, (frame) => {
        clearTimeout(timer);
        try {
          const r = new Reader(frame);
          r.int32();
          if (responseHeaderVersion(api.apiKey, version) >= 1) r.rawTaggedFields();
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
