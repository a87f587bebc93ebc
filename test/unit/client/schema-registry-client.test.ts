import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistryClient, SchemaRegistryError, SchemaRegistryUnreachableError } from '../../../src/client/schema-registry/client.js';

// A stand-in registry answering fixed bodies, recording what the client sent.
interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  type: string | undefined;
  body: string;
}
const seen: Seen[] = [];
let hits = 0;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, type: req.headers['content-type'], body });
    const send = (status: number, o: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(o));
    };
    if (req.url === '/schemas/ids/7') {
      hits++;
      return send(200, { schema: 'syntax = "proto3";', schemaType: 'PROTOBUF', references: [{ name: 'a.proto', subject: 'a', version: 1 }] });
    }
    if (req.url === '/schemas/ids/8') return send(200, { schema: '"string"' });
    if (req.url === '/subjects/x%2Fy/versions') return send(200, { id: 3 });
    if (req.url === '/subjects?deleted=true&subjectPrefix=or') return send(200, ['orders-value']);
    if (req.url === '/config/s?defaultToGlobal=true') return send(200, { compatibilityLevel: 'FULL' });
    if (req.url === '/teapot') return send(418, 'nope');
    send(404, { error_code: 40401, message: "Subject 'missing' not found." });
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SchemaRegistryClient', () => {
  it('reads a schema by id once (ids are immutable); no schemaType means AVRO', async () => {
    const c = new SchemaRegistryClient({ urls: [url] });
    const a = await c.schemaById(7);
    await c.schemaById(7);
    expect(hits).toBe(1);
    expect(a).toEqual({ schema: 'syntax = "proto3";', schemaType: 'PROTOBUF', references: [{ name: 'a.proto', subject: 'a', version: 1 }] });
    expect((await c.schemaById(8)).schemaType).toBe('AVRO');
    c.close();
  });

  it("sends Confluent's content type, escapes subjects and omits schemaType for Avro", async () => {
    const c = new SchemaRegistryClient({ urls: [url], auth: { kind: 'basic', username: 'u', password: 'p:w' } });
    expect(await c.register('x/y', { schema: '"int"', schemaType: 'AVRO', references: [] })).toBe(3);
    const last = seen.at(-1) as Seen;
    expect(last).toEqual({ method: 'POST', url: '/subjects/x%2Fy/versions', auth: `Basic ${Buffer.from('u:p:w').toString('base64')}`, type: 'application/vnd.schemaregistry.v1+json', body: '{"schema":"\\"int\\""}' });
    expect(await c.subjects({ deleted: true, prefix: 'or' })).toEqual(['orders-value']);
    expect(await c.config('s')).toBe('FULL');
    c.close();
  });

  it('sends a bearer token with the logical cluster header', async () => {
    const c = new SchemaRegistryClient({ urls: [url], auth: { kind: 'bearer', token: () => Promise.resolve('tok'), logicalCluster: 'lsrc-1' } });
    await c.schemaById(8);
    expect(seen.at(-1)?.auth).toBe('Bearer tok');
    c.close();
  });

  it("turns Confluent's error body into one line with its error code", async () => {
    const c = new SchemaRegistryClient({ urls: [url] });
    const err = await c.versions('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaRegistryError);
    expect(err).toMatchObject({ status: 404, errorCode: 40401, message: "Subject 'missing' not found. (error 40401)" });
    c.close();
  });

  it('tries the next URL when one does not answer, and names the URLs without credentials when none does', async () => {
    const dead = 'http://127.0.0.1:1';
    const c = new SchemaRegistryClient({ urls: [dead, url] });
    expect((await c.schemaById(8)).schema).toBe('"string"');
    c.close();
    const d = new SchemaRegistryClient({ urls: ['http://user:secret@127.0.0.1:1'] });
    const err = await d.schemaById(1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaRegistryUnreachableError);
    expect((err as Error).message).toBe('No Schema Registry answers at http://127.0.0.1:1 (connection refused)');
    d.close();
  });
});
