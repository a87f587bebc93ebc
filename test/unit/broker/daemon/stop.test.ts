import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopBroker } from '../../../../src/broker/daemon/stop.js';
import { TkafkaError } from '../../../../src/shared/errors.js';
import { spawnFakeBroker } from './fake-broker.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkafka-stop-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('stopBroker', () => {
  it('sends SIGTERM and waits for a graceful exit', async () => {
    const fake = await spawnFakeBroker(dir);
    const exited = new Promise<[number | null, string | null]>((r) => fake.child.once('exit', (code, sig) => r([code, sig])));
    const warnings: string[] = [];
    const res = await stopBroker(dir, { timeoutMs: 5000, onWarn: (m) => warnings.push(m) });
    expect(res).toMatchObject({ pid: fake.child.pid, forced: false });
    expect(await exited).toEqual([0, null]); // exited by itself after SIGTERM, not killed
    expect(warnings).toEqual([]);
    expect(existsSync(join(dir, 'broker.pid'))).toBe(false);
  });

  it('falls back to SIGKILL after the timeout, with a warning, and removes the pidfile', async () => {
    const fake = await spawnFakeBroker(dir, 'ignore-term');
    const exited = new Promise<string | null>((r) => fake.child.once('exit', (_code, sig) => r(sig)));
    const warnings: string[] = [];
    const res = await stopBroker(dir, { timeoutMs: 300, onWarn: (m) => warnings.push(m) });
    expect(res).toMatchObject({ pid: fake.child.pid, forced: true });
    expect(res.elapsedMs).toBeGreaterThanOrEqual(300);
    expect(await exited).toBe('SIGKILL');
    expect(warnings).toEqual([`broker (pid ${fake.child.pid}) did not stop within 300ms; sending SIGKILL`]);
    expect(existsSync(join(dir, 'broker.pid'))).toBe(false);
  });

  it('with no broker: BROKER_NOT_RUNNING (exit 1), like kafka-server-stop', async () => {
    const err = await stopBroker(dir, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TkafkaError);
    expect(err).toMatchObject({ code: 'BROKER_NOT_RUNNING', exitCode: 1, message: `no broker to stop: none is running on data dir ${dir}`, hint: undefined });
  });

  it('removes a stale pidfile and says so', async () => {
    writeFileSync(join(dir, 'broker.pid'), JSON.stringify({ pid: 2 ** 22 + 7, host: '127.0.0.1', port: 1 }));
    const err = await stopBroker(dir, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BROKER_NOT_RUNNING', hint: `Removed a stale pidfile (pid ${2 ** 22 + 7} is gone).` });
    expect(existsSync(join(dir, 'broker.pid'))).toBe(false);
  });
});
