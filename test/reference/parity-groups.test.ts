// tkafka consumer-groups side by side with Kafka's ConsumerGroupCommand, on Apache Kafka's three-node
// cluster (bootstrapped through node 1 only, with groups whose coordinator is another node) and on the
// SASL_SSL listener of the single node. Each side has its own groups (`<base>-k`, `<base>-t`) in the same
// state: the same standalone commits on one shared topic, or one kafkajs member each for the live group.
import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import type { Consumer, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FindCoordinatorApi } from '../../src/client/native/apis/find-coordinator.js';
import { NativeClient } from '../../src/client/native/client.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { stringKeyOrder } from '../../src/core/consumer-groups/java-order.js';
import { waitFor } from '../helpers/wait.js';
import { expectParity, norm, sideName, type DeviationId, type Scenario, type SideName } from './parity.js';

const kafka3 = inject('kafka3');
const kafka1 = inject('kafka1');
const runDir = inject('refRunDir');
const TIER = 'consumer-groups vs ConsumerGroupCommand (Kafka 3 nodes)';
const SIDES: SideName[] = ['k', 't'];

/** Node 1 only: groups coordinated by nodes 2 and 3 are reached through it. */
const bs = `127.0.0.1:${kafka3.nodes[0]?.port ?? 0}`;
const HOUR = 3_600_000;
/** Record i (of 100) has timestamp BASE + i h and goes to partition i % 3 of `orders` (34/33/33 records). */
const BASE = Math.floor(Date.now() / HOUR) * HOUR - 100 * HOUR;
const COMMITS = [13, 14, 13];
const dir = path.join(runDir, 'parity-groups');

/** Log4j's timestamp on Kafka's WARN lines (and tkafka's copy of them). */
const log4jTime = (s: string): string => s.replace(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\]/gm, '[<time>]');
/** The data lines of a listing sorted (Kafka's admin merges the brokers' ListGroups answers as they arrive). */
const sortedLines =
  (header: boolean) =>
  (s: string): string => {
    const lines = s.split('\n').filter((l) => l !== '');
    const head = header ? lines.splice(0, 1) : [];
    return [...head, ...lines.sort()].join('\n');
  };
/** jopt-simple names option sets in HashSet order of identity hashes: it differs from run to run. */
const optionSets = (s: string): string =>
  s
    .replace(/((?:options|scenarios): )\[(\[[\w-]+\](?:, \[[\w-]+\])*)\]/g, (_m, lead: string, list: string) => `${lead}[${list.split(', ').sort().join(', ')}]`)
    .replace(/((?:options): )(\[[\w-]+\](?:, \[[\w-]+\])+)/g, (_m, lead: string, list: string) => `${lead}${list.split(', ').sort().join(', ')}`)
    .replace(/(Valid states are: )(.*)$/gm, (_m, lead: string, list: string) => `${lead}${list.split(', ').sort().join(', ')}`);

/**
 * Per-group errors of a reset come in the order of the admin's describe futures, a HashMap keyed by
 * CoordinatorKey, whose hash mixes in an enum's identity hash code: not reproducible, so sorted.
 */
function sortedGroupErrors(s: string): string {
  const errors = s.match(/\nError: [^\n]*group [^\n]*\n/g) ?? [];
  const sorted = [...errors].sort();
  let i = 0;
  return s.replace(/\nError: [^\n]*group [^\n]*\n/g, () => sorted[i++] ?? '');
}

function scenario(name: string, args: (n: (base: string) => string, side: SideName) => string[], more: Partial<Scenario> = {}): Scenario {
  return { tier: TIER, tool: 'consumer-groups', name, args: (n, side) => ['--bootstrap-server', bs, ...args(n, side)], normalise: norm.compose(norm.members, log4jTime), ...more };
}

function usage(name: string, args: (n: (base: string) => string) => string[], deviations: DeviationId[] = ['usage']): Scenario {
  return scenario(name, args, { normalise: optionSets, deviations });
}

let kafka: Kafka;
let client: NativeClient;
let admin: NativeGroupAdmin;
const members: Consumer[] = [];
/**
 * Group bases. `app`, `app2`: both sides' groups on the same coordinator, node 2 or 3 (so --state shows
 * the same coordinator). `live`: one coordinator for both sides. `rst`, `nope`: chosen so that Kafka's
 * HashMap order of the group names (reset plans, delete results) is the same for -k and -t names.
 */
let app = 'app';
let app2 = 'app2';
let live = 'live';
let rst = 'rst';
let nope = 'nope';

