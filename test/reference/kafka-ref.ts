// The reference bench: Apache Kafka itself, resolved from Maven Central into a cache outside git and
// started on free loopback ports as one KRaft node (PLAINTEXT + SASL_SSL with SCRAM-SHA-512) or as a
// three-node KRaft cluster. Used by the interop tier (vitest.reference.config.ts) and by
// `npm run kafka:ref`. Kafka's own tools run from the same jars (runKafkaTool).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scramSslClientLines, writeClientConfig } from '../helpers/client-config.js';
import { freePort } from '../helpers/ports.js';
import { runProcess } from './peers.js';

export const KAFKA_4 = process.env['TKAFKA_REF_KAFKA_VERSION'] ?? '4.4.0';
export const KAFKA_3 = process.env['TKAFKA_REF_KAFKA3_VERSION'] ?? '3.9.1';
export const SASL_USER = 'alice';
export const SASL_PASSWORD = 'alice-secret';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function cacheDir(): string {
  return process.env['TKAFKA_REF_CACHE'] ?? path.join(os.homedir(), '.cache', 'tkafka-ref');
}

export function javaBin(): string {
  const home = process.env['JAVA_HOME'];
  return home === undefined || home === '' ? 'java' : path.join(home, 'bin', 'java');
}

function isKafka3(version: string): boolean {
  return version.startsWith('3.');
}

/**
 * Jars a cached lib dir must hold besides the broker's, for the tools the tier runs: a cache made
 * before the pom named them (kafka-shell, for kafka-metadata-shell.sh) is resolved again.
 */
function requiredJars(version: string): RegExp[] {
  return isKafka3(version) ? [] : [/^kafka-shell-.+\.jar$/];
}

