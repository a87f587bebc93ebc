import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBrokerConfig } from '../../../../src/broker/config.js';
import { encodeCoordinatorBatch, OffsetsTopicStore, OFFSETS_TOPIC } from '../../../../src/broker/group/offsets-topic.js';
import { encodeKey, encodeOffsetCommitValue, offsetsPartitionFor, type CoordinatorRecord } from '../../../../src/broker/group/records.js';
import { TopicManager } from '../../../../src/broker/metadata/topics.js';
import { decodeRecordBatch, encodeControlBatch, encodeRecordBatch } from '../../../../src/protocol/records/batch.js';
import { ControlRecordType } from '../../../../src/protocol/records/record.js';
import { ManualClock } from '../../../../src/shared/clock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function topics(dir?: string): { dir: string; tm: TopicManager } {
  const d = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-offsets-'));
  if (dir === undefined) dirs.push(d);
  const tm = new TopicManager(d, defaultBrokerConfig(), new ManualClock());
  tm.load();
  return { dir: d, tm };
}

function loadAll(store: OffsetsTopicStore): CoordinatorRecord[] {
  const out: CoordinatorRecord[] = [];
  store.load((r) => out.push(r));
  return out;
}

const offsetRecord = (group: string, offset: bigint): CoordinatorRecord => ({
  key: { type: 'offset', group, topic: 't', partition: 0 },
  value: { offset, leaderEpoch: -1, metadata: '', commitTimestamp: 1_700_000_000_000, expireTimestamp: null },
});

