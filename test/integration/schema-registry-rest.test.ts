// The bundled Schema Registry's REST API: Confluent's routes, status codes and exact bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handlesOnPort } from '../helpers/ports.js';
import { startRegistryBroker, sr, type RegistryBroker } from '../helpers/schema-registry.js';

const R1 = '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}';
const R2 = '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}]}';
const CT = 'application/vnd.schemaregistry.v1+json';

let b: RegistryBroker;
let url: string;
beforeEach(async () => {
  b = await startRegistryBroker();
  url = b.registryUrl;
});
afterEach(async () => {
  await b.dispose();
});

describe('schema registry REST API', () => {
  it("answers from a worker thread: the broker's thread holds no socket of the registry's port", async () => {
    expect((await sr(url, 'POST', '/subjects/w-value/versions', { schema: R1 })).json).toEqual({ id: 1 });
    // HTTP sockets in the broker's own isolate would share Node's stream code with the Kafka
    // connections and deoptimise it (src/broker/http-worker.ts).
    const port = Number(new URL(url).port);
    expect(handlesOnPort(port)).toEqual([]);
    // The check sees this thread's servers: the Kafka listener is one.
    expect(handlesOnPort(Number(b.bootstrap.split(':').pop()))).not.toEqual([]);
  });

  it('registers, reuses ids across subjects, lists and reads versions', async () => {
    expect(await sr(url, 'POST', '/subjects/a-value/versions', { schema: R1 })).toMatchObject({ status: 200, json: { id: 1 }, contentType: CT });
    // The same schema again under the subject: the same id, no new version.
    expect((await sr(url, 'POST', '/subjects/a-value/versions', { schema: R1 })).json).toEqual({ id: 1 });
    // Under another subject: the same global id.
    expect((await sr(url, 'POST', '/subjects/b-value/versions', { schema: R1 })).json).toEqual({ id: 1 });
    expect((await sr(url, 'POST', '/subjects/a-value/versions', { schema: R2 })).json).toEqual({ id: 2 });
    expect((await sr(url, 'GET', '/subjects')).json).toEqual(['a-value', 'b-value']);
    expect((await sr(url, 'GET', '/subjects?subjectPrefix=b-')).json).toEqual(['b-value']);
    expect((await sr(url, 'GET', '/subjects/a-value/versions')).json).toEqual([1, 2]);
    expect((await sr(url, 'GET', '/subjects/a-value/versions/1')).json).toEqual({ subject: 'a-value', version: 1, id: 1, schema: R1 });
    expect((await sr(url, 'GET', '/subjects/a-value/versions/latest')).json).toEqual({ subject: 'a-value', version: 2, id: 2, schema: R2 });
    expect((await sr(url, 'GET', '/subjects/a-value/versions/latest/schema')).text).toBe(R2);
    expect((await sr(url, 'GET', '/schemas/ids/1')).json).toEqual({ schema: R1 });
    expect((await sr(url, 'GET', '/schemas/ids/1/schema')).text).toBe(R1);
    expect((await sr(url, 'GET', '/schemas/ids/1/subjects')).json).toEqual(['a-value', 'b-value']);
    expect((await sr(url, 'GET', '/schemas/ids/1/versions')).json).toEqual([
      { subject: 'a-value', version: 1 },
      { subject: 'b-value', version: 1 },
    ]);
    expect((await sr(url, 'GET', '/schemas/types')).json).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
    expect((await sr(url, 'POST', '/subjects/a-value', { schema: R1 })).json).toEqual({ subject: 'a-value', version: 1, id: 1, schema: R1 });
  });

  it('answers Confluent error codes and messages', async () => {
    await sr(url, 'POST', '/subjects/s/versions', { schema: R1 });
    const cases: [string, string, unknown, number, unknown][] = [
      ['GET', '/subjects/nope/versions', undefined, 404, { error_code: 40401, message: "Subject 'nope' not found." }],
      ['GET', '/subjects/nope/versions/1', undefined, 404, { error_code: 40401, message: "Subject 'nope' not found." }],
      ['GET', '/subjects/s/versions/7', undefined, 404, { error_code: 40402, message: 'Version 7 not found.' }],
      ['GET', '/subjects/s/versions/0', undefined, 422, { error_code: 42202, message: 'The specified version \'0\' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"' }],
      ['GET', '/subjects/s/versions/x', undefined, 422, { error_code: 42202, message: 'The specified version \'x\' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"' }],
      ['GET', '/schemas/ids/99', undefined, 404, { error_code: 40403, message: 'Schema 99 not found' }],
      ['POST', '/subjects/s', { schema: '{"type":"string"}' }, 404, { error_code: 40403, message: 'Schema not found' }],
      ['POST', '/subjects/nope', { schema: R1 }, 404, { error_code: 40401, message: "Subject 'nope' not found." }],
      ['GET', '/config/s', undefined, 404, { error_code: 40408, message: "Subject 's' does not have subject-level compatibility configured" }],
      ['GET', '/mode/s', undefined, 404, { error_code: 40409, message: "Subject 's' does not have subject-level mode configured" }],
      ['PUT', '/config', { compatibility: 'SIDEWAYS' }, 422, { error_code: 42203, message: 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive' }],
      ['PUT', '/mode', { mode: 'SOMETIMES' }, 422, { error_code: 42204, message: 'Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.' }],
      ['POST', '/subjects/s/versions', { schema: '' }, 422, { error_code: 42201, message: 'Empty schema' }],
      ['POST', '/subjects/s/versions', { schema: R1, schemaType: 'XML' }, 422, { error_code: 42201, message: 'Invalid schema type XML' }],
      ['GET', '/nothing/here', undefined, 404, { error_code: 404, message: 'HTTP 404 Not Found' }],
      ['PATCH', '/subjects', undefined, 405, { error_code: 405, message: 'HTTP 405 Method Not Allowed' }],
    ];
    for (const [method, path, body, status, json] of cases) {
      const got = await sr(url, method, path, body);
      expect({ method, path, status: got.status, json: got.json }).toEqual({ method, path, status, json });
    }
    const bad = await sr(url, 'POST', '/subjects/s/versions', '{not json');
    expect(bad.status).toBe(400);
    expect((bad.json as { error_code: number }).error_code).toBe(400);
  });

  it('soft and hard deletes versions and subjects', async () => {
    await sr(url, 'POST', '/subjects/s/versions', { schema: R1 });
    await sr(url, 'POST', '/subjects/s/versions', { schema: R2 });
    expect(await sr(url, 'DELETE', '/subjects/s/versions/2?permanent=true')).toMatchObject({
      status: 404,
      json: { error_code: 40407, message: "Subject 's' Version 2 was not deleted first before being permanently deleted" },
    });
    expect((await sr(url, 'DELETE', '/subjects/s/versions/2')).json).toBe(2);
    expect(await sr(url, 'DELETE', '/subjects/s/versions/2')).toMatchObject({
      status: 404,
      json: { error_code: 40406, message: "Subject 's' Version 2 was soft deleted.Set permanent=true to delete permanently" },
    });
    expect((await sr(url, 'GET', '/subjects/s/versions')).json).toEqual([1]);
    expect((await sr(url, 'GET', '/subjects/s/versions?deleted=true')).json).toEqual([1, 2]);
    expect((await sr(url, 'GET', '/subjects/s/versions/2?deleted=true')).json).toEqual({ subject: 's', version: 2, id: 2, schema: R2 });
    expect((await sr(url, 'DELETE', '/subjects/s/versions/2?permanent=true')).json).toBe(2);
    expect((await sr(url, 'GET', '/subjects/s/versions?deleted=true')).json).toEqual([1]);
    expect(await sr(url, 'DELETE', '/subjects/s?permanent=true')).toMatchObject({
      status: 404,
      json: { error_code: 40405, message: "Subject 's' was not deleted first before being permanently deleted" },
    });
    expect((await sr(url, 'DELETE', '/subjects/s')).json).toEqual([1]);
    expect(await sr(url, 'DELETE', '/subjects/s')).toMatchObject({ status: 404, json: { error_code: 40404, message: "Subject 's' was soft deleted.Set permanent=true to delete permanently" } });
    expect((await sr(url, 'GET', '/subjects')).json).toEqual([]);
    expect((await sr(url, 'GET', '/subjects?deleted=true')).json).toEqual(['s']);
    // A soft-deleted schema still decodes: its id answers.
    expect((await sr(url, 'GET', '/schemas/ids/1')).json).toEqual({ schema: R1 });
    expect((await sr(url, 'DELETE', '/subjects/s?permanent=true')).json).toEqual([1]);
    expect(await sr(url, 'GET', '/schemas/ids/1')).toMatchObject({ status: 404, json: { error_code: 40403, message: 'Schema 1 not found' } });
    // Ids are never given out again, even after a hard delete.
    expect((await sr(url, 'POST', '/subjects/s/versions', { schema: '{"type":"string"}' })).json).toEqual({ id: 3 });
    expect((await sr(url, 'GET', '/subjects/s/versions')).json).toEqual([1]);
  });

  it('keeps global and subject config and mode', async () => {
    expect((await sr(url, 'GET', '/config')).json).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await sr(url, 'PUT', '/config', { compatibility: 'full' })).json).toEqual({ compatibility: 'FULL' });
    expect((await sr(url, 'GET', '/config')).json).toEqual({ compatibilityLevel: 'FULL' });
    expect((await sr(url, 'PUT', '/config/s', { compatibility: 'NONE' })).json).toEqual({ compatibility: 'NONE' });
    expect((await sr(url, 'GET', '/config/s')).json).toEqual({ compatibilityLevel: 'NONE' });
    expect((await sr(url, 'GET', '/config/t?defaultToGlobal=true')).json).toEqual({ compatibilityLevel: 'FULL' });
    expect((await sr(url, 'DELETE', '/config/s')).json).toEqual({ compatibilityLevel: 'NONE' });
    expect(await sr(url, 'DELETE', '/config/s')).toMatchObject({ status: 404, json: { error_code: 40401, message: "Subject 's' not found." } });
    expect((await sr(url, 'DELETE', '/config')).json).toEqual({ compatibilityLevel: 'FULL' });
    expect((await sr(url, 'GET', '/config')).json).toEqual({ compatibilityLevel: 'BACKWARD' });

    expect((await sr(url, 'GET', '/mode')).json).toEqual({ mode: 'READWRITE' });
    expect((await sr(url, 'PUT', '/mode/s', { mode: 'READONLY' })).json).toEqual({ mode: 'READONLY' });
    expect(await sr(url, 'POST', '/subjects/s/versions', { schema: R1 })).toMatchObject({ status: 422, json: { error_code: 42205, message: 'Subject s in context . is in read-only mode' } });
    expect((await sr(url, 'DELETE', '/mode/s')).json).toEqual({ mode: 'READONLY' });
    expect((await sr(url, 'POST', '/subjects/s/versions', { schema: R1 })).json).toEqual({ id: 1 });
    expect(await sr(url, 'PUT', '/mode', { mode: 'IMPORT' })).toMatchObject({ status: 422, json: { error_code: 42205, message: 'Cannot import since found existing subjects' } });
    expect((await sr(url, 'PUT', '/mode?force=true', { mode: 'IMPORT' })).json).toEqual({ mode: 'IMPORT' });
    // IMPORT: the client chooses the id and version.
    expect((await sr(url, 'POST', '/subjects/imp/versions', { schema: R2, id: 100, version: 3 })).json).toEqual({ id: 100 });
    expect((await sr(url, 'GET', '/subjects/imp/versions/3')).json).toEqual({ subject: 'imp', version: 3, id: 100, schema: R2 });
  });

  it('checks compatibility against a version', async () => {
    await sr(url, 'POST', '/subjects/s/versions', { schema: R1 });
    expect((await sr(url, 'POST', '/compatibility/subjects/s/versions/latest', { schema: R2 })).json).toEqual({ is_compatible: true });
    expect((await sr(url, 'POST', '/compatibility/subjects/s/versions/latest?verbose=true', { schema: R2 })).json).toEqual({ is_compatible: true, messages: [] });
    expect((await sr(url, 'POST', '/compatibility/subjects/none/versions/latest', { schema: R2 })).json).toEqual({ is_compatible: true });
    expect(await sr(url, 'POST', '/compatibility/subjects/s/versions/4', { schema: R2 })).toMatchObject({ status: 404, json: { error_code: 40402, message: 'Version 4 not found.' } });
    // A new field without a default cannot read what the old schema wrote: BACKWARD refuses it.
    const bad = '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"c","type":"long"}]}';
    const verbose = await sr(url, 'POST', '/compatibility/subjects/s/versions/latest?verbose=true', { schema: bad });
    expect(verbose.json).toMatchObject({ is_compatible: false });
    const messages = (verbose.json as { messages: string[] }).messages;
    expect(messages.slice(-3)).toEqual(['{oldSchemaVersion: 1}', `{oldSchema: '${R1}'}`, "{validateFields: 'false', compatibility: 'BACKWARD'}"]);
    const refused = await sr(url, 'POST', '/subjects/s/versions', { schema: bad });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ error_code: 409, message: `Schema being registered is incompatible with an earlier schema for subject "s", details: [${messages.join(', ')}]` });
    await sr(url, 'PUT', '/config/s', { compatibility: 'NONE' });
    expect((await sr(url, 'POST', '/subjects/s/versions', { schema: bad })).json).toEqual({ id: 2 });
    expect(await sr(url, 'POST', '/subjects/s/versions', { schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"nope"}]}' })).toMatchObject({ status: 422, json: { error_code: 42201 } });
  });
  it('resolves references in all three formats, lists referrers and refuses to delete a referenced schema', async () => {
    const addr = '{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"street","type":"string"}]}';
    const order = '{"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"to","type":"com.acme.Address"}]}';
    const refs = [{ name: 'com.acme.Address', subject: 'address', version: 1 }];
    expect((await sr(url, 'POST', '/subjects/address/versions', { schema: addr })).json).toEqual({ id: 1 });
    // Without the reference the named type is unknown.
    expect(await sr(url, 'POST', '/subjects/order-value/versions', { schema: order })).toMatchObject({
      status: 422,
      json: { error_code: 42201, message: 'Invalid schema of type AVRO, details: Undefined schema: com.acme.Address' },
    });
    expect((await sr(url, 'POST', '/subjects/order-value/versions', { schema: order, references: refs })).json).toEqual({ id: 2 });
    // Stored as Avro writes it with the referenced type known: by its short name in its namespace.
    const stored = '{"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"to","type":"Address"}]}';
    expect((await sr(url, 'GET', '/subjects/order-value/versions/1')).json).toEqual({ subject: 'order-value', version: 1, id: 2, references: refs, schema: stored });
    expect((await sr(url, 'GET', '/schemas/ids/2')).json).toEqual({ references: refs, schema: stored });
    expect((await sr(url, 'GET', '/subjects/address/versions/1/referencedby')).json).toEqual([2]);
    const referenced = { status: 422, json: { error_code: 42206, message: 'One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=address,version=1}.' } };
    expect(await sr(url, 'DELETE', '/subjects/address/versions/1')).toMatchObject(referenced);
    expect(await sr(url, 'DELETE', '/subjects/address')).toMatchObject(referenced);
    expect(await sr(url, 'POST', '/subjects/x-value/versions', { schema: order, references: [{ name: 'com.acme.Address', subject: 'nope', version: 1 }] })).toMatchObject({ status: 422, json: { error_code: 42201 } });

    // Protobuf: an import resolved by a reference named as the import.
    const p1 = 'syntax = "proto3";\npackage acme;\n\nmessage Address {\n  string street = 1;\n}\n';
    const p2 = 'syntax = "proto3";\npackage acme;\n\nimport "address.proto";\n\nmessage Order {\n  acme.Address to = 1;\n}\n';
    const prefs = [{ name: 'address.proto', subject: 'address.proto', version: 1 }];
    expect((await sr(url, 'POST', '/subjects/address.proto/versions', { schemaType: 'PROTOBUF', schema: p1 })).json).toEqual({ id: 3 });
    expect((await sr(url, 'POST', '/subjects/porder-value/versions', { schemaType: 'PROTOBUF', schema: p2, references: prefs })).json).toEqual({ id: 4 });
    expect((await sr(url, 'GET', '/subjects/porder-value/versions/latest')).json).toEqual({ subject: 'porder-value', version: 1, id: 4, schemaType: 'PROTOBUF', references: prefs, schema: p2 });
    expect((await sr(url, 'GET', '/subjects/address.proto/versions/1/referencedby')).json).toEqual([4]);

    // JSON Schema: a $ref to the referenced schema by the reference's name.
    const j1 = '{"$id":"https://acme/address.json","type":"object","properties":{"street":{"type":"string"}}}';
    const j2 = '{"type":"object","properties":{"to":{"$ref":"address.json"}}}';
    const jrefs = [{ name: 'address.json', subject: 'address.json', version: 1 }];
    expect((await sr(url, 'POST', '/subjects/address.json/versions', { schemaType: 'JSON', schema: j1 })).json).toEqual({ id: 5 });
    expect((await sr(url, 'POST', '/subjects/jorder-value/versions', { schemaType: 'JSON', schema: j2, references: jrefs })).json).toEqual({ id: 6 });
    expect((await sr(url, 'GET', '/subjects/address.json/versions/1/referencedby')).json).toEqual([6]);
    // Once the referrer is gone for good, the referenced version can be deleted.
    expect((await sr(url, 'DELETE', '/subjects/jorder-value')).json).toEqual([1]);
    expect((await sr(url, 'DELETE', '/subjects/jorder-value?permanent=true')).json).toEqual([1]);
    expect((await sr(url, 'GET', '/subjects/address.json/versions/1/referencedby')).json).toEqual([]);
    expect((await sr(url, 'DELETE', '/subjects/address.json/versions/1')).json).toBe(1);
  });
});
