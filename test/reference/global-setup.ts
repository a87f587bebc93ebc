// Starts the reference clusters once for the whole interop tier: Apache Kafka 4.x as one KRaft node with
// PLAINTEXT + SASL_SSL (SCRAM-SHA-512) + SSL requiring a client certificate (mTLS), and as a three-node
// KRaft cluster. Test files read them with
// inject('kafka1') / inject('kafka3'); the parity rows they log are printed as one table at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { KAFKA_4, prepareToolArchive, resolveKafka, startKafka, stopKafka, type KafkaClusterInfo } from './kafka-ref.js';
import { measureTkafkaBroker } from './anchor.js';
import { flakyLogOf, logParity, renderFlaky, renderParityTable } from './parity-table.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kafka1: KafkaClusterInfo;
    kafka3: KafkaClusterInfo;
    refRunDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-reference-'));
  const parityLog = path.join(runDir, 'parity.jsonl');
  process.env['TKAFKA_PARITY_LOG'] = parityLog;
  resolveKafka(KAFKA_4);
  const [kafka1, kafka3] = await Promise.all([startKafka({ nodes: 1, sasl: true, mtls: true, dir: path.join(runDir, 'kafka1') }), startKafka({ nodes: 3, dir: path.join(runDir, 'kafka3') })]);
  for (const [name, c] of [
    ['one node (PLAINTEXT + SASL_SSL)', kafka1],
    ['three nodes', kafka3],
  ] as const) {
    process.stdout.write(`Apache Kafka ${c.version}, ${name}: ready in ${(c.readyMs / 1000).toFixed(1)} s (started together), RSS ${(c.rssKb / 1024).toFixed(0)} MiB\n`);
  }
  prepareToolArchive(kafka1);
  const ours = await measureTkafkaBroker(runDir);
  process.stdout.write(`tkafka broker: ready in ${(ours.readyMs / 1000).toFixed(2)} s, RSS ${(ours.rssKb / 1024).toFixed(0)} MiB\n`);
  logParity({ tier: 'performance anchors', scenario: `Apache Kafka ${kafka1.version}, 1 node: ready ${(kafka1.readyMs / 1000).toFixed(1)} s, RSS ${(kafka1.rssKb / 1024).toFixed(0)} MiB; 3 nodes: ready ${(kafka3.readyMs / 1000).toFixed(1)} s, RSS ${(kafka3.rssKb / 1024).toFixed(0)} MiB; tkafka broker: ready ${(ours.readyMs / 1000).toFixed(2)} s, RSS ${(ours.rssKb / 1024).toFixed(0)} MiB`, result: 'passes' });
  project.provide('kafka1', kafka1);
  project.provide('kafka3', kafka3);
  project.provide('refRunDir', runDir);
  return () => {
    stopKafka(kafka1);
    stopKafka(kafka3);
    if (fs.existsSync(parityLog)) process.stdout.write(`\n${renderParityTable(fs.readFileSync(parityLog, 'utf8'))}\n`);
    const flakyLog = flakyLogOf(parityLog);
    if (fs.existsSync(flakyLog)) process.stdout.write(renderFlaky(fs.readFileSync(flakyLog, 'utf8')));
    if (process.env['TKAFKA_REF_KEEP'] !== '1') fs.rmSync(runDir, { recursive: true, force: true });
  };
}
