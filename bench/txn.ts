// Exactly-once benchmarks: `npx tsx bench/txn.ts [--dist]`.
// 1. Idempotent vs plain produce: the same load (pipelined Produce of 100 × 100 B records, 5 in
//    flight on one connection, as an idempotent producer may have) for the same time, alternated;
//    every request is a fresh copy of the batch with its sequence and CRC written, for both kinds,
//    so the only difference is the broker's producer-state work.
// 2. Transactions: AddPartitionsToTxn (3 partitions) → one Produce of 100 records spread over
//    them → EndTxn(commit), timed from the first request to the commit answer.
// The broker runs in its own process (the source tree under tsx unless --dist); figures only.
import { crc32c } from '@node-rs/crc32';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnBroker, type BrokerFlavor } from './lib/broker-process.js';
import { ensureTopic, PRODUCE_VERSION } from './lib/ops.js';
import { atLeast, atMost, figure, fixed, heading, int, note, percentile, perSec } from './lib/report.js';
import { WireClient } from './lib/wire.js';
import { AddPartitionsToTxnRequestVersions, defaultAddPartitionsToTxnRequest, encodeAddPartitionsToTxnRequest } from '../src/protocol/generated/messages/add-partitions-to-txn-request.js';
import { decodeAddPartitionsToTxnResponse } from '../src/protocol/generated/messages/add-partitions-to-txn-response.js';
import { CreateTopicsRequestVersions, defaultCreateTopicsRequest, encodeCreateTopicsRequest } from '../src/protocol/generated/messages/create-topics-request.js';
import { defaultEndTxnRequest, encodeEndTxnRequest, EndTxnRequestVersions } from '../src/protocol/generated/messages/end-txn-request.js';
import { decodeEndTxnResponse } from '../src/protocol/generated/messages/end-txn-response.js';
import { defaultInitProducerIdRequest, encodeInitProducerIdRequest, InitProducerIdRequestVersions } from '../src/protocol/generated/messages/init-producer-id-request.js';
import { decodeInitProducerIdResponse } from '../src/protocol/generated/messages/init-producer-id-response.js';
import { encodeProduceRequest, ProduceRequestVersions, type ProduceRequest } from '../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../src/protocol/generated/messages/produce-response.js';
import { ATTRIBUTES, BASE_SEQUENCE, CRC } from '../src/protocol/records/batch-header.js';
import { encodeRecordBatch } from '../src/protocol/records/batch.js';

const argv = process.argv.slice(2);
const flavor: BrokerFlavor = argv.includes('--dist') ? 'dist' : 'src';
const RUN_MS = 2500;
const ROUNDS = 3;
const IN_FLIGHT = 5;
const TXNS = 300;
const TXN_WARMUP = 30;

async function initProducerId(client: WireClient, transactionalId: string | null): Promise<{ producerId: bigint; producerEpoch: number }> {
  const v = 4;
  const r = await client.request(InitProducerIdRequestVersions, v, (w) =>
    encodeInitProducerIdRequest(w, { ...defaultInitProducerIdRequest(), transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 }, v),
  );
  const res = decodeInitProducerIdResponse(r, v);
  if (res.errorCode !== 0) throw new Error(`InitProducerId failed: ${res.errorCode}`);
  return res;
}

async function produce(client: WireClient, req: ProduceRequest): Promise<void> {
  const r = await client.request(ProduceRequestVersions, PRODUCE_VERSION, (w) => encodeProduceRequest(w, req, PRODUCE_VERSION));
  for (const t of decodeProduceResponse(r, PRODUCE_VERSION).responses) {
    for (const p of t.partitionResponses) if (p.errorCode !== 0) throw new Error(`produce to ${t.name}-${p.index} failed: ${p.errorCode}`);
  }
}

/** A fresh copy of `template` with `seq` as its base sequence and a matching CRC. */
function withSequence(template: Buffer, seq: number): Buffer {
  const b = Buffer.from(template);
  b.writeInt32BE(seq, BASE_SEQUENCE);
  b.writeUInt32BE(crc32c(b.subarray(ATTRIBUTES)), CRC);
  return b;
}

