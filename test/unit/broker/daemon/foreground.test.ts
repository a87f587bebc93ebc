import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runForeground } from '../../../../src/broker/daemon/foreground.js';
import type { BrokerHandle, BrokerStartOptions } from '../../../../src/broker/daemon/foreground.js';
import { TkafkaError } from '../../../../src/shared/errors.js';
import { createLogger } from '../../../../src/shared/logger.js';

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tkafka-fg-'));
  dataDir = join(root, 'data');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakeBroker(events: string[]) {
  return (o: BrokerStartOptions): Promise<BrokerHandle> => {
    events.push(`start ${o.host}:${o.port} ${JSON.stringify(o.config)}`);
    o.log?.('broker says hello');
    return Promise.resolve({
      host: o.host,
      port: 19092,
      advertisedHost: o.advertisedHost ?? o.host,
      dataDir: o.dataDir,
      close: () => {
        events.push(`close (pidfile present: ${existsSync(join(dataDir, 'broker.pid'))})`);
        return Promise.resolve();
      },
    });
  };
}

describe('runForeground', () => {
  it('locks the data dir, marks the pidfile running, and on stop closes the broker then releases the lock', async () => {
    const events: string[] = [];
    const lines: string[] = [];
    const stop = new AbortController();
    const done = runForeground(
      { host: '127.0.0.1', port: 0, advertisedHost: 'kafka.local', dataDir, config: { 'num.partitions': '3' } },
      {
        startBroker: fakeBroker(events),
        logger: createLogger((l) => lines.push(l)),
        stop: stop.signal,
        onReady: () => {
          const pf = JSON.parse(readFileSync(join(dataDir, 'broker.pid'), 'utf8')) as Record<string, unknown>;
          events.push(`ready ${pf['state'] as string} ${pf['port'] as number} ${pf['advertisedHost'] as string} ${pf['pid'] === process.pid}`);
          stop.abort('SIGTERM');
        },
      },
    );
    expect(await done).toEqual({ host: '127.0.0.1', port: 19092, advertisedHost: 'kafka.local', stoppedBy: 'SIGTERM' });
    expect(events).toEqual(['start 127.0.0.1:0 {"num.partitions":"3"}', 'ready running 19092 kafka.local true', 'close (pidfile present: true)']);
    expect(existsSync(join(dataDir, 'broker.pid'))).toBe(false);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(lines.map((l) => l.replace(/^\[[^\]]+\] /, ''))).toEqual(['INFO broker says hello', 'INFO tkafka broker shutting down (SIGTERM)']);
  });

  it('a stop requested during startup closes the broker as soon as it is up', async () => {
    const events: string[] = [];
    const stop = new AbortController();
    stop.abort('SIGINT');
    const res = await runForeground({ host: '127.0.0.1', port: 0, dataDir, config: {} }, { startBroker: fakeBroker(events), logger: createLogger(() => undefined), stop: stop.signal });
    expect(res.stoppedBy).toBe('SIGINT');
    expect(events[1]).toBe('close (pidfile present: true)');
  });

  it('releases the lock and rethrows when the broker fails to start', async () => {
    const failing = (): Promise<BrokerHandle> => Promise.reject(new TkafkaError('PORT_IN_USE', 'port 9092 on 127.0.0.1 is already in use'));
    const err = await runForeground({ host: '127.0.0.1', port: 9092, dataDir, config: {} }, { startBroker: failing, logger: createLogger(() => undefined), stop: new AbortController().signal }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'PORT_IN_USE' });
    expect(existsSync(join(dataDir, 'broker.pid'))).toBe(false);
  });
});