/** The directory holding every jar of Kafka `version` (broker, tools, Streams, Connect), resolving it with Maven once. */
export function resolveKafka(version: string): string {
  const dir = path.join(cacheDir(), `kafka-${version}`);
  const lib = path.join(dir, 'lib');
  const cached = fs.existsSync(path.join(lib, `kafka_2.13-${version}.jar`));
  if (cached) {
    const jars = fs.readdirSync(lib);
    if (requiredJars(version).every((re) => jars.some((j) => re.test(j)))) return lib;
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${lib}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const pom = path.join(HERE, isKafka3(version) ? 'kafka-3.9' : 'kafka-4', 'pom.xml');
  const r = spawnSync('mvn', ['-B', '-q', '-f', pom, `-Dkafka.version=${version}`, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`, '-Dmdep.includeScope=runtime'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`mvn could not resolve Apache Kafka ${version}:\n${r.stdout}${r.stderr}`);
  if (cached) {
    // Another run may be using this lib dir (its JVMs list lib/*): move the missing jars in (one
    // atomic rename each, same file system) rather than replace the dir.
    const have = new Set(fs.readdirSync(lib));
    let added = false;
    for (const jar of fs.readdirSync(tmp)) {
      if (have.has(jar)) continue;
      fs.renameSync(path.join(tmp, jar), path.join(lib, jar));
      added = true;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    // The tools' class-data archive was dumped over the old class path: make it again (prepareToolArchive).
    if (added) fs.rmSync(toolArchive(lib), { force: true });
    return lib;
  }
  fs.rmSync(lib, { recursive: true, force: true });
  fs.renameSync(tmp, lib);
  return lib;
}

/** Log configuration as Kafka ships it for its tools (WARN and up on stderr), and INFO to a file for brokers. */
function writeLogConfigs(dir: string, version: string): { tools: string[]; broker: string[] } {
  if (isKafka3(version)) {
    const tools = path.join(dir, 'tools-log4j.properties');
    fs.writeFileSync(tools, ['log4j.rootLogger=WARN, stderr', 'log4j.appender.stderr=org.apache.log4j.ConsoleAppender', 'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout', 'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n', 'log4j.appender.stderr.Target=System.err', ''].join('\n'));
    const broker = path.join(dir, 'log4j.properties');
    fs.writeFileSync(broker, ['log4j.rootLogger=INFO, stdout', 'log4j.appender.stdout=org.apache.log4j.ConsoleAppender', 'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout', 'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n', ''].join('\n'));
    return { tools: [`-Dlog4j.configuration=file:${tools}`], broker: [`-Dlog4j.configuration=file:${broker}`] };
  }
  const yaml = (level: string, target: string): string =>
    ['Configuration:', '  Appenders:', '    Console:', '      name: OUT', `      target: ${target}`, '      PatternLayout:', '        pattern: "[%d] %p %m (%c)%n"', '  Loggers:', '    Root:', `      level: ${level}`, '      AppenderRef:', '        - ref: OUT', ''].join('\n');
  const tools = path.join(dir, 'tools-log4j2.yaml');
  fs.writeFileSync(tools, yaml('WARN', 'SYSTEM_ERR'));
  const broker = path.join(dir, 'log4j2.yaml');
  fs.writeFileSync(broker, yaml('INFO', 'SYSTEM_OUT'));
  return { tools: [`-Dlog4j2.configurationFile=${tools}`], broker: [`-Dlog4j2.configurationFile=${broker}`] };
}

export interface KafkaNodeInfo {
  nodeId: number;
  pid: number;
  port: number;
  controllerPort: number;
  saslPort?: number;
  mtlsPort?: number;
  logFile: string;
}

export interface KafkaClusterInfo {
  version: string;
  dir: string;
  lib: string;
  nodes: KafkaNodeInfo[];
  /** PLAINTEXT bootstrap of every node. */
  bootstrap: string;
  /** SASL_SSL (SCRAM-SHA-512) bootstrap of node 1, when started with sasl. */
  saslBootstrap?: string;
  /** A Java client properties file for the SASL_SSL listener (user alice, the run's CA). */
  saslClientConfig?: string;
  /** SSL bootstrap of node 1 requiring a client certificate, when started with mtls. */
  mtlsBootstrap?: string;
  /** A Java client properties file for it: the run's CA, a client certificate (CN=tkafka-client) as a PEM key store. */
  mtlsClientConfig?: string;
  readyMs: number;
  rssKb: number;
  toolJvmArgs: string[];
  /** The ports of `StartOptions.extraListeners` on node 1, by listener name. */
  extraPorts?: Record<string, number>;
}

export interface StartOptions {
  version?: string;
  nodes?: number;
  sasl?: boolean;
  /** Also an SSL listener on node 1 that requires a client certificate (ssl.client.auth=required). */
  mtls?: boolean;
  /** Where the cluster's config, data and logs go (default: a new temp dir). */
  dir?: string;
  heapMb?: number;
  /** More server.properties lines for every node, e.g. an authorizer. */
  extraProps?: readonly string[];
  /** More listeners on node 1, each on a free port (`KafkaClusterInfo.extraPorts`), with their own properties. */
  extraListeners?: readonly { name: string; protocol: string; props: readonly string[] }[];
  /** More JVM arguments for every node's broker process (e.g. remote JMX's -Dcom.sun.management.jmxremote.*). */
  brokerJvmArgs?: readonly string[];
}

function sh(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
}

/** A CA and a broker certificate for 127.0.0.1/localhost, PEM, made with openssl for this run only. */
function makeCertificates(dir: string): { keystore: string; ca: string; clientKeystore: string } {
  const d = path.join(dir, 'tls');
  fs.mkdirSync(d, { recursive: true });
  sh('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tkafka-test-ca'], d);
  sh('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost'], d);
  fs.writeFileSync(path.join(d, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  sh('openssl', ['x509', '-req', '-in', 'broker.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'broker.pem', '-days', '2', '-extfile', 'san.ext'], d);
  // Kafka's PEM key store: an unencrypted PKCS#8 key followed by the certificate chain.
  sh('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', 'broker.key', '-out', 'broker.pk8'], d);
  const keystore = path.join(d, 'broker-keystore.pem');
  fs.writeFileSync(keystore, fs.readFileSync(path.join(d, 'broker.pk8'), 'utf8') + fs.readFileSync(path.join(d, 'broker.pem'), 'utf8') + fs.readFileSync(path.join(d, 'ca.pem'), 'utf8'));
  // A client certificate from the same CA, for listeners with ssl.client.auth=required.
  sh('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=tkafka-client'], d);
  sh('openssl', ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2'], d);
  sh('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', 'client.key', '-out', 'client.pk8'], d);
  const clientKeystore = path.join(d, 'client-keystore.pem');
  fs.writeFileSync(clientKeystore, fs.readFileSync(path.join(d, 'client.pk8'), 'utf8') + fs.readFileSync(path.join(d, 'client.pem'), 'utf8'), { mode: 0o600 });
  return { keystore, ca: path.join(d, 'ca.pem'), clientKeystore };
}

function kafkaClusterId(): string {
  // As Kafka's Uuid.randomUuid: never a leading '-', which the storage tool's parser reads as an option.
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]);
  } catch {
    return 0;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts Kafka and resolves once every node is registered and the cluster answers topic commands. */
export async function startKafka(opts: StartOptions = {}): Promise<KafkaClusterInfo> {
  const version = opts.version ?? KAFKA_4;
  const n = opts.nodes ?? 1;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `tkafka-ref-${version}-`));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lib = resolveKafka(version);
  const logs = writeLogConfigs(dir, version);
  const cp = `${lib}/*`;
  const toolJvmArgs = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-Xmx256m', ...logs.tools, '-cp', cp];
  const certs = opts.sasl === true || opts.mtls === true ? makeCertificates(dir) : undefined;
  const nodes: Array<Omit<KafkaNodeInfo, 'pid'>> = [];
  for (let i = 1; i <= n; i++) {
    const port = await freePort();
    const controllerPort = await freePort();
    const saslPort = opts.sasl === true && i === 1 ? await freePort() : undefined;
    const mtlsPort = opts.mtls === true && i === 1 ? await freePort() : undefined;
    nodes.push({ nodeId: i, port, controllerPort, ...(saslPort === undefined ? {} : { saslPort }), ...(mtlsPort === undefined ? {} : { mtlsPort }), logFile: path.join(dir, `node-${i}`, 'kafka.out') });
  }
  const extraPorts: Record<string, number> = {};
  for (const l of opts.extraListeners ?? []) extraPorts[l.name] = await freePort();
  const voters = nodes.map((x) => `${x.nodeId}@127.0.0.1:${x.controllerPort}`).join(',');
  const clusterId = kafkaClusterId();
  const rf = Math.min(3, n);
  const started = Date.now();
  const pids: number[] = [];
  for (const node of nodes) {
    const nodeDir = path.join(dir, `node-${node.nodeId}`);
    fs.mkdirSync(nodeDir, { recursive: true });
    const listeners = [`PLAINTEXT://127.0.0.1:${node.port}`, `CONTROLLER://127.0.0.1:${node.controllerPort}`];
    const advertised = [`PLAINTEXT://127.0.0.1:${node.port}`];
    const props: string[] = [
      'process.roles=broker,controller',
      `node.id=${node.nodeId}`,
      `controller.quorum.voters=${voters}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${path.join(nodeDir, 'data')}`,
      `offsets.topic.replication.factor=${rf}`,
      'offsets.topic.num.partitions=50',
      `transaction.state.log.replication.factor=${rf}`,
      `transaction.state.log.min.isr=${Math.min(2, rf)}`,
      'group.initial.rebalance.delay.ms=0',
      // KIP-1071's topology description store (Kafka's in-memory one), so a streams group's
      // --describe --topology shows the description its app pushed (parity-streams-groups).
      'group.streams.topology.description.plugin.class=org.apache.kafka.server.streams.InMemoryTopologyDescriptionPlugin',
      'num.partitions=1',
      `default.replication.factor=1`,
      'auto.create.topics.enable=true',
      'num.network.threads=2',
      'num.io.threads=2',
      'background.threads=2',
    ];
    const protocolMap = ['CONTROLLER:PLAINTEXT', 'PLAINTEXT:PLAINTEXT'];
    if (node.saslPort !== undefined && certs !== undefined) {
      listeners.push(`SASL_SSL://127.0.0.1:${node.saslPort}`);
      advertised.push(`SASL_SSL://127.0.0.1:${node.saslPort}`);
      protocolMap.push('SASL_SSL:SASL_SSL');
      props.push(
        'sasl.enabled.mechanisms=SCRAM-SHA-512',
        'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
        'ssl.keystore.type=PEM',
        `ssl.keystore.location=${certs.keystore}`,
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${certs.ca}`,
        'ssl.client.auth=none',
      );
    }
    if (node.mtlsPort !== undefined && certs !== undefined) {
      listeners.push(`SSL://127.0.0.1:${node.mtlsPort}`);
      advertised.push(`SSL://127.0.0.1:${node.mtlsPort}`);
      protocolMap.push('SSL:SSL');
      props.push(
        'listener.name.ssl.ssl.keystore.type=PEM',
        `listener.name.ssl.ssl.keystore.location=${certs.keystore}`,
        'listener.name.ssl.ssl.truststore.type=PEM',
        `listener.name.ssl.ssl.truststore.location=${certs.ca}`,
        'listener.name.ssl.ssl.client.auth=required',
      );
    }
    if (node.nodeId === 1) {
      for (const l of opts.extraListeners ?? []) {
        listeners.push(`${l.name}://127.0.0.1:${extraPorts[l.name]}`);
        advertised.push(`${l.name}://127.0.0.1:${extraPorts[l.name]}`);
        protocolMap.push(`${l.name}:${l.protocol}`);
        props.push(...l.props);
      }
    }
    props.push(`listeners=${listeners.join(',')}`, `advertised.listeners=${advertised.join(',')}`, `listener.security.protocol.map=${protocolMap.join(',')}`, ...(opts.extraProps ?? []));
    const propsFile = path.join(nodeDir, 'server.properties');
    fs.writeFileSync(propsFile, props.join('\n') + '\n');
    const formatArgs = ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile, '--ignore-formatted'];
    if (node.saslPort !== undefined) formatArgs.push('--add-scram', `SCRAM-SHA-512=[name=${SASL_USER},password=${SASL_PASSWORD}]`);
    const fmt = spawnSync(javaBin(), [...toolJvmArgs, ...formatArgs], { encoding: 'utf8' });
    if (fmt.status !== 0) throw new Error(`formatting Kafka node ${node.nodeId} failed: ${fmt.stdout}${fmt.stderr}`);
  }
  for (const node of nodes) {
    const out = fs.openSync(node.logFile, 'a');
    const heap = opts.heapMb ?? 384;
    const child = spawn(javaBin(), [`-Xms${Math.min(128, heap)}m`, `-Xmx${heap}m`, '-XX:+UseSerialGC', '-Xss512k', ...logs.broker, ...(opts.brokerJvmArgs ?? []), '-cp', cp, 'kafka.Kafka', path.join(dir, `node-${node.nodeId}`, 'server.properties')], { detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.unref();
    if (child.pid === undefined) throw new Error('could not start java');
    pids.push(child.pid);
  }
  const info: KafkaClusterInfo = {
    version,
    dir,
    lib,
    nodes: nodes.map((x, i) => ({ ...x, pid: pids[i] as number })),
    bootstrap: nodes.map((x) => `127.0.0.1:${x.port}`).join(','),
    readyMs: 0,
    rssKb: 0,
    toolJvmArgs,
    ...(opts.extraListeners === undefined ? {} : { extraPorts }),
  };
  const sasl = nodes[0]?.saslPort;
  if (sasl !== undefined && certs !== undefined) {
    info.saslBootstrap = `127.0.0.1:${sasl}`;
    info.saslClientConfig = path.join(dir, 'client-sasl.properties');
    writeClientConfig(info.saslClientConfig, scramSslClientLines(SASL_USER, SASL_PASSWORD, certs.ca));
  }
  const mtls = nodes[0]?.mtlsPort;
  if (mtls !== undefined && certs !== undefined) {
    info.mtlsBootstrap = `127.0.0.1:${mtls}`;
    info.mtlsClientConfig = writeClientConfig(path.join(dir, 'client-mtls.properties'), [
      'security.protocol=SSL',
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${certs.clientKeystore}`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${certs.ca}`,
    ]);
  }
  fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(info, null, 2));
  try {
    await waitReady(info, 180_000);
  } catch (err) {
    stopKafka(info);
    throw err;
  }
  info.readyMs = Date.now() - started;
  info.rssKb = info.nodes.reduce((sum, x) => sum + rssKb(x.pid), 0);
  fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(info, null, 2));
  return info;
}

/** Ready: every listener accepts and the cluster lists every node (so the controller has registered them). */
async function waitReady(info: KafkaClusterInfo, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { NativeClient } = await import('../../src/client/native/client.js');
  for (;;) {
    for (const node of info.nodes) {
      if (!alive(node.pid)) throw new Error(`Kafka node ${node.nodeId} exited:\n${tail(node.logFile)}`);
    }
    if (Date.now() > deadline) throw new Error(`Kafka did not become ready within ${timeoutMs}ms:\n${tail(info.nodes[0]?.logFile ?? '')}`);
    const open = await Promise.all(info.nodes.flatMap((x) => [portOpen(x.port), ...(x.saslPort === undefined ? [] : [portOpen(x.saslPort)])]));
    if (open.every(Boolean)) {
      try {
        const client = await NativeClient.connect({ brokers: info.bootstrap.split(','), clientId: 'tkafka-ref-probe', connectTimeoutMs: 2000, requestTimeoutMs: 5000 });
        try {
          const md = await client.metadata([]);
          if (md.brokers.length === info.nodes.length && md.controllerId >= 0) return;
        } finally {
          await client.close();
        }
      } catch {
        // not yet
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Stops every node (SIGTERM, then SIGKILL) and removes nothing: the caller owns `dir`. */
export function stopKafka(info: Pick<KafkaClusterInfo, 'nodes'>): void {
  for (const node of info.nodes) {
    try {
      process.kill(-node.pid, 'SIGKILL');
    } catch {
      try {
        process.kill(node.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/**
 * Runs one of Kafka's tools (a main class from the jars, e.g. org.apache.kafka.tools.TopicCommand) the way
 * kafka-*.sh does: same classpath, the tools' log configuration, stdin from `input` (empty when absent).
 */
export async function runKafkaTool(info: Pick<KafkaClusterInfo, 'toolJvmArgs' | 'lib'>, mainClass: string, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<ToolResult> {
  const r = await runProcess(javaBin(), [...classDataSharing(info.lib), ...info.toolJvmArgs, mainClass, ...args], opts);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.code };
}

/**
 * Kafka's tools spend most of a run starting the JVM. A class-data-sharing archive of the classes the
 * tools load (made once per Kafka version by prepareToolArchive) halves a run (~2.1 s → ~1.1 s on two
 * busy cores). JVM logging is off with it, so a rejected archive never reaches a tool's output.
 */
function toolArchive(lib: string): string {
  return path.join(path.dirname(lib), 'tools.jsa');
}

function classDataSharing(lib: string): string[] {
  const archive = toolArchive(lib);
  return fs.existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`, '-Xlog:disable'] : [];
}

/**
 * Builds the tools' archive: records the classes that TopicCommand, ConsumerGroupCommand,
 * ConsoleProducer and ConsoleConsumer load against a running cluster, then dumps one static archive
 * of their union. Done once per Kafka version and cache; later runs find the archive.
 */
export function prepareToolArchive(info: KafkaClusterInfo): void {
  const archive = toolArchive(info.lib);
  if (fs.existsSync(archive)) return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-cds-'));
  try {
    const bs = ['--bootstrap-server', info.bootstrap];
    const runs: Array<[string, string[], string]> = [
      ['org.apache.kafka.tools.TopicCommand', [...bs, '--describe', '--topic', 'tkafka-cds-warmup'], ''],
      ['org.apache.kafka.tools.ConsoleProducer', [...bs, '--topic', 'tkafka-cds-warmup'], 'warm\n'],
      ['org.apache.kafka.tools.consumer.ConsoleConsumer', [...bs, '--topic', 'tkafka-cds-warmup', '--from-beginning', '--max-messages', '1', '--group', 'tkafka-cds-warmup'], ''],
      ['org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [...bs, '--describe', '--all-groups'], ''],
    ];
    const lists: string[] = [];
    for (const [i, [main, args, input]] of runs.entries()) {
      const list = path.join(work, `${i}.lst`);
      const r = spawnSync(javaBin(), [`-XX:DumpLoadedClassList=${list}`, ...info.toolJvmArgs, main, ...args], { input, encoding: 'utf8', timeout: 60_000 });
      if (r.status === 0 && fs.existsSync(list)) lists.push(list);
    }
    if (lists.length === 0) return;
    const all = path.join(work, 'all.lst');
    fs.writeFileSync(all, [...new Set(lists.flatMap((l) => fs.readFileSync(l, 'utf8').split('\n')))].join('\n'));
    const tmp = path.join(work, 'tools.jsa');
    const dump = spawnSync(javaBin(), ['-Xshare:dump', `-XX:SharedClassListFile=${all}`, `-XX:SharedArchiveFile=${tmp}`, ...info.toolJvmArgs.filter((a) => a !== '-Xshare:auto')], { encoding: 'utf8', timeout: 120_000 });
    if (dump.status === 0 && fs.existsSync(tmp)) fs.renameSync(tmp, archive);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Reads a cluster started earlier (by `npm run kafka:ref -- start` or another test file) from its dir. */
export function readCluster(dir: string): KafkaClusterInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'cluster.json'), 'utf8')) as KafkaClusterInfo;
    return info.readyMs > 0 && info.nodes.every((x) => alive(x.pid)) ? info : undefined;
  } catch {
    return undefined;
  }
}
