// Load generators: pipelined produce and fetch over our own codec, a paced producer with a
// long-polling consumer for end-to-end latency, and kcat as an outside producer.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { decodeRecordBatches, encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { readCpuMs } from './broker-process.js';
import { fetchOne, latestOffset, nextOffsetAfter, produceOne } from './ops.js';
import { percentile } from './report.js';
import type { WireClient } from './wire.js';

/**
 * The largest batch of `valueBytes`-byte records that fits in `maxBatchBytes` (the broker's default
 * max.message.bytes is 1 MiB + 12, so a "1 MiB batch" is one that fits in 1 MiB).
 */
export function batchOfSize(maxBatchBytes: number, valueBytes: number): { batch: Buffer; records: number } {
  const value = Buffer.alloc(valueBytes, 0x61);
  const perRecord = valueBytes + 16;
  let n = Math.max(1, Math.floor((maxBatchBytes - 61) / perRecord) + 2);
  for (;;) {
    const batch = encodeRecordBatch({ records: Array.from({ length: n }, () => ({ value })), timestamp: Date.now() });
    if (batch.length <= maxBatchBytes || n === 1) return { batch, records: n };
    n--;
  }
}

export interface ProduceFigures {
  requests: number;
  bytes: number;
  records: number;
  ms: number;
}

/**
 * Keeps `inFlight` Produce requests of the same pre-encoded batch outstanding on one connection
 * for `ms`, round-robin over `targets`. Any error code fails the run.
 */
export function produceLoad(
  client: WireClient,
  targets: readonly { topic: string; partition: number }[],
  batch: Buffer,
  recordsPerBatch: number,
  inFlight: number,
  limit: { ms: number } | { bytes: number },
): Promise<ProduceFigures> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let outstanding = 0;
    let sent = 0;
    let done = 0;
    let failed = false;
    const more = (): boolean =>
      'ms' in limit ? performance.now() - t0 < limit.ms : sent * batch.length < limit.bytes;
    const send = (): void => {
      const target = targets[sent % targets.length];
      if (target === undefined) throw new Error('no produce targets');
      sent++;
      outstanding++;
      produceOne(client, target.topic, target.partition, batch).then(
        (res) => {
          outstanding--;
          if (failed) return;
          if (res.errorCode !== 0) {
            failed = true;
            reject(new Error(`produce to ${target.topic}-${target.partition} failed with error code ${res.errorCode}`));
            return;
          }
          done++;
          if (more()) send();
          else if (outstanding === 0) resolve({ requests: done, bytes: done * batch.length, records: done * recordsPerBatch, ms: performance.now() - t0 });
        },
        (err: Error) => {
          if (!failed) reject(err);
          failed = true;
        },
      );
    };
    for (let i = 0; i < inFlight; i++) send();
  });
}

export interface FetchFigures {
  requests: number;
  bytes: number;
  records: bigint;
  ms: number;
  /** Responses that ended before the stride predicted: a read never crosses a segment end. */
  misaligned: number;
  /** The log end the run was reading towards (records counts up to where it got). */
  end: bigint;
}

/**
 * Reads a partition of same-size batches from offset 0 towards `end` with `inFlight` Fetch
 * requests outstanding. The first response gives the stride (records per response); the rest are
 * issued at multiples of it ahead of their responses, as a pipelining consumer would.
 */
export async function fetchLoad(
  client: WireClient,
  topic: string,
  end: bigint,
  maxBytes: number,
  partitionMaxBytes: number,
  inFlight: number,
  capMs: number,
): Promise<FetchFigures> {
  const params = { topic, partition: 0, maxBytes, partitionMaxBytes, maxWaitMs: 0, minBytes: 1 };
  const t0 = performance.now();
  const first = await fetchOne(client, { ...params, offset: 0n });
  const firstRecords = first.responses[0]?.partitions[0]?.records ?? null;
  if (firstRecords === null || firstRecords.length === 0) throw new Error(`fetch ${topic} at 0 returned nothing`);
  const stride = nextOffsetAfter(firstRecords, 0n).next;
  let bytes = firstRecords.length;
  let requests = 1;
  let misaligned = 0;
  let reached = stride;
  let nextOffset = stride;
  return new Promise((resolve, reject) => {
    let outstanding = 0;
    let failed = false;
    const finish = (): void => resolve({ requests, bytes, records: reached, ms: performance.now() - t0, misaligned, end });
    const send = (): void => {
      const offset = nextOffset;
      nextOffset += stride;
      outstanding++;
      fetchOne(client, { ...params, offset }).then(
        (res) => {
          outstanding--;
          if (failed) return;
          const p = res.responses[0]?.partitions[0];
          if (p === undefined || p.errorCode !== 0 || p.records === null) {
            failed = true;
            reject(new Error(`fetch ${topic} at ${offset}: error ${p?.errorCode ?? 'no partition'}`));
            return;
          }
          requests++;
          bytes += p.records.length;
          const next = nextOffsetAfter(p.records, offset).next;
          if (next !== offset + stride && next !== end) misaligned++;
          if (next > reached) reached = next;
          if (nextOffset < end && performance.now() - t0 < capMs) send();
          else if (outstanding === 0) finish();
        },
        (err: Error) => {
          if (!failed) reject(err);
          failed = true;
        },
      );
    };
    for (let i = 0; i < inFlight && nextOffset < end; i++) send();
    if (outstanding === 0) finish();
  });
}