function coordinatorOf(group: string): Promise<number> {
  return waitFor(
    `a coordinator for ${group}`,
    async () => {
      const conn = await client.anyConnection();
      const res = await conn.send(FindCoordinatorApi, { key: group, keyType: 0, coordinatorKeys: [group] });
      const c = res.coordinators[0] ?? { nodeId: res.nodeId, errorCode: res.errorCode };
      if (c.errorCode !== 0) throw new Error(`FindCoordinator error ${c.errorCode}`);
      return c.nodeId;
    },
    60_000,
    500,
  );
}

/** The first of `base`, `base1`, `base2`... that `ok` accepts. */
async function pickBase(base: string, ok: (b: string) => Promise<boolean> | boolean): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const b = i === 0 ? base : `${base}${i}`;
    if (await ok(b)) return b;
  }
  throw new Error(`no name for ${base}`);
}

/** Node ids of the -k and -t groups' coordinators. */
async function coordinators(b: string): Promise<number[]> {
  return Promise.all(SIDES.map((s) => coordinatorOf(sideName(s)(b))));
}

/**
 * Kafka iterates HashMap<String, ...> of group names: the order of `bases` must not depend on the side
 * suffix, nor on insertion order (names sharing a bucket stay in the order they were put, which follows
 * the admin's describe futures, not reproducible).
 */
function sameOrderOnBothSides(bases: readonly string[]): boolean {
  const orders = SIDES.flatMap((s) => [bases, [...bases].reverse()].map((bs) => stringKeyOrder([...bs], (b) => sideName(s)(b)).join(',')));
  return orders.every((o) => o === orders[0]);
}

async function commit(group: string, topic: string, offsets: readonly number[]): Promise<void> {
  const results = await admin.commitOffsets(
    group,
    offsets.map((o, partition) => ({ topic, partition, offset: BigInt(o) })),
  );
  if (results.some((r) => r.errorCode !== 0)) throw new Error(`commit ${group}: ${JSON.stringify(results)}`);
}

/** One kafkajs member per side that joins, reads one batch and pauses: the group stays Stable, offsets as committed. */
async function startMember(group: string): Promise<void> {
  const c = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
  members.push(c);
  await c.connect();
  await c.subscribe({ topic: 'orders', fromBeginning: true });
  await c.run({
    autoCommit: false,
    eachBatch: ({ batch }) => {
      c.pause([{ topic: batch.topic }]);
      return Promise.resolve();
    },
  });
  await waitFor(
    `${group} to become Stable with its member assigned all 3 partitions`,
    async () => {
      const [d] = await admin.describeGroups([group]);
      if (d !== undefined && d.state === 'Stable' && d.members[0]?.assignment.length === 3) return true;
      throw new Error(`not yet: ${JSON.stringify(d)}`);
    },
    60_000,
    200,
  );
}

/** `--to-datetime` text (UTC) for a millisecond timestamp. */
function datetime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '');
}

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  kafka = new kafkajs.Kafka({ brokers: [bs], clientId: 'consumer-live', logLevel: kafkajs.logLevel.NOTHING });
  client = await NativeClient.connect({ brokers: [bs], clientId: 'parity-groups-setup' });
  admin = new NativeGroupAdmin(client, { timeoutMs: 30_000 });
  const ka = kafka.admin();
  await ka.connect();
  await ka.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: 'orders', numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'retention.ms', value: '-1' }] },
      { topic: 'audit', numPartitions: 2, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
    ],
  });
  await ka.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'orders', messages: Array.from({ length: 100 }, (_, i) => ({ value: `v${i}`, partition: i % 3, timestamp: String(BASE + i * HOUR) })) });
  await producer.send({ topic: 'audit', messages: Array.from({ length: 20 }, (_, i) => ({ value: `a${i}`, partition: i % 2, timestamp: String(BASE + i * HOUR) })) });
  await producer.disconnect();
  const far = async (b: string): Promise<boolean> => {
    const [k, t] = await coordinators(b);
    return k === t && k !== 1;
  };
  app = await pickBase('app', far);
  // Some names leave no partner that sorts the same on both sides (e.g. one in bucket 0 on one side
  // and 15 on the other): `app2` and `live` are picked only with a partner (`rst`, `nope`) to come.
  const hasPartner = (base: string, other: string): boolean => Array.from({ length: 200 }, (_, i) => (i === 0 ? base : `${base}${i}`)).some((b) => sameOrderOnBothSides([b, other]));
  app2 = await pickBase('app2', async (b) => b !== app && hasPartner('rst', b) && (await far(b)));
  live = await pickBase('live', async (b) => hasPartner('nope', b) && new Set(await coordinators(b)).size === 1);
  rst = await pickBase('rst', (b) => sameOrderOnBothSides([b, app2]));
  nope = await pickBase('nope', (b) => sameOrderOnBothSides([b, live]));
  for (const s of SIDES) {
    const n = sideName(s);
    await commit(n(app), 'orders', COMMITS);
    await commit(n(app2), 'orders', [5, 6, 7]);
    await commit(n(app2), 'audit', [2, 3]);
    await commit(n(rst), 'orders', COMMITS);
    await commit(n(rst), 'audit', [4, 4]);
    await commit(n('del'), 'orders', COMMITS);
    await commit(n(live), 'orders', COMMITS);
  }
  for (const s of SIDES) await startMember(sideName(s)(live));
}, 180_000);

