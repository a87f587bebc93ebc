// kafka-producer-perf-test (ProducerPerformance): sends N records as fast as allowed (Kafka's
// ThroughputThrottler), timing each from send to acknowledgement, and prints Kafka's window and
// total lines. Values for --record-size are slices of one pool of random capital letters (Kafka
// fills one array with fresh letters per record), so making a record costs no copy.
import type { ProduceFailure, ProduceRecord } from '../../client/native/producer.js';
import { ProducerStats, totalLine, type ProducerSummary } from './producer-stats.js';
import { SeededRandom } from './random.js';
import { ThroughputThrottler } from './throttler.js';

export type PayloadSource = { kind: 'size'; size: number } | { kind: 'list'; payloads: readonly Buffer[] } | { kind: 'monotonic' };
export type KeyDistribution = 'none' | 'range' | 'random';

export interface ProducerPerfOptions {
  numRecords: number;
  /** records/s; negative: unthrottled. */
  throughput: number;
  warmupRecords: number;
  reportingIntervalMs: number;
  payload: PayloadSource;
  keyDistribution: KeyDistribution;
  keyRange: number;
  randomSeed: number;
  /** Resolves to stop sending early (Ctrl-C); what was sent is still awaited and reported. */
  interrupted?: Promise<void> | undefined;
  /**
   * Transactions (Kafka's --transaction-duration-ms): a transaction begins before the first record
   * and is committed once a record is sent this many ms after it began, and at the end.
   */
  transactionDurationMs?: number | undefined;
}

/** What the loop needs from a producer (NativeProducer). */
export interface PerfProducer {
  send(record: ProduceRecord, tag: number): boolean;
  waitForCapacity(): Promise<void>;
  flush(): Promise<void>;
  /** Needed with transactionDurationMs (after initTransactions). */
  beginTransaction?(): void;
  commitTransaction?(): Promise<void>;
}

export interface PerfHooks {
  onSuccess: (partition: number, baseOffset: bigint, tags: readonly number[]) => void;
  onFailure: (f: ProduceFailure) => void;
}

export interface ProducerPerfResult {
  total: ProducerSummary;
  steady: ProducerSummary | null;
  sent: number;
  failed: number;
  firstError: Error | null;
}

const POOL_SIZE = 1 << 20;
const RING = 1 << 22;
/** Records sent between yields to the event loop (so requests go out and answers come in). */
const YIELD_EVERY = 512;

function letterPool(random: SeededRandom, size: number): Buffer {
  const pool = Buffer.allocUnsafe(POOL_SIZE + size);
  for (let i = 0; i < pool.length; i++) pool[i] = 65 + random.nextInt(26);
  return pool;
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runProducerPerf(open: (hooks: PerfHooks) => Promise<PerfProducer>, opts: ProducerPerfOptions, print: (line: string) => void): Promise<ProducerPerfResult> {
  const n = opts.numRecords;
  const random = new SeededRandom(opts.randomSeed);
  const ringSize = Math.min(RING, n);
  const sendTimes = new Float64Array(ringSize);
  const sizes = opts.payload.kind === 'size' ? null : new Int32Array(ringSize);
  const fixedSize = opts.payload.kind === 'size' ? opts.payload.size : 0;
  let stats: ProducerStats | null = null;
  let steady: ProducerStats | null = null;
  let failed = 0;
  let firstError: Error | null = null;
  const warmup = opts.warmupRecords;

  const hooks: PerfHooks = {
    onSuccess: (_partition, _base, tags) => {
      const now = Date.now();
      const s = stats as ProducerStats;
      for (const tag of tags) {
        const slot = tag % ringSize;
        const latency = now - (sendTimes[slot] as number);
        const bytes = sizes === null ? fixedSize : (sizes[slot] as number);
        s.record(latency, bytes, now);
        if (steady !== null && tag >= warmup) steady.record(latency, bytes, now);
      }
    },
    onFailure: (f) => {
      failed += f.tags.length;
      firstError ??= f.error;
    },
  };
  const producer = await open(hooks);

  if (warmup > 0) print(`Warmup first ${warmup} records. Steady state results will print after the complete test summary.`);
  stats = new ProducerStats(n, opts.reportingIntervalMs, false, print);
  const throttler = new ThroughputThrottler(opts.throughput, Date.now());
  let stop = false;
  void opts.interrupted?.then(() => {
    stop = true;
    throttler.wakeup();
  });

  const payload = opts.payload;
  const pool = payload.kind === 'size' ? letterPool(random, payload.size) : null;
  const rangeKeys = opts.keyDistribution === 'range' && opts.keyRange <= 65_536 ? Array.from({ length: opts.keyRange }, (_, i) => Buffer.from(String(i))) : null;
  let sent = 0;
  const txnMs = opts.transactionDurationMs;
  let txnSize = 0;
  let txnStart = 0;
  for (let i = 0; i < n && !stop; i++) {
    let value: Buffer;
    if (pool !== null) {
      const off = random.nextInt(POOL_SIZE);
      value = pool.subarray(off, off + fixedSize);
    } else if (payload.kind === 'list') {
      value = payload.payloads[random.nextInt(payload.payloads.length)] as Buffer;
    } else {
      value = Buffer.from(String(i));
    }
    let key: Buffer | null = null;
    if (opts.keyDistribution === 'range') key = rangeKeys !== null ? (rangeKeys[i % opts.keyRange] as Buffer) : Buffer.from(String(i % opts.keyRange));
    else if (opts.keyDistribution === 'random') key = Buffer.from(String(random.nextInt(opts.keyRange)));
    if (txnMs !== undefined && txnSize === 0) {
      (producer.beginTransaction as () => void).call(producer);
      txnStart = Date.now();
    }
    const sendStartMs = Date.now();
    if (warmup > 0 && i === warmup) {
      steady = new ProducerStats(n - warmup, opts.reportingIntervalMs, true, print);
      stats.suppressPrinting();
    }
    const slot = i % ringSize;
    sendTimes[slot] = sendStartMs;
    if (sizes !== null) sizes[slot] = value.length;
    const room = producer.send({ key, value }, i);
    sent++;
    txnSize++;
    if (txnMs !== undefined && txnMs <= sendStartMs - txnStart) {
      await (producer.commitTransaction as () => Promise<void>).call(producer);
      txnSize = 0;
    } else if (!room) await producer.waitForCapacity();
    else if ((i & (YIELD_EVERY - 1)) === YIELD_EVERY - 1) await yieldNow();
    if (throttler.shouldThrottle(i, sendStartMs)) await throttler.throttle();
  }
  if (txnMs !== undefined && txnSize !== 0) await (producer.commitTransaction as () => Promise<void>).call(producer);
  await producer.flush();
  const total = stats.summary();
  print(totalLine(total));
  let steadySummary: ProducerSummary | null = null;
  if (steady !== null) {
    steadySummary = (steady).summary();
    print(totalLine(steadySummary));
  }
  return { total, steady: steadySummary, sent, failed, firstError };
}

/** Kafka's ToolsUtils.printMetrics layout over the figures our producer keeps. */
export function metricsLines(metrics: ReadonlyArray<readonly [string, number]>): string[] {
  const sorted = [...metrics].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max('Metric Name'.length, ...sorted.map(([name]) => name.length));
  return ['', `${'Metric Name'.padEnd(width)}   Value`, ...sorted.map(([name, v]) => `${name.padEnd(width)} : ${v.toFixed(3)}`)];
}