describe('OffsetsTopicStore', () => {
  it('creates __consumer_offsets on first use as a compacted internal topic', () => {
    const { tm } = topics();
    const store = new OffsetsTopicStore({ topics: tm, numPartitions: 5, clock: new ManualClock() });
    expect(tm.get(OFFSETS_TOPIC)).toBeUndefined();
    expect(loadAll(store)).toEqual([]);
    store.append('g', [offsetRecord('g', 1n)]);
    const t = tm.get(OFFSETS_TOPIC);
    expect(t?.internal).toBe(true);
    expect(t?.partitions).toHaveLength(5);
    expect(t?.configs).toEqual({ 'cleanup.policy': 'compact' });
  });

  it("writes one batch per append into the group's partition, in Kafka's key/value bytes", () => {
    const { tm } = topics();
    const clock = new ManualClock(1_700_000_000_000);
    const store = new OffsetsTopicStore({ topics: tm, numPartitions: 50, clock });
    store.append('my-group', [offsetRecord('my-group', 42n), { key: { type: 'group', group: 'my-group' }, value: null }]);
    const p = offsetsPartitionFor('my-group', 50);
    expect(p).toBe(12);
    const log = tm.partition(OFFSETS_TOPIC, p)?.log;
    expect(log?.logEndOffset).toBe(2);
    const batch = decodeRecordBatch(log?.read(0, 1 << 20).records ?? Buffer.alloc(0));
    expect(batch.maxTimestamp).toBe(1_700_000_000_000n);
    expect(batch.records.map((r) => [r.key?.toString('hex'), r.value?.toString('hex') ?? null])).toEqual([
      [encodeKey({ type: 'offset', group: 'my-group', topic: 't', partition: 0 }).toString('hex'), '0003000000000000002affffffff00000000018bcfe56800'],
      [encodeKey({ type: 'group', group: 'my-group' }).toString('hex'), null],
    ]);
  });

  it('replays what was appended after a reopen, in order', () => {
    const { dir, tm } = topics();
    const store = new OffsetsTopicStore({ topics: tm, numPartitions: 3, clock: new ManualClock() });
    store.append('a', [offsetRecord('a', 1n)]);
    store.append('b', [offsetRecord('b', 2n)]);
    store.append('a', [offsetRecord('a', 3n)]);
    tm.close();
    const again = topics(dir).tm;
    const records = loadAll(new OffsetsTopicStore({ topics: again, numPartitions: 99, clock: new ManualClock() }));
    const byGroup = (g: string) => records.filter((r) => r.key.group === g).map((r) => (r.value as { offset: bigint }).offset);
    expect(byGroup('a')).toEqual([1n, 3n]);
    expect(byGroup('b')).toEqual([2n]);
    again.close();
  });

  it('applies transactional offset commits only when their COMMIT marker follows, and skips unreadable records', () => {
    const { tm } = topics();
    const logs: string[] = [];
    const store = new OffsetsTopicStore({ topics: tm, numPartitions: 1, clock: new ManualClock(), log: (l) => logs.push(l) });
    store.prepare();
    const log = tm.partition(OFFSETS_TOPIC, 0)?.log;
    if (log === undefined) throw new Error('no partition');
    const kv = (offset: bigint) => ({ key: encodeKey({ type: 'offset', group: 'tx', topic: 't', partition: 0 }), value: encodeOffsetCommitValue({ offset, leaderEpoch: -1, metadata: '', commitTimestamp: 1, expireTimestamp: null }) });
    const txn = (pid: bigint, offset: bigint) => encodeRecordBatch({ records: [kv(offset)], isTransactional: true, producerId: pid, producerEpoch: 0, baseSequence: 0, timestamp: 1 });
    const marker = (pid: bigint, type: typeof ControlRecordType.COMMIT | typeof ControlRecordType.ABORT) => encodeControlBatch({ producerId: pid, producerEpoch: 0, type, coordinatorEpoch: 0, timestamp: 1 });
    log.append(txn(7n, 10n), { leaderEpoch: 0 });
    log.append(txn(8n, 20n), { leaderEpoch: 0 });
    log.append(marker(8n, ControlRecordType.ABORT), { leaderEpoch: 0 });
    log.append(encodeRecordBatch({ records: [{ key: Buffer.from([0, 1, 0]), value: null }], timestamp: 1 }), { leaderEpoch: 0 });
    log.append(marker(7n, ControlRecordType.COMMIT), { leaderEpoch: 0 });
    const records = loadAll(store);
    expect(records.map((r) => (r.value as { offset: bigint }).offset)).toEqual([10n]);
    expect(logs.some((l) => l.startsWith(`skipping unreadable record in ${OFFSETS_TOPIC}-0`))).toBe(true);
  });
});

describe('encodeCoordinatorBatch', () => {
  const ts = 1_700_000_123_456;
  const same = (keys: Buffer[], values: (Buffer | null)[]): void => {
    const expected = encodeRecordBatch({ records: keys.map((key, i) => ({ key, value: values[i] ?? null })), timestamp: ts });
    expect(encodeCoordinatorBatch(keys, values, ts).equals(expected)).toBe(true);
  };

  it('writes the bytes encodeRecordBatch writes for one offset commit', () => {
    const rec = offsetRecord('g', 42n);
    same([encodeKey(rec.key)], [encodeOffsetCommitValue(rec.value as Parameters<typeof encodeOffsetCommitValue>[0])]);
    const batch = decodeRecordBatch(encodeCoordinatorBatch([encodeKey(rec.key)], [null], ts));
    expect(batch).toMatchObject({ recordCount: 1, baseTimestamp: BigInt(ts), maxTimestamp: BigInt(ts), producerId: -1n, lastOffsetDelta: 0 });
    expect(batch.records[0]?.value).toBeNull();
  });

  it('matches with tombstones, multi-byte length varints and offset deltas past 63', () => {
    const keys = Array.from({ length: 130 }, (_, i) => Buffer.alloc(i % 3 === 0 ? 200 : 7, i));
    const values = keys.map((_, i) => (i % 5 === 0 ? null : Buffer.alloc(i === 7 ? 20_000 : i, 0xab)));
    same(keys, values);
    same([], []);
  });
});
