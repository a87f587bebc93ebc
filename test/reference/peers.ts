// What the client-peer files (Java, Go, Python) share: running a peer program to its end, reading the
// JSON lines it prints, building it once per source change into the cache, logging each scenario to the
// parity table, and reading back the batches our broker stored.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ATTRIBUTES, COMPRESSION_MASK, PRODUCER_ID, RECORD_BATCH_OVERHEAD, TRANSACTIONAL_BIT, batchSizeAt } from '../../src/protocol/records/batch-header.js';
import { logParity } from './parity-table.js';

export type Json = Record<string, unknown>;

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a program to its end, collecting stdout and stderr; rejects only when it cannot start or times out. */
export function runProcess(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(opts.env === undefined ? {} : { env: opts.env }), ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(cmd)} ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The JSON lines a peer printed (other lines, e.g. log output, are skipped). */
export function jsonLines(stdout: string): Json[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Json);
}

/** The JSON lines of a run that must have exited 0. */
export function okLines(r: ProcessResult, what: string): Json[] {
  if (r.code !== 0) throw new Error(`${what} exited ${String(r.code)}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return jsonLines(r.stdout);
}

/**
 * A build output kept in the cache: `build(dir)` fills `dir` once, and an `ok` marker written after it
 * makes a half-done build (an interrupted run) count as missing. `inPlace` builds straight into `dir`
 * for outputs that record their own path (a Python venv); otherwise into a temp dir that is renamed.
 */
export async function cachedBuild(dir: string, build: (dir: string) => void | Promise<void>, opts: { inPlace?: boolean } = {}): Promise<string> {
  if (fs.existsSync(path.join(dir, 'ok'))) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const target = opts.inPlace === true ? dir : `${dir}.${process.pid}.tmp`;
  fs.rmSync(target, { recursive: true, force: true });
  await build(target);
  fs.writeFileSync(path.join(target, 'ok'), '');
  if (target !== dir) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(target, dir);
  }
  return dir;
}

/** Runs `fn` as one scenario of `tier`, logging it to the parity table as passes or differs. */
export function scenarioLogger(tier: string): (name: string, fn: () => Promise<void>) => Promise<void> {
  return async (name, fn) => {
    try {
      await fn();
      logParity({ tier, scenario: name, result: 'passes' });
    } catch (err) {
      logParity({ tier, scenario: name, result: 'differs', why: (err as Error).message.split('\n')[0] ?? '' });
      throw err;
    }
  };
}

export interface StoredBatch {
  baseOffset: number;
  compression: number;
  producerId: bigint;
  transactional: boolean;
}

/** The batches in a partition's first segment, as our broker wrote them. */
export function storedBatches(dataDir: string, topic: string, partition: number): StoredBatch[] {
  const buf = fs.readFileSync(path.join(dataDir, `${topic}-${partition}`, '00000000000000000000.log'));
  const out: StoredBatch[] = [];
  for (let pos = 0; pos + RECORD_BATCH_OVERHEAD <= buf.length; pos += batchSizeAt(buf, pos)) {
    const attributes = buf.readInt16BE(pos + ATTRIBUTES);
    out.push({ baseOffset: Number(buf.readBigInt64BE(pos)), compression: attributes & COMPRESSION_MASK, producerId: buf.readBigInt64BE(pos + PRODUCER_ID), transactional: (attributes & TRANSACTIONAL_BIT) !== 0 });
  }
  return out;
}
