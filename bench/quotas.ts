// Produce throughput with client quotas off and on: `npx tsx bench/quotas.ts [--src]`. Off: no quota
// configured, so the produce path does no quota work at all. On: a producer_byte_rate and
// request_percentage quota on the client's own (user, client-id) so high it never throttles, so every
// Produce request resolves the quota, records its bytes and handling time in the sampled sensors and
// computes a rate. Brokers run one at a time on a fresh data dir per round, rounds alternate their
// order and the best of each side is kept (as bench/acl-produce.ts). Figures only, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';
import { batchOfSize, produceLoad } from './lib/load.js';
import { ensureTopic } from './lib/ops.js';
import { figure, fixed, heading, int, MiB, mbps } from './lib/report.js';
import { WireClient } from './lib/wire.js';

const ROUNDS = 4;
const PRODUCE_MS = 2000;
const WARMUP_MS = 500;
const IN_FLIGHT = 8;

/** The store file a broker loads at start (quotas/store.ts): a quota that applies but never bites. */
function writeQuotas(dataDir: string): void {
  const quotas = [{ entity: [{ type: 'user', name: null }], values: { producer_byte_rate: 1e15, request_percentage: 1e9 } }];
  fs.writeFileSync(path.join(dataDir, '.client-quotas.json'), `${JSON.stringify({ version: 1, quotas })}\n`);
}

interface Best {
  mbps: number;
  reqPerSec: number;
}

let rounds = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-quotas-'));

async function round(on: boolean, load: { size: number; value?: number; topic: string }, best: Best): Promise<void> {
  const dataDir = path.join(dir, `${on ? 'on' : 'off'}-${++rounds}`);
  fs.mkdirSync(dataDir, { recursive: true });
  if (on) writeQuotas(dataDir);
  const b = await spawnBroker({ dataDir, flavor: defaultFlavor(process.argv) });
  const client = await WireClient.connect(b.port);
  try {
    const { batch, records } = batchOfSize(load.size, load.value ?? 1024);
    const target = [{ topic: load.topic, partition: 0 }];
    await ensureTopic(client, load.topic);
    await produceLoad(client, target, batch, records, IN_FLIGHT, { ms: WARMUP_MS });
    const f = await produceLoad(client, target, batch, records, IN_FLIGHT, { ms: PRODUCE_MS });
    const rate = mbps(f.bytes, f.ms);
    if (rate > best.mbps) {
      best.mbps = rate;
      best.reqPerSec = (f.requests / f.ms) * 1000;
    }
  } finally {
    client.close();
    await b.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  const loads = [
    { label: '1 MiB batches of 1 KiB records', size: MiB, topic: 'quota-bench-1m' },
    { label: 'one 100-byte record per request', size: 200, value: 100, topic: 'quota-bench-1r' },
  ];
  heading(`Produce v9, acks=1, one partition, ${IN_FLIGHT} in flight: no quotas vs a never-binding quota on the client (best of ${ROUNDS} ${PRODUCE_MS / 1000} s rounds each, a fresh broker per round, order alternating)`);
  for (const load of loads) {
    const off: Best = { mbps: 0, reqPerSec: 0 };
    const on: Best = { mbps: 0, reqPerSec: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of r % 2 === 0 ? [false, true] : [true, false]) await round(side, load, side ? on : off);
    }
    figure(`${load.label}, quotas off`, `${fixed(off.mbps)} MB/s (${int(off.reqPerSec)} req/s)`);
    figure(`${load.label}, quota on`, `${fixed(on.mbps)} MB/s (${int(on.reqPerSec)} req/s)`);
    figure(`${load.label}, on / off`, `${fixed((on.reqPerSec / off.reqPerSec) * 100, 1)}% of the request rate`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
