// The peers' own test suites against our broker (issue 11 §3), with a summary: librdkafka's test
// programs (tests/, its plain produce/consume, group, offset, EOS and admin tests) and kafkajs's
// integration specs (the single plaintext broker subset). They are not in the interop tier: each needs
// the peer's source tree (a librdkafka checkout; kafkajs 2.2.4's repository with its dev dependencies
// installed), and together they take longer than the tier's budget.
//
//   npm run peers:suites -- [--librdkafka DIR] [--kafkajs DIR [--kafkajs-report FILE]] [--tests 0001,0002,...]
//
// librdkafka's tests are built in DIR when tests/test-runner is missing (./configure --disable-ssl
// --disable-gssapi, make libs, make -C tests build) and run one per test-runner process against a
// broker on a free port, linked to the librdkafka and librdkafka++ built beside them (not the system's); kafkajs's specs need our broker at localhost:9092 as node 0 (its helpers
// hard-code both). Tests that need three brokers, SSL/SASL listeners, an authorizer or Kafka's own
// scripts are listed as such and not counted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/ports.js';
import { waitFor } from '../../test/helpers/wait.js';
import { portOpen } from '../../test/reference/kafka-ref.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// librdkafka 2.x tests that talk to a broker with PLAINTEXT: produce/consume, groups, offsets, EOS, admin.
const RDKAFKA_TESTS =
  '0001,0002,0003,0005,0007,0008,0011,0012,0013,0014,0015,0016,0017,0018,0019,0020,0021,0022,0026,0028,0029,0030,0031,0033,0034,0035,0036,0039,0040,0041,0042,0044,0045,0048,0050,0051,0052,0053,0054,0056,0057,0059,0060,0061,0063,0064,0065,0067,0069,0070,0073,0077,0081,0082,0083,0084,0085,0086,0089,0090,0091,0092,0093,0098,0099,0102,0103,0107,0109,0110,0112,0113,0114,0118,0122,0125,0127,0129,0130,0132,0137,0140';
// Not counted, with the reason.
const RDKAFKA_NOT_COUNTED: Record<string, string> = {
  '0052': "needs Kafka's scripts (kafka-configs)",
  '0077': "needs Kafka's scripts (kafka-configs)",
  '0109': "needs Kafka's scripts",
  '0064': 'needs an SSL listener',
  '0103': 'creates its topic with replication factor 3 (three brokers)',
};

interface Outcome {
  name: string;
  result: 'pass' | 'fail' | 'skip' | 'not counted';
  why?: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function startBroker(port: number, config: string[]): Promise<{ child: ChildProcess; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-suites-'));
  const args = ['bin/tkafka.js', 'broker', 'start', '--foreground', '--port', String(port), '--advertised-host', 'localhost', '--data-dir', path.join(dir, 'data')];
  for (const c of config) args.push('--config', c);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'broker.log'), 'w')] });
  await waitFor(`the broker on port ${port} (see ${dir}/broker.log)`, () => portOpen(port), 30_000, 100);
  return { child, dir };
}

function sh(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}`);
}

async function librdkafka(dir: string, tests: string[]): Promise<Outcome[]> {
  const testsDir = path.join(dir, 'tests');
  if (!fs.existsSync(path.join(testsDir, 'test-runner'))) {
    console.log(`building librdkafka's tests in ${dir} ...`);
    sh('./configure', ['--disable-ssl', '--disable-gssapi'], dir);
    sh('make', ['-j2', 'libs'], dir);
    sh('make', ['-j2', 'build'], testsDir);
  }
  const port = await freePort();
  // As librdkafka's own test clusters: auto-created topics get 4 partitions.
  const broker = await startBroker(port, ['num.partitions=4']);
  fs.writeFileSync(path.join(testsDir, 'test.conf'), `metadata.broker.list=localhost:${port}\ntest.timeout.multiplier=2\n`);
  const out: Outcome[] = [];
  try {
    for (const t of tests) {
      if (RDKAFKA_NOT_COUNTED[t] !== undefined) {
        out.push({ name: t, result: 'not counted', why: RDKAFKA_NOT_COUNTED[t] });
        continue;
      }
      const r = spawnSync('./test-runner', ['-L', '-E', '-Q'], { cwd: testsDir, env: { ...process.env, TESTS: t, TEST_KAFKA_VERSION: '3.9.0', LD_LIBRARY_PATH: `${path.join(dir, 'src')}:${path.join(dir, 'src-cpp')}` }, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 28 });
      const text = `${r.stdout}${r.stderr}`.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
      const failed = /### Test "([^"]*)" failed at [^\n]*\n([^\n]*)/.exec(text);
      if (/Test \S+ SKIPPED/.test(text)) out.push({ name: t, result: 'skip' });
      else if (r.status === 0) out.push({ name: t, result: 'pass' });
      else out.push({ name: t, result: 'fail', why: failed === null ? `exit ${String(r.status ?? r.signal)}` : `${failed[1] ?? ''}: ${failed[2] ?? ''}` });
      console.log(`librdkafka ${t}: ${out.at(-1)?.result ?? ''}`);
    }
  } finally {
    broker.child.kill('SIGTERM');
  }
  return out;
}

