import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js groups --list against our broker: a classic consumer group made by a
// committed offset (console-consumer with a group), the type/protocol filters, Kafka's table bytes.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
  expect((await runCli(['topics', '--bootstrap-server', b.bootstrap, '--create', '--topic', 'gt'])).exitCode).toBe(0);
  const produced = await runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', 'gt'], { input: 'a\n' });
  expect(produced.exitCode).toBe(0);
  const consumed = await runCli(['console-consumer', '--bootstrap-server', b.bootstrap, '--topic', 'gt', '--group', 'groups-classic', '--from-beginning', '--max-messages', '1']);
  expect(consumed.exitCode).toBe(0);
});

afterAll(async () => {
  await b.dispose();
});

function groups(...args: string[]): Promise<CliResult> {
  return runCli(['groups', '--bootstrap-server', b.bootstrap, ...args]);
}

const HEADER = 'GROUP                TYPE                 PROTOCOL            \n';
const ROW = 'groups-classic       Classic              consumer             \n';

describe('tkafka groups', () => {
  it('lists groups with their type and protocol, filtered as Kafka filters', async () => {
    expect(await groups('--list')).toMatchObject({ stdout: HEADER + ROW, stderr: '', exitCode: 0 });
    expect(await groups('--list', '--consumer')).toMatchObject({ stdout: HEADER + ROW, exitCode: 0 });
    expect(await groups('--list', '--group-type', 'CLASSIC')).toMatchObject({ stdout: HEADER + ROW, exitCode: 0 });
    expect(await groups('--list', '--group-type', 'classic', '--protocol', 'connect')).toMatchObject({ stdout: HEADER, exitCode: 0 });
    expect(await groups('--list', '--share')).toMatchObject({ stdout: HEADER, exitCode: 0 });
    expect(await groups('--list', '--streams')).toMatchObject({ stdout: HEADER, exitCode: 0 });
    const json = await groups('--list', '-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual({ groups: [{ group: 'groups-classic', type: 'classic', protocol: 'consumer' }] });
  });

  it("refuses Kafka's bad combinations (exit 2)", async () => {
    const both = await groups('--list', '--streams', '--consumer');
    expect({ first: both.stderr.split('\n')[0], exitCode: both.exitCode }).toEqual({ first: 'tkafka: Option "[consumer]" can\'t be used with option "[streams]"', exitCode: 2 });
    const badType = await groups('--list', '--group-type', 'foo');
    expect(badType.stderr.split('\n')[0]).toBe('tkafka: --group-type must be a valid group type.');
    const noAction = await groups();
    expect(noAction.stderr.split('\n')[0]).toBe('tkafka: Command must include exactly one action: --list.');
  });
});
