// Connections and memory (issue #16): `npm run bench -- connections` (the dist/ broker; `npm run
// build` first). One broker process: its RSS idle, then with 1,000 idle connections open; then 100
// producers at once (beside those 1,000), each keeping IN_FLIGHT Produce requests of a small batch
// outstanding: throughput, request latency p50/p99/max over every request, and the fewest and most
// requests any one producer got done (no starvation: they should be close); last, a client that
// pipelines 1 MiB Fetches and never reads them, and what it costs the broker's RSS. Figures only.
import net from 'node:net';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';
import { batchOfSize } from './lib/load.js';
import { ensureTopic, FETCH_VERSION, produceOne } from './lib/ops.js';
import { figure, fixed, heading, int, MB, mbps, MiB, note, percentile } from './lib/report.js';
import { WireClient } from './lib/wire.js';
import { Writer } from '../src/protocol/codec/writer.js';
import { defaultFetchPartition, defaultFetchRequest, defaultFetchTopic, encodeFetchRequest } from '../src/protocol/generated/messages/fetch-request.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const IDLE = 1000;
const PRODUCERS = 100;
const PARTITIONS = 10;
const IN_FLIGHT = 2;
const PRODUCE_MS = 5000;
const BATCH_BYTES = 16 * 1024;
const VALUE_BYTES = 100;

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function openIdle(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

function fetchFrame(correlationId: number, topic: string): Buffer {
  const w = new Writer().startFrame();
  w.int16(1).int16(FETCH_VERSION).int32(correlationId).nullableString('never-reads');
  encodeFetchRequest(
    w,
    {
      ...defaultFetchRequest(),
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: MiB,
      topics: [{ ...defaultFetchTopic(), topic, partitions: [{ ...defaultFetchPartition(), partition: 0, fetchOffset: 0n, partitionMaxBytes: MiB }] }],
    },
    FETCH_VERSION,
  );
  return w.toBuffer();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-conn-'));
const b = await spawnBroker({ dataDir: dir, flavor: defaultFlavor(process.argv), config: [`num.partitions=${PARTITIONS}`] });
try {
  heading(`${IDLE} idle connections`);
  const warm = await WireClient.connect(b.port);
  await ensureTopic(warm, 'conn-bench');
  await pause(500);
  const rss0 = b.rss();
  const idle: net.Socket[] = [];
  for (let i = 0; i < IDLE; i += 100) idle.push(...(await Promise.all(Array.from({ length: 100 }, () => openIdle(b.port)))));
  await pause(1000);
  const rss1 = b.rss();
  figure('broker RSS, no client connections', `${fixed(rss0 / MiB)} MiB`);
  figure(`broker RSS, ${IDLE} idle connections`, `${fixed(rss1 / MiB)} MiB`);
  figure('per idle connection', `${fixed((rss1 - rss0) / IDLE / 1024)} KiB`);

  heading(`${PRODUCERS} concurrent producers beside them`);
  const { batch, records } = batchOfSize(BATCH_BYTES, VALUE_BYTES);
  const clients = await Promise.all(Array.from({ length: PRODUCERS }, () => WireClient.connect(b.port)));
  const latencies: number[] = [];
  const perProducer = new Array<number>(PRODUCERS).fill(0);
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c, p) => {
      const lane = async (): Promise<void> => {
        while (performance.now() - t0 < PRODUCE_MS) {
          const s = performance.now();
          const r = await produceOne(c, 'conn-bench', p % PARTITIONS, batch, 1);
          if (r.errorCode !== 0) throw new Error(`produce failed with error code ${r.errorCode}`);
          latencies.push(performance.now() - s);
          perProducer[p] = (perProducer[p] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    }),
  );
  const ms = performance.now() - t0;
  const rss2 = b.rss();
  latencies.sort((x, y) => x - y);
  const done = latencies.length;
  figure('throughput', `${fixed(mbps(done * batch.length, ms))} MB/s, ${int((done * records * 1000) / ms)} records/s, ${int((done * 1000) / ms)} requests/s`);
  figure('produce latency p50 / p99 / max', `${fixed(percentile(latencies, 50), 2)} / ${fixed(percentile(latencies, 99), 2)} / ${fixed(latencies[latencies.length - 1] ?? 0, 2)} ms`);
  const sorted = [...perProducer].sort((x, y) => x - y);
  figure('requests per producer, fewest / most', `${int(sorted[0] ?? 0)} / ${int(sorted[sorted.length - 1] ?? 0)}`);
  figure('broker RSS after', `${fixed(rss2 / MiB)} MiB`);
  note(`${PRODUCERS} connections × ${IN_FLIGHT} in flight, ${int(batch.length)}-byte batches of ${records} × ${VALUE_BYTES}-byte records, acks=1, ${PARTITIONS} partitions, ${PRODUCE_MS / 1000} s`);
  for (const c of clients) c.close();

  heading('a client that never reads its responses');
  const big = batchOfSize(MiB, 64 * 1024);
  await produceOne(warm, 'conn-bench', 0, big.batch, 1);
  await pause(500);
  const rss3 = b.rss();
  const FETCHES = 500;
  const slow = await openIdle(b.port);
  slow.pause();
  slow.write(Buffer.concat(Array.from({ length: FETCHES }, (_, i) => fetchFrame(i, 'conn-bench'))));
  await pause(3000);
  const rss4 = b.rss();
  figure(`broker RSS before / after ${FETCHES} pipelined 1 MiB fetches left unread`, `${fixed(rss3 / MiB)} / ${fixed(rss4 / MiB)} MiB`);
  note(`${FETCHES} answers would be ${fixed((FETCHES * big.batch.length) / MB)} MB; the broker stops reading the client once 16 KiB plus one response are unsent`);
  slow.destroy();
  warm.close();
  for (const s of idle) s.destroy();
} finally {
  await b.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
