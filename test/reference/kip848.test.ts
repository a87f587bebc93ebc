// KIP-848 consumer groups (group.protocol=consumer) with real clients: Kafka's Java client 4.4
// (test/peers/java ConsumerProtocolGroup) and librdkafka through confluent-kafka from PyPI
// (test/peers/python peer.py kip848). Each peer runs two consumers in one group (join, split, consume
// and commit, describe, one leaves, the other takes everything back) against tkafka, and the same run
// against the tier's Apache Kafka 4.4 must print the same steps.
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { javaPeersClasspath, runJavaPeer } from './peer-builds.js';
import { PYTHON_PEERS, venvPython } from './python-venv.js';
import { okLines, runProcess, scenarioLogger, type Json } from './peers.js';

const kafka1 = inject('kafka1');
const RUN = Math.random().toString(36).slice(2, 7);
const scenario = scenarioLogger('KIP-848 consumer groups × tkafka broker');

let broker: TestBroker;
let kafkaAdmin: Admin;
let oursAdmin: Admin;

async function seed(admin: Admin, bootstrap: string, topic: string, partitions: number, perPartition: number): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  const producer = new Kafka({ clientId: 'kip848-seed', brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  for (let p = 0; p < partitions; p++) {
    await producer.send({ topic, messages: Array.from({ length: perPartition }, (_, i) => ({ key: `k${p}-${i}`, value: `v${p}-${i}`, partition: p })) });
  }
  await producer.disconnect();
}

/** The peer's step lines, without the per-record lines (their interleaving depends on timing). */
function steps(lines: Json[]): Json[] {
  return lines.filter((l) => l['step'] !== undefined);
}

/** The steps with each split of partitions as a sorted list of halves, whoever holds which. */
function splitOnly(lines: Json[]): unknown[] {
  const halves = (xs: unknown[]): string[] => xs.map((x) => JSON.stringify(x)).sort();
  return lines.map((l) => {
    if (l['step'] === 'both') return { step: 'both', halves: halves([l['first'], l['second']]) };
    const group = l['group'] as Json | undefined;
    if (group === undefined) return l;
    const members = group['members'] as Json[];
    return { ...l, group: { ...group, members: halves(members.map((m) => ({ ...m, clientId: undefined }))) } };
  });
}

beforeAll(async () => {
  broker = await startTestBroker();
  kafkaAdmin = new Kafka({ clientId: 'kip848', brokers: [kafka1.bootstrap], logLevel: logLevel.NOTHING }).admin();
  oursAdmin = new Kafka({ clientId: 'kip848', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await kafkaAdmin.connect();
  await oursAdmin.connect();
}, 120_000);

afterAll(async () => {
  await kafkaAdmin.disconnect();
  await oursAdmin.disconnect();
  await broker.dispose();
});

const EXPECTED_JAVA = (assignor: string): Json[] => [
  { step: 'first-alone', first: [0, 1, 2, 3] },
  { step: 'both', first: [0, 1], second: [2, 3] },
  {
    step: 'described',
    group: {
      state: 'Stable',
      type: 'Consumer',
      assignor,
      groupEpoch: 3,
      members: [
        { clientId: 'first', host: '/127.0.0.1', assignment: [0, 1], memberEpoch: 3 },
        { clientId: 'second', host: '/127.0.0.1', assignment: [2, 3], memberEpoch: 3 },
      ],
    },
  },
  { step: 'second-left', first: [0, 1, 2, 3] },
  // Without members no assignor is preferred: Kafka reports its default, uniform.
  { step: 'done', read: 20, committed: { '0': 5, '1': 5, '2': 5, '3': 5 }, group: { state: 'Empty', type: 'Consumer', assignor: 'uniform', groupEpoch: 5, members: [] } },
];

describe('Java client 4.4 with group.protocol=consumer', () => {
  let cp: string;
  beforeAll(async () => {
    cp = await javaPeersClasspath('4.4.0');
  }, 600_000);

  for (const assignor of ['uniform', 'range']) {
    it(`two consumers (${assignor}): rebalance on join and leave, exact assignments, commits, describeConsumerGroups — as Kafka 4.4`, async () => {
      await scenario(`Java 4.4: KIP-848 group, ${assignor} assignor, join/leave/commit/describe`, async () => {
        const topic = `kip848-${RUN}-java-${assignor}`;
        const group = `${topic}-g`;
        const outputs: Json[][] = [];
        for (const [admin, bootstrap] of [
          [oursAdmin, broker.bootstrap],
          [kafkaAdmin, kafka1.bootstrap],
        ] as const) {
          await seed(admin, bootstrap, topic, 4, 5);
          const r = await runJavaPeer(cp, 'ConsumerProtocolGroup', [bootstrap, group, topic, '4', '20', assignor], 120_000);
          const lines = okLines(r, `ConsumerProtocolGroup on ${bootstrap}`);
          const records = lines.filter((l) => l['record'] !== undefined);
          expect(records).toHaveLength(20);
          expect(new Set(records.map((l) => `${(l['record'] as Json)['partition'] as number}:${(l['record'] as Json)['offset'] as number}`)).size).toBe(20);
          outputs.push(steps(lines));
        }
        expect(outputs[0]).toEqual(EXPECTED_JAVA(assignor));
        // Which member gets which half can differ on Kafka (its member ids are random): compare the halves.
        expect(splitOnly(outputs[1] ?? [])).toEqual(splitOnly(outputs[0] ?? []));
        const offsets = await oursAdmin.fetchOffsets({ groupId: group, topics: [topic] });
        expect(offsets[0]?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
          [0, '5'],
          [1, '5'],
          [2, '5'],
          [3, '5'],
        ]);
      });
    }, 300_000);
  }
});

describe('librdkafka (confluent-kafka from PyPI) with group.protocol=consumer', () => {
  let python: string;
  beforeAll(async () => {
    python = await venvPython('requirements.txt');
  }, 600_000);

  it('two consumers: rebalance on join and leave, exact assignments, commits, describe — as Kafka 4.4', async () => {
    await scenario('librdkafka (confluent-kafka): KIP-848 group join/leave/commit/describe', async () => {
      const topic = `kip848-${RUN}-py`;
      const group = `${topic}-g`;
      const outputs: Json[][] = [];
      for (const [admin, bootstrap] of [
        [oursAdmin, broker.bootstrap],
        [kafkaAdmin, kafka1.bootstrap],
      ] as const) {
        await seed(admin, bootstrap, topic, 4, 5);
        const r = await runProcess(python, [path.join(PYTHON_PEERS, 'peer.py'), 'kip848', bootstrap, group, topic, '4', '20'], { timeoutMs: 120_000 });
        const lines = okLines(r, `peer.py kip848 on ${bootstrap}`);
        expect(lines.filter((l) => l['record'] !== undefined)).toHaveLength(20);
        outputs.push(steps(lines));
      }
      expect(outputs[0]).toEqual([
        { step: 'first-alone', first: [0, 1, 2, 3] },
        { step: 'both', first: [0, 1], second: [2, 3] },
        {
          step: 'described',
          state: 'STABLE',
          type: 'CONSUMER',
          members: [
            { client_id: 'first', assignment: [0, 1] },
            { client_id: 'second', assignment: [2, 3] },
          ],
        },
        { step: 'second-left', first: [0, 1, 2, 3] },
        { step: 'done', read: 20, committed: { '0': 5, '1': 5, '2': 5, '3': 5 } },
      ]);
      expect(outputs[1]).toEqual(outputs[0]);
    });
  }, 300_000);
});
