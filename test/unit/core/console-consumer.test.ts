import { describe, expect, it } from 'vitest';
import { formatRecord, formatterConfig, type BatchContext, type FormattableRecord } from '../../../src/core/console-consumer/formatter.js';
import { parseJsonRecord, toJsonLine } from '../../../src/core/console-consumer/json-record.js';
import { OutputBuffer, type ByteSink } from '../../../src/core/console-consumer/output.js';
import { parseFromTime } from '../../../src/core/console-consumer/time.js';
import { TkafkaError } from '../../../src/shared/errors.js';

const ctx: BatchContext = { topic: 't', partition: 2, timestampType: 0, leaderEpoch: 5 };
const rec: FormattableRecord = {
  offset: 42n,
  timestamp: 1700000000123n,
  key: Buffer.from('k1'),
  value: Buffer.from('v1'),
  headers: [
    { key: 'h1', value: Buffer.from('x') },
    { key: 'h2', value: null },
  ],
};

async function format(props: Record<string, string>, r: FormattableRecord = rec, b: BatchContext = ctx): Promise<string> {
  const out = new OutputBuffer();
  formatRecord(out, b, r, formatterConfig(props));
  const chunks: Buffer[] = [];
  const sink: ByteSink = { write: (c) => (chunks.push(c), true), drained: () => Promise.resolve() };
  await out.flushTo(sink);
  return Buffer.concat(chunks).toString('latin1');
}

