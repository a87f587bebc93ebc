import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDetached } from '../../../../src/broker/daemon/detached.js';
import { canConnect } from '../../../../src/broker/daemon/net.js';
import { isProcessAlive } from '../../../../src/broker/daemon/process.js';
import { stopBroker } from '../../../../src/broker/daemon/stop.js';
import { TkafkaError } from '../../../../src/shared/errors.js';
import { freePort } from '../../../helpers/ports.js';
import { fakeBrokerArgs } from './fake-broker.js';

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tkafka-detached-'));
  dataDir = join(root, 'nested', 'data');
});
afterEach(async () => {
  await stopBroker(dataDir, { timeoutMs: 2000 }).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

const opts = (port: number) => ({ host: '127.0.0.1', port, dataDir, config: {} });
const fake = (port: number, mode: string) => ({ command: { execPath: process.execPath, args: fakeBrokerArgs(dataDir, port, mode) } });

describe('startDetached', () => {
  it('returns once the child marked itself running and its port accepts connections', async () => {
    const port = await freePort();
    const started = await startDetached(opts(port), fake(port, 'ok'));
    expect(started).toMatchObject({ host: '127.0.0.1', port, advertisedHost: 'localhost', bootstrapServer: `localhost:${port}`, dataDir, logFile: join(dataDir, 'broker.log') });
    expect(await isProcessAlive(started.pid)).toBe(true);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(started.logFile, 'utf8')).toContain(`listening on ${port}`);
  });

  it("repeats the child's own error line and exit code when it fails to start", async () => {
    const port = await freePort();
    const err = await startDetached(opts(port), fake(port, 'fail')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TkafkaError);
    expect(err).toMatchObject({ code: 'BROKER_START_FAILED', exitCode: 2, message: "invalid broker config: unknown broker config 'nope'", hint: 'Check the key.' });
  });

  it('shows the last log lines of this run when the child dies without an error line', async () => {
    const port = await freePort();
    const first = await startDetached(opts(port), fake(port, 'crash')).catch((e: unknown) => e);
    const err = await startDetached(opts(port), fake(port, 'crash')).catch((e: unknown) => e);
    expect(first).toMatchObject({ message: 'the broker exited with code 3 before accepting connections', exitCode: 1 });
    const hint = (err as TkafkaError).hint ?? '';
    expect(hint.split('\n')).toEqual([`Last lines of ${join(dataDir, 'broker.log')}:`, ...[3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => `  boot line ${i}`)]);
    // The log keeps both runs; the hint only this one (no "fake broker starting" line from run 1 leaks in).
    expect(readFileSync(join(dataDir, 'broker.log'), 'utf8').match(/fake broker starting/g)).toHaveLength(2);
  });

  it('refuses a taken port before spawning anything', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    try {
      const err = await startDetached(opts(port), fake(port, 'ok')).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PORT_IN_USE', exitCode: 1, message: `port ${port} on 127.0.0.1 is already in use` });
    } finally {
      blocker.close();
    }
  });

  it('refuses a data dir whose broker is running', async () => {
    const port = await freePort();
    const first = await startDetached(opts(port), fake(port, 'ok'));
    const port2 = await freePort();
    const err = await startDetached(opts(port2), fake(port2, 'ok')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DATA_DIR_LOCKED', message: `a broker is already running on data dir ${dataDir} (pid ${first.pid}, 127.0.0.1:${port})` });
  });

  it('gives up after the ready timeout and stops the child', async () => {
    const port = await freePort();
    const err = await startDetached(opts(port), { ...fake(port, 'hang'), readyTimeoutMs: 400 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BROKER_START_FAILED', message: 'the broker did not accept connections within 400ms; it was stopped' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await canConnect('127.0.0.1', port, 200)).toBe(false);
  });

  it('on abort (Ctrl-C) stops the child and reports INTERRUPTED (130)', async () => {
    const port = await freePort();
    const ac = new AbortController();
    const pending = startDetached(opts(port), { ...fake(port, 'hang'), signal: ac.signal }).catch((e: unknown) => e);
    setTimeout(() => ac.abort(), 150);
    expect(await pending).toMatchObject({ code: 'INTERRUPTED', exitCode: 130 });
  });
});
