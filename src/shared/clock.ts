// Time source for everything that schedules or timestamps: production code takes a Clock so tests can
// drive timeouts, retention and rolls deterministically with ManualClock instead of sleeping.

/** Opaque timer handle. `unref()` lets the process exit while the timer is pending (no-op on ManualClock). */
export interface Timer {
  unref(): unknown;
}

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(timer: Timer): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (timer) => {
    globalThis.clearTimeout(timer as NodeJS.Timeout);
  },
};

class ManualTimer implements Timer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled = false;

  constructor(due: number, seq: number, fn: () => void) {
    this.due = due;
    this.seq = seq;
    this.fn = fn;
  }

  unref(): this {
    return this;
  }
}

/**
 * Clock that only moves when told to. `advance(ms)` fires every timer that falls due, in due-time order
 * (ties in scheduling order), with `now()` set to each timer's due time while it runs; timers scheduled
 * by a callback fire in the same advance when they fall due before its end.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const timer = new ManualTimer(this.current + Math.max(0, ms), this.seq++, fn);
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(timer: Timer): void {
    if (!(timer instanceof ManualTimer)) return;
    timer.cancelled = true;
    this.timers = this.timers.filter((t) => t !== timer);
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('ManualClock cannot go backwards');
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.due);
      next.fn();
    }
    this.current = target;
  }

  /** Jumps to an absolute time (never backwards), firing due timers like advance(). */
  setTime(ms: number): void {
    this.advance(Math.max(0, ms - this.current));
  }

  private nextDue(target: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) {
      if (t.due > target || t.cancelled) continue;
      if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
