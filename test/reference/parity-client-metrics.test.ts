// tkafka client-metrics against our broker next to Kafka 4.4's ClientMetricsCommand
// (kafka-client-metrics.sh) against the single Apache Kafka node, and tkafka configs next to its
// ConfigCommand for the groups and client-metrics entity types, each side in the same state. stdout
// is compared byte for byte; failures as their message (Kafka's tools print a stack trace on stderr
// where tkafka prints one line; Kafka exits 1 on usage errors, tkafka 2).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { settle } from '../helpers/wait.js';
import { AlterConfigsApi } from '../../src/protocol/generated/apis/alter-configs.js';
import { DescribeConfigsApi } from '../../src/protocol/generated/apis/describe-configs.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { ListClientMetricsResourcesApi } from '../../src/protocol/generated/apis/list-client-metrics-resources.js';
import { WireClient, wireApi } from '../integration/admin-wire.js';
import path from 'node:path';
import { runKafkaTool, startKafka, stopKafka } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'client-metrics vs ClientMetricsCommand, configs groups/client-metrics vs ConfigCommand (Kafka 4.4, 1 node)';
const CLIENT_METRICS_COMMAND = 'org.apache.kafka.tools.ClientMetricsCommand';
const CONFIG_COMMAND = 'org.apache.kafka.tools.ConfigCommand';

let ours: TestBroker;

beforeAll(async () => {
  ours = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
});

afterAll(async () => {
  await ours?.dispose();
});

interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** A failure's message: Kafka's exception line (or its first stderr line), tkafka's `tkafka: ` line. */
function message(o: Outcome, side: 'k' | 't'): string {
  if (o.stderr === '' || o.exitCode === 0) return '';
  const lines = o.stderr.split('\n');
  if (side === 't') return (lines[0] ?? '').replace(/^tkafka: /, '');
  if (lines[0]?.startsWith('Error while executing config command with args') === true) return (lines[1] ?? '').replace(/^java\.util\.concurrent\.ExecutionException: /, '');
  return lines[0] ?? '';
}

/** ClientMetricsCommand logs its failure (with the stack) on stderr too; only stdout and the usage message count. */
const view = (o: Outcome, side: 'k' | 't', tool: 'cm' | 'configs'): unknown => ({
  stdout: o.stdout,
  error: tool === 'cm' && o.stdout.startsWith('Error while executing') ? '' : message(o, side),
  failed: o.exitCode !== 0,
});

type Compare = (o: Outcome) => string;

async function row(tool: 'cm' | 'configs', name: string, args: string[], opts: { differs?: string; compare?: Compare; why?: string } = {}): Promise<void> {
  const k = await runKafkaTool(kafka1, tool === 'cm' ? CLIENT_METRICS_COMMAND : CONFIG_COMMAND, ['--bootstrap-server', kafka1.bootstrap, ...args]);
  const t = await runCli([tool === 'cm' ? 'client-metrics' : 'configs', '--bootstrap-server', ours.bootstrap, ...args]);
  const kv = opts.compare === undefined ? view(k, 'k', tool) : opts.compare(k);
  const tv = opts.compare === undefined ? view(t, 't', tool) : opts.compare(t);
  const same = JSON.stringify(kv) === JSON.stringify(tv);
  if (opts.differs === undefined) expect(tv, name).toEqual(kv);
  const exact = k.stdout === t.stdout && k.stderr === t.stderr && k.exitCode === t.exitCode;
  logParity({
    tier: TIER,
    scenario: `${tool === 'cm' ? 'kafka-client-metrics.sh' : 'kafka-configs.sh'} ${name}`,
    result: !same ? 'differs' : exact ? 'identical' : 'normalised-identical',
    ...(!same && opts.differs !== undefined ? { why: opts.differs } : opts.compare !== undefined ? { why: opts.why ?? 'compared as normalised' } : {}),
  });
}

// Only this test's subscriptions, sorted: the reference cluster is shared by the reference tests, and
// Kafka lists subscriptions in its own map order (the hash of a ConfigResource, per JVM).
const mine =
  (prefix: string): Compare =>
  (o) =>
    o.stdout
      .split('\n')
      .filter((l) => l.startsWith(prefix))
      .sort()
      .join('\n');

