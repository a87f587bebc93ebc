import { describe, expect, it } from 'vitest';
import {
  decodeGroupMetadataValue,
  decodeKey,
  decodeOffsetCommitValue,
  decodeRecord,
  encodeGroupMetadataValue,
  encodeKey,
  encodeOffsetCommitValue,
  javaStringHashCode,
  offsetsPartitionFor,
} from '../../../../src/broker/group/records.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('__consumer_offsets record formats', () => {
  it('writes OffsetCommitKey with key version 1', () => {
    const key = encodeKey({ type: 'offset', group: 'g', topic: 't', partition: 3 });
    expect(key.toString('hex')).toBe('000100016700017400000003');
    expect(decodeKey(key)).toEqual({ type: 'offset', group: 'g', topic: 't', partition: 3 });
    // Key version 0 (written by old brokers) has the same layout.
    expect(decodeKey(hex('000000016700017400000003'))).toEqual({ type: 'offset', group: 'g', topic: 't', partition: 3 });
  });

  it('writes GroupMetadataKey with key version 2 and ignores newer record types', () => {
    const key = encodeKey({ type: 'group', group: 'grp' });
    expect(key.toString('hex')).toBe('00020003677270');
    expect(decodeKey(key)).toEqual({ type: 'group', group: 'grp' });
    expect(decodeKey(hex('00030003677270'))).toBeNull(); // ConsumerGroupMetadataKey (KIP-848)
  });

  it('writes OffsetCommitValue version 3, or version 1 when the commit carries an expiry', () => {
    const v3 = encodeOffsetCommitValue({ offset: 42n, leaderEpoch: 5, metadata: 'm', commitTimestamp: 1_700_000_000_000, expireTimestamp: null });
    expect(v3.toString('hex')).toBe('0003000000000000002a0000000500016d0000018bcfe56800');
    expect(decodeOffsetCommitValue(v3)).toEqual({ offset: 42n, leaderEpoch: 5, metadata: 'm', commitTimestamp: 1_700_000_000_000, expireTimestamp: null });
    const v1 = encodeOffsetCommitValue({ offset: 42n, leaderEpoch: -1, metadata: '', commitTimestamp: 1000, expireTimestamp: 61_000 });
    expect(v1.toString('hex')).toBe('0001000000000000002a000000000000000003e8000000000000ee48');
    expect(decodeOffsetCommitValue(v1)).toEqual({ offset: 42n, leaderEpoch: -1, metadata: '', commitTimestamp: 1000, expireTimestamp: 61_000 });
  });

  it('reads OffsetCommitValue version 4 (flexible)', () => {
    // offset 7, leaderEpoch 2, compact metadata "ab", commitTimestamp 9, no tagged fields
    const v4 = hex('0004' + '0000000000000007' + '00000002' + '036162' + '0000000000000009' + '00');
    expect(decodeOffsetCommitValue(v4)).toEqual({ offset: 7n, leaderEpoch: 2, metadata: 'ab', commitTimestamp: 9, expireTimestamp: null });
  });

  it('writes GroupMetadataValue version 3', () => {
    const value = {
      protocolType: 'consumer',
      generation: 2,
      protocol: 'range',
      leader: 'm1',
      currentStateTimestamp: 5,
      members: [
        { memberId: 'm1', groupInstanceId: null, clientId: 'c', clientHost: '/h', rebalanceTimeoutMs: 300, sessionTimeoutMs: 100, subscription: Buffer.from([1, 2]), assignment: Buffer.from([3]) },
      ],
    };
    const enc = encodeGroupMetadataValue(value);
    expect(enc.toString('hex')).toBe(
      '00030008636f6e73756d657200000002000572616e676500026d3100000000000000050000000100026d31ffff00016300022f680000012c000000640000000201020000000103',
    );
    expect(decodeGroupMetadataValue(enc)).toEqual(value);
  });

  it('reads GroupMetadataValue version 0 (no rebalance timeout: the session timeout stands in)', () => {
    const v0 = hex('0000' + '00016b' + '00000001' + 'ffff' + 'ffff' + '00000001' + '00016d' + '000163' + '000168' + '00000064' + '00000000' + '00000000');
    expect(decodeGroupMetadataValue(v0)).toEqual({
      protocolType: 'k',
      generation: 1,
      protocol: null,
      leader: null,
      currentStateTimestamp: -1,
      members: [{ memberId: 'm', groupInstanceId: null, clientId: 'c', clientHost: 'h', rebalanceTimeoutMs: 100, sessionTimeoutMs: 100, subscription: Buffer.alloc(0), assignment: Buffer.alloc(0) }],
    });
  });

  it('decodes tombstones as null values', () => {
    expect(decodeRecord(encodeKey({ type: 'group', group: 'x' }), null)).toEqual({ key: { type: 'group', group: 'x' }, value: null });
  });
});

describe('group to __consumer_offsets partition', () => {
  it("matches Java's String.hashCode over UTF-16 code units", () => {
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('my-group')).toBe(-1906497762);
    expect(javaStringHashCode('group-😀')).toBe(508083057);
    expect(javaStringHashCode('')).toBe(0);
  });

  it("uses Kafka's Utils.abs, which maps Integer.MIN_VALUE to 0", () => {
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(offsetsPartitionFor('polygenelubricants', 50)).toBe(0);
    expect(offsetsPartitionFor('hello', 50)).toBe(22);
    expect(offsetsPartitionFor('my-group', 50)).toBe(12);
    expect(offsetsPartitionFor('console-consumer-12345', 50)).toBe(6);
  });
});
