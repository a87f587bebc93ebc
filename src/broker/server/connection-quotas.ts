import dns from 'node:dns/promises';
import net from 'node:net';
import type { Clock, Timer } from '../../shared/clock.js';
import type { BrokerConfig } from '../config.js';
import { SAMPLES, WINDOW_MS } from '../quotas/manager.js';
import { SampledRate } from '../quotas/rate.js';
import { IP, type ClientQuotaStore } from '../quotas/store.js';

const INT_MAX = 2_147_483_647;
const CONNECTION_CREATION_RATE = 'connection_creation_rate';

/** An accepted socket waiting for a connection slot. */
interface Waiting {
  readonly socket: net.Socket;
  readonly ip: string;
  readonly start: () => void;
  /** Set once it is at the head of its queue and counted in the creation rates: when it may go in. */
  throttleEnd?: number;
}

/**
 * Records one connection into `rate` and gives Kafka's delay for it: none at or under `bound`,
 * else (rate − bound) / bound × the measured window, at most one quota window (QuotaUtils.boundedThrottleTime
 * with ConnectionQuotas' maxThrottleTimeMs). A bound of 0 throttles every connection a full window.
 */
function recordAndThrottle(rate: SampledRate, bound: number, now: number): number {
  rate.record(1, now);
  const measured = rate.measure(now);
  if (measured <= bound) return 0;
  return Math.min(Math.round(((measured - bound) / bound) * rate.windowSize(now)), WINDOW_MS);
}

/**
 * Kafka's ConnectionQuotas for one broker. `max.connections` (and a listener's
 * `listener.name.<l>.max.connections`): at the limit a listener's acceptor blocks until a connection
 * closes; here the accepted socket is left unread in a first-come queue, at most
 * `socket.listen.backlog.size` of them per listener (beyond that the kernel's backlog would have
 * refused the connection: it is closed). `max.connections.per.ip` (or the address's entry in
 * `max.connections.per.ip.overrides`): a connection over its address's limit is closed at once,
 * checked when it gets its slot, as Kafka checks it after the wait.
 *
 * Connection creation rates, measured as Kafka's sensors do (quota.window.num × quota.window.size.seconds,
 * quotas/rate.ts): `max.connection.creation.rate` (broker-wide) and `listener.name.<l>.max.connection.creation.rate`
 * throttle the acceptor: the connection at the head of the listener's queue, once counted, waits out
 * the longer of their delays and those behind it wait too (none is closed). An IP's
 * `connection_creation_rate` client quota (its own entity, else the default `ip` entity) is checked
 * after that: a connection over it is not counted, held unread for its delay, then closed.
 * Unconfigured, every bound is 2147483647 and nothing waits.
 */
export class ConnectionQuotas {
  private readonly config: BrokerConfig;
  private readonly log: (line: string) => void;
  private readonly perIp = new Map<string, number>();
  private readonly perListener = new Map<string, number>();
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly clock: Clock;
  private readonly quotaStore: ClientQuotaStore;
  private readonly brokerRate = new SampledRate(WINDOW_MS, SAMPLES);
  private readonly listenerRates = new Map<string, SampledRate>();
  private readonly ipRates = new Map<string, { rate: SampledRate; lastMs: number }>();
  /** Per listener: the timer that lets its throttled head in. */
  private readonly wakeTimers = new Map<string, Timer>();
  /** Connections over their IP's rate, held until their delay ends and then closed. */
  private readonly delayedClose = new Map<net.Socket, Timer>();
  /** Overrides given as host names, resolved to addresses (InetAddress.getByName in Kafka). */
  private resolved = new Map<string, number>();
  private total = 0;

  constructor(config: BrokerConfig, log: (line: string) => void, clock: Clock, quotaStore: ClientQuotaStore) {
    this.config = config;
    this.log = log;
    this.clock = clock;
    this.quotaStore = quotaStore;
  }

  /** Connections open now (admitted, not closed). */
  get count(): number {
    return this.total;
  }

  /** Sockets waiting for a slot, on every listener. */
  get waitingCount(): number {
    let n = 0;
    for (const q of this.waiting.values()) n += q.length;
    return n;
  }

