import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBroker, type RunningBroker } from '../../src/broker/server/broker.js';

export interface TestBroker {
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

/** A real broker in this process on a free port with a fresh temp data dir. */
export async function startTestBroker(opts: { config?: Record<string, string>; dataDir?: string; port?: number } = {}): Promise<TestBroker> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const logs: string[] = [];
  const running = await startBroker({
    host: '127.0.0.1',
    port: opts.port ?? 0,
    dataDir,
    config: { 'group.initial.rebalance.delay.ms': '0', ...opts.config },
    log: (line) => logs.push(line),
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await running.close();
  };
  return {
    running,
    bootstrap: `127.0.0.1:${running.port}`,
    dataDir,
    logs,
    stop,
    dispose: async () => {
      await stop();
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
