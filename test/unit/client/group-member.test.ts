import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, rangeAssign, roundRobinAssign, type MemberSubscription } from '../../../src/client/native/group-member.js';

const member = (memberId: string, topics: string[], groupInstanceId: string | null = null): MemberSubscription => ({ memberId, groupInstanceId, topics });

describe('consumer protocol payloads', () => {
  it('writes a v3 subscription and assignment byte for byte, as Java does', () => {
    expect(encodeSubscription(['a', 'bc']).toString('hex')).toBe(
      ['0003', '00000002', '0001', '61', '0002', '6263', 'ffffffff', '00000000', 'ffffffff', 'ffff'].join(''), // version, topics, null userData, no owned partitions, generation -1, null rack
    );
    expect(encodeAssignment([{ topic: 't', partitions: [0, 2] }]).toString('hex')).toBe(['0003', '00000001', '0001', '74', '00000002', '00000000', '00000002', 'ffffffff'].join(''));
  });

  it('round-trips with kafkajs encoders in both directions', () => {
    const ours = AssignerProtocol.MemberAssignment.decode(encodeAssignment([{ topic: 'x', partitions: [1, 3] }, { topic: 'y', partitions: [0] }]));
    expect(ours).toMatchObject({ version: 3, assignment: { x: [1, 3], y: [0] } });
    expect(AssignerProtocol.MemberMetadata.decode(encodeSubscription(['x', 'y']))).toMatchObject({ version: 3, topics: ['x', 'y'] });
    const theirs = AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['k1', 'k2'], userData: Buffer.alloc(0) });
    expect(decodeSubscription(theirs)).toMatchObject({ topics: ['k1', 'k2'], ownedPartitions: [] });
    const assignment = AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: { k1: [4, 5] }, userData: Buffer.alloc(0) });
    expect(decodeAssignment(assignment)).toEqual([{ topic: 'k1', partitions: [4, 5] }]);
  });

  it('reads an empty assignment (a member the leader left out) as no partitions', () => {
    expect(decodeAssignment(Buffer.alloc(0))).toEqual([]);
  });
});

describe('assignors (Kafka RangeAssignor / RoundRobinAssignor semantics)', () => {
  it('range: contiguous ranges per topic, the first members take the remainder', () => {
    const counts = new Map([
      ['t1', 3],
      ['t2', 3],
    ]);
    const out = rangeAssign([member('consumer2', ['t1', 't2']), member('consumer1', ['t1', 't2'])], counts);
    expect(out.get('consumer1')).toEqual([
      { topic: 't1', partitions: [0, 1] },
      { topic: 't2', partitions: [0, 1] },
    ]);
    expect(out.get('consumer2')).toEqual([
      { topic: 't1', partitions: [2] },
      { topic: 't2', partitions: [2] },
    ]);
  });

  it('range: a topic is split only among its subscribers; absent topics and idle members get nothing', () => {
    const counts = new Map([
      ['t1', 2],
      ['t2', 2],
    ]);
    const out = rangeAssign([member('a', ['t1']), member('b', ['t1', 't2']), member('c', ['t1', 'gone'])], counts);
    expect(out.get('a')).toEqual([{ topic: 't1', partitions: [0] }]);
    expect(out.get('b')).toEqual([
      { topic: 't1', partitions: [1] },
      { topic: 't2', partitions: [0, 1] },
    ]);
    expect(out.get('c')).toEqual([]);
  });

  it('range: static members sort by group.instance.id, ahead of dynamic ones', () => {
    const out = rangeAssign([member('a-dynamic', ['t']), member('z-member', ['t'], 'i1'), member('b-member', ['t'], 'i2')], new Map([['t', 3]]));
    expect(out.get('z-member')).toEqual([{ topic: 't', partitions: [0] }]);
    expect(out.get('b-member')).toEqual([{ topic: 't', partitions: [1] }]);
    expect(out.get('a-dynamic')).toEqual([{ topic: 't', partitions: [2] }]);
  });

  it('roundrobin: partitions dealt in turn, skipping members not subscribed to the topic', () => {
    const six = roundRobinAssign(
      [member('c1', ['t1', 't2']), member('c2', ['t1', 't2'])],
      new Map([
        ['t1', 3],
        ['t2', 3],
      ]),
    );
    expect(six.get('c1')).toEqual([
      { topic: 't1', partitions: [0, 2] },
      { topic: 't2', partitions: [1] },
    ]);
    expect(six.get('c2')).toEqual([
      { topic: 't1', partitions: [1] },
      { topic: 't2', partitions: [0, 2] },
    ]);
    const mixed = roundRobinAssign(
      [member('consumer1', ['t1']), member('consumer2', ['t1', 't2']), member('consumer3', ['t1'])],
      new Map([
        ['t1', 3],
        ['t2', 2],
      ]),
    );
    expect(mixed.get('consumer1')).toEqual([{ topic: 't1', partitions: [0] }]);
    expect(mixed.get('consumer2')).toEqual([
      { topic: 't1', partitions: [1] },
      { topic: 't2', partitions: [0, 1] },
    ]);
    expect(mixed.get('consumer3')).toEqual([{ topic: 't1', partitions: [2] }]);
  });
});
