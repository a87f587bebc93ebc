// Avro's own Java library as the reference for src/schema/avro: every reader/writer pair of the unit
// matrix (test/unit/schema/avro-pairs.ts) through Avro 1.12's SchemaCompatibility, and a set of schemas
// through Schema.toString(references, false) (Confluent's canonical string), must give exactly what
// ours gives: the same incompatibility types, JSON-pointer locations and messages, the same text.
// The peer (test/peers/java/avro) is built with Maven once per source change into the reference cache.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AvroParsedSchema, parseSchema, type ResolvedReference } from '../../src/schema/index.js';
import { AVRO_PAIRS } from '../unit/schema/avro-pairs.js';
import { cacheDir, javaBin } from './kafka-ref.js';
import { hashTree, mvn, PEER_JVM } from './peer-builds.js';
import { cachedBuild, okLines, runProcess, type Json } from './peers.js';

const AVRO_PEER = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../peers/java/avro');

async function avroPeer(): Promise<string> {
  const hash = hashTree(AVRO_PEER, (n) => n.endsWith('.java') || n === 'pom.xml');
  const dir = await cachedBuild(path.join(cacheDir(), 'java-peers-avro', hash), (out) =>
    mvn(['-f', path.join(AVRO_PEER, 'pom.xml'), `-Dpeers.out=${out}`, 'compile', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(out, 'lib')}`, '-Dmdep.includeScope=runtime'], 'the Avro Java peer'),
  );
  return `${path.join(dir, 'classes')}${path.delimiter}${path.join(dir, 'lib', '*')}`;
}

/** Runs every case through Avro's Java library in one JVM; one answer per case, in order. */
async function runJava(cases: Json[]): Promise<Json[]> {
  const cp = await avroPeer();
  const r = await runProcess(javaBin(), [...PEER_JVM, '-cp', cp, 'tkafka.peers.avro.AvroCheck'], { input: cases.map((c) => JSON.stringify(c)).join('\n'), timeoutMs: 120_000 });
  const lines = okLines(r, 'AvroCheck');
  expect(lines).toHaveLength(cases.length);
  return lines;
}

const text = (s: unknown): string => (typeof s === 'string' ? s : JSON.stringify(s));

const CANONICAL: { name: string; schema: unknown; refs?: string[] }[] = [
  { name: 'full name split into name and namespace', schema: { type: 'record', name: 'a.b.R', fields: [{ name: 'x', type: 'int' }] } },
  { name: 'field attributes in Java order', schema: { fields: [{ aliases: ['y'], order: 'descending', default: 3, doc: 'd', type: 'int', name: 'x', extra: true }], name: 'R', type: 'record' } },
  { name: 'nested named types, another namespace and a namespace-less one', schema: { type: 'record', name: 'R', namespace: 'n', fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'], default: 'A', doc: 'x' } }, { name: 'f', type: { type: 'fixed', name: 'o.F', size: 4 } }, { name: 'g', type: { type: 'record', name: 'G', namespace: '', fields: [] } }, { name: 'h', type: 'E' }] } },
  { name: 'primitive with properties and logical types', schema: { type: 'record', name: 'R', fields: [{ name: 'd', type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 } }, { name: 't', type: { type: 'long', logicalType: 'timestamp-millis' } }, { name: 's', type: { type: 'string' } }] } },
  { name: 'aliases of a named type', schema: { type: 'record', name: 'R', namespace: 'n', aliases: ['Old', 'x.Other'], fields: [] } },
  { name: 'unions, arrays and maps with properties', schema: { type: 'record', name: 'R', fields: [{ name: 'u', type: ['null', { type: 'array', items: 'string', p: 1 }, { type: 'map', values: 'long' }], default: null }] } },
  { name: 'a primitive', schema: { type: 'int' } },
  { name: 'an error type and a recursive reference', schema: { type: 'error', name: 'Err', fields: [{ name: 'next', type: ['null', 'Err'], default: null }] } },
  { name: 'numbers keep their kind (1.0, 1.0E10, 12)', schema: '{"type":"record","name":"R","fields":[{"name":"d","type":"double","default":1.0},{"name":"e","type":"float","default":1e10},{"name":"f","type":"double","default":-2.5E-7},{"name":"g","type":"long","default":12}],"p":1.50}' },
  { name: 'control characters escaped with upper-case hex', schema: '{"type":"record","name":"R","doc":"a\\u001fb\\n","fields":[]}' },
  { name: 'an int default written 1.0 is refused', schema: '{"type":"record","name":"R","fields":[{"name":"d","type":"int","default":1.0}]}' },
  { name: 'a fixed size written 4.0 is refused', schema: '{"type":"fixed","name":"F","size":4.0}' },
  { name: 'an undefined name is refused', schema: '{"type":"record","name":"R","namespace":"n","fields":[{"name":"d","type":"Nope"}]}' },
  { name: 'an unknown type is refused', schema: '{"type":"recordx","name":"R","fields":[]}' },
  { name: 'a duplicate field is refused', schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"long"}]}' },
  { name: 'a name used before its definition (forward reference)', schema: '{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":["null","E"]},{"name":"b","type":{"type":"enum","name":"E","symbols":["X"]},"default":"X"}]}' },
  {
    name: 'referenced types are named, not repeated',
    schema: { type: 'record', name: 'P', namespace: 'n', fields: [{ name: 'a', type: 'Addr' }, { name: 'b', type: 'n.Addr' }] },
    refs: [JSON.stringify({ type: 'record', name: 'Addr', namespace: 'n', fields: [{ name: 's', type: 'string' }] })],
  },
];

describe('src/schema/avro against Apache Avro 1.12 (Java)', () => {
  it('every reader/writer pair of the unit matrix: same incompatibilities, locations and messages', async () => {
    const java = await runJava(AVRO_PAIRS.map((p) => ({ op: 'compat', reader: text(p.reader), writer: text(p.writer) })));
    const ours = AVRO_PAIRS.map((p) => {
      const reader = parseSchema('AVRO', text(p.reader)) as AvroParsedSchema;
      const writer = parseSchema('AVRO', text(p.writer)) as AvroParsedSchema;
      return { incompatibilities: reader.backwardDifferences(writer).map((d) => ({ type: d.kind, location: d.path, message: /additionalInfo:'(.*)'\}$/.exec(d.message)?.[1] })) };
    });
    expect(ours.map((o, i) => ({ name: AVRO_PAIRS[i]?.name, ...o }))).toEqual(java.map((j, i) => ({ name: AVRO_PAIRS[i]?.name, ...j })));
  });

  it("canonical strings equal Java's Schema.toString(references, false)", async () => {
    const java = await runJava(CANONICAL.map((c) => ({ op: 'canonical', schema: text(c.schema), refs: c.refs ?? [] })));
    const ours = CANONICAL.map((c) => {
      const refs: ResolvedReference[] = (c.refs ?? []).map((schema, i) => ({ name: `ref${i}`, subject: `ref${i}`, version: 1, schema }));
      const s = parseSchema('AVRO', text(c.schema), refs);
      return s instanceof Error ? { error: s.message } : { canonical: s.canonical() };
    });
    expect(ours.map((o, i) => ({ name: CANONICAL[i]?.name, ...o }))).toEqual(java.map((j, i) => ({ name: CANONICAL[i]?.name, ...j })));
  });
});
