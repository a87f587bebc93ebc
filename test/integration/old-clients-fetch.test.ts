// Fetch v0–3: stored v2 batches down-converted to message format v0 (Fetch v0–1) or v1 (v2–3), read
// back with our legacy decoder and with kafkajs's own Fetch v0–3 and message-set code (a second
// implementation), plus byte checks against kafkajs's legacy message encoder.
import { createRequire } from 'node:module';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerKafkajsCodecs } from '../helpers/kafkajs-codecs.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { defaultFetchPartition, defaultFetchRequest, encodeFetchRequest, FetchRequestVersions } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse, type PartitionData } from '../../src/protocol/generated/messages/fetch-response.js';
import { encodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { encodeControlBatch, encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { decodeMessageSet, encodeMessageSet, type LegacyMessage } from '../../src/protocol/records/legacy.js';
import { ControlRecordType, type RecordInput } from '../../src/protocol/records/record.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const require = createRequire(import.meta.url);
const Fetch = api(FetchRequestVersions, encodeFetchRequest, decodeFetchResponse);
const Produce = api(ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse);

interface KjsMessage {
  offset: string;
  magicByte: number;
  attributes: number;
  timestamp?: string;
  key: Buffer | null;
  value: Buffer | null;
}
interface KjsBroker {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  versions: Record<number, { minVersion: number; maxVersion: number }>;
  lookupRequest: unknown;
  fetch(o: object): Promise<{ responses: { topicName: string; partitions: { partition: number; errorCode: number; highWatermark: string; messages: KjsMessage[] }[] }[] }>;
}

/** A kafkajs Broker (its internal class) that sends Fetch at exactly `version`. */
async function kafkajsBroker(port: number, fetchVersion: number): Promise<KjsBroker> {
  const Broker = require('kafkajs/src/broker') as new (o: object) => KjsBroker;
  const ConnectionPool = require('kafkajs/src/network/connectionPool') as new (o: object) => object;
  const socketFactory = (require('kafkajs/src/network/socketFactory') as () => unknown)();
  const { lookup } = require('kafkajs/src/protocol/requests') as { lookup: (v: object) => unknown };
  const { createLogger, LEVELS } = require('kafkajs/src/loggers') as { createLogger: (o: object) => object; LEVELS: { NOTHING: number } };
  const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined });
  const pool = new ConnectionPool({ host: '127.0.0.1', port, logger, clientId: 'kjs-old-fetch', connectionTimeout: 1000, requestTimeout: 30_000, socketFactory });
  const broker = new Broker({ connectionPool: pool, logger });
  await broker.connect();
  broker.lookupRequest = lookup({ ...broker.versions, 1: { minVersion: fetchVersion, maxVersion: fetchVersion } });
  return broker;
}

const rec = (key: string | null, value: string | null, timestamp: number, headers: RecordInput['headers'] = []): RecordInput => ({ key, value, timestamp, headers });

