import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiVersionsApi, MetadataApi } from '../../../src/client/native/apis.js';
import { ListOffsetsApi } from '../../../src/client/native/apis/list-offsets.js';
import { EARLIEST_TIMESTAMP, NativeClient } from '../../../src/client/native/client.js';
import { FrameSplitter } from '../../../src/protocol/codec/frame.js';
import { Reader } from '../../../src/protocol/codec/reader.js';
import { Writer } from '../../../src/protocol/codec/writer.js';
import { defaultApiVersionsResponse, encodeApiVersionsResponse } from '../../../src/protocol/generated/messages/api-versions-response.js';
import {
  defaultMetadataResponse,
  defaultMetadataResponseBroker,
  defaultMetadataResponsePartition,
  defaultMetadataResponseTopic,
  encodeMetadataResponse,
} from '../../../src/protocol/generated/messages/metadata-response.js';

// librdkafka 2.0's mock cluster answers ListOffsets v4+ with each LeaderEpoch as an int64 instead of
// an int32: one partition decodes right (the extra bytes trail), every later one is misread. The
// client must notice that the answer does not match the question and ask per partition.

const TOPIC = 't';
const PARTITIONS = 3;

function frame(correlationId: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(4 + body.length, 0);
  head.writeInt32BE(correlationId, 4);
  return Buffer.concat([head, body]);
}

/** A ListOffsets v4/v5 answer written the way the 2.0 mock writes it (LeaderEpoch as int64). */
function mockListOffsets(asked: Array<{ topic: string; partitions: number[] }>): Buffer {
  const w = new Writer(256);
  w.int32(0).arrayLength(asked.length);
  for (const t of asked) {
    w.string(t.topic).arrayLength(t.partitions.length);
    for (const p of t.partitions) w.int32(p).int16(0).int64(-1n).int64(BigInt(100 + p)).int64(-1n);
  }
  return w.toBuffer();
}

const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

async function mockLikeBroker(): Promise<{ port: number; listOffsetsRequests: number[][] }> {
  const listOffsetsRequests: number[][] = [];
  let port = 0;
  const server = net.createServer((socket) => {
    const splitter = new FrameSplitter(1 << 20);
    socket.on('data', (chunk: Buffer) => {
      for (const f of splitter.push(chunk)) {
        const r = new Reader(f);
        const apiKey = r.int16();
        const version = r.int16();
        const correlationId = r.int32();
        r.nullableString();
        const w = new Writer(256);
        if (apiKey === ApiVersionsApi.apiKey) {
          if (version !== 0) {
            w.int16(35).int32(0); // UNSUPPORTED_VERSION, no range: the client retries at v0
          } else {
            const apiKeys = [
              { apiKey: ApiVersionsApi.apiKey, minVersion: 0, maxVersion: 2 },
              { apiKey: MetadataApi.apiKey, minVersion: 0, maxVersion: 8 },
              { apiKey: ListOffsetsApi.apiKey, minVersion: 0, maxVersion: 5 },
            ];
            encodeApiVersionsResponse(w, { ...defaultApiVersionsResponse(), apiKeys }, 0);
          }
        } else if (apiKey === MetadataApi.apiKey) {
          const partitions = Array.from({ length: PARTITIONS }, (_, i) => ({ ...defaultMetadataResponsePartition(), partitionIndex: i, leaderId: 1, replicaNodes: [1], isrNodes: [1] }));
          encodeMetadataResponse(
            w,
            { ...defaultMetadataResponse(), brokers: [{ ...defaultMetadataResponseBroker(), nodeId: 1, host: '127.0.0.1', port }], controllerId: 1, topics: [{ ...defaultMetadataResponseTopic(), name: TOPIC, partitions }] },
            version,
          );
        } else if (apiKey === ListOffsetsApi.apiKey) {
          r.int32(); // replica id
          r.int8(); // isolation level
          const asked: Array<{ topic: string; partitions: number[] }> = [];
          for (let t = r.arrayLength(); t > 0; t--) {
            const topic = r.string();
            const partitions: number[] = [];
            for (let p = r.arrayLength(); p > 0; p--) {
              partitions.push(r.int32());
              r.int32(); // current leader epoch
              r.int64(); // timestamp
            }
            asked.push({ topic, partitions });
          }
          listOffsetsRequests.push(asked.flatMap((a) => a.partitions));
          w.raw(mockListOffsets(asked));
        } else {
          socket.destroy();
          return;
        }
        socket.write(frame(correlationId, w.toBuffer()));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
  return { port, listOffsetsRequests };
}

describe('ListOffsets answers checked against the question', () => {
  it('asks partition by partition when a broker garbles a many-partition answer, and gets every offset right', async () => {
    const b = await mockLikeBroker();
    const client = await NativeClient.connect({ brokers: [`127.0.0.1:${b.port}`], clientId: 'lo-test', requestTimeoutMs: 2000 });
    try {
      const parts = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: TOPIC, partition, timestamp: EARLIEST_TIMESTAMP }));
      const got = await client.listOffsets(parts);
      expect([...got].map(([k, v]) => [k, v.offset])).toEqual([
        ['t:0', 100n],
        ['t:1', 101n],
        ['t:2', 102n],
      ]);
      expect(b.listOffsetsRequests).toEqual([[0, 1, 2], [0], [1], [2]]);
    } finally {
      await client.close();
    }
  });
});
