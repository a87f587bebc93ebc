import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brokerStatus, dataDirUsage } from '../../../../src/broker/daemon/status.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkafka-status-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(rel: string, bytes: number): void {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, Buffer.alloc(bytes));
}

describe('dataDirUsage', () => {
  it('counts <topic>-<n> dirs as partitions of distinct topics and sums their files', async () => {
    file('orders-0/00000000000000000000.log', 100);
    file('orders-0/00000000000000000000.index', 8);
    file('orders-1/00000000000000000000.log', 50);
    file('my-topic-2-0/00000000000000000000.log', 7); // topic names may contain '-<digits>'
    file('__consumer_offsets-3/00000000000000000000.log', 5);
    file('orders-0.abc-delete/00000000000000000000.log', 1000); // not a partition dir
    file('broker.log', 4000); // daemon files are not topic data
    file('meta.properties', 30);
    mkdirSync(join(dir, 'not-a-partition'));
    expect(await dataDirUsage(dir)).toEqual({ topics: 3, partitions: 4, bytesOnDisk: 170 });
  });

  it('reports zeros for a data dir that does not exist', async () => {
    expect(await dataDirUsage(join(dir, 'missing'))).toEqual({ topics: 0, partitions: 0, bytesOnDisk: 0 });
  });
});

describe('brokerStatus', () => {
  it('has every field, null when no broker runs', async () => {
    file('t-0/x.log', 3);
    expect(await brokerStatus(dir)).toEqual({
      running: false,
      state: 'stopped',
      pid: null,
      host: null,
      port: null,
      advertisedHost: null,
      bootstrapServer: null,
      startedAt: null,
      uptimeMs: null,
      listeners: [],
      dataDir: dir,
      logFile: join(dir, 'broker.log'),
      topics: 1,
      partitions: 1,
      bytesOnDisk: 3,
      metrics: null,
      metricsError: null,
    });
  });

  it('reads address and uptime from a live broker pidfile', async () => {
    const startedAt = '2024-01-01T00:00:00.000Z';
    writeFileSync(join(dir, 'broker.pid'), JSON.stringify({ pid: process.pid, host: '127.0.0.1', port: 19092, advertisedHost: 'kafka.local', startedAt, state: 'running' }));
    const s = await brokerStatus(dir, Date.parse(startedAt) + 3_723_000);
    expect(s).toMatchObject({ running: true, state: 'running', pid: process.pid, host: '127.0.0.1', port: 19092, advertisedHost: 'kafka.local', bootstrapServer: 'kafka.local:19092', startedAt, uptimeMs: 3_723_000 });
  });

  it("reports a broker still starting as not running yet", async () => {
    writeFileSync(join(dir, 'broker.pid'), JSON.stringify({ pid: process.pid, host: '127.0.0.1', port: 9092, startedAt: '', state: 'starting' }));
    expect(await brokerStatus(dir)).toMatchObject({ running: false, state: 'starting', pid: process.pid, startedAt: null, uptimeMs: null });
  });
});

describe('localBootstrapServer', () => {
  it('is the advertised address of a running broker on the default data dir, else undefined', async () => {
    const { localBootstrapServer } = await import('../../../../src/broker/daemon/local.js');
    expect(await localBootstrapServer({ TKAFKA_DATA_DIR: dir })).toBeUndefined();
    writeFileSync(join(dir, 'broker.pid'), JSON.stringify({ pid: process.pid, host: '0.0.0.0', port: 19092, advertisedHost: 'kafka.local', startedAt: '', state: 'starting' }));
    expect(await localBootstrapServer({ TKAFKA_DATA_DIR: dir })).toBeUndefined();
    writeFileSync(join(dir, 'broker.pid'), JSON.stringify({ pid: process.pid, host: '0.0.0.0', port: 19092, advertisedHost: 'kafka.local', startedAt: '', state: 'running' }));
    expect(await localBootstrapServer({ TKAFKA_DATA_DIR: dir })).toBe('kafka.local:19092');
    expect(await localBootstrapServer({}, dir)).toBe('kafka.local:19092');
  });
});
