// OAUTHBEARER with Kafka's unsecured JWS (development tokens) both ways:
// - tkafka's tools (topics, console-producer, console-consumer, consumer-groups) through our own
//   client against Apache Kafka 4.4 with a SASL_PLAINTEXT listener whose only mechanism is
//   OAUTHBEARER and whose validator is Kafka's default OAuthBearerUnsecuredValidatorCallbackHandler:
//   the token comes from --command-config (unsecuredLoginStringClaim_sub in sasl.jaas.config, or a
//   ready one in sasl.oauthbearer.token), records go through exactly, and an expired or malformed
//   token is refused with Kafka's own text;
// - Kafka's own ConsoleProducer/ConsoleConsumer (the Java client's unsecured login) against our broker.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { writeClientConfig } from '../helpers/client-config.js';
import { runKafkaTool, startKafka, stopKafka, type KafkaClusterInfo } from './kafka-ref.js';
import { KAFKA_TOOL } from './parity.js';
import { logParity } from './parity-table.js';

const runDir = inject('refRunDir');
const TIER = 'OAUTHBEARER (unsecured JWS)';
const MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule';
const R = Math.random().toString(36).slice(2, 6);

let kafka: KafkaClusterInfo;
let ours: TestBroker;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oauth-unsecured-'));
  [kafka, ours] = await Promise.all([
    startKafka({
      nodes: 1,
      dir: path.join(runDir, 'kafka-oauth'),
      extraListeners: [
        {
          name: 'OAUTH',
          protocol: 'SASL_PLAINTEXT',
          // No callback handler configured: Kafka validates with OAuthBearerUnsecuredValidatorCallbackHandler.
          props: ['listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER', `listener.name.oauth.oauthbearer.sasl.jaas.config=${MODULE} required unsecuredLoginStringClaim_sub="broker";`],
        },
      ],
    }),
    startTestBroker({
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
        'sasl.enabled.mechanisms': 'OAUTHBEARER',
        'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config': `${MODULE} required;`,
      },
    }),
  ]);
}, 240_000);

