// librdkafka's mock cluster (rdkafka_mock.h, from Debian's librdkafka-dev) as a child process:
// compiles test/reference/mock-cluster/mock_cluster.c with gcc into a cache outside git (rebuilt
// when the source's hash changes), starts it, and returns the bootstrap servers it prints.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('./mock-cluster/mock_cluster.c', import.meta.url));

export interface MockClusterOptions {
  /** Broker count (ids 1..n); default 3. */
  brokers?: number;
  /** Topics created before the bootstrap line is printed, with partition p led by broker p % brokers + 1. */
  topics?: Record<string, { partitions: number; replicationFactor?: number }>;
  /** How long to wait for the bootstrap line; default 10 s. */
  startTimeoutMs?: number;
}

export interface MockCluster {
  /** `host:port,host:port,...` as rd_kafka_mock_cluster_bootstraps prints it. */
  bootstrap: string;
  pid: number;
  /** Closes its stdin (it exits on EOF), then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

function cacheDir(): string {
  return join(process.env['TKAFKA_REF_CACHE'] ?? join(homedir(), '.cache', 'tkafka-ref'), 'mock-cluster');
}

/** Why the mock cluster cannot be built here, or null when gcc and librdkafka-dev are present. */
export function mockClusterUnavailable(): string | null {
  try {
    execFileSync('pkg-config', ['--exists', 'rdkafka'], { stdio: 'ignore' });
  } catch {
    return 'pkg-config cannot find rdkafka (apt-get install librdkafka-dev pkg-config)';
  }
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'gcc is missing (apt-get install gcc)';
  }
  return null;
}

/** The path of the compiled binary, building it when the source changed. */
export function buildMockCluster(): string {
  const source = readFileSync(SOURCE);
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'rdkafka'], { encoding: 'utf8' }).trim().split(/\s+/).filter((f) => f !== '');
  const hash = createHash('sha256').update(source).update(flags.join(' ')).digest('hex').slice(0, 16);
  const dir = cacheDir();
  const binary = join(dir, `mock_cluster-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O1', '-Wall', '-Wextra', '-Werror', '-o', tmp, SOURCE, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`cannot compile ${SOURCE}: ${stderr || String(err)}`, { cause: err });
  }
  renameSync(tmp, binary); // atomic: concurrent builders both end with a whole binary
  return binary;
}

/** Starts a mock cluster and resolves once it printed its bootstrap servers. */
export async function startMockCluster(opts: MockClusterOptions = {}): Promise<MockCluster> {
  const binary = buildMockCluster();
  const args = [String(opts.brokers ?? 3), ...Object.entries(opts.topics ?? {}).map(([name, t]) => `${name}:${t.partitions}:${t.replicationFactor ?? 1}`)];
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timeoutMs = opts.startTimeoutMs ?? 10_000;
    const lines = createInterface({ input: child.stdout });
    const done = (): void => {
      clearTimeout(timer);
      lines.close();
      child.off('error', fail);
      child.off('exit', onExit);
    };
    const fail = (err: Error): void => {
      done();
      child.kill('SIGKILL');
      reject(err);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(new Error(`the mock cluster exited (${code ?? signal ?? '?'}) before it was ready: ${stderr.trim()}`));
    const timer = setTimeout(() => fail(new Error(`the mock cluster printed no bootstrap servers within ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
    lines.once('line', (line) => {
      done();
      resolve(line.trim());
    });
    child.once('error', fail);
    child.once('exit', onExit);
  });
  return { bootstrap, pid: child.pid ?? -1, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