afterAll(async () => {
  await Promise.all(members.map((c) => c.disconnect().catch(() => undefined)));
  await client?.close();
});

describe('consumer-groups: list and describe', () => {
  it('picked groups whose coordinator is not the bootstrap broker', async () => {
    for (const b of [app, app2]) expect(await coordinators(b)).not.toContain(1);
  });

  it('--list', async () => {
    await expectParity(kafka3, scenario('--list', () => ['--list'], { normalise: sortedLines(false) }));
  });

  it('--list --state', async () => {
    await expectParity(kafka3, scenario('--list --state', () => ['--list', '--state'], { normalise: sortedLines(true) }));
  });

  for (const [label, view] of [
    ['', []],
    [' --offsets --verbose', ['--offsets', '--verbose']],
    [' --members', ['--members']],
    [' --members --verbose', ['--members', '--verbose']],
    [' --state', ['--state']],
    [' --state --verbose', ['--state', '--verbose']],
  ] as const) {
    it(`--describe${label}, stopped group, coordinator not the bootstrap broker`, async () => {
      await expectParity(kafka3, scenario(`--describe --group app${label} (stopped, coordinator on another node)`, (n) => ['--describe', '--group', n(app), ...view]));
    });
    it(`--describe${label}, live group`, async () => {
      await expectParity(kafka3, scenario(`--describe --group live${label} (one kafkajs member)`, (n) => ['--describe', '--group', n(live), ...view]));
    });
  }

  it('--describe with --group repeated', async () => {
    await expectParity(kafka3, scenario('--describe --group app --group app2 --group live', (n) => ['--describe', '--group', n(live), '--group', n(app2), '--group', n(app)]));
    await expectParity(kafka3, scenario('--describe --members --group app --group live', (n) => ['--describe', '--members', '--group', n(live), '--group', n(app)]));
  });

  for (const [label, view] of [
    ['', []],
    [' --members', ['--members']],
    [' --state', ['--state']],
  ] as const) {
    it(`--describe --all-groups${label}`, async () => {
      await expectParity(kafka3, scenario(`--describe --all-groups${label}`, () => ['--describe', '--all-groups', ...view]));
    });
  }

  it('--describe of a group that does not exist', async () => {
    await expectParity(kafka3, scenario('--describe --group nope', (n) => ['--describe', '--group', n(nope)], { deviations: ['stack-trace', 'exit-code'] }));
  });
});

