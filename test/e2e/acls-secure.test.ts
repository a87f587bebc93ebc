import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';
import { scramSslClientLines, writeClientConfig } from '../helpers/client-config.js';
import { createTlsFixtures, type TlsFixtures } from '../integration/security-fixtures.js';

// The principal a SASL_SSL login establishes is the one the authorizer judges: alice (SCRAM) may not
// manage ACLs until an admin (User:ANONYMOUS on PLAINTEXT, a super user here) grants her DESCRIBE
// and ALTER on the cluster with tkafka acls; a DENY for her host takes DESCRIBE away again.

const ERR = 'Error while executing ACL command: ';
const PASSWORD = 'alice-secret';

let f: TlsFixtures;
let b: TestBroker;
let plaintext: string;
let sasl: string;
let aliceConfig: string;

beforeAll(async () => {
  f = createTlsFixtures();
  b = await startTestBroker({
    config: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': f.serverPemFile,
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'super.users': 'User:ANONYMOUS',
    },
  });
  b.running.broker.scram.upsert('alice', 'SCRAM-SHA-512', PASSWORD);
  plaintext = `127.0.0.1:${listenerPort(b, 'PLAINTEXT')}`;
  sasl = `127.0.0.1:${listenerPort(b, 'SASL_SSL')}`;
  aliceConfig = writeClientConfig(path.join(f.dir, 'alice.properties'), scramSslClientLines('alice', PASSWORD, f.caFile));
});

afterAll(async () => {
  await b?.dispose();
  f?.dispose();
});

const admin = (...args: string[]): Promise<CliResult> => runCli(['acls', '--bootstrap-server', plaintext, ...args]);
const alice = (...args: string[]): Promise<CliResult> => runCli(['acls', '--bootstrap-server', sasl, '--command-config', aliceConfig, ...args]);
// Kafka's ClusterAuthorizationException text names the request as RequestChannel.Request prints it.
const REFUSED =
  /^Error while executing ACL command: org\.apache\.kafka\.common\.errors\.ClusterAuthorizationException: Request Request\(processor=0, connectionId=\d+, session=Session\(User:alice,\/127\.0\.0\.1\), listenerName=ListenerName\(SASL_SSL\), securityProtocol=SASL_SSL, buffer=null, envelope=None\) is not authorized\.\n$/;

describe('tkafka acls over SASL_SSL as a non-super user', () => {
  it('is refused without cluster ACLs, gains exactly what is granted, and DENY wins', async () => {
    const before = await alice('--list');
    expect(before.exitCode).toBe(1);
    expect(before.stdout).toMatch(REFUSED);

    expect((await admin('--add', '--allow-principal', 'User:alice', '--operation', 'Describe', '--cluster')).exitCode).toBe(0);
    const listed = await alice('--list');
    expect({ stdout: listed.stdout, exitCode: listed.exitCode }).toEqual({
      stdout: 'Current ACLs for resource `ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL)`:\n\t(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)\n\n',
      exitCode: 0,
    });

    // DESCRIBE lets the existing-ACL check pass; creating needs ALTER.
    const add = await alice('--add', '--allow-principal', 'User:bob', '--operation', 'Read', '--topic', 't');
    expect(add.exitCode).toBe(1);
    const [adding, error] = [add.stdout.slice(0, add.stdout.indexOf(ERR)), add.stdout.slice(add.stdout.indexOf(ERR))];
    expect(adding).toBe('Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)`: \n \t(principal=User:bob, host=*, operation=READ, permissionType=ALLOW)\n\n');
    expect(error).toMatch(REFUSED);

    expect((await admin('--add', '--allow-principal', 'User:alice', '--operation', 'Alter', '--cluster')).exitCode).toBe(0);
    expect(await alice('--add', '--allow-principal', 'User:bob', '--operation', 'Read', '--topic', 't')).toMatchObject({ exitCode: 0, stderr: '' });

    expect((await admin('--add', '--deny-principal', 'User:alice', '--deny-host', '127.0.0.1', '--operation', 'Describe', '--cluster')).exitCode).toBe(0);
    const denied = await alice('--list');
    expect(denied.exitCode).toBe(1);
    expect(denied.stdout).toMatch(REFUSED);
  });
});
