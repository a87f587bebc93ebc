// kafka-e2e-latency (EndToEndLatency): sends one record at a time, waits for its acknowledgement
// and for a consumer positioned at the end to receive it, and prints Kafka's progress lines
// (every 1000th record: "i<TAB>ms"), the average and the 50th/99th/99.9th percentiles.
import { IsolationLevel, LATEST_TIMESTAMP, type NativeClient } from '../../client/native/client.js';
import { NativeConsumer } from '../../client/native/consumer.js';
import { NativeProducer, type ProduceFailure } from '../../client/native/producer.js';
import { CompressionCodec } from '../../protocol/records/compression.js';
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.js';
import { TkafkaError } from '../../shared/errors.js';
import { javaDouble, javaFixed } from './java-format.js';
import { SeededRandom } from './random.js';

export interface E2eLatencyOptions {
  topic: string;
  numRecords: number;
  /** 1 or -1 (all). */
  acks: number;
  recordSize: number;
  /** Key size in bytes; undefined: no key. */
  keySize: number | undefined;
  interrupted: Promise<void>;
}

const POLL_TIMEOUT_MS = 60_000;

function randomBytes(random: SeededRandom, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = 65 + random.nextInt(26);
  return b;
}

export async function runE2eLatency(client: NativeClient, opts: E2eLatencyOptions, print: (line: string) => void): Promise<{ latenciesMs: number[] }> {
  try {
    await client.topic(opts.topic, { autoCreate: false, timeoutMs: 2000 });
  } catch (err) {
    if (!(err instanceof KafkaProtocolError && err.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)) throw err;
    print(`Topic "${opts.topic}" does not exist. Will create topic with 1 partition(s) and replication factor = 1`);
  }
  const info = await client.topic(opts.topic, { autoCreate: true });
  const consumer = new NativeConsumer(client, { isolationLevel: IsolationLevel.READ_UNCOMMITTED, maxWaitMs: 0, minBytes: 1, maxBytes: 52_428_800, partitionMaxBytes: 1_048_576, resetPolicy: 'latest' });
  await consumer.assign(info.partitions.map((p) => ({ topic: opts.topic, partition: p.partition, offset: LATEST_TIMESTAMP })));
  let failure: ProduceFailure | null = null;
  const producer = await NativeProducer.create(
    client,
    { topic: opts.topic, acks: opts.acks, compression: CompressionCodec.NONE, batchSize: 16_384, lingerMs: 0, bufferMemory: 33_554_432, retries: 2_147_483_647, retryBackoffMs: 100, requestTimeoutMs: 30_000, maxInFlight: 5, maxRequestSize: 1_048_576, maxBlockMs: 60_000, autoCreate: true },
    (f) => (failure = f),
  );
  let stop = false;
  void opts.interrupted.then(() => {
    stop = true;
    consumer.wakeup();
  });
  const random = new SeededRandom(Date.now() >>> 0);
  const latencies: number[] = [];
  let totalMs = 0;
  try {
    for (let i = 0; i < opts.numRecords && !stop; i++) {
      const value = randomBytes(random, opts.recordSize);
      const key = opts.keySize === undefined ? null : randomBytes(random, opts.keySize);
      const begin = performance.now();
      producer.send({ key, value }, i);
      await producer.flush();
      if (failure !== null) throw (failure as ProduceFailure).error;
      let received: Array<{ key: Buffer | null; value: Buffer | null }> = [];
      const deadline = Date.now() + POLL_TIMEOUT_MS;
      while (received.length === 0 && !stop) {
        const left = deadline - Date.now();
        if (left <= 0) throw new TkafkaError('TIMEOUT', `poll() timed out before finding a result (timeout:[${POLL_TIMEOUT_MS}ms])`);
        for (const fb of await consumer.poll(left)) received = received.concat(fb.batch.records);
      }
      if (stop) break;
      const elapsedMs = performance.now() - begin;
      const got = received[0] as { key: Buffer | null; value: Buffer | null };
      if (got.value === null || !got.value.equals(value)) throw new TkafkaError('MISMATCH', `The message value read [${got.value?.toString() ?? 'null'}] did not match the message value sent [${value.toString()}]`);
      if (key === null && got.key !== null) throw new TkafkaError('MISMATCH', `Expected null message key but received [${got.key.toString()}]`);
      if (key !== null && got.key === null) throw new TkafkaError('MISMATCH', 'Expected message key but received null');
      if (key !== null && got.key !== null && !got.key.equals(key)) throw new TkafkaError('MISMATCH', `The message key read [${got.key.toString()}] did not match the message key sent [${key.toString()}]`);
      if (received.length !== 1) throw new TkafkaError('MISMATCH', `Only one result was expected during this test. We found [${received.length}]`);
      if (i % 1000 === 0) print(`${i}\t${javaDouble(elapsedMs)}`);
      totalMs += elapsedMs;
      latencies.push(Math.floor(elapsedMs));
    }
  } finally {
    producer.close();
    consumer.close();
  }
  const n = latencies.length;
  print(`Avg latency: ${javaFixed(totalMs / n, 4)} ms`);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.floor(n * p)] ?? 0;
  print(`Percentiles: 50th = ${at(0.5)}, 99th = ${at(0.99)}, 99.9th = ${at(0.999)}`);
  return { latenciesMs: latencies };
}
