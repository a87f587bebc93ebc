// Kafka's metrics Rate over a SampledStat, as the client quota sensors use it: `samples` windows of
// `windowMs` each; a window starts at the first event recorded after the previous one ended, windows
// older than samples × windowMs are reset, and the rate divides the total by the elapsed time, which
// counts at least samples − 1 full windows (so one burst on an idle sensor does not look infinite).

interface Sample {
  start: number;
  value: number;
}

export class SampledRate {
  private readonly samples: Sample[] = [];
  private current = 0;
  readonly windowMs: number;
  readonly count: number;

  constructor(windowMs: number, count: number) {
    this.windowMs = windowMs;
    this.count = count;
  }

  record(value: number, now: number): void {
    let s = this.samples[this.current];
    if (s === undefined || now >= s.start + this.windowMs) {
      this.current = s === undefined ? 0 : (this.current + 1) % this.count;
      s = this.samples[this.current];
      if (s === undefined) {
        s = { start: now, value: 0 };
        this.samples[this.current] = s;
      } else {
        s.start = now;
        s.value = 0;
      }
    }
    s.value += value;
  }

  private purge(now: number): void {
    const expireAge = this.count * this.windowMs;
    for (const s of this.samples) {
      if (now - s.start >= expireAge) {
        s.start = now;
        s.value = 0;
      }
    }
  }

  /** Rate.windowSize: time since the oldest window began, at least samples − 1 full windows. */
  windowSize(now: number): number {
    this.purge(now);
    let oldest = now;
    for (const s of this.samples) if (s.start < oldest) oldest = s.start;
    let elapsed = now - oldest;
    const fullWindows = Math.floor(elapsed / this.windowMs);
    const minFull = this.count - 1;
    if (fullWindows < minFull) elapsed += (minFull - fullWindows) * this.windowMs;
    return elapsed;
  }

  /** Units per second. */
  measure(now: number): number {
    const size = this.windowSize(now);
    let total = 0;
    for (const s of this.samples) total += s.value;
    return total / (size / 1000);
  }
}
