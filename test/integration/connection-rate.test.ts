// Connection creation rates (issue #15), on a real broker on a free port driven by a ManualClock:
// an IP's connection_creation_rate quota (set with AlterClientQuotas) closes the connection over it
// after its delay, and max.connection.creation.rate (set at runtime) makes the next connection wait,
// as Kafka's acceptor does. Rates are Kafka's: 11 windows of 1 s, so a rate of 2 lets a burst of 20
// in (20 connections over the 10 s minimum window) and the 21st is over it by 0.1/s: a 500 ms delay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrokerConfig } from '../../src/broker/config.js';
import type { RunningBroker } from '../../src/broker/server/broker.js';
import { AlterClientQuotasApi } from '../../src/protocol/generated/apis/alter-client-quotas.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { ManualClock } from '../../src/shared/clock.js';
import { startServer, tempDataDir } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { WireClient, wireApi } from './admin-wire.js';
import { RawConnection as Raw } from './raw-connection.js';

const AlterQuotas = wireApi(AlterClientQuotasApi);
const AlterConfigs = wireApi(IncrementalAlterConfigsApi);

describe('connection_creation_rate (ip quota)', () => {
  const clock = new ManualClock();
  const logs: string[] = [];
  let running: RunningBroker;
  let admin: WireClient;
  const open: Raw[] = [];
  beforeAll(async () => {
    running = await startServer({ dataDir: tempDataDir(), clock, config: {}, log: (l) => logs.push(l) });
    admin = await WireClient.connect(running.port);
  });
  afterAll(async () => {
    for (const r of open) r.sock.destroy();
    admin.close();
    await running.close();
  });
  const setIpRate = async (name: string | null, value: number, remove = false): Promise<void> => {
    const res = await admin.request(AlterQuotas, 1, { validateOnly: false, entries: [{ entity: [{ entityType: 'ip', entityName: name }], ops: [{ key: 'connection_creation_rate', value, remove }] }] });
    expect(res.entries[0]?.errorCode).toBe(0);
  };
  const serve = async (n: number, firstId: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const r = await Raw.open(running.port);
      open.push(r);
      await r.apiVersions(firstId + i);
    }
  };

  it('serves connections under the rate, holds the one over it for its delay and then closes it', async () => {
    await setIpRate('127.0.0.1', 2);
    await serve(20, 1);
    const over = await Raw.open(running.port);
    await waitFor('the 21st throttled', () => logs.some((l) => l.includes('Throttling connection from 127.0.0.1 for 500 ms: over its connection_creation_rate of 2 per second')));
    // Not counted: the 20 and the admin connection are open.
    expect(running.connectionCounts()).toEqual({ open: 21, waiting: 0, queuedRequests: 0 });
    clock.advance(499);
    await admin.request(AlterQuotas, 1, { validateOnly: true, entries: [] });
    expect(over.closed).toBe(false);
    clock.advance(1);
    await waitFor('the throttled connection closed', () => over.closed);
    // The throttled one was taken back out of the rate: 20 over a 10.5 s window is 1.9/s, room for one more.
    await serve(1, 30);
    const again = await Raw.open(running.port);
    await waitFor('the 22nd throttled', () => logs.filter((l) => l.includes('Throttling connection from 127.0.0.1')).length === 2);
    clock.advance(1000);
    await waitFor('closed too', () => again.closed);
  });

  it('follows the default ip entity, and no quota means no limit', async () => {
    clock.advance(11_000); // every sample of the 127.0.0.1 rate has expired
    await setIpRate('127.0.0.1', 0, true);
    await setIpRate(null, 1);
    await serve(10, 40);
    const over = await Raw.open(running.port);
    // 11 over 10 s at a quota of 1/s: (1.1 − 1) / 1 × 10 s = 1 s, the longest delay there is.
    await waitFor('the 11th throttled', () => logs.some((l) => l.includes('Throttling connection from 127.0.0.1 for 1000 ms: over its connection_creation_rate of 1 per second')));
    clock.advance(1000);
    await waitFor('closed', () => over.closed);
    await setIpRate(null, 0, true);
    await serve(30, 60);
    expect(logs.filter((l) => l.includes('Throttling connection')).length).toBe(3);
  });
});

