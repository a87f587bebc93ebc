// A request pipelined behind an asynchronous one whose answer is larger than the socket takes at once
// (a long-poll Fetch returning megabytes) must still be answered: the connection resumes its queue
// when the socket drains, not only its reads. Found by the fuzzer (test/fuzz/): connections went
// silent with a request queued until the client happened to send more.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { apis } from '../../src/protocol/generated/index.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { SimpleClient } from '../fuzz/fuzzer.js';
import { requestFrame } from '../fuzz/generate.js';

const MB = 1024 * 1024;

function frame(apiKey: number, version: number, correlationId: number, body: Record<string, unknown>): Buffer {
  const api = apis.get(apiKey);
  if (api === undefined) throw new Error(String(apiKey));
  const w = new Writer(256);
  api.request.encode(w, { ...(api.request.create() as object), ...body }, version);
  return requestFrame(apiKey, version, correlationId, 'drain-test', w.toBuffer());
}

describe('a request pipelined behind a large asynchronous answer', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker();
    const c = await SimpleClient.connect(b.running.port);
    await c.request(19, 4, { topics: [{ name: 'big', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 30_000 });
    // 24 batches of ~1 MB: more than loopback socket buffers take in one write.
    for (let i = 0; i < 24; i++) {
      const batch = encodeRecordBatch({ records: [{ value: Buffer.alloc(MB - 1024, i) }] });
      const res = await c.request<{ responses: { partitionResponses: { errorCode: number }[] }[] }>(0, 8, { acks: -1, timeoutMs: 10_000, topicData: [{ name: 'big', partitionData: [{ index: 0, records: batch }] }] });
      expect(res.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
    }
    c.close();
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('answers both, in order', async () => {
    // minBytes above what the log holds: the Fetch parks for maxWaitMs, then answers ~24 MB from a promise.
    const fetch = frame(1, 4, 1, {
      replicaId: -1,
      maxWaitMs: 200,
      minBytes: 64 * MB,
      maxBytes: 64 * MB,
      isolationLevel: 0,
      topics: [{ topic: 'big', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 64 * MB }] }],
    });
    const apiVersions = frame(18, 0, 2, {});
    const correlationIds = await new Promise<number[]>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: b.running.port });
      const splitter = new FrameSplitter(256 * MB);
      const got: number[] = [];
      // Not a timing assertion: without the fix the second answer never comes.
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`answered only correlation ids ${JSON.stringify(got)} after 30 s`));
      }, 30_000);
      socket.on('data', (chunk: Buffer) => {
        for (const f of splitter.push(chunk)) got.push(f.readInt32BE(0));
        if (got.length === 2) {
          clearTimeout(timer);
          socket.destroy();
          resolve(got);
        }
      });
      socket.on('error', reject);
      socket.once('connect', () => socket.write(Buffer.concat([fetch, apiVersions])));
    });
    expect(correlationIds).toEqual([1, 2]);
  });
});