export interface LatencyFigures {
  sent: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  ms: number;
  /** p99 event-loop delay of this (generator) process: when high, the generator itself adds latency. */
  generatorLoopDelayP99: number;
}

/**
 * A producer sending one-record batches at `rate` msgs/s (each 1 ms timer tick sends the records
 * that fell due, one request each) and a consumer long-polling the same partition. Each value
 * carries its send time; latency is the consumer's receipt time minus that. The first `warmupMs`
 * of records are not counted.
 */
export async function e2eLatency(producer: WireClient, consumer: WireClient, topic: string, rate: number, ms: number, warmupMs: number): Promise<LatencyFigures> {
  const latencies: number[] = [];
  let offset = await latestOffset(consumer, topic, 0);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const t0 = performance.now();
  let sent = 0;
  let produceError: Error | null = null;
  let producing = true;
  const value = Buffer.alloc(100);
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - t0 >= ms + warmupMs) {
      clearInterval(timer);
      producing = false;
      return;
    }
    const due = Math.floor(((now - t0) / 1000) * rate);
    while (sent < due) {
      const at = performance.now();
      value.writeDoubleBE(at, 0);
      const batch = encodeRecordBatch({ records: [{ value }], timestamp: Date.now() });
      sent++;
      produceOne(producer, topic, 0, batch).then(
        (res) => {
          if (res.errorCode !== 0) produceError ??= new Error(`produce error ${res.errorCode}`);
        },
        (err: Error) => {
          produceError ??= err;
        },
      );
    }
  }, 1);

  let received = 0;
  const quietUntil = (): boolean => producing || performance.now() - t0 < ms + warmupMs + 200;
  while (quietUntil() || received < sent) {
    if (produceError !== null) throw produceError as Error;
    const res = await fetchOne(consumer, { topic, partition: 0, offset, maxBytes: 1024 * 1024, partitionMaxBytes: 1024 * 1024, maxWaitMs: 500, minBytes: 1 });
    const at = performance.now();
    const p = res.responses[0]?.partitions[0];
    if (p === undefined || p.errorCode !== 0) throw new Error(`latency fetch error ${p?.errorCode ?? 'no partition'}`);
    if (p.records === null || p.records.length === 0) {
      if (!producing && performance.now() - t0 > ms + warmupMs + 2000) break;
      continue;
    }
    for (const b of decodeRecordBatches(p.records)) {
      for (const rec of b.records) {
        if (rec.offset < offset) continue;
        received++;
        if (rec.value === null) continue;
        const sentAt = rec.value.readDoubleBE(0);
        if (sentAt - t0 >= warmupMs) latencies.push(at - sentAt);
      }
    }
    offset = nextOffsetAfter(p.records, offset).next;
  }
  loopDelay.disable();
  latencies.sort((a, b) => a - b);
  const generatorLoopDelayP99 = loopDelay.percentile(99) / 1e6;
  return { sent, received, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? Number.NaN, ms, generatorLoopDelayP99 };
}

/** `lines` lines of `bytes` bytes each (plus newline), for kcat -l. */
export function writeLinesFile(file: string, lines: number, bytes: number): void {
  const line = Buffer.alloc(bytes + 1, 0x78);
  line[bytes] = 0x0a;
  const perChunk = 10_000;
  const chunk = Buffer.alloc(line.length * perChunk);
  for (let i = 0; i < perChunk; i++) line.copy(chunk, i * line.length);
  const fd = fs.openSync(file, 'w');
  try {
    for (let left = lines; left > 0; left -= perChunk) fs.writeSync(fd, chunk, 0, Math.min(left, perChunk) * line.length);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs a command to completion; resolves with its wall time and (sampled every 20 ms, so up to
 * that much short) its CPU time; rejects on a non-zero exit.
 */
export function runTimed(cmd: string, args: readonly string[]): Promise<{ ms: number; cpuMs: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let cpuMs = 0;
    const sample = setInterval(() => {
      try {
        if (child.pid !== undefined) cpuMs = readCpuMs(child.pid);
      } catch {
        // exited between the check and the read
      }
    }, 20);
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (err) => {
      clearInterval(sample);
      reject(err);
    });
    child.on('exit', (code) => {
      clearInterval(sample);
      const ms = performance.now() - t0;
      if (code === 0) resolve({ ms, cpuMs, stderr });
      else reject(new Error(`${cmd} exited with ${code}: ${stderr.trim()}`));
    });
  });
}
