import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { defaultFetchPartition, defaultFetchRequest, defaultFetchTopic, encodeFetchRequest } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { encodeRecordBatch, splitRecordBatches, decodeRecordBatchHeader } from '../../src/protocol/records/batch.js';
import { NativeClient } from '../../src/client/native/client.js';
import { waitFor } from '../helpers/wait.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

const FETCH_V = 11;
const MIB = 1024 * 1024;

function fetchFrame(correlationId: number, topic: string, offset: bigint): Buffer {
  const w = new Writer().startFrame();
  w.int16(1).int16(FETCH_V).int32(correlationId).nullableString('slow-reader');
  encodeFetchRequest(
    w,
    {
      ...defaultFetchRequest(),
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: MIB,
      topics: [{ ...defaultFetchTopic(), topic, partitions: [{ ...defaultFetchPartition(), partition: 0, fetchOffset: offset, partitionMaxBytes: MIB }] }],
    },
    FETCH_V,
  );
  return w.toBuffer();
}

/** Every complete frame in a response stream, as [correlationId, body reader]. */
function frames(stream: Buffer): { correlationId: number; body: Reader }[] {
  const out: { correlationId: number; body: Reader }[] = [];
  let pos = 0;
  while (pos + 4 <= stream.length) {
    const size = stream.readInt32BE(pos);
    if (pos + 4 + size > stream.length) break;
    const r = new Reader(stream, pos + 4, pos + 4 + size);
    out.push({ correlationId: r.int32(), body: r });
    pos += 4 + size;
  }
  return out;
}

// Fetch reads land in pooled buffers that return to the pool when the socket has written them. A
// reader that does not drain its socket keeps responses queued in the broker; if a buffer came back
// before its bytes were written, the other connection's reads would overwrite them and the queued
// batches would fail their CRC.
describe('pooled fetch buffers with a slow reader', () => {
  let b: TestBroker;
  const batchOffsets: bigint[] = [];

  beforeAll(async () => {
    b = await startTestBroker();
    const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'seed' });
    await client.topic('slow', { autoCreate: true, timeoutMs: 5000 });
    const conn = await client.nodeConnection(b.running.broker.nodeId);
    const { ProduceApi } = await import('../../src/client/native/apis/produce.js');
    for (let i = 0; i < 24; i++) {
      // ~900 KiB batches whose bytes differ per batch, so an overwrite cannot go unnoticed.
      const value = Buffer.alloc(900 * 1024, i + 1);
      const batch = encodeRecordBatch({ records: [{ value }] });
      const res = await conn.send(ProduceApi, {
        transactionalId: null,
        acks: 1,
        timeoutMs: 5000,
        topicData: [{ name: 'slow', partitionData: [{ index: 0, records: batch }] }],
      });
      const p = res.responses[0]?.partitionResponses[0];
      expect(p?.errorCode).toBe(0);
      batchOffsets.push(p?.baseOffset ?? -1n);
    }
    await client.close();
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('keeps every queued response intact while other readers churn the pool', async () => {
    const slow = net.connect(b.running.port, '127.0.0.1');
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.pause();
    const received: Buffer[] = [];
    slow.on('data', (c: Buffer) => received.push(c));
    // 3 rounds over all batches: ~65 MiB of responses, far more than the socket buffers hold.
    const requests: bigint[] = [];
    for (let round = 0; round < 3; round++) requests.push(...batchOffsets);
    slow.write(Buffer.concat(requests.map((o, i) => fetchFrame(i, 'slow', o))));

    // Meanwhile a fast reader cycles through the pool many times.
    const fast = net.connect(b.running.port, '127.0.0.1');
    await new Promise<void>((r) => fast.once('connect', () => r()));
    let fastBytes = 0;
    fast.on('data', (c: Buffer) => (fastBytes += c.length));
    for (let i = 0; i < 60; i++) fast.write(fetchFrame(1000 + i, 'slow', batchOffsets[i % batchOffsets.length] as bigint));
    await waitFor('the fast reader to receive 50 MiB', () => fastBytes >= 50 * MIB, 60_000);
    fast.destroy();

    slow.resume();
    const got = await waitFor(`all ${requests.length} queued responses on the slow connection`, () => {
      const f = frames(Buffer.concat(received));
      return f.length >= requests.length && f;
    }, 60_000);
    slow.destroy();
    expect(got).toHaveLength(requests.length);
    for (const { correlationId, body } of got) {
      const res = decodeFetchResponse(body, FETCH_V);
      const part = res.responses[0]?.partitions[0];
      expect(part?.errorCode).toBe(0);
      const { batches } = splitRecordBatches(part?.records ?? Buffer.alloc(0));
      expect(batches.length).toBeGreaterThan(0);
      const first = batches[0] as Buffer;
      // decodeRecordBatchHeader verifies the CRC over the whole batch.
      const header = decodeRecordBatchHeader(first, 0, true);
      expect(header.baseOffset).toBe(requests[correlationId]);
      // The value's last byte sits just before the record's header count: the batch's fill byte.
      expect(first[first.length - 2]).toBe(batchOffsets.indexOf(header.baseOffset) + 1);
    }
  });
});

describe('response order on one connection', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker();
    const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'seed' });
    await client.topic('quiet', { autoCreate: true, timeoutMs: 5000 });
    await client.close();
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('answers a request pipelined behind a parked Fetch only after that Fetch, while other connections are served', async () => {
    const sock = net.connect(b.running.port, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    // A long-poll on an empty partition (minBytes 1, maxWait 3 s: long enough for the other
    // connection's round trip on a busy machine), then a Metadata request.
    const w = new Writer().startFrame();
    w.int16(1).int16(FETCH_V).int32(1).nullableString('order');
    encodeFetchRequest(
      w,
      {
        ...defaultFetchRequest(),
        replicaId: -1,
        maxWaitMs: 3000,
        minBytes: 1,
        maxBytes: MIB,
        topics: [{ ...defaultFetchTopic(), topic: 'quiet', partitions: [{ ...defaultFetchPartition(), partition: 0, fetchOffset: 0n, partitionMaxBytes: MIB }] }],
      },
      FETCH_V,
    );
    // Metadata v1 for all topics (a null topic array).
    const metadata = new Writer().startFrame().int16(3).int16(1).int32(2).nullableString('order').int32(-1).toBuffer();
    sock.write(Buffer.concat([w.toBuffer(), metadata]));

    // Meanwhile another connection gets its answer at once.
    const other = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'other' });
    const offsets = await other.listOffsets([{ topic: 'quiet', partition: 0, timestamp: -1n }], 0);
    await other.close();
    expect([...offsets.values()].map((o) => o.offset)).toEqual([0n]);
    expect(frames(Buffer.concat(chunks))).toHaveLength(0);

    await waitFor('the parked Fetch and the Metadata behind it', () => frames(Buffer.concat(chunks)).length >= 2);
    sock.destroy();
    expect(frames(Buffer.concat(chunks)).map((f) => f.correlationId)).toEqual([1, 2]);
  });
});
