import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, StickyPartitioner } from '../../../src/client/native/partitioner.js';
import type { ProduceRecord } from '../../../src/client/native/producer.js';
import { LineParseError, javaSplit, lineReaderConfig, parseLine } from '../../../src/core/console-producer/line-reader.js';
import { describeLines, runConsoleProducer, type RecordSink } from '../../../src/core/console-producer/run.js';
import { TkafkaError } from '../../../src/shared/errors.js';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

function view(r: ProduceRecord): unknown {
  return {
    key: r.key === null ? null : r.key.toString(),
    value: r.value === null ? null : r.value.toString(),
    headers: r.headers?.map((h) => [h.key, h.value === null ? null : h.value.toString()]),
  };
}

function parse(line: string, props: Record<string, string>, n = 1): unknown {
  return view(parseLine(Buffer.from(line), n, lineReaderConfig(props)));
}

describe('murmur2 partitioning', () => {
  it('matches the Java-compatible murmur2 of kafkajs for any key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(murmur2(bytes)).toBe(kafkajsMurmur2(Buffer.from(bytes)));
      }),
      { numRuns: 500 },
    );
  });

  it('maps keys to partitions as Kafka does (positive hash mod partitions)', () => {
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(partitionForKey(Buffer.from('21'), 3)).toBe((-973932308 & 0x7fffffff) % 3);
    expect(partitionForKey(Buffer.alloc(0), 7)).toBe((murmur2(Buffer.alloc(0)) & 0x7fffffff) % 7);
  });

  it('sticky partitioning moves round-robin', () => {
    const s = new StickyPartitioner(3, 2);
    const seen = [s.partition];
    for (let i = 0; i < 3; i++) {
      s.next();
      seen.push(s.partition);
    }
    expect(seen).toEqual([2, 0, 1, 2]);
  });
});

describe('LineMessageReader', () => {
  it('reads the whole line as the value by default', () => {
    expect(parse('a\tb:c', {})).toEqual({ key: null, value: 'a\tb:c', headers: undefined });
  });

  it('splits headers, key and value', () => {
    expect(parse('h1:v1,h2:v2\tk\tv\tmore', { 'parse.key': 'true', 'parse.headers': 'true' })).toEqual({
      key: 'k',
      value: 'v\tmore',
      headers: [
        ['h1', 'v1'],
        ['h2', 'v2'],
      ],
    });
    expect(parse('k::v', { 'parse.key': 'true', 'key.separator': '::' })).toEqual({ key: 'k', value: 'v', headers: undefined });
    // headers.separator is a regex; a header value may contain the key separator after the first one.
    expect(parse('a=1; b=x=y|v', { 'parse.headers': 'true', 'headers.delimiter': '|', 'headers.separator': ';\\s*', 'headers.key.separator': '=' })).toEqual({
      key: null,
      value: 'v',
      headers: [
        ['a', '1'],
        ['b', 'x=y'],
      ],
    });
  });

  it('turns fields equal to null.marker into null', () => {
    const p = { 'parse.key': 'true', 'parse.headers': 'true', 'null.marker': '<null>' };
    expect(parse('h:<null>\t<null>\t<null>', p)).toEqual({ key: null, value: null, headers: [['h', null]] });
    expect(parse('<null>\tk\t', p)).toEqual({ key: 'k', value: '', headers: undefined });
    expect(() => parse('<null>:v\tk\tv', p)).toThrow("Header keys should not be equal to the null marker '<null>' as they can't be null");
  });

  it("reports a missing separator with Kafka's message, or skips parsing with ignore.error", () => {
    expect(() => parse('no-tab-here', { 'parse.key': 'true' }, 7)).toThrow("No key separator found on line number 7: 'no-tab-here'");
    expect(() => parse('k\tkey\tv', { 'parse.headers': 'true', 'parse.key': 'true' }, 2)).toThrow("No header key separator found in pair 'k' on line number 2");
    expect(() => parse('nothing', { 'parse.headers': 'true' }, 3)).toThrow("No headers delimiter found on line number 3: 'nothing'");
    expect(parse('no-tab-here', { 'parse.key': 'true', 'ignore.error': 'true' })).toEqual({ key: null, value: 'no-tab-here', headers: undefined });
    expect(parse('bad\tv', { 'parse.headers': 'true', 'ignore.error': 'true' })).toEqual({ key: null, value: 'v', headers: [['bad', null]] });
  });

  it("rejects colliding separators with Kafka's messages", () => {
    const msg = (p: Record<string, string>): string => {
      try {
        lineReaderConfig(p);
      } catch (err) {
        return err instanceof TkafkaError ? `${err.exitCode} ${err.message}` : String(err);
      }
      return 'ok';
    };
    expect(msg({ 'headers.delimiter': ',' })).toBe('2 headers.delimiter and headers.separator may not be equal');
    expect(msg({ 'headers.separator': ':' })).toBe('2 headers.separator and headers.key.separator may not be equal');
    expect(msg({ 'null.marker': '\t' })).toBe('2 null.marker and key.separator may not be equal');
    expect(msg({ 'parse.kye': 'true' })).toContain("Unknown reader property 'parse.kye'");
  });

  it("splits like Java's String.split", () => {
    expect(javaSplit('a,b,,', /,/g)).toEqual(['a', 'b']);
    expect(javaSplit(',', /,/g)).toEqual([]);
    expect(javaSplit('', /,/g)).toEqual(['']);
    expect(javaSplit(',a', /,/g)).toEqual(['', 'a']);
    expect(javaSplit('a1b22c', /\d+/g)).toEqual(['a', 'b', 'c']);
  });
});

