// `tkafka consumer-groups --describe` on a KIP-848 group (group.protocol=consumer): the built CLI
// against a real broker, the members made with raw ConsumerGroupHeartbeat requests so their epochs
// and assignments are exact. Kafka 4.4's ConsumerGroupCommand prints these columns for such groups
// (test/reference/parity-kip848.test.ts runs them beside Kafka 4.4's tool).
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { BrokerConnection } from '../../src/client/native/connection.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse, type ConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { encodeOffsetCommitRequest, OffsetCommitRequestVersions } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse } from '../../src/protocol/generated/messages/offset-commit-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);
const COMMIT = api(OffsetCommitRequestVersions, encodeOffsetCommitRequest, decodeOffsetCommitResponse);
const TOPIC = 'k848';

let b: TestBroker;
let c: RawClient;
let topicId = '';

function cg(...args: string[]): Promise<CliResult> {
  return runCli(['consumer-groups', '--bootstrap-server', b.bootstrap, ...args]);
}

const hb = (groupId: string, req: Partial<ConsumerGroupHeartbeatRequest>): Promise<ConsumerGroupHeartbeatResponse> =>
  c.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId, ...req });

beforeAll(async () => {
  b = await startTestBroker();
  const kafka = new kafkajs.Kafka({ brokers: [b.bootstrap], logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  // Log ends 2, 2, 1, 1.
  await producer.send({ topic: TOPIC, messages: [0, 1, 2, 3, 0, 1].map((partition) => ({ partition, value: 'v' })) });
  await producer.disconnect();
  c = await RawClient.connect(Number(b.bootstrap.slice(b.bootstrap.lastIndexOf(':') + 1)));

  // Group `rec`: m1 owns all 4 at epoch 2, m2 joined (epoch 3, nothing yet): Reconciling.
  const j = await hb('rec', { memberId: 'm1', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [TOPIC], topicPartitions: [] });
  expect(j).toMatchObject({ errorCode: 0, memberEpoch: 2 });
  topicId = j.assignment?.topicPartitions[0]?.topicId ?? '';
  expect(await hb('rec', { memberId: 'm2', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [TOPIC], topicPartitions: [] })).toMatchObject({ errorCode: 0, memberEpoch: 3 });

  // Group `g`: the same, reconciled: m1 0-1, m2 2-3 at epoch 3 (Stable); m1 commits k848-0 at 1.
  await hb('g', { memberId: 'm1', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [TOPIC], topicPartitions: [] });
  await hb('g', { memberId: 'm2', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [TOPIC], topicPartitions: [] });
  await hb('g', { memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId, partitions: [0, 1, 2, 3] }] });
  expect(await hb('g', { memberId: 'm1', memberEpoch: 2, topicPartitions: [{ topicId, partitions: [0, 1] }] })).toMatchObject({ errorCode: 0, memberEpoch: 3 });
  expect(await hb('g', { memberId: 'm2', memberEpoch: 3, topicPartitions: [] })).toMatchObject({
    errorCode: 0,
    assignment: { topicPartitions: [{ topicId, partitions: [2, 3] }] },
  });
  const committed = await c.call(COMMIT, 9, {
    groupId: 'g',
    generationIdOrMemberEpoch: 3,
    memberId: 'm1',
    groupInstanceId: null,
    retentionTimeMs: -1n,
    topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: '' }] }],
  });
  expect(committed.topics[0]?.partitions[0]?.errorCode).toBe(0);
}, 60_000);

afterAll(async () => {
  c.close();
  await b.dispose();
});

const H_OFFSETS = 'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID';
const H_MEMBERS = 'GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     ';
const H_VERBOSE = `${H_MEMBERS}CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   `;

