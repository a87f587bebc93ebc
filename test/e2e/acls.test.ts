import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js acls against a real broker with the StandardAuthorizer: kafka-acls.sh's
// exact bytes on stdout, the --producer/--consumer conveniences, --remove's question, -o json,
// exit codes, and one-line usage errors.

const ERR = 'Error while executing ACL command: ';
const STANDARD = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';
const rp = (type: string, name: string, pattern = 'LITERAL'): string => `ResourcePattern(resourceType=${type}, name=${name}, patternType=${pattern})`;
const ace = (principal: string, op: string, perm = 'ALLOW', host = '*'): string => `(principal=${principal}, host=${host}, operation=${op}, permissionType=${perm})`;
const adding = (resource: string, ...entries: string[]): string => `Adding ACLs for resource \`${resource}\`: \n ${entries.map((e) => `\t${e}`).join('\n')}\n\n`;
const current = (resource: string, ...entries: string[]): string => `Current ACLs for resource \`${resource}\`:\n${entries.map((e) => `\t${e}`).join('\n')}\n\n`;

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker({ config: { 'authorizer.class.name': STANDARD, 'super.users': 'User:ANONYMOUS' } });
});

afterAll(async () => {
  await b.dispose();
});

function acls(...args: string[]): Promise<CliResult> {
  return runCli(['acls', '--bootstrap-server', b.bootstrap, ...args]);
}

function expectOk(r: CliResult, stdout: string): void {
  expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout, stderr: '', exitCode: 0 });
}