class MemorySink implements RecordSink {
  readonly numPartitions = 4;
  records: Array<{ record: ProduceRecord; tag: number }> = [];
  acked = 0;
  failed = 0;
  private readonly capacity: number;
  maxQueued = 0;
  private queued = 0;
  private waiters: Array<() => void> = [];

  constructor(capacity = Infinity) {
    this.capacity = capacity;
  }

  send(record: ProduceRecord, tag: number): boolean {
    this.records.push({ record, tag });
    this.queued++;
    this.maxQueued = Math.max(this.maxQueued, this.queued);
    // Acknowledge asynchronously, as a broker would.
    setImmediate(() => {
      this.queued--;
      this.acked++;
      if (this.queued < this.capacity) for (const w of this.waiters.splice(0)) w();
    });
    return this.queued < this.capacity;
  }

  waitForCapacity(): Promise<void> {
    return this.queued < this.capacity ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }

  async flush(): Promise<void> {
    while (this.queued > 0) await new Promise((r) => setImmediate(r));
  }
}

function chunks(...parts: string[]): AsyncIterable<Buffer> {
  return Readable.from(parts.map((p) => Buffer.from(p)));
}

describe('runConsoleProducer', () => {
  const reader = lineReaderConfig({});

  it('cuts lines across chunk boundaries, drops CR of CRLF, keeps a last line without newline', async () => {
    const sink = new MemorySink();
    const res = await runConsoleProducer(sink, { input: chunks('one\r\ntw', 'o\n\nthr', 'ee'), format: 'line', reader, sync: false });
    expect(sink.records.map((r) => [r.tag, r.record.value?.toString()])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, ''],
      [4, 'three'],
    ]);
    expect(res).toMatchObject({ lines: 4, acked: 4, failed: 0, interrupted: false, inputError: null });
  });

  it('stops pulling input while the sink is full (bounded memory)', async () => {
    const sink = new MemorySink(100);
    const lines = Array.from({ length: 5000 }, (_, i) => `${i}\n`);
    const input = Readable.from((function* () {
      for (let i = 0; i < lines.length; i += 50) yield Buffer.from(lines.slice(i, i + 50).join(''));
    })());
    const res = await runConsoleProducer(sink, { input, format: 'line', reader, sync: false });
    expect(res.acked).toBe(5000);
    // At most one chunk beyond the capacity is ever queued.
    expect(sink.maxQueued).toBeLessThanOrEqual(150);
  });

  it('ends at a bad line with its line number, after sending the lines before it', async () => {
    const sink = new MemorySink();
    const res = await runConsoleProducer(sink, { input: chunks('a\tb\nc\n'), format: 'line', reader: lineReaderConfig({ 'parse.key': 'true' }), sync: false });
    expect(res.inputError).toBeInstanceOf(LineParseError);
    expect(res.inputError?.message).toBe("No key separator found on line number 2: 'c'");
    expect(sink.records).toHaveLength(1);
  });

  it('reads JSON lines, keeping null vs empty, base64 bytes, headers and partitions', async () => {
    const sink = new MemorySink();
    const json = [
      '{"key":null,"value":"","headers":[{"key":"h","value":null},{"key":"h","value":"2"}],"partition":3,"timestamp":5}',
      '',
      '{"key":"/w==","keyEncoding":"base64","value":null,"headers":{"a":"b"}}',
    ].join('\n');
    await runConsoleProducer(sink, { input: chunks(json), format: 'json', reader, sync: false });
    expect(sink.records.map((r) => r.record)).toEqual([
      { key: null, value: Buffer.alloc(0), partition: 3, timestamp: 5, headers: [{ key: 'h', value: null }, { key: 'h', value: Buffer.from('2') }] },
      { key: Buffer.from([0xff]), value: null, headers: [{ key: 'a', value: Buffer.from('b') }] },
    ]);
    const bad = await runConsoleProducer(new MemorySink(), { input: chunks('{"value":1}\n'), format: 'json', reader, sync: false });
    expect(bad.inputError?.message).toBe('Invalid JSON record on line number 1: value must be a string or null');
    const outOfRange = await runConsoleProducer(new MemorySink(), { input: chunks('{"value":"x","partition":9}\n'), format: 'json', reader, sync: false });
    expect(outOfRange.inputError?.message).toBe('Partition 9 on line number 1 does not exist: the topic has 4 partition(s)');
  });

  it('stops reading on interrupt and still flushes', async () => {
    const sink = new MemorySink();
    let release: () => void = () => undefined;
    const never = new Promise<IteratorResult<Buffer>>(() => undefined);
    const input: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => {
        let first = true;
        return {
          next: () => {
            if (first) {
              first = false;
              return Promise.resolve({ done: false, value: Buffer.from('x\n') });
            }
            release();
            return never;
          },
        };
      },
    };
    const interrupted = new Promise<void>((r) => (release = r));
    const res = await runConsoleProducer(sink, { input, format: 'line', reader, sync: false, interrupted });
    expect(res).toMatchObject({ lines: 1, acked: 1, interrupted: true });
  });

  it('names failed lines compactly', () => {
    expect(describeLines([5, 1, 2, 3, 9])).toBe('lines 1-3, 5, 9');
    expect(describeLines([4])).toBe('line 4');
    expect(describeLines([1, 3, 5, 7, 9, 11, 13, 15], 3)).toBe('lines 1, 3, 5, ...');
  });
});
