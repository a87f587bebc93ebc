import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/tkafka.js', import.meta.url));
const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * Why `dist` cannot stand for `src`, or null when it can: every src/X.ts needs a dist/X.js written
 * after it (tsc rewrites every output, so one older output means the build predates that edit).
 */
export function staleBuild(src = SRC, dist = DIST): string | null {
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const rel = path.relative(src, full);
        const built = path.join(dist, rel).replace(/\.ts$/, '.js');
        if (!existsSync(built)) stale.push(`${rel.replace(/\.ts$/, '.js')} is missing`);
        else if (statSync(built).mtimeMs < statSync(full).mtimeMs) stale.push(`${rel} is newer than its build`);
      }
    }
  };
  walk(src);
  if (stale.length === 0) return null;
  const more = stale.length > 3 ? `; ${stale.length - 3} more` : '';
  return `dist/ is older than src/ (${stale.slice(0, 3).join('; ')}${more}): run 'npm run build' before the e2e tests`;
}

let checked = false;

/** Throws the reason when dist/ does not match src/ (checked once per test file); runCli calls it, so do tests that run BIN themselves. */
export function assertFreshBuild(): void {
  if (checked) return;
  const stale = staleBuild();
  if (stale !== null) throw new Error(stale);
  checked = true;
}

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
 * throws for a non-zero exit: the caller asserts on {stdout, stderr, exitCode}. Needs an up-to-date
 * `npm run build`: a stale dist/ would test yesterday's code, so it fails instead.
 */
export function runCli(args: readonly string[], opts: RunCliOptions = {}): Promise<CliResult> {
  assertFreshBuild();
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

/**
 * Runs the built CLI as runCli does, with a module resolve hook recording every module it loads:
 * the URLs (file: for ours and npm packages, node: for built-ins imported from ESM), in load order.
 */
export async function runCliTraced(args: readonly string[], opts: RunCliOptions = {}): Promise<CliResult & { modules: string[] }> {
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'tkafka-trace-'));
  const trace = path.join(dir, 'modules.txt');
  try {
    const hooks =
      "import { appendFileSync } from 'node:fs';\n" +
      'export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.TKAFKA_TRACE_FILE, r.url + "\\n"); return r; }';
    // CommonJS modules (npm packages' internals, native addons) do not pass the ESM hook: they are
    // read from require's cache at exit.
    const register =
      "import { register, createRequire } from 'node:module'; import { appendFileSync } from 'node:fs'; import { pathToFileURL } from 'node:url';\n" +
      `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n` +
      "const cache = createRequire(process.cwd() + '/').cache; process.on('exit', () => { for (const f of Object.keys(cache)) appendFileSync(process.env.TKAFKA_TRACE_FILE, pathToFileURL(f).href + '\\n'); });";
    const r = await runCli(args, {
      ...opts,
      env: { ...opts.env, TKAFKA_TRACE_FILE: trace },
      nodeArgs: [...(opts.nodeArgs ?? []), '--import', `data:text/javascript,${encodeURIComponent(register)}`],
    });
    if (!existsSync(trace)) throw new Error(`tkafka ${args.join(" ")} loaded nothing: ${r.stderr}`);
    const modules = [...new Set(readFileSync(trace, 'utf8').split('\n').filter((l) => l !== ''))];
    return { ...r, modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
