// `npm run bench [-- name...]`: runs each bench/<name>.ts in its own process, one after another
// (they would skew each other's figures if run together), streaming their output under a header.
// Figures are printed, never asserted: the exit code is non-zero only when a benchmark crashes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
/** Cheapest first, so a broken codec shows up before the long broker run; others go in between. */
const FIRST = ['records', 'log'];
const LAST = ['broker'];

function discover(): string[] {
  const names = fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -3));
  const rank = (n: string): number => {
    if (FIRST.includes(n)) return FIRST.indexOf(n);
    if (LAST.includes(n)) return FIRST.length + 1 + LAST.indexOf(n);
    return FIRST.length;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function runOne(name: string, args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', `${name}.ts`), ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`cannot start bench/${name}.ts: ${err.message}`);
      resolve({ code: 1, signal: null, ms: performance.now() - t0 });
    });
    child.on('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - t0 }));
  });
}

const available = discover();
// Names come first; everything from the first option on goes to each selected benchmark, so
// `npm run bench -- kcat --messages 100000` passes `--messages 100000` to bench/kcat.ts.
const argv = process.argv.slice(2);
const firstOption = argv.findIndex((a) => a.startsWith('-'));
const wanted = firstOption === -1 ? argv : argv.slice(0, firstOption);
const passed = firstOption === -1 ? [] : argv.slice(firstOption);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`no benchmark named ${unknown.join(', ')} (have: ${available.join(', ')})`);
  process.exit(2);
}
const selected = wanted.length > 0 ? available.filter((n) => wanted.includes(n)) : available;

const results: { name: string; ok: boolean; ms: number; why: string }[] = [];
for (const name of selected) {
  const title = `bench/${name}.ts`;
  console.log(`\n${'='.repeat(100)}\n${title}\n${'='.repeat(100)}`);
  const r = await runOne(name, passed);
  const ok = r.code === 0;
  results.push({ name, ok, ms: r.ms, why: r.signal !== null ? `killed by ${r.signal}` : `exit code ${r.code}` });
}

console.log(`\n${'='.repeat(100)}`);
for (const r of results) console.log(`${r.ok ? 'ok     ' : 'CRASHED'} bench/${r.name}.ts  ${(r.ms / 1000).toFixed(1)} s${r.ok ? '' : ` (${r.why})`}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
