// controller_mutation_rate as Kafka's ControllerMutationQuotaManager enforces it (KIP-599), on a
// broker whose quota clock the test drives: a token bucket of 11 s of the rate per (user, client-id),
// full at first. CreateTopics v6+, CreatePartitions v3+ and DeleteTopics v5+ refuse a topic with
// THROTTLING_QUOTA_EXCEEDED once the bucket is below zero, leaving it untouched; older versions
// always mutate and throttle the response instead. throttle_time_ms = −tokens / rate × 1000.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/server/broker.js';
import { AlterClientQuotasApi } from '../../src/protocol/generated/apis/alter-client-quotas.js';
import { CreatePartitionsApi } from '../../src/protocol/generated/apis/create-partitions.js';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { DeleteTopicsApi } from '../../src/protocol/generated/apis/delete-topics.js';
import { ManualClock } from '../../src/shared/clock.js';
import { startServer, tempDataDir } from '../helpers/broker.js';
import { WireClient, wireApi } from './admin-wire.js';

const Alter = wireApi(AlterClientQuotasApi);
const CreateTopics = wireApi(CreateTopicsApi);
const CreatePartitions = wireApi(CreatePartitionsApi);
const DeleteTopics = wireApi(DeleteTopicsApi);
const THROTTLED = 89;
const MESSAGE = 'The throttling quota has been exceeded.';

