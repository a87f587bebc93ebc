import { afterEach, describe, expect, it, vi } from 'vitest';
import { runProducerPerf, type PerfHooks, type PerfProducer } from '../../../src/core/perf/producer-perf.js';

// The producer-perf-test loop with transactions, on a fake producer and a clock that moves 1 ms per
// reading: Kafka's order (begin before the first record of a transaction, commit after the first
// record sent --transaction-duration-ms after the begin, a last commit at the end, flush last).

afterEach(() => {
  vi.restoreAllMocks();
});

async function run(numRecords: number, transactionDurationMs: number | undefined): Promise<string[]> {
  let now = 1_000_000;
  vi.spyOn(Date, 'now').mockImplementation(() => now++);
  const calls: string[] = [];
  let hooks: PerfHooks | null = null;
  const producer: PerfProducer = {
    send: (_record, tag) => {
      calls.push(`send ${tag}`);
      hooks?.onSuccess(0, BigInt(tag), [tag]);
      return true;
    },
    waitForCapacity: () => Promise.resolve(),
    flush: () => {
      calls.push('flush');
      return Promise.resolve();
    },
    beginTransaction: () => void calls.push('begin'),
    commitTransaction: () => {
      calls.push('commit');
      return Promise.resolve();
    },
  };
  const lines: string[] = [];
  await runProducerPerf(
    (h) => {
      hooks = h;
      return Promise.resolve(producer);
    },
    { numRecords, throughput: -1, warmupRecords: 0, reportingIntervalMs: 1e9, payload: { kind: 'monotonic' }, keyDistribution: 'none', keyRange: 0, randomSeed: 0, transactionDurationMs },
    (l) => lines.push(l),
  );
  expect(lines.at(-1)).toMatch(new RegExp(`^${numRecords} records sent, `));
  return calls;
}

describe('producer-perf-test transactions loop', () => {
  it('without a duration: no transactional calls', async () => {
    expect(await run(3, undefined)).toEqual(['send 0', 'send 1', 'send 2', 'flush']);
  });

  it('one transaction when the duration is never reached: begin, the records, commit, flush', async () => {
    expect(await run(4, 1e9)).toEqual(['begin', 'send 0', 'send 1', 'send 2', 'send 3', 'commit', 'flush']);
  });

  it('commits after the first record sent the duration after the begin, and begins again before the next record', async () => {
    const calls = await run(40, 5);
    expect(calls.at(-1)).toBe('flush');
    expect(calls.filter((c) => c === 'begin').length).toBe(calls.filter((c) => c === 'commit').length);
    expect(calls.filter((c) => c === 'commit').length).toBeGreaterThan(2);
    // Every record is inside a transaction; no empty transactions.
    let open = false;
    let inTxn = 0;
    for (const c of calls) {
      if (c === 'begin') {
        expect(open).toBe(false);
        open = true;
        inTxn = 0;
      } else if (c === 'commit') {
        expect(open && inTxn > 0).toBe(true);
        open = false;
      } else if (c.startsWith('send')) {
        expect(open).toBe(true);
        inTxn++;
      }
    }
    expect(open).toBe(false);
    expect(calls.filter((c) => c.startsWith('send'))).toHaveLength(40);
  });
});