describe('consumer-groups: --reset-offsets', () => {
  const reset = (name: string, args: (n: (base: string) => string) => string[], more: Partial<Scenario> = {}): Promise<unknown> =>
    expectParity(kafka3, scenario(`--reset-offsets --group rst ${name}`, (n) => ['--reset-offsets', '--group', n(rst), ...args(n)], more));
  const dryRun = (name: string, args: string[]): Promise<unknown> => reset(`${name} --dry-run`, () => [...args, '--dry-run'], { deviations: ['reset-plan-columns'] });

  it('every spec, --dry-run', async () => {
    await dryRun('--topic orders --to-earliest', ['--topic', 'orders', '--to-earliest']);
    await dryRun('--topic orders --to-latest', ['--topic', 'orders', '--to-latest']);
    await dryRun('--topic orders --to-current', ['--topic', 'orders', '--to-current']);
    await dryRun('--topic orders --to-offset 20', ['--topic', 'orders', '--to-offset', '20']);
    await dryRun('--topic orders --shift-by -5', ['--topic', 'orders', '--shift-by', '-5']);
    await dryRun('--topic orders --shift-by +7', ['--topic', 'orders', '--shift-by', '+7']);
    await dryRun('--topic orders --to-datetime (record 50 + 30 min)', ['--topic', 'orders', '--to-datetime', datetime(BASE + 50 * HOUR + 30 * 60_000)]);
    await dryRun('--topic orders --to-datetime (zone +02:00)', ['--topic', 'orders', '--to-datetime', `${datetime(BASE + 20 * HOUR + 2 * HOUR)}+02:00`]);
    await dryRun('--topic orders --to-datetime (after the last record: falls back to latest)', ['--topic', 'orders', '--to-datetime', datetime(BASE + 200 * HOUR)]);
    // Half an hour between records on either side, so the seconds between the two runs cannot matter.
    const minutes = Math.round((Date.now() - (BASE + 40 * HOUR + 30 * 60_000)) / 60_000);
    await dryRun('--topic orders --by-duration (back to record 40 + 30 min)', ['--topic', 'orders', '--by-duration', `PT${minutes}M`]);
  });

  it('scopes: --topic t:0,2, two --topic, --all-topics', async () => {
    await dryRun('--topic orders:0,2 --to-offset 5', ['--topic', 'orders:0,2', '--to-offset', '5']);
    await dryRun('--topic orders:1 --topic audit --to-earliest', ['--topic', 'orders:1', '--topic', 'audit', '--to-earliest']);
    await dryRun('--all-topics --to-latest', ['--all-topics', '--to-latest']);
  });

  it('out-of-range offsets are clamped with a warning', async () => {
    await dryRun('--topic orders --to-offset 1000 (above the log end)', ['--topic', 'orders', '--to-offset', '1000']);
    await dryRun('--topic orders --shift-by -100 (below the log start)', ['--topic', 'orders', '--shift-by', '-100']);
    await dryRun('--topic orders --to-offset -3 (below the log start)', ['--topic', 'orders', '--to-offset', '-3']);
  });

  it('no --dry-run and no --execute: the warning, and a dry run', async () => {
    await reset('--topic orders --to-earliest (neither --dry-run nor --execute)', () => ['--topic', 'orders', '--to-earliest'], { deviations: ['reset-plan-columns'] });
  });

  it('every spec, --execute (each side resets its own group)', async () => {
    const execute = (name: string, args: string[]): Promise<unknown> => reset(`${name} --execute`, () => [...args, '--execute']);
    await execute('--topic orders --to-offset 20', ['--topic', 'orders', '--to-offset', '20']);
    await execute('--topic orders:0,2 --shift-by -5', ['--topic', 'orders:0,2', '--shift-by', '-5']);
    await execute('--all-topics --to-latest', ['--all-topics', '--to-latest']);
    await execute('--topic orders --to-earliest', ['--topic', 'orders', '--to-earliest']);
    await execute('--topic orders --shift-by 1000 (clamped)', ['--topic', 'orders', '--shift-by', '1000']);
    await execute('--topic audit --to-current', ['--topic', 'audit', '--to-current']);
    await execute('--topic orders --to-datetime', ['--topic', 'orders', '--to-datetime', datetime(BASE + 10 * HOUR)]);
    const minutes = Math.round((Date.now() - (BASE + 70 * HOUR + 30 * 60_000)) / 60_000);
    await execute('--all-topics --by-duration', ['--all-topics', '--by-duration', `PT${minutes}M`]);
    await expectParity(kafka3, scenario('--describe --group rst (after the resets)', (n) => ['--describe', '--group', n(rst)]));
  });

  it('--export, then --from-file', async () => {
    const file = (n: (base: string) => string, base: string): string => path.join(dir, `${n(base)}.csv`);
    const single = await reset('--all-topics --shift-by 3 --export --dry-run', () => ['--all-topics', '--shift-by', '3', '--export', '--dry-run']);
    const { kafka: k, ours: t } = single as { kafka: { stdout: string }; ours: { stdout: string } };
    fs.writeFileSync(file(sideName('k'), 'plan'), k.stdout);
    fs.writeFileSync(file(sideName('t'), 'plan'), t.stdout);
    await reset('--from-file plan.csv --dry-run (topic,partition,offset)', (n) => ['--from-file', file(n, 'plan'), '--dry-run'], { deviations: ['reset-plan-columns'] });
    await reset('--from-file plan.csv --execute', (n) => ['--from-file', file(n, 'plan'), '--execute']);

    const multi = await expectParity(
      kafka3,
      scenario('--reset-offsets --group rst --group app2 --all-topics --to-earliest --export (no --dry-run)', (n) => ['--reset-offsets', '--group', n(rst), '--group', n(app2), '--all-topics', '--to-earliest', '--export']),
    );
    fs.writeFileSync(file(sideName('k'), 'multi'), multi.kafka.stdout);
    fs.writeFileSync(file(sideName('t'), 'multi'), multi.ours.stdout);
    await expectParity(
      kafka3,
      scenario('--reset-offsets --group rst --group app2 --from-file multi.csv --dry-run (group,topic,partition,offset)', (n) => ['--reset-offsets', '--group', n(rst), '--group', n(app2), '--from-file', file(n, 'multi'), '--dry-run'], {
        deviations: ['reset-plan-columns'],
      }),
    );
    await expectParity(
      kafka3,
      scenario('--reset-offsets --group rst --group app2 --from-file plan.csv (no group column, two groups)', (n) => ['--reset-offsets', '--group', n(rst), '--group', n(app2), '--from-file', file(n, 'plan'), '--dry-run'], {
        normalise: norm.compose(norm.members, sortedGroupErrors),
        deviations: ['reset-plan-columns', 'exit-code'],
      }),
    );
  });

  it('refuses a live group, resets a group that does not exist yet', async () => {
    await expectParity(kafka3, scenario('--reset-offsets --group live --to-earliest --dry-run (Stable)', (n) => ['--reset-offsets', '--group', n(live), '--topic', 'orders', '--to-earliest', '--dry-run'], { deviations: ['reset-plan-columns', 'exit-code'] }));
    await expectParity(kafka3, scenario('--reset-offsets --group fresh --to-offset 3 --dry-run (no such group)', (n) => ['--reset-offsets', '--group', n('fresh'), '--topic', 'orders', '--to-offset', '3', '--dry-run'], { deviations: ['reset-plan-columns'] }));
  });
});

