// One side of bench/latency.ts, in its own process so producer, consumer and broker never share an
// event loop:  latency-worker.ts consumer PORT TOPIC  |  latency-worker.ts producer PORT TOPIC RATE WARMUP_MS MS
// Each value (100 B) starts with the producer's send time from process.hrtime (CLOCK_MONOTONIC,
// the same clock in every process on the machine) and a flag byte (1 = warm-up, 2 = the last one).
// The consumer prints `READY` once its first Fetch is out, and a JSON line of figures at the end.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { decodeRecordBatches, encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { fetchOne, latestOffset, nextOffsetAfter, produceOne } from './ops.js';
import { percentile } from './report.js';
import { WireClient } from './wire.js';

const WARMUP = 1;
const LAST = 2;

export interface ConsumerFigures {
  received: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  loopDelayP99: number;
}

export interface ProducerFigures {
  sent: number;
  /** p99 of how late a record left against its schedule (timer and event-loop lag of the producer). */
  sendLagP99: number;
  /** Send to Produce response, p50 and p99: the broker's share (one hop there and back) without the consumer's. */
  ackP50: number;
  ackP99: number;
  loopDelayP99: number;
}

async function consumer(port: number, topic: string): Promise<void> {
  const client = await WireClient.connect(port, '127.0.0.1', 'bench-latency-consumer');
  let offset = await latestOffset(client, topic, 0);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const latencies: number[] = [];
  let received = 0;
  let ready = false;
  for (;;) {
    const pending = fetchOne(client, { topic, partition: 0, offset, maxBytes: 1024 * 1024, partitionMaxBytes: 1024 * 1024, maxWaitMs: 500, minBytes: 1 });
    if (!ready) {
      ready = true;
      process.stdout.write('READY\n');
    }
    const res = await pending;
    const now = process.hrtime.bigint();
    const p = res.responses[0]?.partitions[0];
    if (p === undefined || p.errorCode !== 0) throw new Error(`fetch error ${p?.errorCode ?? 'no partition'}`);
    if (p.records === null || p.records.length === 0) continue;
    let last = false;
    for (const b of decodeRecordBatches(p.records)) {
      for (const rec of b.records) {
        if (rec.offset < offset || rec.value === null) continue;
        received++;
        const flags = rec.value.readUInt8(8);
        if ((flags & WARMUP) === 0) latencies.push(Number(now - rec.value.readBigInt64BE(0)) / 1e6);
        if ((flags & LAST) !== 0) last = true;
      }
    }
    offset = nextOffsetAfter(p.records, offset).next;
    if (last) break;
  }
  loop.disable();
  client.close();
  latencies.sort((a, b) => a - b);
  const figures: ConsumerFigures = {
    received,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    loopDelayP99: loop.percentile(99) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** One-record Produce requests (linger 0: each record leaves when due), acks=-1, paced by a 1 ms timer. */
async function producer(port: number, topic: string, rate: number, warmupMs: number, ms: number): Promise<void> {
  const client = await WireClient.connect(port, '127.0.0.1', 'bench-latency-producer');
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const value = Buffer.alloc(100);
  const lags: number[] = [];
  const acks: number[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let failure: Error | null = null;
  const send = (flags: number, lagMs: number): void => {
    value.writeBigInt64BE(process.hrtime.bigint(), 0);
    value.writeUInt8(flags, 8);
    if ((flags & WARMUP) === 0) lags.push(lagMs);
    const batch = encodeRecordBatch({ records: [{ value }], timestamp: Date.now() });
    const at = performance.now();
    const p = produceOne(client, topic, 0, batch, -1).then(
      (r) => {
        if ((flags & WARMUP) === 0) acks.push(performance.now() - at);
        if (r.errorCode !== 0) failure ??= new Error(`produce error ${r.errorCode}`);
      },
      (err: Error) => {
        failure ??= err;
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = now - t0;
      if (elapsed >= warmupMs + ms) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor((elapsed / 1000) * rate);
      for (; sent < due; sent++) {
        const scheduled = (sent / rate) * 1000;
        send(scheduled < warmupMs ? WARMUP : 0, elapsed - scheduled);
      }
    }, 1);
  });
  send(LAST | WARMUP, 0);
  sent++;
  await Promise.all(inFlight);
  loop.disable();
  client.close();
  if (failure !== null) throw failure as Error;
  lags.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  const figures: ProducerFigures = { sent, sendLagP99: percentile(lags, 99), ackP50: percentile(acks, 50), ackP99: percentile(acks, 99), loopDelayP99: loop.percentile(99) / 1e6 };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

const [role, port, topic, ...rest] = process.argv.slice(2);
if (role === 'consumer' && port !== undefined && topic !== undefined) await consumer(Number(port), topic);
else if (role === 'producer' && port !== undefined && topic !== undefined && rest.length === 3) await producer(Number(port), topic, Number(rest[0]), Number(rest[1]), Number(rest[2]));
else {
  process.stderr.write('usage: latency-worker.ts consumer PORT TOPIC | producer PORT TOPIC RATE WARMUP_MS MS\n');
  process.exit(2);
}
