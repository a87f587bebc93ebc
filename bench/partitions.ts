// Many partitions (issue #16): `node --import tsx bench/partitions.ts [--src] [--sizes 1,100,1000,10000]`.
// For each size, one topic of that many partitions on a fresh broker (its own process): CreateTopics
// time, then a graceful restart and the start-up time with those partitions, idle RSS, open file
// descriptors (and the file pool's cap, half the broker's `ulimit -n`), Metadata latency for all
// topics, the first 64 KiB batch into every partition, then (warm) produce MB/s with 64 KiB batches
// spread round-robin over every partition against the same load into one partition, 8 requests in
// flight on one connection. Figures only, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTopicsRequestVersions, defaultCreatableTopic, defaultCreateTopicsRequest, encodeCreateTopicsRequest } from '../src/protocol/generated/messages/create-topics-request.js';
import { decodeCreateTopicsResponse } from '../src/protocol/generated/messages/create-topics-response.js';
import { MetadataRequestVersions, defaultMetadataRequest, encodeMetadataRequest } from '../src/protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse } from '../src/protocol/generated/messages/metadata-response.js';
import { defaultFlavor, spawnBroker, type BrokerFlavor, type BrokerProcess } from './lib/broker-process.js';
import { batchOfSize, produceLoad } from './lib/load.js';
import { figure, fixed, heading, int, MB, mbps, note, percentile } from './lib/report.js';
import { WireClient } from './lib/wire.js';

const argv = process.argv.slice(2);
const flavor: BrokerFlavor = defaultFlavor(argv);
const sizesArg = argv[argv.indexOf('--sizes') + 1];
const SIZES = argv.includes('--sizes') && sizesArg !== undefined ? sizesArg.split(',').map(Number) : [1, 100, 1000, 10_000];
const TOPIC = 'parts';
const PRODUCE_MS = 2500;
const WARMUP_MS = 500;
const IN_FLIGHT = 8;
const METADATA_SAMPLES = 30;
const CREATE_VERSION = 7;
const METADATA_VERSION = 12;

function openFds(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

function fdLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return m === null ? null : Number(m[1]);
  } catch {
    return null;
  }
}

async function createTopic(client: WireClient, partitions: number): Promise<number> {
  const t0 = performance.now();
  const r = await client.request(CreateTopicsRequestVersions, CREATE_VERSION, (w) =>
    encodeCreateTopicsRequest(
      w,
      { ...defaultCreateTopicsRequest(), timeoutMs: 120_000, topics: [{ ...defaultCreatableTopic(), name: TOPIC, numPartitions: partitions, replicationFactor: 1 }] },
      CREATE_VERSION,
    ),
  );
  const res = decodeCreateTopicsResponse(r, CREATE_VERSION);
  const t = res.topics[0];
  if (t === undefined || t.errorCode !== 0) throw new Error(`CreateTopics ${partitions} partitions: error ${t?.errorCode ?? 'none'} ${t?.errorMessage ?? ''}`);
  return performance.now() - t0;
}

/** Metadata for every topic, `samples` times one after another: p50 and p99 in ms, and the partitions seen. */
async function metadataLatency(client: WireClient, samples: number): Promise<{ p50: number; p99: number; partitions: number }> {
  const times: number[] = [];
  let partitions = 0;
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const r = await client.request(MetadataRequestVersions, METADATA_VERSION, (w) =>
      encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: null, allowAutoTopicCreation: false }, METADATA_VERSION),
    );
    const res = decodeMetadataResponse(r, METADATA_VERSION);
    times.push(performance.now() - t0);
    partitions = res.topics.find((t) => t.name === TOPIC)?.partitions.length ?? 0;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), partitions };
}

