// Produce throughput with metrics off and on, A/B inside one process (issue #17's goal: on ≥ 97% of
// off): `npm run bench -- metrics-twin [--load 1m|16k|1r] [--windows N] [--window-ms N] [--pin]`.
// bench/metrics.ts compares fresh broker processes, and on this machine a process's speed alone
// varies by ±15% from one to the next (same binary, same side), more than the effect measured. Here
// one process (twinScript) runs two brokers, one with metrics.port and one without,
// and the load alternates between them in short windows (ABBA order, so a drift cancels), so both
// sides see the same CPU, the same V8 and the same moment. The "on" broker's /metrics is scraped
// once per second of its load time, at the start of its windows, so a scrape's cost falls in an
// "on" window. With --pin the load runs on CPU 0 and the two brokers on CPU 1 (bench/lib/pin.ts).
// What the twin shares (the heap, compiled code) it shares in both directions; it is the cheaper
// side's best case only in that the "off" broker's code is warmed by the "on" one's and vice versa.
// Figures only, never asserted.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { readCpuMs } from './lib/broker-process.js';
import { batchOfSize, produceLoad } from './lib/load.js';
import { ensureTopic } from './lib/ops.js';
import { pin } from './lib/pin.js';
import { figure, fixed, heading, int, MB, MiB, note } from './lib/report.js';
import { WireClient } from './lib/wire.js';
import { freePort } from '../test/helpers/ports.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} wants a positive integer, not '${process.argv[i + 1] ?? ''}'`);
  return v;
}

const WINDOWS = flag('--windows', 40);
const WINDOW_MS = flag('--window-ms', 250);
const WARMUP_WINDOWS = 8;
const IN_FLIGHT = 8;
const PIN = process.argv.includes('--pin');
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TKAFKA = path.join(ROOT, 'bin/tkafka.js');

interface Side {
  bytes: number;
  ms: number;
  cpuMs: number;
  requests: number;
}

const zero = (): Side => ({ bytes: 0, ms: 0, cpuMs: 0, requests: 0 });

function meanAndHalf(xs: readonly number[]): { mean: number; half: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean: m, half: (1.96 * sd) / Math.sqrt(xs.length) };
}

/**
 * Two brokers in one process, "off" without metrics and "on" with metrics.port, so both run on the
 * same CPU, the same V8 and the same moment's machine and only the metrics differ. Prints
 * {"off":port,"on":port} once both accept connections; SIGTERM stops both.
 */
function twinScript(distUrl: string): string {
  return `
    import path from 'node:path';
    const { startBroker } = await import(${JSON.stringify(distUrl)});
    const [dataRoot, metricsPort] = process.argv.slice(2);
    const quiet = () => undefined;
    const config = { 'log.segment.bytes': 64 * 1024 * 1024, 'log.retention.bytes': 128 * 1024 * 1024, 'log.retention.check.interval.ms': 500 };
    const off = await startBroker({ host: '127.0.0.1', dataDir: path.join(dataRoot, 'off'), config, log: quiet });
    const on = await startBroker({ host: '127.0.0.1', dataDir: path.join(dataRoot, 'on'), config: { ...config, 'metrics.port': Number(metricsPort) }, log: quiet });
    process.stdout.write(JSON.stringify({ off: off.port, on: on.port }) + '\\n');
    process.on('SIGTERM', () => void Promise.all([off.stop(), on.stop()]).then(() => process.exit(0)));`;
}

