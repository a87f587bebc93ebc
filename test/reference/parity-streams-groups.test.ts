// tkafka streams-groups next to Kafka 4.4's own StreamsGroupCommand (kafka-streams-groups.sh) on
// Apache Kafka (one node; Kafka 4.4 finalizes streams.version=1 by default, so KIP-1071 streams groups
// need no broker config) and on our broker (which has no streams groups). A real Kafka Streams app
// with group.protocol=streams (test/peers/java StreamsProtocolGroup: a word count, two subtopologies,
// a repartition and a changelog topic) runs until its group is Stable with no lag; both tools then
// describe the same state. Stopped, its group is Empty: dry-run resets, then real resets,
// --delete-offsets and --delete, each run by Kafka's tool first, the state restored (the group's
// commits made again; for --delete the app run again), then by tkafka, comparing the output and the
// state each left.
//
// Compared byte for byte: stdout and the exit code. Kafka's stderr carries only the stack trace it
// prints after an `Error:` line (Throwable.printStackTrace) or its option list after a usage error;
// tkafka prints neither (README, "Where tkafka differs"), so its stderr must be empty or its one
// `tkafka: <message>` line (+ hint). Exit codes differ where README's table says so: Kafka exits 0
// after `Error:` lines of --delete and --delete-offsets (tkafka 1), and 1 on usage errors (tkafka 2).
// Normalised only what differs between runs by nature: the log4j time of the WARN lines of clamped
// offsets, and the order of the valid states in one usage message (a per-JVM HashSet order). Member
// ids, process ids and epochs are the same state for both tools and compared as they are.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { StreamsGroupAdmin, type StreamsGroupInfo } from '../../src/core/streams-groups/admin.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { javaBin, runKafkaTool } from './kafka-ref.js';
import { PEER_JVM, javaPeersClasspath } from './peer-builds.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const runDir = inject('refRunDir');
const TOOL = 'org.apache.kafka.tools.streams.StreamsGroupCommand';
const TIER = 'streams-groups vs StreamsGroupCommand (Kafka 4.4)';
const APP = 'psg-app';
const INPUT = 'psg-in';
const OUTPUT = 'psg-out';
const REPARTITION = `${APP}-words-repartition`;
const CHANGELOG = `${APP}-counts-changelog`;
/**
 * Record i of a partition has timestamp BASE + i s: two hours ago, so --by-duration PT1H (after every
 * record) and PT3H (before every record) are the same for both runs, and within the topics' 7-day
 * retention (older records would be deleted by retention while the file runs).
 */
const BASE = Math.floor(Date.now() / 1000) * 1000 - 2 * 3600_000;
/** The input: 6 records on partition 0, 4 on partition 1. */
const COUNTS = [6, 4];

