import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js metadata-quorum against a real broker: kafka-metadata-quorum.sh's
// --status lines and --replication table, a high watermark that counts the metadata records and
// moves on with a change, and the tool's own usage errors.

let b: TestBroker;
let clusterId: string;

beforeAll(async () => {
  b = await startTestBroker();
  clusterId = (await runCli(['cluster', 'cluster-id', '--bootstrap-server', b.bootstrap])).stdout.replace('Cluster ID: ', '').trim();
});

afterAll(async () => {
  await b.dispose();
});

function mq(...args: string[]): Promise<CliResult> {
  return runCli(['metadata-quorum', '--bootstrap-server', b.bootstrap, ...args]);
}

const status = (hw: number): string =>
  [
    `ClusterId:              ${clusterId}`,
    'LeaderId:               1',
    'LeaderEpoch:            1',
    `HighWatermark:          ${hw}`,
    'MaxFollowerLag:         0',
    'MaxFollowerLagTimeMs:   0',
    `CurrentVoters:          [{"id": 1, "endpoints": ["CONTROLLER://127.0.0.1:${b.running.port}"]}]`,
    'CurrentObservers:       []',
    '',
  ].join('\n');

describe('tkafka metadata-quorum', () => {
  it('describe --status: one voter; the high watermark counts leader change, features and registration, then a topic of 3 partitions', async () => {
    expect(clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await mq('describe', '--status')).toMatchObject({ stdout: status(4), stderr: '', exitCode: 0 });
    expect((await runCli(['topics', '--create', '--topic', 'mq-t', '--partitions', '3', '--bootstrap-server', b.bootstrap])).exitCode).toBe(0);
    expect(await mq('describe', '--status')).toMatchObject({ stdout: status(8), stderr: '', exitCode: 0 });
    const json = await mq('describe', '--status', '-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual({
      clusterId,
      leaderId: 1,
      leaderEpoch: 1,
      highWatermark: 8,
      maxFollowerLag: 0,
      maxFollowerLagTimeMs: 0,
      currentVoters: [{ id: 1, directoryId: null, endpoints: [`CONTROLLER://127.0.0.1:${b.running.port}`] }],
      currentObservers: [],
    });
  });

  it('describe --replication: the leader row, timestamps or "N ms ago"', async () => {
    const r = await mq('describe', '--replication');
    const [head, row, end] = r.stdout.split('\n');
    expect(head).toBe('NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus\t');
    expect(row).toMatch(/^1 {5}\tAAAAAAAAAAAAAAAAAAAAAA\t8 {11}\t0 {2}\t\d{13} {5}\t\d{13} {8}\tLeader\t$/);
    expect(end).toBe('');
    const h = await mq('describe', '--replication', '--human-readable');
    expect(h.stdout.split('\n')[1]).toMatch(/^1 {5}\tAAAAAAAAAAAAAAAAAAAAAA\t8 {11}\t0 {2}\t\d+ ms ago +\t\d+ ms ago +\tLeader\t$/);
  });

  it("usage errors are MetadataQuorumCommand's messages, exit 2", async () => {
    for (const [args, msg] of [
      [['describe'], 'One of --status or --replication must be specified with describe sub-command'],
      [['describe', '--status', '--replication'], 'Only one of --status or --replication should be specified with describe sub-command'],
      [['describe', '--status', '--human-readable'], 'The option --human-readable is only supported along with --replication'],
    ] as const) {
      const r = await mq(...args);
      expect({ exitCode: r.exitCode, first: r.stderr.split('\n')[0], stdout: r.stdout }).toEqual({ exitCode: 2, first: `tkafka: ${msg}`, stdout: '' });
    }
  });
});
