import { ManualClock, type Clock, type Timer } from '../shared/clock.js';

/** A timer due at once: it runs on the next turn of the event loop. */
class ImmediateTimer implements Timer {
  readonly handle: NodeJS.Immediate;

  constructor(fn: () => void) {
    this.handle = setImmediate(fn);
  }

  unref(): this {
    this.handle.unref();
    return this;
  }
}

/**
 * The library's manual clock: time moves only on advance(), like ManualClock, but a timer set for 0
 * ms (or less) runs on the next event-loop turn, since it is due now. The broker defers work that
 * way (a new consumer group's join phase with group.initial.rebalance.delay.ms=0), and a test should
 * not have to advance the clock for something that needs no time to pass.
 */
export class TestClock implements Clock {
  private readonly manual: ManualClock;

  constructor(startMs: number) {
    this.manual = new ManualClock(startMs);
  }

  now(): number {
    return this.manual.now();
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return ms <= 0 ? new ImmediateTimer(fn) : this.manual.setTimeout(fn, ms);
  }

  clearTimeout(timer: Timer): void {
    if (timer instanceof ImmediateTimer) clearImmediate(timer.handle);
    else this.manual.clearTimeout(timer);
  }

  advance(ms: number): void {
    this.manual.advance(ms);
  }
}