describe('max.connection.creation.rate', () => {
  const clock = new ManualClock();
  let running: RunningBroker;
  let admin: WireClient;
  const open: Raw[] = [];
  beforeAll(async () => {
    // Accepted at start (Kafka's key), then lowered at runtime.
    running = await startServer({ dataDir: tempDataDir(), clock, config: { 'max.connection.creation.rate': '1000' }, log: () => undefined });
    admin = await WireClient.connect(running.port);
  });
  afterAll(async () => {
    for (const r of open) r.sock.destroy();
    admin.close();
    await running.close();
  });
  const alter = async (value: string): Promise<[number, string | null]> => {
    const res = await admin.request(AlterConfigs, 1, { validateOnly: false, resources: [{ resourceType: 4, resourceName: '1', configs: [{ name: 'max.connection.creation.rate', configOperation: 0, value }] }] });
    return [res.responses[0]?.errorCode ?? -1, res.responses[0]?.errorMessage ?? null];
  };

  it('refuses a bad value with Kafka\'s text and makes the connection over the rate wait, then serves it', async () => {
    expect(await alter('-1')).toEqual([42, 'Invalid value -1 for configuration max.connection.creation.rate: Value must be at least 0']);
    expect(await alter('two')).toEqual([42, 'Invalid value two for configuration max.connection.creation.rate: Not a number of type INT']);
    expect(await alter('2')).toEqual([0, null]);
    // The admin connection counts: 19 more make 20 in the burst.
    for (let i = 0; i < 19; i++) {
      const r = await Raw.open(running.port);
      open.push(r);
      await r.apiVersions(i + 1);
    }
    const first = await Raw.open(running.port);
    const second = await Raw.open(running.port);
    await waitFor('both waiting', () => running.connectionCounts().waiting === 2);
    expect(running.connectionCounts().open).toBe(20);
    clock.advance(499);
    expect(running.connectionCounts()).toEqual({ open: 20, waiting: 2, queuedRequests: 0 });
    clock.advance(1);
    // The 21st goes in; the 22nd is counted now (22 over 10.5 s) and waits another 500 ms.
    expect(running.connectionCounts()).toEqual({ open: 21, waiting: 1, queuedRequests: 0 });
    await first.apiVersions(100);
    clock.advance(500);
    expect(running.connectionCounts()).toEqual({ open: 22, waiting: 0, queuedRequests: 0 });
    await second.apiVersions(101);
    expect(first.closed || second.closed).toBe(false);
    open.push(first, second);
  });
});

describe('listener.name.<l>.max.connection.creation.rate', () => {
  it('is checked at start like the broker key', () => {
    expect(parseBrokerConfig({ 'max.connection.creation.rate': '0' }).maxConnectionCreationRate).toBe(0);
    expect(() => parseBrokerConfig({ 'max.connection.creation.rate': '-1' })).toThrow('max.connection.creation.rate must be at least 0, got -1');
    expect(parseBrokerConfig({ 'listener.name.plaintext.max.connection.creation.rate': '3' }).raw['listener.name.plaintext.max.connection.creation.rate']).toBe('3');
    expect(() => parseBrokerConfig({ 'listener.name.plaintext.max.connection.creation.rate': 'x' })).toThrow("listener.name.plaintext.max.connection.creation.rate must be an integer, got 'x'");
  });

  it('is dynamic, with Kafka\'s texts, and throttles its listener: 10 in the burst at 1/s, the 11th waits 1 s', async () => {
    const clock = new ManualClock();
    const running = await startServer({ dataDir: tempDataDir(), clock, config: {}, log: () => undefined });
    const admin = await WireClient.connect(running.port);
    const conns: Raw[] = [];
    const key = 'listener.name.plaintext.max.connection.creation.rate';
    const alter = async (value: string): Promise<[number, string | null]> => {
      const res = await admin.request(AlterConfigs, 1, { validateOnly: false, resources: [{ resourceType: 4, resourceName: '1', configs: [{ name: key, configOperation: 0, value }] }] });
      return [res.responses[0]?.errorCode ?? -1, res.responses[0]?.errorMessage ?? null];
    };
    try {
      // Kafka 4.4's answers: the value is checked as the broker key, then the listener refuses 0.
      expect(await alter('0')).toEqual([42, 'Invalid value org.apache.kafka.common.config.ConfigException: Invalid max.connection.creation.rate 0 for configuration Invalid dynamic configuration']);
      expect(await alter('-1')).toEqual([42, 'Invalid value -1 for configuration max.connection.creation.rate: Value must be at least 0']);
      expect(await alter('x')).toEqual([42, 'Invalid value x for configuration max.connection.creation.rate: Not a number of type INT']);
      expect(await alter('1')).toEqual([0, null]);
      // The admin connection is the first of the 10.
      for (let i = 0; i < 9; i++) {
        conns.push(await Raw.open(running.port));
        await conns[i]?.apiVersions(i);
      }
      const late = await Raw.open(running.port);
      conns.push(late);
      await waitFor('the 11th waiting', () => running.connectionCounts().waiting === 1);
      clock.advance(999);
      expect(running.connectionCounts()).toEqual({ open: 10, waiting: 1, queuedRequests: 0 });
      clock.advance(1);
      await late.apiVersions(11);
      expect(running.connectionCounts().open).toBe(11);
    } finally {
      for (const c of conns) c.sock.destroy();
      admin.close();
      await running.close();
    }
  });
});