describe('tkafka acls', () => {
  it('adds, reports existing ACLs, lists and removes with the --remove question, byte for byte', async () => {
    expectOk(
      await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Read', '--operation', 'describe', '--topic', 'orders'),
      adding(rp('TOPIC', 'orders'), ace('User:alice', 'READ'), ace('User:alice', 'DESCRIBE')),
    );
    expectOk(
      await acls('--add', '--allow-principal', 'User:alice', '--operation', 'READ', '--deny-principal', 'User:mallory', '--deny-host', '10.0.0.9', '--topic', 'orders'),
      `Acl (pattern=${rp('TOPIC', 'orders')}, entry=${ace('User:alice', 'READ')}) already exists.\n` + adding(rp('TOPIC', 'orders'), ace('User:mallory', 'READ', 'DENY', '10.0.0.9')),
    );
    expectOk(
      await acls('--add', '--allow-principal', 'User:app', '--operation', 'Write', '--topic', 'app.', '--resource-pattern-type', 'prefixed'),
      adding(rp('TOPIC', 'app.', 'PREFIXED'), ace('User:app', 'WRITE')),
    );
    expectOk(
      await acls('--list', '--topic', 'orders'),
      current(rp('TOPIC', 'orders'), ace('User:alice', 'READ'), ace('User:alice', 'DESCRIBE'), ace('User:mallory', 'READ', 'DENY', '10.0.0.9')),
    );
    // MATCH lists every pattern that applies to the name.
    expectOk(await acls('--list', '--topic', 'app.events', '--resource-pattern-type', 'match'), current(rp('TOPIC', 'app.', 'PREFIXED'), ace('User:app', 'WRITE')));
    expectOk(await acls('--list', '--principal', 'User:app'), 'ACLs for principal `User:app`\n' + current(rp('TOPIC', 'app.', 'PREFIXED'), ace('User:app', 'WRITE')));

    // --remove asks first; 'n' keeps, 'y' removes.
    const prompt = `Are you sure you want to remove ACLs: \n \t${ace('User:alice', 'DESCRIBE')}\n from resource filter \`${rp('TOPIC', 'orders')}\`? (y/n)\n`;
    const no = await runCli(['acls', '--bootstrap-server', b.bootstrap, '--remove', '--allow-principal', 'User:alice', '--operation', 'Describe', '--topic', 'orders'], { input: 'n\n' });
    expectOk(no, prompt);
    const yes = await runCli(['acls', '--bootstrap-server', b.bootstrap, '--remove', '--allow-principal', 'User:alice', '--operation', 'Describe', '--topic', 'orders'], { input: 'y\n' });
    expectOk(yes, prompt);
    expectOk(await acls('--list', '--topic', 'orders'), current(rp('TOPIC', 'orders'), ace('User:alice', 'READ'), ace('User:mallory', 'READ', 'DENY', '10.0.0.9')));
    expectOk(await acls('--remove', '--topic', 'orders', '--force'), '');
    expectOk(await acls('--remove', '--topic', 'app.', '--resource-pattern-type', 'prefixed', '--force'), '');
    expectOk(await acls('--list'), '');
  });

  it('--producer and --consumer add the ACLs of the role', async () => {
    expectOk(
      await acls('--add', '--allow-principal', 'User:bob', '--producer', '--topic', 'pay', '--transactional-id', 'tx-1', '--idempotent'),
      adding(rp('TOPIC', 'pay'), ace('User:bob', 'WRITE'), ace('User:bob', 'DESCRIBE'), ace('User:bob', 'CREATE')) +
        adding(rp('TRANSACTIONAL_ID', 'tx-1'), ace('User:bob', 'WRITE'), ace('User:bob', 'DESCRIBE')) +
        adding(rp('CLUSTER', 'kafka-cluster'), ace('User:bob', 'IDEMPOTENT_WRITE')),
    );
    expectOk(
      await acls('--add', '--allow-principal', 'User:carol', '--allow-host', '10.1.1.1', '--consumer', '--topic', 'pay', '--group', 'billing'),
      adding(rp('TOPIC', 'pay'), ace('User:carol', 'READ', 'ALLOW', '10.1.1.1'), ace('User:carol', 'DESCRIBE', 'ALLOW', '10.1.1.1')) + adding(rp('GROUP', 'billing'), ace('User:carol', 'READ', 'ALLOW', '10.1.1.1')),
    );
    const json = await acls('--list', '--principal', 'User:carol', '-o', 'json');
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      resources: [
        { resourceType: 'TOPIC', name: 'pay', patternType: 'LITERAL', acls: [{ principal: 'User:carol', host: '10.1.1.1', operation: 'READ', permissionType: 'ALLOW' }, { principal: 'User:carol', host: '10.1.1.1', operation: 'DESCRIBE', permissionType: 'ALLOW' }] },
        { resourceType: 'GROUP', name: 'billing', patternType: 'LITERAL', acls: [{ principal: 'User:carol', host: '10.1.1.1', operation: 'READ', permissionType: 'ALLOW' }] },
      ],
    });
    const removed = await acls('--remove', '--allow-principal', 'User:carol', '--allow-host', '10.1.1.1', '--consumer', '--topic', 'pay', '--group', 'billing', '--force', '-o', 'json');
    expect(removed.exitCode).toBe(0);
    expect((JSON.parse(removed.stdout) as { removed: { operation: string }[] }).removed.map((a) => a.operation)).toEqual(['READ', 'DESCRIBE', 'READ']);
    const added = await acls('--add', '--allow-principal', 'User:dave', '--cluster', '--operation', 'Alter', '-o', 'json');
    expect(JSON.parse(added.stdout)).toEqual({ added: [{ resourceType: 'CLUSTER', name: 'kafka-cluster', patternType: 'LITERAL', principal: 'User:dave', host: '*', operation: 'ALTER', permissionType: 'ALLOW' }], existing: [] });
  });

  it('reports the broker\'s refusals as kafka-acls does (exit 1)', async () => {
    const r = await acls('--add', '--allow-principal', 'User:a', '--group', '');
    expect(r.exitCode).toBe(1);
    expect(r.stdout.endsWith(`${ERR}org.apache.kafka.common.errors.InvalidRequestException: Invalid empty resource name\n`)).toBe(true);
    const bad = await acls('--add', '--allow-principal', 'alice', '--topic', 't');
    expect({ stdout: bad.stdout, exitCode: bad.exitCode }).toEqual({ stdout: `${ERR}expected a string in format principalType:principalName but got alice\n`, exitCode: 1 });

    const plain = await startTestBroker();
    try {
      const off = await runCli(['acls', '--bootstrap-server', plain.bootstrap, '--list']);
      expect({ stdout: off.stdout, exitCode: off.exitCode }).toEqual({ stdout: `${ERR}org.apache.kafka.common.errors.SecurityDisabledException: No Authorizer is configured on the broker\n`, exitCode: 1 });
    } finally {
      await plain.dispose();
    }
    const closed = await runCli(['acls', '--bootstrap-server', '127.0.0.1:1', '--list']);
    expect(closed).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: "tkafka: Nothing answers at 127.0.0.1:1 (connection refused); start the bundled broker with 'tkafka broker start' or pass --bootstrap-server host:port.\n",
    });
  });

  it('refuses bad flags with one line and exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['--add', '--list', '--topic', 't'], 'Command must include exactly one action: --list, --add, --remove.'],
      [['--list', '--producer', '--topic', 't'], 'Option "[list]" can\'t be used with option "[producer]"'],
      [['--add', '--producer', '--allow-principal', 'User:a', '--operation', 'Read', '--topic', 't'], 'Option "[producer]" can\'t be used with option "[operation]"'],
      [['--add', '--allow-principal', 'User:a', '--principal', 'User:a', '--topic', 't'], 'The --principal option is only available if --list is set'],
      [['--add', '--allow-principal', 'User:a', '--producer'], 'With --producer you must specify a --topic'],
      [['--add', '--allow-principal', 'User:a', '--idempotent', '--topic', 't'], 'The --idempotent option is only available if --producer is set'],
      [['--add', '--allow-principal', 'User:a', '--consumer', '--topic', 't'], 'With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.'],
      [['--add', '--allow-principal', 'User:a'], 'You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>'],
      [['--add', '--topic', 't'], 'You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.'],
      [['--add', '--allow-principal', 'User:a', '--topic', 't', '--resource-pattern-type', 'any'], "A '--resource-pattern-type' value of 'ANY' is not valid when adding acls."],
      [['--list', '--resource-pattern-type', 'bogus'], "Cannot parse argument 'bogus' of option resource-pattern-type"],
      [['--add', '--allow-principal', 'User:a', '--operation', 'IdempotentWrite', '--group', 'g'], 'ResourceType GROUP only supports operations [READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS, ALL]'],
      [['--add', '--allow-principal', 'User:a', '--operation', 'Fly', '--topic', 't'], 'ResourceType TOPIC only supports operations [READ, WRITE, CREATE, DESCRIBE, DELETE, ALTER, DESCRIBE_CONFIGS, ALTER_CONFIGS, ALL]'],
      [['--list', '--bogus'], "unknown option '--bogus'"],
    ];
    for (const [args, message] of cases) {
      const r = await acls(...args);
      expect({ args, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ args, stdout: '', stderr: `tkafka: ${message}\nRun 'tkafka acls --help' for usage.\n`, exitCode: 2 });
    }
  });
});
