// Partition log throughput: `npx tsx bench/log.ts [totalMiB]`.
// Appends 1 MiB batches of 1 KiB records (page cache, no fsync, as Kafka by default), reads them back
// fetch-style, then measures small-batch append rate and crash-recovery time of a full active segment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeLogConfig } from '../src/broker/log/config.js';
import { PartitionLog } from '../src/broker/log/partition-log.js';
import { encodeRecordBatch } from '../src/protocol/records/batch.js';
import { systemClock } from '../src/shared/clock.js';

const MiB = 1024 * 1024;
const totalMiB = Number(process.argv[2] ?? 512);

function batchOf(records: number, valueBytes: number): Buffer {
  const value = Buffer.alloc(valueBytes, 0x61);
  return encodeRecordBatch({ records: Array.from({ length: records }, (_, i) => ({ key: `key-${i}`, value })), timestamp: Date.now() });
}

function rate(bytes: number, ms: number): string {
  return `${((bytes / MiB) / (ms / 1000)).toFixed(0)} MiB/s`;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-log-'));
try {
  const config = makeLogConfig({ segmentBytes: 128 * MiB, maxMessageBytes: 2 * MiB });
  const dir = path.join(root, 'bench-0');
  const log = PartitionLog.open(dir, config, systemClock);

  const big = batchOf(1024, 1024);
  const batches = Math.max(1, Math.round((totalMiB * MiB) / big.length));
  const [, appendMs] = time(() => {
    for (let i = 0; i < batches; i++) log.append(big, { leaderEpoch: 0 });
  });
  const written = batches * big.length;
  console.log(`append  ${batches} x ${(big.length / 1024).toFixed(0)} KiB batches (1024 x 1 KiB records): ${rate(written, appendMs)}, ${(batches / (appendMs / 1000)).toFixed(0)} batches/s, ${log.segmentCount()} segments`);

  for (const maxBytes of [MiB, 16 * MiB]) {
    let read = 0;
    const [, readMs] = time(() => {
      let offset = 0;
      while (offset < log.logEndOffset) {
        const r = log.read(offset, maxBytes);
        read += r.records.length;
        // Next offset = last batch's base + lastOffsetDelta + 1.
        let pos = 0;
        let last = 0;
        while (pos < r.records.length) {
          last = Number(r.records.readBigInt64BE(pos)) + r.records.readInt32BE(pos + 23);
          pos += 12 + r.records.readInt32BE(pos + 8);
        }
        offset = last + 1;
      }
    });
    console.log(`read    sequential, maxBytes ${maxBytes / MiB} MiB: ${rate(read, readMs)} (${read === written ? 'all bytes' : `MISMATCH ${read}/${written}`})`);
  }

  // Point reads: the batch containing a random offset (index lookup + header scan + read).
  const n = 2000;
  const [, pointMs] = time(() => {
    for (let i = 0; i < n; i++) log.read(Math.floor(Math.random() * log.logEndOffset), 1);
  });
  console.log(`read    ${n} random point reads of one 1 MiB batch: ${(pointMs / n).toFixed(3)} ms each`);
  log.close();

  // Small batches: per-append overhead dominates.
  const small = batchOf(1, 1024);
  const slog = PartitionLog.open(path.join(root, 'small-0'), makeLogConfig({ segmentBytes: 64 * MiB }), systemClock);
  const count = 200_000;
  const [, smallMs] = time(() => {
    for (let i = 0; i < count; i++) slog.append(small, { leaderEpoch: 0 });
  });
  console.log(`append  ${count} x ${small.length} B single-record batches: ${(count / (smallMs / 1000)).toFixed(0)} batches/s, ${rate(count * small.length, smallMs)}`);
  const activeBytes = slog.sizeInBytes();
  // Simulated crash: open again without closing, forcing a full CRC recovery of the active segment.
  const [recovered, recoverMs] = time(() => PartitionLog.open(path.join(root, 'small-0'), makeLogConfig({ segmentBytes: 64 * MiB }), systemClock));
  console.log(`recover unclean open, ${(activeBytes / MiB).toFixed(0)} MiB in ${recovered.segmentCount()} segment(s), full CRC scan of the active one: ${recoverMs.toFixed(0)} ms`);
  recovered.close();
  slog.close();
  const [, cleanMs] = time(() => PartitionLog.open(path.join(root, 'small-0'), makeLogConfig({ segmentBytes: 64 * MiB }), systemClock).close());
  console.log(`recover clean open of the same log: ${cleanMs.toFixed(0)} ms`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
