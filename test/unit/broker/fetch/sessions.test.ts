// The fetch session cache on its own: Kafka's epoch sequence, its size limit with eviction of the least
// recently used session once idle for 120 s, and which partitions an incremental response must carry.
import { describe, expect, it } from 'vitest';
import { FetchSession, FetchSessionCache, nextEpoch, type CachedPartition } from '../../../../src/broker/fetch/sessions.js';

function part(partition: number, topicId = 'AQIDBAUGBwgJCgsMDQ4PEA'): CachedPartition {
  return { topicId, topic: 't', partition, fetchOffset: 0n, partitionMaxBytes: 1000, currentLeaderEpoch: -1, logStartOffset: -1n, lastFetchedEpoch: -1, sentHighWatermark: 5n, sentLogStartOffset: 0n };
}

describe('fetch sessions', () => {
  it('epochs go 1, 2, … and wrap from Integer.MAX_VALUE to 1; a negative epoch stays final', () => {
    expect([1, 2, 0x7fff_fffe, 0x7fff_ffff, -1].map(nextEpoch)).toEqual([2, 3, 0x7fff_ffff, 1, -1]);
  });

  it('holds 1000 sessions; a new one evicts the least recently used only once it has been idle 120 s', () => {
    const cache = new FetchSessionCache();
    const first = cache.create(0, true, [part(0)]);
    expect(first?.epoch).toBe(1);
    const ids = new Set<number>([first?.id ?? 0]);
    for (let i = 1; i < 1000; i++) ids.add(cache.create(i, true, [part(0)])?.id ?? 0);
    expect(ids.size).toBe(1000);
    expect(ids.has(0)).toBe(false);
    expect(cache.size).toBe(1000);
    // Every session is younger than 120 s: no room.
    expect(cache.create(119_999, true, [part(0)])).toBeUndefined();
    // Touching the oldest makes the second one the least recently used.
    cache.touch(first as FetchSession, 50_000);
    const next = cache.create(120_001, true, [part(0)]);
    expect(next).toBeDefined();
    expect(cache.size).toBe(1000);
    expect(cache.get(first?.id ?? 0)).toBe(first);
  });

  it('an incremental response carries records, a moved high watermark or log start, and errors; the update order is Kafka\'s', () => {
    const s = new FetchSession(7, true, 0);
    s.update([part(0), part(1)], []);
    const p0 = s.partitions.get(s.key(part(0))) as CachedPartition;
    // Newly added: nothing sent yet, so the first answer is news.
    expect(p0.sentHighWatermark).toBe(-1n);
    const quiet = { errorCode: 0, highWatermark: 5n, logStartOffset: 0n, records: Buffer.alloc(0), preferredReadReplica: -1 };
    expect(s.mustRespond(p0, quiet)).toBe(true);
    expect(s.mustRespond(p0, quiet)).toBe(false);
    expect(s.mustRespond(p0, { ...quiet, records: Buffer.from([1]) })).toBe(true);
    expect(s.mustRespond(p0, { ...quiet, logStartOffset: 2n })).toBe(true);
    expect(s.mustRespond(p0, { ...quiet, logStartOffset: 2n, errorCode: 3 })).toBe(true);
    // After an error the next good answer is news again.
    expect(s.mustRespond(p0, { ...quiet, logStartOffset: 2n })).toBe(true);
    s.rotate(p0);
    expect([...s.partitions.values()].map((p) => p.partition)).toEqual([1, 0]);
    // Updated in place, then forgotten: the request's partitions first, then the forgotten ones.
    s.update([{ ...part(1), fetchOffset: 9n }], [{ topicId: part(1).topicId, topic: 't', partition: 1 }]);
    expect([...s.partitions.values()].map((p) => p.partition)).toEqual([0]);
  });
});
