import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '../../src/broker/handlers/index.js';
import { apiTable } from '../../src/protocol/generated/api-keys.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// bin/tkafka.js broker-api-versions against our broker: NodeApiVersions' listing of every API our
// broker advertises (its handler registry), usable against our protocol table, UNSUPPORTED for the
// client APIs it lacks, and -o json.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
});

afterAll(async () => {
  await b.dispose();
});

const cli = (...args: string[]): Promise<CliResult> => runCli(['broker-api-versions', '--bootstrap-server', b.bootstrap, ...args]);

/** The listing our broker must produce: one line per API of the registry, UNSUPPORTED for the other client APIs. */
function expectedListing(): string {
  const served = new Map(handlers.map((h) => [h.apiKey, h]));
  const lines = apiTable
    .filter((a) => served.has(a.apiKey) || a.listeners.includes('broker'))
    .map((a) => {
      const h = served.get(a.apiKey);
      if (h === undefined) return `${a.name}(${a.apiKey}): UNSUPPORTED`;
      const range = h.minVersion === h.maxVersion ? `${h.minVersion}` : `${h.minVersion} to ${h.maxVersion}`;
      return `${a.name}(${a.apiKey}): ${range} [usable: ${Math.min(a.maxVersion, h.maxVersion)}]`;
    });
  return `${b.bootstrap} (id: 1 rack: null isFenced: false) -> (\n\t${lines.join(',\n\t')}\n)\n`;
}

describe('tkafka broker-api-versions', () => {
  it("prints Kafka's listing for our broker", async () => {
    const r = await cli();
    expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: expectedListing(), stderr: '', exitCode: 0 });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${b.bootstrap} (id: 1 rack: null isFenced: false) -> (`);
    expect(lines).toContain('\tProduce(0): 0 to 11 [usable: 11],');
    expect(lines).toContain('\tListOffsets(2): 0 to 10 [usable: 10],');
    expect(lines).toContain('\tDeleteRecords(21): 0 to 2 [usable: 2],');
    expect(lines).toContain('\tDescribeLogDirs(35): 0 to 4 [usable: 4],');
    expect(lines.at(-2)).toBe(')');
  });

  it('-o json', async () => {
    const r = await cli('-o', 'json');
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { brokers: Array<{ id: number; host: string; port: number; rack: string | null; apis: Array<Record<string, unknown>> }> };
    expect(doc.brokers.map((x) => ({ id: x.id, host: x.host, port: x.port, rack: x.rack }))).toEqual([{ id: 1, host: '127.0.0.1', port: b.running.port, rack: null }]);
    expect(doc.brokers[0]?.apis[0]).toEqual({ apiKey: 0, name: 'Produce', minVersion: 0, maxVersion: 11, status: 'usable', usable: 11 });
  });
});
