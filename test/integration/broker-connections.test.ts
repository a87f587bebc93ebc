// Connection limits and memory (issue #16), on a real broker on a free port: max.connections.per.ip
// (and its overrides, changed at runtime), max.connections (the connection over it waits for a slot,
// as Kafka's acceptor blocks), connections.max.idle.ms on the broker's clock, a client that stops
// reading its responses stops being read, and 1,000 idle connections beside 100 producers.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { ProduceApi } from '../../src/protocol/generated/apis/produce.js';
import { defaultFetchPartition, defaultFetchRequest, defaultFetchTopic, encodeFetchRequest } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import type { RunningBroker } from '../../src/broker/server/broker.js';
import { ManualClock } from '../../src/shared/clock.js';
import { startServer, startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { WireClient, wireApi } from './admin-wire.js';
import { RawConnection as Raw, apiVersionsFrame } from './raw-connection.js';

const MIB = 1024 * 1024;

describe('max.connections.per.ip', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker({ config: { 'max.connections.per.ip': '3' } });
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('closes the connection over the limit at once and serves the others, then follows a changed override', async () => {
    const ok = await Promise.all([1, 2, 3].map(() => Raw.open(b.running.port)));
    await waitFor('3 connections admitted', () => b.running.connectionCounts().open === 3);
    const over = await Raw.open(b.running.port);
    await waitFor('the 4th connection closed by the broker', () => over.closed);
    expect(over.received.length).toBe(0);
    expect(b.logs).toContain('Rejected connection from 127.0.0.1, address already has the configured maximum of 3 connections.');
    for (const [i, c] of ok.entries()) await c.apiVersions(i + 1);
    expect(b.running.connectionCounts()).toEqual({ open: 3, waiting: 0, queuedRequests: 0 });

    // A closed connection frees its address's place.
    ok[0]?.destroy();
    await waitFor('the closed connection released', () => b.running.connectionCounts().open === 2);
    const again = await Raw.open(b.running.port);
    await again.apiVersions(9);

    // max.connections.per.ip.overrides is dynamic in Kafka: 127.0.0.1 may now hold 5.
    const inc = wireApi(IncrementalAlterConfigsApi);
    ok[1]?.destroy();
    await waitFor('a place for the admin connection', () => b.running.connectionCounts().open === 2);
    const adminWire = await WireClient.connect(b.running.port);
    const res = await adminWire.request(inc, 1, {
      validateOnly: false,
      resources: [{ resourceType: 4, resourceName: '1', configs: [{ name: 'max.connections.per.ip.overrides', configOperation: 0, value: '127.0.0.1:5' }] }],
    });
    expect(res.responses[0]?.errorCode).toBe(0);
    await waitFor('the override applied', () => b.running.broker.config.maxConnectionsPerIpOverrides.get('127.0.0.1') === 5);
    const more = await Promise.all([1, 2].map(() => Raw.open(b.running.port)));
    for (const [i, c] of more.entries()) await c.apiVersions(20 + i);
    const sixth = await Raw.open(b.running.port);
    await waitFor('the 6th connection closed by the broker', () => sixth.closed);
    expect(b.logs).toContain('Rejected connection from 127.0.0.1, address already has the configured maximum of 5 connections.');
    for (const c of [...ok, again, ...more]) c.destroy();
    adminWire.close();
  });
});

describe('max.connections', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker({ config: { 'max.connections': '2' } });
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('keeps the connection over the limit waiting, unread, until another closes', async () => {
    const [a, c] = await Promise.all([Raw.open(b.running.port), Raw.open(b.running.port)]);
    await waitFor('2 connections admitted', () => b.running.connectionCounts().open === 2);
    const third = await Raw.open(b.running.port);
    await waitFor('the 3rd connection waiting for a slot', () => b.running.connectionCounts().waiting === 1);
    third.sock.write(apiVersionsFrame(3));
    await a?.apiVersions(1);
    await c?.apiVersions(2);
    // Served connections answered while the third's request is still unread.
    expect(third.received.length).toBe(0);
    expect(third.closed).toBe(false);
    a?.destroy();
    await waitFor('the waiting connection answered', () => third.received.length >= 8 && third.received.readInt32BE(4) === 3);
    expect(b.running.connectionCounts()).toEqual({ open: 2, waiting: 0, queuedRequests: 0 });
    c?.destroy();
    third.destroy();
  });
});

