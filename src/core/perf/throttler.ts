// Kafka's ThroughputThrottler (server-common): throttle to about N operations per second by
// sleeping off a deficit of 1/N s per operation whenever the average so far is above target.

const NS_PER_MS = 1_000_000;
const MIN_SLEEP_NS = 2 * NS_PER_MS;

export class ThroughputThrottler {
  private readonly target: number;
  private readonly startMs: number;
  private readonly sleepTimeNs: number;
  private sleepDeficitNs = 0;
  private woken = false;
  private wake: (() => void) | null = null;

  /** `target` < 0 never throttles; 0 blocks until `wakeup()`. */
  constructor(target: number, startMs: number) {
    this.target = target;
    this.startMs = startMs;
    this.sleepTimeNs = target > 0 ? 1e9 / target : Number.MAX_SAFE_INTEGER;
  }

  /** Whether `amountSoFar` operations by `sendStartMs` are ahead of the target rate. */
  shouldThrottle(amountSoFar: number, sendStartMs: number): boolean {
    if (this.target < 0) return false;
    // Kafka skips the check while no millisecond has passed; our sends are fast enough to push a
    // whole run through that first millisecond, so it counts as one.
    const elapsedSec = Math.max(1, sendStartMs - this.startMs) / 1000;
    return amountSoFar / elapsedSec > this.target;
  }

  /** Sleeps once the accumulated deficit reaches 2 ms (shorter sleeps are too imprecise). */
  async throttle(): Promise<void> {
    if (this.target === 0) {
      if (!this.woken) await new Promise<void>((resolve) => (this.wake = resolve));
      return;
    }
    this.sleepDeficitNs += this.sleepTimeNs;
    if (this.sleepDeficitNs < MIN_SLEEP_NS) return;
    const ms = this.sleepDeficitNs / NS_PER_MS;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
    this.sleepDeficitNs = 0;
  }

  wakeup(): void {
    this.woken = true;
    this.wake?.();
  }
}
