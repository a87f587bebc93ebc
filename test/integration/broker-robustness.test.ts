import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';

/** Sends raw bytes and resolves with everything received until the broker closes (or a timeout). */
function rawExchange(port: number, bytes: Buffer, waitMs = 2000): Promise<{ data: Buffer; closedByPeer: boolean }> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByPeer = false;
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ data: Buffer.concat(chunks), closedByPeer });
    }, waitMs);
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => {
      closedByPeer = true;
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks), closedByPeer: true });
    });
    sock.on('error', () => undefined);
    sock.write(bytes);
  });
}

function apiVersionsRequest(version: number, correlationId: number): Buffer {
  // header v1 (ApiVersions v0–2) or v2 (v3+), empty-ish body
  const clientId = Buffer.from('raw');
  const parts: Buffer[] = [];
  const head = Buffer.alloc(8);
  head.writeInt16BE(18, 0);
  head.writeInt16BE(version, 2);
  head.writeInt32BE(correlationId, 4);
  const cid = Buffer.alloc(2);
  cid.writeInt16BE(clientId.length, 0);
  parts.push(head, cid, clientId);
  if (version >= 3) parts.push(Buffer.from([0, 1, 1, 0])); // header tags, empty compact name+version, body tags
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

describe('broker robustness', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker({ config: { 'socket.request.max.bytes': '1048576' } });
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('answers an unknown ApiVersions version with a v0 body and UNSUPPORTED_VERSION (KIP-511)', async () => {
    const { data } = await rawExchange(b.running.port, apiVersionsRequest(99, 7), 500);
    expect(data.readInt32BE(0)).toBe(data.length - 4);
    expect(data.readInt32BE(4)).toBe(7); // correlation id, header v0
    expect(data.readInt16BE(8)).toBe(35);
    expect(data.readInt32BE(10)).toBe(1);
    expect([data.readInt16BE(14), data.readInt16BE(16), data.readInt16BE(18)]).toEqual([18, 0, 4]);
  });

  it('answers ApiVersions v3 with header v0 and a flexible body', async () => {
    const { data } = await rawExchange(b.running.port, apiVersionsRequest(3, 9), 500);
    expect(data.readInt32BE(4)).toBe(9);
    expect(data.readInt16BE(8)).toBe(0); // error code right after the correlation id: no header tag byte
  });

  it.each([
    ['garbage', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['a negative frame size', Buffer.from([0xff, 0xff, 0xff, 0xfe, 1, 2, 3])],
    ['an oversized frame size', Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0])],
    ['an unknown API key', Buffer.from([0, 0, 0, 10, 0x7f, 0x00, 0, 0, 0, 0, 0, 1, 0, 0])],
    ['a truncated Metadata body', Buffer.from([0, 0, 0, 12, 0, 3, 0, 1, 0, 0, 0, 1, 0xff, 0xff, 0, 0])],
  ])('closes only the connection that sent %s', async (_label, bytes) => {
    const bad = await rawExchange(b.running.port, bytes);
    expect(bad.closedByPeer).toBe(true);
    expect(bad.data.length).toBe(0);
    // Everyone else is still served.
    const ok = await kcat(['-b', b.bootstrap, '-L']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('1 brokers:');
  });

  it('keeps serving a connection whose frames arrive split and coalesced', async () => {
    const one = apiVersionsRequest(2, 1);
    const two = apiVersionsRequest(2, 2);
    const all = Buffer.concat([one, two]);
    const received = await new Promise<Buffer>((resolve) => {
      const sock = net.connect(b.running.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      sock.on('data', (c: Buffer) => {
        chunks.push(c);
        const buf = Buffer.concat(chunks);
        if (buf.length >= 8 && buf.length > buf.readInt32BE(0) + 4) {
          const second = buf.readInt32BE(0) + 4;
          if (buf.length >= second + 4 + buf.readInt32BE(second)) {
            sock.destroy();
            resolve(buf);
          }
        }
      });
      // byte by byte for the first frame, the rest in one go
      let i = 0;
      const tick = (): void => {
        if (i < one.length - 1) {
          sock.write(all.subarray(i, i + 1));
          i++;
          setImmediate(tick);
        } else sock.write(all.subarray(i));
      };
      tick();
    });
    expect(received.readInt32BE(4)).toBe(1);
    const second = received.readInt32BE(0) + 4;
    expect(received.readInt32BE(second + 4)).toBe(2);
  });
});
