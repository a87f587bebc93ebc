import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLogConfig } from '../../../../src/broker/log/config.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { baseOffsetOf, rmDir, splitBatches, tempDir, valueBatch } from './batches.js';

type Op =
  | { kind: 'append'; count: number; size: number }
  | { kind: 'reopen' }
  | { kind: 'crash' }
  | { kind: 'tear'; fraction: number }
  | { kind: 'deleteBefore'; fraction: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 5 }), size: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tear' as const), fraction: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteBefore' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) },
);

describe('PartitionLog model check', () => {
  it('matches an in-memory model through appends, reopens, crashes, torn tails and DeleteRecords', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const root = tempDir();
        const dir = path.join(root, 't-0');
        const clock = new ManualClock();
        const config = makeLogConfig({ segmentBytes: 2500, indexIntervalBytes: 200 });
        let log = PartitionLog.open(dir, config, clock);
        const model: Buffer[] = [];
        let lso = 0;
        let leo = 0;
        let seed = 0;
        try {
          for (const op of ops) {
            switch (op.kind) {
              case 'append': {
                const b = valueBatch(op.count, op.size, seed++);
                expect(log.append(b, { leaderEpoch: 0 }).baseOffset).toBe(leo);
                model.push(Buffer.from(b));
                leo += op.count;
                break;
              }
              case 'reopen':
                log.close();
                log = PartitionLog.open(dir, config, clock);
                break;
              case 'crash':
                log = PartitionLog.open(dir, config, clock);
                break;
              case 'tear': {
                const last = model.at(-1);
                if (last === undefined || baseOffsetOf(last) < lso) break;
                const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
                const file = path.join(dir, files.at(-1) as string);
                const cut = Math.max(1, Math.floor(last.length * op.fraction));
                if (fs.statSync(file).size < last.length) break;
                fs.truncateSync(file, fs.statSync(file).size - cut);
                log = PartitionLog.open(dir, config, clock);
                model.pop();
                leo = baseOffsetOf(last);
                break;
              }
              case 'deleteBefore': {
                const target = lso + Math.floor((leo - lso) * op.fraction);
                expect(log.deleteRecordsBefore(target)).toBe(Math.max(lso, target));
                lso = Math.max(lso, target);
                break;
              }
            }
            expect(log.logEndOffset).toBe(leo);
            expect(log.logStartOffset).toBe(lso);
          }
          // Every live offset reads back as the stored batch that contains it.
          for (const b of model) {
            const base = baseOffsetOf(b);
            const last = base + b.readInt32BE(23);
            for (let o = Math.max(base, lso); o <= last; o++) {
              const [first] = splitBatches(log.read(o, 1).records);
              expect(first).toEqual(b);
            }
          }
          expect(log.read(leo, 100).records.length).toBe(0);
          expect(log.read(leo + 1, 100).outOfRange).toBe(true);
        } finally {
          log.close();
          rmDir(root);
        }
      }),
      { numRuns: 40 },
    );
  });
});