describe('controller_mutation_rate', () => {
  const clock = new ManualClock();
  const dataDir = tempDataDir('tkafka-mutation-quota-');
  let running: RunningBroker;
  const clients: WireClient[] = [];
  // A throttled response mutes its connection (in real time): every request gets a fresh one.
  const wire = async (): Promise<WireClient> => {
    const c = await WireClient.connect(running.port);
    clients.push(c);
    return c;
  };
  const create = async (version: number, topics: Array<[string, number]>, validateOnly = false) =>
    (await wire()).request(CreateTopics, version, {
      topics: topics.map(([name, numPartitions]) => ({ name, numPartitions, replicationFactor: 1, assignments: [], configs: [] })),
      timeoutMs: 5000,
      validateOnly,
    });
  const grow = async (version: number, name: string, count: number) =>
    (await wire()).request(CreatePartitions, version, { topics: [{ name, count, assignments: null }], timeoutMs: 5000, validateOnly: false });
  const remove = async (version: number, names: string[]) => (await wire()).request(DeleteTopics, version, { topics: [], topicNames: names, timeoutMs: 5000 });
  const partitionsOf = (name: string): number | undefined => running.broker.topics.get(name)?.partitions.length;
  const dirsOf = (name: string): string[] => fs.readdirSync(dataDir).filter((d) => d.startsWith(`${name}-`));

  beforeAll(async () => {
    running = await startServer({ dataDir, clock, config: { 'group.initial.rebalance.delay.ms': '0' }, log: () => undefined });
    // WireClient's client id; 2 partitions per second: a bucket of 22.
    const res = await (await wire()).request(Alter, 1, {
      entries: [{ entity: [{ entityType: 'client-id', entityName: 'wire-test' }], ops: [{ key: 'controller_mutation_rate', value: 2, remove: false }] }],
      validateOnly: false,
    });
    expect(res.entries[0]?.errorCode).toBe(0);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await running.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('strict versions refuse a topic once the bucket is below zero, and create, grow or delete nothing of it', async () => {
    // 22 → 2 → −1: both go (a topic may take the bucket below zero); the third is refused.
    const r1 = await create(7, [['mq-a', 20], ['mq-b', 3], ['mq-c', 1]]);
    expect(r1.topics.map((t) => [t.name, t.errorCode, t.errorMessage])).toEqual([
      ['mq-a', 0, null],
      ['mq-b', 0, null],
      ['mq-c', THROTTLED, MESSAGE],
    ]);
    expect(r1.throttleTimeMs).toBe(500);
    expect([partitionsOf('mq-a'), partitionsOf('mq-b'), partitionsOf('mq-c')]).toEqual([20, 3, undefined]);
    expect(dirsOf('mq-c')).toEqual([]);

    // 400 ms later: −1 + 0.8 = −0.2, still below zero: 100 ms to go.
    clock.advance(400);
    const r2 = await grow(3, 'mq-b', 5);
    expect(r2.results).toEqual([{ name: 'mq-b', errorCode: THROTTLED, errorMessage: MESSAGE }]);
    expect(r2.throttleTimeMs).toBe(100);
    expect(partitionsOf('mq-b')).toBe(3);
    expect(dirsOf('mq-b').sort()).toEqual(['mq-b-0', 'mq-b-1', 'mq-b-2']);
    const r3 = await remove(5, ['mq-a']);
    expect(r3.responses.map((t) => [t.name, t.errorCode, t.errorMessage])).toEqual([['mq-a', THROTTLED, MESSAGE]]);
    expect(r3.throttleTimeMs).toBe(100);
    expect(partitionsOf('mq-a')).toBe(20);
    // validateOnly creates nothing either way.
    const r4 = await create(7, [['mq-v', 1]], true);
    expect([r4.topics[0]?.errorCode, r4.throttleTimeMs]).toEqual([THROTTLED, 100]);

    // At zero the bucket is not below it: the deletion goes (to −3) and is not throttled.
    clock.advance(100);
    const r5 = await remove(5, ['mq-b']);
    expect(r5.responses.map((t) => [t.name, t.errorCode])).toEqual([['mq-b', 0]]);
    expect(r5.throttleTimeMs).toBe(0);
    expect(partitionsOf('mq-b')).toBeUndefined();
  });

  it('older versions always mutate and throttle the response for what the bucket owes', async () => {
    // −3 → −4: CreateTopics v5 cannot say 89; the topic is created and the client throttled 2 s.
    const r1 = await create(5, [['mq-d', 1]]);
    expect(r1.topics.map((t) => [t.name, t.errorCode])).toEqual([['mq-d', 0]]);
    expect(r1.throttleTimeMs).toBe(2000);
    expect(partitionsOf('mq-d')).toBe(1);
    // −4 → −24 (mq-a's 20 partitions) → −25.
    const r2 = await remove(4, ['mq-a']);
    expect(r2.responses.map((t) => [t.name, t.errorCode])).toEqual([['mq-a', 0]]);
    expect(r2.throttleTimeMs).toBe(12_000);
    expect(partitionsOf('mq-a')).toBeUndefined();
    const r3 = await grow(2, 'mq-d', 2);
    expect(r3.results).toEqual([{ name: 'mq-d', errorCode: 0, errorMessage: null }]);
    expect(r3.throttleTimeMs).toBe(12_500);
    expect(partitionsOf('mq-d')).toBe(2);
  });

  it('refills at the rate up to 11 s of it, and validateOnly takes from the bucket too', async () => {
    // −25 + 2 × 30 s = 35, capped at 22. A validateOnly creation of 22 empties it, then 1 more goes
    // (0 is not below zero) and the next is refused.
    clock.advance(30_000);
    const r1 = await create(7, [['mq-e', 22]], true);
    expect([r1.topics[0]?.errorCode, r1.throttleTimeMs]).toEqual([0, 0]);
    expect(partitionsOf('mq-e')).toBeUndefined();
    const r2 = await create(7, [['mq-f', 1], ['mq-g', 1]]);
    expect(r2.topics.map((t) => [t.name, t.errorCode])).toEqual([['mq-f', 0], ['mq-g', THROTTLED]]);
    expect(r2.throttleTimeMs).toBe(500);
    expect([partitionsOf('mq-f'), partitionsOf('mq-g')]).toEqual([1, undefined]);
  });

  it('another client id has no quota and is never throttled', () => {
    const q = running.broker.quotas.controllerMutation.newQuotaFor('ANONYMOUS', 'other', true, () => clock.now());
    expect([q.record(1000), q.record(1000), q.throttleTimeMs()]).toEqual([true, true, 0]);
  });
});
