// kafka-jmx side by side: Kafka 4.4's JmxTool and `tkafka jmx` (our own RMI client, no JVM) against one
// Apache Kafka 4.4 node started here with remote JMX on (no auth, no SSL; the global setup's nodes
// have no JMX). Each scenario reads MBeans whose values do not move between the two runs (app-info,
// BrokerState, the controller's counts, a quiet topic's partition and log gauges), --one-time, and
// compares stdout and stderr byte for byte. Only the "time" column is normalised: it is each run's
// own wall clock (System.currentTimeMillis(), or the --date-format of it), so it cannot be equal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { javaBin, runKafkaTool, startKafka, stopKafka, type KafkaClusterInfo } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const TIER = 'kafka-jmx vs Kafka 4.4 JmxTool (1 node, remote JMX)';
const TOPIC = 'jmx-par';

let kafka: KafkaClusterInfo;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-ref-jmx-'));
  const port = await freePort();
  kafka = await startKafka({
    dir,
    brokerJvmArgs: [
      `-Dcom.sun.management.jmxremote.port=${port}`,
      `-Dcom.sun.management.jmxremote.rmi.port=${port}`,
      '-Dcom.sun.management.jmxremote.authenticate=false',
      '-Dcom.sun.management.jmxremote.ssl=false',
      '-Djava.rmi.server.hostname=127.0.0.1',
    ],
  });
  url = `service:jmx:rmi:///jndi/rmi://127.0.0.1:${port}/jmxrmi`;
  const created = await runCli(['topics', '--bootstrap-server', kafka.bootstrap, '--create', '--topic', TOPIC, '--partitions', '3', '--replication-factor', '1']);
  expect(created.exitCode, created.stderr).toBe(0);
  // The topic's gauges appear once the broker has applied the metadata: wait for all three partitions.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await runCli(['jmx', '--jmx-url', url, '--object-name', `kafka.log:type=Log,name=NumLogSegments,topic=${TOPIC},partition=*`, '--one-time', '--report-format', 'tsv']);
    if (r.exitCode === 0 && r.stdout.split('\n').filter((l) => l.startsWith('kafka.log:')).length === 3) break;
    if (Date.now() > deadline) throw new Error(`the topic's MBeans did not appear: ${r.stdout}${r.stderr}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}, 300_000);

afterAll(() => {
  if (kafka !== undefined) stopKafka(kafka);
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

/** The time column: the 13-digit epoch ms of each run (or a --date-format's "yyyy-MM-dd HH:mm" date), as T. */
function normaliseTime(stdout: string, format: string): string {
  const t = String.raw`(\d{13}|\d{4}-\d{2}-\d{2} \d{2}:\d{2})`;
  const original = new RegExp(String.raw`^${t}(?=,|$)`, 'gm');
  const res: Record<string, RegExp> = {
    properties: new RegExp(String.raw`^time=${t}$`, 'gm'),
    csv: new RegExp(String.raw`^time,"${t}"$`, 'gm'),
    tsv: new RegExp(String.raw`^time\t${t}$`, 'gm'),
  };
  const re = Object.hasOwn(res, format) ? (res[format] as RegExp) : original;
  return stdout.replace(re, (m, time: string) => m.replace(time, 'T'));
}

interface Side {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

async function both(args: string[], opts: { kafkaJvmArgs?: string[]; env?: Record<string, string> } = {}): Promise<{ k: Side; t: Side }> {
  const k = await runKafkaTool({ lib: kafka.lib, toolJvmArgs: [...(opts.kafkaJvmArgs ?? []), ...kafka.toolJvmArgs] }, 'org.apache.kafka.tools.JmxTool', args);
  const t = await runCli(['jmx', ...args], opts.env === undefined ? {} : { env: opts.env });
  return { k, t };
}

/** A data scenario: exit 0 both, the same stderr, the same stdout once the time column is T. */
async function expectSame(scenario: string, args: string[], format = 'original', opts: { url?: string; kafkaJvmArgs?: string[]; env?: Record<string, string> } = {}): Promise<string> {
  const { k, t } = await both(['--jmx-url', opts.url ?? url, ...args], opts);
  expect(k.exitCode, k.stderr).toBe(0);
  expect(t.exitCode, t.stderr).toBe(0);
  expect(t.stderr).toBe(k.stderr);
  const kn = normaliseTime(k.stdout, format);
  const tn = normaliseTime(t.stdout, format);
  expect(kn).toContain('T');
  expect(tn).toBe(kn);
  logParity({ tier: TIER, scenario, result: 'normalised-identical', why: 'the time column' });
  return kn;
}

describe('kafka-jmx against Apache Kafka 4.4 with remote JMX', () => {
  for (const format of ['original', 'properties', 'csv', 'tsv']) {
    it(`app-info MBeans by pattern (kafka.server:type=app-info,*), --report-format ${format}`, async () => {
      const out = await expectSame(`--object-name 'kafka.server:type=app-info,*' --report-format ${format}`, ['--object-name', 'kafka.server:type=app-info,*', '--one-time', 'true', '--report-format', format], format);
      expect(out).toContain('4.4.0');
      expect(out.split('\n').filter((l) => l !== '').length).toBe(format === 'original' ? 2 : 10);
    });
  }

  it('several names without patterns: BrokerState, ActiveControllerCount, GlobalTopicCount (original)', async () => {
    const out = await expectSame('three --object-name without patterns (BrokerState, ActiveControllerCount, GlobalTopicCount)', [
      '--object-name', 'kafka.server:type=KafkaServer,name=BrokerState',
      '--object-name', 'kafka.controller:type=KafkaController,name=ActiveControllerCount',
      '--object-name', 'kafka.controller:type=KafkaController,name=GlobalTopicCount',
      '--one-time',
    ]);
    // Keys in String order: the two controller gauges, then BrokerState (3 = RUNNING).
    expect(out).toMatch(/\nT,1,1,3\n$/);
  });

  it("a value wildcard and --attributes with patterns (the topic's partition gauges), csv", async () => {
    await expectSame(`--object-name 'kafka.cluster:type=Partition,topic=${TOPIC},*' --attributes Value --report-format csv`, ['--object-name', `kafka.cluster:type=Partition,topic=${TOPIC},*`, '--attributes', 'Value', '--one-time', '--report-format', 'csv'], 'csv');
    await expectSame(`--object-name 'kafka.log:type=Log,name=NumLogSegments,topic=${TOPIC},partition=*'`, ['--object-name', `kafka.log:type=Log,name=NumLogSegments,topic=${TOPIC},partition=*`, '--one-time']);
  });

  it('a domain wildcard and a "?" in a value, with --attributes naming one attribute of several', async () => {
    await expectSame("--object-name 'kafka.contr*:type=KafkaController,name=GlobalPartitionCoun?' --object-name 'kafka.server:type=app-info,id=1' --attributes Value,Version --report-format tsv", [
      '--object-name', 'kafka.contr*:type=KafkaController,name=GlobalPartitionCoun?',
      '--object-name', 'kafka.server:type=app-info,id=1',
      '--attributes', 'Value,Version',
      '--one-time', '--report-format', 'tsv',
    ], 'tsv');
  });

  it('--date-format, --reporting-interval -1 (once), and an unknown --report-format (Kafka prints original)', async () => {
    await expectSame("--date-format 'yyyy-MM-dd HH:mm' --reporting-interval -1 --report-format XML", ['--object-name', 'kafka.server:type=KafkaServer,name=BrokerState', '--date-format', 'yyyy-MM-dd HH:mm', '--reporting-interval', '-1', '--report-format', 'XML']);
  });

  it('--wait for names that exist', async () => {
    await expectSame('--wait with two names that exist, properties', ['--object-name', 'kafka.server:type=KafkaServer,name=BrokerState', '--object-name', 'kafka.server:type=app-info,id=1', '--wait', '--one-time', '--report-format', 'properties'], 'properties');
  });

  it("nothing matches: Kafka's message on stderr, exit 1 (tkafka prefixes its errors with 'tkafka: ')", async () => {
    const { k, t } = await both(['--jmx-url', url, '--object-name', 'kafka.server:type=Nothing', '--object-name', 'kafka.nothing:*', '--one-time']);
    expect([k.exitCode, t.exitCode]).toEqual([1, 1]);
    expect([k.stdout, t.stdout]).toEqual(['', '']);
    expect(t.stderr.replace('tkafka: ', '')).toBe(k.stderr);
    expect(k.stderr).toBe(`Trying to connect to JMX url: ${url}\nNo matched attributes for the queried objects [kafka.server:type=Nothing, kafka.nothing:*].\n`);
    logParity({ tier: TIER, scenario: 'no matched attributes (a name and a pattern that match nothing)', result: 'normalised-identical', why: "'tkafka: ' before the error" });
  });

  it('a malformed --object-name or --jmx-url: the same message; Kafka adds a stack trace and exits 1, tkafka exits 2 (usage error)', async () => {
    for (const [args, message] of [
      [['--jmx-url', url, '--object-name', 'kafka.server'], 'javax.management.MalformedObjectNameException: Key properties cannot be empty'],
      [['--jmx-url', 'rmi://127.0.0.1:9999/jmxrmi'], 'Service URL must start with service:jmx:'],
    ] as const) {
      const { k, t } = await both([...args, '--one-time']);
      expect(k.exitCode).toBe(1);
      expect(t.exitCode).toBe(2);
      // Kafka: the message, then Utils.stackTrace (first line: the exception's class and message).
      expect(k.stderr.split('\n').filter((l) => !l.startsWith('Trying to connect'))[0]).toContain(message);
      expect(t.stderr).toBe(`tkafka: ${message}\n`);
      logParity({ tier: TIER, scenario: `bad input: ${args.at(-1) ?? ''}`, result: 'differs', why: 'one line, no stack trace, exit 2 (usage error)' });
    }
  });

  it("nothing listens: the same attempt lines and the same final message after Kafka's 10 s of retries", async () => {
    const closed = `service:jmx:rmi:///jndi/rmi://127.0.0.1:${await freePort()}/jmxrmi`;
    const { k, t } = await both(['--jmx-url', closed, '--one-time']);
    expect([k.exitCode, t.exitCode]).toEqual([1, 1]);
    // Kafka prints each attempt's stack trace (e.printStackTrace) after its line: compare the first attempt's
    // lines (the message's "nested exception is:" spans two) and the last line; the attempt counts differ with speed.
    const kl = k.stderr.trimEnd().split('\n');
    const tl = t.stderr.trimEnd().split('\n');
    expect(tl.slice(0, 3)).toEqual(kl.slice(0, 3));
    expect(kl[1]).toContain('Connection refused to host: 127.0.0.1');
    expect(tl.at(-1)).toBe(`tkafka: ${kl.at(-1) ?? ''}`);
    expect(kl.at(-1)).toBe(`Could not connect to JMX url ${closed} after 10000 ms.`);
    logParity({ tier: TIER, scenario: 'a port where nothing listens (10 s of retries)', result: 'normalised-identical', why: "Kafka's stack traces and attempt count, 'tkafka: ' before the error" });
  }, 60_000);

  it('a Kafka listener as --jmx-url: the same first attempt; Kafka retries for 10 s, tkafka stops and says what is there', async () => {
    const port = kafka.nodes[0]?.port ?? 0;
    const wrong = `service:jmx:rmi:///jndi/rmi://127.0.0.1:${port}/jmxrmi`;
    const { k, t } = await both(['--jmx-url', wrong, '--one-time']);
    expect([k.exitCode, t.exitCode]).toEqual([1, 1]);
    const kl = k.stderr.trimEnd().split('\n');
    const tl = t.stderr.trimEnd().split('\n');
    expect(tl.slice(0, 3)).toEqual(kl.slice(0, 3));
    expect(kl[2]).toBe('\tjava.io.EOFException].');
    expect(tl[3]).toBe(`tkafka: Could not connect to JMX url ${wrong}: 127.0.0.1:${port} is not a JMX (RMI) endpoint: it is a Kafka listener.`);
    logParity({ tier: TIER, scenario: 'a Kafka listener as --jmx-url', result: 'differs', why: 'tkafka stops at once and names the Kafka listener; Kafka retries for 10 s' });
  }, 60_000);
});

