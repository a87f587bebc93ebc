// FaultInjector's matching rules (count, duration on the broker's clock, topic/partition, version
// and client filters, order) and the responses it makes, without a network.
import { describe, expect, it } from 'vitest';
import type { Broker } from '../../../../src/broker/broker.js';
import { FaultDropped, FaultInjector, requestPartitions, type FaultRequest } from '../../../../src/broker/faults/injector.js';
import { NO_RESPONSE } from '../../../../src/broker/handlers/types.js';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import { ManualClock } from '../../../../src/shared/clock.js';

function setup(): { faults: FaultInjector; clock: ManualClock; logs: string[] } {
  const clock = new ManualClock();
  const logs: string[] = [];
  const broker = { clock, topics: { getById: (id: string) => (id === 'ID-A' ? { name: 'a' } : undefined) } } as unknown as Broker;
  return { faults: new FaultInjector(broker, (l) => logs.push(l)), clock, logs };
}

const produce = (topic: string, partitions: number[], acks = -1) => ({
  transactionalId: null,
  acks,
  timeoutMs: 30000,
  topicData: [{ name: topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitionData: partitions.map((index) => ({ index, records: null })) }],
});

function request(req: unknown, over: Partial<FaultRequest> = {}): FaultRequest & { closed: () => number } {
  let closed = 0;
  return { apiKey: 0, apiVersion: 9, correlationId: 7, clientId: 'app', req, connectionId: 3, remoteAddress: '127.0.0.1:5000', principal: 'User:ANONYMOUS', signal: new AbortController().signal, close: () => void closed++, closed: () => closed, ...over };
}

const OK = { handled: true };
const run = (): typeof OK => OK;

