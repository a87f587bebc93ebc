// Kafka's own Java client (through Kafka 4.4's kafka-topics tool) authenticating to our broker with
// every mechanism we serve: PLAIN (JAAS users), SCRAM-SHA-256/512 (credentials set by Kafka's own
// kafka-configs tool through AlterUserScramCredentials) and OAUTHBEARER with Kafka's unsecured
// tokens, plus the failures a Java user sees (wrong password, an insufficient token scope).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';
import { writeClientConfig } from '../helpers/client-config.js';
import { runKafkaTool, type ToolResult } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'Java client (Kafka 4.4 tools) × tkafka SASL';
const TOPICS = 'org.apache.kafka.tools.TopicCommand';
const CONFIGS = 'org.apache.kafka.tools.ConfigCommand';
/** TopicCommand's line for a failed command (its stack trace goes to stderr). */
const ERROR = 'Error while executing topic command : ';

const PLAIN_JAAS = 'org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice secret";';
const OAUTH_MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule';

describe('Kafka 4.4 Java client over SASL_PLAINTEXT to tkafka', () => {
  let b: TestBroker;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'java-sasl-'));
    b = await startTestBroker({
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,STRICT://127.0.0.1:0',
        'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,STRICT:SASL_PLAINTEXT',
        'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER',
        'listener.name.strict.sasl.enabled.mechanisms': 'OAUTHBEARER',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': PLAIN_JAAS,
        'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config': `${OAUTH_MODULE} required;`,
        'listener.name.strict.oauthbearer.sasl.jaas.config': `${OAUTH_MODULE} required unsecuredValidatorRequiredScope="kafka-admin";`,
      },
    });
  });
  afterAll(async () => {
    await b.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A SASL_PLAINTEXT client properties file for `mechanism` with `jaas`. */
  function props(name: string, mechanism: string, jaas: string): string {
    return writeClientConfig(path.join(dir, `${name}.properties`), ['security.protocol=SASL_PLAINTEXT', `sasl.mechanism=${mechanism}`, `sasl.jaas.config=${jaas.replace(/\\/g, '\\\\')}`]);
  }

  function topics(listener: string, config: string, args: string[]): Promise<ToolResult> {
    return runKafkaTool(kafka1, TOPICS, ['--bootstrap-server', `127.0.0.1:${listenerPort(b, listener)}`, '--command-config', config, ...args], { timeoutMs: 60_000 });
  }

  /** Creates `topic` through `listener` and lists it back by name: Kafka's exact output both times. */
  async function createAndList(listener: string, config: string, topic: string): Promise<void> {
    expect(await topics(listener, config, ['--create', '--topic', topic, '--partitions', '1'])).toMatchObject({ exitCode: 0, stdout: `Created topic ${topic}.\n` });
    expect(await topics(listener, config, ['--list', '--topic', topic])).toMatchObject({ exitCode: 0, stdout: `${topic}\n` });
  }

  it('kafka-configs sets SCRAM credentials over PLAINTEXT; the Java client logs in with SCRAM-SHA-256 and SCRAM-SHA-512', async () => {
    for (const [mech, iterations] of [
      ['SCRAM-SHA-256', 4096],
      ['SCRAM-SHA-512', 8192],
    ] as const) {
      const r = await runKafkaTool(kafka1, CONFIGS, ['--bootstrap-server', `127.0.0.1:${listenerPort(b, 'PLAINTEXT')}`, '--alter', '--add-config', `${mech}=[iterations=${iterations},password=alice-${mech}]`, '--entity-type', 'users', '--entity-name', 'alice']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe('Completed updating config for user alice.');
      const cfg = props(mech, mech, `org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-${mech}";`);
      await createAndList('SASL_PLAINTEXT', cfg, `java-${mech}`);
    }
    logParity({ tier: TIER, scenario: 'SCRAM-SHA-256/512 with credentials from kafka-configs', result: 'passes' });
  });

  it('a wrong SCRAM password fails with Kafka\'s text', async () => {
    const cfg = props('scram-wrong', 'SCRAM-SHA-512', 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="nope";');
    const r = await topics('SASL_PLAINTEXT', cfg, ['--list']);
    expect(r).toMatchObject({ exitCode: 1, stdout: `${ERROR}Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512\n` });
    logParity({ tier: TIER, scenario: 'SCRAM wrong password', result: 'passes' });
  });

  it('PLAIN against the JAAS users (a password with a space), and a wrong password', async () => {
    const ok = props('plain', 'PLAIN', 'org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="alice secret";');
    await createAndList('SASL_PLAINTEXT', ok, 'java-plain');
    const bad = props('plain-bad', 'PLAIN', 'org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="alice-secret";');
    const r = await topics('SASL_PLAINTEXT', bad, ['--list']);
    expect(r).toMatchObject({ exitCode: 1, stdout: `${ERROR}Authentication failed: Invalid username or password\n` });
    logParity({ tier: TIER, scenario: 'PLAIN, and a wrong password', result: 'passes' });
  });

  it('OAUTHBEARER with unsecured tokens; a listener requiring a scope refuses a token without it', async () => {
    const cfg = props('oauth', 'OAUTHBEARER', `${OAUTH_MODULE} required unsecuredLoginStringClaim_sub="svc-orders";`);
    await createAndList('SASL_PLAINTEXT', cfg, 'java-oauth');
    const refused = await topics('STRICT', cfg, ['--list']);
    expect(refused).toMatchObject({ exitCode: 1, stdout: `${ERROR}{"status":"insufficient_scope", "scope":"[kafka-admin]"}\n` });
    const scoped = props('oauth-scoped', 'OAUTHBEARER', `${OAUTH_MODULE} required unsecuredLoginStringClaim_sub="svc-orders" unsecuredLoginListClaim_scope=",kafka-admin,other";`);
    expect(await topics('STRICT', scoped, ['--list', '--topic', 'java-oauth'])).toMatchObject({ exitCode: 0, stdout: 'java-oauth\n' });
    logParity({ tier: TIER, scenario: 'OAUTHBEARER unsecured tokens, required scope', result: 'passes' });
  });
});
