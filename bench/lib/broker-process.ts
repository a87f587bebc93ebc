// Runs the broker in its own process, so the load generator never competes with it for the
// event loop. By default that is the shipped CLI (`bin/tkafka.js broker start --foreground`, built
// into dist/ by `npm run bench`), which is what a user starts; `--src` (or no dist/) runs the test
// fixture under tsx instead. Either way node gets the flags `tkafka broker start` gives its
// background broker (BROKER_NODE_FLAGS), unless `nodeDefaults` asks for node's own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROKER_NODE_FLAGS } from '../../src/broker/daemon/node-flags.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_MAIN = path.join(ROOT, 'dist/cli/main.js');

export type BrokerFlavor = 'dist' | 'src';

/** Brokers still running: killed if this process dies first, so a crashed run leaves none behind. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function defaultFlavor(argv: readonly string[]): BrokerFlavor {
  return argv.includes('--src') || !fs.existsSync(DIST_MAIN) ? 'src' : 'dist';
}

export interface SpawnOptions {
  dataDir: string;
  flavor: BrokerFlavor;
  /** Extra node flags for the broker process, e.g. --cpu-prof. */
  nodeArgs?: readonly string[];
  /** Run node with its own heap settings, without BROKER_NODE_FLAGS (to measure what they change). */
  nodeDefaults?: boolean;
  /** Working directory (where --cpu-prof writes its profile). */
  cwd?: string;
  /** Checkout whose broker to run (default this one): lets an experiment compare two builds. */
  root?: string;
  /** Extra environment for the broker process. */
  env?: Readonly<Record<string, string>>;
  /** `key=value` broker settings (`--config`), e.g. listeners or an authorizer; with 'src' the CLI runs under tsx. */
  config?: readonly string[];
  /** Receives the broker's output (stdout and stderr) after the ready line. */
  onOutput?: (text: string) => void;
}

export interface BrokerProcess {
  readonly pid: number;
  /** The first listener's port. */
  readonly port: number;
  /** Every listener's port by name (PLAINTEXT, SSL, SASL_PLAINTEXT...), from the ready line. */
  readonly listeners: Readonly<Record<string, number>>;
  /** Spawn to the ready line on the broker's output. */
  readonly readyMs: number;
  /** Spawn to the first accepted TCP connection. */
  readonly connectMs: number;
  /** CPU time the broker process had used when that connection was accepted. */
  readonly cpuAtReadyMs: number;
  /** Resident set size now, in bytes (VmRSS from /proc). */
  rss(): number;
  /** CPU time (user + system) the broker has used so far, in ms (10 ms resolution). */
  cpuMs(): number;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<number | null>;
  kill(): void;
}

export function spawnArgs(opts: SpawnOptions): { cmd: string; args: string[]; ready: RegExp } {
  const nodeArgs = [...(opts.nodeDefaults === true ? [] : BROKER_NODE_FLAGS), ...(opts.nodeArgs ?? [])];
  const root = opts.root ?? ROOT;
  const config = opts.config ?? [];
  if (opts.flavor === 'dist' || config.length > 0) {
    // The test fixture takes no settings: with some, 'src' runs the CLI's own entry under tsx.
    const entry = opts.flavor === 'dist' ? [path.join(root, 'bin/tkafka.js')] : ['--import', 'tsx', path.join(root, 'src/cli/main.ts')];
    return {
      cmd: process.execPath,
      args: [...nodeArgs, ...entry, 'broker', 'start', '--foreground', '--host', '127.0.0.1', '--port', '0', '--data-dir', opts.dataDir, ...config.flatMap((c) => ['--config', c])],
      // The broker's own line: the Schema Registry and metrics endpoints log "listening on" too.
      ready: /tkafka broker \d+ listening on \S+:(\d+)/,
    };
  }
  return { cmd: process.execPath, args: [...nodeArgs, '--import', 'tsx', path.join(root, 'test/fixtures/run-broker.ts'), opts.dataDir, '0'], ready: /READY (\d+)/ };
}

export function readRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (m === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
export function readCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** `NAME://host:port` of each listener on the ready line; the one-PLAINTEXT line names none. */
function listenerPorts(line: string, port: number): Record<string, number> {
  const named = [...line.matchAll(/(\w+):\/\/\S+?:(\d+)/g)].map((m): [string, number] => [m[1] as string, Number(m[2])]);
  return named.length > 0 ? Object.fromEntries(named) : { PLAINTEXT: port };
}

function connectOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

function waitExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function spawnBroker(opts: SpawnOptions): Promise<BrokerProcess> {
  const { cmd, args, ready } = spawnArgs(opts);
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: opts.cwd ?? opts.root ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env, NO_COLOR: '1' } });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  const { port, listeners, readyMs } = await new Promise<{ port: number; listeners: Record<string, number>; readyMs: number }>((resolve, reject) => {
    const onChunk = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = ready.exec(output);
      if (m !== null) {
        child.stdout?.off('data', onChunk);
        child.stderr?.off('data', onChunk);
        child.off('exit', onExit);
        resolve({ port: Number(m[1]), listeners: listenerPorts(output.slice(m.index).split('\n')[0] ?? '', Number(m[1])), readyMs: performance.now() - t0 });
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`broker exited with ${code} before it was ready:\n${output}`));
    child.stdout?.on('data', onChunk);
    child.stderr?.on('data', onChunk);
    child.once('exit', onExit);
  });
  // Keep draining both pipes so a chatty broker never blocks on a full pipe.
  const onOutput = opts.onOutput;
  if (onOutput !== undefined) {
    child.stdout?.on('data', (c: Buffer) => onOutput(c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => onOutput(c.toString('utf8')));
  }
  child.stdout?.resume();
  child.stderr?.resume();
  await connectOnce(port);
  const connectMs = performance.now() - t0;
  const pid = child.pid;
  if (pid === undefined) throw new Error('broker process has no pid');
  const cpuAtReadyMs = readCpuMs(pid);
  return {
    pid,
    port,
    listeners,
    readyMs,
    connectMs,
    cpuAtReadyMs,
    rss: () => readRss(pid),
    cpuMs: () => readCpuMs(pid),
    stop: () => {
      child.kill('SIGTERM');
      return waitExit(child);
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}

/** Wall and CPU time of a bare `node -e` here: the floor under any ready time. */
export function nodeStartup(): Promise<{ ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', 'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000))'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return waitExit(child).then(() => ({ ms: performance.now() - t0, cpuMs: Number(out) }));
}
