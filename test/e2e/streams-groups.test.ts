import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js streams-groups against our broker, which has no streams groups (no
// StreamsGroupHeartbeat/StreamsGroupDescribe): it answers as Kafka 4.4's kafka-streams-groups.sh does
// against such a broker (test/reference/parity-streams-groups.test.ts ran Kafka's tool on ours for
// these texts): an empty list (a classic group is not a streams group), and for anything that
// describes a group the UnsupportedVersionException Kafka's admin raises. Bad input is one line
// and exit 2, before any connection.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
  expect((await runCli(['topics', '--bootstrap-server', b.bootstrap, '--create', '--topic', 'sg-in'])).exitCode).toBe(0);
  expect((await runCli(['console-producer', '--bootstrap-server', b.bootstrap, '--topic', 'sg-in'], { input: 'a\n' })).exitCode).toBe(0);
  const consumed = await runCli(['console-consumer', '--bootstrap-server', b.bootstrap, '--topic', 'sg-in', '--group', 'sg-classic', '--from-beginning', '--max-messages', '1']);
  expect(consumed.exitCode).toBe(0);
});

afterAll(async () => {
  await b.dispose();
});

function sg(...args: string[]): Promise<CliResult> {
  return runCli(['streams-groups', '--bootstrap-server', b.bootstrap, ...args]);
}

const UNSUPPORTED = '\nError: Executing streams group command failed due to org.apache.kafka.common.errors.UnsupportedVersionException: The node does not support STREAMS_GROUP_DESCRIBE\n';
const HINT = "Run 'tkafka streams-groups --help' for usage.";

