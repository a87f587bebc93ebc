import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquirePidFile, findRunningBroker, parsePidFile, readPidFile, releasePidFile, updatePidFile } from '../../../../src/broker/daemon/pidfile.js';
import type { PidFileContent } from '../../../../src/broker/daemon/pidfile.js';
import { TkafkaError } from '../../../../src/shared/errors.js';
import { spawnFakeBroker } from './fake-broker.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkafka-pidfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const content = (pid: number, extra: Partial<PidFileContent> = {}): PidFileContent => ({
  pid,
  host: '127.0.0.1',
  port: 9092,
  advertisedHost: '127.0.0.1',
  startedAt: '2024-01-02T03:04:05.000Z',
  state: 'running',
  ...extra,
});

/** A pid that is certainly dead: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid ?? -1;
}

describe('pidfile', () => {
  it('round-trips its JSON and is created owner-only', async () => {
    await acquirePidFile(dir, content(process.pid));
    expect(await readPidFile(dir)).toEqual(content(process.pid));
    expect(statSync(join(dir, 'broker.pid')).mode & 0o777).toBe(0o600);
    await updatePidFile(dir, content(process.pid, { port: 19092, state: 'running' }));
    expect(JSON.parse(readFileSync(join(dir, 'broker.pid'), 'utf8'))).toMatchObject({ pid: process.pid, port: 19092 });
  });

  it('reads a torn or foreign file as pid 0 instead of failing', () => {
    expect(parsePidFile('{"pid": 12')).toEqual({ pid: 0, host: '', port: 0, advertisedHost: '', startedAt: '', state: 'running' });
    expect(parsePidFile('1234\n').pid).toBe(0);
    expect(parsePidFile('{"pid":7,"host":"h","port":1,"state":"starting"}')).toEqual({ pid: 7, host: 'h', port: 1, advertisedHost: 'h', startedAt: '', state: 'starting' });
  });

  it('replaces a stale file whose process is gone', async () => {
    const stale = await deadPid();
    writeFileSync(join(dir, 'broker.pid'), JSON.stringify(content(stale)));
    expect(await findRunningBroker(dir)).toBeUndefined();
    await acquirePidFile(dir, content(process.pid));
    expect((await readPidFile(dir))?.pid).toBe(process.pid);
  });

  it('refuses while another live broker holds it (DATA_DIR_LOCKED, one line)', async () => {
    const fake = await spawnFakeBroker(dir);
    try {
      const running = await findRunningBroker(dir);
      expect(running?.pid).toBe(fake.child.pid);
      const err = await acquirePidFile(dir, content(process.pid)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TkafkaError);
      expect((err as TkafkaError).code).toBe('DATA_DIR_LOCKED');
      expect((err as TkafkaError).message).toBe(`a broker is already running on data dir ${dir} (pid ${fake.child.pid}, 127.0.0.1:${fake.port})`);
      expect((err as TkafkaError).message).not.toContain('\n');
    } finally {
      fake.child.kill('SIGKILL');
    }
  });

  it("treats a live process that is not a broker (recycled pid) as stale", async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      await new Promise((r) => other.once('spawn', r));
      writeFileSync(join(dir, 'broker.pid'), JSON.stringify(content(other.pid ?? -1)));
      expect(await findRunningBroker(dir)).toBeUndefined();
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('release removes only a file naming our pid', async () => {
    writeFileSync(join(dir, 'broker.pid'), JSON.stringify(content(424242)));
    await releasePidFile(dir, process.pid);
    expect(existsSync(join(dir, 'broker.pid'))).toBe(true);
    await releasePidFile(dir, 424242);
    expect(existsSync(join(dir, 'broker.pid'))).toBe(false);
    await releasePidFile(dir, 424242); // already gone: no error
  });
});