async function settle(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

interface Row {
  partitions: number;
  createMs: number;
  firstMs: number;
  startMs: number;
  rssMb: number;
  fdsIdle: number;
  fdsAfter: number;
  metaP50: number;
  metaP99: number;
  oneMbps: number;
  spreadMbps: number;
}

async function runSize(root: string, partitions: number): Promise<Row> {
  const dataDir = path.join(root, `p${partitions}`);
  fs.mkdirSync(dataDir);
  let broker: BrokerProcess = await spawnBroker({ dataDir, flavor });
  let client = await WireClient.connect(broker.port);
  const createMs = await createTopic(client, partitions);
  client.close();
  await broker.stop();

  broker = await spawnBroker({ dataDir, flavor });
  try {
    client = await WireClient.connect(broker.port);
    await settle(1000);
    const rssMb = broker.rss() / MB;
    const fdsIdle = openFds(broker.pid);
    const meta = await metadataLatency(client, METADATA_SAMPLES);
    if (meta.partitions !== partitions) throw new Error(`Metadata shows ${meta.partitions} partitions, expected ${partitions}`);

    const { batch, records } = batchOfSize(64 * 1024, 1024);
    const targets = Array.from({ length: partitions }, (_, partition) => ({ topic: TOPIC, partition }));
    // The first batch into each partition also loads its producer state and writes its leader-epoch
    // checkpoint (fsynced): timed on its own, then the steady state is measured.
    const first = await produceLoad(client, targets, batch, records, Math.min(IN_FLIGHT, partitions), { bytes: batch.length * partitions });
    await produceLoad(client, [{ topic: TOPIC, partition: 0 }], batch, records, IN_FLIGHT, { ms: WARMUP_MS });
    const one = await produceLoad(client, [{ topic: TOPIC, partition: 0 }], batch, records, IN_FLIGHT, { ms: PRODUCE_MS });
    const spread = await produceLoad(client, targets, batch, records, IN_FLIGHT, { ms: PRODUCE_MS });
    const fdsAfter = openFds(broker.pid);
    client.close();
    return {
      partitions,
      createMs,
      firstMs: first.ms,
      startMs: broker.readyMs,
      rssMb,
      fdsIdle,
      fdsAfter,
      metaP50: meta.p50,
      metaP99: meta.p99,
      oneMbps: mbps(one.bytes, one.ms),
      spreadMbps: mbps(spread.bytes, spread.ms),
    };
  } finally {
    await broker.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-partitions-'));
process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
const limit = fdLimit();
console.log(
  `partition benchmarks: broker = ${flavor === 'dist' ? 'bin/tkafka.js broker start --foreground (dist/)' : 'test/fixtures/run-broker.ts under tsx'}, ` +
    `one topic of N partitions, ulimit -n ${limit ?? 'unknown'} (file pool cap ${limit === null ? 'default' : int(Math.floor(limit / 2))}), MB = 10^6 bytes, ${os.cpus().length} CPUs`,
);
const rows: Row[] = [];
for (const n of SIZES) {
  heading(`${int(n)} partition(s)`);
  const row = await runSize(root, n);
  rows.push(row);
  figure('CreateTopics', `${int(row.createMs)} ms`);
  figure('start-up with them: ready line', `${int(row.startMs)} ms`);
  figure('idle RSS after start', `${fixed(row.rssMb)} MB`);
  figure('open fds: idle / after the spread produce', `${int(row.fdsIdle)} / ${int(row.fdsAfter)}`);
  figure('Metadata (all topics) p50 / p99', `${fixed(row.metaP50, 2)} / ${fixed(row.metaP99, 2)} ms`);
  figure('first batch into every partition', `${int(row.firstMs)} ms (${fixed(row.firstMs / n, 2)} ms each)`);
  figure('produce 64 KiB batches, one partition', `${fixed(row.oneMbps)} MB/s`);
  figure(`produce spread over ${int(n)}`, `${fixed(row.spreadMbps)} MB/s (${fixed((100 * row.spreadMbps) / row.oneMbps, 0)}% of one partition)`);
}
heading('summary');
note('partitions   create ms   start ms   RSS MB   fds idle/after   Metadata p50/p99 ms   one MB/s   spread MB/s');
for (const r of rows) {
  note(
    `${int(r.partitions).padStart(10)}   ${int(r.createMs).padStart(9)}   ${int(r.startMs).padStart(8)}   ${fixed(r.rssMb).padStart(6)}   ` +
      `${`${int(r.fdsIdle)}/${int(r.fdsAfter)}`.padStart(14)}   ${`${fixed(r.metaP50, 2)}/${fixed(r.metaP99, 2)}`.padStart(19)}   ${fixed(r.oneMbps).padStart(8)}   ${fixed(r.spreadMbps).padStart(11)}`,
  );
}
