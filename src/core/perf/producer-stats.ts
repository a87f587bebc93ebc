// Kafka's ProducerPerformance.Stats: per-record latencies (sampled to at most 500k), a window line
// every reporting interval and the total line with percentiles, formatted as Java formats them.
import { javaFixed } from './java-format.js';

export class ProducerStats {
  private readonly start: number;
  private readonly latencies: Int32Array;
  private readonly sampling: number;
  private readonly reportingIntervalMs: number;
  private readonly steadyState: boolean;
  private readonly print: (line: string) => void;
  private iteration = 0;
  private index = 0;
  count = 0;
  bytes = 0;
  maxLatency = 0;
  totalLatency = 0;
  private windowCount = 0;
  private windowMaxLatency = 0;
  private windowTotalLatency = 0;
  private windowBytes = 0;
  private windowStart: number;
  private suppressed = false;

  constructor(numRecords: number, reportingIntervalMs: number, steadyState: boolean, print: (line: string) => void, now = Date.now()) {
    this.start = now;
    this.windowStart = now;
    this.sampling = Math.floor(numRecords / Math.min(numRecords, 500_000));
    this.latencies = new Int32Array(Math.floor(numRecords / this.sampling) + 1);
    this.reportingIntervalMs = reportingIntervalMs;
    this.steadyState = steadyState;
    this.print = print;
  }

  record(latency: number, bytes: number, time: number): void {
    this.count++;
    this.bytes += bytes;
    this.totalLatency += latency;
    if (latency > this.maxLatency) this.maxLatency = latency;
    this.windowCount++;
    this.windowBytes += bytes;
    this.windowTotalLatency += latency;
    if (latency > this.windowMaxLatency) this.windowMaxLatency = latency;
    if (this.iteration % this.sampling === 0 && this.index < this.latencies.length) this.latencies[this.index++] = latency;
    if (time - this.windowStart >= this.reportingIntervalMs) {
      if (this.steadyState && this.count === this.windowCount) this.print('In steady state.');
      if (!this.suppressed) this.printWindow();
      this.newWindow();
    }
    this.iteration++;
  }

  suppressPrinting(): void {
    this.suppressed = true;
  }

  private printWindow(): void {
    const elapsed = Date.now() - this.windowStart;
    const recsPerSec = (1000 * this.windowCount) / elapsed;
    const mbPerSec = (1000 * this.windowBytes) / elapsed / (1024 * 1024);
    this.print(
      `${this.windowCount} records sent, ${javaFixed(recsPerSec, 1)} records/sec (${javaFixed(mbPerSec, 2)} MB/sec), ` +
        `${javaFixed(this.windowTotalLatency / this.windowCount, 1)} ms avg latency, ${javaFixed(this.windowMaxLatency, 1)} ms max latency.`,
    );
  }

  private newWindow(): void {
    this.windowStart = Date.now();
    this.windowCount = 0;
    this.windowMaxLatency = 0;
    this.windowTotalLatency = 0;
    this.windowBytes = 0;
  }

  /** The figures of the total line (for -o json and the benchmark). */
  summary(now = Date.now()): ProducerSummary {
    const elapsed = now - this.start;
    const size = Math.min(this.index, this.latencies.length);
    const sorted = this.latencies.slice(0, size).sort();
    const at = (p: number): number => sorted[Math.floor(p * size)] ?? 0;
    return {
      records: this.count,
      steadyState: this.steadyState,
      recordsPerSec: (1000 * this.count) / elapsed,
      mbPerSec: (1000 * this.bytes) / elapsed / (1024 * 1024),
      avgLatencyMs: this.totalLatency / this.count,
      maxLatencyMs: this.maxLatency,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      p999: at(0.999),
    };
  }
}

export interface ProducerSummary {
  records: number;
  steadyState: boolean;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

/** Kafka's total line: `N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, P ms 50th, ...`. */
export function totalLine(s: ProducerSummary): string {
  return (
    `${s.records}${s.steadyState ? ' steady state' : ''} records sent, ${javaFixed(s.recordsPerSec)} records/sec (${javaFixed(s.mbPerSec, 2)} MB/sec), ` +
    `${javaFixed(s.avgLatencyMs, 2)} ms avg latency, ${javaFixed(s.maxLatencyMs, 2)} ms max latency, ` +
    `${s.p50} ms 50th, ${s.p95} ms 95th, ${s.p99} ms 99th, ${s.p999} ms 99.9th.`
  );
}