describe('consumer-groups: --delete and --delete-offsets', () => {
  it('--delete-offsets', async () => {
    await expectParity(kafka3, scenario('--delete-offsets --group app2 --topic audit:1 --topic nosuch', (n) => ['--delete-offsets', '--group', n(app2), '--topic', 'audit:1', '--topic', 'nosuch'], { deviations: ['exit-code'] }));
    await expectParity(kafka3, scenario('--delete-offsets --group app2 --topic audit', (n) => ['--delete-offsets', '--group', n(app2), '--topic', 'audit']));
    await expectParity(kafka3, scenario('--delete-offsets --group live --topic orders (subscribed)', (n) => ['--delete-offsets', '--group', n(live), '--topic', 'orders'], { deviations: ['exit-code'] }));
    await expectParity(kafka3, scenario('--delete-offsets --group nope --topic orders', (n) => ['--delete-offsets', '--group', n(nope), '--topic', 'orders'], { deviations: ['exit-code'] }));
  });

  it('--delete', async () => {
    await expectParity(kafka3, scenario('--delete --group del', (n) => ['--delete', '--group', n('del')]));
    await expectParity(kafka3, scenario('--delete --group live --group nope (one live, one unknown)', (n) => ['--delete', '--group', n(live), '--group', n(nope)], { deviations: ['exit-code'] }));
  });
});