describe('connection settings at runtime', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker();
  });
  afterAll(async () => {
    await b.dispose();
  });
  const alter = async (wire: WireClient, name: string, value: string): Promise<[number, string | null]> => {
    const res = await wire.request(wireApi(IncrementalAlterConfigsApi), 1, {
      validateOnly: false,
      resources: [{ resourceType: 4, resourceName: '1', configs: [{ name, configOperation: 0, value }] }],
    });
    return [res.responses[0]?.errorCode ?? -1, res.responses[0]?.errorMessage ?? null];
  };

  it("refuses what Kafka refuses, and a lowered max.connections closes the least recently active connections", async () => {
    const admin = await WireClient.connect(b.running.port);
    expect(await alter(admin, 'max.connections.per.ip', '0')).toEqual([42, 'max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides property is set.']);
    expect(await alter(admin, 'max.connections', '-1')).toEqual([42, 'Invalid value -1 for configuration max.connections: Value must be at least 0']);
    expect(await alter(admin, 'connections.max.idle.ms', '5')).toEqual([42, 'Cannot update these configs dynamically: [connections.max.idle.ms]']);
    expect(await alter(admin, 'queued.max.requests', '5')).toEqual([42, 'Cannot update these configs dynamically: [queued.max.requests]']);

    const quiet = await Promise.all([1, 2, 3].map(() => Raw.open(b.running.port)));
    await waitFor('4 connections', () => b.running.connectionCounts().open === 4);
    expect(await alter(admin, 'max.connections', '2')).toEqual([0, null]);
    // The admin connection was active last: two of the quiet ones go.
    await waitFor('two quiet connections closed', () => quiet.filter((q) => q.closed).length === 2);
    expect(b.running.connectionCounts().open).toBe(2);
    const waiting = await Raw.open(b.running.port);
    await waitFor('the new connection waiting', () => b.running.connectionCounts().waiting === 1);
    expect(await alter(admin, 'max.connections', '3')).toEqual([0, null]);
    await waiting.apiVersions(5);
    for (const q of [...quiet, waiting]) q.destroy();
    admin.close();
  });
});

describe('connections.max.idle.ms', () => {
  let running: RunningBroker;
  const clock = new ManualClock();
  const logs: string[] = [];
  beforeAll(async () => {
    running = await startServer({ dataDir: tempDataDir(), clock, config: { 'connections.max.idle.ms': '1000' }, log: (l) => logs.push(l) });
  });
  afterAll(async () => {
    await running.close();
  });

  it('closes a connection idle for longer than the limit while an active one stays', async () => {
    const idle = await Raw.open(running.port);
    const active = await Raw.open(running.port);
    await idle.apiVersions(1);
    await active.apiVersions(2);
    clock.advance(600);
    await active.apiVersions(3);
    clock.advance(400); // idle for exactly 1000 ms: not yet (Kafka closes past the limit)
    expect(running.connectionCounts().open).toBe(2);
    clock.advance(1);
    await waitFor('the idle connection closed', () => idle.closed);
    expect(active.closed).toBe(false);
    await active.apiVersions(4);
    expect(running.connectionCounts().open).toBe(1);
    expect(logs.some((l) => /idle for 1001 ms \(connections.max.idle.ms=1000\)/.test(l))).toBe(true);
    active.destroy();
  });
});

function fetchFrame(correlationId: number, topic: string, wait: { maxWaitMs: number; minBytes: number } = { maxWaitMs: 0, minBytes: 0 }): Buffer {
  const w = new Writer().startFrame();
  w.int16(1).int16(11).int32(correlationId).nullableString('not-reading');
  encodeFetchRequest(
    w,
    {
      ...defaultFetchRequest(),
      replicaId: -1,
      ...wait,
      maxBytes: MIB,
      topics: [{ ...defaultFetchTopic(), topic, partitions: [{ ...defaultFetchPartition(), partition: 0, fetchOffset: 0n, partitionMaxBytes: MIB }] }],
    },
    11,
  );
  return w.toBuffer();
}