describe('kafka-client-metrics.sh vs tkafka client-metrics', () => {
  it('alter, list, describe and delete subscriptions', async () => {
    await row('cm', '--describe --name of a missing subscription', ['--describe', '--name', 'pcm-missing']);
    await row('cm', '--alter --name --metrics --match', ['--alter', '--name', 'pcm-a', '--metrics', 'org.apache.kafka.producer.,org.apache.kafka.consumer.', '--match', 'client_software_name=apache-kafka-java,client_id=app.*']);
    await row('cm', '--describe --name (defaults included)', ['--describe', '--name', 'pcm-a']);
    await row('cm', '--alter --interval and repeated --metrics', ['--alter', '--name', 'pcm-a', '--interval', '60000', '--metrics', 'a', '--metrics', 'b,c']);
    await row('cm', '--describe --name after the change', ['--describe', '--name', 'pcm-a']);
    await row('cm', "--alter --interval '' (reset)", ['--alter', '--name', 'pcm-a', '--interval', '']);
    await row('cm', '--describe --name after the reset', ['--describe', '--name', 'pcm-a']);
    await row('cm', '--alter a second subscription', ['--alter', '--name', 'pcm-b', '--metrics', '*']);
    await row('cm', '--list', ['--list'], { compare: mine('pcm-'), why: "this test's subscriptions, sorted (Kafka's map order)" });
    await row('cm', '--describe (every subscription)', ['--describe'], {
      compare: (o) =>
        o.stdout
          .split(/(?=^Client metrics configs for )/m)
          .filter((s) => s.startsWith('Client metrics configs for pcm-'))
          .sort()
          .join(''),
      why: "this test's subscriptions, sorted (Kafka's map order)",
    });
    await row('cm', '--alter --interval below 100', ['--alter', '--name', 'pcm-a', '--interval', '5']);
    await row('cm', '--alter --match with an unknown selector', ['--alter', '--name', 'pcm-a', '--match', 'foo=bar']);
    await row('cm', '--alter --match with a bad regular expression', ['--alter', '--name', 'pcm-a', '--match', 'client_id=[a']);
    await row('cm', '--delete --name', ['--delete', '--name', 'pcm-a']);
    await row('cm', '--delete --name of a missing subscription', ['--delete', '--name', 'pcm-missing']);
    await row('cm', '--delete --name (the second)', ['--delete', '--name', 'pcm-b']);
    await row('cm', '--list after the deletions', ['--list'], { compare: mine('pcm-'), why: "this test's subscriptions" });
  });

  it('refuses bad command lines with the same messages', async () => {
    const usage = (o: Outcome): string => (o.exitCode === 0 ? `ok: ${o.stdout}` : (o.stderr.split('\n')[0] ?? '').replace(/^tkafka: /, ''));
    const why = 'the usage message (Kafka prints its help after it and exits 1; tkafka a hint, exit 2)';
    await row('cm', 'no action', ['--name', 'x'], { compare: (o) => (o.exitCode === 0 ? 'ok' : o.stderr.includes('Command must include exactly one action') ? 'one action' : o.stderr), why });
    await row('cm', '--alter without --name or --generate-name', ['--alter'], { compare: usage, why });
    await row('cm', '--alter with --name and --generate-name', ['--alter', '--name', 'x', '--generate-name'], { compare: usage, why });
    await row('cm', '--alter --interval abc', ['--alter', '--name', 'x', '--interval', 'abc'], { compare: usage, why });
    await row('cm', '--delete without --name', ['--delete'], { compare: usage, why });
    await row('cm', '--list --name', ['--list', '--name', 'x'], { compare: usage, why });
    await row('cm', '--describe --metrics', ['--describe', '--metrics', 'a'], { compare: usage, why });
  });
});

