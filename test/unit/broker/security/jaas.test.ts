import { describe, expect, it } from 'vitest';
import { jaasConfigText, moduleOptions, parseJaasConfig, plainUsers, PLAIN_LOGIN_MODULE } from '../../../../src/broker/security/jaas.js';

describe('parseJaasConfig', () => {
  it("parses Kafka's documented PLAIN example", () => {
    const entries = parseJaasConfig(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";',
    );
    expect(entries).toEqual([
      {
        loginModule: PLAIN_LOGIN_MODULE,
        controlFlag: 'required',
        options: { username: 'admin', password: 'admin-secret', user_admin: 'admin-secret', user_alice: 'alice-secret' },
      },
    ]);
    expect(plainUsers(entries)).toEqual(
      new Map([
        ['admin', 'admin-secret'],
        ['alice', 'alice-secret'],
      ]),
    );
  });

  it('quoted values with spaces, escapes, single quotes, = and ; inside; comments; several entries; flag case', () => {
    const entries = parseJaasConfig(`
      // a comment
      org.apache.kafka.common.security.plain.PlainLoginModule REQUIRED
        user_bob="pass word; with = signs"
        user_carol='it\\'s \\"quoted\\" \\\\ \\n\\101'   /* block
        comment */ user_dan=plainword;
      org.apache.kafka.common.security.scram.ScramLoginModule optional username=x password="y";
    `);
    expect(entries).toHaveLength(2);
    expect(plainUsers(entries)).toEqual(
      new Map([
        ['bob', 'pass word; with = signs'],
        ['carol', 'it\'s "quoted" \\ \nA'],
        ['dan', 'plainword'],
      ]),
    );
    expect(entries[1]?.controlFlag).toBe('optional');
    expect(moduleOptions(entries, 'org.apache.kafka.common.security.scram.ScramLoginModule')).toEqual({ username: 'x', password: 'y' });
    expect(moduleOptions(entries, 'nope')).toBeUndefined();
  });

  it.each([
    ['', 'Login module not specified in JAAS config'],
    ['   // only a comment', 'Login module not specified in JAAS config'],
    ['a.B', 'Login module control flag not specified in JAAS config'],
    ['a.B mandatory;', "Invalid login module control flag 'mandatory' in JAAS config"],
    ['a.B required user_x;', "Value not specified for key 'user_x' in JAAS config"],
    ['a.B required user_x=;', "Value not specified for key 'user_x' in JAAS config"],
    ['a.B required user_x="secret"', 'JAAS config entry not terminated by semi-colon'],
  ])('refuses %j with Kafka\'s message', (text, message) => {
    expect(() => parseJaasConfig(text)).toThrow(message);
  });

  it('error messages never carry a value', () => {
    expect(() => parseJaasConfig('a.B required user_x="topsecret" y')).toThrow(/^Value not specified for key 'y' in JAAS config$/);
  });
});

describe('jaasConfigText', () => {
  it('prefers listener.name.<l>.<mech>.sasl.jaas.config (lower-cased) over sasl.jaas.config', () => {
    const raw = { 'sasl.jaas.config': 'global', 'listener.name.sasl_ssl.plain.sasl.jaas.config': 'listener' };
    expect(jaasConfigText(raw, 'SASL_SSL', 'PLAIN')).toBe('listener');
    expect(jaasConfigText(raw, 'SASL_SSL', 'SCRAM-SHA-512')).toBe('global');
    expect(jaasConfigText(raw, 'OTHER', 'PLAIN')).toBe('global');
    expect(jaasConfigText({}, 'OTHER', 'PLAIN')).toBeUndefined();
  });
});