  connectionsFrom(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }

  /** A new socket on `listener`: `start` runs once it has a slot and its address is under its limits. */
  accept(listener: string, socket: net.Socket, ip: string, start: () => void): void {
    let queue = this.waiting.get(listener);
    if (queue === undefined) {
      queue = [];
      this.waiting.set(listener, queue);
    }
    if (queue.length >= this.config.socketListenBacklogSize) {
      socket.on('error', () => undefined);
      this.log(`Refused connection from ${ip} on listener ${listener}: ${this.total} connections open (max.connections) and ${queue.length} already waiting`);
      socket.destroy();
      return;
    }
    const w: Waiting = { socket, ip, start };
    queue.push(w);
    this.pump(listener);
    if (!queue.includes(w)) return;
    // Reset or closed while waiting: it just leaves the queue.
    socket.on('error', () => undefined);
    const q = queue;
    socket.once('close', () => {
      const i = q.indexOf(w);
      if (i >= 0) q.splice(i, 1);
    });
  }

  /** A connection admitted by `accept` closed: its slot goes to the oldest waiting socket. */
  release(listener: string, ip: string): void {
    const n = this.perIp.get(ip) ?? 0;
    if (n <= 1) this.perIp.delete(ip);
    else this.perIp.set(ip, n - 1);
    this.perListener.set(listener, (this.perListener.get(listener) ?? 1) - 1);
    this.total--;
    this.admitWaiting();
  }

  /** After a config change: resolves named overrides again and lets waiting sockets in if now allowed. */
  async reconfigure(): Promise<void> {
    const names = [...this.config.maxConnectionsPerIpOverrides].filter(([host]) => net.isIP(host) === 0);
    const resolved = new Map<string, number>();
    for (const [host, limit] of names) {
      try {
        for (const a of await dns.lookup(host, { all: true })) resolved.set(a.address, limit);
      } catch (err) {
        this.log(`max.connections.per.ip.overrides: cannot resolve ${host}: ${(err as Error).message}`);
      }
    }
    this.resolved = resolved;
    this.admitWaiting();
  }

  /** Shutdown: sockets still waiting for a slot, or held before their close, are closed. */
  dropWaiting(): void {
    for (const t of this.wakeTimers.values()) this.clock.clearTimeout(t);
    this.wakeTimers.clear();
    for (const queue of this.waiting.values()) for (const w of queue.splice(0)) w.socket.destroy();
    for (const [socket, t] of this.delayedClose) {
      this.clock.clearTimeout(t);
      socket.destroy();
    }
    this.delayedClose.clear();
  }

  /** The limit for connections from `ip`. */
  limitFor(ip: string): number {
    return this.config.maxConnectionsPerIpOverrides.get(ip) ?? this.resolved.get(ip) ?? this.config.maxConnectionsPerIp;
  }

  private listenerMax(listener: string): number {
    const v = this.config.raw[`listener.name.${listener.toLowerCase()}.max.connections`];
    const n = v === undefined ? NaN : Number(v);
    return Number.isSafeInteger(n) && n >= 0 ? n : INT_MAX;
  }

  private slotAvailable(listener: string): boolean {
    return (this.perListener.get(listener) ?? 0) < this.listenerMax(listener) && this.total < this.config.maxConnections;
  }

  private admitWaiting(): void {
    for (const listener of this.waiting.keys()) this.pump(listener);
  }

  /** Kafka's Acceptor loop for one listener: its oldest socket is counted, waits out its delay and for a slot, then goes in. */
  private pump(listener: string): void {
    const queue = this.waiting.get(listener);
    if (queue === undefined || this.wakeTimers.has(listener)) return;
    while (queue.length > 0) {
      const w = queue[0] as Waiting;
      if (w.socket.destroyed) {
        queue.shift();
        continue;
      }
      const now = this.clock.now();
      w.throttleEnd ??= now + this.recordConnection(listener, now);
      if (now < w.throttleEnd) {
        const timer = this.clock.setTimeout(() => {
          this.wakeTimers.delete(listener);
          this.pump(listener);
        }, w.throttleEnd - now);
        timer.unref();
        this.wakeTimers.set(listener, timer);
        return;
      }
      if (!this.slotAvailable(listener)) return;
      queue.shift();
      this.admit(listener, w);
    }
  }

