// The public library API (`import { startBroker } from 'tkafka'`): the same broker the CLI runs,
// started in the caller's process for tests. It adds what a test suite needs around
// server/broker.ts: a free port, an ephemeral data dir removed on stop, a manual clock, restart on the
// same port (clean or as after kill -9), and config values given as numbers and booleans.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../shared/clock.js';
import { TestClock } from './clock.js';
import { TkafkaError } from '../shared/errors.js';
import type { FaultInjector } from '../broker/faults/injector.js';
import { startBroker as startServer, type RunningBroker } from '../broker/server/broker.js';
import { registerServer } from './internals.js';

export type { Clock } from '../shared/clock.js';
export type { FaultInjector, FaultRecord, FaultSpec } from '../broker/faults/injector.js';

export interface StartBrokerOptions {
  /** TCP port; 0 (the default) picks a free one. A restart keeps the port first bound. */
  port?: number;
  /** Address to bind and advertise (default 127.0.0.1; a 127.0.0.1 broker also listens on ::1). */
  host?: string;
  /**
   * Data directory, kept on stop. Without one the broker uses a private (0700) temporary directory
   * that stop() removes.
   */
  dataDir?: string;
  /** Broker configs by their Kafka names, e.g. `{ 'num.partitions': 3, 'auto.create.topics.enable': false }`. */
  config?: Record<string, string | number | boolean>;
  /**
   * The broker's time. 'system' (default) is the real clock. 'manual' starts at the current time
   * and moves only on `broker.clock.advance(ms)`: session and rebalance timeouts, transaction
   * timeouts, retention, idle connections and LogAppendTime stamps follow it (work the broker defers
   * by 0 ms runs at once). Fetch long-poll waits
   * (max.wait.ms) stay on real time, since clients time them on their own clocks. A Clock object is
   * used as is (server-side timers on it, including Fetch waits).
   */
  clock?: 'system' | 'manual' | Clock;
  /** Where the broker's log lines go: kept in `broker.logs` (default), also `'stderr'`, or a function. */
  log?: 'memory' | 'stderr' | ((line: string) => void);
}

/** The broker's time, as `broker.clock`. */
export interface BrokerClock {
  /** The broker's current time in epoch milliseconds. */
  now(): number;
  /**
   * Moves a manual clock forward, firing every broker timer that falls due (in due order) before it
   * returns. Throws on a broker started without `clock: 'manual'`.
   */
  advance(ms: number): void;
}

export interface EmbeddedBroker {
  /** `host:port`, for a client's bootstrap servers. */
  readonly bootstrap: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Whether dataDir is the temporary one stop() removes. */
  readonly ephemeral: boolean;
  readonly clock: BrokerClock;
  /** The broker's log lines (the last 2000) when `log` is 'memory' (the default). */
  readonly logs: readonly string[];
  /** Whether the broker is up (false after stop(), and during a restart). */
  readonly running: boolean;
  /**
   * Fault injection on the running broker (README "Fault injection"): inject(), clear(), moveLeader(),
   * rebalance(), expireTransaction(), fillDisk()... A restart starts with none armed.
   */
  readonly faults: FaultInjector;
  /** The fault injection HTTP endpoint (`http://host:port/faults`) when config fault.injection.port is set, else null. */
  readonly faultsUrl: string | null;
  /**
   * Stops the broker: in-flight requests are answered (up to 5 s), connections closed, files synced
   * (not an ephemeral data dir's, which is removed) and closed. Leaves no timer, socket or file open. Idempotent.
   */
  stop(): Promise<void>;
  /**
   * Stops and starts the broker again on the same host, port and data dir, with the same clock.
   * `crash: true` stops it as `kill -9` would (see RunningBroker.crash): connections cut with
   * requests unanswered, nothing written on the way down, so the start recovers as after a crash.
   */
  restart(opts?: { crash?: boolean }): Promise<void>;
}

const LOG_LINES = 2000;