describe('tkafka streams-groups against a broker without streams groups', () => {
  it('--help names the Kafka script, the actions and the JSON shapes', async () => {
    const r = await runCli(['streams-groups', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('Usage: tkafka streams-groups [options]\n')).toBe(true);
    for (const s of ['(kafka-streams-groups.sh)', '--reset-offsets', '--delete-offsets', '--all-input-topics', '--delete-all-internal-topics', '--topology', 'JSON output (-o json)']) expect(r.stdout).toContain(s);
  });

  it('--list: none, with or without --state (the classic group is not listed); -o json', async () => {
    expect(await sg('--list')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(await sg('--list', '--state')).toMatchObject({ stdout: 'GROUP           STATE\n', stderr: '', exitCode: 0 });
    expect(await sg('--list', '--state', 'Stable,empty')).toMatchObject({ stdout: 'GROUP           STATE\n', exitCode: 0 });
    const json = await sg('--list', '--state', '-o', 'json');
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ groups: [] });
    // The classic group exists, and kafka-groups sees it.
    expect((await runCli(['groups', '--bootstrap-server', b.bootstrap, '--list', '--consumer'])).stdout).toContain('sg-classic');
  });

  it("--describe, --reset-offsets, --delete-offsets: Kafka's UnsupportedVersionException for StreamsGroupDescribe, exit 1", async () => {
    for (const args of [
      ['--describe', '--group', 'sg-classic'],
      ['--describe', '--group', 'nope', '--members', '--verbose'],
      ['--describe', '--group', 'nope', '--state'],
      ['--describe', '--group', 'nope', '--topology'],
    ]) {
      expect(await sg(...args), args.join(' ')).toMatchObject({ stdout: UNSUPPORTED, stderr: '', exitCode: 1 });
    }
    const wrapped = UNSUPPORTED.replace('failed due to ', 'failed due to java.util.concurrent.ExecutionException: ');
    expect(await sg('--reset-offsets', '--group', 'nope', '--all-input-topics', '--to-earliest', '--dry-run')).toMatchObject({ stdout: wrapped, stderr: '', exitCode: 1 });
    expect(await sg('--delete-offsets', '--group', 'nope', '--all-input-topics')).toMatchObject({ stdout: wrapped, stderr: '', exitCode: 1 });
    // --all-groups lists none, so describes none.
    expect(await sg('--describe', '--all-groups')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    // -o json: the document stays empty, Kafka's text goes to stderr.
    expect(await sg('--describe', '--group', 'nope', '-o', 'json')).toMatchObject({ stdout: '', stderr: UNSUPPORTED, exitCode: 1 });
  });

  it("--delete: Kafka's per-group failure for a group that is not a streams group (exit 1; Kafka exits 0); -o json", async () => {
    const text =
      "\nError: Deletion of some streams groups failed:\n* Group 'sg-classic' could not be deleted due to: java.lang.IllegalArgumentException: Group 'sg-classic' does not exist or is not a streams group.\n";
    expect(await sg('--delete', '--group', 'sg-classic')).toMatchObject({ stdout: text, stderr: '', exitCode: 1 });
    const json = await sg('--delete', '--group', 'nope', '-o', 'json');
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ deleted: [], failed: [{ group: 'nope', error: "java.lang.IllegalArgumentException: Group 'nope' does not exist or is not a streams group." }], internalTopics: [] });
    // The classic group is untouched.
    expect((await runCli(['groups', '--bootstrap-server', b.bootstrap, '--list', '--consumer'])).stdout).toContain('sg-classic');
  });

  it("bad input: Kafka's message on one line (with the --help hint), exit 2, no stack trace", async () => {
    const cases: Array<[string[], string]> = [
      [[], 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, or --delete-offsets.'],
      [['--describe'], 'Option [describe] takes one of these options: [all-groups], [group]'],
      [['--describe', '--group', 'g', '--members', '--state'], 'Option [describe] takes at most one of these options: [members], [offsets], [state], [topology]'],
      [['--describe', '--group', 'g', '--state', 'Stable'], 'Option [describe] does not take a value for [state]'],
      [['--list', '--state', 'Bogus'], "Invalid state list 'Bogus'. Valid states are: Empty, Dead, NotReady, Stable, Assigning, Reconciling"],
      [['--list', '--members'], 'Option(s) [members] are unavailable given other options on the command line'],
      [['--list', '--group', 'g'], 'Option "[group]" can\'t be used with option "[list]"'],
      [['--delete', '--group', 'g', '--input-topic', 't'], 'Kafka Streams does not support topic-specific offset deletion from a streams group.'],
      [['--delete-offsets', '--group', 'g'], 'Option [delete-offsets] takes the [group] and one of these options: [all-input-topics], [input-topic]'],
      [['--reset-offsets', '--group', 'g', '--to-earliest', '--input-topic', 't'], 'Option [reset-offsets] takes the option: [execute] or [dry-run]'],
      [['--reset-offsets', '--group', 'g', '--input-topic', 't', '--to-earliest', '--to-latest', '--dry-run'], 'Option "[to-earliest]" can\'t be used with option "[to-latest]"'],
      [['--reset-offsets', '--group', 'g', '--input-topic', 't', '--shift-by', 'x', '--dry-run'], "Cannot parse argument 'x' of option shift-by"],
      [['--reset-offsets', '--group', 'g', '--to-earliest', '--dry-run'], 'One of the reset scopes should be defined: --all-input-topics, --input-topic.'],
      [['--reset-offsets', '--group', 'g', '--all-input-topics', '--to-earliest', '--dry-run', '--delete-all-internal-topics'], 'Option [delete-all-internal-topics] takes [execute] when [reset-offsets] is used.'],
      [['--list', '--dry-run'], 'Only Option [reset-offsets] accepts [execute] or [dry-run]'],
    ];
    for (const [args, message] of cases) {
      const r = await sg(...args);
      expect({ args, stderr: r.stderr, stdout: r.stdout, exitCode: r.exitCode }).toEqual({ args, stderr: `tkafka: ${message}\n${HINT}\n`, stdout: '', exitCode: 2 });
    }
    const unknown = await sg('--list', '--bogus');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe("tkafka: unknown option '--bogus'");
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
