import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js delegation-tokens against a real broker without token authentication:
// Kafka's answers without delegation.token.secret.key (REQUEST_NOT_ALLOWED on PLAINTEXT,
// AUTH_DISABLED on SASL), the tool's progress lines and jopt-simple's usage errors.

let b: TestBroker;
let dir: string;
let plainProps: string;
let saslProps: string;

beforeAll(async () => {
  b = await startTestBroker({
    config: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'PLAIN',
      'listener.name.sasl_plaintext.plain.sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required user_bob="bob-secret";',
    },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-dt-'));
  plainProps = path.join(dir, 'plain.properties');
  fs.writeFileSync(plainProps, '');
  saslProps = path.join(dir, 'sasl.properties');
  fs.writeFileSync(saslProps, 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.username=bob\nsasl.password=bob-secret\n');
});

afterAll(async () => {
  await b.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NOT_ALLOWED = 'org.apache.kafka.common.errors.UnsupportedByAuthenticationException: Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels.\n';
const DISABLED = 'org.apache.kafka.common.errors.DelegationTokenDisabledException: Delegation Token feature is not enabled.\n';

describe('tkafka delegation-tokens', () => {
  it('PLAINTEXT: DELEGATION_TOKEN_REQUEST_NOT_ALLOWED for every action', async () => {
    const cc = ['delegation-tokens', '--bootstrap-server', `127.0.0.1:${listenerPort(b, 'PLAINTEXT')}`, '--command-config', plainProps];
    expect(await runCli([...cc, '--describe'])).toMatchObject({ stdout: 'Calling describe token operation for current user.\n', stderr: NOT_ALLOWED, exitCode: 1 });
    expect(await runCli([...cc, '--create', '--max-life-time-period', '-1', '--renewer-principal', 'User:carol'])).toMatchObject({
      stdout: 'Calling create token operation with renewers :[User:carol] , max-life-time-period :-1\n',
      stderr: NOT_ALLOWED,
      exitCode: 1,
    });
  });

  it('SASL: DELEGATION_TOKEN_AUTH_DISABLED (no delegation.token.secret.key)', async () => {
    const cc = ['delegation-tokens', '--bootstrap-server', `127.0.0.1:${listenerPort(b, 'SASL_PLAINTEXT')}`, '--command-config', saslProps];
    expect(await runCli([...cc, '--describe', '--owner-principal', 'User:bob'])).toMatchObject({ stdout: 'Calling describe token operation for owners: [User:bob]\n', stderr: DISABLED, exitCode: 1 });
    expect(await runCli([...cc, '--renew', '--hmac', 'AAAA', '--renew-time-period', '-1'])).toMatchObject({ stdout: 'Calling renew token operation with hmac :AAAA , renew-time-period :-1\n', stderr: DISABLED, exitCode: 1 });
    expect(await runCli([...cc, '--expire', '--hmac', 'AAAA', '--expiry-time-period', '-1'])).toMatchObject({ stdout: 'Calling expire token operation with hmac :AAAA , expire-time-period :-1\n', stderr: DISABLED, exitCode: 1 });
    expect(await runCli([...cc, '--create', '--max-life-time-period', '-1'])).toMatchObject({ stderr: DISABLED, exitCode: 1 });
  });

  it("usage errors: jopt-simple's messages, exit 2", async () => {
    const base = ['delegation-tokens', '--bootstrap-server', b.bootstrap];
    for (const [args, msg] of [
      [['--command-config', plainProps], 'Command must include exactly one action: --create, --renew, --expire or --describe'],
      [['--describe'], 'Missing required argument "[command-config]"'],
      [['--command-config', plainProps, '--create'], 'Missing required argument "[max-life-time-period]"'],
      [['--command-config', plainProps, '--renew', '--hmac', 'x'], 'Missing required argument "[renew-time-period]"'],
      [['--command-config', plainProps, '--describe', '--hmac', 'x'], 'Option "[describe]" can\'t be used with option "[hmac]"'],
    ] as const) {
      const r = await runCli([...base, ...args]);
      expect({ exitCode: r.exitCode, first: r.stderr.split('\n')[0] }).toEqual({ exitCode: 2, first: `tkafka: ${msg}` });
    }
  });
});