describe('kafka-configs.sh vs tkafka configs: groups and client-metrics', () => {
  it('groups', async () => {
    const g = ['--entity-type', 'groups', '--entity-name', 'pcm-group'];
    await row('configs', '--describe groups of a group without configs', ['--describe', ...g]);
    await row('configs', '--describe groups --all (every group config and its broker default)', ['--describe', ...g, '--all']);
    await row('configs', '--alter groups --add-config consumer.*', ['--alter', ...g, '--add-config', 'consumer.session.timeout.ms=50000,consumer.heartbeat.interval.ms=6000']);
    await row('configs', '--alter --group --add-config share.*, streams.*', ['--alter', '--group', 'pcm-group', '--add-config', 'share.auto.offset.reset=earliest,streams.num.standby.replicas=1,share.record.lock.duration.ms=40000']);
    await row('configs', '--describe groups (dynamic, with synonyms)', ['--describe', ...g]);
    await row('configs', '--describe groups --all after the change', ['--describe', ...g, '--all']);
    await row('configs', '--alter an internal group config', ['--alter', ...g, '--add-config', 'consumer.assignor.offload.enable=false']);
    await row('configs', '--describe groups with an internal config set', ['--describe', ...g]);
    await row('configs', '--alter groups: session timeout below the broker minimum', ['--alter', ...g, '--add-config', 'consumer.session.timeout.ms=5000']);
    await row('configs', '--alter groups: heartbeat interval above the broker maximum', ['--alter', ...g, '--add-config', 'consumer.heartbeat.interval.ms=60000']);
    await row('configs', '--alter groups: unknown config name', ['--alter', ...g, '--add-config', 'foo=1']);
    await row('configs', '--alter groups: not an INT', ['--alter', ...g, '--add-config', 'consumer.heartbeat.interval.ms=abc']);
    await row('configs', '--alter groups: below the ConfigDef minimum', ['--alter', ...g, '--add-config', 'share.delivery.count.limit=1']);
    await row('configs', '--alter groups: share.isolation.level not in the list', ['--alter', ...g, '--add-config', 'share.isolation.level=bogus']);
    await row('configs', '--alter groups: too many standby replicas', ['--alter', ...g, '--add-config', 'streams.num.standby.replicas=3']);
    await row('configs', '--alter groups: unregistered streams assignor', ['--alter', ...g, '--add-config', 'streams.assignor.name=foo']);
    await row('configs', '--alter groups: DLQ topic starting with __', ['--alter', ...g, '--add-config', 'errors.deadletterqueue.topic.name=__dlq']);
    await row('configs', '--alter groups: session timeout not above the heartbeat', ['--alter', ...g, '--add-config', 'streams.session.timeout.ms=45000,streams.heartbeat.interval.ms=15000'], {
      compare: (o) => (o.exitCode === 0 ? 'ok' : 'refused'),
      why: 'accepted by both (45000 > 15000); compared as the outcome',
    });
    await row('configs', '--alter groups --delete-config', ['--alter', ...g, '--delete-config', 'consumer.session.timeout.ms,consumer.heartbeat.interval.ms,share.auto.offset.reset,streams.num.standby.replicas,share.record.lock.duration.ms,consumer.assignor.offload.enable,streams.session.timeout.ms,streams.heartbeat.interval.ms']);
    await row('configs', '--describe groups after deleting every config', ['--describe', ...g]);
    await row('configs', '--alter groups --entity-default', ['--alter', '--entity-type', 'groups', '--entity-default', '--add-config', 'consumer.session.timeout.ms=50000']);
    await row('configs', '--alter --group a config-only group, then --describe groups (no name)', ['--alter', '--group', 'pcm-only-configs', '--add-config', 'consumer.session.timeout.ms=50000']);
    await row('configs', '--describe groups (every group)', ['--describe', '--entity-type', 'groups'], {
      compare: (o) =>
        o.stdout
          .split(/(?=^Dynamic configs for group )/m)
          .filter((s) => s.startsWith('Dynamic configs for group pcm-'))
          .join(''),
      differs: 'Kafka 4.4 also lists groups that only have configs (ListConfigResources v1, which our protocol specs lack); tkafka lists the groups ListGroups knows',
    });
    await row('configs', '--alter --group --delete-config (the config-only group)', ['--alter', '--group', 'pcm-only-configs', '--delete-config', 'consumer.session.timeout.ms']);
  });

  it('client-metrics', async () => {
    const c = ['--entity-type', 'client-metrics', '--entity-name', 'pcm-configs'];
    await row('configs', '--describe client-metrics of a missing subscription', ['--describe', ...c]);
    await row('configs', '--describe client-metrics --all of a missing subscription', ['--describe', ...c, '--all']);
    await row('configs', '--alter client-metrics --add-config metrics=[a,b],interval.ms', ['--alter', ...c, '--add-config', 'metrics=[a,b],interval.ms=1000']);
    await row('configs', '--describe client-metrics', ['--describe', ...c]);
    await row('configs', '--describe --client-metrics --all', ['--describe', '--client-metrics', 'pcm-configs', '--all']);
    await row('configs', '--alter client-metrics: interval below 100', ['--alter', ...c, '--add-config', 'interval.ms=50']);
    await row('configs', '--alter client-metrics: unknown config', ['--alter', ...c, '--add-config', 'foo=1']);
    await row('configs', '--alter client-metrics: bad match pattern', ['--alter', ...c, '--add-config', 'match=client_id=a=b']);
    await row('configs', '--alter client-metrics --delete-config', ['--alter', ...c, '--delete-config', 'metrics,interval.ms']);
    await row('configs', '--describe client-metrics after deleting every config', ['--describe', ...c]);
  });
});

