import { describe, expect, it } from 'vitest';
import { javaDouble, javaHashSetOrder, javaStringHash } from '../../../src/core/configs/java.js';
import { checkConfigsArgs, ConfigCommandError, entityNames, parseAddConfig, parseDeleteConfig } from '../../../src/core/configs/options.js';
import { parseScramCredential } from '../../../src/core/configs/run.js';

describe('kafka-configs --add-config grammar', () => {
  it('splits on commas outside brackets and drops the brackets', () => {
    expect([...parseAddConfig('retention.ms=1000, cleanup.policy = [compact,delete] ,k=')]).toEqual([
      ['retention.ms', '1000'],
      ['cleanup.policy', 'compact,delete'],
      ['k', ''],
    ]);
    expect([...parseAddConfig('SCRAM-SHA-256=[iterations=8192,password=a=b],SCRAM-SHA-512=[password=x]')]).toEqual([
      ['SCRAM-SHA-256', 'iterations=8192,password=a=b'],
      ['SCRAM-SHA-512', 'password=x'],
    ]);
  });

  it('refuses an entry without exactly one = outside brackets', () => {
    for (const bad of ['a', 'a=1,b', 'a=b=c']) expect(() => parseAddConfig(bad)).toThrow(ConfigCommandError);
  });

  it('splits and trims --delete-config', () => {
    expect(parseDeleteConfig(['a, b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

describe('SCRAM credential values', () => {
  it('defaults iterations to 4096 and enforces the minimum', () => {
    expect(parseScramCredential('SCRAM-SHA-256', 'password=p,w')).toEqual({ iterations: 4096, password: Buffer.from('p,w') });
    expect(parseScramCredential('SCRAM-SHA-512', 'iterations=-1,password=x').iterations).toBe(4096);
    expect(() => parseScramCredential('SCRAM-SHA-256', 'iterations=4095,password=x')).toThrow('Iterations 4095 is less than the minimum 4096 required for SCRAM-SHA-256');
    expect(() => parseScramCredential('SCRAM-SHA-512', 'pass=x')).toThrow('Invalid credential property SCRAM_SHA_512=pass=x');
  });
});

describe('entity names', () => {
  it('pairs --entity-name/--entity-default in command-line order, then the shortcuts', () => {
    expect(entityNames({ entityNameOrder: ['', 'c'] })).toEqual(['', 'c']);
    expect(entityNames({ user: 'u', client: 'c' })).toEqual(['c', 'u']);
    expect(entityNames({ user: 'u', clientDefaults: true })).toEqual(['u', '']);
    expect(checkConfigsArgs({ alter: true, user: 'u', client: 'c', addConfig: ['producer_byte_rate=1'] }, true, false)).toEqual({ action: 'alter', entityTypes: ['clients', 'users'], entityNames: ['c', 'u'], all: false });
  });
});

describe('Java renderings', () => {
  it('Double.toString', () => {
    expect([1048576, 2e7, 50.5, 0.001, 0.0001, 1e7, 12345678.9, 0].map(javaDouble)).toEqual(['1048576.0', '2.0E7', '50.5', '0.001', '1.0E-4', '1.0E7', '1.23456789E7', '0.0']);
  });

  it('String.hashCode and HashSet order', () => {
    expect([javaStringHash('foo'), javaStringHash('bar'), javaStringHash('')]).toEqual([101574, 97299, 0]);
    expect(javaHashSetOrder(['foo', 'bar'])).toEqual(['bar', 'foo']);
    expect(javaHashSetOrder(['producer_byte_rate', 'consumer_byte_rate', 'request_percentage'], 3)).toEqual(['consumer_byte_rate', 'producer_byte_rate', 'request_percentage']);
  });
});
