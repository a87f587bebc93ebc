import { describe, expect, it } from 'vitest';
import { advertisedListener, clientListener, parseListeners } from '../../../../src/broker/daemon/listeners.js';
import { TkafkaError } from '../../../../src/shared/errors.js';

describe('listeners', () => {
  it("parses Kafka's NAME://host:port lists, IPv6 in brackets, empty hosts", () => {
    expect(parseListeners('PLAINTEXT://:9092, CONTROLLER://localhost:9093,ext://[::1]:19092')).toEqual([
      { name: 'PLAINTEXT', host: '', port: 9092 },
      { name: 'CONTROLLER', host: 'localhost', port: 9093 },
      { name: 'EXT', host: '::1', port: 19092 },
    ]);
  });

  it('rejects malformed entries as BAD_CONFIG (exit 2)', () => {
    for (const bad of ['localhost:9092', 'PLAINTEXT://host', 'PLAINTEXT://h:99999']) {
      let err: unknown;
      try {
        parseListeners(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TkafkaError);
      expect(err).toMatchObject({ code: 'BAD_CONFIG', exitCode: 2 });
    }
  });

  it('skips controller listeners when picking the client one', () => {
    expect(clientListener({ listeners: 'CONTROLLER://:9093,PLAINTEXT://0.0.0.0:9092' })).toEqual({ name: 'PLAINTEXT', host: '0.0.0.0', port: 9092 });
    expect(clientListener({ listeners: 'C://:9093,B://:9094', 'controller.listener.names': 'C' })).toEqual({ name: 'B', host: '', port: 9094 });
    expect(clientListener({})).toBeUndefined();
    expect(advertisedListener({ 'advertised.listeners': 'PLAINTEXT://kafka.local:9092' })?.host).toBe('kafka.local');
  });
});
