import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foregroundArgs, foregroundEnv, resolveStartOptions, SECRET_CONFIG_ENV } from '../../../src/cli/commands/broker/action.js';
import { memoryIO } from '../../../src/cli/output/io.js';

const dir = mkdtempSync(join(tmpdir(), 'tkafka-start-opts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = memoryIO({ env: { HOME: '/home/u' } });

function props(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('resolveStartOptions', () => {
  it('defaults to 127.0.0.1:9092 and ~/.tkafka/data', async () => {
    expect(await resolveStartOptions({}, io)).toEqual({ host: '127.0.0.1', port: 9092, dataDir: '/home/u/.tkafka/data', config: {} });
  });

  it('takes port and hosts from listeners= in the file; flags win; --config wins over the file', async () => {
    const file = props(
      'server.properties',
      '# copied from Kafka\nlisteners=PLAINTEXT://:19092,CONTROLLER://:9093\nadvertised.listeners=PLAINTEXT://kafka.local:19092\nnum.partitions = 3\nlog.retention.hours=1\n',
    );
    expect(await resolveStartOptions({ configFile: file, config: { 'num.partitions': '6' } }, io)).toEqual({
      host: '127.0.0.1',
      port: 19092,
      advertisedHost: 'kafka.local',
      dataDir: '/home/u/.tkafka/data',
      config: {
        listeners: 'PLAINTEXT://:19092,CONTROLLER://:9093',
        'advertised.listeners': 'PLAINTEXT://kafka.local:19092',
        'num.partitions': '6',
        'log.retention.hours': '1',
      },
    });
    const flagged = await resolveStartOptions({ configFile: file, port: 29092, host: '0.0.0.0', advertisedHost: 'me', dataDir: '~/d' }, io);
    expect(flagged).toMatchObject({ host: '0.0.0.0', port: 29092, advertisedHost: 'me', dataDir: '/home/u/d' });
  });

  it('rejects an unknown config key in the file at once, as a usage-class error', async () => {
    const file = props('bad.properties', 'num.partitions=3\nnum.partitons=4\n');
    await expect(resolveStartOptions({ configFile: file }, io)).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      exitCode: 2,
      message: "invalid broker config: unknown broker config 'num.partitons'",
    });
  });

  it('a missing config file is a one-line BAD_CONFIG', async () => {
    await expect(resolveStartOptions({ configFile: join(dir, 'nope.properties') }, io)).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      exitCode: 2,
      message: `cannot read config file ${join(dir, 'nope.properties')}: no such file`,
    });
  });
});

describe('foregroundArgs', () => {
  it('passes the resolved options explicitly to the child', () => {
    expect(foregroundArgs({ host: '127.0.0.1', port: 1, advertisedHost: 'a', dataDir: '/d', config: { 'num.partitions': '3', x: 'a=b' } })).toEqual([
      'broker', 'start', '--foreground', '--host', '127.0.0.1', '--port', '1', '--data-dir', '/d', '--advertised-host', 'a', '--config', 'num.partitions=3', '--config', 'x=a=b',
    ]);
  });

  it('keeps password-type keys out of argv (process listings) and hands them over in the environment', () => {
    const opts = { host: '127.0.0.1', port: 1, dataDir: '/d', config: { 'ssl.keystore.location': '/k.pem', 'ssl.key.password': 's3cret', 'listener.name.x.sasl.jaas.config': 'j' } };
    const args = foregroundArgs(opts);
    expect(args).toContain('ssl.keystore.location=/k.pem');
    expect(args.join(' ')).not.toContain('s3cret');
    expect(args.join(' ')).not.toContain('jaas');
    expect(JSON.parse(foregroundEnv(opts)[SECRET_CONFIG_ENV] ?? '{}')).toEqual({ 'ssl.key.password': 's3cret', 'listener.name.x.sasl.jaas.config': 'j' });
    expect(foregroundEnv({ ...opts, config: {} })).toEqual({});
  });
});
