// tkafka streams-application-reset next to Kafka 4.4's own StreamsResetter class, on Apache Kafka
// (one node) and on our broker: the same application state (input, intermediate, internal and
// unrelated topics, the group's standalone commits), the same arguments, compared byte for byte.
// Dry runs share one state; each real run gets the state seeded again (internal topics re-created,
// commits re-made) before each side, and the committed offsets and topics after it are compared too.
// Kafka follows an `ERROR: <exception>` line with the stack trace: its stderr is compared by its
// ERROR lines (tkafka prints those lines only). Bad flag values are usage errors in tkafka (exit 2,
// before connecting); Kafka reports them while resetting (exit 1): rows say so.
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { GroupMember } from '../../src/client/native/group-member.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import fs from 'node:fs';
import path from 'node:path';
import { runKafkaTool } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const runDir = inject('refRunDir');
const RESETTER = 'org.apache.kafka.tools.StreamsResetter';
const TIER = 'streams-application-reset vs StreamsResetter (Kafka 4.4)';
/** Record i of a partition has timestamp BASE + i s. */
const BASE = Date.UTC(2024, 0, 1);

let broker: TestBroker;

interface Side {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Kafka's stderr: its `ERROR: ` lines, without the stack traces and log4j lines. */
const errorLines = (s: string): string =>
  s
    .split('\n')
    .filter((l) => l.startsWith('ERROR: '))
    .map((l) => `${l}\n`)
    .join('');

async function kafkaSide(bs: string, args: readonly string[]): Promise<Side> {
  const r = await runKafkaTool(kafka1, RESETTER, ['--bootstrap-server', bs, ...args], { timeoutMs: 90_000 });
  return { stdout: r.stdout, stderr: errorLines(r.stderr), exitCode: r.exitCode };
}

async function tkafkaSide(bs: string, args: readonly string[]): Promise<Side> {
  const r = await runCli(['streams-application-reset', '--bootstrap-server', bs, ...args], { timeoutMs: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

async function withAdmin<T>(bs: string, fn: (admin: NativeGroupAdmin, client: NativeClient) => Promise<T>): Promise<T> {
  const client = await NativeClient.connect({ brokers: [bs], clientId: 'parity-sar' });
  try {
    return await fn(new NativeGroupAdmin(client), client);
  } finally {
    await client.close();
  }
}

/** One application's topics and commits on one cluster. */
class App {
  readonly bs: string;
  readonly id: string;
  readonly input: string;
  readonly mid: string;
  readonly internal: string[];
  constructor(bs: string, tag: string) {
    this.bs = bs;
    this.id = `${tag}-app`;
    this.input = `${tag}-in`;
    this.mid = `${tag}-mid`;
    this.internal = [`${this.id}-counts-changelog`, `${this.id}-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition`, `${this.id}-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000009-topic`];
  }

  async create(topic: string, partitions: number): Promise<void> {
    // A topic deleted a moment ago may still be on its way out of Kafka's metadata. The records
    // carry 2024 timestamps: without retention.ms=-1 a retention check (Kafka's every 5 min) would
    // delete them in the middle of the run.
    await waitFor(`topic ${topic} created`, async () => {
      const r = await runCli(['topics', '--bootstrap-server', this.bs, '--create', '--if-not-exists', '--topic', topic, '--partitions', String(partitions), '--config', 'retention.ms=-1']);
      return r.exitCode === 0;
    }, 30_000, 500);
  }

  /** Topics and records: input 6/3/0 records over 3 partitions, intermediate 3/0, the extra topics. */
  async setup(): Promise<void> {
    await this.create(this.input, 3);
    await this.create(this.mid, 2);
    await this.create(`${this.id}-notes`, 1);
    await this.create(`${this.id}-other-changelog-x`, 1);
    const producer = new kafkajs.Kafka({ brokers: [this.bs], clientId: 'parity-sar', logLevel: kafkajs.logLevel.NOTHING }).producer();
    await producer.connect();
    const records = (partition: number, n: number): Array<{ partition: number; value: string; timestamp: string }> =>
      Array.from({ length: n }, (_, i) => ({ partition, value: `v${i}`, timestamp: String(BASE + i * 1000) }));
    await producer.send({ topic: this.input, acks: -1, messages: [...records(0, 6), ...records(1, 3)] });
    await producer.send({ topic: this.mid, acks: -1, messages: records(0, 3) });
    await producer.disconnect();
    await this.seed();
  }

  /** The internal topics (again) and the group's commits: input [4,2,-], intermediate [1,0]. */
  async seed(): Promise<void> {
    for (const t of this.internal) await this.create(t, 1);
    await withAdmin(this.bs, async (admin) => {
      const offsets: Array<[string, number, number]> = [
        [this.input, 0, 4],
        [this.input, 1, 2],
        [this.mid, 0, 1],
        [this.mid, 1, 0],
      ];
      const results = await admin.commitOffsets(
        this.id,
        offsets.map(([topic, partition, offset]) => ({ topic, partition, offset: BigInt(offset) })),
      );
      expect(results.every((r) => r.errorCode === 0)).toBe(true);
    });
  }

  /** Committed offsets and the application's topics that exist, for comparing the state a run left. */
  async state(): Promise<{ committed: string[]; topics: string[] }> {
    return withAdmin(this.bs, async (admin, client) => {
      const committed = [...(await admin.fetchOffsets(this.id)).values()].map((c) => `${c.topic}:${c.partition}=${c.offset}`).sort();
      const md = await client.metadata(null);
      const topics = md.topics.flatMap((t) => (t.name !== null && t.errorCode === 0 && t.name.startsWith(this.id) ? [t.name] : [])).sort();
      return { committed, topics };
    });
  }
}

beforeAll(async () => {
  broker = await startTestBroker();
});

afterAll(async () => {
  await broker.dispose();
});

const TARGETS = [
  { name: 'Apache Kafka 4.4', bs: (): string => kafka1.bootstrap, tag: 'psr-k' },
  { name: 'tkafka broker', bs: (): string => broker.bootstrap, tag: 'psr-t' },
] as const;

describe.each(TARGETS)('streams-application-reset vs StreamsResetter on $name', (target) => {
  it('dry runs: the same lines for each scenario', async () => {
    const app = new App(target.bs(), `${target.tag}-dry`);
    await app.setup();
    const dir = fs.mkdtempSync(path.join(runDir, 'psr-'));
    const plan = (name: string, text: string): string => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      return f;
    };
    const id = ['--application-id', app.id];
    const scenarios: string[][] = [
      [...id, '--dry-run'],
      [...id, '--input-topics', app.input, '--intermediate-topics', app.mid, '--dry-run'],
      [...id, '--input-topics', `${app.input},${app.input}-missing`, '--intermediate-topics', `${app.mid}-gone`, '--dry-run'],
      [...id, '--input-topics', `${app.input},${app.mid}`, '--intermediate-topics', `${app.mid},${app.input}`, '--dry-run'],
      [...id, '--input-topics', app.input, '--to-offset', '2', '--dry-run'],
      [...id, '--input-topics', app.input, '--to-offset', '0', '--dry-run'],
      [...id, '--input-topics', app.input, '--to-latest', '--dry-run'],
      [...id, '--input-topics', app.input, '--to-earliest', '--dry-run'],
      [...id, '--input-topics', app.input, '--shift-by', '-3', '--dry-run'],
      [...id, '--input-topics', app.input, '--shift-by', '10', '--dry-run'],
      [...id, '--input-topics', app.input, '--to-datetime', new Date(BASE + 2000).toISOString().replace('Z', ''), '--dry-run'],
      [...id, '--input-topics', app.input, '--to-datetime', '2024-01-01T01:00:03.000+01:00', '--dry-run'],
      [...id, '--input-topics', app.input, '--by-duration', 'P3650D', '--dry-run'],
      [...id, '--input-topics', app.input, '--from-file', plan('ok.csv', `${app.input},0,5\n${app.input},2,1\n${app.input},1,9\n`), '--dry-run'],
      [...id, '--input-topics', app.input, '--from-file', plan('short.csv', `${app.input},0,5\n`), '--dry-run'],
      [...id, '--input-topics', app.input, '--from-file', plan('extra.csv', `${app.input},0,5\n${app.input},1,1\n${app.input},2,0\nother,0,1\n`), '--dry-run'],
      [...id, '--internal-topics', `${app.id}-counts-changelog`, '--dry-run'],
      [...id, '--input-topics', app.input, '--shift-by', '1', '--config-file', plan('client.properties', 'client.id=parity\nauto.offset.reset=earliest\n'), '--dry-run'],
      [...id, '--internal-topics', `${app.id}-notes`, '--dry-run'],
      ['--application-id', `${target.tag}-nothing`, '--input-topics', app.input, '--shift-by', '-1', '--dry-run'],
      ['--application-id', `${target.tag}-nothing`, '--input-topics', app.input, '--shift-by', '2', '--command-config', plan('earliest.properties', 'auto.offset.reset=earliest\n'), '--dry-run'],
    ];
    for (const args of scenarios) {
      const k = await kafkaSide(app.bs, args);
      const t = await tkafkaSide(app.bs, args);
      expect(t, args.join(' ')).toEqual(k);
      logParity({ tier: TIER, scenario: `${target.name}: ${args.join(' ').replaceAll(app.id, '<app>').replaceAll(target.tag, '<tag>').replaceAll(dir, '<dir>')}`, result: 'identical' });
    }
    const after = await app.state();
    expect(after.committed).toEqual([`${app.input}:0=4`, `${app.input}:1=2`, `${app.mid}:0=1`, `${app.mid}:1=0`]);
    expect(after.topics).toEqual(expect.arrayContaining(app.internal));
  });

  it('real runs: the same lines, the same commits, the same topics deleted', async () => {
    const app = new App(target.bs(), `${target.tag}-real`);
    await app.setup();
    const id = ['--application-id', app.id];
    for (const args of [
      [...id, '--input-topics', app.input, '--intermediate-topics', app.mid],
      [...id, '--input-topics', app.input, '--to-offset', '1', '--internal-topics', app.internal[0] ?? ''],
      [...id, '--input-topics', app.input, '--shift-by', '-1'],
      [...id, '--input-topics', app.input, '--to-datetime', new Date(BASE + 1000).toISOString()],
    ]) {
      await app.seed();
      const k = await kafkaSide(app.bs, args);
      const kState = await app.state();
      await app.seed();
      const t = await tkafkaSide(app.bs, args);
      const tState = await app.state();
      expect(t, args.join(' ')).toEqual(k);
      expect(tState, args.join(' ')).toEqual(kState);
      logParity({ tier: TIER, scenario: `${target.name}: real run ${args.join(' ').replaceAll(app.id, '<app>').replaceAll(target.tag, '<tag>')}`, result: 'identical' });
    }
  });

  it('a group with a member is refused with the same message', async () => {
    const app = new App(target.bs(), `${target.tag}-live`);
    await app.create(app.input, 2);
    const consumer = new kafkajs.Kafka({ brokers: [app.bs], clientId: 'parity-live', logLevel: kafkajs.logLevel.NOTHING }).consumer({ groupId: app.id, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: app.input, fromBeginning: true });
    await consumer.run({ eachMessage: () => Promise.resolve() });
    try {
      await waitFor('a stable group', async () => withAdmin(app.bs, async (admin) => (await admin.describeGroups([app.id]))[0]?.state === 'Stable'), 30_000, 200);
      const args = ['--application-id', app.id, '--input-topics', app.input, '--dry-run'];
      const k = await kafkaSide(app.bs, args);
      const t = await tkafkaSide(app.bs, args);
      expect(k.exitCode).toBe(1);
      // MemberAssignment keeps a Set.copyOf: its order changes from one JVM to the next (a random salt).
      const sortedAssignment = (s: Side): Side => ({ ...s, stderr: s.stderr.replace(/topicPartitions=([^)]*)/g, (_m, list: string) => `topicPartitions=${list.split(',').sort().join(',')}`) });
      expect(sortedAssignment(t)).toEqual(sortedAssignment(k));
      logParity({ tier: TIER, scenario: `${target.name}: live group refused`, result: 'normalised-identical', why: "the member's partitions sorted: Kafka's admin keeps them in a Set.copyOf, whose order is salted per JVM" });
    } finally {
      await consumer.disconnect();
    }
  });

  it('--force: a stopped static member is removed, then the reset commits (the same lines and state)', async () => {
    const app = new App(target.bs(), `${target.tag}-force`);
    await app.create(app.input, 2);
    /** A static member that stopped without leaving: it stays for its 60 s session timeout. */
    const stoppedMember = async (): Promise<void> => {
      const client = await NativeClient.connect({ brokers: [app.bs], clientId: 'stopped-app' });
      const member = new GroupMember(client, { groupId: app.id, groupInstanceId: 'instance-1', sessionTimeoutMs: 60_000, autoCommit: false });
      member.subscribe([app.input]);
      await member.poll();
      await member.close();
      await client.close();
    };
    const args = ['--application-id', app.id, '--input-topics', app.input, '--force'];
    await stoppedMember();
    const k = await kafkaSide(app.bs, args);
    const kState = await app.state();
    const kMembers = await withAdmin(app.bs, async (admin) => (await admin.describeGroups([app.id]))[0]?.members.length);
    await stoppedMember();
    const t = await tkafkaSide(app.bs, args);
    const tState = await app.state();
    const tMembers = await withAdmin(app.bs, async (admin) => (await admin.describeGroups([app.id]))[0]?.members.length);
    expect(k.stdout.split('\n')[0]).toBe(`Force deleting all active members in the group: ${app.id}`);
    expect(t).toEqual(k);
    expect([tState, tMembers]).toEqual([kState, kMembers]);
    logParity({ tier: TIER, scenario: `${target.name}: --force with a stopped static member, real run`, result: 'identical' });
  });
});

describe('streams-application-reset vs StreamsResetter: bad command lines', () => {
  it("usage errors: Kafka's message as 'tkafka: ...', exit 2 (Kafka: the message and its usage, exit 1)", async () => {
    const bs = kafka1.bootstrap;
    for (const args of [
      ['--input-topics', 'x'],
      ['--application-id', 'a', '--to-earliest', '--to-latest'],
      ['--application-id', 'a', '--from-file', 'f', '--shift-by', '1'],
      ['--application-id', 'a', '--by-duration', 'PT1S', '--to-offset', '1'],
      ['--application-id', 'a', '--config-file', 'x', '--command-config', 'y'],
    ]) {
      const k = await runKafkaTool(kafka1, RESETTER, ['--bootstrap-server', bs, ...args]);
      const t = await runCli(['streams-application-reset', '--bootstrap-server', bs, ...args]);
      expect([k.exitCode, t.exitCode]).toEqual([1, 2]);
      expect(t.stderr.split('\n')[0]).toBe(`tkafka: ${k.stderr.split('\n')[0] ?? ''}`);
      logParity({ tier: TIER, scenario: `usage: ${args.join(' ')}`, result: 'normalised-identical', why: "Kafka's message as 'tkafka: ...' with exit 2 (Kafka prints it with its usage, exit 1)" });
    }
  });

  it('bad values: the same message, as a usage error before connecting (Kafka: after the first lines, exit 1)', async () => {
    const app = new App(kafka1.bootstrap, 'psr-values');
    await app.create(app.input, 1);
    for (const [args, exception] of [
      [['--to-offset', 'x'], 'joptsimple.OptionArgumentConversionException'],
      [['--shift-by', '1.5'], 'joptsimple.OptionArgumentConversionException'],
      [['--to-datetime', '2024-01-01'], 'java.text.ParseException'],
      [['--to-datetime', '2024-01-01T10:00'], 'java.text.ParseException'],
      [['--by-duration', 'P1'], 'java.time.format.DateTimeParseException'],
    ] as const) {
      const full = ['--application-id', app.id, '--input-topics', app.input, '--dry-run', ...args];
      const k = await kafkaSide(app.bs, full);
      const t = await tkafkaSide(app.bs, full);
      const message = /^ERROR: (\S+): (.*)$/m.exec(k.stderr.split('\n').filter((l) => !l.startsWith('ERROR: Resetting offsets failed.')).join('\n'));
      expect(message?.[1]).toBe(exception);
      expect([k.exitCode, t.exitCode, t.stdout]).toEqual([1, 2, '']);
      expect(t.stderr).toBe(`tkafka: ${message?.[2] ?? ''}\nRun 'tkafka streams-application-reset --help' for usage.\n`);
      logParity({ tier: TIER, scenario: `bad value: ${args.join(' ')}`, result: 'normalised-identical', why: `Kafka's ${exception} message as a usage error before connecting (exit 2); Kafka fails after printing the first lines (exit 1)` });
    }
    logParity({
      tier: TIER,
      scenario: '--bootstrap-servers (Kafka 3.x spelling)',
      result: 'differs',
      why: 'removed in Kafka 4.0 ("bootstrap-servers is not a recognized option"); tkafka still accepts it as --bootstrap-server for old scripts',
    });
    logParity({
      tier: TIER,
      scenario: 'live KIP-848 member (group.protocol=consumer) in the refusal message',
      result: 'differs',
      why: 'our client speaks ConsumerGroupDescribe v0 (the specs we generate from), which has no MemberType: upgraded=null where the Java admin prints upgraded=true from v1; rackId is printed null',
    });
  });
});
