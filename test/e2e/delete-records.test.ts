import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// bin/tkafka.js delete-records against our broker: kafka-delete-records.sh's lines, its JSON file
// checks with Kafka's messages, the inline form and -o json.

let b: TestBroker;
let dir: string;

beforeAll(async () => {
  b = await startTestBroker();
  dir = fs.mkdtempSync(path.join(b.dataDir, '..', 'dr-files-'));
  expect((await cli('topics', '--create', '--topic', 'dr', '--partitions', '2')).exitCode).toBe(0);
  for (const p of ['0', '1']) {
    const r = await runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', 'dr', '--partition', p], { input: 'a\nb\nc\nd\ne\n' });
    expect(r.exitCode).toBe(0);
  }
});

afterAll(async () => {
  await b.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<CliResult> {
  return runCli([args[0] ?? '', '--bootstrap-server', b.bootstrap, ...args.slice(1)]);
}

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

const out = (r: CliResult): unknown => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
const HEAD = 'Executing records delete operation\nRecords delete operation completed:\n';

describe('tkafka delete-records', () => {
  it('deletes below the offsets of the JSON file and prints the low watermarks', async () => {
    const offsets = await cli('get-offsets', '--topic', 'dr');
    expect(offsets.stdout).toBe('dr:0:5\ndr:1:5\n');
    const f = file('ok.json', '{"partitions":[{"topic":"dr","partition":1,"offset":-1},{"topic":"dr","partition":0,"offset":2}],"version":1}');
    expect(out(await cli('delete-records', '--offset-json-file', f))).toEqual({ stdout: `${HEAD}partition: dr-0\tlow_watermark: 2\npartition: dr-1\tlow_watermark: 5\n`, stderr: '', exitCode: 0 });
    expect((await cli('get-offsets', '--topic', 'dr', '--time', 'earliest')).stdout).toBe('dr:0:2\ndr:1:5\n');
  });

  it('prints a failed partition as Kafka does and exits 1', async () => {
    const f = file('bad.json', '{"partitions":[{"topic":"dr","partition":0,"offset":100},{"topic":"dr","partition":7,"offset":1}]}');
    expect(out(await cli('delete-records', '--offset-json-file', f))).toEqual({
      stdout:
        `${HEAD}partition: dr-0\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.\n` +
        'partition: dr-7\terror: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.\n',
      stderr: '',
      exitCode: 1,
    });
  });

  it('refuses a bad file with Kafka\'s messages (exit 2)', async () => {
    const cases: Array<[string, string]> = [
      ['{"partitions":[{"topic":"dr","partition":0,"offset":1},{"topic":"dr","partition":0,"offset":2},{"topic":"x","partition":3,"offset":1},{"topic":"x","partition":3,"offset":1}],"version":1}', 'Offset json file contains duplicate topic partitions: x-3,dr-0'], // Kafka's HashSet order
      ['{"partitions":[],"version":2}', 'Not supported version field value 2'],
      ['{"version":1}', 'Missing partitions field'],
      ['not json', 'The input string is not a valid JSON'],
      ['{"partitions":[{"topic":"dr","offset":1}]}', 'No such field exists: `partition`'],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      expect(out(await cli('delete-records', '--offset-json-file', file(`bad${i}.json`, text)))).toEqual({ stdout: '', stderr: `tkafka: ${message}\n`, exitCode: 2 });
    }
  });

  it('takes one partition inline and prints -o json', async () => {
    const r = await cli('delete-records', '--topic', 'dr', '--partition', '0', '--offset', '3', '-o', 'json');
    expect([r.exitCode, r.stderr, JSON.parse(r.stdout)]).toEqual([0, '', { partitions: [{ topic: 'dr', partition: 0, lowWatermark: 3 }] }]);
    expect(out(await cli('delete-records', '--topic', 'dr', '--partition', '0', '--offset', '4'))).toEqual({ stdout: `${HEAD}partition: dr-0\tlow_watermark: 4\n`, stderr: '', exitCode: 0 });
    const missing = await cli('delete-records', '--topic', 'dr', '--partition', '0');
    expect([missing.exitCode, missing.stderr.split('\n')[0]]).toEqual([2, 'tkafka: --offset is required with the inline form (--topic, --partition and --offset)']);
    const none = await cli('delete-records');
    expect([none.exitCode, none.stderr.split('\n')[0]]).toEqual([2, 'tkafka: Missing required argument "[offset-json-file]"']);
  });
});