describe('a client that does not read its responses', () => {
  let b: TestBroker;
  beforeAll(async () => {
    b = await startTestBroker();
    const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'seed' });
    await client.topic('big', { autoCreate: true, timeoutMs: 5000 });
    const conn = await client.nodeConnection(b.running.broker.nodeId);
    const { ProduceApi: NativeProduce } = await import('../../src/client/native/apis/produce.js');
    const batch = encodeRecordBatch({ records: [{ value: Buffer.alloc(900 * 1024, 7) }] });
    const res = await conn.send(NativeProduce, { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: 'big', partitionData: [{ index: 0, records: batch }] }] });
    expect(res.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
    await client.close();
  });
  afterAll(async () => {
    await b.dispose();
  });

  it('stops being read: the broker holds at most 16 KiB plus one response, and every answer arrives in order once it reads', async () => {
    const N = 80; // 80 × ~900 KiB responses: far more than the kernel's socket buffers hold
    const raw = await Raw.open(b.running.port);
    raw.sock.pause();
    raw.sock.write(Buffer.concat(Array.from({ length: N }, (_, i) => fetchFrame(i, 'big'))));
    const blocked = await waitFor('the connection blocked on its unread responses', () => b.running.connections().find((c) => c.blockedOnWrite), 30_000);
    const responseBytes = 900 * 1024 + 1024;
    expect(blocked.requestsHandled).toBeLessThan(N);
    // What the kernel has not taken: below the high-water mark before the last response was written.
    expect(blocked.peakUnsentBytes).toBeLessThan(16 * 1024 + responseBytes);
    expect(blocked.unsentBytes).toBeLessThan(16 * 1024 + responseBytes);
    expect(blocked.inFlight).toBe(false);
    // Nothing more is handled while the client does not read.
    const again = b.running.connections().find((c) => c.id === blocked.id);
    expect(again?.requestsHandled).toBe(blocked.requestsHandled);

    raw.sock.resume();
    const got = await waitFor(`all ${N} responses`, () => {
      const out: number[] = [];
      let pos = 0;
      const s = raw.received;
      while (pos + 4 <= s.length) {
        const size = s.readInt32BE(pos);
        if (pos + 4 + size > s.length) break;
        const r = new Reader(s, pos + 4, pos + 4 + size);
        out.push(r.int32());
        const res = decodeFetchResponse(r, 11);
        if (res.responses[0]?.partitions[0]?.errorCode !== 0) throw new Error('fetch failed');
        pos += 4 + size;
      }
      return out.length === N && out;
    }, 60_000);
    expect(got).toEqual(Array.from({ length: N }, (_, i) => i));
    const done = b.running.connections().find((c) => c.id === blocked.id);
    expect(done?.requestsHandled).toBe(N);
    expect(done?.peakUnsentBytes).toBeLessThan(16 * 1024 + responseBytes);
    raw.destroy();
  });
});

describe('queued.max.requests', () => {
  let running: RunningBroker;
  const clock = new ManualClock();
  beforeAll(async () => {
    running = await startServer({ dataDir: tempDataDir(), clock, config: { 'queued.max.requests': '1' }, log: () => undefined });
    const client = await NativeClient.connect({ brokers: [`127.0.0.1:${running.port}`], clientId: 'setup' });
    await client.topic('quiet', { autoCreate: true, timeoutMs: 5000 });
    await client.close();
  });
  afterAll(async () => {
    await running.close();
  });

  it('stops reading connections while the queue is full, and reads them again once it drains', async () => {
    // A parks a Fetch (in its handler: outside the queue) with 3 requests read behind it: 3 queued.
    const a = await Raw.open(running.port);
    a.sock.write(Buffer.concat([fetchFrame(100, 'quiet', { maxWaitMs: 1000, minBytes: 1 }), apiVersionsFrame(101), apiVersionsFrame(102), apiVersionsFrame(103)]));
    await waitFor('3 requests queued behind the parked Fetch', () => running.connectionCounts().queuedRequests === 3);
    // B's request is read (and answered), then B is read no more: it waits for room.
    const b = await Raw.open(running.port);
    await b.apiVersions(1);
    const bStats = await waitFor('B waiting for room in the queue', () => running.connections().find((c) => c.requestsHandled === 1 && c.waitingForQueue));
    b.sock.write(apiVersionsFrame(2));
    expect(running.connections().find((c) => c.id === bStats.id)?.requestsHandled).toBe(1);
    // The Fetch's wait ends on the broker's clock: A's queue drains, and B is read again.
    clock.advance(1001);
    await waitFor("B's second request answered", () => {
      const second = 4 + b.received.readInt32BE(0); // throws (not yet) until it has arrived
      return b.received.readInt32BE(second + 4) === 2;
    });
    const ids: number[] = [];
    for (let pos = 0; pos + 8 <= a.received.length; pos += 4 + a.received.readInt32BE(pos)) ids.push(a.received.readInt32BE(pos + 4));
    expect(ids).toEqual([100, 101, 102, 103]);
    expect(running.connectionCounts().queuedRequests).toBe(0);
    a.destroy();
    b.destroy();
  });
});

