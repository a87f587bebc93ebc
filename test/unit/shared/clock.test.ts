import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../../src/shared/clock.js';

describe('ManualClock', () => {
  it('fires due timers in due order with now() at each due time, and skips cleared ones', () => {
    const clock = new ManualClock(1000);
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 50);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 10);
    const c = clock.setTimeout(() => fired.push(['c', clock.now()]), 20);
    clock.setTimeout(() => fired.push(['a2', clock.now()]), 10);
    clock.clearTimeout(c);
    clock.advance(49);
    expect(fired).toEqual([
      ['a', 1010],
      ['a2', 1010],
    ]);
    expect(clock.now()).toBe(1049);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1);
    expect(fired.at(-1)).toEqual(['b', 1050]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs timers scheduled by callbacks within the same advance when they fall due', () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now());
      if (seen.length < 5) clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.advance(350);
    expect(seen).toEqual([100, 200, 300]);
    clock.setTime(1000);
    expect(seen).toEqual([100, 200, 300, 400, 500]);
    expect(clock.now()).toBe(1000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('reports wall time and runs and cancels real timers', async () => {
    // now() is Date.now(), read between two Date.now() calls (no bound on how long that takes).
    const before = Date.now();
    const now = systemClock.now();
    const after = Date.now();
    expect(now >= before && now <= after, `${before} <= ${now} <= ${after}`).toBe(true);
    let ran = false;
    const t = systemClock.setTimeout(() => {
      ran = true;
    }, 1);
    systemClock.clearTimeout(t);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
    expect(ran).toBe(false);
  });
});
