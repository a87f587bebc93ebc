import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startRegistryBroker, type RegistryBroker } from '../helpers/schema-registry.js';

// The console tools and `tkafka schemas` through bin/tkafka.js against the bundled broker and its
// Schema Registry: exact output for all three formats, per-record errors, and interop with
// @kafkajs/confluent-schema-registry in both directions.

let b: RegistryBroker;
let dir: string;
let kafka: Kafka;

const ORDER_AVSC = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'price', type: 'double' },
    { name: 'raw', type: 'bytes', default: '' },
  ],
});
const USER_PROTO = `syntax = "proto3";
package demo;
message Other { string x = 1; }
message User {
  string name = 1;
  int64 id = 2;
  repeated string tags = 3;
  Other other = 4;
  enum Kind { A = 0; B = 1; }
  Kind kind = 5;
}
`;
const PERSON_JSON = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name'] });

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

beforeAll(async () => {
  b = await startRegistryBroker({ config: { 'offsets.topic.num.partitions': '1' } });
  dir = mkdtempSync(path.join(tmpdir(), 'tkafka-schemas-'));
  kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  await b.dispose();
});

const reg = (): string[] => ['--schema-registry-url', b.registryUrl];
const produce = (topic: string, input: string, ...args: string[]): Promise<CliResult> => runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', topic, ...reg(), ...args], { input });
const consume = (topic: string, ...args: string[]): Promise<CliResult> => runCli(['console-consumer', '--bootstrap-server', b.bootstrap, '--topic', topic, '--from-beginning', '--exit-at-end', ...reg(), ...args]);
const schemas = (...args: string[]): Promise<CliResult> => runCli(['schemas', ...args, ...reg()]);

