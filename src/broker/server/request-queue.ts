/**
 * Kafka's `queued.max.requests`: the broker-wide number of requests read off sockets and waiting to
 * be handled. Kafka's network threads block on a full request channel, so no connection is read
 * until a handler takes a request; here a connection whose read finds the queue full stops reading
 * and waits in line (oldest first, so no connection starves), and the requests it already read are
 * still handled in turn. A request leaves the queue when its handler starts: a Fetch or JoinGroup
 * parked in a handler waits outside it, as Kafka's purgatory does.
 */
export interface QueueWaiter {
  roomInQueue(): void;
}

export class RequestQueue {
  private count = 0;
  private readonly waiters: QueueWaiter[] = [];
  private readonly cap: () => number;

  /** `cap` is read at every check, so a changed config takes effect at once. */
  constructor(cap: () => number) {
    this.cap = cap;
  }

  /** Requests read and not yet handed to a handler. */
  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.cap();
  }

  add(n: number): void {
    this.count += n;
  }

  remove(n: number): void {
    if (n <= 0) return;
    this.count -= n;
    // One waiter per free place: each reads at most one more chunk before it checks again. An
    // empty queue wakes every waiter, so one that was woken and sent nothing strands no other.
    let room = this.count <= 0 ? this.waiters.length : this.cap() - this.count;
    while (room-- > 0 && this.waiters.length > 0) (this.waiters.shift() as QueueWaiter).roomInQueue();
  }

  waitForRoom(w: QueueWaiter): void {
    this.waiters.push(w);
  }

  /** A closed connection leaves the line. */
  forget(w: QueueWaiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