interface Side {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

async function kafkaSide(bs: string, args: readonly string[]): Promise<Side> {
  const r = await runKafkaTool(kafka1, TOOL, ['--bootstrap-server', bs, ...args], { timeoutMs: 90_000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

async function tkafkaSide(bs: string, args: readonly string[]): Promise<Side> {
  const r = await runCli(['streams-groups', '--bootstrap-server', bs, ...args], { timeoutMs: 90_000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const LOG4J_WARN = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] WARN /;

/** Kafka's stderr without its log4j WARN lines is nothing but a Java stack trace (or empty). */
function onlyStackTrace(stderr: string): boolean {
  return stderr
    .split('\n')
    .filter((l) => !LOG4J_WARN.test(l))
    .every((l) => l === '' || /^\s+at /.test(l) || /^Caused by: /.test(l) || /^\s+\.\.\. \d+ more/.test(l) || /^[\w.$]+(Exception|Error)(: |$)/.test(l));
}

/** The WARN lines (offsets clamped into the log's range), their log4j time replaced: it is the time of each run. */
function warnLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => LOG4J_WARN.test(l))
    .map((l) => `${l.replace(/^\[[^\]]*\]/, '[<time>]')}\n`)
    .join('');
}

type Expect = 'same' | 'exit-code' | 'usage';

/**
 * `Valid states are: ...` lists a HashSet of GroupState enum constants, whose hash codes are object
 * identities: Kafka's order changes from one JVM to the next. Both sides' lists are sorted.
 */
function sortedStates(line: string): string {
  return line.replace(/(Valid states are: )(.*)$/, (_m, head: string, list: string) => `${head}${list.split(', ').sort().join(', ')}`);
}

const WHY: Record<Exclude<Expect, 'same'>, string> = {
  'exit-code': "Kafka's tool exits 0 after its `Error:` lines; tkafka exits 1 on a failed operation (README, exit codes); stdout identical",
  usage: "Kafka prints the message and its option list on stderr and exits 1; tkafka prints the message as one line `tkafka: <message>` with a --help hint and exits 2",
};

/** Compares one pair of runs and logs its row; `kind` says which documented difference is allowed. */
function compare(scenario: string, k: Side, t: Side, kind: Expect = 'same'): void {
  if (kind === 'usage') {
    const message = sortedStates(k.stderr.split('\n')[0] ?? '');
    expect({ stdout: t.stdout, stderr: sortedStates(t.stderr.split('\n')[0] ?? ''), exitCode: t.exitCode }, scenario).toEqual({ stdout: k.stdout, stderr: `tkafka: ${message}`, exitCode: 2 });
    expect(k.exitCode, scenario).toBe(1);
    const normalised = message.includes('Valid states are: ');
    logParity({ tier: TIER, scenario, result: 'differs', why: `${WHY.usage}${normalised ? "; the states' list sorted (Kafka's is in a per-JVM HashSet order)" : ''}` });
    return;
  }
  expect(t.stdout, scenario).toBe(k.stdout);
  expect(onlyStackTrace(k.stderr), `${scenario}: Kafka's stderr\n${k.stderr}`).toBe(true);
  // tkafka's stderr: nothing, or the WARN lines of offsets clamped into the log, as Kafka logs them.
  const warned = warnLines(k.stderr);
  expect(warnLines(t.stderr), scenario).toBe(warned);
  expect(t.stderr.split('\n').filter((l) => l !== '' && !LOG4J_WARN.test(l)), scenario).toEqual([]);
  if (kind === 'exit-code') {
    expect([k.exitCode, t.exitCode], scenario).toEqual([0, 1]);
    logParity({ tier: TIER, scenario, result: 'differs', why: WHY['exit-code'] });
    return;
  }
  expect(t.exitCode, scenario).toBe(k.exitCode);
  const trace = k.stderr.split('\n').some((l) => l !== '' && !LOG4J_WARN.test(l));
  if (trace) logParity({ tier: TIER, scenario, result: 'differs', why: "Kafka's stack trace on stderr after its `Error:` line; tkafka prints the same line, no trace" });
  else if (warned !== '') logParity({ tier: TIER, scenario, result: 'normalised-identical', why: 'the log4j time of the WARN lines (offsets clamped into the log)' });
  else logParity({ tier: TIER, scenario, result: 'identical' });
}

async function withAdmin<T>(bs: string, fn: (admin: StreamsGroupAdmin) => Promise<T>): Promise<T> {
  const client = await NativeClient.connect({ brokers: [bs], clientId: 'parity-sg' });
  try {
    return await fn(new StreamsGroupAdmin(client, { timeoutMs: 10_000 }));
  } finally {
    await client.close();
  }
}

/** The group's committed offsets, `topic:partition=offset`, sorted. */
function committed(bs: string): Promise<string[]> {
  return withAdmin(bs, async (admin) => [...(await admin.fetchOffsets(APP)).values()].map((c) => `${c.topic}:${c.partition}=${c.offset}`).sort());
}

async function describeApp(bs: string): Promise<StreamsGroupInfo | undefined> {
  return withAdmin(bs, async (admin) => {
    try {
      return (await admin.describeStreamsGroups([APP])).get(APP);
    } catch {
      return undefined;
    }
  });
}

function topics(bs: string): Promise<string[]> {
  return withAdmin(bs, async (admin) => (await admin.topicNames()).filter((t) => t.startsWith('psg-')));
}

/** The Streams app, running until stopped (SIGTERM: it closes, and its member leaves the group). */
class StreamsApp {
  private child: ChildProcess | undefined;
  private log = '';
  private readonly cp: string;
  private readonly bs: string;

  constructor(cp: string, bs: string) {
    this.cp = cp;
    this.bs = bs;
  }

  async start(): Promise<void> {
    const stateDir = fs.mkdtempSync(path.join(runDir, 'psg-state-'));
    this.log = '';
    const child = spawn(javaBin(), [...PEER_JVM, '-cp', this.cp, 'tkafka.peers.StreamsProtocolGroup', this.bs, APP, stateDir, INPUT, OUTPUT], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (c: string) => (this.log += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (this.log += c));
    this.child = child;
    // Stable: one member whose tasks are the target ones, every input and repartition record committed.
    const started = Date.now();
    const ends = new Map<string, number>();
    await waitFor(
      'the Streams app: a Stable group with no lag',
      async () => {
        if (child.exitCode !== null) throw new Error(`the Streams app exited ${child.exitCode}:\n${this.log}`);
        if (Date.now() > started + 110_000) throw new Error(`the Streams app: no Stable group without lag; its log:\n${this.log.slice(-3000)}`);
        const g = await describeApp(this.bs);
        if (g === undefined || g.state !== 'Stable' || g.members.length !== 1) return false;
        const m = g.members[0];
        if (m === undefined || m.assignment.active.length !== 2 || JSON.stringify(m.assignment) !== JSON.stringify(m.targetAssignment)) return false;
        const c = await committed(this.bs);
        for (const [p, n] of COUNTS.entries()) ends.set(`${INPUT}:${p}`, n);
        // Both words partitions got a word or not; what was produced there is committed once processed.
        const rows = await withAdmin(this.bs, async (admin) => admin.listOffsets([0, 1].map((partition) => ({ topic: REPARTITION, partition })), 'latest'));
        for (const [key, end] of rows) ends.set(key.replace(/^(.*)-(\d+)$/, '$1:$2'), Number(end));
        const want = [...ends].filter(([, end]) => end > 0).map(([tp, end]) => `${tp}=${end}`).sort();
        return want.every((w) => c.includes(w));
      },
      120_000,
      500,
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await waitFor('the group Empty after the app stopped', async () => (await describeApp(this.bs))?.state === 'Empty', 60_000, 250);
  }
}

let broker: TestBroker;
let cp: string;
let app: StreamsApp;
const bs = (): string => kafka1.bootstrap;

beforeAll(async () => {
  broker = await startTestBroker();
  cp = await javaPeersClasspath(kafka1.version);
  for (const [topic, partitions] of [
    [INPUT, 2],
    [OUTPUT, 1],
  ] as const) {
    expect((await runCli(['topics', '--bootstrap-server', bs(), '--create', '--if-not-exists', '--topic', topic, '--partitions', String(partitions)])).exitCode).toBe(0);
  }
  const producer = new kafkajs.Kafka({ brokers: [bs()], clientId: 'parity-sg', logLevel: kafkajs.logLevel.NOTHING }).producer();
  await producer.connect();
  const words = ['apple', 'pear', 'fig', 'apple', 'plum', 'fig'];
  await producer.send({
    topic: INPUT,
    acks: -1,
    messages: COUNTS.flatMap((n, partition) => Array.from({ length: n }, (_, i) => ({ partition, key: `k${i}`, value: words[i % words.length] ?? 'x', timestamp: String(BASE + i * 1000) }))),
  });
  await producer.disconnect();
  app = new StreamsApp(cp, bs());
  await app.start();
}, 300_000);

afterAll(async () => {
  await app.stop().catch(() => undefined);
  await broker.dispose();
});

describe('streams-groups vs StreamsGroupCommand on Apache Kafka 4.4, a running Streams app (group.protocol=streams)', () => {
  it('--list, --describe in every view: the same bytes', async () => {
    const scenarios: string[][] = [
      ['--list'],
      ['--list', '--state'],
      ['--list', '--state', 'stable'],
      ['--list', '--state', 'Empty,Dead'],
      ['--describe', '--group', APP],
      ['--describe', '--group', APP, '--offsets', '--verbose'],
      ['--describe', '--group', APP, '--members'],
      ['--describe', '--group', APP, '--members', '--verbose'],
      ['--describe', '--group', APP, '--state'],
      ['--describe', '--group', APP, '--state', '--verbose'],
      ['--describe', '--all-groups', '--verbose'],
      ['--describe', '--group', APP, '--topology'],
      ['--describe', '--group', 'psg-nope'],
      ['--describe', '--group', 'psg-nope', '--members'],
      ['--reset-offsets', '--group', APP, '--all-input-topics', '--to-earliest', '--dry-run'],
      ['--delete', '--group', APP],
    ];
    // Kafka's in-memory description store (kafka-ref.ts) holds the topology once the app pushed it.
    await waitFor('the topology description stored', async () => (await tkafkaSide(bs(), ['--describe', '--group', APP, '--topology'])).stdout.startsWith('Topologies:\n'), 60_000, 500);
    let topology = '';
    for (const args of scenarios) {
      const k = await kafkaSide(bs(), args);
      const t = await tkafkaSide(bs(), args);
      if (args.includes('--topology')) topology = k.stdout;
      // An active group is not reset, nor deleted: Kafka says so and exits 0.
      compare(`running app: ${args.join(' ')}`, k, t, args[0] === '--delete' || args[0] === '--reset-offsets' ? 'exit-code' : 'same');
    }
    // The stored description: both subtopologies, the repartition topic between them, the store.
    expect(topology).toMatch(/^Topologies:\n {3}Sub-topology: 0\n {4}Source: KSTREAM-SOURCE-0000000000 \(topics: \[psg-in\]\)\n/);
    expect(topology).toContain(`    Sink: words-repartition-sink (topic: ${REPARTITION})\n`);
    expect(topology).toContain('\n   Sub-topology: 1\n');
    expect(topology).toContain(`    Source: words-repartition-source (topics: [${REPARTITION}])\n`);
    expect(topology).toContain('    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [counts])\n');
    // What those showed: the group, its two subtopologies' partitions, lag 0, one streams member.
    const d = await tkafkaSide(bs(), ['--describe', '--group', APP]);
    expect(d.stdout.split('\n').filter((l) => l.startsWith(APP)).map((l) => l.split(/\s+/).slice(1).join(' ')).sort()).toEqual([`${REPARTITION} 0 0`, `${REPARTITION} 1 0`, `${INPUT} 0 0`, `${INPUT} 1 0`]);
  });

  it('bad input: the same message (usage errors)', async () => {
    for (const args of [
      ['--describe'],
      ['--describe', '--group', APP, '--members', '--state'],
      ['--list', '--state', 'Bogus'],
      ['--delete', '--group', APP, '--input-topic', INPUT],
      ['--reset-offsets', '--group', APP, '--all-input-topics', '--to-earliest'],
      ['--reset-offsets', '--group', APP, '--all-input-topics', '--to-earliest', '--dry-run', '--delete-all-internal-topics'],
      ['--delete-offsets', '--group', APP],
    ]) {
      compare(`usage: ${args.join(' ')}`, await kafkaSide(bs(), args), await tkafkaSide(bs(), args), 'usage');
    }
  });

  describe('the app stopped: its group Empty', () => {
    let before: string[];
    let dir: string;

    beforeAll(async () => {
      await app.stop();
      before = await committed(bs());
      expect(before).toEqual(expect.arrayContaining([`${INPUT}:0=6`, `${INPUT}:1=4`]));
      dir = fs.mkdtempSync(path.join(runDir, 'psg-'));
    }, 120_000);

    /** The group's commits as before the run (a standalone commit while it is Empty). */
    async function restore(): Promise<void> {
      await withAdmin(bs(), async (admin) => {
        const offsets = before.map((s) => {
          const m = /^(.*):(\d+)=(\d+)$/.exec(s) as RegExpExecArray;
          return { topic: m[1] as string, partition: Number(m[2]), offset: BigInt(m[3] as string) };
        });
        const results = await admin.commitOffsets(APP, offsets);
        expect(results.every((r) => r.errorCode === 0)).toBe(true);
      });
      expect(await committed(bs())).toEqual(before);
    }

    it('--describe and dry-run resets of every spec: the same bytes', async () => {
      const file = path.join(dir, 'plan.csv');
      const exported = await kafkaSide(bs(), ['--reset-offsets', '--group', APP, '--input-topic', INPUT, '--to-offset', '2', '--dry-run', '--export']);
      fs.writeFileSync(file, exported.stdout);
      const reset = (...rest: string[]): string[] => ['--reset-offsets', '--group', APP, ...rest];
      const scenarios: string[][] = [
        ['--list', '--state'],
        ['--describe', '--group', APP],
        ['--describe', '--group', APP, '--members'],
        ['--describe', '--group', APP, '--state'],
        ['--describe', '--group', APP, '--state', '--verbose'],
        reset('--all-input-topics', '--to-earliest', '--dry-run'),
        reset('--all-input-topics', '--to-latest', '--dry-run'),
        reset('--input-topic', INPUT, '--to-offset', '2', '--dry-run'),
        reset('--input-topic', INPUT, '--to-offset', '99', '--dry-run'),
        reset('--input-topic', `${INPUT}:1`, '--shift-by', '-3', '--dry-run'),
        reset('--all-input-topics', '--shift-by', '-100', '--dry-run'),
        reset('--all-input-topics', '--to-datetime', new Date(BASE + 2000).toISOString().replace('Z', ''), '--dry-run'),
        reset('--all-input-topics', '--by-duration', 'PT1H', '--dry-run'),
        reset('--all-input-topics', '--by-duration', 'PT3H', '--dry-run'),
        reset('--all-input-topics', '--to-current', '--dry-run'),
        reset('--all-input-topics', '--to-earliest', '--dry-run', '--export'),
        reset('--from-file', file, '--dry-run'),
        reset('--input-topic', OUTPUT, '--to-earliest', '--dry-run'),
        reset('--input-topic', 'psg-missing', '--to-earliest', '--dry-run'),
        ['--reset-offsets', '--group', 'psg-nope', '--all-input-topics', '--to-earliest', '--dry-run'],
        ['--reset-offsets', '--group', 'psg-nope', '--input-topic', INPUT, '--to-earliest', '--dry-run'],
      ];
      for (const args of scenarios) {
        const k = await kafkaSide(bs(), args);
        const t = await tkafkaSide(bs(), args);
        compare(`stopped app: ${args.join(' ').replaceAll(dir, '<dir>')}`, k, t);
      }
      expect(await committed(bs())).toEqual(before);
    });

    it('--reset-offsets --execute and --delete-offsets: the same bytes, the same commits left', async () => {
      const reset = (...rest: string[]): string[] => ['--reset-offsets', '--group', APP, ...rest];
      const scenarios: Array<[string[], Expect]> = [
        [reset('--all-input-topics', '--to-earliest', '--execute'), 'same'],
        [reset('--input-topic', `${INPUT}:0`, '--shift-by', '-2', '--execute'), 'same'],
        [reset('--all-input-topics', '--to-datetime', new Date(BASE + 3000).toISOString().replace('Z', ''), '--execute'), 'same'],
        [['--delete-offsets', '--group', APP, '--all-input-topics'], 'same'],
        [['--delete-offsets', '--group', APP, '--input-topic', `${INPUT}:1`], 'same'],
        [['--delete-offsets', '--group', APP, '--input-topic', INPUT, '--input-topic', 'psg-missing'], 'exit-code'],
      ];
      for (const [args, kind] of scenarios) {
        await restore();
        const k = await kafkaSide(bs(), args);
        const kState = await committed(bs());
        await restore();
        const t = await tkafkaSide(bs(), args);
        const tState = await committed(bs());
        compare(`stopped app, real run: ${args.join(' ')}`, k, t, kind);
        expect(tState, args.join(' ')).toEqual(kState);
        expect(kState, `${args.join(' ')}\n${k.stdout}`).not.toEqual(before);
      }
      await restore();
    });

    it('--delete --delete-all-internal-topics: the same bytes, the group and its internal topics gone (the app run again in between)', async () => {
      const args = ['--delete', '--group', APP, '--delete-all-internal-topics'];
      expect(await topics(bs())).toEqual(expect.arrayContaining([REPARTITION, CHANGELOG]));
      const k = await kafkaSide(bs(), args);
      const kState = { group: await describeApp(bs()), topics: await topics(bs()) };
      // The app again, for a group to delete: the same topology, its internal topics made again.
      await waitFor('internal topics deleted', async () => !(await topics(bs())).includes(REPARTITION), 30_000, 250);
      await app.start();
      await app.stop();
      const t = await tkafkaSide(bs(), args);
      const tState = { group: await describeApp(bs()), topics: await topics(bs()) };
      compare(`stopped app, real run: ${args.join(' ')}`, k, t);
      expect(k.stdout).toBe(`Deletion of requested streams groups ('${APP}') was successful.\nDeletion of associated internal topics of the streams groups ('${APP}') was successful.\n`);
      expect(tState).toEqual(kState);
      expect(tState.group).toBeUndefined();
      expect(tState.topics).not.toContain(REPARTITION);
      expect(tState.topics).not.toContain(CHANGELOG);
    }, 240_000);
  });
});

describe("streams-groups vs StreamsGroupCommand on our broker (no streams groups): Kafka's tool and ours agree", () => {
  it('an empty list; describe, reset and delete-offsets fail with the UnsupportedVersionException; delete finds no group', async () => {
    for (const [args, kind] of [
      [['--list'], 'same'],
      [['--list', '--state'], 'same'],
      [['--describe', '--all-groups'], 'same'],
      [['--describe', '--group', 'g1'], 'same'],
      [['--describe', '--group', 'g1', '--state', '--verbose'], 'same'],
      [['--describe', '--group', 'g1', '--topology'], 'same'],
      [['--reset-offsets', '--group', 'g1', '--all-input-topics', '--to-earliest', '--dry-run'], 'same'],
      [['--delete-offsets', '--group', 'g1', '--all-input-topics'], 'same'],
      [['--delete', '--group', 'g1'], 'exit-code'],
    ] as Array<[string[], Expect]>) {
      compare(`tkafka broker: ${args.join(' ')}`, await kafkaSide(broker.bootstrap, args), await tkafkaSide(broker.bootstrap, args), kind);
    }
  });
});
