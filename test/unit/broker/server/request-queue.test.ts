import { describe, expect, it } from 'vitest';
import { RequestQueue } from '../../../../src/broker/server/request-queue.js';

describe('RequestQueue (queued.max.requests)', () => {
  it('is full at the cap and wakes one waiting connection per free place, oldest first', () => {
    let cap = 3;
    const q = new RequestQueue(() => cap);
    const woken: string[] = [];
    const waiter = (name: string) => ({ roomInQueue: () => woken.push(name) });
    q.add(2);
    expect(q.full).toBe(false);
    q.add(2);
    expect(q.full).toBe(true);
    const [a, b, c] = [waiter('a'), waiter('b'), waiter('c')];
    q.waitForRoom(a);
    q.waitForRoom(b);
    q.waitForRoom(c);
    q.remove(1); // 3 of 3: still full
    expect(woken).toEqual([]);
    q.remove(1); // 2 of 3: one place
    expect(woken).toEqual(['a']);
    q.forget(b); // closed while waiting
    cap = 10; // a config change is seen at the next check
    q.remove(1);
    expect(woken).toEqual(['a', 'c']);
    expect(q.size).toBe(1);
  });

  it('wakes every waiter once empty, so a woken connection that sends nothing strands no other', () => {
    const q = new RequestQueue(() => 1);
    const woken: number[] = [];
    q.add(1);
    for (let i = 0; i < 3; i++) q.waitForRoom({ roomInQueue: () => woken.push(i) });
    q.remove(1);
    expect(woken).toEqual([0, 1, 2]);
    expect(q.size).toBe(0);
  });
});
