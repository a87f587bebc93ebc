import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteRecordsApi } from '../../src/protocol/generated/apis/delete-records.js';
import { DescribeClusterApi } from '../../src/protocol/generated/apis/describe-cluster.js';
import { DescribeLogDirsApi } from '../../src/protocol/generated/apis/describe-log-dirs.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';
import { WireClient, wireApi } from './admin-wire.js';

const DeleteRecords = wireApi(DeleteRecordsApi);
const DescribeCluster = wireApi(DescribeClusterApi);
const DescribeLogDirs = wireApi(DescribeLogDirsApi);

const T0 = 1_700_000_000_000;

describe('admin record, cluster and log dir APIs', () => {
  let b: TestBroker;
  let admin: Admin;
  let producer: Producer;
  let wire: WireClient;

  /** Ten records at T0, T0+1s, ... in one batch, in a new one-partition topic (each test that deletes records has its own). */
  async function tenRecords(topic: string): Promise<void> {
    if (topic !== 'records') await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, timestamp: String(T0 + i * 1000) })),
    });
  }

  beforeAll(async () => {
    b = await startTestBroker();
    const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'admin-records', logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await Promise.all([admin.connect(), producer.connect()]);
    wire = await WireClient.connect(b.running.port);
    await admin.createTopics({
      topics: [
        { topic: 'records', numPartitions: 1 },
        { topic: 'two', numPartitions: 2 },
        { topic: 'compact-only', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    await tenRecords('records');
    await producer.send({ topic: 'compact-only', messages: [{ key: 'a', value: '1' }] });
  });
  afterAll(async () => {
    wire.close();
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await b.dispose();
  });

  it('lists offsets and finds offsets by timestamp', async () => {
    expect(await admin.fetchTopicOffsets('records')).toEqual([{ partition: 0, offset: '10', high: '10', low: '0' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('records', T0 + 3500)).toEqual([{ partition: 0, offset: '4' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('records', T0)).toEqual([{ partition: 0, offset: '0' }]);
    // Past the last record kafkajs falls back to the high watermark.
    expect(await admin.fetchTopicOffsetsByTimestamp('records', T0 + 60_000)).toEqual([{ partition: 0, offset: '10' }]);
  });

  it('deletes records with kafkajs: the low watermark moves and reads start there', async () => {
    await tenRecords('deleted');
    // kafkajs finds the leader in metadata it already has: fetchTopicOffsets loads it.
    expect(await admin.fetchTopicOffsets('deleted')).toEqual([{ partition: 0, offset: '10', high: '10', low: '0' }]);
    await admin.deleteTopicRecords({ topic: 'deleted', partitions: [{ partition: 0, offset: '4' }] });
    expect(await admin.fetchTopicOffsets('deleted')).toEqual([{ partition: 0, offset: '10', high: '10', low: '4' }]);
    const c = await kcat(['-b', b.bootstrap, '-t', 'deleted', '-C', '-o', 'beginning', '-e', '-q', '-f', '%o:%k:%s\n']);
    expect(c).toMatchObject({ exitCode: 0, stdout: '4:k4:v4\n5:k5:v5\n6:k6:v6\n7:k7:v7\n8:k8:v8\n9:k9:v9\n' });
    expect(await admin.fetchTopicOffsetsByTimestamp('deleted', T0)).toEqual([{ partition: 0, offset: '4' }]);
  });

  it('answers DeleteRecords per partition with Kafka\'s codes and low watermarks', async () => {
    await tenRecords('dr-wire');
    const to4 = await wire.request(DeleteRecords, 2, { timeoutMs: 1000, topics: [{ name: 'dr-wire', partitions: [{ partitionIndex: 0, offset: 4n }] }] });
    expect(to4.topics[0]?.partitions).toEqual([{ partitionIndex: 0, lowWatermark: 4n, errorCode: 0 }]);
    const res = await wire.request(DeleteRecords, 2, {
      timeoutMs: 1000,
      topics: [
        {
          name: 'dr-wire',
          partitions: [
            { partitionIndex: 0, offset: 2n }, // below the low watermark: nothing to do
            { partitionIndex: 1, offset: 0n },
          ],
        },
        { name: 'missing', partitions: [{ partitionIndex: 0, offset: 0n }] },
        { name: 'compact-only', partitions: [{ partitionIndex: 0, offset: 1n }] },
        { name: 'two', partitions: [{ partitionIndex: 0, offset: 1n }, { partitionIndex: 1, offset: -7n }] },
      ],
    });
    expect(res.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.lowWatermark, p.errorCode])])).toEqual([
      ['dr-wire', [[0, 4n, 0], [1, -1n, 3]]],
      ['missing', [[0, -1n, 3]]],
      ['compact-only', [[0, -1n, 44]]],
      ['two', [[0, -1n, 1], [1, -1n, 1]]], // empty partition: offset 1 is past the high watermark 0
    ]);
    const beyond = await wire.request(DeleteRecords, 0, { timeoutMs: 1000, topics: [{ name: 'dr-wire', partitions: [{ partitionIndex: 0, offset: 11n }] }] });
    expect(beyond.topics[0]?.partitions).toEqual([{ partitionIndex: 0, lowWatermark: -1n, errorCode: 1 }]);
    // -1 means "up to the high watermark".
    const all = await wire.request(DeleteRecords, 1, { timeoutMs: 1000, topics: [{ name: 'dr-wire', partitions: [{ partitionIndex: 0, offset: -1n }] }] });
    expect(all.topics[0]?.partitions).toEqual([{ partitionIndex: 0, lowWatermark: 10n, errorCode: 0 }]);
    expect(await admin.fetchTopicOffsets('dr-wire')).toEqual([{ partition: 0, offset: '10', high: '10', low: '10' }]);
  });

  it('describes the cluster through kafkajs (metadata) and DescribeCluster v0/v1', async () => {
    const { port } = b.running;
    const clusterId = b.running.broker.clusterId;
    expect(await admin.describeCluster()).toEqual({ brokers: [{ nodeId: 1, host: '127.0.0.1', port }], controller: 1, clusterId });
    const v0 = await wire.request(DescribeCluster, 0, { includeClusterAuthorizedOperations: false, endpointType: 1 });
    expect(v0).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      endpointType: 1,
      clusterId,
      controllerId: 1,
      brokers: [{ brokerId: 1, host: '127.0.0.1', port, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    });
    const v1 = await wire.request(DescribeCluster, 1, { includeClusterAuthorizedOperations: true, endpointType: 1 });
    // CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE
    expect(v1).toMatchObject({ errorCode: 0, endpointType: 1, controllerId: 1, clusterAuthorizedOperations: 0b1_1111_1010_0000 });
    const controller = await wire.request(DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType: 2 });
    expect([controller.errorCode, controller.errorMessage, controller.brokers]).toEqual([
      114,
      'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER',
      [],
    ]);
    const unknown = await wire.request(DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType: 9 });
    expect([unknown.errorCode, unknown.errorMessage]).toEqual([115, 'Unsupported endpoint type 9']);
  });

  it('describes the one log dir with partition sizes and (v4) file system space', async () => {
    const logDir = fs.realpathSync(b.dataDir);
    const size = (dir: string): bigint =>
      BigInt(fs.readdirSync(path.join(logDir, dir)).filter((f) => f.endsWith('.log')).reduce((n, f) => n + fs.statSync(path.join(logDir, dir, f)).size, 0));
    const v4 = await wire.request(DescribeLogDirs, 4, { topics: null });
    expect(v4.errorCode).toBe(0);
    expect(v4.results).toHaveLength(1);
    const dir = v4.results[0];
    expect(dir?.errorCode).toBe(0);
    expect(dir?.logDir).toBe(logDir);
    const st = fs.statfsSync(logDir, { bigint: true });
    expect(dir?.totalBytes).toBe(st.blocks * st.bsize);
    expect(dir?.usableBytes).toBeGreaterThan(0n);
    expect(dir?.usableBytes).toBeLessThanOrEqual(dir?.totalBytes ?? 0n);
    // The topics made in beforeAll (other tests add their own, in whatever order they ran).
    const mine = new Set(['compact-only', 'records', 'two']);
    const topics = Object.fromEntries(
      (dir?.topics ?? []).filter((t) => mine.has(t.name)).map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.partitionSize, p.offsetLag, p.isFutureKey])]),
    );
    expect(size('records-0')).toBeGreaterThan(0n);
    expect(topics).toEqual({
      'compact-only': [[0, size('compact-only-0'), 0n, false]],
      records: [[0, size('records-0'), 0n, false]],
      two: [
        [0, 0n, 0n, false],
        [1, 0n, 0n, false],
      ],
    });

    // Filtered: every topic is listed, with only the requested partitions (as Kafka does).
    const v1 = await wire.request(DescribeLogDirs, 1, { topics: [{ topic: 'two', partitions: [1] }] });
    expect(v1.results[0]?.totalBytes).toBe(-1n); // not in v1
    const listed = v1.results[0]?.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)]);
    expect(listed?.map(([name]) => name)).toEqual(dir?.topics.map((t) => t.name));
    expect(listed?.filter(([name]) => mine.has(name as string))).toEqual([
      ['compact-only', []],
      ['records', []],
      ['two', [1]],
    ]);
    expect(listed?.filter(([name]) => name !== 'two').every(([, partitions]) => (partitions as number[]).length === 0)).toBe(true);
  });
});
