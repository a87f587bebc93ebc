// Fault injection's cost on the request path: `node --import tsx bench/faults.ts [--root DIR]`.
// Produce throughput (16 KiB batches, 8 in flight: per-request costs show most) of a broker with
// nothing armed, against one with a fault armed on another API (every request then goes through
// FaultInjector.intercept and matches nothing). With --root, a third row runs another checkout's
// build (e.g. one from before fault injection) for a before/after figure. Rounds alternate so the
// shared machine's load falls on every row alike; medians are printed, never asserted.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';
import { batchOfSize, produceLoad } from './lib/load.js';
import { ensureTopic } from './lib/ops.js';
import { figure, fixed, heading, int, note } from './lib/report.js';
import { WireClient } from './lib/wire.js';

const argv = process.argv.slice(2);
const rootAt = argv.indexOf('--root');
const otherRoot = rootAt >= 0 ? argv[rootAt + 1] : undefined;
const ROUNDS = 3;
const RUN_MS = 3000;

interface Row {
  mbps: number;
  reqps: number;
}

async function measure(opts: { root?: string; arm: boolean }): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-faults-'));
  const adminPort = opts.arm ? await freePort() : 0;
  const b = await spawnBroker({ dataDir, flavor: opts.root === undefined ? defaultFlavor(argv) : 'dist', ...(opts.root === undefined ? {} : { root: opts.root }), config: opts.arm ? [`fault.injection.port=${adminPort}`] : [] });
  try {
    if (opts.arm) {
      const res = await fetch(`http://127.0.0.1:${adminPort}/faults`, { method: 'POST', body: JSON.stringify({ type: 'error', api: 'DescribeAcls', error: 'UNKNOWN_SERVER_ERROR' }) });
      if (res.status !== 201) throw new Error(`arming a fault answered ${res.status}`);
    }
    const c = await WireClient.connect(b.port);
    try {
      await ensureTopic(c, 'faults-bench');
      const { batch, records } = batchOfSize(16 * 1024, 1024);
      const target = [{ topic: 'faults-bench', partition: 0 }];
      await produceLoad(c, target, batch, records, 8, { ms: 500 });
      const f = await produceLoad(c, target, batch, records, 8, { ms: RUN_MS });
      return { mbps: f.bytes / 1e6 / (f.ms / 1000), reqps: f.requests / (f.ms / 1000) };
    } finally {
      c.close();
    }
  } finally {
    await b.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A port free a moment ago (the endpoint's own line comes before the ready line the spawner reads). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const rows: [string, { root?: string; arm: boolean }, Row[]][] = [
  ['nothing armed', { arm: false }, []],
  ['a fault armed on another API', { arm: true }, []],
];
if (otherRoot !== undefined) rows.push([`build at ${otherRoot}`, { root: otherRoot, arm: false }, []]);
heading(`Produce with fault injection (16 KiB batches of 1 KiB records, 8 in flight, ${RUN_MS / 1000} s, median of ${ROUNDS} alternating rounds)`);
for (let i = 0; i < ROUNDS; i++) for (const [, opts, out] of rows) out.push(await measure(opts));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
for (const [label, , out] of rows) figure(label, `${fixed(median(out.map((r) => r.mbps)))} MB/s, ${int(median(out.map((r) => r.reqps)))} requests/s`);
note('An unarmed broker pays one boolean check per request; armed, each request is matched against the armed faults.');
