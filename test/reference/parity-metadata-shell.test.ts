// kafka-metadata-shell.sh (org.apache.kafka.shell.MetadataShell) next to tkafka metadata-shell on the
// SAME files: the metadata log of a reference Kafka 4.4 node (its own, with an authorizer for ACLs
// and SASL_SSL for a SCRAM user) after this file has made topics with configs and more partitions, a
// deleted topic, client quotas, ACLs and a second SCRAM user on it with kafkajs and Kafka's tools;
// the __cluster_metadata-0 directory is copied first, since Kafka keeps appending to its active
// segment. One parity row per command, stdout and exit code compared byte for byte.
//
// Kafka's side: Maven Central has no kafka-shell 4.4.0, so MetadataShell is kafka-shell 4.3.1's over
// 4.4's jars, with three bridge classes of ours (test/reference/metadata-shell-compat/README.md).
// Its non-interactive mode runs the command once the loader has applied anything
// (MetadataShell.waitUntilCaughtUp waits for an offset above 0, not for the end of the file), so on
// a busy machine it can print an image that is still loading: a Kafka run whose output differs is run
// again (at most three times), and the row says so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hashTree } from './peer-builds.js';
import { cacheDir, javaBin, runKafkaTool, startKafka, stopKafka, type KafkaClusterInfo } from './kafka-ref.js';
import { cachedBuild, runProcess } from './peers.js';
import { stripLog4j } from './parity.js';
import { logParity } from './parity-table.js';

const TIER = 'kafka-metadata-shell: Apache Kafka 4.4 MetadataShell vs tkafka metadata-shell (same files)';
const COMPAT = path.join(path.dirname(new URL(import.meta.url).pathname), 'metadata-shell-compat');
const SEG = '00000000000000000000.log';

let kafka: KafkaClusterInfo;
let work: string;
let copy: string;
let classpath: string;

/** The bridge classes compiled against Kafka 4.4's jars, once per source change, into the reference cache. */
async function compatClasses(lib: string): Promise<string> {
  const hash = hashTree(COMPAT, (n) => n.endsWith('.java'));
  const dir = await cachedBuild(path.join(cacheDir(), 'metadata-shell-compat', hash), (out) => {
    const sources: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.java')) sources.push(path.join(d, e.name));
      }
    };
    walk(COMPAT);
    const javac = javaBin() === 'java' ? 'javac' : path.join(path.dirname(javaBin()), 'javac');
    const r = spawnSync(javac, ['-d', path.join(out, 'classes'), '-cp', `${lib}/*`, ...sources], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`javac of ${COMPAT} failed:\n${r.stdout}${r.stderr}`);
  });
  return path.join(dir, 'classes');
}

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** MetadataShell as kafka-metadata-shell.sh runs it (the tools' JVM flags), the bridges first on the class path. */
function kafkaShell(args: readonly string[], input?: string): Promise<Run> {
  const jvm = kafka.toolJvmArgs.flatMap((a, i, all) => (a === '-cp' || all[i - 1] === '-cp' ? [] : [a]));
  return runProcess(javaBin(), [...jvm, '-cp', classpath, 'org.apache.kafka.shell.MetadataShell', ...args], { timeoutMs: 60_000, ...(input === undefined ? {} : { input }) }).then((r) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.code }));
}

