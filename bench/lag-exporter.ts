// tkafka lag-exporter's collection cost (issue #17): `node --import tsx bench/lag-exporter.ts [--src]
// [--groups 100] [--partitions 10]`. A broker in its own process holds one topic of --partitions
// partitions (100 records each, in batches of 10) and --groups groups, each with a committed offset on
// every partition (all different, so every committed record's timestamp is read). Figures: the first
// collection (Metadata, ListOffsets, ListGroups, DescribeGroups, one OffsetFetch per group, and a Fetch
// for each committed record's timestamp), then warm collections (timestamps cached, the steady state
// at every --interval), and rendering a scrape from the snapshot. Figures only, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { NativeClient } from '../src/client/native/client.js';
import { NativeGroupAdmin } from '../src/core/consumer-groups/admin.js';
import { LagCollector } from '../src/core/lag-exporter/collect.js';
import { ALL } from '../src/core/lag-exporter/options.js';
import { registerLagMetrics, type LagSnapshot } from '../src/shared/metrics/lag-metrics.js';
import { defaultFlavor, spawnBroker } from './lib/broker-process.js';
import { figure, fixed, heading, int, note, percentile } from './lib/report.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: number): number => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const GROUPS = arg('--groups', 100);
const PARTITIONS = arg('--partitions', 10);
const RECORDS = 100;
const WARM = 10;
const TOPIC = 'lag-bench';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-lag-'));
const broker = await spawnBroker({ dataDir, flavor: defaultFlavor(argv), config: ['group.initial.rebalance.delay.ms=0'] });
const bootstrap = `127.0.0.1:${broker.port}`;
try {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'bench-lag', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < PARTITIONS; p++) {
    for (let b = 0; b < RECORDS / 10; b++) {
      await producer.send({ topic: TOPIC, messages: Array.from({ length: 10 }, (_, i) => ({ partition: p, value: `r${b * 10 + i}` })) });
    }
  }
  await producer.disconnect();

  const client = await NativeClient.connect({ brokers: [bootstrap], clientId: 'bench-lag-exporter' });
  const groups = new NativeGroupAdmin(client);
  for (let g = 0; g < GROUPS; g++) {
    const offsets = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: TOPIC, partition, offset: BigInt((g * 7 + partition) % RECORDS) }));
    await groups.commitOffsets(`lag-bench-${String(g).padStart(3, '0')}`, offsets);
  }

  heading(`lag-exporter collection: ${GROUPS} groups x ${PARTITIONS} partitions (one topic, ${RECORDS} records per partition), broker in its own process`);
  const collector = new LagCollector();
  const collect = async (): Promise<{ ms: number; snap: LagSnapshot }> => {
    const t0 = performance.now();
    const snap = await collector.collect({ client, admin: groups, filters: ALL, now: () => Date.now() });
    return { ms: performance.now() - t0, snap };
  };
  const cold = await collect();
  const rows = cold.snap.groups.reduce((n, g) => n + g.offsets.length, 0);
  const withSeconds = cold.snap.groups.reduce((n, g) => n + g.offsets.filter((o) => o.lagSeconds !== null).length, 0);
  figure('first collection (reads every timestamp)', `${fixed(cold.ms, 0)} ms  (${int(rows)} group partitions, ${int(withSeconds)} with lag seconds)`);
  const warm: number[] = [];
  let snap = cold.snap;
  for (let i = 0; i < WARM; i++) {
    const r = await collect();
    warm.push(r.ms);
    snap = r.snap;
  }
  warm.sort((a, b) => a - b);
  figure(`warm collection (timestamps cached), ${WARM} runs`, `median ${fixed(percentile(warm, 50), 0)} ms, max ${fixed(warm[warm.length - 1] ?? NaN, 0)} ms`);

  const registry = new Registry();
  registerLagMetrics(registry, () => Promise.resolve(snap));
  const renders: number[] = [];
  let text = '';
  for (let i = 0; i < WARM; i++) {
    const t0 = performance.now();
    text = await registry.metrics();
    renders.push(performance.now() - t0);
  }
  renders.sort((a, b) => a - b);
  const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  figure('rendering a scrape from the snapshot', `median ${fixed(percentile(renders, 50), 1)} ms  (${int(series)} series, ${int(text.length / 1024)} KiB)`);
  note('The exporter collects every --interval (default 15 s) and answers scrapes from the last snapshot: a scrape costs only the rendering.');
  await client.close();
} finally {
  await broker.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
