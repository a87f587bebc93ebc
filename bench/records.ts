// Record batch throughput on a Produce-like payload: 1,000 batches x 100 records x 100-byte values.
// Run: npx tsx bench/records.ts
import { randomBytes } from 'node:crypto';
import { decodeRecordBatch, encodeRecordBatch } from '../src/protocol/records/batch.js';
import { COMPRESSION_NAMES, CompressionCodec } from '../src/protocol/records/compression.js';
import { crc32c } from '../src/protocol/records/crc32c.js';
import type { RecordInput } from '../src/protocol/records/record.js';
import { validateProducedBatches } from '../src/protocol/records/validate.js';
import { Reader } from '../src/protocol/codec/reader.js';
import { Writer } from '../src/protocol/codec/writer.js';
import { decodeProduceRequest, encodeProduceRequest } from '../src/protocol/generated/messages/produce-request.js';

const BATCHES = 1000;
const RECORDS = 100;
const VALUE_BYTES = 100;

function seconds(fn: () => void, minSeconds = 1): { perRun: number; runs: number } {
  fn(); // warm-up
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    fn();
    runs++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < minSeconds);
  return { perRun: elapsed / runs, runs };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const now = Date.now();
const recordSets: RecordInput[][] = Array.from({ length: BATCHES }, (_, b) =>
  Array.from({ length: RECORDS }, (_, i) => ({ key: null, value: randomBytes(VALUE_BYTES), timestamp: now + b + i })),
);

let batches: Buffer[] = [];
const enc = seconds(() => {
  batches = recordSets.map((records) => encodeRecordBatch({ records, timestamp: now }));
});
const totalBytes = batches.reduce((s, b) => s + b.length, 0);
const totalRecords = BATCHES * RECORDS;

let okCount = 0;
const val = seconds(() => {
  okCount = 0;
  for (const b of batches) if (validateProducedBatches(b, { maxMessageBytes: 1_048_588 }).ok) okCount++;
});
if (okCount !== BATCHES) throw new Error(`validation failed for ${BATCHES - okCount} batches`);

// The whole Produce request as the broker receives it: one batch per partition, decoded by the
// generated codec (records stay slices of the frame) and validated on the slice path.
const PRODUCE_VERSION = 9;
const pw = new Writer(totalBytes + 64 * BATCHES);
encodeProduceRequest(
  pw,
  { transactionalId: null, acks: 1, timeoutMs: 30_000, topicData: [{ name: 'bench', partitionData: batches.map((records, index) => ({ index, records })) }] },
  PRODUCE_VERSION,
);
const produceFrame = pw.toBuffer();
let requestOk = 0;
const req = seconds(() => {
  requestOk = 0;
  const decodedReq = decodeProduceRequest(new Reader(produceFrame), PRODUCE_VERSION);
  for (const t of decodedReq.topicData) {
    for (const p of t.partitionData) if (p.records !== null && validateProducedBatches(p.records, { maxMessageBytes: 1_048_588 }).ok) requestOk++;
  }
});
if (requestOk !== BATCHES) throw new Error('produce request validation mismatch');

let decoded = 0;
const dec = seconds(() => {
  decoded = 0;
  for (const b of batches) decoded += decodeRecordBatch(b).records.length;
});
if (decoded !== totalRecords) throw new Error('decode count mismatch');

const block = randomBytes(16 * 1024);
const CRC_ITER = 20_000;
const crc = seconds(() => {
  for (let i = 0; i < CRC_ITER; i++) crc32c(block);
});

console.log(`payload: ${fmt(BATCHES)} batches x ${RECORDS} records x ${VALUE_BYTES} B values = ${fmt(totalBytes / 1e6, 1)} MB`);
console.log(`validate (slice path, CRC): ${fmt(totalBytes / val.perRun / 1e6)} MB/s (target >= 1,000)`);
console.log(`produce request decode + validate (slice path): ${fmt(produceFrame.length / req.perRun / 1e6)} MB/s`);
console.log(`decode (full, per record): ${fmt(totalRecords / dec.perRun)} records/s`);
console.log(`encode: ${fmt(totalRecords / enc.perRun)} records/s`);
console.log(`crc32c at 16 KiB: ${fmt((CRC_ITER * block.length) / crc.perRun / 1e9, 2)} GB/s (target >= 3)`);

// Compressed batches, for reference (fewer batches to keep the run short).
const SUBSET = 200;
for (const codec of [CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD] as const) {
  const sets = recordSets.slice(0, SUBSET);
  let cbatches: Buffer[] = [];
  const ce = seconds(() => {
    cbatches = sets.map((records) => encodeRecordBatch({ records, timestamp: now, compression: codec }));
  }, 0.5);
  const cd = seconds(() => {
    for (const b of cbatches) decodeRecordBatch(b);
  }, 0.5);
  const n = SUBSET * RECORDS;
  console.log(`${COMPRESSION_NAMES[codec]}: encode ${fmt(n / ce.perRun)} records/s, decode ${fmt(n / cd.perRun)} records/s`);
}