/** Pipelined produce for `ms`; returns records/s. */
function produceFor(client: WireClient, topic: string, template: Buffer, records: number, ms: number, next: { seq: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let outstanding = 0;
    let done = 0;
    let failed = false;
    const send = (): void => {
      const batch = withSequence(template, next.seq);
      next.seq += records;
      outstanding++;
      produce(client, { transactionalId: null, acks: 1, timeoutMs: 30_000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }] }).then(
        () => {
          outstanding--;
          done++;
          if (failed) return;
          if (performance.now() - t0 < ms) send();
          else if (outstanding === 0) resolve(perSec(done * records, performance.now() - t0));
        },
        (err: Error) => {
          if (!failed) reject(err);
          failed = true;
        },
      );
    };
    for (let i = 0; i < IN_FLIGHT; i++) send();
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-txn-'));
  const broker = await spawnBroker({ dataDir, flavor });
  try {
    const client = await WireClient.connect(broker.port);
    await ensureTopic(client, 'plain');
    await ensureTopic(client, 'idem');

    heading(`Idempotent vs plain produce (${flavor} broker, ${IN_FLIGHT} in flight, 100 × 100 B records per batch)`);
    const value = Buffer.alloc(100, 0x61);
    const rows = Array.from({ length: 100 }, () => ({ value }));
    const plainTemplate = encodeRecordBatch({ records: rows, timestamp: Date.now() });
    const { producerId } = await initProducerId(client, null);
    const idemTemplate = encodeRecordBatch({ records: rows, timestamp: Date.now(), producerId, producerEpoch: 0, baseSequence: 0 });
    const plainSeq = { seq: 0 };
    const idemSeq = { seq: 0 };
    await produceFor(client, 'plain', plainTemplate, 100, 500, plainSeq);
    const plain: number[] = [];
    const idem: number[] = [];
    // The order alternates each round: whichever load runs first meets a cleaner page cache (no
    // dirty pages being written back, no rolled segment being fsynced), which skews a fixed order.
    for (let round = 0; round < ROUNDS; round++) {
      const runPlain = async (): Promise<void> => void plain.push(await produceFor(client, 'plain', plainTemplate, 100, RUN_MS, plainSeq));
      const runIdem = async (): Promise<void> => void idem.push(await produceFor(client, 'idem', idemTemplate, 100, RUN_MS, idemSeq));
      if (round % 2 === 0) {
        await runPlain();
        await runIdem();
      } else {
        await runIdem();
        await runPlain();
      }
    }
    // Round 0 is a warm-up: until the first 1 GiB segment rolls (and its background fsync runs) the
    // page cache absorbs writes at a rate no later round sees.
    plain.shift();
    idem.shift();
    const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    figure('plain produce', `${int(total(plain) / plain.length)} records/s mean (runs: ${plain.map(int).join(', ')})`);
    figure('idempotent produce', `${int(total(idem) / idem.length)} records/s mean (runs: ${idem.map(int).join(', ')})`);
    const ratio = (total(idem) / total(plain)) * 100;
    figure('idempotent / plain', `${fixed(ratio)}%`, atLeast(ratio, 90, '%'));

    heading('Transactions: 100 records on 3 partitions, begin → send → commit');
    const ctv = 5;
    await client.request(CreateTopicsRequestVersions, ctv, (w) =>
      encodeCreateTopicsRequest(w, { ...defaultCreateTopicsRequest(), topics: [{ name: 'txn3', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [] }] }, ctv),
    );
    await ensureTopic(client, 'txn3');
    const txp = await initProducerId(client, 'bench-txn');
    const seqs = [0, 0, 0];
    const perPartition = [34, 33, 33];
    const templates = perPartition.map((n) =>
      encodeRecordBatch({ records: rows.slice(0, n), timestamp: Date.now(), producerId: txp.producerId, producerEpoch: txp.producerEpoch, baseSequence: 0, isTransactional: true }),
    );
    const times: number[] = [];
    for (let i = 0; i < TXN_WARMUP + TXNS; i++) {
      const t0 = performance.now();
      const apv = 3;
      const ap = decodeAddPartitionsToTxnResponse(
        await client.request(AddPartitionsToTxnRequestVersions, apv, (w) =>
          encodeAddPartitionsToTxnRequest(
            w,
            {
              ...defaultAddPartitionsToTxnRequest(),
              v3AndBelowTransactionalId: 'bench-txn',
              v3AndBelowProducerId: txp.producerId,
              v3AndBelowProducerEpoch: txp.producerEpoch,
              v3AndBelowTopics: [{ name: 'txn3', partitions: [0, 1, 2] }],
            },
            apv,
          ),
        ),
        apv,
      );
      const apErr = ap.resultsByTopicV3AndBelow.flatMap((t) => t.resultsByPartition).find((p) => p.partitionErrorCode !== 0);
      if (apErr !== undefined) throw new Error(`AddPartitionsToTxn failed: ${apErr.partitionErrorCode}`);
      await produce(client, {
        transactionalId: 'bench-txn',
        acks: -1,
        timeoutMs: 30_000,
        topicData: [
          {
            name: 'txn3',
            partitionData: templates.map((t, p) => {
              const batch = withSequence(t, seqs[p] ?? 0);
              seqs[p] = (seqs[p] ?? 0) + (perPartition[p] ?? 0);
              return { index: p, records: batch };
            }),
          },
        ],
      });
      const ev = 3;
      const end = decodeEndTxnResponse(
        await client.request(EndTxnRequestVersions, ev, (w) =>
          encodeEndTxnRequest(w, { ...defaultEndTxnRequest(), transactionalId: 'bench-txn', producerId: txp.producerId, producerEpoch: txp.producerEpoch, committed: true }, ev),
        ),
        ev,
      );
      if (end.errorCode !== 0) throw new Error(`EndTxn failed: ${end.errorCode}`);
      if (i >= TXN_WARMUP) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    figure('transaction median', `${fixed(median, 2)} ms`, atMost(median, 5, 'ms'));
    figure('transaction p99', `${fixed(percentile(times, 99), 2)} ms`);
    note(`${TXNS} transactions after ${TXN_WARMUP} warm-up ones; 3 round trips each (AddPartitionsToTxn, Produce, EndTxn)`);
    client.close();
  } finally {
    await broker.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
