// Kafka 4's mixed groups with real clients: the Java client 4.4 (test/peers/java MixedProtocolGroup)
// takes one group from group.protocol=classic to group.protocol=consumer member by member (the
// classic group is upgraded when the first consumer-protocol member joins it) and back (the last
// consumer-protocol member leaving downgrades it). After every step each partition has exactly one
// owner, a batch is read and committed record by record, and the group is described with
// describeConsumerGroups (ConsumerGroupDescribe, DescribeGroups for a classic group) and
// describeClassicGroups (DescribeGroups). The same run against Kafka 4.4 must print the same steps,
// normalised for what this broker's protocol versions cannot carry (see DIFFERENCES).
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { logParity } from './parity-table.js';
import { javaPeersClasspath, runJavaPeer } from './peer-builds.js';
import { okLines, type Json } from './peers.js';

const kafka1 = inject('kafka1');
const RUN = Math.random().toString(36).slice(2, 7);
const TIER = 'KIP-848 mixed classic/consumer groups × tkafka broker';

let broker: TestBroker;
let kafkaAdmin: Admin;
let oursAdmin: Admin;

beforeAll(async () => {
  broker = await startTestBroker();
  kafkaAdmin = new Kafka({ clientId: 'kip848-mixed', brokers: [kafka1.bootstrap], logLevel: logLevel.NOTHING }).admin();
  oursAdmin = new Kafka({ clientId: 'kip848-mixed', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await kafkaAdmin.connect();
  await oursAdmin.connect();
}, 120_000);

afterAll(async () => {
  await kafkaAdmin.disconnect();
  await oursAdmin.disconnect();
  await broker.dispose();
});

/**
 * The steps without timing: a consumer group's state (Stable or Reconciling, by whether its members
 * heartbeated since the last epoch bump) is not compared. And what Kafka 4.4 answers with request versions newer than this broker's (its message specs are Kafka
 * 4.0's): ConsumerGroupDescribe v1 (KIP-1099) tells whether a member uses the consumer protocol
 * (MemberDescription.upgraded), v0 cannot; DescribeGroups v6 (KIP-1043) answers a group that is not
 * classic with GROUP_ID_NOT_FOUND, v0-5 with a Dead group and no error, as Kafka 4.4 does for them.
 */
function normalise(lines: Json[]): unknown[] {
  return lines.map((l) => {
    const described = l['described'] as Json | undefined;
    if (described === undefined) return l;
    const members = (described['members'] as Json[]).map((m) => ({ ...m, upgraded: undefined }));
    const classic = l['classic'] as Json;
    const notClassic = classic['error'] === 'GroupIdNotFoundException' || classic['state'] === 'Dead';
    // Stable or Reconciling depends on whether a member heartbeated since the last epoch bump.
    const state = described['type'] === 'Consumer' ? 'Stable or Reconciling' : described['state'];
    // Which client holds which range depends on the members' random ids (the range assignor sorts
    // by them, on both brokers): compare the shares, the owners' names are checked above per step.
    const owned = l['owned'] === undefined ? undefined : shares(l['owned'] as Json);
    return { ...l, owned, described: { ...described, state, members }, classic: notClassic ? 'not a classic group' : classic };
  });
}

/** Partitions per member, sorted (which member holds which partitions depends on member ids). */
const shares = (owned: Json): number[][] => Object.values(owned as Record<string, number[]>).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

describe('Java client 4.4: rolling upgrade classic → consumer and back in one group', () => {
  let cp: string;
  beforeAll(async () => {
    cp = await javaPeersClasspath('4.4.0');
  }, 600_000);

  it('every step covers each partition exactly once, every record is read once and committed, the group is described as Kafka 4.4 describes it', async () => {
    const scenario = 'Java 4.4: classic c1,c2 → n1 upgrades → n2 → c3 joins the consumer group → n2 leaves, downgrade → c4';
    const topic = `mixed-${RUN}`;
    const group = `${topic}-g`;
    const outputs: Json[][] = [];
    try {
      for (const [admin, bootstrap] of [
        [oursAdmin, broker.bootstrap],
        [kafkaAdmin, kafka1.bootstrap],
      ] as const) {
        await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
        const r = await runJavaPeer(cp, 'MixedProtocolGroup', [bootstrap, group, topic, '4', '8'], 240_000);
        const lines = okLines(r, `MixedProtocolGroup on ${bootstrap}`);
        expect(lines.filter((l) => l['commit-failed'] !== undefined)).toEqual([]);
        outputs.push(lines);
      }
      const [ours, theirs] = outputs as [Json[], Json[]];
      const steps = ours.filter((l) => l['step'] !== undefined);
      expect(steps.map((l) => [l['step'], Object.keys(l['owned'] as Json), shares(l['owned'] as Json).map((s) => s.length)])).toEqual([
        ['classic', ['c1', 'c2'], [2, 2]],
        ['upgraded', ['c2', 'n1'], [2, 2]],
        ['all-consumer', ['n1', 'n2'], [2, 2]],
        ['classic-back', ['c3', 'n2'], [2, 2]],
        ['downgraded', ['c3'], [4]],
        ['classic-again', ['c3', 'c4'], [2, 2]],
      ]);
      // Which kind of group each step sees, and with which members.
      expect(steps.map((l) => [(l['described'] as Json)['type'], ((l['described'] as Json)['members'] as Json[]).map((m) => m['clientId'])])).toEqual([
        ['Classic', ['c1', 'c2']],
        ['Consumer', ['c2', 'n1']],
        ['Consumer', ['n1', 'n2']],
        ['Consumer', ['c3', 'n2']],
        ['Classic', ['c3']],
        ['Classic', ['c3', 'c4']],
      ]);
      expect(ours.at(-1)).toEqual({ done: 48, unique: 48, duplicates: 0, commitFailures: 0, committed: { '0': 12, '1': 12, '2': 12, '3': 12 } });
      expect(normalise(theirs)).toEqual(normalise(ours));
      logParity({
        tier: TIER,
        scenario,
        result: 'normalised-identical',
        why: 'ConsumerGroupDescribe v1 (member type: upgraded) and DescribeGroups v6 (GROUP_ID_NOT_FOUND for a consumer group) are newer than this broker serves',
      });
    } catch (err) {
      logParity({ tier: TIER, scenario, result: 'differs', why: (err as Error).message.split('\n')[0] ?? '' });
      throw err;
    }
  }, 600_000);
});
