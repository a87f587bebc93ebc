// CLI start-up cost against bare Node, measured with hyperfine (https://github.com/sharkdp/hyperfine):
//   node -e 0                                     the floor
//   node bin/tkafka.js --help                     target <= 2x the floor
//   node bin/tkafka.js topics --list ...          target <= 3x the floor (a real round trip to a
//                                                 broker this script starts in its own process)
//   node bin/tkafka.js <tool> --help              target <= 2.5x, for every kafka-* drop-in (a real
//                                                 round trip for get-offsets, configs, broker-api-versions, cluster: <= 3x as topics --list)
//   node bin/tkafka.js __complete groups ...      no target: shell completion against a listener that
//                                                 accepts and never answers, so its 300 ms deadline
//                                                 ends it (the e2e test checks the outcome, not the time)
// Usage: npm run build && node --import tsx bench/cli-startup.ts [--runs N] [--warmup N]
// Prints each mean and its ratio to `node -e 0`; exits 1 when a target is missed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin/tkafka.js');
const HYPERFINE = process.env['HYPERFINE'] ?? 'hyperfine';
/** The kafka-* drop-ins (not broker/completion, whose cost the rows above cover). */
const TOOLS = [
  'topics', 'console-producer', 'console-consumer', 'consumer-groups', 'acls', 'configs', 'get-offsets', 'delete-records',
  'log-dirs', 'broker-api-versions', 'dump-log', 'transactions', 'metadata-quorum', 'cluster', 'features', 'delegation-tokens',
  'leader-election', 'reassign-partitions', 'groups', 'producer-perf-test', 'consumer-perf-test', 'e2e-latency',
  'verifiable-producer', 'verifiable-consumer',
];

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

function startBroker(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/fixtures/run-broker.ts'), dataDir, '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error('broker did not start within 30s')), 30_000);
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
  });
}

interface HyperfineResult {
  command: string;
  mean: number;
  stddev: number | null;
  median: number;
  min: number;
  /** Mean CPU seconds in user and kernel mode: steadier than wall time on a busy machine. */
  user: number;
  system: number;
}

function stopBroker(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/main.js'))) throw new Error("dist/ is missing: run 'npm run build' first");
  const runs = flag('--runs', 30);
  const warmup = flag('--warmup', 3);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-startup-'));
  const { child, port } = await startBroker(path.join(tmp, 'data'));
  // The kernel accepts its connections even while hyperfine blocks this process: it never answers.
  const silent = net.createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const silentPort = (silent.address() as net.AddressInfo).port;
  try {
    const bootstrap = `127.0.0.1:${port}`;
    // A few topics, so --list has something to print.
    for (const t of ['bench-a', 'bench-b', 'bench-c']) {
      const r = spawnSync(process.execPath, [BIN, 'topics', '--create', '--topic', t, '--bootstrap-server', bootstrap], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`creating ${t} failed: ${r.stdout}${r.stderr}`);
    }
    const node = process.execPath;
    const targets: [string, string, number | null][] = [
      ['node -e 0', `${node} -e 0`, null],
      ['tkafka --help', `${node} ${BIN} --help`, 2],
      ['tkafka topics --list', `${node} ${BIN} topics --list --bootstrap-server ${bootstrap}`, 3],
      ['tkafka __complete silent', `${node} ${BIN} __complete groups --bootstrap-server 127.0.0.1:${silentPort}`, null],
      // Issue 15: every tool's --help (flags registered, action not loaded) within 2.5x of bare
      // Node; a few real round trips to the broker within 3x, as topics --list.
      ...TOOLS.map((t): [string, string, number] => [`${t} --help`, `${node} ${BIN} ${t} --help`, 2.5]),
      ['get-offsets --topic bench-a', `${node} ${BIN} get-offsets --topic bench-a --bootstrap-server ${bootstrap}`, 3],
      ['configs --describe topic', `${node} ${BIN} configs --describe --entity-type topics --entity-name bench-a --bootstrap-server ${bootstrap}`, 3],
      ['broker-api-versions', `${node} ${BIN} broker-api-versions --bootstrap-server ${bootstrap}`, 3],
      ['cluster cluster-id', `${node} ${BIN} cluster cluster-id --bootstrap-server ${bootstrap}`, 3],
    ];
    const exportFile = path.join(tmp, 'hyperfine.json');
    const hf = spawnSync(
      HYPERFINE,
      ['-N', '--warmup', String(warmup), '--runs', String(runs), '--export-json', exportFile, ...targets.flatMap(([name, cmd]) => ['-n', name, cmd])],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (hf.error !== undefined) throw new Error(`cannot run ${HYPERFINE}: ${hf.error.message}`);
    if (hf.status !== 0) throw new Error(`hyperfine exited with ${hf.status}`);
    const { results } = JSON.parse(fs.readFileSync(exportFile, 'utf8')) as { results: HyperfineResult[] };
    const floor = results[0]?.mean ?? Number.NaN;
    const floorCpu = (results[0]?.user ?? Number.NaN) + (results[0]?.system ?? Number.NaN);
    let missed = 0;
    const ms = (s: number): string => `${(s * 1000).toFixed(1)} ms`;
    console.log(`${'command'.padEnd(30)} ${'mean'.padStart(9)} ${'± sd'.padStart(8)} ${'median'.padStart(9)} ${'ratio'.padStart(6)}  ${'cpu'.padStart(9)} ${'ratio'.padStart(6)}  target (mean)`);
    results.forEach((r, i) => {
      const target = targets[i]?.[2] ?? null;
      const ratio = r.mean / floor;
      const cpu = r.user + r.system;
      const ok = target === null || ratio <= target;
      if (!ok) missed++;
      const sd = r.stddev === null ? '' : (r.stddev * 1000).toFixed(1);
      const verdict = target === null ? '' : `<= ${target}x ${ok ? 'ok' : 'MISSED'}`;
      console.log(
        `${(targets[i]?.[0] ?? r.command).padEnd(30)} ${ms(r.mean).padStart(9)} ${sd.padStart(8)} ${ms(r.median).padStart(9)} ${`${ratio.toFixed(2)}x`.padStart(6)}  ${ms(cpu).padStart(9)} ${`${(cpu / floorCpu).toFixed(2)}x`.padStart(6)}  ${verdict}`,
      );
    });
    const load = os.loadavg()[0] ?? 0;
    if (load > os.cpus().length) console.log(`note: load average ${load.toFixed(1)} on ${os.cpus().length} CPUs; wall times are noisy, compare the cpu column`);
    return missed === 0 ? 0 : 1;
  } finally {
    silent.close();
    await stopBroker(child);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
