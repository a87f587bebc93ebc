import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js cluster against a real broker: kafka-cluster.sh's cluster-id line, its
// Kafka 4.4 list-endpoints table, and unregister on a broker without UnregisterBroker.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
});

afterAll(async () => {
  await b.dispose();
});

describe('tkafka cluster', () => {
  it('cluster-id, list-endpoints (-b), unregister (not supported here), -o json', async () => {
    const id = await runCli(['cluster', 'cluster-id', '--bootstrap-server', b.bootstrap]);
    expect(id).toMatchObject({ stderr: '', exitCode: 0 });
    expect(id.stdout).toMatch(/^Cluster ID: [A-Za-z0-9_-]{22}\n$/);
    const port = String(b.running.port);
    expect(await runCli(['cluster', 'list-endpoints', '-b', b.bootstrap])).toMatchObject({
      stdout: `ID         HOST      PORT       RACK       STATE      ENDPOINT_TYPE  \n1          127.0.0.1 ${port.padEnd(10)} null       unfenced   broker         \n`,
      stderr: '',
      exitCode: 0,
    });
    expect(await runCli(['cluster', 'unregister', '--id', '3', '--bootstrap-server', b.bootstrap])).toMatchObject({
      stdout: 'The target cluster does not support the broker unregistration API.\n',
      stderr: '',
      exitCode: 0,
    });
    const json = await runCli(['cluster', 'cluster-id', '--bootstrap-server', b.bootstrap, '-o', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ clusterId: id.stdout.slice('Cluster ID: '.length).trim() });
    const missing = await runCli(['cluster', 'unregister', '--bootstrap-server', b.bootstrap]);
    expect(missing.exitCode).toBe(2);
  });
});
