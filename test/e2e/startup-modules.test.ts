import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCliTraced } from '../helpers/cli.js';

// Issue 15: no tool loads what it does not use. Each run records every module the CLI loads (ESM
// through a resolve hook, CommonJS and native addons from require's cache): `<tool> --help` loads
// that tool's definitions and nothing else; a plaintext round trip of small records loads neither the
// TLS/SASL stack nor a native addon, and of the generated API codecs exactly those of the requests it sends.
// (bench/cli-startup.ts measures the time; these are the deterministic half.)

const TOOLS = readdirSync(new URL('../../src/cli/commands/', import.meta.url));

/** What `tkafka <tool> --help` may load besides Node's built-ins. */
function helpAllowed(tool: string): RegExp {
  return new RegExp(
    String.raw`/bin/tkafka\.js$|/node_modules/commander/|/dist/shared/errors\.js$|/dist/core/completion/hints\.js$|` +
      String.raw`/dist/cli/(main|root|tools|action|exit-codes|version|options/[\w-]+|output/(io|style|format))\.js$|` +
      String.raw`/dist/cli/commands/${tool}/index\.js$`,
  );
}

/** The security stack: SASL mechanisms and their client, TLS/keystore property mapping, node:tls. */
const SECURITY = /\/dist\/protocol\/sasl\/|\/dist\/client\/native\/(sasl|oauth)\.js$|\/generated\/apis\/sasl-|\/dist\/cli\/options\/command-config\.js$|\/dist\/shared\/(pkcs12|store-type)\.js$|\/node_modules\/node-forge\/|^node:tls$/;
/** Native addons (compression codecs; CRC-32C, whose JS loop serves small batches) and the UI packages that need a TTY. */
const CODECS_AND_UI = /\/node_modules\/(snappy|lz4-napi|zstd-napi|@napi-rs\/snappy|@node-rs\/crc32|chalk|ora|cli-table3)|\.node$/;

let b: TestBroker;
beforeAll(async () => {
  b = await startTestBroker();
  const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'startup-seed' });
  await client.topic('startup', { autoCreate: true, timeoutMs: 5000 });
  await client.close();
});
afterAll(async () => {
  await b.dispose();
});

const apisOf = (modules: string[]): string[] =>
  modules
    .filter((m) => m.includes('/dist/protocol/generated/apis/'))
    .map((m) => m.replace(/.*\/generated\/apis\/|\.js$/g, ''))
    .sort();

describe('tool start-up loads only what the tool uses', () => {
  it('<tool> --help: its own definitions, no other command, no client, protocol or broker code', async () => {
    expect(TOOLS.length).toBeGreaterThan(25);
    const runs = new Map<string, Awaited<ReturnType<typeof runCliTraced>>>();
    for (let i = 0; i < TOOLS.length; i += 2) {
      const pair = TOOLS.slice(i, i + 2);
      (await Promise.all(pair.map((t) => runCliTraced([t, '--help'])))).forEach((r, j) => runs.set(pair[j] as string, r));
    }
    for (const tool of TOOLS) {
      const r = runs.get(tool) as Awaited<ReturnType<typeof runCliTraced>>;
      expect(r.exitCode, tool).toBe(0);
      expect(r.modules.some((m) => m.endsWith(`/dist/cli/commands/${tool}/index.js`)), tool).toBe(true);
      const allowed = helpAllowed(tool);
      expect(r.modules.filter((m) => !m.startsWith('node:') && !allowed.test(m)), tool).toEqual([]);
    }
  });

  // Each round trip: [tool and flags, stdin, the generated API codecs it loads].
  const ROUND_TRIPS: Array<[string[], string | undefined, string[]]> = [
    [['topics', '--list'], undefined, ['api-versions', 'create-partitions', 'create-topics', 'delete-topics', 'describe-configs', 'describe-topic-partitions', 'metadata']],
    [['get-offsets', '--topic', 'startup'], undefined, ['api-versions', 'list-offsets', 'metadata']],
    [['console-producer', '--topic', 'startup'], 'one\n', ['add-partitions-to-txn', 'api-versions', 'end-txn', 'find-coordinator', 'init-producer-id', 'metadata', 'produce']],
    [
      ['console-consumer', '--topic', 'startup', '--from-beginning', '--max-messages', '1'],
      undefined,
      ['api-versions', 'fetch', 'find-coordinator', 'heartbeat', 'join-group', 'leave-group', 'list-offsets', 'metadata', 'offset-commit', 'offset-fetch', 'sync-group'],
    ],
    [
      ['consumer-groups', '--list'],
      undefined,
      ['api-versions', 'consumer-group-describe', 'delete-groups', 'describe-groups', 'find-coordinator', 'list-groups', 'metadata', 'offset-commit', 'offset-delete', 'offset-fetch'],
    ],
    [['groups', '--list'], undefined, ['api-versions', 'list-groups', 'metadata']],
    [['broker-api-versions'], undefined, ['api-versions', 'metadata']],
  ];

  it('a plaintext round trip: no TLS/SASL stack, no codec, no other tool, only its own API codecs', async () => {
    for (const [args, input, apis] of ROUND_TRIPS) {
      const name = args.join(' ');
      const r = await runCliTraced([...args, '--bootstrap-server', b.bootstrap], input === undefined ? {} : { input });
      expect(r.exitCode, `${name}: ${r.stderr}`).toBe(0);
      expect(r.modules.filter((m) => SECURITY.test(m) || CODECS_AND_UI.test(m)), name).toEqual([]);
      const commands = new Set(r.modules.flatMap((m) => /\/dist\/cli\/commands\/([\w-]+)\/index\.js$/.exec(m)?.[1] ?? []));
      expect([...commands], name).toEqual([args[0]]);
      expect(r.modules.some((m) => m.endsWith('/dist/cli/program.js')), name).toBe(false);
      expect(apisOf(r.modules), name).toEqual(apis);
    }
    expect((await runCliTraced(['console-consumer', '--topic', 'startup', '--from-beginning', '--max-messages', '1', '--bootstrap-server', b.bootstrap])).stdout).toBe('one\n');
  });

  it('the checks see the security stack when a connection does use SASL', async () => {
    const jaas = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";';
    const props = ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=PLAIN', `sasl.jaas.config=${jaas}`].flatMap((p) => ['--command-property', p]);
    // The plaintext listener refuses SaslHandshake (exit 3), after the SASL client has loaded.
    const r = await runCliTraced(['topics', '--list', '--bootstrap-server', b.bootstrap, ...props]);
    expect(r.exitCode).toBe(3);
    const loaded = r.modules.filter((m) => SECURITY.test(m)).map((m) => m.replace(/.*\/dist\//, ''));
    expect(loaded).toEqual(expect.arrayContaining(['cli/options/command-config.js', 'client/native/sasl.js', 'protocol/sasl/plain.js', 'protocol/generated/apis/sasl-handshake.js']));
  });
});
