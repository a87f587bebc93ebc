// The broker's log cleaner cleaning a sizeable compacted topic (24 MB) while a producer and a
// consumer work on another topic: both end with exactly the records they should. How long requests
// wait meanwhile is bench/compaction.ts's business, not a test's.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartitionLog } from '../../src/broker/log/partition-log.js';
import { decodeRecordBatches, encodeRecordBatch, type RecordBatch } from '../../src/protocol/records/batch.js';
import { spawnBroker } from '../helpers/broker-process.js';
import { startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';

const KEYS = 2000;
const ROUNDS = 12;
const PER_BATCH = 100;
const VALUE = 'v'.repeat(1000);
const TOPIC_CONFIG = 2; // AlterConfigs resource type

function valueOf(round: number, key: number): string {
  return `${round}:${key}:${VALUE}`;
}

/** Every record of the log from its start: [offset, key, value]. */
function readAll(log: PartitionLog): [number, string, string][] {
  const got: [number, string, string][] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const batches = decodeRecordBatches(log.read(offset, 1 << 20).records, { verifyCrc: true });
    for (const batch of batches) for (const r of batch.records) got.push([Number(r.offset), r.key?.toString() ?? '', r.value?.toString() ?? '']);
    const last = batches.at(-1) as RecordBatch;
    offset = Number(last.baseOffset) + last.lastOffsetDelta + 1;
  }
  return got;
}

/** ROUNDS rounds of every key, straight into the log, then a roll so all of it is cleanable. */
function fill(log: PartitionLog, rounds: number): void {
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < KEYS; k += PER_BATCH) {
      const records = Array.from({ length: PER_BATCH }, (_, i) => ({ key: `key-${k + i}`, value: valueOf(round, k + i) }));
      log.append(encodeRecordBatch({ records, timestamp: Date.now() }));
    }
  }
  log.roll();
}

describe('log cleaner in the broker', () => {
  let b: TestBroker;
  let admin: Admin;
  beforeAll(async () => {
    b = await startTestBroker({ config: { 'log.cleaner.backoff.ms': '20' } });
    admin = new Kafka({ brokers: [b.bootstrap], clientId: 'log-cleaner', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await b.dispose();
  });

  it('cleans a 24 MB compacted topic to the last record per key while another topic is produced and consumed', async () => {
    // Held back (a ratio no log exceeds) until the data is all in.
    const configEntries = [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.bytes', value: String(4 * 1024 * 1024) },
      { name: 'min.cleanable.dirty.ratio', value: '1' },
    ];
    await admin.createTopics({ topics: [{ topic: 'table', numPartitions: 1, configEntries }, { topic: 'events', numPartitions: 1 }] });
    const log = b.running.broker.topics.partition('table', 0)?.log as PartitionLog;
    fill(log, ROUNDS);
    const end = log.logEndOffset;
    expect(end).toBe(KEYS * ROUNDS);
    expect(log.sizeInBytes()).toBeGreaterThan(24_000_000);
    expect(log.segmentCount()).toBeGreaterThan(5);

    const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'log-cleaner-clients', logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: 'events-reader' });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: 'events', fromBeginning: true });
    const received: string[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(message.value?.toString() ?? '<null>');
        return Promise.resolve();
      },
    });

    await admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC_CONFIG, name: 'table', configEntries: configEntries.filter((c) => c.name !== 'min.cleanable.dirty.ratio') }] });
    const sent: string[] = [];
    for (let i = 0; i < 300; i++) {
      const value = `event-${i}`;
      await producer.send({ topic: 'events', messages: [{ key: `e${i % 7}`, value }] });
      sent.push(value);
    }
    const deadline = Date.now() + 60_000;
    while ((log.cleanerView().checkpoint !== end || received.length < sent.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await consumer.disconnect();
    await producer.disconnect();

    expect(received).toEqual(sent);
    expect(log.cleanerView().checkpoint).toBe(end);
    expect(b.logs.some((l) => l.startsWith('Log cleaner cleaned table-0 offsets [0, 24000)'))).toBe(true);
    // Exactly the last round, at its original offsets, every batch's CRC intact.
    const got = readAll(log);
    expect(got.length).toBe(KEYS);
    expect(got).toEqual(Array.from({ length: KEYS }, (_, k): [number, string, string] => [(ROUNDS - 1) * KEYS + k, `key-${k}`, valueOf(ROUNDS - 1, k)]));
    expect(log.sizeInBytes()).toBeLessThan(2_200_000);
  }, 120_000);

  it('keeps every offset\'s latest value when the broker is killed (SIGKILL) while it cleans, and finishes the clean after', async () => {
    const dataDir = tempDataDir();
    try {
      const loader = await startTestBroker({ dataDir, config: { 'log.cleaner.enable': 'false' } });
      const configEntries = [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: String(2 * 1024 * 1024) }];
      const loaderAdmin = new Kafka({ brokers: [loader.bootstrap], logLevel: logLevel.NOTHING }).admin();
      await loaderAdmin.connect();
      await loaderAdmin.createTopics({ topics: [{ topic: 'crashy', numPartitions: 1, configEntries }] });
      await loaderAdmin.disconnect();
      const rounds = 8;
      fill(loader.running.broker.topics.partition('crashy', 0)?.log as PartitionLog, rounds);
      await loader.stop();

      // A broker process whose cleaner starts on this log at once; killed at its first .cleaned file
      // (or, should the clean outrun the watch, once the watch gives up: the outcome must hold either way).
      const dir = path.join(dataDir, 'crashy-0');
      const bp = await spawnBroker(dataDir);
      const deadline = Date.now() + 30_000;
      while (!fs.readdirSync(dir).some((f) => f.endsWith('.cleaned')) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      bp.child.kill('SIGKILL');
      await bp.exited;

      const end = rounds * KEYS;
      const original = (offset: number): [number, string, string] => [offset, `key-${offset % KEYS}`, valueOf(Math.floor(offset / KEYS), offset % KEYS)];
      const after = await startTestBroker({ dataDir, config: { 'log.cleaner.backoff.ms': '20' } });
      try {
        const log = after.running.broker.topics.partition('crashy', 0)?.log as PartitionLog;
        expect(log.logEndOffset).toBe(end);
        // Whatever the kill interrupted: only original records at their offsets, and every key's latest.
        const got = readAll(log);
        for (const record of got) expect(record).toEqual(original(record[0]));
        const offsets = new Set(got.map(([o]) => o));
        for (let k = 0; k < KEYS; k++) expect(offsets.has((rounds - 1) * KEYS + k)).toBe(true);
        const until = Date.now() + 60_000;
        while (log.cleanerView().checkpoint !== end && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        expect(readAll(log)).toEqual(Array.from({ length: KEYS }, (_, k) => original((rounds - 1) * KEYS + k)));
        expect(fs.readdirSync(dir).filter((f) => f.endsWith('.cleaned') || f.endsWith('.deleted'))).toEqual([]);
      } finally {
        await after.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