describe('consumer-groups: usage errors', () => {
  it('missing or conflicting options', async () => {
    await expectParity(kafka3, usage('--describe without --group', () => ['--describe']));
    await expectParity(kafka3, usage('--list --describe', () => ['--list', '--describe']));
    await expectParity(kafka3, usage('no action', (n) => ['--group', n('x')]));
    await expectParity(kafka3, usage('--describe --members --state', (n) => ['--describe', '--group', n('x'), '--members', '--state']));
    await expectParity(kafka3, usage('--list --members', () => ['--list', '--members'], ['jopt-exception']));
    await expectParity(kafka3, usage('--list --group', (n) => ['--list', '--group', n('x')]));
    await expectParity(kafka3, usage('--describe --topic', (n) => ['--describe', '--group', n('x'), '--topic', 'orders']));
    await expectParity(kafka3, usage('--delete without --group', () => ['--delete']));
    await expectParity(kafka3, usage('--delete-offsets without --topic', (n) => ['--delete-offsets', '--group', n('x')]));
    await expectParity(kafka3, usage('--reset-offsets without a scope', (n) => ['--reset-offsets', '--group', n('x'), '--to-earliest', '--dry-run']));
    await expectParity(kafka3, usage('--reset-offsets without a spec', (n) => ['--reset-offsets', '--group', n(rst), '--topic', 'orders', '--dry-run']));
    await expectParity(kafka3, usage('--reset-offsets with two specs', (n) => ['--reset-offsets', '--group', n('x'), '--topic', 'orders', '--to-earliest', '--to-latest', '--dry-run']));
    await expectParity(kafka3, usage('--reset-offsets --dry-run --execute', (n) => ['--reset-offsets', '--group', n('x'), '--topic', 'orders', '--to-earliest', '--dry-run', '--execute']));
    await expectParity(kafka3, usage('--list --state with an unknown state', () => ['--list', '--state', 'Sleeping']));
    await expectParity(kafka3, scenario('--to-offset abc', (n) => ['--reset-offsets', '--group', n('x'), '--topic', 'orders', '--to-offset', 'abc', '--dry-run'], { deviations: ['stack-trace', 'exit-code'] }));
    await expectParity(kafka3, usage('an unknown option', () => ['--list', '--bogus'], ['jopt-exception']));
    // Nothing answers at the default for tkafka (a port no broker can listen on), whatever runs on this machine's 9092.
    await expectParity(kafka3, { tier: TIER, tool: 'consumer-groups', name: 'no --bootstrap-server', args: () => ['--list'], deviations: ['default-bootstrap'], env: { TKAFKA_BOOTSTRAP_SERVER: '127.0.0.1:1' } });
  });
});

describe('consumer-groups over SASL_SSL with --command-config', () => {
  const saslTier = 'consumer-groups vs ConsumerGroupCommand (SASL_SSL)';
  const sasl = (): string[] => ['--bootstrap-server', kafka1.saslBootstrap ?? '', '--command-config', kafka1.saslClientConfig ?? ''];
  const secure = (name: string, args: (n: (base: string) => string) => string[], more: Partial<Scenario> = {}): Scenario => ({
    tier: saslTier,
    tool: 'consumer-groups',
    name: `${name} over SASL_SSL SCRAM-SHA-512`,
    args: (n) => [...sasl(), ...args(n)],
    normalise: norm.compose(norm.members, log4jTime),
    ...more,
  });

  it('list, describe and a reset plan through our own client, as ConsumerGroupCommand prints them', async () => {
    // Each side's group (secure-app-k, secure-app-t) has the same commits on the same topic.
    const k = new kafkajs.Kafka({ brokers: [kafka1.bootstrap], clientId: 'parity-groups-sasl', logLevel: kafkajs.logLevel.NOTHING });
    const ka = k.admin();
    await ka.connect();
    await ka.createTopics({ waitForLeaders: true, topics: [{ topic: 'secure-orders', numPartitions: 2 }] });
    const producer = k.producer();
    await producer.connect();
    await producer.send({ topic: 'secure-orders', messages: [0, 1, 2, 3, 4].map((i) => ({ partition: i % 2, value: `v${i}` })) });
    await producer.disconnect();
    for (const side of SIDES) {
      await ka.setOffsets({ groupId: `secure-app-${side}`, topic: 'secure-orders', partitions: [{ partition: 0, offset: '1' }, { partition: 1, offset: '2' }] });
    }
    await ka.disconnect();
    // Other files' groups come and go on this node: the listing is compared on this test's groups.
    const onlyOurs = (s: string): string => s.split('\n').filter((l) => l.startsWith('secure-app-')).sort().join('\n');
    await expectParity(kafka1, secure('--list', () => ['--list'], { normalise: onlyOurs }));
    await expectParity(kafka1, secure('--describe --group secure-app', (n) => ['--describe', '--group', n('secure-app')]));
    await expectParity(kafka1, secure('--describe --group secure-app --state', (n) => ['--describe', '--group', n('secure-app'), '--state']));
    await expectParity(kafka1, secure('--reset-offsets --to-earliest --dry-run', (n) => ['--reset-offsets', '--group', n('secure-app'), '--topic', 'secure-orders', '--to-earliest', '--dry-run'], { deviations: ['reset-plan-columns'] }));
    await expectParity(kafka1, secure('--reset-offsets --to-latest --execute', (n) => ['--reset-offsets', '--group', n('secure-app'), '--topic', 'secure-orders', '--to-latest', '--execute'], { deviations: ['reset-plan-columns'] }));
    await expectParity(kafka1, secure('--delete --group secure-app', (n) => ['--delete', '--group', n('secure-app')]));
  });
});