describe('Fetch v0–3: down-conversion to message format v0/v1', () => {
  let b: TestBroker;
  let c: RawClient;

  beforeAll(async () => {
    registerKafkajsCodecs({ CompressionCodecs, CompressionTypes });
    b = await startTestBroker();
    const topics = b.running.broker.topics;
    topics.create('dc', 1, {});
    topics.create('dc-lat', 1, { 'message.timestamp.type': 'LogAppendTime' });
    topics.create('dc-zstd', 1, {});
    topics.create('dc-off', 1, { 'message.downconversion.enable': 'false' });
    topics.create('dc-rt', 1, {});
    topics.create('dc-kjs', 1, {});
    c = await RawClient.connect(b.running.port);
    const append = async (topic: string, batch: Buffer): Promise<void> => {
      const r = await c.call(Produce, 8, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }] });
      expect(r.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
    };
    // 0..2 plain (one with headers, dropped in the old formats), 3..4 gzip, 5 snappy, 6..7 lz4, a
    // transaction marker at 8 (control: never down-converted), 9 plain.
    await append('dc', encodeRecordBatch({ records: [rec('k0', 'v0', 1_000), rec(null, 'v1', 1_001, [{ key: 'h', value: 'x' }]), rec('k2', null, 999)] }));
    await append('dc', encodeRecordBatch({ records: [rec('k3', 'gzip-3', 2_000), rec('k4', 'gzip-4', 2_005)], compression: CompressionCodec.GZIP }));
    await append('dc', encodeRecordBatch({ records: [rec('k5', 'snappy-5', 3_000)], compression: CompressionCodec.SNAPPY }));
    await append('dc', encodeRecordBatch({ records: [rec('k6', 'lz4-6', 4_000), rec('k7', 'lz4-7', 4_001)], compression: CompressionCodec.LZ4 }));
    const log = b.running.broker.topics.get('dc')?.partitions[0]?.log;
    log?.append(encodeControlBatch({ producerId: 77n, producerEpoch: 0, type: ControlRecordType.COMMIT, coordinatorEpoch: 0, timestamp: 5_000 }), { leaderEpoch: 0 });
    await append('dc', encodeRecordBatch({ records: [rec('k9', 'v9', 6_000)] }));
    await append('dc-kjs', encodeRecordBatch({ records: [rec('k0', 'v0', 1_000), rec(null, 'v1', 1_001), rec('k2', null, 999)] }));
    await append('dc-kjs', encodeRecordBatch({ records: [rec('k3', 'gzip-3', 2_000), rec('k4', 'gzip-4', 2_005)], compression: CompressionCodec.GZIP }));
    await append('dc-kjs', encodeRecordBatch({ records: [rec('k5', 'snappy-5', 3_000)], compression: CompressionCodec.SNAPPY }));
    await append('dc-lat', encodeRecordBatch({ records: [rec('a', 'x', 1), rec('b', 'y', 2)] }));
    await append('dc-lat', encodeRecordBatch({ records: [rec('c', 'z', 3)], compression: CompressionCodec.GZIP }));
    await append('dc-zstd', encodeRecordBatch({ records: [rec('z', 'zstd', 1)], compression: CompressionCodec.ZSTD }));
    await append('dc-off', encodeRecordBatch({ records: [rec('o', 'off', 1)] }));
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  const fetch = async (version: number, topic: string, offset = 0n, partitionMaxBytes = 1 << 20): Promise<PartitionData> => {
    const r = await c.call(Fetch, version, {
      ...defaultFetchRequest(),
      maxWaitMs: 0,
      topics: [{ topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ ...defaultFetchPartition(), fetchOffset: offset, partitionMaxBytes }] }],
    });
    return r.responses[0]?.partitions[0] as PartitionData;
  };
  const show = (m: LegacyMessage): string => `${m.offset}:${m.magic}:${m.key?.toString() ?? 'null'}=${m.value?.toString() ?? 'null'}@${m.timestamp}${m.timestampType === 1 ? 'L' : ''}`;

  it('Fetch v0 and v1 get magic-0 message sets: offsets, keys and values, no timestamps, no control batch', async () => {
    for (const v of [0, 1]) {
      const p = await fetch(v, 'dc');
      expect(p).toMatchObject({ errorCode: 0, highWatermark: 10n });
      const set = decodeMessageSet(p.records ?? Buffer.alloc(0));
      expect(set.trailingBytes).toBe(0);
      // Plain records are single entries; each compressed batch is one wrapper.
      expect(set.entries.map((e) => [e.offset, e.magic, e.compression])).toEqual([
        [0n, 0, 0], [1n, 0, 0], [2n, 0, 0], [4n, 0, CompressionCodec.GZIP], [5n, 0, CompressionCodec.SNAPPY], [7n, 0, CompressionCodec.LZ4], [9n, 0, 0],
      ]);
      expect(set.messages.map(show)).toEqual([
        '0:0:k0=v0@-1', '1:0:null=v1@-1', '2:0:k2=null@-1', '3:0:k3=gzip-3@-1', '4:0:k4=gzip-4@-1', '5:0:k5=snappy-5@-1', '6:0:k6=lz4-6@-1', '7:0:k7=lz4-7@-1', '9:0:k9=v9@-1',
      ]);
    }
  });

  it('Fetch v2 and v3 get magic-1 message sets with the record timestamps; plain records below the fetch offset are left out', async () => {
    for (const v of [2, 3]) {
      const p = await fetch(v, 'dc');
      const set = decodeMessageSet(p.records ?? Buffer.alloc(0));
      expect(set.messages.map(show)).toEqual([
        '0:1:k0=v0@1000', '1:1:null=v1@1001', '2:1:k2=null@999', '3:1:k3=gzip-3@2000', '4:1:k4=gzip-4@2005', '5:1:k5=snappy-5@3000', '6:1:k6=lz4-6@4000', '7:1:k7=lz4-7@4001', '9:1:k9=v9@6000',
      ]);
      // Wrappers carry the largest inner timestamp.
      expect(set.entries.filter((e) => e.compression !== 0).map((e) => [e.offset, e.timestamp])).toEqual([[4n, 2005n], [5n, 3000n], [7n, 4001n]]);
    }
    const mid = decodeMessageSet((await fetch(3, 'dc', 1n)).records ?? Buffer.alloc(0));
    expect(mid.messages.map((m) => m.offset)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 9n]);
    // A compressed batch stays whole: the reader drops what is below its offset.
    const inGzip = decodeMessageSet((await fetch(3, 'dc', 4n)).records ?? Buffer.alloc(0));
    expect(inGzip.messages.map((m) => m.offset)).toEqual([3n, 4n, 5n, 6n, 7n, 9n]);
    expect(decodeMessageSet((await fetch(2, 'dc', 10n)).records ?? Buffer.alloc(1)).messages).toEqual([]);
  });

  it('the down-converted messages are byte for byte what kafkajs\'s legacy encoder writes', async () => {
    const KjsMessage = require('kafkajs/src/protocol/message') as (o: { version: number }) => (e: object) => { buffer: Buffer };
    const p = await fetch(2, 'dc', 0n);
    const records = p.records ?? Buffer.alloc(0);
    const first = records.subarray(12, 12 + records.readInt32BE(8));
    expect(first.equals(KjsMessage({ version: 1 })({ timestamp: 1000, key: Buffer.from('k0'), value: Buffer.from('v0') }).buffer)).toBe(true);
    const v0 = (await fetch(0, 'dc', 0n)).records ?? Buffer.alloc(0);
    expect(v0.subarray(12, 12 + v0.readInt32BE(8)).equals(KjsMessage({ version: 0 })({ key: Buffer.from('k0'), value: Buffer.from('v0') }).buffer)).toBe(true);
    expect(v0.readBigInt64BE(0)).toBe(0n);
  });

  it('kafkajs reads the down-converted data at Fetch v0, v1, v2 and v3', async () => {
    const want2 = ['0:1:k0=v0@1000', '1:1:null=v1@1001', '2:1:k2=null@999', '3:1:k3=gzip-3@2000', '4:1:k4=gzip-4@2005', '5:1:k5=snappy-5@3000', '6:1:k6=lz4-6@4000', '7:1:k7=lz4-7@4001', '9:1:k9=v9@6000'];
    const want0 = ['0:0:k0=v0', '1:0:null=v1', '2:0:k2=null', '3:0:k3=gzip-3', '4:0:k4=gzip-4', '5:0:k5=snappy-5'];
    for (const v of [0, 1, 2, 3]) {
      const kb = await kafkajsBroker(b.running.port, v);
      const read = async (topic: string): Promise<string[]> => {
        const res = await kb.fetch({ replicaId: -1, maxWaitTime: 0, minBytes: 0, maxBytes: 1 << 20, topics: [{ topic, partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 1 << 20 }] }] });
        const part = res.responses[0]?.partitions[0];
        expect(part?.errorCode).toBe(0);
        return (part?.messages ?? []).map((m) => `${m.offset}:${m.magicByte}:${m.key?.toString() ?? 'null'}=${m.value?.toString() ?? 'null'}${v >= 2 ? `@${m.timestamp ?? ''}` : ''}`);
      };
      try {
        if (v >= 2) {
          expect(await read('dc')).toEqual(want2);
        } else {
          expect(await read('dc-kjs')).toEqual(want0);
          // Magic-0 lz4 wrappers carry Kafka's broken frame header checksum (KAFKA-3160), which a
          // standard lz4 reader (kafkajs with our codec) refuses, as it would from Apache Kafka.
          await expect(read('dc')).rejects.toThrow(/HeaderChecksum/);
        }
      } finally {
        await kb.disconnect();
      }
    }
  });

  it('LogAppendTime batches become LogAppendTime messages at magic 1 with the append time', async () => {
    const set = decodeMessageSet((await fetch(3, 'dc-lat')).records ?? Buffer.alloc(0));
    expect(set.messages).toHaveLength(3);
    for (const m of set.messages) {
      expect(m.timestampType).toBe(1);
      expect(Number(m.timestamp)).toBeGreaterThan(1_000_000_000_000);
    }
    expect(set.entries.map((e) => e.timestampType)).toEqual([1, 1, 1]);
  });

  it('zstd data answers UNSUPPORTED_COMPRESSION_TYPE; message.downconversion.enable=false answers UNSUPPORTED_VERSION below v4', async () => {
    expect((await fetch(3, 'dc-zstd')).errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    expect((await fetch(2, 'dc-off')).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect((await fetch(4, 'dc-off')).errorCode).toBe(0);
    expect((await fetch(0, 'no-such-topic')).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await fetch(1, 'dc', 99n)).errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('round trip: magic 0 and 1 message sets produced at Produce v0/v2 come back the same at Fetch v0/v2', async () => {
    const m0 = encodeMessageSet({ magic: 0, compression: CompressionCodec.GZIP, messages: [{ offset: 0n, timestamp: -1n, key: Buffer.from('a'), value: Buffer.from('1') }, { offset: 1n, timestamp: -1n, key: null, value: Buffer.from('2') }] });
    const m1 = encodeMessageSet({ magic: 1, messages: [{ offset: 0n, timestamp: 123n, key: Buffer.from('b'), value: null }] });
    for (const [v, set] of [[0, m0], [2, m1]] as const) {
      const r = await c.call(Produce, v, { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: 'dc-rt', partitionData: [{ index: 0, records: set }] }] });
      expect(r.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
    }
    expect(decodeMessageSet((await fetch(0, 'dc-rt')).records ?? Buffer.alloc(0)).messages.map(show)).toEqual(['0:0:a=1@-1', '1:0:null=2@-1', '2:0:b=null@-1']);
    expect(decodeMessageSet((await fetch(2, 'dc-rt')).records ?? Buffer.alloc(0)).messages.map(show)).toEqual(['0:1:a=1@-1', '1:1:null=2@-1', '2:1:b=null@123']);
    // The magic-1 entry reads back byte for byte as it was produced, at its assigned offset.
    const back = (await fetch(2, 'dc-rt', 2n)).records ?? Buffer.alloc(0);
    const expected = Buffer.from(m1);
    expected.writeBigInt64BE(2n, 0);
    expect(back.equals(expected)).toBe(true);
  });
});