function configStrings(config: Record<string, string | number | boolean> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config ?? {})) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new TkafkaError('BAD_CONFIG', `invalid broker config: ${k} must be a string, number or boolean (got ${v === null ? 'null' : typeof v})`);
    }
    out[k] = String(v);
  }
  return out;
}

/**
 * Starts a broker in this process and resolves once it accepts connections. The defaults suit tests:
 * a free port on 127.0.0.1, a temporary data dir, group.initial.rebalance.delay.ms=0 (a consumer
 * group forms as soon as its members join).
 */
export async function startBroker(opts: StartBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1';
  let port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TkafkaError('BAD_CONFIG', `port must be an integer from 0 to 65535 (got ${String(opts.port)})`);
  const config = { 'group.initial.rebalance.delay.ms': '0', ...configStrings(opts.config) };
  const logs: string[] = [];
  const log =
    typeof opts.log === 'function'
      ? opts.log
      : opts.log === 'stderr'
        ? (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`)
        : (line: string) => {
            logs.push(line);
            if (logs.length > LOG_LINES) logs.splice(0, logs.length - LOG_LINES);
          };
  let manual: TestClock | undefined;
  let clock: Clock;
  if (opts.clock === 'manual') clock = manual = new TestClock(Date.now());
  else if (opts.clock === undefined || opts.clock === 'system') clock = systemClock;
  else clock = opts.clock;

  const ephemeral = opts.dataDir === undefined;
  // mkdtemp makes the directory 0700: other users cannot read the test's records.
  const dataDir = opts.dataDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-')) : path.resolve(opts.dataDir);
  const removeDir = (): void => {
    if (ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const start = async (): Promise<RunningBroker> =>
    startServer({ host, port, dataDir, config, log, clock, ...(manual === undefined ? {} : { waitClock: systemClock }) });
  let server: RunningBroker | null;
  try {
    server = await start();
  } catch (err) {
    removeDir();
    throw err;
  }
  port = server.port;
  let stopped = false;
  // stop() and restart() run one at a time, in call order.
  let queue: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<void>): Promise<void> => {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const brokerClock: BrokerClock = {
    now: () => clock.now(),
    advance: (ms: number) => {
      if (manual === undefined) throw new TkafkaError('BAD_CONFIG', "this broker's clock is not manual: start it with startBroker({ clock: 'manual' }) to advance time");
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance(ms) takes a non-negative number of milliseconds (got ${ms})`);
      manual.advance(ms);
    },
  };

  const embedded: EmbeddedBroker = {
    bootstrap: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    dataDir,
    ephemeral,
    clock: brokerClock,
    logs,
    get running() {
      return server !== null;
    },
    get faults() {
      if (server === null) throw new TkafkaError('BROKER_STOPPED', 'broker.faults: the broker is not running');
      return server.faults;
    },
    get faultsUrl() {
      const a = server?.faultAdmin ?? null;
      return a === null ? null : `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}/faults`;
    },
    stop: () =>
      serial(async () => {
        if (stopped) return;
        stopped = true;
        const s = server;
        server = null;
        try {
          // An ephemeral dir is deleted next: fsyncing every partition first would only cost time.
          await s?.close({ sync: !ephemeral });
          // A closed server or socket leaves the event loop in its close-callback phase, which runs
          // after setImmediate's: two turns, and no handle of the broker is left when stop() resolves.
          for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
        } finally {
          removeDir();
        }
      }),
    restart: (restartOpts = {}) =>
      serial(async () => {
        if (stopped) throw new TkafkaError('BROKER_STOPPED', 'restart(): the broker was stopped; start a new one with startBroker()');
        const s = server;
        server = null;
        if (s !== null) await (restartOpts.crash === true ? s.crash() : s.close());
        server = await start();
      }),
  };
  // After stop() the internals still see the last server, whose state a test may assert on.
  let last: RunningBroker = server;
  registerServer(embedded, () => {
    if (server !== null) last = server;
    return last;
  });
  return embedded;
}