const shm = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
const dir = fs.mkdtempSync(path.join(shm, 'tkafka-bench-twin-'));
const metricsPort = await freePort();
if (PIN && !pin(process.pid, 0)) throw new Error('--pin: taskset could not pin this process to CPU 0');
// The twin runs the compiled broker under plain node: under tsx's loader (source maps on every stack
// trace) the same broker measured a third of its speed.
const dist = path.join(ROOT, 'dist/index.js');
if (!fs.existsSync(dist)) throw new Error('bench/metrics-twin.ts needs the compiled broker: npm run build');
// A file, not `-e`: the metrics worker thread inherits `--input-type=module` and would read its own
// eval'd CommonJS source as a module.
const script = path.join(dir, 'twin.mjs');
fs.writeFileSync(script, twinScript(pathToFileURL(dist).href));
const child = spawn(process.execPath, [script, dir, String(metricsPort)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
const pid = child.pid;
if (pid === undefined) throw new Error('the twin brokers did not start');
const exited = new Promise((resolve) => child.once('exit', resolve));

try {
  const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  if (first.done === true) throw new Error('the twin brokers exited before they were ready');
  const ports = JSON.parse(first.value) as { off: number; on: number };
  if (PIN && !pin(pid, 1)) throw new Error('--pin: taskset could not pin the twin brokers to CPU 1');
  const clients = { off: await WireClient.connect(ports.off), on: await WireClient.connect(ports.on) };
  const url = `http://127.0.0.1:${metricsPort}/metrics`;

  const loads = [
    { label: '1 MiB batches of 1 KiB records', size: MiB, topic: 'twin-1m' },
    { label: '16 KiB batches of 1 KiB records', size: 16 * 1024, topic: 'twin-16k' },
    { label: 'one 100-byte record per request', size: 200, value: 100, topic: 'twin-1r' },
  ];
  const only = process.argv[process.argv.indexOf('--load') + 1];
  const chosen = process.argv.includes('--load') ? loads.filter((l) => l.topic.endsWith(`-${only}`)) : loads;
  if (chosen.length === 0) throw new Error(`--load wants 1m, 16k or 1r, not '${only ?? ''}'`);
  heading(
    `Produce v9, acks=1, one partition, ${IN_FLIGHT} in flight: two brokers in one process, metrics off and on (metrics.port, /metrics scraped once per second of load), the load alternating between them in ${WINDOW_MS} ms windows (ABBA), ${WINDOWS} windows each after ${WARMUP_WINDOWS} of warm-up${PIN ? '; load on CPU 0, brokers on CPU 1' : ''}; data on ${shm}`,
  );
  note(`${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => fixed(l, 1)).join(' ')}`);
  const scrapeEvery = Math.max(1, Math.round(1000 / WINDOW_MS));
  for (const load of chosen) {
    const { batch, records } = batchOfSize(load.size, load.value ?? 1024);
    const target = [{ topic: load.topic, partition: 0 }];
    for (const c of [clients.off, clients.on]) await ensureTopic(c, load.topic);
    // A committed offset behind the log end on the "on" broker: the lag families have work to do.
    await produceLoad(clients.on, target, batch, records, IN_FLIGHT, { ms: 200 });
    await promisify(execFile)(process.execPath, [TKAFKA, 'consumer-groups', '--bootstrap-server', `127.0.0.1:${ports.on}`, '--group', 'bench', '--topic', load.topic, '--reset-offsets', '--to-earliest', '--execute']);
    await (await fetch(url)).text();
    const sides = { off: zero(), on: zero() };
    const pairs: number[] = [];
    const cpuPairs: number[] = [];
    let onWindows = 0;
    let last: { side: 'off' | 'on'; rate: number; eff: number } | undefined;
    for (let w = 0; w < WARMUP_WINDOWS + 2 * WINDOWS; w++) {
      // ABBA: off on on off off on on off ...
      const side: 'off' | 'on' = Math.floor((w + 1) / 2) % 2 === 0 ? 'off' : 'on';
      const cpu0 = readCpuMs(pid);
      if (side === 'on' && onWindows++ % scrapeEvery === 0) await (await fetch(url)).text();
      const f = await produceLoad(clients[side], target, batch, records, IN_FLIGHT, { ms: WINDOW_MS });
      const cpu = readCpuMs(pid) - cpu0;
      if (w < WARMUP_WINDOWS) continue;
      const s = sides[side];
      s.bytes += f.bytes;
      s.ms += f.ms;
      s.cpuMs += cpu;
      s.requests += f.requests;
      const rate = f.bytes / f.ms;
      const eff = cpu > 0 ? f.bytes / cpu : NaN;
      // Each window pairs with its neighbour of the other side (windows 2k and 2k+1 after warm-up).
      if ((w - WARMUP_WINDOWS) % 2 === 1 && last !== undefined && last.side !== side) {
        const [on, off] = side === 'on' ? [{ rate, eff }, last] : [last, { rate, eff }];
        pairs.push((on.rate / off.rate) * 100);
        if (Number.isFinite(on.eff) && Number.isFinite(off.eff)) cpuPairs.push((on.eff / off.eff) * 100);
      }
      last = { side, rate, eff };
    }
    const mbs = (s: Side): number => s.bytes / MB / (s.ms / 1000);
    const perCpu = (s: Side): number => s.bytes / MB / (s.cpuMs / 1000);
    const p = meanAndHalf(pairs);
    const c = meanAndHalf(cpuPairs);
    figure(`${load.label}, off`, `${fixed(mbs(sides.off))} MB/s (${int((sides.off.requests / sides.off.ms) * 1000)} req/s), ${fixed(perCpu(sides.off), 0)} MB per broker CPU-second`);
    figure(`${load.label}, on`, `${fixed(mbs(sides.on))} MB/s (${int((sides.on.requests / sides.on.ms) * 1000)} req/s), ${fixed(perCpu(sides.on), 0)} MB per broker CPU-second`);
    figure(
      `${load.label}, on / off`,
      `${fixed((mbs(sides.on) / mbs(sides.off)) * 100, 1)}% of the rate (window pairs: ${fixed(p.mean, 1)}% ± ${fixed(p.half, 1)}, 95% interval, ${pairs.length} pairs), ${fixed((perCpu(sides.on) / perCpu(sides.off)) * 100, 1)}% of the MB per CPU-second (pairs: ${fixed(c.mean, 1)}% ± ${fixed(c.half, 1)}) (goal: ≥ 97%)`,
    );
  }
  clients.off.close();
  clients.on.close();
} finally {
  child.kill('SIGTERM');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
}
