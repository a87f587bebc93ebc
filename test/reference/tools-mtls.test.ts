// The tools over mTLS against Apache Kafka 4.4 (the tier's single node has an SSL listener with
// ssl.client.auth=required): one client.properties (PEM key store with the client certificate, PEM
// trust store) for tkafka and for Kafka's own TopicCommand, ConsoleProducer and ConsoleConsumer side by side; and the refusal
// without a client certificate (tkafka: one line, exit 3).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeClientConfig } from '../helpers/client-config.js';
import { runKafkaTool } from './kafka-ref.js';
import { KAFKA_TOOL } from './parity.js';

const kafka = inject('kafka1');
const R = Math.random().toString(36).slice(2, 6);

const bootstrap = kafka.mtlsBootstrap as string;
const config = kafka.mtlsClientConfig as string;

const kafkaTool = (tool: keyof typeof KAFKA_TOOL, args: string[], input?: string) =>
  runKafkaTool(kafka, KAFKA_TOOL[tool], args, { ...(input === undefined ? {} : { input }), timeoutMs: 90_000 });

describe('tools over mTLS (Apache Kafka 4.4, ssl.client.auth=required)', () => {
  it('topics, console-producer and console-consumer: tkafka and Kafka\'s tools alike', async () => {
    for (const side of ['k', 't'] as const) {
      const topic = `mtls${R}-${side}`;
      const cc = ['--bootstrap-server', bootstrap, '--command-config', config];
      const run = (tool: keyof typeof KAFKA_TOOL, args: string[], input?: string) => (side === 'k' ? kafkaTool(tool, args, input) : runCli([tool, ...args], input === undefined ? {} : { input }));

      expect(await run('topics', [...cc, '--create', '--topic', topic, '--partitions', '1'])).toMatchObject({ exitCode: 0, stdout: `Created topic ${topic}.\n` });
      expect(await run('topics', [...cc, '--list', '--topic', topic])).toMatchObject({ exitCode: 0, stdout: `${topic}\n` });
      expect(await run('console-producer', [...cc, '--topic', topic], 'one\ntwo\n')).toMatchObject({ exitCode: 0, stdout: '' });
      const consumed = await run('console-consumer', [...cc, '--topic', topic, '--from-beginning', '--max-messages', '2']);
      expect(consumed).toMatchObject({ exitCode: 0, stdout: 'one\ntwo\n' });
      expect(consumed.stderr).toMatch(/Processed a total of 2 messages\n$/);
    }
  });

  it('without a client certificate the broker refuses tkafka: one line, exit 3', async () => {
    const ca = fs.readFileSync(config, 'utf8').match(/^ssl\.truststore\.location=(.*)$/m)?.[1] as string;
    const none = writeClientConfig(path.join(path.dirname(config), 'client-no-cert.properties'), ['security.protocol=SSL', 'ssl.truststore.type=PEM', `ssl.truststore.location=${ca}`]);
    const r = await runCli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', none]);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^tkafka: TLS connection to ${bootstrap.replace(/\./g, '\\.')} failed: the broker (refused the client certificate \\([^\\n]*\\)|closed it before answering, refusing the client certificate); check ssl\\.keystore\\.\\* \\(mTLS\\)\\.\\n$`));
  });
});
