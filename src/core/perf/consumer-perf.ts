// kafka-consumer-perf-test (ConsumerPerformance): consumes N records as a member of a consumer
// group and prints Kafka's CSV-ish header and summary row (or one row per reporting interval),
// counting key and value bytes; the time spent joining is reported apart (rebalance.time.ms).
import { EARLIEST_TIMESTAMP, IsolationLevel, LATEST_TIMESTAMP, type NativeClient } from '../../client/native/client.js';
import { NativeConsumer, type ConsumerPosition } from '../../client/native/consumer.js';
import { GroupMember, type CommitOffset, type TopicPartitions } from '../../client/native/group-member.js';
import { javaFixed, simpleDateFormat } from './java-format.js';

export { simpleDateFormat };

export interface ConsumerPerfOptions {
  topic: string;
  groupId: string;
  numRecords: number;
  fromLatest: boolean;
  fetchSize: number;
  timeoutMs: number;
  reportingIntervalMs: number;
  detailed: boolean;
  hideHeader: boolean;
  dateFormat: string;
  interrupted: Promise<void>;
}

const EXTRA = ', rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';


export interface ConsumerPerfResult {
  records: number;
  bytes: number;
  timedOut: boolean;
}

export async function runConsumerPerf(client: NativeClient, opts: ConsumerPerfOptions, print: (line: string) => void, fetch: { maxWaitMs: number; minBytes: number; maxBytes: number }): Promise<ConsumerPerfResult> {
  const fmt = (ms: number): string => simpleDateFormat(opts.dateFormat, ms);
  if (!opts.hideHeader) print(opts.detailed ? `time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec${EXTRA}` : `start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec${EXTRA}`);
  const positions = new Map<string, CommitOffset>();
  let assigned: Array<{ topic: string; partition: number }> = [];
  const member = new GroupMember(client, { groupId: opts.groupId, autoCommit: true, committable: () => assigned.flatMap((p) => positions.get(`${p.topic}:${p.partition}`) ?? []) });
  let fetcher: NativeConsumer | null = null;
  member.onWake = () => fetcher?.wakeup();
  let stop = false;
  void opts.interrupted.then(() => {
    stop = true;
    fetcher?.wakeup();
    member.abort();
  });
  const startMs = Date.now();
  let joinTimeMs = 0;
  let joinRound = 0;
  let records = 0;
  let bytes = 0;
  let lastRecords = 0;
  let lastBytes = 0;
  let now = startMs;
  let lastReport = now;
  let lastConsumed = now;
  try {
    await client.topic(opts.topic, { autoCreate: true });
    member.subscribe([opts.topic]);
    while (!stop && records < opts.numRecords && now - lastConsumed <= opts.timeoutMs) {
      if (member.rejoinNeeded || fetcher === null) {
        fetcher?.close();
        fetcher = null;
        const joinStart = Date.now();
        const change = await member.poll();
        const parts: readonly TopicPartitions[] = change?.assigned ?? member.assignment;
        const joined = Date.now() - joinStart;
        joinTimeMs += joined;
        joinRound += joined;
        assigned = parts.flatMap((tp) => tp.partitions.map((partition) => ({ topic: tp.topic, partition })));
        const committed = await member.fetchCommitted(parts);
        const starts: ConsumerPosition[] = assigned.map((p) => {
          const c = committed.get(`${p.topic}:${p.partition}`)?.offset ?? -1n;
          return { ...p, offset: c >= 0n ? c : opts.fromLatest ? LATEST_TIMESTAMP : EARLIEST_TIMESTAMP };
        });
        const f = new NativeConsumer(client, { isolationLevel: IsolationLevel.READ_UNCOMMITTED, ...fetch, partitionMaxBytes: opts.fetchSize, resetPolicy: opts.fromLatest ? 'latest' : 'earliest' });
        await f.assign(starts);
        for (const p of assigned) positions.set(`${p.topic}:${p.partition}`, { ...p, offset: f.position(p.topic, p.partition) ?? 0n });
        fetcher = f;
        now = Date.now();
        lastConsumed = now;
      }
      const batches = await fetcher.poll(100);
      now = Date.now();
      if (batches.length > 0) lastConsumed = now;
      for (const fb of batches) {
        for (const r of fb.batch.records) {
          if (records >= opts.numRecords) break;
          records++;
          bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
          const pos = positions.get(`${fb.topic}:${fb.partition}`);
          if (pos !== undefined) pos.offset = r.offset + 1n;
          if (now - lastReport >= opts.reportingIntervalMs) {
            if (opts.detailed) print(progressRow(fmt(now), bytes, lastBytes, records, lastRecords, lastReport, now, joinRound));
            joinRound = 0;
            lastReport = now;
            lastRecords = records;
            lastBytes = bytes;
          }
        }
      }
    }
  } finally {
    fetcher?.close();
    await member.close();
  }
  const timedOut = records < opts.numRecords && !stop;
  if (timedOut) print(`WARNING: Exiting before consuming the expected number of records: timeout (${opts.timeoutMs} ms) exceeded. You can use the --timeout option to increase the timeout.`);
  const endMs = Date.now();
  if (!opts.detailed) {
    const elapsedSec = (endMs - startMs) / 1000;
    const fetchTimeMs = endMs - startMs - joinTimeMs;
    const mb = bytes / (1024 * 1024);
    print(
      `${fmt(startMs)}, ${fmt(endMs)}, ${javaFixed(mb, 4)}, ${javaFixed(mb / elapsedSec, 4)}, ${records}, ${javaFixed(records / elapsedSec, 4)}, ${joinTimeMs}, ${fetchTimeMs}, ${javaFixed(mb / (fetchTimeMs / 1000), 4)}, ${javaFixed(records / (fetchTimeMs / 1000), 4)}`,
    );
  }
  return { records, bytes, timedOut };
}

function progressRow(time: string, bytes: number, lastBytes: number, records: number, lastRecords: number, startMs: number, endMs: number, joinRound: number): string {
  const elapsed = endMs - startMs;
  const intervalMb = (bytes - lastBytes) / (1024 * 1024);
  const fetchMs = elapsed - joinRound;
  return (
    `${time}, 0, ${javaFixed(bytes / (1024 * 1024), 4)}, ${javaFixed((1000 * intervalMb) / elapsed, 4)}, ${records}, ${javaFixed(((records - lastRecords) / elapsed) * 1000, 4)}` +
    `, ${joinRound}, ${fetchMs}, ${javaFixed(fetchMs <= 0 ? 0 : (1000 * intervalMb) / fetchMs, 4)}, ${javaFixed(fetchMs <= 0 ? 0 : (1000 * (records - lastRecords)) / fetchMs, 4)}`
  );
}