  /** ConnectionQuotas.recordConnectionAndGetThrottleTimeMs: the longer of the broker's and the listener's delays. */
  private recordConnection(listener: string, now: number): number {
    const brokerDelay = recordAndThrottle(this.brokerRate, this.config.maxConnectionCreationRate, now);
    return Math.max(brokerDelay, recordAndThrottle(this.listenerRate(listener), this.listenerRateBound(listener), now));
  }

  private listenerRate(listener: string): SampledRate {
    let rate = this.listenerRates.get(listener);
    if (rate === undefined) {
      rate = new SampledRate(WINDOW_MS, SAMPLES);
      this.listenerRates.set(listener, rate);
    }
    return rate;
  }

  private listenerRateBound(listener: string): number {
    const v = this.config.raw[`listener.name.${listener.toLowerCase()}.max.connection.creation.rate`];
    const n = v === undefined ? NaN : Number(v);
    return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, INT_MAX) : INT_MAX;
  }

  /** The `connection_creation_rate` quota of `ip`: its own entity's, else the default ip entity's. */
  private ipRateBound(ip: string): number {
    if (this.quotaStore.size === 0) return INT_MAX;
    const own = this.quotaStore.get(new Map([[IP, ip]]))?.get(CONNECTION_CREATION_RATE);
    return own ?? this.quotaStore.get(new Map([[IP, null]]))?.get(CONNECTION_CREATION_RATE) ?? INT_MAX;
  }

  /**
   * ConnectionQuotas.recordIpConnectionMaybeThrottle: the delay of a connection over its IP's rate;
   * such a connection is taken back out of every rate it was counted in (it is not accepted).
   */
  private ipThrottle(listener: string, ip: string): number {
    const bound = this.ipRateBound(ip);
    if (bound === INT_MAX) return 0;
    const now = this.clock.now();
    let s = this.ipRates.get(ip);
    if (s === undefined) {
      // Sensors of addresses quiet for a whole window measure nothing: dropping them changes no rate.
      if (this.ipRates.size >= 1024) for (const [k, v] of this.ipRates) if (now - v.lastMs >= SAMPLES * WINDOW_MS) this.ipRates.delete(k);
      s = { rate: new SampledRate(WINDOW_MS, SAMPLES), lastMs: now };
      this.ipRates.set(ip, s);
    }
    s.lastMs = now;
    const delay = recordAndThrottle(s.rate, bound, now);
    if (delay > 0) {
      s.rate.record(-1, now);
      this.brokerRate.record(-1, now);
      this.listenerRate(listener).record(-1, now);
    }
    return delay;
  }

  private admit(listener: string, w: Waiting): void {
    const delay = this.ipThrottle(listener, w.ip);
    if (delay > 0) {
      // Kafka's Acceptor: ConnectionThrottledException, the socket closed once the delay is over.
      this.log(`Throttling connection from ${w.ip} for ${delay} ms: over its connection_creation_rate of ${this.ipRateBound(w.ip)} per second; it is closed then`);
      const socket = w.socket;
      socket.on('error', () => undefined);
      const timer = this.clock.setTimeout(() => {
        this.delayedClose.delete(socket);
        socket.destroy();
      }, delay);
      timer.unref();
      this.delayedClose.set(socket, timer);
      socket.once('close', () => {
        if (this.delayedClose.delete(socket)) this.clock.clearTimeout(timer);
      });
      return;
    }
    const limit = this.limitFor(w.ip);
    const n = this.perIp.get(w.ip) ?? 0;
    if (n >= limit) {
      // Kafka's Acceptor: TooManyConnectionsException, logged at INFO with this text.
      this.log(`Rejected connection from ${w.ip}, address already has the configured maximum of ${limit} connections.`);
      w.socket.on('error', () => undefined);
      w.socket.destroy();
      return;
    }
    this.perIp.set(w.ip, n + 1);
    this.perListener.set(listener, (this.perListener.get(listener) ?? 0) + 1);
    this.total++;
    w.start();
  }
}