describe('console-producer → console-consumer, each format', () => {
  it('avro: values come back as Avro JSON, -o json as structured values with the schema id', async () => {
    const avsc = file('order.avsc', ORDER_AVSC);
    const lines = ['{"id":1,"item":"pen","note":null,"price":1.5,"raw":"\\u00ff"}', '{"id":123456789012345,"item":"ink","note":{"string":"blue"},"price":-2}'];
    const p = await produce('orders', `${lines.join('\n')}\n`, '--value-format', 'avro', '--value-schema-file', avsc);
    expect(p).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    const c = await consume('orders', '--value-format', 'avro', '--property', 'print.offset=true');
    expect(c.stdout).toBe('Offset:0\t{"id":1,"item":"pen","note":null,"price":1.5,"raw":"ÿ"}\nOffset:1\t{"id":123456789012345,"item":"ink","note":{"string":"blue"},"price":-2,"raw":""}\n');
    expect(c.stderr).toBe('Processed a total of 2 messages\n');
    const { id } = JSON.parse((await schemas('show', 'orders-value', '-o', 'json')).stdout) as { id: number };
    const j = await consume('orders', '--value-format', 'avro', '-o', 'json');
    const recs = j.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(recs.map((r) => [r['key'], r['value'], r['valueSchemaId'], Object.keys(r)])).toEqual([
      [null, { id: 1, item: 'pen', note: null, price: 1.5, raw: 'ÿ' }, id, ['topic', 'partition', 'offset', 'timestamp', 'timestampType', 'key', 'value', 'valueSchemaId', 'headers']],
      [null, { id: 123456789012345, item: 'ink', note: { string: 'blue' }, price: -2, raw: '' }, id, ['topic', 'partition', 'offset', 'timestamp', 'timestampType', 'key', 'value', 'valueSchemaId', 'headers']],
    ]);
    // -o json replays through --input-format json with the same schema: the same values again.
    const replay = await produce('orders-copy', j.stdout, '--input-format', 'json', '--value-format', 'avro', '--value-schema-id', String(id));
    expect(replay.exitCode).toBe(0);
    expect((await consume('orders-copy', '--value-format', 'avro')).stdout).toBe('{"id":1,"item":"pen","note":null,"price":1.5,"raw":"ÿ"}\n{"id":123456789012345,"item":"ink","note":{"string":"blue"},"price":-2,"raw":""}\n');
  });

  it('protobuf: the chosen message, 64-bit integers as strings, enums by name', async () => {
    const proto = file('user.proto', USER_PROTO);
    const p = await produce('users-pb', '{"name":"ann","id":"-7","tags":["a","b"],"other":{"x":"y"},"kind":"B"}\n{"name":"bo","id":"18446744"}\n', '--value-format', 'protobuf', '--value-schema-file', proto, '--value-message', 'demo.User');
    expect(p).toMatchObject({ exitCode: 0, stderr: '' });
    const c = await consume('users-pb', '--value-format', 'protobuf');
    expect(c.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { name: 'ann', id: '-7', tags: ['a', 'b'], other: { x: 'y' }, kind: 'B' },
      { name: 'bo', id: '18446744', tags: [], other: null, kind: 'A' },
    ]);
    const bad = await produce('users-pb', '{"name":5}\n', '--value-format', 'protobuf', '--value-schema-file', proto, '--value-message', 'demo.User');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^tkafka: Invalid record on line number 1: value does not match schema id \d+: name: string expected\n$/);
    const unknown = await produce('users-pb', '{}\n', '--value-format', 'protobuf', '--value-schema-file', proto, '--value-message', 'demo.Nope');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('tkafka: --value-message: no message demo.Nope in the schema (it has demo.Other, demo.User).');
  });

  it('json-schema: validated on the way in, printed as written', async () => {
    const js = file('person.json', PERSON_JSON);
    const p = await produce('people', '{"name":"ann","age":3}\n{"age":"x"}\n', '--value-format', 'json-schema', '--value-schema-file', js);
    expect(p.exitCode).toBe(1);
    expect(p.stderr).toMatch(/^tkafka: Invalid record on line number 2: value does not match schema id \d+: .*must have required property 'name'\n$/);
    const c = await consume('people', '--value-format', 'json-schema');
    expect(c.stdout).toBe('{"name":"ann","age":3}\n');
  });

  it('avro keys with parse.key, printed with print.key', async () => {
    const key = file('key.avsc', '"string"');
    const avsc = file('order2.avsc', ORDER_AVSC);
    const p = await produce('keyed', '"k1"\t{"id":2,"item":"cup","price":3}\n', '--key-format', 'avro', '--key-schema-file', key, '--value-format', 'avro', '--value-schema-file', avsc, '--property', 'parse.key=true');
    expect(p).toMatchObject({ exitCode: 0, stderr: '' });
    const c = await consume('keyed', '--key-format', 'avro', '--value-format', 'avro', '--property', 'print.key=true');
    expect(c.stdout).toBe('"k1"\t{"id":2,"item":"cup","note":null,"price":3,"raw":""}\n');
    expect((await schemas('list')).stdout).toContain('keyed-key\nkeyed-value\n');
    // print.schema.ids: each decoded key and value followed by schema.id.separator (default TAB) and its id.
    const keyId = (JSON.parse((await schemas('show', 'keyed-key', '-o', 'json')).stdout) as { id: number }).id;
    const valueId = (JSON.parse((await schemas('show', 'keyed-value', '-o', 'json')).stdout) as { id: number }).id;
    expect(keyId).not.toBe(valueId);
    const ids = await consume('keyed', '--key-format', 'avro', '--value-format', 'avro', '--property', 'print.key=true', '--property', 'print.schema.ids=true');
    expect(ids.stdout).toBe(`"k1"\t${keyId}\t{"id":2,"item":"cup","note":null,"price":3,"raw":""}\t${valueId}\n`);
    const sep = await consume('keyed', '--value-format', 'avro', '--property', 'print.schema.ids=true', '--property', 'schema.id.separator=:');
    expect(sep.stdout).toBe(`{"id":2,"item":"cup","note":null,"price":3,"raw":""}:${valueId}\n`);
    const noFormat = await consume('keyed', '--property', 'print.schema.ids=true');
    expect(noFormat).toMatchObject({ exitCode: 2, stdout: '' });
    expect(noFormat.stderr.split('\n')[0]).toBe('tkafka: --property print.schema.ids needs --value-format or --key-format.');
  });
});

