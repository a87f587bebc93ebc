import { readFile } from 'node:fs/promises';
import { errnoCode } from '../../shared/errors.js';

/**
 * Whether `pid` names a live process. A zombie counts as dead: when the broker's parent is gone and
 * nothing reaps it (PID 1 in some containers does not), `kill(pid, 0)` keeps succeeding forever.
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if (errnoCode(err) !== 'EPERM') return false;
  }
  const state = await procState(pid);
  return state !== 'Z' && state !== 'X';
}

async function procState(pid: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself contain spaces or parens).
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  } catch {
    return undefined;
  }
}

/**
 * Guards against a recycled pid: true unless we can see the process's command line and it is not a
 * `broker start` invocation. Where /proc is unavailable, a live pid is taken at its word.
 */
export async function looksLikeBroker(pid: number): Promise<boolean> {
  if (pid === process.pid) return true;
  if (process.platform !== 'linux') return true;
  let cmdline: string;
  try {
    cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  const args = cmdline.split('\0');
  return args.includes('broker') && args.includes('start');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** Polls until `pid` is gone; true if it exited within `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await isProcessAlive(pid))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}

/** `10s`, `1.5s` or `300ms`, for messages about timeouts. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