// kafkajs specs and tests written for its three-broker docker cluster (brokers 0, 1 and 2, replicas on
// each): seed-broker failover, per-broker retries, describeCluster's three nodes, replica assignments.
const THREE_BROKERS_SPECS = ['cluster/__tests__/brokerPool.spec.js', 'admin/__tests__/alterPartitionReassignments.spec.js', 'admin/__tests__/listPartitionReassignments.spec.js', 'broker/__tests__/alterPartitionReassignments.spec.js', 'broker/__tests__/listPartitionReassignments.spec.js'];
const THREE_BROKERS = /describeCluster retrieves metadata for all brokers|manual replica assignment|(alter|describe) broker configs|deleteTopicRecords .*(retriable|non-retriable)|not the partition leader|across all brokers|findGroupCoordinator retry on ECONNREFUSED/;

interface JestAssertion {
  fullName: string;
  status: string;
  failureMessages: string[];
}

async function kafkajs(dir: string): Promise<Outcome[]> {
  // The specs that talk to a broker; the ACL specs need an authorizer, which a single local broker has not.
  const specs = spawnSync('git', ['ls-files', 'src'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.spec.js'));
  const broker = specs.filter((f) => /createCluster|createConnectionPool|plainTextBrokers|saslBrokers|sslBrokers|connectionOpts|createTopic\(/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  const counted = broker.filter((f) => !/acl/i.test(f));
  const out: Outcome[] = broker.filter((f) => /acl/i.test(f)).map((f) => ({ name: f, result: 'not counted', why: 'ACLs need an authorizer' }));
  let report = arg('kafkajs-report');
  if (report === undefined) {
    const node = await startBroker(9092, ['node.id=0', 'num.partitions=2']);
    report = path.join(node.dir, 'jest.json');
    try {
      spawnSync('npx', ['jest', '--ci', '--json', `--outputFile=${report}`, '--forceExit', ...counted], { cwd: dir, env: { ...process.env, KAFKA_VERSION: '2.4', HOST_IP: 'localhost' }, stdio: ['ignore', 'ignore', 'ignore'], timeout: 1_800_000 });
    } finally {
      node.child.kill('SIGTERM');
    }
    console.log(`kafkajs: jest's report is ${report} (--kafkajs-report FILE summarises it again)`);
  }
  const results = JSON.parse(fs.readFileSync(report, 'utf8')) as { testResults: Array<{ name: string; assertionResults: JestAssertion[] }> };
  for (const file of results.testResults) {
    for (const a of file.assertionResults) {
      const name = `${path.relative(dir, file.name)} › ${a.fullName}`;
      const msg = a.failureMessages.join('\n');
      if (a.status === 'pending') out.push({ name, result: 'skip' });
      else if (a.status === 'passed') out.push({ name, result: 'pass' });
      else if (/ssl|sasl|scram|oauthbearer|plain mechanism/i.test(a.fullName) || /:909[3467]|:9100|SSL|SASL/.test(msg)) out.push({ name, result: 'not counted', why: 'needs an SSL/SASL listener' });
      else if (/Command failed .*EPERM|docker/.test(msg)) out.push({ name, result: 'not counted', why: "needs Kafka's scripts (docker exec)" });
      else if (THREE_BROKERS_SPECS.some((f) => file.name.endsWith(f)) || THREE_BROKERS.test(a.fullName) || /:9095|:9098|Broker [12] not found in the cached metadata/.test(msg)) out.push({ name, result: 'not counted', why: 'needs three brokers (nodes 0, 1, 2)' });
      else out.push({ name, result: 'fail', why: (msg.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 160) });
    }
  }
  return out;
}

function summary(suite: string, outcomes: Outcome[]): void {
  const n = (r: Outcome['result']): number => outcomes.filter((o) => o.result === r).length;
  const pass = n('pass');
  const fail = n('fail');
  console.log(`\n## ${suite}: ${pass} passed, ${fail} failed, ${n('skip')} skipped, ${n('not counted')} not counted (${pass + fail === 0 ? '-' : ((100 * pass) / (pass + fail)).toFixed(1)}% of those run)`);
  for (const o of outcomes.filter((x) => x.result === 'fail')) console.log(`  FAIL ${o.name}: ${o.why ?? ''}`);
  const reasons = new Map<string, number>();
  for (const o of outcomes.filter((x) => x.result === 'not counted')) reasons.set(o.why ?? '', (reasons.get(o.why ?? '') ?? 0) + 1);
  for (const [why, count] of reasons) console.log(`  not counted: ${count} ${why}`);
}

const rdk = arg('librdkafka');
const kjs = arg('kafkajs');
if (rdk === undefined && kjs === undefined) {
  console.error('usage: npm run peers:suites -- [--librdkafka DIR] [--kafkajs DIR] [--tests 0001,0002,...]\n(DIR: a librdkafka source checkout; a kafkajs 2.2.4 checkout with `npm install` done)');
  process.exit(2);
}
if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('run npm run build first');
let failures = 0;
if (rdk !== undefined) {
  const o = await librdkafka(path.resolve(rdk), (arg('tests') ?? RDKAFKA_TESTS).split(','));
  summary('librdkafka tests/', o);
  failures += o.filter((x) => x.result === 'fail').length;
}
if (kjs !== undefined) {
  const o = await kafkajs(path.resolve(kjs));
  summary('kafkajs integration specs', o);
  failures += o.filter((x) => x.result === 'fail').length;
}
process.exit(failures === 0 ? 0 : 1);
