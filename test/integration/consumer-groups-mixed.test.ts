// Kafka 4's mixed groups over the wire: kafkajs consumers (the classic protocol) form a group, a
// member on the consumer protocol (raw ConsumerGroupHeartbeat) joins and the group is upgraded; the
// kafkajs consumers are told to rejoin and get their share of the broker's assignment through
// SyncGroup, every partition with exactly one owner. When the consumer-protocol member leaves, the
// group is a classic group again, the kafkajs consumers rebalance and read every record once.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConsumerGroupDescribeRequestVersions,
  encodeConsumerGroupDescribeRequest,
} from '../../src/protocol/generated/messages/consumer-group-describe-request.js';
import { decodeConsumerGroupDescribeResponse } from '../../src/protocol/generated/messages/consumer-group-describe-response.js';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse, type ConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);
const DESCRIBE = api(ConsumerGroupDescribeRequestVersions, encodeConsumerGroupDescribeRequest, decodeConsumerGroupDescribeResponse);

const TOPIC = 'mixed';
const GROUP = 'mixed-g';
let broker: TestBroker | undefined;
const consumers: Consumer[] = [];

afterAll(async () => {
  for (const c of consumers) await c.disconnect();
  await broker?.dispose();
});

describe('a kafkajs (classic) group upgraded by a consumer-protocol member and downgraded when it leaves', () => {
  it('keeps every partition with exactly one owner and reads every record once', async () => {
    broker = await startTestBroker();
    const kafka = new Kafka({ clientId: 'mixed', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
    const producer = kafka.producer();
    await producer.connect();
    const produce = async (batch: string): Promise<void> => {
      for (let p = 0; p < 4; p++) await producer.send({ topic: TOPIC, messages: [0, 1].map((i) => ({ value: `${batch}-${p}-${i}`, partition: p })) });
    };

    // Two kafkajs consumers; each one's latest assignment and what they read.
    const owned = new Map<string, number[]>();
    const read: string[] = [];
    for (const name of ['k1', 'k2']) {
      const c = new Kafka({ clientId: name, brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).consumer({
        groupId: GROUP,
        sessionTimeout: 10_000,
        rebalanceTimeout: 10_000,
        heartbeatInterval: 200,
      });
      consumers.push(c);
      c.on(c.events.GROUP_JOIN, (e) => owned.set(name, (e.payload.memberAssignment[TOPIC] ?? []).slice().sort()));
      await c.connect();
      await c.subscribe({ topic: TOPIC, fromBeginning: true });
      await c.run({
        eachMessage: ({ message, partition }) => {
          read.push(`${partition}:${message.offset}`);
          return Promise.resolve();
        },
      });
    }
    const kafkajsOwned = (): number[] => [...owned.values()].flat().sort();
    await waitFor('the kafkajs consumers to split the partitions', () => owned.size === 2 && [...owned.values()].every((o) => o.length === 2) && kafkajsOwned().join() === '0,1,2,3', 30_000);
    await produce('a');
    await waitFor('the first batch to be read', () => read.length === 8, 30_000);

    // A consumer-protocol member joins: the classic group becomes a consumer group with three members.
    const raw = await RawClient.connect(broker.running.port);
    const hb = (req: Partial<ConsumerGroupHeartbeatRequest>): Promise<ConsumerGroupHeartbeatResponse> =>
      raw.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId: GROUP, memberId: 'n1', ...req });
    const joined = await hb({ memberEpoch: 0, rebalanceTimeoutMs: 10_000, subscribedTopicNames: [TOPIC], topicPartitions: [] });
    expect(joined.errorCode).toBe(0);
    const described = await raw.call(DESCRIBE, 0, { groupIds: [GROUP], includeAuthorizedOperations: false });
    expect(described.groups[0]?.members.map((m) => m.clientId).sort()).toEqual(['k1', 'k2', 'raw-client']);
    // The kafkajs members rejoin (their heartbeats say REBALANCE_IN_PROGRESS) and revoke; n1 heartbeats until it has its share.
    let epoch = joined.memberEpoch;
    let mine: number[] = [];
    await waitFor(
      'every partition to have exactly one owner across the classic and the consumer-protocol members',
      async () => {
        const topicId = described.groups[0]?.members[0]?.targetAssignment.topicPartitions[0]?.topicId ?? '';
        const r = await hb({ memberEpoch: epoch, topicPartitions: mine.length === 0 ? [] : [{ topicId, partitions: mine }] });
        if (r.errorCode !== 0) throw new Error(`heartbeat error ${r.errorCode}`);
        epoch = r.memberEpoch;
        if (r.assignment !== null) mine = r.assignment.topicPartitions.flatMap((t) => t.partitions).sort();
        const all = [...kafkajsOwned(), ...mine].sort();
        return mine.length > 0 && [...owned.values()].every((o) => o.length > 0) && all.join() === '0,1,2,3';
      },
      30_000,
      100,
    );
    const group = (await raw.call(DESCRIBE, 0, { groupIds: [GROUP], includeAuthorizedOperations: false })).groups[0];
    expect(group?.members.flatMap((m) => m.assignment.topicPartitions.flatMap((t) => t.partitions)).sort()).toEqual([0, 1, 2, 3]);

    // n1 leaves: the last consumer-protocol member, so the group is classic again and rebalances.
    expect((await hb({ memberEpoch: -1 })).errorCode).toBe(0);
    raw.close();
    expect((await admin.listGroups()).groups).toEqual([{ groupId: GROUP, protocolType: 'consumer' }]);
    await waitFor('the kafkajs consumers to split the partitions again', async () => {
      const d = (await admin.describeGroups([GROUP])).groups[0];
      return d?.state === 'Stable' && d.members.length === 2 && kafkajsOwned().join() === '0,1,2,3';
    }, 30_000, 100);
    await produce('b');
    await waitFor('the second batch to be read', () => read.length === 16, 30_000);
    expect(new Set(read).size).toBe(16);
    await producer.disconnect();
    await admin.disconnect();
  }, 120_000);
});
