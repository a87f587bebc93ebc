import dns from 'node:dns/promises';
import net from 'node:net';
import type { BrokerConfig } from '../config.js';

const INT_MAX = 2_147_483_647;

/** An accepted socket waiting for a connection slot. */
interface Waiting {
  readonly socket: net.Socket;
  readonly ip: string;
  readonly start: () => void;
}

/**
 * Kafka's ConnectionQuotas for one broker. `max.connections` (and a listener's
 * `listener.name.<l>.max.connections`): at the limit a listener's acceptor blocks until a connection
 * closes; here the accepted socket is left unread in a first-come queue, at most
 * `socket.listen.backlog.size` of them per listener (beyond that the kernel's backlog would have
 * refused the connection: it is closed). `max.connections.per.ip` (or the address's entry in
 * `max.connections.per.ip.overrides`): a connection over its address's limit is closed at once,
 * checked when it gets its slot, as Kafka checks it after the wait.
 */
export class ConnectionQuotas {
  private readonly config: BrokerConfig;
  private readonly log: (line: string) => void;
  private readonly perIp = new Map<string, number>();
  private readonly perListener = new Map<string, number>();
  private readonly waiting = new Map<string, Waiting[]>();
  /** Overrides given as host names, resolved to addresses (InetAddress.getByName in Kafka). */
  private resolved = new Map<string, number>();
  private total = 0;

  constructor(config: BrokerConfig, log: (line: string) => void) {
    this.config = config;
    this.log = log;
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

  /** A new socket on `listener`: `start` runs once it has a slot and its address is under its limit. */
  accept(listener: string, socket: net.Socket, ip: string, start: () => void): void {
    const queue = this.waiting.get(listener) ?? [];
    if (queue.length === 0 && this.slotAvailable(listener)) {
      this.admit(listener, { socket, ip, start });
      return;
    }
    // Reset or closed while waiting: it just leaves the queue.
    socket.on('error', () => undefined);
    if (queue.length >= this.config.socketListenBacklogSize) {
      this.log(`Refused connection from ${ip} on listener ${listener}: ${this.total} connections open (max.connections) and ${queue.length} already waiting`);
      socket.destroy();
      return;
    }
    const w: Waiting = { socket, ip, start };
    queue.push(w);
    this.waiting.set(listener, queue);
    socket.once('close', () => {
      const i = queue.indexOf(w);
      if (i >= 0) queue.splice(i, 1);
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

  /** Shutdown: sockets still waiting for a slot are closed. */
  dropWaiting(): void {
    for (const queue of this.waiting.values()) for (const w of queue.splice(0)) w.socket.destroy();
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
    for (const [listener, queue] of this.waiting) {
      while (queue.length > 0 && this.slotAvailable(listener)) {
        const w = queue.shift() as Waiting;
        if (!w.socket.destroyed) this.admit(listener, w);
      }
    }
  }

  private admit(listener: string, w: Waiting): void {
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