describe('records the consumer cannot decode', () => {
  it('a foreign magic byte or an unknown schema id ends the run naming the record; --skip-message-on-error skips it', async () => {
    const avsc = file('order3.avsc', ORDER_AVSC);
    expect((await produce('mixed', '{"id":1,"item":"a","price":1}\n', '--value-format', 'avro', '--value-schema-file', avsc)).exitCode).toBe(0);
    expect((await runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', 'mixed'], { input: 'plain\n' })).exitCode).toBe(0);
    // Magic byte 0, schema id 99999 (never registered), then a payload.
    const unknownId = Buffer.from([0, 0, 1, 0x86, 0x9f, 2]).toString('base64');
    expect((await runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', 'mixed', '--input-format', 'json'], { input: `{"value":"${unknownId}","valueEncoding":"base64"}\n` })).exitCode).toBe(0);
    expect((await produce('mixed', '{"id":4,"item":"d","price":4}\n', '--value-format', 'avro', '--value-schema-file', avsc)).exitCode).toBe(0);

    const stop = await consume('mixed', '--value-format', 'avro');
    expect(stop.exitCode).toBe(1);
    expect(stop.stdout).toBe('{"id":1,"item":"a","note":null,"price":1,"raw":""}\n');
    expect(stop.stderr).toBe(
      'Processed a total of 1 messages\ntkafka: Error processing message mixed-0@1: value is not avro in the Confluent wire format: unknown magic byte 112 (the Confluent wire format starts with 0)\n--skip-message-on-error skips such records.\n',
    );
    const skip = await consume('mixed', '--value-format', 'avro', '--skip-message-on-error');
    expect(skip.exitCode).toBe(0);
    expect(skip.stdout).toBe('{"id":1,"item":"a","note":null,"price":1,"raw":""}\n{"id":4,"item":"d","note":null,"price":4,"raw":""}\n');
    const warnings = skip.stderr.split('\n');
    expect(warnings[0]).toBe('Error processing message mixed-0@1, skipping it: value is not avro in the Confluent wire format: unknown magic byte 112 (the Confluent wire format starts with 0)');
    expect(warnings[1]).toMatch(/^Error processing message mixed-0@2, skipping it: value: schema id 99999: .*\(error 40403\)$/);
    expect(warnings[2]).toBe('Processed a total of 4 messages');
  });

  it('no registry answering is one line and exit 1', async () => {
    const r = await runCli(['console-consumer', '--bootstrap-server', b.bootstrap, '--topic', 'orders', '--from-beginning', '--exit-at-end', '--value-format', 'avro', '--schema-registry-url', 'http://u:secret@127.0.0.1:1']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("tkafka: No Schema Registry answers at http://127.0.0.1:1 (connection refused).\nThe bundled broker serves one on port 8081 ('tkafka broker start'); or pass --schema-registry-url.\n");
    expect(r.stderr).not.toContain('secret');
  });
});

describe('interop with @kafkajs/confluent-schema-registry', () => {
  it('what it encodes (Avro, JSON Schema) our console-consumer decodes exactly', async () => {
    const registry = new SchemaRegistry({ host: b.registryUrl });
    const { id: avroId } = await registry.register({ type: SchemaType.AVRO, schema: ORDER_AVSC }, { subject: 'kjs-avro-value' });
    const { id: jsonId } = await registry.register({ type: SchemaType.JSON, schema: PERSON_JSON }, { subject: 'kjs-json-value' });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'kjs-avro', messages: [{ value: await registry.encode(avroId, { id: 5, item: 'box', note: 'fragile', price: 0.25, raw: Buffer.from([1, 2]) }) }] });
    await producer.send({ topic: 'kjs-json', messages: [{ value: await registry.encode(jsonId, { name: 'zoe', age: 40 }) }] });
    await producer.disconnect();
    expect((await consume('kjs-avro', '--value-format', 'avro')).stdout).toBe('{"id":5,"item":"box","note":{"string":"fragile"},"price":0.25,"raw":"\\u0001\\u0002"}\n');
    expect((await consume('kjs-json', '--value-format', 'json-schema')).stdout).toBe('{"name":"zoe","age":40}\n');
  });

  it('what our console-producer writes (all three formats) it decodes exactly', async () => {
    const avsc = file('order4.avsc', ORDER_AVSC);
    const proto = file('user2.proto', USER_PROTO);
    const js = file('person2.json', PERSON_JSON);
    expect((await produce('ours-avro', '{"id":6,"item":"lid","note":{"string":"n"},"price":9.5,"raw":"\\u0003"}\n', '--value-format', 'avro', '--value-schema-file', avsc)).exitCode).toBe(0);
    // @kafkajs/confluent-schema-registry reads only the file's first message type (it skips the index bytes).
    expect((await produce('ours-pb', '{"x":"hello"}\n', '--value-format', 'protobuf', '--value-schema-file', proto)).exitCode).toBe(0);
    expect((await produce('ours-json', '{"name":"max","age":7}\n', '--value-format', 'json-schema', '--value-schema-file', js)).exitCode).toBe(0);
    const registry = new SchemaRegistry({ host: b.registryUrl });
    const values: unknown[] = [];
    for (const topic of ['ours-avro', 'ours-pb', 'ours-json']) {
      const consumer = kafka.consumer({ groupId: `kjs-${topic}` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const got = new Promise<unknown>((resolve, reject) => {
        void consumer.run({ eachMessage: async ({ message }) => registry.decode(message.value as Buffer).then(resolve, reject) });
      });
      values.push(await got);
      await consumer.disconnect();
    }
    expect(values[0]).toEqual({ id: 6, item: 'lid', note: 'n', price: 9.5, raw: Buffer.from([3]) });
    expect((values[1] as { toJSON(): unknown }).toJSON()).toEqual({ x: 'hello' });
    expect(values[2]).toEqual({ name: 'max', age: 7 });
  });
});

describe('tkafka schemas', () => {
  it('register, show, list, versions, check, config, mode and delete, in text and -o json', async () => {
    const v1 = file('sub-v1.avsc', '{"type":"record","name":"S","fields":[{"name":"a","type":"int"}]}');
    const v2 = file('sub-v2.avsc', '{"type":"record","name":"S","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}]}');
    const r1 = await schemas('register', 'sub-value', '--schema-file', v1);
    expect(r1.exitCode).toBe(0);
    const id1 = Number(/schema id (\d+)\)\n$/.exec(r1.stdout)?.[1]);
    expect(r1.stdout).toBe(`Registered sub-value version 1 (schema id ${id1})\n`);
    // The same schema again: the same id and version.
    expect((await schemas('register', 'sub-value', '--schema-file', v1, '-o', 'json')).stdout).toBe(`${JSON.stringify({ subject: 'sub-value', version: 1, id: id1 }, null, 2)}\n`);
    expect(await schemas('check', 'sub-value', '--schema-file', v2)).toMatchObject({ exitCode: 0, stdout: 'Compatible with sub-value version latest\n', stderr: '' });
    expect(JSON.parse((await schemas('check', 'sub-value', '--schema-file', v2, '--version', '1', '-o', 'json')).stdout)).toEqual({ subject: 'sub-value', version: 1, compatible: true, messages: [] });
    // a: int → string cannot read what v1 wrote: refused under BACKWARD, exit 1, the registry's reasons.
    const bad = file('sub-bad.avsc', '{"type":"record","name":"S","fields":[{"name":"a","type":"string"}]}');
    expect(await schemas('check', 'sub-value', '--schema-file', bad)).toMatchObject({ exitCode: 1, stdout: [
        'Incompatible with sub-value version latest',
        "  {errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: STRING not compatible with writer type: INT'}",
        '  {oldSchemaVersion: 1}',
        `  {oldSchema: '{"type":"record","name":"S","fields":[{"name":"a","type":"int"}]}'}`,
        "  {validateFields: 'false', compatibility: 'BACKWARD'}",
        '',
      ].join('\n'), stderr: '' });
    expect(JSON.parse((await schemas('check', 'sub-value', '--schema-file', bad, '-o', 'json')).stdout)).toMatchObject({ subject: 'sub-value', version: 'latest', compatible: false });
    const r2 = await schemas('register', 'sub-value', '--schema-file', v2, '-o', 'json');
    const id2 = (JSON.parse(r2.stdout) as { id: number }).id;
    expect((await schemas('versions', 'sub-value')).stdout).toBe('1\n2\n');
    expect((await schemas('show', 'sub-value', '--version', '1')).stdout).toBe(`Subject: sub-value\nVersion: 1\nID: ${id1}\nType: AVRO\n{\n  "type": "record",\n  "name": "S",\n  "fields": [\n    {\n      "name": "a",\n      "type": "int"\n    }\n  ]\n}\n`);
    expect(JSON.parse((await schemas('show', '--id', String(id2), '-o', 'json')).stdout)).toMatchObject({ id: id2, schemaType: 'AVRO', subjects: [{ subject: 'sub-value', version: 2 }] });
    expect(JSON.parse((await schemas('list', '--prefix', 'sub-', '-o', 'json')).stdout)).toEqual(['sub-value']);
    expect((await schemas('config', 'sub-value', '--set', 'full')).stdout).toBe('Compatibility set (sub-value): FULL\n');
    expect((await schemas('config', 'sub-value')).stdout).toBe('Compatibility (sub-value): FULL\n');
    expect(JSON.parse((await schemas('config', '-o', 'json')).stdout)).toEqual({ subject: null, compatibility: 'BACKWARD' });
    expect((await schemas('mode')).stdout).toBe('Mode (global): READWRITE\n');
    expect((await schemas('delete', 'sub-value', '--version', '1')).stdout).toBe('Deleted sub-value version 1 (soft)\n');
    expect((await schemas('versions', 'sub-value')).stdout).toBe('2\n');
    expect((await schemas('delete', 'sub-value')).stdout).toBe('Deleted sub-value (soft): version 2\n');
    expect((await schemas('list', '--prefix', 'sub-')).stdout).toBe('');
    expect((await schemas('list', '--prefix', 'sub-', '--deleted')).stdout).toBe('sub-value\n');
    expect(JSON.parse((await schemas('delete', 'sub-value', '--permanent', '-o', 'json')).stdout)).toEqual({ subject: 'sub-value', versions: [1, 2], permanent: true });
  });

  it('errors are one line with the registry error code; bad flags exit 2', async () => {
    const missing = await schemas('show', 'nope-value');
    expect(missing).toMatchObject({ exitCode: 1, stdout: '' });
    expect(missing.stderr).toBe("tkafka: Schema Registry: Subject 'nope-value' not found. (error 40401)\n");
    expect(await schemas('show', 'x', '--version', 'zero')).toMatchObject({ exitCode: 2, stderr: "tkafka: --version: 'zero' is not a version (a number from 1, or latest).\n" });
    expect((await schemas('register', 'x-value')).exitCode).toBe(2);
    expect((await schemas('config', '--set', 'SIDEWAYS')).exitCode).toBe(2);
  });
});
