import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// bin/tkafka.js log-dirs --describe against our broker: Kafka's two lines and its one JSON line
// (key order and list order of Kafka's HashMaps), sizes in bytes, the unknown-broker error, -o json.

let b: TestBroker;
let logDir: string;

beforeAll(async () => {
  b = await startTestBroker();
  logDir = fs.realpathSync(b.dataDir);
  expect((await cli('topics', '--create', '--topic', 'ld', '--partitions', '3')).exitCode).toBe(0);
  expect((await cli('topics', '--create', '--topic', 'other', '--partitions', '1')).exitCode).toBe(0);
  // One record "a" without a key: one 69-byte batch (61-byte header + 8-byte record).
  const r = await runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', 'ld', '--partition', '1'], { input: 'a\n' });
  expect(r.exitCode).toBe(0);
});

afterAll(async () => {
  await b.dispose();
});

function cli(...args: string[]): Promise<CliResult> {
  return runCli([args[0] ?? '', '--bootstrap-server', b.bootstrap, ...args.slice(1)]);
}

const out = (r: CliResult): unknown => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
const part = (name: string, size = 0): string => `{"partition":"${name}","size":${size},"offsetLag":0,"isFuture":false}`;

describe('tkafka log-dirs', () => {
  it('prints Kafka\'s lines and JSON line, byte for byte', async () => {
    const head = 'Querying brokers for log directories information\nReceived log directory information from brokers 1\n';
    expect(out(await cli('log-dirs', '--describe', '--topic-list', 'ld'))).toEqual({
      stdout: `${head}{"brokers":[{"broker":1,"logDirs":[{"partitions":[${part('ld-2')},${part('ld-1', 69)},${part('ld-0')}],"error":null,"logDir":"${logDir}"}]}],"version":1}\n`,
      stderr: '',
      exitCode: 0,
    });
    expect(out(await cli('log-dirs', '--describe', '--broker-list', '1', '--topic-list', 'other,none'))).toEqual({
      stdout: `${head}{"brokers":[{"broker":1,"logDirs":[{"partitions":[${part('other-0')}],"error":null,"logDir":"${logDir}"}]}],"version":1}\n`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('refuses unknown brokers and a missing --describe', async () => {
    expect(out(await cli('log-dirs', '--describe', '--broker-list', '7,1,3'))).toEqual({
      stdout: '',
      stderr: 'ERROR: The given brokers do not exist from --broker-list: 3,7. Current existent brokers: 1\n',
      exitCode: 1,
    });
    const r = await cli('log-dirs');
    expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([2, 'tkafka: Missing required argument "[describe]"']);
  });

  it('-o json', async () => {
    const r = await cli('log-dirs', '--describe', '--topic-list', 'ld', '-o', 'json');
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { version: number; brokers: Array<{ broker: number; logDirs: Array<Record<string, unknown>> }> };
    const dir = doc.brokers[0]?.logDirs[0] ?? {};
    expect(typeof dir['totalBytes']).toBe('number');
    expect({ ...doc, brokers: doc.brokers.map((x) => ({ ...x, logDirs: x.logDirs.map((d) => ({ ...d, totalBytes: 0, usableBytes: 0 })) })) }).toEqual({
      version: 1,
      brokers: [
        {
          broker: 1,
          logDirs: [
            {
              logDir,
              error: null,
              totalBytes: 0,
              usableBytes: 0,
              partitions: [
                { partition: 'ld-2', size: 0, offsetLag: 0, isFuture: false },
                { partition: 'ld-1', size: 69, offsetLag: 0, isFuture: false },
                { partition: 'ld-0', size: 0, offsetLag: 0, isFuture: false },
              ],
            },
          ],
        },
      ],
    });
  });
});
