import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertPortFree, canConnect, connectHost, formatHostPort } from '../../../../src/broker/daemon/net.js';
import { daemonFiles, defaultDataDir, ensureDataDir, resolveDataDir } from '../../../../src/broker/daemon/paths.js';
import { freePort } from '../../../helpers/ports.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkafka-paths-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('data dir paths', () => {
  it('defaults to $TKAFKA_DATA_DIR, then ~/.tkafka/data', () => {
    expect(defaultDataDir({ TKAFKA_DATA_DIR: '/srv/kafka', HOME: '/home/u' })).toBe('/srv/kafka');
    expect(defaultDataDir({ TKAFKA_DATA_DIR: '', HOME: '/home/u' })).toBe('/home/u/.tkafka/data');
    expect(defaultDataDir({ HOME: '/home/u' })).toBe('/home/u/.tkafka/data');
  });

  it('expands ~ and resolves relative paths', () => {
    expect(resolveDataDir('~/k', { HOME: '/home/u' })).toBe('/home/u/k');
    expect(resolveDataDir('rel/d', {})).toBe(resolve('rel/d'));
    expect(daemonFiles('/d')).toEqual({ dataDir: '/d', pidFile: '/d/broker.pid', logFile: '/d/broker.log' });
  });

  it('creates the data dir 0700 whatever the umask, and leaves an existing dir alone', async () => {
    const old = process.umask(0o000);
    try {
      await ensureDataDir(join(dir, 'a', 'b'));
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    mkdirSync(join(dir, 'mine'), { mode: 0o750 });
    await ensureDataDir(join(dir, 'mine'));
    expect(statSync(join(dir, 'mine')).mode & 0o777).toBe(0o750 & ~old);
  });
});

describe('net helpers', () => {
  it('assertPortFree passes for a free port and throws PORT_IN_USE for a bound one', async () => {
    const port = await freePort();
    await assertPortFree('127.0.0.1', port);
    const server = createServer();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      await expect(assertPortFree('127.0.0.1', port)).rejects.toMatchObject({ code: 'PORT_IN_USE', exitCode: 1 });
      expect(await canConnect('127.0.0.1', port)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('maps wildcard binds to loopback for connecting, and brackets IPv6', () => {
    expect(connectHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectHost('::')).toBe('::1');
    expect(connectHost('kafka.local')).toBe('kafka.local');
    expect(formatHostPort('::1', 9092)).toBe('[::1]:9092');
    expect(formatHostPort('localhost', 9092)).toBe('localhost:9092');
  });
});