/** The process's open-file limit (`ulimit -n`), or 0 when it cannot be read. */
function fileLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0;
  }
}

describe('1,000 idle connections and 100 producers', () => {
  // Client and broker ends of 1,100 connections live in this process.
  const limit = fileLimit();
  const enough = limit === 0 || limit >= 2600 || Number.isNaN(limit);
  if (!enough) console.log(`skipping the 1,000-connection test: ulimit -n is ${limit}, it needs 2,600 descriptors`);
  let b: TestBroker;
  beforeAll(async () => {
    if (enough) b = await startTestBroker({ config: { 'num.partitions': '10' } });
  });
  afterAll(async () => {
    if (enough) await b.dispose();
  });

  it.skipIf(!enough)('acknowledges every record of every producer exactly once', async () => {
    const idle: net.Socket[] = [];
    for (let i = 0; i < 1000; i += 100) {
      const batch = await Promise.all(Array.from({ length: 100 }, () => Raw.open(b.running.port)));
      idle.push(...batch.map((r) => r.sock));
    }
    await waitFor('1,000 idle connections admitted', () => b.running.connectionCounts().open === 1000, 30_000);
    const setup = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'setup' });
    await setup.topic('many', { autoCreate: true, timeoutMs: 5000 });
    await setup.close();

    const PRODUCERS = 100;
    const REQUESTS = 20;
    const RECORDS = 5;
    const produce = wireApi(ProduceApi);
    const acked = await Promise.all(
      Array.from({ length: PRODUCERS }, async (_, p) => {
        const w = await WireClient.connect(b.running.port);
        // Pipelined: all of a producer's requests are sent before the first answer.
        const answers = await Promise.all(
          Array.from({ length: REQUESTS }, (_, r) =>
            w.request(produce, 7, {
              transactionalId: null,
              acks: -1,
              timeoutMs: 30_000,
              topicData: [{ name: 'many', partitionData: [{ index: p % 10, records: encodeRecordBatch({ records: Array.from({ length: RECORDS }, (_, k) => ({ value: Buffer.from(`${p}-${r}-${k}`) })) }) }] }],
            }),
          ),
        );
        w.close();
        return answers.map((a) => {
          const part = a.responses[0]?.partitionResponses[0];
          return { partition: p % 10, error: part?.errorCode, base: part?.baseOffset };
        });
      }),
    );
    const byPartition = new Map<number, bigint[]>();
    for (const list of acked) {
      for (const a of list) {
        expect(a.error).toBe(0);
        byPartition.set(a.partition, [...(byPartition.get(a.partition) ?? []), a.base as bigint]);
      }
    }
    // Each partition got 10 producers × 20 batches of 5: base offsets 0, 5, …, 995, each once.
    for (let part = 0; part < 10; part++) {
      const bases = (byPartition.get(part) ?? []).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      expect(bases).toEqual(Array.from({ length: (PRODUCERS / 10) * REQUESTS }, (_, i) => BigInt(i * RECORDS)));
    }
    // The producers' connections closed; every idle one is still open and was never read from.
    await waitFor('the producers disconnected', () => b.running.connectionCounts().open === 1000);
    expect(idle.every((s) => !s.destroyed)).toBe(true);
    expect(b.running.connections().filter((c) => c.requestsHandled === 0)).toHaveLength(1000);
    for (const s of idle) s.destroy();
  }, 120_000);
});
