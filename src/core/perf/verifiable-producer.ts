// kafka-verifiable-producer (VerifiableProducer): produces "0", "1", ... (or "<prefix>.<n>") and
// prints one JSON line per acknowledgement or failure, then shutdown_complete and tool_data, so
// a test harness can tell which values were acknowledged at which offsets.
import type { ProduceFailure, ProduceRecord } from '../../client/native/producer.js';
import { javaDouble } from './java-format.js';
import { javaExceptionClass } from './events.js';
import { ThroughputThrottler } from './throttler.js';

export interface VerifiableProducerOptions {
  topic: string;
  /** Negative: until interrupted. */
  maxMessages: number;
  throughput: number;
  valuePrefix: number | undefined;
  repeatingKeys: number | undefined;
  /** --message-create-time; undefined: the producer stamps records. */
  createTime: number | undefined;
  interrupted: Promise<void>;
}

export interface VerifiableSink {
  send(record: ProduceRecord, tag: number): boolean;
  waitForCapacity(): Promise<void>;
  flush(): Promise<void>;
}

export interface VerifiableHooks {
  onSuccess: (partition: number, baseOffset: bigint, tags: readonly number[]) => void;
  onFailure: (f: ProduceFailure) => void;
}

export interface VerifiableProducerResult {
  sent: number;
  acked: number;
  interrupted: boolean;
}

const str = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));

export async function runVerifiableProducer(
  open: (hooks: VerifiableHooks) => Promise<{ sink: VerifiableSink; close: () => Promise<void> }>,
  opts: VerifiableProducerOptions,
  write: (text: string) => void,
): Promise<VerifiableProducerResult> {
  // Record n's key and value follow from n (keys repeat with period --repeating-keys), so nothing is kept per record.
  const keyOf = (n: number): string | null => (opts.repeatingKeys === undefined ? null : String(n % opts.repeatingKeys));
  const valueOf = (n: number): string => (opts.valuePrefix !== undefined ? `${opts.valuePrefix}.${n}` : String(n));
  let acked = 0;
  let sent = 0;
  const topicJson = JSON.stringify(opts.topic);
  const hooks: VerifiableHooks = {
    onSuccess: (partition, baseOffset, tags) => {
      const now = Date.now();
      let out = '';
      tags.forEach((tag, i) => {
        acked++;
        const offset = baseOffset < 0n ? -1n : baseOffset + BigInt(i);
        out += `{"timestamp":${now},"name":"producer_send_success","key":${str(keyOf(tag))},"value":${JSON.stringify(valueOf(tag))},"offset":${offset},"topic":${topicJson},"partition":${partition}}\n`;
      });
      write(out);
    },
    onFailure: (f) => {
      const now = Date.now();
      let out = '';
      for (const tag of f.tags) {
        out += `{"timestamp":${now},"name":"producer_send_error","topic":${topicJson},"key":${str(keyOf(tag))},"value":${JSON.stringify(valueOf(tag))},"exception":${JSON.stringify(javaExceptionClass(f.error))},"message":${JSON.stringify(f.error.message)}}\n`;
      }
      write(out);
    },
  };
  const { sink, close } = await open(hooks);
  const startMs = Date.now();
  write(`{"timestamp":${startMs},"name":"startup_complete"}\n`);
  const throttler = new ThroughputThrottler(opts.throughput, startMs);
  let stop = false;
  void opts.interrupted.then(() => {
    stop = true;
    throttler.wakeup();
  });
  const max = opts.maxMessages < 0 ? Number.MAX_SAFE_INTEGER : opts.maxMessages;
  let createTime = opts.createTime;
  for (let i = 0; i < max && !stop; i++) {
    const sendStartMs = Date.now();
    const key = keyOf(i);
    const value = valueOf(i);
    const record: ProduceRecord = { key: key === null ? null : Buffer.from(key), value: Buffer.from(value) };
    if (createTime !== undefined) {
      record.timestamp = createTime;
      // Kafka adds the time since start to the create time after every send.
      createTime += Date.now() - startMs;
    }
    sent++;
    if (!sink.send(record, i)) await sink.waitForCapacity();
    else if ((i & 255) === 255) await new Promise<void>((resolve) => setImmediate(resolve));
    if (throttler.shouldThrottle(i, sendStartMs)) await throttler.throttle();
  }
  await sink.flush();
  await close();
  const stopMs = Date.now();
  write(`{"timestamp":${stopMs},"name":"shutdown_complete"}\n`);
  const now = Date.now();
  write(`{"timestamp":${now},"name":"tool_data","sent":${sent},"acked":${acked},"target_throughput":${opts.throughput},"avg_throughput":${javaDouble(1000 * (acked / (now - startMs)))}}\n`);
  return { sent, acked, interrupted: stop };
}
