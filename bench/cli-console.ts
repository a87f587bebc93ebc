// console-producer and console-consumer throughput through the shipped CLI (bin/tkafka.js), against
// a broker in its own process:
//   producer: 1,000,000 lines of 100 bytes piped into `tkafka console-producer` (target >= 300k lines/s)
//   consumer: `tkafka console-consumer --from-beginning --max-messages 1000000 > /dev/null`
//             and the same with -o json (target >= 300k messages/s for the default output)
// Times are wall clock of the whole command, start-up included (a user's view).
// Usage: npm run build && npx tsx bench/cli-console.ts [--lines N] [--runs N]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin/tkafka.js');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const LINES = flag('--lines', 1_000_000);
const RUNS = flag('--runs', 3);

/** Runs the CLI with stdin from a file and stdout to a file; resolves with the wall time. */
function timed(args: string[], stdinPath: string | null, stdoutPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const input = stdinPath === null ? 'ignore' : fs.openSync(stdinPath, 'r');
    const output = fs.openSync(stdoutPath, 'w');
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: [input, output, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (typeof input === 'number') fs.closeSync(input);
      fs.closeSync(output);
      if (code !== 0) reject(new Error(`tkafka ${args.join(' ')} exited ${code}: ${err}`));
      else resolve(ms);
    });
  });
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-console-'));
  const inputPath = path.join(dir, 'lines.txt');
  const pad = 'x'.repeat(91);
  const fd = fs.openSync(inputPath, 'w');
  const block: string[] = [];
  for (let i = 0; i < LINES; i++) {
    block.push(`${String(i).padStart(8, '0')}${pad}`);
    if (block.length === 10_000) {
      fs.writeSync(fd, `${block.join('\n')}\n`);
      block.length = 0;
    }
  }
  if (block.length > 0) fs.writeSync(fd, `${block.join('\n')}\n`);
  fs.closeSync(fd);

  const broker = await spawnBroker({ dataDir: path.join(dir, 'data'), flavor: defaultFlavor(process.argv) });
  const bootstrap = `127.0.0.1:${broker.port}`;
  console.log(`broker pid ${broker.pid} on ${bootstrap}; ${LINES.toLocaleString('en-US')} lines of 100 bytes, best of ${RUNS}`);
  try {
    const produce: number[] = [];
    for (let r = 0; r < RUNS; r++) produce.push(await timed(['console-producer', '--bootstrap-server', bootstrap, '--topic', `bench-${r}`], inputPath, '/dev/null'));
    const best = Math.min(...produce);
    console.log(`console-producer  ${best.toFixed(0).padStart(6)} ms  ${rate(LINES, best).padStart(12)} lines  (runs: ${produce.map((m) => m.toFixed(0)).join(', ')} ms)`);

    const consume: number[] = [];
    const outPath = path.join(dir, 'out.txt');
    for (let r = 0; r < RUNS; r++) consume.push(await timed(['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'bench-0', '--from-beginning', '--max-messages', String(LINES)], null, r === 0 ? outPath : '/dev/null'));
    const same = fs.readFileSync(outPath).equals(fs.readFileSync(inputPath));
    const bestC = Math.min(...consume);
    console.log(`console-consumer  ${bestC.toFixed(0).padStart(6)} ms  ${rate(LINES, bestC).padStart(12)} msgs   (runs: ${consume.map((m) => m.toFixed(0)).join(', ')} ms; output identical to input: ${same})`);

    const json: number[] = [];
    for (let r = 0; r < RUNS; r++) json.push(await timed(['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'bench-0', '--from-beginning', '--max-messages', String(LINES), '-o', 'json'], null, '/dev/null'));
    const bestJ = Math.min(...json);
    console.log(`console-consumer -o json  ${bestJ.toFixed(0).padStart(6)} ms  ${rate(LINES, bestJ).padStart(12)} msgs`);
  } finally {
    await broker.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
