import type { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import type { ProduceFailure, ProduceRecord } from '../native/producer.js';

export interface KafkajsSinkOptions {
  topic: string;
  acks: number;
  /** kafkajs CompressionTypes value (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
  compression: number;
  /** Records per send() call. */
  batchRecords: number;
  lingerMs: number;
  maxInFlight: number;
  requestTimeoutMs: number;
}

interface Pending {
  messages: Message[];
  tags: number[];
}

/**
 * The console producer's record sink on kafkajs, used when the native client cannot connect
 * (SASL). Slower (kafkajs encodes every record itself) but speaks every mechanism kafkajs knows.
 * Null header values cannot be expressed in kafkajs and become empty values.
 */
export class KafkajsRecordSink {
  private readonly producer: Producer;
  private readonly opts: KafkajsSinkOptions;
  private readonly onFailure: (f: ProduceFailure) => void;
  private pending: Pending = { messages: [], tags: [] };
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private waiters: Array<() => void> = [];
  private idle: Array<() => void> = [];
  readonly numPartitions: number;
  acked = 0;
  failed = 0;

  private constructor(producer: Producer, numPartitions: number, opts: KafkajsSinkOptions, onFailure: (f: ProduceFailure) => void) {
    this.producer = producer;
    this.numPartitions = numPartitions;
    this.opts = opts;
    this.onFailure = onFailure;
  }

  static async create(kafka: Kafka, opts: KafkajsSinkOptions, onFailure: (f: ProduceFailure) => void): Promise<KafkajsRecordSink> {
    const { Partitioners } = (await import('kafkajs')).default;
    const producer = kafka.producer({ allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: opts.maxInFlight });
    await producer.connect();
    const admin = kafka.admin();
    let partitions = Number.MAX_SAFE_INTEGER;
    try {
      await admin.connect();
      const md = await admin.fetchTopicMetadata({ topics: [opts.topic] });
      partitions = md.topics[0]?.partitions.length ?? partitions;
    } catch {
      // Unknown yet: the first send auto-creates it; explicit partitions are then checked by the broker.
    } finally {
      await admin.disconnect();
    }
    return new KafkajsRecordSink(producer, partitions, opts, onFailure);
  }

  send(record: ProduceRecord, tag: number): boolean {
    const m: Message = { key: record.key, value: record.value };
    if (record.partition !== undefined) m.partition = record.partition;
    if (record.timestamp !== undefined) m.timestamp = String(record.timestamp);
    if (record.headers !== undefined && record.headers.length > 0) {
      const h: IHeaders = {};
      for (const { key, value } of record.headers) {
        const v = value ?? Buffer.alloc(0);
        const prev = h[key];
        h[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      m.headers = h;
    }
    this.pending.messages.push(m);
    this.pending.tags.push(tag);
    if (this.pending.messages.length >= this.opts.batchRecords) this.dispatch();
    else this.timer ??= setTimeout(() => this.dispatch(), this.opts.lingerMs);
    return this.inFlight < this.opts.maxInFlight;
  }

  waitForCapacity(): Promise<void> {
    if (this.inFlight < this.opts.maxInFlight) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  flush(): Promise<void> {
    this.dispatch();
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    await this.producer.disconnect();
  }

  private dispatch(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    if (batch.messages.length === 0) return;
    this.pending = { messages: [], tags: [] };
    this.inFlight++;
    this.producer
      .send({ topic: this.opts.topic, messages: batch.messages, acks: this.opts.acks, compression: this.opts.compression, timeout: this.opts.requestTimeoutMs })
      .then(
        () => {
          this.acked += batch.messages.length;
        },
        (err: unknown) => {
          this.failed += batch.messages.length;
          this.onFailure({ error: err instanceof Error ? err : new Error(String(err)), partition: -1, tags: batch.tags });
        },
      )
      .finally(() => {
        this.inFlight--;
        for (const w of this.waiters.splice(0)) w();
        if (this.inFlight === 0) for (const w of this.idle.splice(0)) w();
      });
  }
}
