import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyAddScram, parseAddScram } from '../../../../src/broker/security/add-scram.js';
import { ScramStore } from '../../../../src/broker/security/scram-store.js';
import { credentialFromPassword, credentialFromSaltedPassword, scramHash } from '../../../../src/protocol/sasl/scram.js';
import { UsageError } from '../../../../src/shared/errors.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'add-scram-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parseAddScram (kafka-storage format --add-scram)', () => {
  it('parses name and password with the default iterations', () => {
    expect(parseAddScram('SCRAM-SHA-512=[name=alice,password=alice-secret]')).toEqual({ mechanism: 'SCRAM-SHA-512', name: 'alice', password: 'alice-secret', iterations: 4096 });
  });

  it('parses quoted values, iterations, salt and saltedpassword', () => {
    expect(parseAddScram(' SCRAM-SHA-256=[name="bob smith",password="p w",iterations=8192] ')).toEqual({ mechanism: 'SCRAM-SHA-256', name: 'bob smith', password: 'p w', iterations: 8192 });
    expect(parseAddScram('SCRAM-SHA-256=[name=carol,salt=c2FsdA==,saltedpassword=AAECAw==,iterations=4096]')).toEqual({
      mechanism: 'SCRAM-SHA-256',
      name: 'carol',
      salt: Buffer.from('salt'),
      saltedPassword: Buffer.from([0, 1, 2, 3]),
      iterations: 4096,
    });
    expect(parseAddScram('SCRAM-SHA-256=[name=d,password=x,salt=c2FsdA==]').salt).toEqual(Buffer.from('salt'));
  });

  it.each([
    ['SCRAM-SHA-512', "Failed to find equals sign in SCRAM argument 'SCRAM-SHA-512'"],
    ['SCRAM-SHA-1=[name=a,password=b]', 'The add-scram mechanism SCRAM-SHA-1 is not supported.'],
    ['SCRAM-SHA-512=name=a]', 'Expected configuration string to start with ['],
    ['SCRAM-SHA-512=[name=a', 'Expected configuration string to end with ]'],
    ['SCRAM-SHA-512=[password=b]', "You must supply 'name' to add-scram"],
    ['SCRAM-SHA-512=[name=a,nonsense]', 'No equals sign found in SCRAM component: nonsense'],
    ['SCRAM-SHA-512=[name=a]', "You must supply one of 'password' or 'saltedpassword' to add-scram"],
    ['SCRAM-SHA-512=[name=a,saltedpassword=AAAA]', "You must supply 'salt' with 'saltedpassword' to add-scram"],
    ['SCRAM-SHA-512=[name=a,salt=@@,password=b]', 'Failed to decode given salt: @@'],
    ['SCRAM-SHA-512=[name=a,salt=AAAA,saltedpassword=not*b64]', 'Failed to decode given saltedPassword'],
    ['SCRAM-SHA-512=[name=a,password=b,iterations=many]', 'Failed to parse iterations count: many'],
    ['SCRAM-SHA-512=[name=a,password=b,iterations=4095]', "The 'iterations' value must be >= 4096 for add-scram using SCRAM_SHA_512"],
    ['SCRAM-SHA-256=[name=a,password=b,iterations=16385]', "The 'iterations' value must be <= 16384 for add-scram using SCRAM_SHA_256"],
    ['SCRAM-SHA-512=[name=a,password=b,zeta=1,alpha=2]', 'Unknown SCRAM configurations: alpha, zeta'],
  ])('%s -> %s', (arg, message) => {
    let err: unknown;
    try {
      parseAddScram(arg);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe(message);
    expect((err as UsageError).exitCode).toBe(2);
  });

  it('never shows a password in a message', () => {
    expect(() => parseAddScram('SCRAM-SHA-512=[name=a,password=topsecret,iterations=1]')).toThrow(/^(?!.*topsecret)/);
    expect(() => parseAddScram('SCRAM-SHA-512=[name=a,passwordtopsecret]')).toThrow('No equals sign found in SCRAM component: [hidden]');
  });
});

describe('applyAddScram', () => {
  it('stores each entry salted, honouring a given salt or salted password', () => {
    const store = new ScramStore(dir);
    applyAddScram(store, [
      parseAddScram('SCRAM-SHA-512=[name=alice,password=alice-secret]'),
      parseAddScram('SCRAM-SHA-256=[name=alice,password=pw,salt=c2FsdA==,iterations=8192]'),
      parseAddScram('SCRAM-SHA-256=[name=carol,salt=c2FsdA==,saltedpassword=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=]'),
    ]);
    expect(store.get('alice', 'SCRAM-SHA-256')).toEqual(credentialFromPassword(scramHash('SCRAM-SHA-256'), 'pw', Buffer.from('salt'), 8192));
    const salted = Buffer.from('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'base64');
    expect(store.get('carol', 'SCRAM-SHA-256')).toEqual(credentialFromSaltedPassword(scramHash('SCRAM-SHA-256'), Buffer.from('salt'), salted, 4096));
    const alice512 = store.get('alice', 'SCRAM-SHA-512');
    expect(alice512?.iterations).toBe(4096);
    expect(alice512).toEqual(credentialFromPassword(scramHash('SCRAM-SHA-512'), 'alice-secret', (alice512 as { salt: Buffer }).salt, 4096));
    expect(fs.readFileSync(path.join(dir, 'scram-credentials.json'), 'utf8')).not.toContain('alice-secret');
  });
});
