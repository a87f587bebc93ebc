import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, NativeClient } from '../../src/client/native/client.js';
import { FetchApi } from '../../src/client/native/apis/fetch.js';
import { ProduceApi } from '../../src/client/native/apis/produce.js';
import { NativeConsumer } from '../../src/client/native/consumer.js';
import { NativeProducer } from '../../src/client/native/producer.js';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { decodeApiVersionsResponse, encodeApiVersionsResponse, defaultApiVersionsResponse } from '../../src/protocol/generated/messages/api-versions-response.js';
import { decodeFetchRequest, FetchRequestVersions } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFindCoordinatorResponse, encodeFindCoordinatorResponse, FindCoordinatorResponseVersions } from '../../src/protocol/generated/messages/find-coordinator-response.js';
import { decodeListOffsetsRequest, ListOffsetsRequestVersions } from '../../src/protocol/generated/messages/list-offsets-request.js';
import { decodeMetadataResponse, encodeMetadataResponse, MetadataResponseVersions } from '../../src/protocol/generated/messages/metadata-response.js';
import { decodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { runCli } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The native client against a fake three-node cluster: proxies in front of one real broker
// advertise themselves as nodes 101/102/103 and claim partition p is led by node 101 + p % 3.
// Every Produce/Fetch/ListOffsets a proxy sees is logged, so the test can check that each
// partition's requests went to its leader. The proxies also cap API versions, to check that
// negotiation picks the highest common version (and falls back when ApiVersions itself is too new).

interface Seen {
  node: number;
  api: string;
  version: number;
  partition: number;
}

const NODES = [101, 102, 103];
const leaderOf = (p: number, nodes: readonly number[] = NODES): number => nodes[p % nodes.length] as number;

interface Proxy {
  node: number;
  port: number;
  close(): void;
}

interface ProxyOptions {
  caps: Map<number, number>;
  /** Answer ApiVersions above this version with UNSUPPORTED_VERSION, as an old broker does. */
  maxApiVersions: number;
  /** The nodes the fake cluster advertises. */
  nodes: readonly number[];
  /** Terminate TLS with this key and certificate. */
  tls?: { key: string; cert: string };
}

function startProxy(node: number, target: number, seen: Seen[], ports: Map<number, number>, opts: ProxyOptions): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const onClient = (client: net.Socket): void => {
    const upstream = net.connect({ host: '127.0.0.1', port: target });
    sockets.add(client).add(upstream);
    const pending = new Map<number, { apiKey: number; version: number }>();
    const fromClient = new FrameSplitter();
    const fromBroker = new FrameSplitter();
    const frame = (w: Writer): Buffer => w.toBuffer();
    client.on('data', (chunk: Buffer) => {
      for (const f of fromClient.push(chunk)) {
        const r = new Reader(f);
        const apiKey = r.int16();
        const version = r.int16();
        const correlationId = r.int32();
        r.nullableString();
        const flexible = (min: number): boolean => version >= min;
        if (apiKey === 18 && version > opts.maxApiVersions) {
          const w = new Writer().startFrame().int32(correlationId);
          encodeApiVersionsResponse(w, { ...defaultApiVersionsResponse(), errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: opts.maxApiVersions }] }, 0);
          client.write(frame(w));
          continue;
        }
        pending.set(correlationId, { apiKey, version });
        if (apiKey === 0) {
          if (flexible(ProduceRequestVersions.flexibleMin)) r.rawTaggedFields();
          for (const t of decodeProduceRequest(r, version).topicData) for (const p of t.partitionData) seen.push({ node, api: 'Produce', version, partition: p.index });
        } else if (apiKey === 1) {
          if (flexible(FetchRequestVersions.flexibleMin)) r.rawTaggedFields();
          for (const t of decodeFetchRequest(r, version).topics) for (const p of t.partitions) seen.push({ node, api: 'Fetch', version, partition: p.partition });
        } else if (apiKey === 2) {
          if (flexible(ListOffsetsRequestVersions.flexibleMin)) r.rawTaggedFields();
          for (const t of decodeListOffsetsRequest(r, version).topics) for (const p of t.partitions) seen.push({ node, api: 'ListOffsets', version, partition: p.partitionIndex });
        }
        upstream.write(Buffer.concat([Buffer.from([f.length >>> 24, (f.length >>> 16) & 255, (f.length >>> 8) & 255, f.length & 255]), f]));
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const f of fromBroker.push(chunk)) {
        const r = new Reader(f);
        const correlationId = r.int32();
        const req = pending.get(correlationId);
        pending.delete(correlationId);
        if (req?.apiKey === 3) {
          const flex = req.version >= MetadataResponseVersions.flexibleMin;
          if (flex) r.rawTaggedFields();
          const md = decodeMetadataResponse(r, req.version);
          md.brokers = opts.nodes.map((id) => ({ nodeId: id, host: '127.0.0.1', port: ports.get(id) ?? 0, rack: null }));
          for (const t of md.topics) {
            for (const p of t.partitions) {
              p.leaderId = leaderOf(p.partitionIndex, opts.nodes);
              p.replicaNodes = [p.leaderId];
              p.isrNodes = [p.leaderId];
            }
          }
          const w = new Writer().startFrame().int32(correlationId);
          if (flex) w.uvarint(0);
          encodeMetadataResponse(w, md, req.version);
          client.write(frame(w));
        } else if (req?.apiKey === 10) {
          // Group coordinator lookups (the console consumer joins a group) must name a proxy too.
          const flex = req.version >= FindCoordinatorResponseVersions.flexibleMin;
          if (flex) r.rawTaggedFields();
          const fc = decodeFindCoordinatorResponse(r, req.version);
          const self = { nodeId: node, host: '127.0.0.1', port: ports.get(node) ?? 0 };
          Object.assign(fc, self);
          for (const c of fc.coordinators) Object.assign(c, self);
          const w = new Writer().startFrame().int32(correlationId);
          if (flex) w.uvarint(0);
          encodeFindCoordinatorResponse(w, fc, req.version);
          client.write(frame(w));
        } else if (req?.apiKey === 18) {
          const res = decodeApiVersionsResponse(r, req.version);
          res.apiKeys = res.apiKeys.map((k) => ({ ...k, maxVersion: Math.min(k.maxVersion, opts.caps.get(k.apiKey) ?? k.maxVersion) }));
          const w = new Writer().startFrame().int32(correlationId);
          encodeApiVersionsResponse(w, res, req.version);
          client.write(frame(w));
        } else {
          client.write(Buffer.concat([Buffer.from([f.length >>> 24, (f.length >>> 16) & 255, (f.length >>> 8) & 255, f.length & 255]), f]));
        }
      }
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };
  const server = opts.tls === undefined ? net.createServer(onClient) : tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onClient);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        node,
        port,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      });
    });
  });
}