describe('the raw AlterConfigs pair, DescribeConfigs and ListClientMetricsResources answers', () => {
  const DescribeConfigs = wireApi(DescribeConfigsApi);
  const AlterConfigs = wireApi(AlterConfigsApi);
  const Incremental = wireApi(IncrementalAlterConfigsApi);
  const List = wireApi(ListClientMetricsResourcesApi);
  type Op = [name: string, op: number, value: string | null];

  /** The same requests to both brokers; each answer compared whole (codes, texts, entries, synonyms, types, documentation). */
  async function script(w: WireClient): Promise<unknown[]> {
    const out: unknown[] = [];
    const inc = async (type: number, name: string, ops: Op[]): Promise<void> => {
      const res = await w.request(Incremental, 1, { resources: [{ resourceType: type, resourceName: name, configs: ops.map(([n, o, v]) => ({ name: n, configOperation: o, value: v })) }], validateOnly: false });
      out.push(res.responses);
    };
    const alter = async (type: number, name: string, kv: Record<string, string>): Promise<void> => {
      out.push((await w.request(AlterConfigs, 2, { resources: [{ resourceType: type, resourceName: name, configs: Object.entries(kv).map(([k, v]) => ({ name: k, value: v })) }], validateOnly: false })).responses);
    };
    // Kafka's broker answers DescribeConfigs and ListClientMetricsResources from its metadata image,
    // which learns of an alteration a moment after the alter's answer (CI once caught a list without
    // the resource just made): after a change, each side is asked again, every 100 ms for up to
    // 10 s, until the change shows; the last answer is the one compared. tkafka shows it at once.
    type Described = Array<{ configs: Array<{ name: string; value: string | null }> }>;
    /** The described resource shows `value` for `key`. */
    const valueIs = (key: string, value: string) => (results: Described) => results[0]?.configs.find((c) => c.name === key)?.value === value;
    const describe = async (type: number, name: string, keys: string[] | null, shows: (results: Described) => boolean = () => true): Promise<void> => {
      const ask = async (): Promise<Described> => (await w.request(DescribeConfigs, 4, { resources: [{ resourceType: type, resourceName: name, configurationKeys: keys }], includeSynonyms: true, includeDocumentation: true })).results;
      out.push(await settle(ask, shows));
    };
    const listMine = async (expected: string[]): Promise<void> => {
      const ask = async (): Promise<{ errorCode: number; mine: string[] }> => {
        const res = await w.request(List, 0, {});
        return { errorCode: res.errorCode, mine: res.clientMetricsResources.map((r) => r.name).filter((n) => n.startsWith('pcw-')).sort() };
      };
      out.push(await settle(ask, (a) => JSON.stringify(a.mine) === JSON.stringify(expected)));
    };
    await describe(16, 'pcw-cm', null);
    await describe(16, '', null);
    await inc(16, 'pcw-cm', [['metrics', 0, 'org.apache.kafka.producer.'], ['interval.ms', 0, '1000'], ['match', 0, ' client_id = a.* ,client_software_name=java']]);
    await describe(16, 'pcw-cm', null, valueIs('interval.ms', '1000'));
    await listMine(['pcw-cm']);
    for (const ops of [
      [['interval.ms', 0, '1000']],
      [['foo', 0, '1']],
      [['interval.ms', 0, '50']],
      [['interval.ms', 0, 'abc']],
      [['match', 0, 'client_id=a=b']],
      [['match', 0, 'client_id=']],
      [['metrics', 2, 'a']],
      [['metrics', 3, 'a']],
    ] as Op[][]) {
      await inc(16, ops[0]?.[0] === 'interval.ms' && ops[0][2] === '1000' ? '' : 'pcw-cm', ops);
    }
    await alter(16, 'pcw-cm2', { 'interval.ms': '2000' });
    await alter(16, 'pcw-cm2', { bad: '1' });
    await listMine(['pcw-cm', 'pcw-cm2']);
    await inc(16, 'pcw-cm', [['metrics', 1, null], ['interval.ms', 1, null], ['match', 1, null]]);
    await inc(16, 'pcw-cm2', [['interval.ms', 1, null]]);
    await listMine([]);
    await describe(32, 'pcw-g', null);
    await describe(32, '', null);
    await inc(32, 'pcw-g', [['consumer.session.timeout.ms', 0, ' 50000 '], ['share.auto.offset.reset', 0, 'by_duration:PT1H'], ['streams.acceptable.recovery.lag', 0, '20']]);
    await describe(32, 'pcw-g', null, valueIs('streams.acceptable.recovery.lag', '20'));
    await describe(32, 'pcw-g', ['consumer.session.timeout.ms', 'streams.assignor.name', 'nope']);
    for (const ops of [
      [['consumer.session.timeout.ms', 0, '50000']],
      [['foo', 0, '1']],
      [['consumer.session.timeout.ms', 0, '0']],
      [['consumer.session.timeout.ms', 0, '5000']],
      [['consumer.heartbeat.interval.ms', 0, '60000']],
      [['share.auto.offset.reset', 0, 'bogus']],
      [['share.isolation.level', 0, 'bogus']],
      [['share.renew.acknowledge.enable', 0, 'yes']],
      [['streams.rack.aware.assignment.tags', 0, 'a,b,a']],
      [['streams.rack.aware.assignment.tags', 2, 'a']],
      [['streams.num.standby.replicas', 0, '3']],
      [['streams.assignor.name', 0, 'foo']],
      [['errors.deadletterqueue.topic.name', 0, '__x']],
      [['streams.acceptable.recovery.lag', 0, '-1']],
    ] as Op[][]) {
      await inc(32, ops[0]?.[0] === 'consumer.session.timeout.ms' && ops[0][2] === '50000' ? '' : 'pcw-g2', ops);
    }
    await alter(32, 'pcw-g', {});
    await describe(32, 'pcw-g', ['consumer.session.timeout.ms'], (r) => r[0]?.configs[0]?.value?.trim() !== '50000');
    return out;
  }

  it('match Apache Kafka 4.4 field for field', async () => {
    const run = async (bootstrap: string): Promise<unknown[]> => {
      const w = await WireClient.connect(Number(bootstrap.split(',')[0]?.split(':')[1]));
      try {
        return await script(w);
      } finally {
        w.close();
      }
    };
    const k = await run(kafka1.bootstrap);
    const t = await run(ours.bootstrap);
    for (let i = 0; i < k.length; i++) expect(t[i], `answer ${i}`).toEqual(k[i]);
    expect(t).toHaveLength(k.length);
    logParity({ tier: TIER, scenario: `raw IncrementalAlterConfigs/AlterConfigs/DescribeConfigs/ListClientMetricsResources answers (${k.length})`, result: 'identical' });
  });
});

