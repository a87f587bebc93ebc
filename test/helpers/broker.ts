import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningBroker } from '../../src/broker/server/broker.js';
import { serverOf } from '../../src/embedded/internals.js';
import { startBroker, type Clock, type EmbeddedBroker } from '../../src/index.js';

export interface TestBroker {
  /** The broker as users get it from `import { startBroker } from 'tkafka'`. */
  readonly embedded: EmbeddedBroker;
  /** The server behind it (broker state for assertions); the current one after a restart. */
  readonly running: RunningBroker;
  readonly bootstrap: string;
  readonly dataDir: string;
  readonly logs: string[];
  stop(): Promise<void>;
  /** Stops and removes the data dir. */
  dispose(): Promise<void>;
}

export function tempDataDir(prefix = 'tkafka-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real broker in this process on a free port with a fresh temp data dir, started through the
 * package's public startBroker() (issue #19: our suites run on the API users get). The data dir is
 * the test's, kept on stop, so a test can start another broker on it as after a restart.
 */
export async function startTestBroker(opts: { config?: Record<string, string>; dataDir?: string; port?: number } = {}): Promise<TestBroker> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const logs: string[] = [];
  const embedded = await startBroker({
    host: '127.0.0.1',
    port: opts.port ?? 0,
    dataDir,
    config: opts.config ?? {},
    log: (line) => logs.push(line),
  });
  return {
    embedded,
    get running() {
      return serverOf(embedded);
    },
    bootstrap: embedded.bootstrap,
    dataDir,
    logs,
    stop: () => embedded.stop(),
    dispose: async () => {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The port of the broker's listener `name` (listeners=NAME://host:0 binds a free port). */
export function listenerPort(b: TestBroker, name: string): number {
  const l = b.running.listeners.find((x) => x.name === name);
  if (l === undefined) throw new Error(`no listener ${name}`);
  return l.port;
}

/**
 * For tests that drive the server object itself (a custom clock, connection counts): started through
 * the public startBroker(), and its close() is the EmbeddedBroker's stop().
 */
export async function startServer(opts: { dataDir: string; config?: Record<string, string>; clock?: Clock; log?: (line: string) => void; port?: number }): Promise<RunningBroker> {
  const embedded = await startBroker({
    host: '127.0.0.1',
    port: opts.port ?? 0,
    dataDir: opts.dataDir,
    config: opts.config ?? {},
    log: opts.log ?? (() => undefined),
    ...(opts.clock === undefined ? {} : { clock: opts.clock }),
  });
  const server = serverOf(embedded);
  return new Proxy(server, {
    get: (target, key, receiver) => (key === 'close' ? () => embedded.stop() : Reflect.get(target, key, receiver) as unknown),
  });
}
