// tkafka configs against our broker next to Kafka 4.4's ConfigCommand (kafka-configs.sh) against the
// single Apache Kafka node, each side in the same state: SCRAM users, topic configs, brokers and
// quotas. stdout is compared byte for byte; failures are compared as their message (Kafka prints
// "Error while executing config command with args '...'" and a stack trace where tkafka prints one
// `tkafka: ` line; Kafka exits 1 on usage errors, tkafka 2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'configs vs ConfigCommand (Kafka 4.4, 1 node)';
const CONFIG_COMMAND = 'org.apache.kafka.tools.ConfigCommand';

let ours: TestBroker;
let dir: string;

beforeAll(async () => {
  ours = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-configs-'));
});

afterAll(async () => {
  await ours?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** The failure's message: Kafka's exception line (without ExecutionException) or tkafka's line. */
function message(o: Outcome, side: 'k' | 't'): string {
  if (o.stderr === '') return '';
  const lines = o.stderr.split('\n');
  if (side === 't') return (lines[0] ?? '').replace(/^tkafka: /, '');
  if (lines[0]?.startsWith('Error while executing config command with args') === true) return (lines[1] ?? '').replace(/^java\.util\.concurrent\.ExecutionException: /, '');
  return lines[0] ?? '';
}

const view = (o: Outcome, side: 'k' | 't'): unknown => ({ stdout: o.stdout, error: message(o, side), failed: o.exitCode !== 0 });

async function sides(args: string[]): Promise<[Outcome, Outcome]> {
  const k = await runKafkaTool(kafka1, CONFIG_COMMAND, ['--bootstrap-server', kafka1.bootstrap, ...args]);
  const t = await runCli(['configs', '--bootstrap-server', ours.bootstrap, ...args]);
  return [k, t];
}

/**
 * One parity row. Without `differs` the two must match (after the failure normalisation); with it,
 * a difference is logged with that reason instead of failing (a broker feature ours lacks).
 */
async function row(name: string, args: string[], opts: { differs?: string; compare?: (o: Outcome) => string; why?: string } = {}): Promise<void> {
  const [k, t] = await sides(args);
  const kv = opts.compare === undefined ? view(k, 'k') : opts.compare(k);
  const tv = opts.compare === undefined ? view(t, 't') : opts.compare(t);
  const same = JSON.stringify(kv) === JSON.stringify(tv);
  if (opts.differs === undefined) expect(tv, name).toEqual(kv);
  const exact = k.stdout === t.stdout && k.stderr === t.stderr && k.exitCode === t.exitCode;
  logParity({
    tier: TIER,
    scenario: `kafka-configs.sh ${name}`,
    result: !same ? 'differs' : exact ? 'identical' : 'normalised-identical',
    ...(!same && opts.differs !== undefined ? { why: opts.differs } : opts.compare !== undefined ? { why: opts.why ?? 'compared: header and the dynamic entries' } : {}),
  });
}

async function onBoth(tool: string, args: string[]): Promise<void> {
  for (const bs of [kafka1.bootstrap, ours.bootstrap]) {
    const r = await runCli([tool, '--bootstrap-server', bs, ...args]);
    expect(r.exitCode, r.stderr).toBe(0);
  }
}

describe('kafka-configs.sh vs tkafka configs', () => {
  it('users: SCRAM credentials', async () => {
    const u = ['--entity-type', 'users', '--entity-name', 'configs-alice'];
    await row('--alter users --add-config SCRAM-SHA-256=[iterations=8192,...]', ['--alter', ...u, '--add-config', 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]']);
    await row('--alter --user --add-config SCRAM-SHA-512=[password=...]', ['--alter', '--user', 'configs-alice', '--add-config', 'SCRAM-SHA-512=[password=alice-secret]']);
    // Each broker lists a user's mechanisms in its own map order, which the tool prints as it comes.
    const sortedMechanisms = (o: Outcome): string => o.stdout.replace(/ are (.*)$/gm, (_, list: string) => ` are ${list.split(', ').sort().join(', ')}`);
    await row('--describe users --entity-name (two mechanisms)', ['--describe', ...u], { compare: sortedMechanisms, why: "mechanisms compared in sorted order (the broker's map order)" });
    await row('--describe users of a user without credentials', ['--describe', '--entity-type', 'users', '--entity-name', 'configs-nobody']);
    await row('--alter users: two mechanisms in one request (DuplicateResourceException)', ['--alter', ...u, '--add-config', 'SCRAM-SHA-256=[password=x],SCRAM-SHA-512=[password=x]']);
    await row('--alter users: iterations below 4096', ['--alter', ...u, '--add-config', 'SCRAM-SHA-256=[iterations=100,password=x]']);
    await row('--alter users: malformed credential', ['--alter', ...u, '--add-config', 'SCRAM-SHA-256=[iterations=x,password=x]']);
    await row('--alter users: unknown config names', ['--alter', ...u, '--add-config', 'foo=1,bar=2,SCRAM-SHA-256=[password=x]']);
    await row('--alter users --entity-default with SCRAM', ['--alter', '--entity-type', 'users', '--entity-default', '--add-config', 'SCRAM-SHA-256=[password=x]']);
    await row('--alter users --delete-config SCRAM-SHA-512', ['--alter', ...u, '--delete-config', 'SCRAM-SHA-512']);
    await row('--describe users after the deletion', ['--describe', ...u]);
    await row('--alter users --delete-config of a missing credential', ['--alter', ...u, '--delete-config', 'SCRAM-SHA-512']);
  });

  it('topics: dynamic configs', async () => {
    const topic = 'configs-parity';
    await onBoth('topics', ['--create', '--topic', topic, '--partitions', '1']);
    await row('--describe --topic (no dynamic configs)', ['--describe', '--topic', topic]);
    await row('--alter --topic --add-config k=v,k2=[a,b]', ['--alter', '--topic', topic, '--add-config', 'retention.ms=86400000,cleanup.policy=[compact,delete]']);
    await row('--describe --entity-type topics --entity-name (with synonyms)', ['--describe', '--entity-type', 'topics', '--entity-name', topic]);
    const file = path.join(dir, 'add.properties');
    fs.writeFileSync(file, '# topic configs\nsegment.bytes = 1048576\nmax.message.bytes: 2000000\n');
    await row('--alter --add-config-file', ['--alter', '--topic', topic, '--add-config-file', file]);
    await row('--describe after --add-config-file', ['--describe', '--topic', topic]);
    await row('--alter --delete-config (one set, one unset)', ['--alter', '--topic', topic, '--delete-config', 'segment.bytes,segment.ms']);
    const dynamicOnly = (o: Outcome): string =>
      o.stdout
        .split('\n')
        .filter((l) => !l.startsWith('  ') || l.includes('DYNAMIC_TOPIC_CONFIG'))
        .join('\n');
    await row('--describe --topic --all', ['--describe', '--topic', topic, '--all'], { compare: dynamicOnly });
    await row('--describe of a missing topic', ['--describe', '--topic', 'configs-missing']);
    await row('--describe of an invalid topic name', ['--describe', '--topic', 'a b']);
    await row('--alter of a missing topic', ['--alter', '--topic', 'configs-missing', '--add-config', 'retention.ms=1'], {
      differs: "the broker's message: Kafka says \"The topic 'configs-missing' does not exist.\", ours the error code's default text",
    });
    await row('--alter --add-config of an unknown topic config', ['--alter', '--topic', topic, '--add-config', 'foo.bar=1']);
    await row('--alter --add-config of an invalid value', ['--alter', '--topic', topic, '--add-config', 'retention.ms=abc']);
    await row('--alter --add-config with a bad key character', ['--alter', '--topic', topic, '--add-config', 'a b=1']);
  });

  it('brokers and broker loggers', async () => {
    // The differential tier stores an unknown key (no.such.config) on the shared Kafka node's broker 1.
    const withoutOthers = (side: 'k' | 't') => (o: Outcome): unknown => ({ ...(view(o, side) as object), stdout: o.stdout.replace(/^ {2}no\.such\.config=.*\n/m, '') });
    const [kb, tb] = await sides(['--describe', '--entity-type', 'brokers', '--entity-name', '1']);
    expect(withoutOthers('t')(tb)).toEqual(withoutOthers('k')(kb));
    logParity({ tier: TIER, scenario: 'kafka-configs.sh --describe --entity-type brokers --entity-name 1', result: kb.stdout === tb.stdout && kb.exitCode === tb.exitCode ? 'identical' : 'normalised-identical', ...(kb.stdout === tb.stdout ? {} : { why: "the shared Kafka node's broker 1 carries the differential tier's no.such.config, left out" }) });
    await row('--describe --broker 7 (not in the cluster)', ['--describe', '--broker', '7']);
    await row('--describe --entity-type brokers --entity-default', ['--describe', '--entity-type', 'brokers', '--entity-default'], { differs: 'the reference node has dynamic cluster defaults set' });
    await row('--alter --broker-defaults --add-config log.cleaner.threads=2', ['--alter', '--broker-defaults', '--add-config', 'log.cleaner.threads=2'], { differs: "the shared Kafka node's broker configs carry other tests' keys" });
    await row('--alter --broker 1 --add-config log.cleaner.threads=2', ['--alter', '--broker', '1', '--add-config', 'log.cleaner.threads=2'], { differs: "the shared Kafka node's broker configs carry other tests' keys" });
    await row('--describe --broker 1 after the alter', ['--describe', '--broker', '1'], { differs: "the shared Kafka node's broker configs carry other tests' keys" });
    await row('--alter --broker-logger 1 with an unknown logger', ['--alter', '--broker-logger', '1', '--add-config', 'no.such.Logger=DEBUG']);
  });

  it('quotas', async () => {
    await row('--alter --user --add-config three quotas', ['--alter', '--user', 'configs-qu', '--add-config', 'producer_byte_rate=1048576,consumer_byte_rate=20000000,request_percentage=50.5']);
    await row('--describe --user (HashMap order, Double.toString)', ['--describe', '--user', 'configs-qu']);
    await row('--alter users+clients', ['--alter', '--entity-type', 'users', '--entity-name', 'configs-qu', '--entity-type', 'clients', '--entity-name', 'configs-qc', '--add-config', 'producer_byte_rate=1024']);
    await row('--describe --user --client', ['--describe', '--user', 'configs-qu', '--client', 'configs-qc']);
    await row('--alter --ip --add-config connection_creation_rate', ['--alter', '--ip', '10.1.2.3', '--add-config', 'connection_creation_rate=10']);
    await row('--describe --ip', ['--describe', '--ip', '10.1.2.3']);
    await row('--alter --user --delete-config of an unset quota', ['--alter', '--user', 'configs-qu', '--delete-config', 'controller_mutation_rate']);
    await row('--alter --user --add-config of a non-number', ['--alter', '--user', 'configs-qu', '--add-config', 'producer_byte_rate=abc']);
    await row('--alter --ip with a user quota', ['--alter', '--ip', '10.1.2.3', '--add-config', 'producer_byte_rate=1']);
    await row('--alter --client with SCRAM and unknown names', ['--alter', '--client', 'configs-qc', '--add-config', 'SCRAM-SHA-256=[password=x],foo=1']);
  });

  it('command-line errors', async () => {
    await row('--alter without configs', ['--alter', '--topic', 'x']);
    await row('--describe of two entity types other than users+clients', ['--describe', '--entity-type', 'users', '--entity-type', 'topics']);
    await row('--describe with a duplicate entity type', ['--describe', '--entity-type', 'users', '--user', 'a']);
    await row('--describe --broker with a non-integer id', ['--describe', '--broker', 'one']);
    await row('--describe --entity-type broker-loggers without a name', ['--describe', '--entity-type', 'broker-loggers']);
  });
});
