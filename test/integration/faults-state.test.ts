// Fault injection's actions on broker state (a leader move, a forced rebalance, an expired
// transaction, a virtually full disk), each seen by a real client that then recovers.
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { FetchApi } from '../../src/protocol/generated/apis/fetch.js';
import { MetadataApi } from '../../src/protocol/generated/apis/metadata.js';
import { defaultFetchPartition, defaultFetchRequest } from '../../src/protocol/generated/messages/fetch-request.js';
import { defaultMetadataRequest, defaultMetadataRequestTopic } from '../../src/protocol/generated/messages/metadata-request.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);

describe('fault injection: state faults', () => {
  let b: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let raw: RawClient;
  const producers: Producer[] = [];
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'group.min.session.timeout.ms': '1000', 'offsets.topic.num.partitions': '1' } });
    kafka = new Kafka({ clientId: 'faults-state', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 5 } });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: ['moved', 'rebal', 'txn-exp', 'disk'].map((topic) => ({ topic, numPartitions: 1 })) });
    raw = await RawClient.connect(b.running.port);
  });

  afterAll(async () => {
    raw?.close();
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    for (const p of producers) await p.disconnect().catch(() => undefined);
    await admin.disconnect();
    await b.dispose();
  });

  const leaderEpoch = async (topic: string): Promise<number | undefined> => {
    const res = await raw.call(MetadataApi, 12, { ...defaultMetadataRequest(), topics: [{ ...defaultMetadataRequestTopic(), name: topic }] });
    return res.topics[0]?.partitions[0]?.leaderEpoch;
  };
  const fetchAt = async (topic: string, currentLeaderEpoch: number, version = 12): Promise<{ top: number; partition: number | undefined; topic: string | undefined }> => {
    const topicId = b.running.broker.topics.get(topic)?.id ?? '';
    const res = await raw.call(FetchApi, version, {
      ...defaultFetchRequest(),
      maxWaitMs: 0,
      topics: [{ topic: version < 13 ? topic : '', topicId, partitions: [{ ...defaultFetchPartition(), partition: 0, currentLeaderEpoch, partitionMaxBytes: 1 << 20 }] }],
    });
    const t = res.responses[0];
    return { top: res.errorCode, partition: t?.partitions[0]?.errorCode, topic: version < 13 ? t?.topic : t?.topicId === topicId ? topic : t?.topicId };
  };

  it('a leader move: Metadata shows the new epoch, a Fetch with the old one gets FENCED_LEADER_EPOCH, records stay readable', async () => {
    const producer = kafka.producer();
    producers.push(producer);
    await producer.connect();
    await producer.send({ topic: 'moved', messages: [{ value: 'before' }] });
    expect(await leaderEpoch('moved')).toBe(0);
    const moved = b.running.faults.moveLeader('moved', 0);
    expect(moved.result).toEqual({ previousLeaderEpoch: 0, leaderEpoch: 1 });
    expect(await leaderEpoch('moved')).toBe(1);
    expect(await fetchAt('moved', 0)).toEqual({ top: 0, partition: ErrorCode.FENCED_LEADER_EPOCH, topic: 'moved' });
    expect(await fetchAt('moved', 1)).toMatchObject({ top: 0, partition: 0 });
    // Appends from now on are stamped with the new epoch; kafkajs (no epochs) reads on.
    await producer.send({ topic: 'moved', messages: [{ value: 'after' }] });
    expect(b.running.broker.topics.partition('moved', 0)?.log.latestLeaderEpoch()).toBe(1);
    expect(b.logs).toContain(`fault #${moved.id} injected: partition moved-0 leader epoch 0 -> 1`);
  });

  it('an injected Fetch error sits on the partition (with its topic id at v13+), the top-level error stays NONE', async () => {
    const fault = b.running.faults.inject({ type: 'error', api: 'Fetch', error: 'NOT_LEADER_OR_FOLLOWER', count: 2 });
    expect(await fetchAt('moved', -1, 16)).toEqual({ top: 0, partition: ErrorCode.NOT_LEADER_OR_FOLLOWER, topic: 'moved' });
    expect(await fetchAt('moved', -1, 4)).toEqual({ top: 0, partition: ErrorCode.NOT_LEADER_OR_FOLLOWER, topic: 'moved' });
    expect(fault.state).toBe('done');
    expect(await fetchAt('moved', -1, 16)).toMatchObject({ top: 0, partition: 0 });
  });

  it('a forced rebalance: the generation moves on, members rejoin and go on consuming', async () => {
    const producer = kafka.producer();
    producers.push(producer);
    await producer.connect();
    const consumer = kafka.consumer({ groupId: 'rebal-group', maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 100 });
    consumers.push(consumer);
    const generations: number[] = [];
    // kafkajs's GROUP_JOIN event has no generation: the coordinator's at the time of each join.
    consumer.on(consumer.events.GROUP_JOIN, () => generations.push(b.running.broker.groups.membership.group('rebal-group')?.generationId ?? -1));
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'rebal', fromBeginning: true });
    await consumer.run({ eachMessage: ({ message }) => Promise.resolve(void seen.push(message.value?.toString() ?? '')) });
    await producer.send({ topic: 'rebal', messages: [{ value: 'r0' }] });
    await waitFor('the first record', () => seen.length === 1);
    expect(generations).toEqual([1]);
    const forced = b.running.faults.rebalance('rebal-group');
    expect(forced.result).toEqual({ protocol: 'classic', previousGeneration: 1, state: 'PreparingRebalance' });
    await waitFor('the member to rejoin', () => generations.length === 2);
    expect(generations).toEqual([1, 2]);
    expect(b.running.broker.groups.membership.group('rebal-group')?.generationId).toBe(2);
    await producer.send({ topic: 'rebal', messages: [{ value: 'r1' }] });
    await waitFor('the record after the rebalance', () => seen.length === 2);
    expect(seen).toEqual(['r0', 'r1']);
    expect(() => b.running.faults.rebalance('no-such-group')).toThrow('unknown group no-such-group');
  });

  it('a forced rebalance of a consumer (KIP-848) group: the group epoch is bumped and the member moves to it', async () => {
    const hb = (memberEpoch: number, memberId: string, owned: { topicId: string; partitions: number[] }[] | null) =>
      raw.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId: 'g848', memberId, memberEpoch, rebalanceTimeoutMs: 30_000, subscribedTopicNames: memberEpoch === 0 ? ['rebal'] : null, topicPartitions: owned });
    const joined = await hb(0, 'm1', []);
    expect(joined).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 2 });
    const owned = joined.assignment?.topicPartitions ?? [];
    expect(owned.map((t) => t.partitions)).toEqual([[0]]);
    expect(await hb(2, 'm1', owned)).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    const forced = b.running.faults.rebalance('g848');
    expect(forced.result).toEqual({ protocol: 'consumer', previousGroupEpoch: 2, groupEpoch: 3 });
    const next = await hb(2, 'm1', owned);
    expect(next).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 3 });
    expect(b.running.broker.groups.consumer.groups.get('g848')?.groupEpoch).toBe(3);
  });

  it('an expired transaction: aborted, the producer fenced as by transaction.timeout.ms, read_committed sees none of it', async () => {
    const producer = kafka.producer({ transactionalId: 'tx-expire', maxInFlightRequests: 1, idempotent: true, retry: { retries: 1, initialRetryTime: 50 } });
    producers.push(producer);
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'txn-exp', messages: [{ value: 'doomed' }] });
    const expired = b.running.faults.expireTransaction('tx-expire');
    expect(expired.result).toMatchObject({ previousProducerEpoch: 0, producerEpoch: 1 });
    expect(b.running.broker.txn.coordinator.get('tx-expire')?.stateName).toBe('CompleteAbort');
    // kafkajs's EndTxn version learns of the bumped epoch as INVALID_PRODUCER_EPOCH (newer ones: PRODUCER_FENCED).
    await expect(txn.commit()).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH', code: 47 });
    const plain = kafka.producer();
    producers.push(plain);
    await plain.connect();
    await plain.send({ topic: 'txn-exp', messages: [{ value: 'after' }] });
    const consumer = kafka.consumer({ groupId: 'txn-exp-rc', maxWaitTimeInMs: 100, readUncommitted: false });
    consumers.push(consumer);
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'txn-exp', fromBeginning: true });
    await consumer.run({ eachMessage: ({ message }) => Promise.resolve(void seen.push(message.value?.toString() ?? '')) });
    await waitFor('the record after the aborted transaction', () => seen.includes('after'));
    expect(seen).toEqual(['after']);
    expect(() => b.running.faults.expireTransaction('tx-expire')).toThrow('transactional id tx-expire has no ongoing transaction (it is CompleteAbort)');
  });

  it('a virtually full disk: appends fail with KAFKA_STORAGE_ERROR until cleared, then the producer goes on', async () => {
    const producer = kafka.producer({ retry: { retries: 1, initialRetryTime: 50 } });
    producers.push(producer);
    await producer.connect();
    await producer.send({ topic: 'disk', messages: [{ value: 'd0' }] });
    const full = b.running.faults.fillDisk();
    await expect(producer.send({ topic: 'disk', messages: [{ value: 'lost' }] })).rejects.toMatchObject({ name: 'KafkaJSNumberOfRetriesExceeded', cause: { type: 'KAFKA_STORAGE_ERROR' } });
    expect(b.running.faults.list().active.map((f) => [f.id, f.type])).toEqual([[full.id, 'disk-full']]);
    expect(b.running.faults.clear()).toBe(1);
    await producer.send({ topic: 'disk', messages: [{ value: 'd1' }] });
    const [offsets] = await admin.fetchTopicOffsets('disk');
    expect(offsets?.high).toBe('2');
    expect(b.running.faults.list().past.find((f) => f.id === full.id)?.state).toBe('cleared');
  });
});