afterAll(async () => {
  if (kafka !== undefined) stopKafka(kafka);
  await ours?.dispose();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

function oauthConfig(name: string, lines: string[]): string {
  return writeClientConfig(path.join(dir, `${name}.properties`), ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=OAUTHBEARER', ...lines]);
}

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsecured JWS as Kafka's unsecured login makes it: header alg none, claims, empty signature. */
const unsecuredToken = (claims: object): string => `${b64({ alg: 'none' })}.${b64(claims)}.`;

describe('tkafka tools with OAUTHBEARER (unsecured JWS) against Apache Kafka 4.4', () => {
  it('topics, console-producer, console-consumer (in a group) and consumer-groups authenticate and move records exactly', async () => {
    const bootstrap = `127.0.0.1:${kafka.extraPorts?.['OAUTH'] as number}`;
    const config = oauthConfig('tkafka', [`sasl.jaas.config=${MODULE} required unsecuredLoginStringClaim_sub="alice";`]);
    const cc = ['--bootstrap-server', bootstrap, '--command-config', config];
    const topic = `oauth${R}`;
    const group = `oauth-group${R}`;
    expect(await runCli(['topics', ...cc, '--create', '--topic', topic, '--partitions', '2'])).toMatchObject({ exitCode: 0, stdout: `Created topic ${topic}.\n` });
    expect(await runCli(['topics', ...cc, '--list', '--topic', topic])).toMatchObject({ exitCode: 0, stdout: `${topic}\n` });
    const lines = Array.from({ length: 50 }, (_, i) => `k${i}\tvalue ${i} ✓`);
    const produced = await runCli(['console-producer', ...cc, '--topic', topic, '--property', 'parse.key=true'], { input: `${lines.join('\n')}\n` });
    expect(produced).toMatchObject({ exitCode: 0, stdout: '' });
    const consumed = await runCli(['console-consumer', ...cc, '--topic', topic, '--group', group, '--from-beginning', '--max-messages', '50', '--property', 'print.key=true']);
    expect(consumed.exitCode, consumed.stderr).toBe(0);
    expect(consumed.stdout.split('\n').filter((l) => l !== '').sort()).toEqual([...lines].sort());
    expect(consumed.stderr).toMatch(/Processed a total of 50 messages\n$/);
    // The group's committed offsets: 50 records over both partitions, no lag.
    const described = await runCli(['consumer-groups', ...cc, '--describe', '--group', group, '-o', 'json']);
    expect(described.exitCode, described.stderr).toBe(0);
    const rows = (JSON.parse(described.stdout) as { groups: { partitions: { currentOffset: number; logEndOffset: number; lag: number }[] }[] }).groups.flatMap((g) => g.partitions);
    expect(rows).toHaveLength(2);
    expect(rows.reduce((n, p) => n + p.currentOffset, 0)).toBe(50);
    expect(rows.every((p) => p.lag === 0)).toBe(true);
    // A ready token in sasl.oauthbearer.token works the same way.
    const now = Math.floor(Date.now() / 1000);
    const given = oauthConfig('given', [`sasl.oauthbearer.token=${unsecuredToken({ sub: 'bob', iat: now, exp: now + 600 })}`]);
    expect(await runCli(['topics', '--bootstrap-server', bootstrap, '--command-config', given, '--list', '--topic', topic])).toMatchObject({ exitCode: 0, stdout: `${topic}\n` });
    logParity({ tier: TIER, scenario: 'tkafka topics/console-producer/console-consumer/consumer-groups → Kafka 4.4 OAUTHBEARER listener', result: 'passes' });
  });

  it("an expired or malformed token is refused with Kafka's message: one line, exit 3", async () => {
    const bootstrap = `127.0.0.1:${kafka.extraPorts?.['OAUTH'] as number}`;
    const now = Math.floor(Date.now() / 1000);
    for (const [name, token] of [
      ['expired', unsecuredToken({ sub: 'alice', iat: now - 7200, exp: now - 3600 })],
      ['malformed', 'not-a-jws'],
    ] as const) {
      const config = oauthConfig(name, [`sasl.oauthbearer.token=${token}`]);
      const r = await runCli(['topics', '--bootstrap-server', bootstrap, '--command-config', config, '--list']);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stdout).toBe('');
      // OAuthBearerSaslServer's error for a token the unsecured validator rejects, as Kafka sends it.
      expect(r.stderr).toBe(`tkafka: SASL authentication with ${bootstrap} failed: The broker rejected the OAUTHBEARER token: {"status":"invalid_token"}\n`);
    }
    logParity({ tier: TIER, scenario: 'expired/malformed token refused by Kafka 4.4 with its message', result: 'passes' });
  });
});

describe("Kafka 4.4's console tools with OAUTHBEARER (unsecured) against tkafka's broker", () => {
  it('ConsoleProducer and ConsoleConsumer authenticate and move records exactly', async () => {
    const config = writeClientConfig(path.join(dir, 'java.properties'), ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=OAUTHBEARER', `sasl.jaas.config=${MODULE} required unsecuredLoginStringClaim_sub="carol";`]);
    const bootstrap = `127.0.0.1:${listenerPort(ours, 'SASL_PLAINTEXT')}`;
    const topic = `java-oauth${R}`;
    expect(await runCli(['topics', '--bootstrap-server', `127.0.0.1:${listenerPort(ours, 'PLAINTEXT')}`, '--create', '--topic', topic, '--partitions', '1'])).toMatchObject({ exitCode: 0 });
    const produced = await runKafkaTool(kafka, KAFKA_TOOL['console-producer'], ['--bootstrap-server', bootstrap, '--command-config', config, '--topic', topic], { input: 'one\ntwo\nthree\n', timeoutMs: 90_000 });
    expect(produced.exitCode, produced.stderr).toBe(0);
    const consumed = await runKafkaTool(kafka, KAFKA_TOOL['console-consumer'], ['--bootstrap-server', bootstrap, '--command-config', config, '--topic', topic, '--from-beginning', '--max-messages', '3'], { timeoutMs: 90_000 });
    expect(consumed).toMatchObject({ exitCode: 0, stdout: 'one\ntwo\nthree\n' });
    expect(consumed.stderr).toMatch(/Processed a total of 3 messages\n$/);
    logParity({ tier: TIER, scenario: "Kafka 4.4 ConsoleProducer/ConsoleConsumer → tkafka broker's OAUTHBEARER listener", result: 'passes' });
  });
});