describe('FaultInjector', () => {
  it('answers the next N matching requests with the error per partition, then passes requests through', () => {
    const { faults, logs } = setup();
    const f = faults.inject({ type: 'error', api: 'Produce', error: 'NOT_LEADER_OR_FOLLOWER', count: 2, topics: ['t'], partitions: [1] });
    expect(faults.intercept(request(produce('t', [0])), run)).toBe(OK);
    expect(faults.intercept(request(produce('other', [1])), run)).toBe(OK);
    const res = faults.intercept(request(produce('t', [0, 1])), run) as { responses: { name: string; partitionResponses: { index: number; errorCode: number }[] }[] };
    expect(res.responses.map((t) => [t.name, t.partitionResponses.map((p) => [p.index, p.errorCode]).sort()])).toEqual([
      [
        't',
        [
          [0, ErrorCode.NOT_LEADER_OR_FOLLOWER],
          [1, ErrorCode.NOT_LEADER_OR_FOLLOWER],
        ],
      ],
    ]);
    expect(f.remaining).toBe(1);
    expect(faults.intercept(request(produce('t', [1]), { correlationId: 8 }), run)).not.toBe(OK);
    expect(faults.intercept(request(produce('t', [1])), run)).toBe(OK);
    expect([f.state, f.remaining, faults.armed]).toEqual(['done', 0, false]);
    expect(f.hits.map((h) => h.correlationId)).toEqual([7, 8]);
    expect(logs.filter((l) => l.includes('injected'))).toEqual([
      `fault #${f.id} (error NOT_LEADER_OR_FOLLOWER) injected into Produce v9 correlation id 7 client id "app" on connection 3 (127.0.0.1:5000)`,
      `fault #${f.id} (error NOT_LEADER_OR_FOLLOWER) injected into Produce v9 correlation id 8 client id "app" on connection 3 (127.0.0.1:5000)`,
    ]);
  });

  it('acks=0 Produce: no response, the connection closes (as Kafka on its errors)', () => {
    const { faults } = setup();
    faults.inject({ type: 'error', api: 0, error: 6 });
    const r = request(produce('t', [0], 0));
    expect(faults.intercept(r, run)).toBe(NO_RESPONSE);
    expect(r.closed()).toBe(1);
  });

  it('matches versions and client ids, and takes faults in the order armed', () => {
    const { faults } = setup();
    const v = faults.inject({ type: 'error', api: 'Produce', error: 'REQUEST_TIMED_OUT', versions: { min: 3, max: 8 } });
    const c = faults.inject({ type: 'error', api: 'Produce', error: 'NOT_ENOUGH_REPLICAS', clientId: 'other' });
    const any = faults.inject({ type: 'drop', api: 'Produce' });
    const r = request(produce('t', [0]));
    expect(() => faults.intercept(r, run)).toThrow(FaultDropped);
    expect(r.closed()).toBe(1);
    expect([v.hits.length, c.hits.length, any.hits.length]).toEqual([0, 0, 1]);
    expect(faults.intercept(request(produce('t', [0]), { clientId: 'other', apiVersion: 8 }), run)).not.toBe(OK);
    expect([v.hits.length, c.hits.length]).toEqual([1, 0]);
    expect(faults.intercept(request(produce('t', [0]), { clientId: 'other' }), run)).not.toBe(OK);
    expect([v.state, c.state, faults.armed]).toEqual(['done', 'done', false]);
  });

  it('a duration on the broker clock: unlimited requests until it ends', () => {
    const { faults, clock } = setup();
    const f = faults.inject({ type: 'error', api: 'Metadata', error: 'UNKNOWN_SERVER_ERROR', durationMs: 1000 });
    const meta = request({ topics: null, allowAutoTopicCreation: true }, { apiKey: 3, apiVersion: 12 });
    for (let i = 0; i < 5; i++) expect(faults.intercept(meta, run)).not.toBe(OK);
    clock.advance(1000);
    expect(faults.intercept(meta, run)).toBe(OK);
    expect([f.state, f.hits.length, f.remaining]).toEqual(['done', 5, null]);
  });

  it('latency waits on the broker clock; clear() releases held requests now', async () => {
    const { faults, clock } = setup();
    faults.inject({ type: 'latency', api: 'Produce', latencyMs: 500, count: 2 });
    let ran = 0;
    const first = faults.intercept(request(produce('t', [0])), () => ++ran) as Promise<number>;
    const second = faults.intercept(request(produce('t', [0])), () => ++ran) as Promise<number>;
    expect(ran).toBe(0);
    clock.advance(499);
    expect(ran).toBe(0);
    clock.advance(1);
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    faults.inject({ type: 'stall', api: 'Produce', stallMs: 60_000, then: 'close' });
    const r = request(produce('t', [0]));
    const stalled = faults.intercept(r, () => ++ran) as Promise<number>;
    expect(faults.clear()).toBe(0);
    await expect(stalled).rejects.toThrow(FaultDropped);
    expect([ran, r.closed()]).toEqual([2, 1]);
  });

  it('a connection closed during a delay ends the held request', async () => {
    const { faults } = setup();
    faults.inject({ type: 'latency', api: 'Produce', latencyMs: 60_000 });
    const ac = new AbortController();
    const held = faults.intercept(request(produce('t', [0]), { signal: ac.signal }), run) as Promise<unknown>;
    ac.abort();
    await expect(held).rejects.toThrow('connection closed during an injected delay');
  });

  it('rejects bad specs with one line', () => {
    const { faults } = setup();
    expect(() => faults.inject({ type: 'error', api: 'Produce', error: 'NOPE' })).toThrow('unknown error "NOPE"');
    expect(() => faults.inject({ type: 'error', api: 999, error: 6 })).toThrow('unknown API 999');
    expect(() => faults.inject({ type: 'latency', api: 'Fetch', latencyMs: -1 })).toThrow('latencyMs must be a non-negative number, not -1');
    expect(() => faults.inject({ type: 'error', api: 'Fetch', error: 6, count: 1.5 })).toThrow('count must be a whole number');
    expect(() => faults.inject({ type: 'error', api: 'Fetch', error: 6, topics: 'x' as unknown as string[] })).toThrow('topics must be a list of topic names');
    expect(() => faults.inject({ type: 'stall', api: 'Fetch', stallMs: 1, then: 'explode' as 'close' })).toThrow('then must be "answer" or "close"');
    expect(faults.armed).toBe(false);
  });

  it('finds the topics and partitions a request names, by name or topic id', () => {
    const fetchV13 = { topics: [{ topic: '', topicId: 'ID-A', partitions: [{ partition: 2 }, { partition: 5 }] }], forgottenTopicsData: [] };
    expect(requestPartitions(fetchV13, (id) => (id === 'ID-A' ? 'a' : undefined))).toEqual([['a', [2, 5]]]);
    expect(requestPartitions({ topics: [{ name: 'm', partitionIndexes: [0, 3] }] }, () => undefined)).toEqual([['m', [0, 3]]]);
    expect(requestPartitions({ groupId: 'g', topics: null }, () => undefined)).toEqual([]);
  });
});
