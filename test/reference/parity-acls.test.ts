// ACLs against Apache Kafka 4.4 with the StandardAuthorizer and against our broker: the raw
// DescribeAcls/CreateAcls/DeleteAcls answers (Kafka's validation errors and messages,
// SECURITY_DISABLED without an authorizer) and kafka-acls.sh next to tkafka acls on both.
// Kafka prints resources and entries in Java HashSet order (unspecified, it varies between runs), so
// outputs are compared with the lines of each blank-line-separated block sorted and the blocks sorted.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DescribeAclsResponse } from '../../src/protocol/generated/messages/describe-acls-response.js';
import { aclCreation as creation, ANY_ACL as ANY, CreateAcls as Create, DeleteAcls as Delete, DescribeAcls as Describe, INVALID_ACLS, SAMPLE_ACLS } from '../helpers/acls.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { WireClient } from '../integration/admin-wire.js';
import { runKafkaTool, startKafka, stopKafka, type KafkaClusterInfo } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const runDir = inject('refRunDir');
const TIER = 'ACLs: Apache Kafka 4.4 (StandardAuthorizer) vs tkafka broker';
const AUTHZ = ['authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'super.users=User:ANONYMOUS'];

let kafka: KafkaClusterInfo;
let ours: TestBroker;
let plain: TestBroker;

beforeAll(async () => {
  [kafka, ours, plain] = await Promise.all([
    startKafka({ nodes: 1, dir: path.join(runDir, 'kafka-acls'), extraProps: AUTHZ }),
    startTestBroker({ config: Object.fromEntries(AUTHZ.map((l) => l.split('=') as [string, string])) }),
    startTestBroker(),
  ]);
}, 180_000);

afterAll(async () => {
  if (kafka !== undefined) stopKafka(kafka);
  await ours?.dispose();
  await plain?.dispose();
});

/** `f` over a new raw connection to the first broker of `bootstrap`, closed afterwards. */
async function onWire<T>(bootstrap: string, f: (w: WireClient) => Promise<T>): Promise<T> {
  const w = await WireClient.connect(Number(bootstrap.split(',')[0]?.split(':')[1]));
  try {
    return await f(w);
  } finally {
    w.close();
  }
}

/** Resources and their ACLs in a stable order (Kafka answers in HashMap order). */
function sortedDescribe(r: DescribeAclsResponse): DescribeAclsResponse {
  const key = (o: object): string => JSON.stringify(o);
  return { ...r, resources: r.resources.map((x) => ({ ...x, acls: [...x.acls].sort((a, b) => key(a).localeCompare(key(b))) })).sort((a, b) => key(a).localeCompare(key(b))) };
}

async function both<T>(f: (w: WireClient, side: 'k' | 't') => Promise<T>): Promise<[T, T]> {
  return [await onWire(kafka.bootstrap, (w) => f(w, 'k')), await onWire(ours.bootstrap, (w) => f(w, 't'))];
}

describe('ACL APIs: Kafka 4.4 vs tkafka', () => {
  it('answer the same without an authorizer', async () => {
    // Kafka 4 no longer serves v0 of these APIs (KIP-896); tkafka keeps it for old clients.
    for (let v = 1; v <= 3; v++) {
      const run = (bootstrap: string): Promise<unknown[]> =>
        onWire(bootstrap, async (w) => [
          await w.request(Describe, v, { ...ANY, patternTypeFilter: 3 }),
          await w.request(Create, v, { creations: [creation()] }),
          await w.request(Delete, v, { filters: [{ ...ANY, patternTypeFilter: 3 }] }),
        ]);
      expect(await run(plain.bootstrap)).toEqual(await run(kafka1.bootstrap));
    }
    logParity({ tier: TIER, scenario: 'DescribeAcls/CreateAcls/DeleteAcls v1-3 without an authorizer (SECURITY_DISABLED)', result: 'identical' });
  });

  it('validate creations and filters the same way, and describe and delete the same ACLs', async () => {
    const [k, t] = await both(async (w, side) => {
      const created = await w.request(Create, 3, {
        creations: [
          ...SAMPLE_ACLS,
          ...INVALID_ACLS,
        ],
      });
      const filterValue = await w.request(Create, 3, { creations: [creation({ resourceName: 'x' }), creation({ resourceType: 1 })] });
      // Kafka applies created ACLs when its metadata log is replayed: wait until they show.
      const all = side === 'k' ? await waitFor('the ACLs on Kafka', async () => {
        const d = await w.request(Describe, 3, ANY);
        return d.resources.flatMap((r) => r.acls).length === 4 ? d : undefined;
      }) : await w.request(Describe, 3, ANY);
      const match = await w.request(Describe, 2, { ...ANY, resourceTypeFilter: 2, resourceNameFilter: 'orders', patternTypeFilter: 2 });
      const deleted = await w.request(Delete, 3, { filters: [{ ...ANY, resourceTypeFilter: 2, operation: 4 }, { ...ANY, resourceTypeFilter: 99 }, { ...ANY, operation: 99 }, { ...ANY, resourceTypeFilter: 5 }] });
      const rest = await w.request(Delete, 3, { filters: [ANY] });
      return { created, filterValue, all: sortedDescribe(all), match: sortedDescribe(match), deleted, restCount: rest.filterResults[0]?.matchingAcls.length };
    });
    expect(t).toEqual(k);
    logParity({ tier: TIER, scenario: 'CreateAcls validation, DescribeAcls ANY/MATCH, DeleteAcls with invalid filters (raw answers)', result: 'normalised-identical' });
  });
});

/**
 * Each blank-line-separated block's lines sorted, the blocks sorted; Kafka's ' \t' first entry as '\t'.
 * `--list --principal` prints its 'ACLs for principal' line above the first resource, which is a
 * different resource on each side when the order differs, so that line is a block of its own.
 */
function unordered(stdout: string): string[] {
  return stdout
    .replace(/^(ACLs for principal [^\n]*)\n/gm, '$1\n\n')
    .split('\n\n')
    .map((block) => block.split('\n').map((l) => l.replace(/^ \t/, '\t')).filter((l) => l !== '').sort().join('\n'))
    .filter((b) => b !== '')
    .sort();
}

/** Kafka prints its stack trace after the error line; tkafka does not. */
function untilError(stdout: string): string {
  const i = stdout.indexOf('Error while executing ACL command: ');
  return i < 0 ? stdout : stdout.slice(0, stdout.indexOf('\n', i) + 1);
}

const ACL_COMMAND = 'org.apache.kafka.tools.AclCommand';

async function cliRow(name: string, args: string[], opts: { untilError?: boolean; settle?: boolean } = {}): Promise<void> {
  const t = await runCli(['acls', '--bootstrap-server', ours.bootstrap, ...args]);
  const runK = async (): Promise<{ stdout: string; exitCode: number | null }> => {
    const r = await runKafkaTool(kafka, ACL_COMMAND, ['--bootstrap-server', kafka.bootstrap, ...args]);
    return { stdout: r.stdout, exitCode: r.exitCode };
  };
  const view = (o: { stdout: string; exitCode: number | null }): unknown => ({ stdout: unordered(opts.untilError === true ? untilError(o.stdout) : o.stdout), exitCode: o.exitCode });
  // A listing right after a change may run before Kafka's broker has applied it.
  const k = opts.settle === true ? await waitFor(`kafka-acls ${args.join(' ')}`, async () => {
    const r = await runK();
    return JSON.stringify(view(r)) === JSON.stringify(view(t)) ? r : undefined;
  }, 30_000, 500).catch(runK) : await runK();
  expect(view(t)).toEqual(view(k));
  logParity({ tier: TIER, scenario: `kafka-acls.sh ${name}`, result: t.stdout === k.stdout ? 'identical' : 'normalised-identical' });
}

describe('kafka-acls.sh vs tkafka acls', () => {
  it('add, list, remove and the role conveniences print the same', async () => {
    await cliRow('--add (two operations)', ['--add', '--allow-principal', 'User:alice', '--operation', 'Read', '--operation', 'Describe', '--topic', 'orders']);
    await cliRow('--add (one existing, one DENY with a host)', ['--add', '--allow-principal', 'User:alice', '--operation', 'Read', '--deny-principal', 'User:mallory', '--deny-host', '10.0.0.9', '--topic', 'orders'], { settle: true });
    await cliRow('--add --producer --idempotent --transactional-id', ['--add', '--allow-principal', 'User:bob', '--producer', '--topic', 'pay', '--transactional-id', 'tx-1', '--idempotent']);
    await cliRow('--add --consumer', ['--add', '--allow-principal', 'User:carol', '--consumer', '--topic', 'pay', '--group', 'billing']);
    await cliRow('--add --resource-pattern-type prefixed', ['--add', '--allow-principal', 'User:app', '--operation', 'Write', '--topic', 'app.', '--resource-pattern-type', 'prefixed']);
    await cliRow('--list', ['--list'], { settle: true });
    await cliRow('--list --resource-pattern-type match', ['--list', '--topic', 'app.events', '--resource-pattern-type', 'match'], { settle: true });
    await cliRow('--list --principal', ['--list', '--principal', 'User:bob'], { settle: true });
    await cliRow('--remove one entry --force', ['--remove', '--allow-principal', 'User:alice', '--operation', 'Describe', '--topic', 'orders', '--force']);
    await cliRow('--remove a resource --force', ['--remove', '--topic', 'pay', '--force']);
    await cliRow('--list after removing', ['--list'], { settle: true });
    await cliRow('--add refused by the broker (empty group name)', ['--add', '--allow-principal', 'User:a', '--group', ''], { untilError: true });
  }, 300_000);
});
