import { describe, expect, it } from 'vitest';
import { listenerConfig, protocolMap, resolveListeners } from '../../../../src/broker/security/listeners.js';

describe('resolveListeners', () => {
  it('is one PLAINTEXT listener on --host/--port without listeners=', () => {
    expect(resolveListeners({}, { host: '127.0.0.1', port: 9092 })).toEqual([
      { name: 'PLAINTEXT', host: '127.0.0.1', port: 9092, securityProtocol: 'PLAINTEXT', advertisedHost: '127.0.0.1', advertisedPort: 9092 },
    ]);
    expect(resolveListeners({}, { host: '0.0.0.0', port: 9092, advertisedHost: 'me' })[0]?.advertisedHost).toBe('me');
  });

  it('maps names to protocols, skips controller listeners, and advertises per name', () => {
    const raw = {
      listeners: 'INTERNAL://:9092,CONTROLLER://:9093,external://0.0.0.0:9094',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SASL_SSL',
      'advertised.listeners': 'EXTERNAL://kafka.example.com:19094',
    };
    expect(resolveListeners(raw, { host: '127.0.0.1', port: 9092 })).toEqual([
      { name: 'INTERNAL', host: '127.0.0.1', port: 9092, securityProtocol: 'PLAINTEXT', advertisedHost: '127.0.0.1', advertisedPort: 9092 },
      { name: 'EXTERNAL', host: '0.0.0.0', port: 9094, securityProtocol: 'SASL_SSL', advertisedHost: 'kafka.example.com', advertisedPort: 19094 },
    ]);
  });

  it('refuses unknown protocols, duplicate names and duplicate ports', () => {
    expect(() => protocolMap({ 'listener.security.protocol.map': 'A:TLS' })).toThrow("listener.security.protocol.map entry 'A:TLS' is not NAME:PROTOCOL");
    expect(() => resolveListeners({ listeners: 'SSL://:1,SSL://:2' }, { host: '127.0.0.1', port: 1 })).toThrow('listeners names SSL twice');
    expect(() => resolveListeners({ listeners: 'PLAINTEXT://:1,SSL://:1' }, { host: '127.0.0.1', port: 1 })).toThrow('listeners use 127.0.0.1:1 twice');
    expect(() => resolveListeners({ listeners: 'PLAINTEXT:/x' }, { host: '127.0.0.1', port: 1 })).toThrow("listeners entry 'PLAINTEXT:/x' is not NAME://host:port");
  });

  it('reads listener.name.<lower-case name>.<key> over <key>', () => {
    const raw = { 'ssl.client.auth': 'none', 'listener.name.external.ssl.client.auth': 'required' };
    expect(listenerConfig(raw, 'EXTERNAL', 'ssl.client.auth')).toBe('required');
    expect(listenerConfig(raw, 'SSL', 'ssl.client.auth')).toBe('none');
  });
});