let b: TestBroker;
let proxies: Proxy[] = [];
const seen: Seen[] = [];

beforeAll(async () => {
  b = await startTestBroker();
  const created = b.running.broker.topics.create('routed', 6, {});
  if (!created.ok) throw new Error('cannot create topic');
  const ports = new Map<number, number>();
  const opts: ProxyOptions = { caps: new Map([[ProduceApi.apiKey, 8], [FetchApi.apiKey, 11]]), maxApiVersions: 2, nodes: NODES };
  proxies = await Promise.all(NODES.map((n) => startProxy(n, b.running.port, seen, ports, opts)));
  for (const p of proxies) ports.set(p.node, p.port);
});

afterAll(async () => {
  for (const p of proxies) p.close();
  await b.dispose();
});

describe('native client on a multi-broker cluster', () => {
  it('routes each partition to its leader and negotiates the highest common versions', async () => {
    const bootstrap = `127.0.0.1:${proxies[0]?.port ?? 0}`;
    const client = await NativeClient.connect({ brokers: [bootstrap], clientId: 'routing-test', retryBackoffMs: 20 });
    try {
      const failures: unknown[] = [];
      const producer = await NativeProducer.create(
        client,
        { topic: 'routed', acks: -1, compression: CompressionCodec.NONE, batchSize: 1024, lingerMs: 1, bufferMemory: 1 << 20, retries: 2, retryBackoffMs: 20, requestTimeoutMs: 10_000, maxInFlight: 5, maxRequestSize: 1 << 20, maxBlockMs: 5000 },
        (f) => failures.push(f),
      );
      expect(producer.numPartitions).toBe(6);
      for (let i = 0; i < 600; i++) producer.send({ key: null, value: Buffer.from(String(i)), partition: i % 6 }, i + 1);
      await producer.flush();
      expect(failures).toEqual([]);
      expect(producer.acked).toBe(600);

      const ends = await client.listOffsets(Array.from({ length: 6 }, (_, p) => ({ topic: 'routed', partition: p, timestamp: LATEST_TIMESTAMP })));
      expect([...ends.values()].map((o) => o.offset)).toEqual([100n, 100n, 100n, 100n, 100n, 100n]);

      const consumer = new NativeConsumer(client, { isolationLevel: 0, maxWaitMs: 50, minBytes: 1, maxBytes: 1 << 20, partitionMaxBytes: 1 << 20, resetPolicy: 'earliest' });
      await consumer.assign(Array.from({ length: 6 }, (_, p) => ({ topic: 'routed', partition: p, offset: EARLIEST_TIMESTAMP })));
      const values = new Map<number, string[]>();
      let total = 0;
      for (let polls = 0; total < 600 && polls < 100; polls++) {
        for (const fb of await consumer.poll(1000)) {
          for (const r of fb.batch.records) values.set(fb.partition, [...(values.get(fb.partition) ?? []), r.value?.toString() ?? '']);
          total += fb.batch.records.length;
        }
      }
      consumer.close();
      expect(total).toBe(600);
      for (let p = 0; p < 6; p++) expect(values.get(p)).toEqual(Array.from({ length: 100 }, (_, i) => String(i * 6 + p)));
    } finally {
      await client.close();
    }
    const routed = seen.filter((s) => s.api !== 'Metadata');
    for (const api of ['Produce', 'Fetch', 'ListOffsets']) expect(routed.some((s) => s.api === api)).toBe(true);
    for (const s of routed) expect({ ...s, node: s.node }).toEqual({ ...s, node: leaderOf(s.partition) });
    // Every node led some partition, so every node got requests.
    expect(new Set(routed.map((s) => s.node))).toEqual(new Set(NODES));
    // The proxies cap Produce at v8 and Fetch at v11: the highest versions both sides speak.
    expect(new Set(routed.filter((s) => s.api === 'Produce').map((s) => s.version))).toEqual(new Set([8]));
    expect(new Set(routed.filter((s) => s.api === 'Fetch').map((s) => s.version))).toEqual(new Set([11]));
  });
});

describe('TLS', () => {
  it('console-producer and console-consumer connect over TLS with a PEM trust store from --command-config', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
    const ports = new Map<number, number>();
    const proxy = await startProxy(201, b.running.port, [], ports, { caps: new Map(), maxApiVersions: 4, nodes: [201], tls: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') } });
    ports.set(201, proxy.port);
    const config = path.join(dir, 'client.properties');
    fs.writeFileSync(config, `security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=${cert}\n`);
    try {
      const bootstrap = `127.0.0.1:${proxy.port}`;
      const p = await runCli(['console-producer', '--bootstrap-server', bootstrap, '--topic', 'secure', '--producer.config', config], { input: 'one\ntwo\n' });
      expect(p).toMatchObject({ exitCode: 0, stderr: '' });
      const c = await runCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'secure', '--from-beginning', '--max-messages', '2', '--command-config', config]);
      expect(c).toMatchObject({ exitCode: 0, stdout: 'one\ntwo\n' });
      // Without the trust store the certificate is refused, in one line.
      const refused = await runCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'secure', '--command-property', 'security.protocol=SSL']);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toMatch(/^tkafka: TLS connection to 127\.0\.0\.1:\d+ failed: .*self.signed/im);
    } finally {
      proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