// Password authentication and SSL, on a JVM that only serves its platform MBeans (test/reference/jmx/Idle.java)
// with Java's remote JMX agent: its stable attributes (the runtime's spec name and version, the processor count).
describe('kafka-jmx with --jmx-auth-prop and --jmx-ssl-enable (a JVM with password authentication, one with SSL)', () => {
  const IDLE = fileURLToPath(new URL('./jmx/Idle.java', import.meta.url));
  const procs: ChildProcess[] = [];
  let work: string;
  let authUrl: string;
  let sslUrl: string;
  let trust: string[];
  let ca: string;

  async function startIdle(props: string[]): Promise<string> {
    const port = await freePort();
    const child = spawn(javaBin(), ['-Xmx64m', '-XX:+UseSerialGC', `-Dcom.sun.management.jmxremote.port=${port}`, `-Dcom.sun.management.jmxremote.rmi.port=${port}`, '-Djava.rmi.server.hostname=127.0.0.1', ...props, IDLE], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    procs.push(child);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the JMX test JVM did not start: ${err}`)), 60_000);
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the JMX test JVM exited (${code}): ${err}`)));
    });
    return `service:jmx:rmi:///jndi/rmi://127.0.0.1:${port}/jmxrmi`;
  }

  const sh = (cmd: string, args: string[]): void => {
    const r = spawnSync(cmd, args, { cwd: work, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-ref-jmx-auth-'));
    // Java's agent insists that the password file be readable by its owner only.
    fs.writeFileSync(path.join(work, 'jmx.password'), 'alice alice-secret\n', { mode: 0o600 });
    fs.writeFileSync(path.join(work, 'jmx.access'), 'alice readonly\n');
    // A CA and a server certificate (PKCS12 key store for the agent); Kafka's tool trusts the CA through a
    // trust store, tkafka through NODE_EXTRA_CA_CERTS.
    sh('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tkafka-jmx-test-ca']);
    sh('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
    sh('openssl', ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2']);
    sh('openssl', ['pkcs12', '-export', '-in', 'server.pem', '-inkey', 'server.key', '-certfile', 'ca.pem', '-out', 'server.p12', '-passout', 'pass:changeit', '-name', 'server']);
    sh('keytool', ['-importcert', '-noprompt', '-alias', 'ca', '-file', 'ca.pem', '-keystore', 'trust.p12', '-storetype', 'PKCS12', '-storepass', 'changeit']);
    ca = path.join(work, 'ca.pem');
    trust = [`-Djavax.net.ssl.trustStore=${path.join(work, 'trust.p12')}`, '-Djavax.net.ssl.trustStorePassword=changeit', '-Djavax.net.ssl.trustStoreType=PKCS12'];
    [authUrl, sslUrl] = await Promise.all([
      startIdle(['-Dcom.sun.management.jmxremote.authenticate=true', `-Dcom.sun.management.jmxremote.password.file=${path.join(work, 'jmx.password')}`, `-Dcom.sun.management.jmxremote.access.file=${path.join(work, 'jmx.access')}`, '-Dcom.sun.management.jmxremote.ssl=false']),
      startIdle([
        '-Dcom.sun.management.jmxremote.authenticate=false',
        '-Dcom.sun.management.jmxremote.ssl=true',
        '-Dcom.sun.management.jmxremote.registry.ssl=true',
        `-Djavax.net.ssl.keyStore=${path.join(work, 'server.p12')}`,
        '-Djavax.net.ssl.keyStorePassword=changeit',
        '-Djavax.net.ssl.keyStoreType=PKCS12',
      ]),
    ]);
  }, 120_000);

  afterAll(() => {
    for (const p of procs) {
      try {
        if (p.pid !== undefined) process.kill(-p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
  });

  // Patterns, so that Kafka counts only the attributes each MBean has (see the next scenario).
  const RUNTIME = ['--object-name', 'java.lang:type=Runtime,*', '--object-name', 'java.lang:type=OperatingSystem,*', '--attributes', 'SpecName,SpecVersion,AvailableProcessors', '--one-time'];

  it('--attributes that one MBean lacks, with names without patterns: Kafka expects every attribute of every name and prints nothing', async () => {
    const { k, t } = await both(['--jmx-url', authUrl, '--jmx-auth-prop', 'alice=alice-secret', '--object-name', 'java.lang:type=Runtime', '--object-name', 'java.lang:type=OperatingSystem', '--attributes', 'SpecName,AvailableProcessors', '--one-time']);
    expect([k.exitCode, k.stdout, k.stderr]).toEqual([0, '', `Trying to connect to JMX url: ${authUrl}\n`]);
    expect([t.exitCode, t.stdout, t.stderr]).toEqual([k.exitCode, k.stdout, k.stderr]);
    logParity({ tier: TIER, scenario: '--attributes one MBean lacks, names without patterns (no header, no row)', result: 'identical' });
  });

  it('an option Kafka reads once, given twice: the same message (Kafka adds a stack trace, exit 1; tkafka exit 2)', async () => {
    const { k, t } = await both(['--jmx-url', authUrl, '--attributes', 'a', '--attributes', 'b', '--one-time']);
    expect([k.exitCode, t.exitCode]).toEqual([1, 2]);
    expect(k.stderr.split('\n')[0]).toBe('Found multiple arguments for option attributes, but you asked for only one');
    expect(t.stderr).toBe('tkafka: Found multiple arguments for option attributes, but you asked for only one\n');
    logParity({ tier: TIER, scenario: '--attributes given twice', result: 'differs', why: 'one line, no stack trace, exit 2 (usage error)' });
  });

  it('--jmx-auth-prop with the right password: the same rows', async () => {
    const out = await expectSame('--jmx-auth-prop alice=... (password authentication), properties', [...RUNTIME, '--jmx-auth-prop', 'alice=alice-secret', '--report-format', 'properties'], 'properties', { url: authUrl });
    expect(out).toContain('java.lang:type=Runtime:SpecName=Java Virtual Machine Specification');
  });

  it("CompositeData values (the memory pools' Usage): CompositeDataSupport.toString with its types, as Java prints it", async () => {
    const args = ['--jmx-url', authUrl, '--jmx-auth-prop', 'alice=alice-secret', '--object-name', 'java.lang:type=MemoryPool,name=*', '--attributes', 'Usage,Type', '--one-time', '--report-format', 'tsv'];
    const { k, t } = await both(args);
    expect([k.exitCode, t.exitCode]).toEqual([0, 0]);
    expect(t.stderr).toBe(k.stderr);
    // The pools' used and committed bytes move between the two runs; their init and max do not.
    const norm = (out: string): string => normaliseTime(out, 'tsv').replace(/(used|committed)=\d+/g, '$1=N');
    expect(norm(k.stdout)).toContain('contents={committed=N, init=');
    expect(norm(t.stdout)).toBe(norm(k.stdout));
    logParity({ tier: TIER, scenario: "CompositeData attributes: java.lang:type=MemoryPool,name=* Usage,Type (tsv)", result: 'normalised-identical', why: 'the time column, used and committed bytes' });
  });

  it('a wrong password: the same first attempt; Kafka retries for 10 s and exits 1, tkafka stops with exit 3', async () => {
    const { k, t } = await both(['--jmx-url', authUrl, ...RUNTIME, '--jmx-auth-prop', 'alice=wrong']);
    expect([k.exitCode, t.exitCode]).toEqual([1, 3]);
    const kl = k.stderr.split('\n');
    const tl = t.stderr.trimEnd().split('\n');
    expect(tl.slice(0, 2)).toEqual(kl.slice(0, 2));
    expect(kl[1]).toBe(`Could not connect to JMX url: ${authUrl}. Exception: Authentication failed! Invalid username or password.`);
    expect(tl[2]).toBe(`tkafka: Could not connect to JMX url ${authUrl}: Authentication failed! Invalid username or password`);
    logParity({ tier: TIER, scenario: '--jmx-auth-prop with a wrong password', result: 'differs', why: 'tkafka stops at once, exit 3 (authentication failed); Kafka retries for 10 s' });
  }, 60_000);

  it('--jmx-ssl-enable true: the registry and the connector over TLS, the same rows', async () => {
    const out = await expectSame('--jmx-ssl-enable true (registry and connector over SSL), tsv', [...RUNTIME, '--jmx-ssl-enable', 'true', '--report-format', 'tsv'], 'tsv', { url: sslUrl, kafkaJvmArgs: trust, env: { NODE_EXTRA_CA_CERTS: ca } });
    expect(out).toContain('java.lang:type=Runtime:SpecName\tJava Virtual Machine Specification');
  });
});

