import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/tkafka.js', import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  stdout: string;
  stderr: string;
  /** null when the process died from a signal (see `signal`). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunCliOptions {
  /** Added to (and overriding) the inherited environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. Without it stdin is empty. */
  input?: string;
  timeoutMs?: number;
  cwd?: string;
  /** Extra node flags before the script, e.g. ['--import', hook]. */
  nodeArgs?: string[];
  /** Gets the child once spawned, e.g. to send it a signal. */
  onSpawn?: (child: ChildProcess) => void;
}

/**
 * Runs the built CLI (`node bin/tkafka.js ...`) the way a user's shell would, colour off, and never
 * throws for a non-zero exit: the caller asserts on {stdout, stderr, exitCode}. Needs `npm run build`.
 */
export function runCli(args: readonly string[], opts: RunCliOptions = {}): Promise<CliResult> {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run 'npm run build' before the e2e tests`);
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true', TKAFKA_DEBUG: undefined, ...opts.env };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    opts.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectRun(new Error(`tkafka ${args.join(' ')} timed out after ${timeoutMs}ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      rejectRun(err);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolveRun({ stdout, stderr, exitCode, signal });
    });
    child.stdin.on('error', () => undefined); // the CLI may exit without reading its input
    child.stdin.end(opts.input ?? '');
  });
}