describe('consumer-groups --describe, KIP-848 groups (Kafka 4.4 columns)', () => {
  it('a Stable group: offsets, members with epochs and target assignments, state with group and target epochs', async () => {
    const coord = `${b.bootstrap}  (1)`.padEnd(25);
    const offsets = await cg('--describe', '--group', 'g');
    expect(offsets).toMatchObject({ exitCode: 0, stderr: '' });
    expect(offsets.stdout).toBe(
      `\n${H_OFFSETS}\n` +
        'g               k848            0          1               2               1               m1              /127.0.0.1      raw-client\n' +
        'g               k848            1          -               2               -               m1              /127.0.0.1      raw-client\n' +
        'g               k848            2          -               1               -               m2              /127.0.0.1      raw-client\n' +
        'g               k848            3          -               1               -               m2              /127.0.0.1      raw-client\n',
    );
    const members = await cg('--describe', '--group', 'g', '--members');
    expect(members).toMatchObject({ exitCode: 0, stderr: '' });
    expect(members.stdout).toBe(
      `\n${H_MEMBERS}\n` + 'g               m1              /127.0.0.1      raw-client      2               \n' + 'g               m2              /127.0.0.1      raw-client      2               \n',
    );
    const verbose = await cg('--describe', '--group', 'g', '--members', '--verbose');
    expect(verbose).toMatchObject({ exitCode: 0, stderr: '' });
    expect(verbose.stdout).toBe(
      `\n${H_VERBOSE}\n` +
        'g               m1              /127.0.0.1      raw-client      2               3               k848:0,1             3               k848:0,1            \n' +
        'g               m2              /127.0.0.1      raw-client      2               3               k848:2,3             3               k848:2,3            \n',
    );
    const state = await cg('--describe', '--group', 'g', '--state');
    expect(state).toMatchObject({ exitCode: 0, stderr: '' });
    expect(state.stdout).toBe(
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS\n' + `g               ${coord} uniform              Stable               2\n`,
    );
    const stateVerbose = await cg('--describe', '--group', 'g', '--state', '--verbose');
    expect(stateVerbose.stdout).toBe(
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS\n' +
        `g               ${coord} uniform              Stable               3               3                         2\n`,
    );
  }, 60_000);

  it('a Reconciling group: the member still holding revoked partitions shows its old epoch and its smaller target', async () => {
    const warning = "\nWarning: Consumer group 'rec' is rebalancing.\n";
    const offsets = await cg('--describe', '--group', 'rec');
    expect(offsets).toMatchObject({ exitCode: 0, stderr: warning });
    expect(offsets.stdout).toBe(
      `\n${H_OFFSETS}\n` +
        'rec             k848            0          -               2               -               m1              /127.0.0.1      raw-client\n' +
        'rec             k848            1          -               2               -               m1              /127.0.0.1      raw-client\n' +
        'rec             k848            2          -               1               -               m1              /127.0.0.1      raw-client\n' +
        'rec             k848            3          -               1               -               m1              /127.0.0.1      raw-client\n',
    );
    const verbose = await cg('--describe', '--group', 'rec', '--members', '--verbose');
    expect(verbose).toMatchObject({ exitCode: 0, stderr: warning });
    expect(verbose.stdout).toBe(
      `\n${H_VERBOSE}\n` +
        'rec             m1              /127.0.0.1      raw-client      4               2               k848:0,1,2,3         3               k848:0,1            \n' +
        'rec             m2              /127.0.0.1      raw-client      0               3               -                    3               k848:2,3            \n',
    );
    const state = await cg('--describe', '--group', 'rec', '--state', '--verbose');
    expect(state).toMatchObject({ exitCode: 0, stderr: warning });
    expect(state.stdout).toBe(
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS\n' +
        `rec             ${`${b.bootstrap}  (1)`.padEnd(25)} uniform              Reconciling          3               3                         2\n`,
    );
  }, 60_000);

  it('-o json carries the epochs and target assignments', async () => {
    const tp = (...ps: number[]): Array<{ topic: string; partition: number }> => ps.map((partition) => ({ topic: TOPIC, partition }));
    const members = await cg('--describe', '--group', 'rec', '--members', '-o', 'json');
    expect(members.exitCode).toBe(0);
    expect(JSON.parse(members.stdout)).toEqual({
      groups: [
        {
          group: 'rec',
          state: 'Reconciling',
          exists: true,
          members: [
            { consumerId: 'm1', groupInstanceId: null, host: '/127.0.0.1', clientId: 'raw-client', partitions: 4, assignment: tp(0, 1, 2, 3), currentEpoch: 2, targetEpoch: 3, targetAssignment: tp(0, 1) },
            { consumerId: 'm2', groupInstanceId: null, host: '/127.0.0.1', clientId: 'raw-client', partitions: 0, assignment: [], currentEpoch: 3, targetEpoch: 3, targetAssignment: tp(2, 3) },
          ],
        },
      ],
    });
    const state = await cg('--describe', '--group', 'g', '--state', '-o', 'json');
    const [host, port] = [b.bootstrap.slice(0, b.bootstrap.lastIndexOf(':')), Number(b.bootstrap.slice(b.bootstrap.lastIndexOf(':') + 1))];
    expect(JSON.parse(state.stdout)).toEqual({
      groups: [{ group: 'g', state: 'Stable', exists: true, coordinator: { id: 1, host, port }, assignmentStrategy: 'uniform', members: 2, groupEpoch: 3, targetAssignmentEpoch: 3 }],
    });
    const offsets = await cg('--describe', '--group', 'g', '-o', 'json');
    const doc = JSON.parse(offsets.stdout) as { groups: Array<{ totalLag: number; partitions: Array<{ partition: number; currentOffset: number | null; consumerId: string }> }> };
    expect(doc.groups[0]?.totalLag).toBe(1);
    expect(doc.groups[0]?.partitions.map((p) => [p.partition, p.currentOffset, p.consumerId])).toEqual([
      [0, 1, 'm1'],
      [1, null, 'm1'],
      [2, null, 'm2'],
      [3, null, 'm2'],
    ]);
  }, 60_000);

  it("asks each coordinator once per API for all its groups, as Kafka's admin batches them", async () => {
    const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'batch-check' });
    const send = vi.spyOn(BrokerConnection.prototype, 'send');
    try {
      const described = await new NativeGroupAdmin(client).describeGroups(['rec', 'g', 'none']);
      expect(described.map((d) => [d.groupId, d.state, d.members.length])).toEqual([
        ['rec', 'Reconciling', 2],
        ['g', 'Stable', 2],
        ['none', 'Dead', 0],
      ]);
      const groupRequests = send.mock.calls.filter(([api]) => api.name === 'ConsumerGroupDescribe' || api.name === 'DescribeGroups').map(([api, req]) => [api.name, req]);
      expect(groupRequests).toEqual([
        ['ConsumerGroupDescribe', { groupIds: ['rec', 'g', 'none'], includeAuthorizedOperations: false }],
        ['DescribeGroups', { groups: ['none'], includeAuthorizedOperations: false }],
      ]);
    } finally {
      send.mockRestore();
      await client.close();
    }
  }, 60_000);
});
