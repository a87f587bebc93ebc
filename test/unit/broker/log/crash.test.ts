import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { makeLogConfig } from '../../../../src/broker/log/config.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { rmDir, splitBatches, tempDir, valueBatch } from './batches.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let root = '';

afterEach(() => {
  if (root !== '') rmDir(root);
});

it('keeps every acknowledged batch when the writer is killed with SIGKILL mid-stream', async () => {
  root = tempDir();
  const dir = path.join(root, 'crash-0');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'crash-writer.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked: [number, number, number][] = [];
  let pending = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) acked.push(line.split(' ').map(Number) as [number, number, number]);
      if (acked.length >= 1000 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
  });
  expect(child.signalCode).toBe('SIGKILL');
  expect(acked.length).toBeGreaterThanOrEqual(1000);

  const log = PartitionLog.open(dir, makeLogConfig({ segmentBytes: 64 * 1024, indexIntervalBytes: 512 }), new ManualClock());
  try {
    expect(log.openReport.cleanShutdown).toBe(false);
    expect(log.segmentCount()).toBeGreaterThan(3);
    const [, , lastAcked] = acked.at(-1) as [number, number, number];
    expect(log.logEndOffset).toBeGreaterThan(lastAcked);
    const bad: number[] = [];
    for (const [seed, base] of acked) {
      const [stored] = splitBatches(log.read(base, 1).records);
      const expected = valueBatch(1 + (seed % 4), 100 + (seed % 300), seed);
      // The records part must be intact; the header carries the stamped base offset.
      if (stored === undefined || !stored.subarray(61).equals(expected.subarray(61)) || Number(stored.readBigInt64BE(0)) !== base) bad.push(base);
    }
    expect(bad).toEqual([]);
  } finally {
    log.close();
  }
});
