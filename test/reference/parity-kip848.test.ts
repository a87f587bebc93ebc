// tkafka consumer-groups --describe side by side with Kafka 4.4's ConsumerGroupCommand on a KIP-848
// group (group.protocol=consumer) of Apache Kafka's single node. Each side has its own group
// (`k848-k`, `k848-t`) made the same way: two members driven by raw ConsumerGroupHeartbeat requests
// until reconciled (2 partitions each, epoch 3), m1 committing partition 0 at 1, heartbeats going on.
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { encodeOffsetCommitRequest, OffsetCommitRequestVersions } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse } from '../../src/protocol/generated/messages/offset-commit-response.js';
import { waitFor } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';
import { expectParity, norm, type Scenario } from './parity.js';

const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);
const COMMIT = api(OffsetCommitRequestVersions, encodeOffsetCommitRequest, decodeOffsetCommitResponse);
const kafka1 = inject('kafka1');
const TIER = 'consumer-groups vs ConsumerGroupCommand (KIP-848 group, Kafka 1 node)';
const TOPIC = 'k848';
const bs = kafka1.bootstrap;

interface Member {
  group: string;
  id: string;
  epoch: number;
  owned: Array<{ topicId: string; partitions: number[] }>;
}

let c: RawClient | undefined;
let timer: NodeJS.Timeout | undefined;
const members: Member[] = [];

async function heartbeat(m: Member): Promise<void> {
  const req: Partial<ConsumerGroupHeartbeatRequest> = { memberId: m.id, memberEpoch: m.epoch, topicPartitions: m.owned };
  if (m.epoch === 0) Object.assign(req, { rebalanceTimeoutMs: 30_000, subscribedTopicNames: [TOPIC] });
  if (c === undefined) return;
  const r = await c.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId: m.group, ...req });
  if (r.errorCode !== 0) return;
  m.epoch = r.memberEpoch;
  if (r.assignment !== null) m.owned = r.assignment.topicPartitions;
}

const count = (m: Member): number => m.owned.reduce((n, t) => n + t.partitions.length, 0);

beforeAll(async () => {
  const kafka = new kafkajs.Kafka({ brokers: [bs], logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
  // FindCoordinator makes Kafka create __consumer_offsets; until then heartbeats get NOT_COORDINATOR.
  // Its answer does not matter (NOT_COORDINATOR while the topic is made); the heartbeats below retry.
  for (const side of ['k', 't']) await admin.fetchOffsets({ groupId: `k848-${side}`, topics: [TOPIC] }).catch(() => undefined);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: [0, 1, 2, 3, 0, 1].map((partition) => ({ partition, value: 'v' })) });
  await producer.disconnect();
  c = await RawClient.connect(Number(bs.slice(bs.lastIndexOf(':') + 1)));
  for (const side of ['k', 't']) for (const id of ['m1', 'm2']) members.push({ group: `k848-${side}`, id, epoch: 0, owned: [] });
  // Kafka assigns asynchronously: heartbeat until every member holds its 2 partitions.
  await waitFor(
    'every member holding 2 partitions',
    async () => {
      for (const m of members) await heartbeat(m);
      return members.every((m) => count(m) === 2);
    },
    30_000,
    500,
  );
  for (const m of members.filter((x) => x.id === 'm1')) {
    const r = await c.call(COMMIT, 9, {
      groupId: m.group,
      generationIdOrMemberEpoch: m.epoch,
      memberId: m.id,
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: '' }] }],
    });
    expect(r.topics[0]?.partitions[0]?.errorCode).toBe(0);
  }
  timer = setInterval(() => void Promise.all(members.map(heartbeat)).catch(() => undefined), 2000);
}, 60_000);

afterAll(() => {
  if (timer !== undefined) clearInterval(timer);
  c?.close();
});

function scenario(name: string, args: string[]): Scenario {
  return { tier: TIER, tool: 'consumer-groups', name, args: (n) => ['--bootstrap-server', bs, '--describe', '--group', n('k848'), ...args], normalise: norm.members };
}

describe('consumer-groups --describe on a KIP-848 group, side by side with Kafka 4.4', () => {
  for (const [name, args] of [
    ['offsets', []],
    ['members', ['--members']],
    ['members verbose (epochs, target assignments)', ['--members', '--verbose']],
    ['state', ['--state']],
    ['state verbose (group and target assignment epochs)', ['--state', '--verbose']],
  ] as const) {
    it(name, async () => {
      const r = await expectParity(kafka1, scenario(`--describe ${name} (KIP-848)`, [...args]));
      expect(r.row.result).not.toBe('differs');
      expect(r.kafka.exitCode).toBe(0);
      expect(r.ours.stdout).toContain('k848-t ');
    }, 90_000);
  }
});
