import fs from 'node:fs';
// The generated API descriptors (protocol/generated/apis/<name>.ts) against the API table, and the
// broker's handler registry and the native client's definitions built from them.
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { apiTable, requestHeaderVersion, responseHeaderVersion, type ApiDescriptor } from '../../src/protocol/generated/api-keys.js';
import { apis as codecs } from '../../src/protocol/generated/index.js';
import { HeartbeatApi } from '../../src/protocol/generated/apis/heartbeat.js';
import { handlers } from '../../src/broker/handlers/index.js';
import { defineHandler } from '../../src/broker/handlers/types.js';
import * as clientApis from '../../src/client/native/apis.js';
import { StreamsGroupDescribeApi } from '../../src/protocol/streams-group-describe.js';

const kebab = (name: string): string => name.replace(/(?<!^)(?=[A-Z])/g, '-').toLowerCase();

async function descriptor(name: string): Promise<ApiDescriptor<unknown, unknown>> {
  const file = new URL(`../../src/protocol/generated/apis/${kebab(name)}.ts`, import.meta.url).href;
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, ApiDescriptor<unknown, unknown>>;
  const d = mod[`${name}Api`];
  if (d === undefined) throw new Error(`no ${name}Api`);
  return d;
}

describe('generated API descriptors', () => {
  it('one per API, equal to its table row, with the header versions of the spec rules', async () => {
    for (const info of apiTable) {
      const d = await descriptor(info.name);
      expect({ apiKey: d.apiKey, name: d.name, minVersion: d.minVersion, maxVersion: d.maxVersion, flexibleMin: d.flexibleMin }).toEqual({
        apiKey: info.apiKey,
        name: info.name,
        minVersion: info.minVersion,
        maxVersion: info.maxVersion,
        flexibleMin: info.flexibleMin,
      });
      for (let v = info.minVersion; v <= info.maxVersion; v++) {
        const flexible = info.flexibleMin >= 0 && v >= info.flexibleMin;
        expect(requestHeaderVersion(d.apiKey, v), `${info.name} v${v} request header`).toBe(info.name === 'ControlledShutdown' && v === 0 ? 0 : flexible ? 2 : 1);
        expect(responseHeaderVersion(d.apiKey, v), `${info.name} v${v} response header`).toBe(flexible && info.name !== 'ApiVersions' ? 1 : 0);
      }
    }
  });

  it('carries the same codecs as the registry of generated messages', async () => {
    for (const info of apiTable) {
      const d = await descriptor(info.name);
      const c = codecs.get(info.apiKey);
      if (c === undefined) throw new Error(`no codec for ${info.name}`);
      const v = info.maxVersion;
      const req = c.request.create();
      const w = new Writer(64);
      d.encodeRequest(w, req, v);
      const bytes = w.toBuffer();
      const w2 = new Writer(64);
      c.request.encode(w2, req, v);
      expect(bytes.equals(w2.toBuffer()), `${info.name} request bytes`).toBe(true);
      expect(d.decodeRequest(new Reader(bytes), v)).toEqual(c.request.decode(new Reader(bytes), v));
      const res = c.response.create();
      const w3 = new Writer(64);
      d.encodeResponse(w3, res, v);
      expect(d.decodeResponse(new Reader(w3.toBuffer()), v)).toEqual(res);
    }
  });
});

describe('handlers and client definitions derived from the table', () => {
  it('every registered handler is named by the table and advertises a range inside the spec', () => {
    for (const h of handlers) {
      const info = apiTable.find((i) => i.apiKey === h.apiKey);
      expect(h.name).toBe(info?.name);
      expect(h.minVersion).toBeGreaterThanOrEqual(info?.minVersion ?? Infinity);
      expect(h.maxVersion).toBeLessThanOrEqual(info?.maxVersion ?? -Infinity);
    }
  });

  it('defineHandler takes the name from the table, and refuses a wrong name or a range outside the spec', () => {
    const handle = (): never => {
      throw new Error('not called');
    };
    expect(defineHandler({ api: HeartbeatApi, minVersion: 0, maxVersion: 4, handle }).name).toBe('Heartbeat');
    expect(defineHandler({ apiKey: 12, minVersion: 0, maxVersion: 4, decode: HeartbeatApi.decodeRequest, encode: HeartbeatApi.encodeResponse, handle }).name).toBe('Heartbeat');
    expect(() => defineHandler({ apiKey: 12, name: 'Hearbeat', minVersion: 0, maxVersion: 4, decode: HeartbeatApi.decodeRequest, encode: HeartbeatApi.encodeResponse, handle })).toThrow(
      'handler for API key 12 is named Hearbeat, not Heartbeat',
    );
    expect(() => defineHandler({ api: HeartbeatApi, minVersion: 0, maxVersion: 5, handle })).toThrow("Heartbeat handler advertises v0-5, outside the spec's v0-4");
  });

  it("the native client's definitions name the table's APIs, within their spec ranges", async () => {
    // ApiVersions and Metadata in apis.ts, every other API in a module of its own under apis/.
    const dir = new URL('../../src/client/native/apis/', import.meta.url);
    const modules = await Promise.all(fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map(async (f) => (await import(/* @vite-ignore */ new URL(f, dir).href)) as Record<string, unknown>));
    const defs = [clientApis, ...modules].flatMap((m) => Object.values(m).filter((x) => typeof x === 'object' && x !== null && 'apiKey' in x)) as unknown as { apiKey: number; name: string; min: number; max: number }[];
    expect(defs.length).toBe(26); // with ConsumerGroupHeartbeat, SaslHandshake, SaslAuthenticate, IncrementalAlterConfigs, DescribeLogDirs, the transactional producer's InitProducerId, AddPartitionsToTxn, EndTxn and the hand-written StreamsGroupDescribe
    for (const d of defs) {
      // StreamsGroupDescribe (89) has no row in the generated table: its own descriptor is its row.
      const info = d.apiKey === StreamsGroupDescribeApi.apiKey ? StreamsGroupDescribeApi : apiTable.find((i) => i.apiKey === d.apiKey);
      expect(d.name).toBe(info?.name);
      expect(d.min).toBeGreaterThanOrEqual(info?.minVersion ?? Infinity);
      expect(d.max).toBeLessThanOrEqual(info?.maxVersion ?? -Infinity);
    }
  });
});