async function ours(args: readonly string[]): Promise<Run> {
  const r = await runCli(['metadata-shell', ...args]);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

async function populate(): Promise<void> {
  const client = new Kafka({ brokers: kafka.bootstrap.split(','), clientId: 'metadata-shell-parity', logLevel: logLevel.NOTHING });
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        { topic: 'orders', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '86400000' }, { name: 'cleanup.policy', value: 'compact' }] },
        { topic: 'logs', numPartitions: 1 },
        { topic: 'gone', numPartitions: 1, configEntries: [{ name: 'segment.ms', value: '600000' }] },
      ],
      waitForLeaders: true,
    });
    await admin.createPartitions({ topicPartitions: [{ topic: 'logs', count: 2 }] });
    await admin.deleteTopics({ topics: ['gone'] });
    await admin.createAcls({
      acl: [
        { resourceType: AclResourceTypes.TOPIC, resourceName: 'orders', resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:bob', host: '*', operation: AclOperationTypes.READ, permissionType: AclPermissionTypes.ALLOW },
        { resourceType: AclResourceTypes.GROUP, resourceName: 'grp-', resourcePatternType: ResourcePatternTypes.PREFIXED, principal: 'User:eve', host: '1.2.3.4', operation: AclOperationTypes.ALL, permissionType: AclPermissionTypes.DENY },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  const bs = ['--bootstrap-server', kafka.bootstrap];
  for (const args of [
    [...bs, '--alter', '--entity-type', 'users', '--entity-name', 'bob', '--add-config', 'SCRAM-SHA-256=[iterations=8192,password=bob-secret]'],
    [...bs, '--alter', '--entity-type', 'users', '--entity-name', 'bob', '--entity-type', 'clients', '--entity-name', 'app(1)', '--add-config', 'producer_byte_rate=1024,request_percentage=12.5'],
    [...bs, '--alter', '--entity-type', 'clients', '--entity-default', '--add-config', 'consumer_byte_rate=20000000'],
    [...bs, '--alter', '--entity-type', 'ips', '--entity-name', '10.0.0.1', '--add-config', 'connection_creation_rate=7'],
    [...bs, '--alter', '--entity-type', 'brokers', '--entity-name', '1', '--add-config', 'log.cleaner.threads=2'],
    [...bs, '--alter', '--entity-type', 'brokers', '--entity-default', '--add-config', 'log.retention.ms=3600000'],
  ]) {
    const r = await runKafkaTool(kafka, 'org.apache.kafka.tools.ConfigCommand', args);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  }
}

beforeAll(async () => {
  const runDir = inject('refRunDir');
  kafka = await startKafka({
    nodes: 1,
    sasl: true,
    dir: path.join(runDir, 'kafka-metadata-shell'),
    extraProps: ['authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'super.users=User:ANONYMOUS;User:alice'],
  });
  classpath = `${await compatClasses(kafka.lib)}${path.delimiter}${kafka.lib}/*`;
  await populate();
  // The controller applies the last changes asynchronously to the tools' acknowledgements.
  await new Promise<void>((resolve) => setTimeout(resolve, 1000));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-metadata-shell-parity-'));
  copy = path.join(work, '__cluster_metadata-0');
  fs.cpSync(path.join(kafka.dir, 'node-1', 'data', '__cluster_metadata-0'), copy, { recursive: true });
}, 300_000);

afterAll(() => {
  if (kafka !== undefined) stopKafka(kafka);
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

/** /local is the tool's own version and commit: Kafka's AppInfoParser (4.4.0 and its commit) against tkafka's. */
function normaliseLocal(tree: string): string {
  return tree.replace(/^(local:\n {2}commitId:\n {4}).*\n( {2}version:\n {4}).*\n/m, '$1<commit>\n$2<version>\n');
}

async function compare(scenario: string, args: readonly string[], opts: { normalise?: (s: string) => string; why?: string } = {}): Promise<void> {
  const t = await ours(args);
  const norm = opts.normalise ?? ((s: string) => s);
  let k = await kafkaShell(args);
  let tries = 1;
  while (tries < 3 && norm(k.stdout) !== norm(t.stdout)) {
    k = await kafkaShell(args);
    tries++;
  }
  const exact = k.stdout === t.stdout && k.exitCode === t.exitCode;
  const same = norm(k.stdout) === norm(t.stdout) && k.exitCode === t.exitCode;
  const retried = tries > 1 ? `Kafka run ${tries} times: its first runs printed an image still loading` : undefined;
  const why = [exact ? undefined : opts.why, retried].filter((x) => x !== undefined).join('; ');
  logParity({ tier: TIER, scenario, result: exact ? 'identical' : same ? 'normalised-identical' : 'differs', ...(why === '' ? {} : { why }) });
  expect(norm(t.stdout)).toBe(norm(k.stdout));
  expect(t.exitCode).toBe(k.exitCode);
  // A metadata log segment: neither side writes anything to stderr.
  expect(t.stderr).toBe('');
  expect(stripLog4j(k.stderr)).toBe('');
}

describe('tkafka metadata-shell vs kafka-metadata-shell.sh on the same metadata log', () => {
  const seg = (): string => path.join(copy, SEG);
  const CASES: Array<[string, string[]]> = [
    ['ls /', ['ls', '/']],
    ['ls /image', ['ls', '/image']],
    ['tree /image/topics (byName and byId, partitions, the deleted topic gone)', ['tree', '/image/topics']],
    ['cat of a topic (a directory) and of its files by glob', ['cat', '/image/topics/byName/orders', '/image/topics/byName/orders/*']],
    ['cat of a partition node (added by CreatePartitions)', ['cat', '/image/topics/byName/logs/1']],
    ['find /image/configs (broker default, broker 1, topic)', ['find', '/image/configs']],
    ['tree /image/features (finalized levels, metadataVersion)', ['tree', '/image/features']],
    ['cat /image/features/metadataVersion', ['cat', '/image/features/metadataVersion']],
    ['tree /image/cluster (broker and controller registrations)', ['tree', '/image/cluster']],
    ['tree /image/clientQuotas (user+client, ip, default client)', ['tree', '/image/clientQuotas']],
    ['cat /image/acls/byId/* (literal and prefixed ACLs)', ['cat', '/image/acls/byId/*']],
    ['tree /image/scram (the formatted user and one added later)', ['tree', '/image/scram']],
    ['ls of several paths, a glob group and a missing node', ['ls', '/image/topics/byName/{orders,logs}', '/image/producerIds', '/image/nope']],
    ['cat /image/provenance /image/producerIds/nextProducerId', ['cat', '/image/provenance', '/image/producerIds/nextProducerId']],
    ['tree of a missing node', ['tree', '/image/topics/byName/none']],
    ['a shell-only command from the command line (pwd)', ['pwd']],
    ['an abbreviated command (l)', ['l', '/']],
  ];
  for (const [name, cmd] of CASES) {
    it(name, async () => {
      await compare(name, ['--snapshot', seg(), ...cmd]);
    });
  }

  it('tree / (everything; /local is the tool itself)', async () => {
    await compare('tree / (/local normalised: the tool version and commit)', ['--snapshot', seg(), 'tree', '/'], { normalise: normaliseLocal, why: "/local is the running tool: Kafka 4.4.0 and its commit id against tkafka's version and 'unknown'" });
  });

  it('the interactive shell over stdin: help, man, history, cd/pwd, relative paths, ambiguous and bad commands', async () => {
    const input = ['help', 'man ls', 'man tree', 'man foo', 'history 2', 'c', 'h', 'cd /nope', 'cd /image/provenance', 'cd /image/topics', 'pwd', 'ls', 'tree byName/logs', 'find byId', 'cd ..', 'cd', 'pwd', '  ls   /image/cluster  ', 'ls "/image/topics"', 'ls -l', 'history x', 'exit', 'ls'].join('\n') + '\n';
    const args = ['--snapshot', path.join(copy, SEG)];
    const t = await runCli(['metadata-shell', ...args], { input });
    // Interactive mode has the same wait (an offset above 0) before "Starting...": the same retry.
    let k = await kafkaShell(args, input);
    for (let i = 1; i < 3 && k.stdout !== t.stdout; i++) k = await kafkaShell(args, input);
    const same = k.stdout === t.stdout && k.exitCode === t.exitCode;
    logParity({ tier: TIER, scenario: 'the interactive shell over stdin (help, man, history, cd, pwd, errors, exit)', result: same ? 'normalised-identical' : 'differs', why: "stderr: jline warns that it made a dumb terminal (stdin is not one); stdout compared" });
    expect(t.stdout).toBe(k.stdout);
    expect(t.exitCode).toBe(k.exitCode);
    expect(t.stderr).toBe('');
  });

  it('the bootstrap snapshot (.checkpoint): same stdout; Kafka also logs its header and footer control records as ERROR', async () => {
    const snapshot = fs.readdirSync(copy).find((f) => f.endsWith('.checkpoint'));
    expect(snapshot).toBeDefined();
    const args = ['--snapshot', path.join(copy, snapshot as string), 'tree', '/image/features', '/image/scram'];
    const t = await ours(args);
    let k = await kafkaShell(args);
    for (let i = 1; i < 3 && k.stdout !== t.stdout; i++) k = await kafkaShell(args);
    const same = k.stdout === t.stdout && k.exitCode === t.exitCode;
    logParity({ tier: TIER, scenario: 'tree of the bootstrap snapshot (.checkpoint)', result: same ? 'normalised-identical' : 'differs', why: "stderr: Kafka's SnapshotFileReader logs 'ERROR Ignoring control record with type SNAPSHOT_HEADER/SNAPSHOT_FOOTER'; tkafka skips control records silently" });
    expect(t.stdout).toBe(k.stdout);
    expect(t.exitCode).toBe(k.exitCode);
    expect(k.stderr).toMatch(/ERROR Ignoring control record with type SNAPSHOT_HEADER at offset 0/);
    expect(t.stderr).toBe('');
  });

  it('a missing file: both exit 1; Kafka prints "Unexpected error: <exception>" and its stack, tkafka one line with the same exception', async () => {
    const args = ['--snapshot', path.join(work, 'missing.log'), 'ls', '/'];
    const k = await kafkaShell(args);
    const t = await ours(args);
    expect(k.exitCode).toBe(1);
    expect(t.exitCode).toBe(1);
    expect(t.stdout).toBe(k.stdout);
    const exception = `java.nio.file.NoSuchFileException: ${path.join(work, 'missing.log')}`;
    expect(k.stderr).toContain(`Unexpected error: ${exception}\n`);
    expect(t.stderr).toBe(`tkafka: ${exception}\n`);
    logParity({ tier: TIER, scenario: 'a missing --snapshot file (exit 1)', result: 'normalised-identical', why: 'errors are one line: Kafka adds ExecutionException and a stack trace' });
  });
});
