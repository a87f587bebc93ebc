import type { ProduceFailure, ProduceRecord } from '../../client/native/producer.js';
import { JsonRecordError, parseJsonRecord } from '../console-consumer/json-record.js';
import { TkafkaError } from '../../shared/errors.js';
import { LineParseError, isPlainValueReader, parseLine, type LineReaderConfig } from './line-reader.js';

/** What the line loop needs from a producer (the native one, or a fake in tests). */
export interface RecordSink {
  readonly numPartitions: number;
  /** Queues a record; false means "wait for capacity before sending more". */
  send(record: ProduceRecord, tag: number): boolean;
  waitForCapacity(): Promise<void>;
  /** Resolves once every queued record is acknowledged or failed. */
  flush(): Promise<void>;
  readonly acked: number;
  readonly failed: number;
}

export interface ConsoleProducerRun {
  input: AsyncIterable<Buffer>;
  format: 'line' | 'json';
  reader: LineReaderConfig;
  /** --sync: wait for each record's acknowledgement; the first failure ends the run. */
  sync: boolean;
  /** Explicit partition for every record (beyond Kafka). */
  partition?: number | undefined;
  /** Writes the `>` prompt (only when stdin and stdout are terminals). */
  prompt?: (() => void) | undefined;
  /** Resolves when the run should stop reading (Ctrl-C). */
  interrupted?: Promise<void> | undefined;
  /**
   * --key-format/--value-format: replaces the parsed record's key/value (JSON text) with its
   * wire-format bytes, throwing a one-line reason when it does not fit the schema (a fatal line).
   */
  encode?: ((record: ProduceRecord) => void) | undefined;
  /** With a schema format, --input-format json's key/value fields hold the JSON values themselves. */
  structured?: { key: boolean; value: boolean } | undefined;
}

export interface ConsoleProducerResult {
  lines: number;
  acked: number;
  failed: number;
  interrupted: boolean;
  /** The input error that ended the run early (bad line), if any. */
  inputError: TkafkaError | null;
}

const LF = 10;
const CR = 13;

/**
 * Reads `input` line by line and sends one record per line. Memory stays bounded: when the sink's
 * buffer is full the loop stops pulling from the input until acknowledgements free space, so a
 * multi-GB pipe is streamed, never buffered. Lines end at LF; a CR before it is dropped (CRLF
 * files); a last line without a newline still counts.
 */
export async function runConsoleProducer(sink: RecordSink, run: ConsoleProducerRun): Promise<ConsoleProducerResult> {
  const plain = run.format === 'line' && isPlainValueReader(run.reader) && run.partition === undefined && run.encode === undefined;
  const jsonOptions = run.structured === undefined ? {} : { structuredKey: run.structured.key, structuredValue: run.structured.value };
  let lineNumber = 0;
  let full = false;
  let inputError: TkafkaError | null = null;

  const handle = (line: Buffer): void => {
    lineNumber++;
    let record: ProduceRecord;
    if (plain) {
      record = { key: null, value: line };
    } else if (run.format === 'json') {
      const text = line.toString('utf8');
      if (text.trim() === '') return;
      try {
        record = parseJsonRecord(text, jsonOptions);
      } catch (err) {
        if (err instanceof JsonRecordError) throw new LineParseError(`Invalid JSON record on line number ${lineNumber}: ${err.message}`, lineNumber);
        throw err;
      }
      if (run.partition !== undefined) record.partition = run.partition;
    } else {
      record = parseLine(line, lineNumber, run.reader);
      if (run.partition !== undefined) record.partition = run.partition;
    }
    if (run.encode !== undefined) {
      try {
        run.encode(record);
      } catch (err) {
        throw new LineParseError(`Invalid record on line number ${lineNumber}: ${err instanceof Error ? err.message : String(err)}`, lineNumber);
      }
    }
    if (record.partition !== undefined && record.partition >= sink.numPartitions) {
      throw new LineParseError(`Partition ${record.partition} on line number ${lineNumber} does not exist: the topic has ${sink.numPartitions} partition(s)`, lineNumber);
    }
    if (!sink.send(record, lineNumber)) full = true;
  };

  const it = run.input[Symbol.asyncIterator]();
  const stop = run.interrupted?.then(() => 'stop' as const);
  // A line split over chunks: its pieces, joined once its end arrives (no quadratic re-copying).
  let carry: Buffer[] | null = null;
  let interrupted = false;
  run.prompt?.();
  try {
    for (;;) {
      const next = stop === undefined ? await it.next() : await Promise.race([it.next(), stop]);
      if (next === 'stop') {
        interrupted = true;
        break;
      }
      if (next.done === true) break;
      const chunk = next.value;
      let start = 0;
      if (carry !== null) {
        const nl = chunk.indexOf(LF);
        if (nl === -1) {
          carry.push(chunk);
          continue;
        }
        carry.push(chunk.subarray(0, nl));
        handle(stripCr(Buffer.concat(carry)));
        carry = null;
        start = nl + 1;
      }
      for (let nl = chunk.indexOf(LF, start); nl !== -1; nl = chunk.indexOf(LF, start)) {
        handle(nl > start && chunk[nl - 1] === CR ? chunk.subarray(start, nl - 1) : chunk.subarray(start, nl));
        start = nl + 1;
        if (run.sync) await syncStep(sink);
      }
      if (start < chunk.length) carry = [chunk.subarray(start)];
      if (full) {
        full = false;
        await sink.waitForCapacity();
      }
      run.prompt?.();
    }
    if (carry !== null && !interrupted) {
      handle(stripCr(Buffer.concat(carry)));
      if (run.sync) await syncStep(sink);
    }
  } catch (err) {
    if (!(err instanceof TkafkaError)) throw err;
    inputError = err;
  } finally {
    await it.return?.();
  }
  await sink.flush();
  return { lines: lineNumber, acked: sink.acked, failed: sink.failed, interrupted, inputError };
}

function stripCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, line.length - 1) : line;
}

/** --sync: flush after every record; a failed record ends the run like Kafka's send().get(). */
async function syncStep(sink: RecordSink): Promise<void> {
  const before = sink.failed;
  await sink.flush();
  if (sink.failed > before) throw new TkafkaError('PRODUCE_FAILED', 'A record failed in --sync mode; stopping.');
}

/** `lines 1-150, 152` from a list of line numbers (at most `max` ranges, then "..."). */
export function describeLines(tags: readonly number[], max = 6): string {
  const sorted = [...tags].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  const shown = ranges.length > max ? [...ranges.slice(0, max), '...'] : ranges;
  return `${sorted.length === 1 ? 'line' : 'lines'} ${shown.join(', ')}`;
}

/** Kafka-style one-line report of a failed batch, naming its input lines. */
export function failureMessage(topic: string, f: ProduceFailure): string {
  // Partition -1: the record never got a partition (e.g. the topic name was refused).
  return `Error when sending ${f.tags.length === 1 ? 'the record' : `${f.tags.length} records`} on ${describeLines(f.tags)} to ${f.partition >= 0 ? `${topic}-${f.partition}` : topic}: ${f.error.message}`;
}
