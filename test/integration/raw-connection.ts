// A raw TCP connection to a broker for the connection-limit tests: what it received, whether the
// broker closed it, and an ApiVersions v0 round trip to show it is served.
import net from 'node:net';
import { Writer } from '../../src/protocol/codec/writer.js';
import { waitFor } from '../helpers/wait.js';

export function apiVersionsFrame(correlationId: number, clientId = 'conn-test'): Buffer {
  const w = new Writer(32).startFrame();
  w.int16(18).int16(0).int32(correlationId).nullableString(clientId);
  return w.toBuffer();
}

export class RawConnection {
  readonly sock: net.Socket;
  private chunks: Buffer[] = [];
  closed = false;

  private constructor(sock: net.Socket) {
    this.sock = sock;
    sock.on('data', (c: Buffer) => this.chunks.push(c));
    sock.on('close', () => (this.closed = true));
    sock.on('error', () => undefined);
  }

  static async open(port: number): Promise<RawConnection> {
    const sock = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    return new RawConnection(sock);
  }

  get received(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Sends ApiVersions v0 and waits for its answer (correlation id echoed). */
  async apiVersions(correlationId: number, timeoutMs = 15_000): Promise<void> {
    const before = this.received.length;
    this.sock.write(apiVersionsFrame(correlationId));
    await waitFor(`ApiVersions answer ${correlationId}`, () => this.received.length >= before + 8 && this.received.readInt32BE(before + 4) === correlationId, timeoutMs);
  }

  destroy(): void {
    this.sock.destroy();
  }
}
