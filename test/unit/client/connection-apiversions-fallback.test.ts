import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiVersionsApi, MetadataApi } from '../../../src/client/native/apis.js';
import { BrokerConnection } from '../../../src/client/native/connection.js';
import { NativeConnectionError } from '../../../src/client/native/errors.js';
import { FrameSplitter } from '../../../src/protocol/codec/frame.js';
import { Reader } from '../../../src/protocol/codec/reader.js';
import { Writer } from '../../../src/protocol/codec/writer.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { defaultApiVersionsResponse, encodeApiVersionsResponse } from '../../../src/protocol/generated/messages/api-versions-response.js';
import { defaultMetadataResponse, defaultMetadataResponseBroker, encodeMetadataResponse } from '../../../src/protocol/generated/messages/metadata-response.js';

// A fake broker that does not know ApiVersions v3, the way librdkafka's mock cluster (2.0.x)
// answers: UNSUPPORTED_VERSION in a body our v0 fallback cannot read. Java's NetworkClient and
// librdkafka then retry ApiVersions at v0; so must BrokerConnection.

const METADATA_MAX = 8; // non-flexible, so the fake needs no tagged response header

/** What the fake answers to ApiVersions at `version` > 0 (the v0 answer is always proper). */
type HighVersionAnswer = (version: number) => Buffer;

interface Seen {
  apiKey: number;
  version: number;
}

/** librdkafka 2.0.2's mock answer to ApiVersions v3, byte for byte (after the correlation id). */
const MOCK_V3_BODY = Buffer.from('00230100120000000200000000', 'hex');
/** Neither a v0 nor a v3 body: an array length far beyond the frame. */
const GARBAGE_BODY = Buffer.from('0023ffffffff0f', 'hex');

/** A proper answer at `version` (0-2: classic encoding). */
function properBody(apiVersionsMax: number, version = 0): Buffer {
  const w = new Writer(256);
  encodeApiVersionsResponse(
    w,
    {
      ...defaultApiVersionsResponse(),
      apiKeys: [
        { apiKey: ApiVersionsApi.apiKey, minVersion: 0, maxVersion: apiVersionsMax },
        { apiKey: MetadataApi.apiKey, minVersion: 0, maxVersion: METADATA_MAX },
      ],
    },
    version,
  );
  return w.toBuffer();
}

function unsupportedWithRange(apiVersionsMax: number): Buffer {
  const body = properBody(apiVersionsMax);
  body.writeInt16BE(ErrorCode.UNSUPPORTED_VERSION, 0);
  return body;
}

function metadataBody(version: number, port: number): Buffer {
  const w = new Writer(256);
  encodeMetadataResponse(w, { ...defaultMetadataResponse(), brokers: [{ ...defaultMetadataResponseBroker(), nodeId: 7, host: '127.0.0.1', port }], controllerId: 7 }, version);
  return w.toBuffer();
}

function frame(correlationId: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(4 + body.length, 0);
  head.writeInt32BE(correlationId, 4);
  return Buffer.concat([head, body]);
}

interface FakeBroker {
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

const brokers: FakeBroker[] = [];

afterEach(async () => {
  for (const b of brokers.splice(0)) await b.close();
});

async function fakeBroker(answerHigh: HighVersionAnswer): Promise<FakeBroker> {
  const seen: Seen[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const splitter = new FrameSplitter(1 << 20);
    socket.on('data', (chunk: Buffer) => {
      for (const f of splitter.push(chunk)) {
        const r = new Reader(f);
        const apiKey = r.int16();
        const version = r.int16();
        const correlationId = r.int32();
        seen.push({ apiKey, version });
        if (apiKey === ApiVersionsApi.apiKey) socket.write(frame(correlationId, version === 0 ? properBody(0) : answerHigh(version)));
        else if (apiKey === MetadataApi.apiKey) socket.write(frame(correlationId, metadataBody(version, port)));
        else socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const broker: FakeBroker = {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  brokers.push(broker);
  return broker;
}

function connect(port: number): Promise<BrokerConnection> {
  return BrokerConnection.connect({ host: '127.0.0.1', port, clientId: 'fallback-test', connectTimeoutMs: 2000, requestTimeoutMs: 2000 });
}

async function metadataWorks(conn: BrokerConnection, port: number): Promise<void> {
  expect(conn.version(MetadataApi)).toBe(METADATA_MAX);
  const md = await conn.send(MetadataApi, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  expect(md.brokers).toEqual([{ nodeId: 7, host: '127.0.0.1', port, rack: null }]);
  expect(md.controllerId).toBe(7);
}

describe('ApiVersions fallback to v0', () => {
  // [case, how the broker answers ApiVersions above v0, the version the client must retry at]
  const cases: Array<[string, HighVersionAnswer, number]> = [
    ["librdkafka mock's UNSUPPORTED_VERSION answer to v3", () => MOCK_V3_BODY, 0],
    ['an answer that decodes neither as v0 nor at its own version', () => GARBAGE_BODY, 0],
    ["a v0 error body naming the broker's own ApiVersions maximum (KIP-511)", (version) => (version > 2 ? unsupportedWithRange(2) : properBody(2, version)), 2],
    ['a named maximum that was already refused (no loop)', () => unsupportedWithRange(ApiVersionsApi.max), 0],
  ];

  it.each(cases)('after %s, retries once at the right version and then works', async (_case, answer, retryAt) => {
    const b = await fakeBroker(answer);
    const conn = await connect(b.port);
    try {
      expect(b.seen.map((s) => `${s.apiKey}v${s.version}`)).toEqual([`18v${ApiVersionsApi.max}`, `18v${retryAt}`]);
      await metadataWorks(conn, b.port);
      expect(conn.closed).toBe(false);
    } finally {
      conn.close();
    }
  });

  it('still fails in one clear error when even v0 is refused', async () => {
    const seen: number[] = [];
    const server = net.createServer((socket) => {
      const splitter = new FrameSplitter(1 << 20);
      socket.on('data', (chunk: Buffer) => {
        for (const f of splitter.push(chunk)) {
          const r = new Reader(f);
          r.int16();
          seen.push(r.int16());
          socket.write(frame(r.int32(), GARBAGE_BODY.subarray(0, 2)));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const err = await connect(port).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NativeConnectionError);
      expect((err as Error).message).toMatch(/^cannot decode a response from 127\.0\.0\.1:\d+: /);
      expect(seen).toEqual([ApiVersionsApi.max, 0]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
