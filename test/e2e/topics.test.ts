import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js against a real broker: Kafka's exact bytes on stdout, exit codes, and
// stderr only for usage errors and tkafka's hints.

const ERR = 'Error while executing topic command : ';
const WARNING =
  "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\n";

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '2' } });
});

afterAll(async () => {
  await b.dispose();
});

function topics(...args: string[]): Promise<CliResult> {
  return runCli(['topics', '--bootstrap-server', b.bootstrap, ...args]);
}

function idOf(name: string): string {
  const t = b.running.broker.topics.get(name);
  if (t === undefined) throw new Error(`no topic ${name}`);
  return t.id;
}

// The broker serves DescribeTopicPartitions, whose empty ELR lists Kafka 4.4's kafka-topics prints as
// nothing (`N/A` is for a cluster that answers only Metadata).
function partitionLine(topic: string, p: number): string {
  return `\tTopic: ${topic}\tPartition: ${p}\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: \n`;
}

// Concurrent: every test uses its own topic names, and the broker serves all of them at once.
describe.concurrent('tkafka topics (built binary, real broker)', () => {
  it('creates topics with both --opt value and --opt=value, warning about . and _', async ({ expect }) => {
    const [plain, eq, dotted] = await Promise.all([
      topics('--create', '--topic', 'cr-plain', '--partitions', '2'),
      topics('--create', '--topic=cr-eq', '--partitions=3', '--replication-factor=1'),
      topics('--create', '--topic', 'cr.dotted'),
    ]);
    expect(plain).toMatchObject({ exitCode: 0, stdout: 'Created topic cr-plain.\n', stderr: '' });
    expect(eq).toMatchObject({ exitCode: 0, stdout: 'Created topic cr-eq.\n', stderr: '' });
    expect(dotted).toMatchObject({ exitCode: 0, stdout: `${WARNING}Created topic cr.dotted.\n`, stderr: '' });
    expect(b.running.broker.topics.get('cr-eq')?.partitions).toHaveLength(3);
    expect(b.running.broker.topics.get('cr.dotted')?.partitions).toHaveLength(1);
  });

  it('create failures print Kafka\'s error line on stdout and exit 1; --if-not-exists makes a repeat succeed', async ({ expect }) => {
    await topics('--create', '--topic', 'cr-dup');
    const results = await Promise.all([
      topics('--create', '--topic', 'cr-dup'),
      topics('--create', '--topic', 'cr-dup', '--if-not-exists'),
      topics('--create', '--topic', 'cr-x', '--partitions', '0'),
      topics('--create', '--topic', 'cr-x', '--replication-factor', '0'),
      topics('--create', '--topic', 'cr-x', '--replication-factor', '3'),
      topics('--create', '--topic', 'cr-x', '--config', 'retention.ms'),
      topics('--create', '--topic', 'cr-x', '--config', 'no.such.config=1'),
      topics('--create', '--topic', 'cr-x', '--partitions', 'x'),
    ]);
    const [dup, ifNotExists, p0, rf0, rf3, badFormat, unknownConfig, notInt] = results;
    // jopt-simple's message, as TopicCommand prints it (a usage error here: exit 2).
    expect(notInt).toMatchObject({ exitCode: 2, stdout: '', stderr: "tkafka: Cannot parse argument 'x' of option partitions\n" });
    expect(dup).toMatchObject({ exitCode: 1, stdout: `${ERR}Topic 'cr-dup' already exists.\n` });
    expect(dup?.stderr).toMatch(/--if-not-exists/);
    expect(ifNotExists).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(p0).toMatchObject({ exitCode: 1, stdout: `${ERR}The partitions must be greater than 0\n`, stderr: '' });
    expect(rf0).toMatchObject({ exitCode: 1, stdout: `${ERR}The replication factor must be between 1 and 32767 inclusive\n`, stderr: '' });
    expect(rf3).toMatchObject({
      exitCode: 1,
      stdout: `${ERR}Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered or some brokers have all their log directories cordoned.\n`,
    });
    expect(rf3?.stderr).toMatch(/has one broker \(the bundled broker is a single node\): use --replication-factor 1\.$/m);
    expect(badFormat).toMatchObject({
      exitCode: 1,
      stdout: `${ERR}requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".\n`,
      stderr: '',
    });
    expect(unknownConfig).toMatchObject({ exitCode: 1, stdout: `${ERR}Unknown topic config name: no.such.config\n` });
    expect(b.running.broker.topics.get('cr-x')).toBeUndefined();
  });

  it('--list prints sorted names; --exclude-internal hides __consumer_offsets; --topic filters by regex', async ({ expect }) => {
    await Promise.all(['ls-b', 'ls-a', 'ls.c'].map((t) => topics('--create', '--topic', t)));
    b.running.broker.groups.ensureStorage();
    const [all, external, filtered, alternation] = await Promise.all([
      topics('--list'),
      topics('--list', '--exclude-internal'),
      topics('--list', '--topic', 'ls-.*'),
      topics('--list', '--topic', 'ls-a,ls\\.c'),
    ]);
    const names = all.stdout.split('\n').slice(0, -1);
    expect(all.exitCode).toBe(0);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['__consumer_offsets', 'ls-a', 'ls-b', 'ls.c']));
    const externalNames = external.stdout.split('\n').slice(0, -1);
    expect(externalNames).not.toContain('__consumer_offsets');
    expect(externalNames).toEqual(expect.arrayContaining(['ls-a', 'ls-b', 'ls.c']));
    expect(externalNames).toEqual([...externalNames].sort());
    expect(filtered).toMatchObject({ exitCode: 0, stdout: 'ls-a\nls-b\n', stderr: '' });
    expect(alternation.stdout).toBe('ls-a\nls.c\n');
  });

  it('--describe prints the summary and partition lines byte for byte', async ({ expect }) => {
    await topics('--create', '--topic', 'ds-conf', '--partitions', '2', '--config', 'cleanup.policy=compact', '--config', 'retention.ms=1000');
    await topics('--create', '--topic', 'ds-plain');
    const conf = await topics('--describe', '--topic', 'ds-conf');
    expect(conf).toMatchObject({ exitCode: 0, stderr: '' });
    expect(conf.stdout).toBe(
      `Topic: ds-conf\tTopicId: ${idOf('ds-conf')}\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: cleanup.policy=compact,retention.ms=1000\n` +
        partitionLine('ds-conf', 0) +
        partitionLine('ds-conf', 1),
    );
    const both = await topics('--describe', '--topic', 'ds-.*');
    // Kafka's HashMap order for these two names.
    expect(both.stdout).toBe(
      `Topic: ds-plain\tTopicId: ${idOf('ds-plain')}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n${partitionLine('ds-plain', 0)}${conf.stdout}`,
    );
  });

  it('--describe --topics-with-overrides, partition reports and -o json', async ({ expect }) => {
    await Promise.all([topics('--create', '--topic', 'ov-yes', '--config', 'max.message.bytes=2000'), topics('--create', '--topic', 'ov-no')]);
    const [overrides, underReplicated, json] = await Promise.all([
      topics('--describe', '--topic', 'ov-.*', '--topics-with-overrides'),
      topics('--describe', '--topic', 'ov-.*', '--under-replicated-partitions'),
      topics('--describe', '--topic', 'ov-.*', '-o', 'json'),
    ]);
    expect(overrides.stdout).toBe(`Topic: ov-yes\tTopicId: ${idOf('ov-yes')}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: max.message.bytes=2000\n`);
    expect(underReplicated).toMatchObject({ exitCode: 0, stdout: '' });
    expect(JSON.parse(json.stdout)).toEqual(
      ['ov-no', 'ov-yes'].map((name) => ({
        name,
        id: idOf(name),
        internal: false,
        partitionCount: 1,
        replicationFactor: 1,
        configs: name === 'ov-yes' ? { 'max.message.bytes': '2000' } : {},
        partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1], elr: [], lastKnownElr: [] }],
      })),
    );
  });

  it('a topic that matches nothing is an error for describe/alter/delete unless --if-exists', async ({ expect }) => {
    const results = await Promise.all([
      topics('--describe', '--topic', 'nothing-here'),
      topics('--alter', '--topic', 'nothing-here', '--partitions', '2'),
      topics('--delete', '--topic', 'nothing-here'),
      topics('--describe', '--topic', 'nothing-here', '--if-exists'),
      topics('--delete', '--topic', 'nothing-here', '--if-exists'),
    ]);
    for (const r of results.slice(0, 3)) expect(r).toMatchObject({ exitCode: 1, stdout: `${ERR}Topic 'nothing-here' does not exist as expected\n` });
    for (const r of results.slice(3)) expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('--alter increases partitions, and refuses to shrink or keep the count with Kafka\'s messages', async ({ expect }) => {
    await topics('--create', '--topic', 'al-t', '--partitions', '2');
    expect(await topics('--alter', '--topic', 'al-t', '--partitions', '4')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(b.running.broker.topics.get('al-t')?.partitions).toHaveLength(4);
    const [shrink, same] = await Promise.all([topics('--alter', '--topic', 'al-t', '--partitions', '1'), topics('--alter', '--topic', 'al-t', '--partitions', '4')]);
    expect(shrink).toMatchObject({ exitCode: 1, stdout: `${ERR}The topic al-t currently has 4 partition(s); 1 would not be an increase.\n` });
    expect(same).toMatchObject({ exitCode: 1, stdout: `${ERR}Topic already has 4 partition(s).\n` });
  });

  it('--delete removes every topic the regex matches', async ({ expect }) => {
    await Promise.all(['del-1', 'del-2', 'keep-1'].map((t) => topics('--create', '--topic', t)));
    expect(await topics('--delete', '--topic', 'del-.*')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(b.running.broker.topics.get('del-1')).toBeUndefined();
    expect(b.running.broker.topics.get('del-2')).toBeUndefined();
    expect(b.running.broker.topics.get('keep-1')?.name).toBe('keep-1');
  });

  it('-o json for --list and --create', async ({ expect }) => {
    const created = await topics('--create', '--topic', 'js_t', '--partitions', '2', '-o', 'json');
    expect(created.exitCode).toBe(0);
    expect(created.stderr).toBe(WARNING);
    expect(JSON.parse(created.stdout)).toEqual({ name: 'js_t', created: true, id: idOf('js_t'), partitions: 2, replicationFactor: 1 });
    const list = await topics('--list', '--topic', 'js_t', '--json');
    expect(JSON.parse(list.stdout)).toEqual([{ name: 'js_t', id: idOf('js_t'), internal: false, partitionCount: 2 }]);
  });

  it('usage errors exit 2 with one line and a hint, before connecting', async ({ expect }) => {
    const [none, two, wrong, missing, conflict, zookeeper] = await Promise.all([
      topics(),
      topics('--list', '--describe'),
      topics('--lisst'),
      topics('--create'),
      topics('--list', '--partitions', '3'),
      topics('--list', '--zookeeper', 'localhost:2181'),
    ]);
    const hint = "Run 'tkafka topics --help' for usage.\n";
    expect(none).toMatchObject({ exitCode: 2, stdout: '', stderr: `tkafka: Command must include exactly one action: --list, --describe, --create, --alter or --delete\n${hint}` });
    expect(two.stderr).toBe(none.stderr);
    expect(wrong).toMatchObject({ exitCode: 2, stdout: '', stderr: `tkafka: unknown option '--lisst' (Did you mean --list?)\n${hint}` });
    expect(missing).toMatchObject({ exitCode: 2, stderr: `tkafka: Missing required argument "[topic]"\n${hint}` });
    expect(conflict).toMatchObject({ exitCode: 2, stderr: `tkafka: Option "[partitions]" can't be used with option "[list]"\n${hint}` });
    expect(zookeeper).toMatchObject({ exitCode: 2, stdout: '' });
    expect(zookeeper.stderr).toMatch(/^tkafka: --zookeeper is not supported.*\nUse --bootstrap-server/);
  });

  it('a dotted topic with a config: create, describe, a duplicate (warning and error), a shrink, list and delete', async ({ expect }) => {
    expect(await topics('--create', '--topic', 'kj.t', '--partitions', '2', '--config', 'retention.ms=1000')).toMatchObject({
      exitCode: 0,
      stdout: `${WARNING}Created topic kj.t.\n`,
      stderr: '',
    });
    const [described, dup, shrink, list] = await Promise.all([
      topics('--describe', '--topic', 'kj\\.t'),
      topics('--create', '--topic', 'kj.t'),
      topics('--alter', '--topic', 'kj.t', '--partitions', '1'),
      topics('--list', '--topic', 'kj.*'),
    ]);
    expect(described).toMatchObject({
      exitCode: 0,
      stdout: `Topic: kj.t\tTopicId: ${idOf('kj.t')}\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: retention.ms=1000\n${partitionLine('kj.t', 0)}${partitionLine('kj.t', 1)}`,
      stderr: '',
    });
    expect(dup).toMatchObject({ exitCode: 1, stdout: `${WARNING}${ERR}Topic 'kj.t' already exists.\n` });
    expect(shrink).toMatchObject({ exitCode: 1, stdout: `${ERR}The topic kj.t currently has 2 partition(s); 1 would not be an increase.\n` });
    expect(list).toMatchObject({ exitCode: 0, stdout: 'kj.t\n', stderr: '' });
    expect(await topics('--delete', '--topic', 'kj.t')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(b.running.broker.topics.get('kj.t')).toBeUndefined();
  });

  it('an unreachable cluster is one line on stderr and exit 1', async ({ expect }) => {
    const r = await runCli(['topics', '--list', '--bootstrap-server', '127.0.0.1:1']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tkafka: Nothing answers at 127\.0\.0\.1:1 \(connection refused\); start the bundled broker with 'tkafka broker start'[^\n]*\n$/);
  });
});

describe('tkafka topics start-up', () => {
  it('--help loads neither kafkajs, the protocol clients nor the topics core', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tkafka-e2e-topics-trace-'));
    const trace = join(dir, 'modules.txt');
    try {
      const hooks =
        "import { appendFileSync } from 'node:fs';\n" +
        'export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.TKAFKA_TRACE_FILE, r.url + "\\n"); return r; }';
      const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
      const r = await runCli(['topics', '--help'], { env: { TKAFKA_TRACE_FILE: trace }, nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(register)}`] });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^Usage: tkafka topics /);
      for (const flag of ['--list', '--describe', '--create', '--alter', '--delete', '--bootstrap-server', '--command-config', '--if-not-exists', '--topics-with-overrides']) {
        expect(r.stdout).toContain(flag);
      }
      const loaded = readFileSync(trace, 'utf8').split('\n').filter((l) => l !== '');
      expect(loaded.some((u) => u.endsWith('/dist/cli/commands/topics/index.js'))).toBe(true);
      expect(loaded.filter((u) => /kafkajs|\/dist\/core\/topics|\/dist\/client\/|\/dist\/protocol\/|\/dist\/broker\//.test(u))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
