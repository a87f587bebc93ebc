import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { NativeGroupAdmin, type GroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { LagCollector } from '../../src/core/lag-exporter/collect.js';
import { ALL, compileFilters } from '../../src/core/lag-exporter/options.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// lag-exporter's collector against a real broker: the timestamps of committed records read for many
// groups at different offsets of one partition and for batches larger than a Fetch's per-partition
// share; a group whose offsets cannot be read is left out with a warning, not the whole collection;
// kafka_exporter's filters.

const HOUR = 3_600_000;
const BASE = Date.now() - 24 * HOUR;
const BIG = 'x'.repeat(100 * 1024);

let b: TestBroker;
let client: NativeClient;
let admin: NativeGroupAdmin;

beforeAll(async () => {
  b = await startTestBroker();
  const kafka = new kafkajs.Kafka({ brokers: [b.bootstrap], clientId: 'lag-collector-test', logLevel: kafkajs.logLevel.NOTHING });
  const ka = kafka.admin();
  await ka.connect();
  await ka.createTopics({ topics: [{ topic: 'small', numPartitions: 1 }, { topic: 'big', numPartitions: 2 }], waitForLeaders: true });
  await ka.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  // small: 20 records in two batches of 10; record o stamped BASE + o minutes.
  for (const first of [0, 10]) {
    await producer.send({ topic: 'small', messages: Array.from({ length: 10 }, (_, i) => ({ value: `s${first + i}`, timestamp: String(BASE + (first + i) * 60_000) })) });
  }
  // big: two 100 KiB records per partition, each its own batch, larger than a Fetch's 64 KiB per-partition share.
  for (const partition of [0, 1]) {
    for (const o of [0, 1]) await producer.send({ topic: 'big', messages: [{ partition, value: BIG, timestamp: String(BASE + (partition * 10 + o) * HOUR) }] });
  }
  await producer.disconnect();
  client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'lag-collector-test' });
  admin = new NativeGroupAdmin(client);
  // Groups g0..g4 on small at offsets 0, 3, 9, 12, 19; bigg on big at offset 1 of both partitions.
  for (const [i, offset] of [0, 3, 9, 12, 19].entries()) await admin.commitOffsets(`g${i}`, [{ topic: 'small', partition: 0, offset: BigInt(offset) }]);
  await admin.commitOffsets('bigg', [0, 1].map((partition) => ({ topic: 'big', partition, offset: 1n })));
});

afterAll(async () => {
  await client?.close();
  await b?.dispose();
});

/** lagSeconds must be (collection time - record timestamp)/1000 with the collection between `from` and `to`. */
function expectAge(lagSeconds: number | null | undefined, written: number, from: number, to: number): void {
  expect(lagSeconds).not.toBeNull();
  expect(lagSeconds).toBeGreaterThanOrEqual((from - written) / 1000);
  expect(lagSeconds).toBeLessThanOrEqual((to - written) / 1000);
}

describe('LagCollector', () => {
  it('reads the timestamp of the record at each committed offset: several per partition, and batches bigger than the per-partition share', async () => {
    const collector = new LagCollector();
    const from = Date.now();
    const snap = await collector.collect({ client, admin, filters: ALL, now: () => Date.now() });
    const to = Date.now();
    expect(collector.warnings).toEqual([]);
    const small = [0, 3, 9, 12, 19].map((offset, i) => ({ offset, g: snap.groups.find((x) => x.group === `g${i}`) }));
    for (const { offset, g } of small) {
      expect(g?.offsets.map((o) => [o.topic, o.partition, o.committedOffset, o.lag])).toEqual([['small', 0, offset, 20 - offset]]);
      expectAge(g?.offsets[0]?.lagSeconds, BASE + offset * 60_000, from, to);
    }
    const big = snap.groups.find((x) => x.group === 'bigg');
    expect(big?.offsets.map((o) => [o.topic, o.partition, o.committedOffset, o.lag])).toEqual([
      ['big', 0, 1, 1],
      ['big', 1, 1, 1],
    ]);
    expectAge(big?.offsets[0]?.lagSeconds, BASE + 1 * HOUR, from, to);
    expectAge(big?.offsets[1]?.lagSeconds, BASE + 11 * HOUR, from, to);
  });

  it('leaves out a group whose offsets cannot be read, with a warning, and keeps the rest', async () => {
    const failing: GroupAdmin = Object.create(admin) as GroupAdmin;
    failing.fetchOffsets = (groupId) => (groupId === 'g1' ? Promise.reject(new Error('GROUP_AUTHORIZATION_FAILED')) : admin.fetchOffsets(groupId));
    const collector = new LagCollector();
    const snap = await collector.collect({ client, admin: failing, filters: compileFilters({ group: ['^g[01]$'] }), now: () => Date.now() });
    expect(collector.warnings).toEqual(['Cannot read the committed offsets of group g1: GROUP_AUTHORIZATION_FAILED']);
    expect(snap.groups.map((g) => [g.group, g.offsets.map((o) => o.committedOffset)])).toEqual([
      ['g0', [0]],
      ['g1', []],
    ]);
  });

  it("applies kafka_exporter's topic and group filters", async () => {
    const snap = await new LagCollector().collect({ client, admin, filters: compileFilters({ include: ['ig$', 'mall'], exclude: ['^b'], excludeGroup: ['^g[1-4]$'] }), now: () => Date.now() });
    expect(snap.topics.map((t) => t.topic)).toEqual(['small']);
    expect(snap.groups.map((g) => [g.group, g.offsets.length])).toEqual([
      ['bigg', 0],
      ['g0', 1],
    ]);
  });
});