describe('DefaultMessageFormatter layout', () => {
  it('prints only the value by default', async () => {
    expect(await format({})).toBe('v1\n');
    expect(await format({}, { ...rec, value: null })).toBe('null\n');
  });

  it('prints every field in Kafka order, separated by key.separator', async () => {
    const all = { 'print.timestamp': 'true', 'print.partition': 'true', 'print.offset': 'true', 'print.headers': 'true', 'print.key': 'true' };
    expect(await format(all)).toBe('CreateTime:1700000000123\tPartition:2\tOffset:42\th1:x,h2:null\tk1\tv1\n');
    expect(await format({ ...all, 'print.epoch': 'true', 'print.delivery': 'true' })).toBe('CreateTime:1700000000123\tPartition:2\tOffset:42\tDelivery:NONE\tEpoch:5\th1:x,h2:null\tk1\tv1\n');
    expect(await format({ 'print.timestamp': 'true' }, rec, { ...ctx, timestampType: 1 })).toBe('LogAppendTime:1700000000123\tv1\n');
    expect(await format({ 'print.timestamp': 'true' }, rec, { ...ctx, timestampType: -1 })).toBe('NO_TIMESTAMP\tv1\n');
    expect(await format({ 'print.epoch': 'true' }, rec, { ...ctx, leaderEpoch: -1 })).toBe('Epoch:NOT_PRESENT\tv1\n');
  });

  it('ends the record after the last printed field when the value is off', async () => {
    expect(await format({ 'print.key': 'true', 'print.value': 'false' })).toBe('k1\n');
    expect(await format({ 'print.offset': 'TRUE', 'print.value': 'false' })).toBe('Offset:42\n');
    expect(await format({ 'print.value': 'false' })).toBe('');
  });

  it('uses the separators, the null literal and NO_HEADERS', async () => {
    const props = { 'print.key': 'true', 'print.headers': 'true', 'key.separator': ' | ', 'line.separator': '\r\n', 'headers.separator': ';', 'null.literal': '<nil>' };
    expect(await format(props)).toBe('h1:x;h2:<nil> | k1 | v1\r\n');
    expect(await format(props, { ...rec, key: null, headers: [] })).toBe('NO_HEADERS | <nil> | v1\r\n');
  });

  it('prints raw bytes untouched', async () => {
    const raw = Buffer.from([0xff, 0x00, 0x80]);
    expect(Buffer.from(await format({}, { ...rec, value: raw }), 'latin1')).toEqual(Buffer.concat([raw, Buffer.from('\n')]));
  });

  it("maps Kafka's deserializers", async () => {
    const long = Buffer.alloc(8);
    long.writeBigInt64BE(-5n);
    expect(await format({ 'value.deserializer': 'org.apache.kafka.common.serialization.LongDeserializer' }, { ...rec, value: long })).toBe('-5\n');
    const dbl = Buffer.alloc(8);
    dbl.writeDoubleBE(1.5);
    expect(await format({ 'value.deserializer': 'DoubleDeserializer' }, { ...rec, value: dbl })).toBe('1.5\n');
    dbl.writeDoubleBE(3);
    expect(await format({ 'value.deserializer': 'DoubleDeserializer' }, { ...rec, value: dbl })).toBe('3.0\n');
    expect(await format({ 'key.deserializer': 'BytesDeserializer', 'print.key': 'true' }, { ...rec, key: Buffer.from([0x41, 0x0a, 0x5c]) })).toBe('A\\x0A\\x5C\tv1\n');
    await expect(format({ 'value.deserializer': 'IntegerDeserializer' })).rejects.toThrow('Size of data received by IntegerDeserializer is not 4');
    expect(() => formatterConfig({ 'value.deserializer': 'com.example.Avro' })).toThrow("Unsupported value.deserializer 'com.example.Avro'.");
  });

  it('rejects unknown formatter properties with exit code 2', () => {
    try {
      formatterConfig({ 'print.kye': 'true' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TkafkaError);
      expect((err as TkafkaError).exitCode).toBe(2);
      expect((err as TkafkaError).message).toContain("Unknown formatter property 'print.kye'");
    }
  });
});

describe('JSON lines', () => {
  it('writes the documented shape, base64 only for non-UTF-8 bytes', () => {
    const line = toJsonLine(ctx, { ...rec, key: Buffer.from([0xc3, 0x28]), headers: [{ key: 'h', value: Buffer.from([0xff]) }, { key: 'n', value: null }] });
    expect(line).toBe(
      '{"topic":"t","partition":2,"offset":42,"timestamp":1700000000123,"timestampType":"CreateTime","key":"wyg=","keyEncoding":"base64","value":"v1","headers":[{"key":"h","value":"/w==","valueEncoding":"base64"},{"key":"n","value":null}]}\n',
    );
  });

  it('reads back what it writes', () => {
    const r: FormattableRecord = { offset: 1n, timestamp: 9n, key: null, value: Buffer.from([0, 1, 0xfe]), headers: [{ key: 'a', value: Buffer.alloc(0) }] };
    expect(parseJsonRecord(toJsonLine(ctx, r).trim())).toEqual({ key: null, value: r.value, partition: 2, timestamp: 9, headers: [{ key: 'a', value: Buffer.alloc(0) }] });
    expect(() => parseJsonRecord('{"value":"%%","valueEncoding":"base64"}')).toThrow('value is not valid base64');
    expect(() => parseJsonRecord('[1]')).toThrow('expected a JSON object');
  });
});

describe('--from-time', () => {
  const now = Date.UTC(2024, 4, 1, 12, 0, 0);
  it('reads epoch ms, ISO dates and relative times', () => {
    expect(parseFromTime('1700000000000', now)).toBe(1700000000000);
    expect(parseFromTime('2024-05-01T11:00:00Z', now)).toBe(now - 3_600_000);
    expect(parseFromTime('2024-05-01', now)).toBe(Date.UTC(2024, 4, 1));
    expect(parseFromTime('-15m', now)).toBe(now - 900_000);
    expect(parseFromTime('-1d', now)).toBe(now - 86_400_000);
    expect(parseFromTime('-500ms', now)).toBe(now - 500);
    expect(parseFromTime('yesterday', now)).toBeUndefined();
    expect(parseFromTime('15m', now)).toBeUndefined();
  });
});
