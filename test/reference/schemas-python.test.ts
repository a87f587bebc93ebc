// Confluent's own serializers (confluent-kafka from PyPI with its avro, schemaregistry, protobuf and
// json extras; test/peers/python/schema_peer.py in a venv from requirements-schemas.txt) against the
// bundled broker and its Schema Registry, crossed with our console tools: what Confluent's Avro,
// Protobuf and JSON serializers write our console-consumer decodes exactly, and what our
// console-producer writes Confluent's deserializers read exactly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startRegistryBroker, type RegistryBroker } from '../helpers/schema-registry.js';
import { okLines, runProcess } from './peers.js';
import { PYTHON_PEERS, venvPython } from './python-venv.js';

let b: RegistryBroker;
let py: string;
let dir: string;

const ORDER_AVSC = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'price', type: 'double' },
    { name: 'raw', type: 'bytes' },
  ],
});
// The same message schema_peer.py builds from a descriptor.
const USER_PROTO = 'syntax = "proto3";\npackage demo;\n\nmessage User {\n  string name = 1;\n  int64 id = 2;\n  repeated string tags = 3;\n}\n';
const PERSON_JSON = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'Person', type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name'] });
const SCHEMAS: Record<string, string> = { avro: ORDER_AVSC, protobuf: USER_PROTO, json: PERSON_JSON };

function schemaFile(format: string): string {
  const p = path.join(dir, `${format}.schema`);
  writeFileSync(p, SCHEMAS[format] as string);
  return p;
}

async function peer(...args: string[]): Promise<Array<Record<string, unknown>>> {
  const r = await runProcess(py, [path.join(PYTHON_PEERS, 'schema_peer.py'), ...args], { env: { ...process.env, PYTHONUNBUFFERED: '1' }, timeoutMs: 90_000 });
  return okLines(r, `schema_peer.py ${args[0] ?? ''}`);
}

beforeAll(async () => {
  py = await venvPython('requirements-schemas.txt');
  b = await startRegistryBroker();
  dir = mkdtempSync(path.join(tmpdir(), 'tkafka-schemas-py-'));
}, 600_000);

afterAll(async () => {
  await b?.dispose();
});

const cases = [
  {
    format: 'avro',
    cli: 'avro',
    values: [
      { id: 1, item: 'pen', note: null, price: 1.5, raw: 'ÿ\u0001' },
      { id: 123456789012, item: 'ink', note: 'blue', price: -2.25, raw: '' },
    ],
    // Avro's JSON encoding: the union branch named.
    printed: ['{"id":1,"item":"pen","note":null,"price":1.5,"raw":"ÿ\\u0001"}', '{"id":123456789012,"item":"ink","note":{"string":"blue"},"price":-2.25,"raw":""}'],
    ours: ['{"id":7,"item":"cup","note":{"string":"x"},"price":0.5,"raw":"\\u0002"}'],
    theirs: [{ id: 7, item: 'cup', note: 'x', price: 0.5, raw: '\u0002' }],
  },
  {
    format: 'protobuf',
    cli: 'protobuf',
    values: [
      { name: 'ann', id: '-7', tags: ['a', 'b'] },
      { name: 'bo', id: '9007199254740993' },
    ],
    printed: ['{"tags":["a","b"],"name":"ann","id":"-7"}', '{"tags":[],"name":"bo","id":"9007199254740993"}'],
    ours: ['{"name":"cy","id":"42","tags":["t"]}'],
    theirs: [{ name: 'cy', id: '42', tags: ['t'] }],
  },
  {
    format: 'json',
    cli: 'json-schema',
    values: [{ name: 'zoe', age: 40 }, { name: 'max' }],
    printed: ['{"name":"zoe","age":40}', '{"name":"max"}'],
    ours: ['{"name":"lu","age":3}'],
    theirs: [{ name: 'lu', age: 3 }],
  },
];

describe("Confluent's Python serializers × our console tools", () => {
  for (const c of cases) {
    it(`${c.format}: Confluent's serializer writes, console-consumer decodes exactly`, async () => {
      const topic = `py-${c.format}`;
      expect(await peer('produce', b.bootstrap, b.registryUrl, topic, c.format, schemaFile(c.format), JSON.stringify(c.values))).toEqual([{ produced: c.values.length }]);
      const r = await runCli(['console-consumer', '--bootstrap-server', b.bootstrap, '--topic', topic, '--from-beginning', '--exit-at-end', '--value-format', c.cli, '--schema-registry-url', b.registryUrl]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.trimEnd().split('\n')).toEqual(c.printed);
    });

    it(`${c.format}: console-producer writes, Confluent's deserializer reads exactly`, async () => {
      const topic = `ours-${c.format}`;
      const args = ['console-producer', '--bootstrap-server', b.bootstrap, '--topic', topic, '--value-format', c.cli, '--value-schema-file', schemaFile(c.format), '--schema-registry-url', b.registryUrl];
      const p = await runCli(args, { input: `${c.ours.join('\n')}\n` });
      expect(p).toMatchObject({ exitCode: 0, stderr: '' });
      expect(await peer('consume', b.bootstrap, b.registryUrl, topic, c.format, schemaFile(c.format), String(c.theirs.length))).toEqual(c.theirs.map((value) => ({ value })));
    });
  }
});