describe("group configs on brokers that set their group.consumer.* keys in server.properties", () => {
  const PROPS = {
    'group.consumer.session.timeout.ms': '50000',
    'group.consumer.heartbeat.interval.ms': '6000',
    'group.consumer.min.session.timeout.ms': '40000',
    'group.consumer.max.heartbeat.interval.ms': '20000',
  };

  it("describe the broker's values as STATIC_BROKER_CONFIG synonyms and check against its bounds, as Kafka", async () => {
    const [kafka, tk] = await Promise.all([
      startKafka({ nodes: 1, dir: path.join(inject('refRunDir'), 'kafka-group-configs'), extraProps: Object.entries(PROPS).map(([k, v]) => `${k}=${v}`) }),
      startTestBroker({ config: PROPS }),
    ]);
    try {
      const run = async (bootstrap: string): Promise<unknown[]> => {
        const w = await WireClient.connect(Number(bootstrap.split(',')[0]?.split(':')[1]));
        const out: unknown[] = [];
        const describe = async (): Promise<void> => {
          const res = await w.request(wireApi(DescribeConfigsApi), 4, {
            resources: [{ resourceType: 32, resourceName: 'sg', configurationKeys: ['consumer.session.timeout.ms', 'consumer.heartbeat.interval.ms'] }],
            includeSynonyms: true,
            includeDocumentation: false,
          });
          out.push(res.results);
        };
        const set = async (key: string, value: string): Promise<void> => {
          const res = await w.request(wireApi(IncrementalAlterConfigsApi), 1, { resources: [{ resourceType: 32, resourceName: 'sg', configs: [{ name: key, configOperation: 0, value }] }], validateOnly: false });
          out.push(res.responses);
        };
        try {
          await describe();
          await set('consumer.session.timeout.ms', '41000');
          await set('consumer.session.timeout.ms', '39000');
          await set('consumer.heartbeat.interval.ms', '19000');
          await set('consumer.heartbeat.interval.ms', '21000');
          await describe();
        } finally {
          w.close();
        }
        return out;
      };
      const k = await run(kafka.bootstrap);
      expect(await run(tk.bootstrap)).toEqual(k);
      logParity({ tier: TIER, scenario: 'raw group config answers with group.consumer.* set in server.properties', result: 'identical' });
    } finally {
      stopKafka(kafka);
      await tk.dispose();
    }
  }, 180_000);
});
