import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScramCredentialError, ScramStore } from '../../../../src/broker/security/scram-store.js';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import { credentialFromPassword, hiSync, ScramClient, ScramServer, scramHash } from '../../../../src/protocol/sasl/scram.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'scram-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function refusal(fn: () => unknown): ScramCredentialError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScramCredentialError);
    return err as ScramCredentialError;
  }
  throw new Error('expected a refusal');
}

async function authenticates(store: ScramStore, user: string, password: string, mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'): Promise<boolean> {
  const server = new ScramServer({ mechanism, lookup: (u) => store.get(u, mechanism) });
  const client = new ScramClient({ mechanism, username: user, password });
  try {
    const final = server.evaluate(await client.clientFinal(server.evaluate(client.clientFirst()).reply));
    client.verifyServerFinal(final.reply);
    return true;
  } catch {
    return false;
  }
}

describe('ScramStore', () => {
  it('stores salted credentials that authenticate, persisted 0600 without the password, reloaded at start', async () => {
    const dir = tmp();
    const store = new ScramStore(dir);
    store.upsert('alice', 'SCRAM-SHA-512', 'alice-secret');
    store.upsert('alice', 'SCRAM-SHA-256', 'alice-256', 8192);
    expect(await authenticates(store, 'alice', 'alice-secret', 'SCRAM-SHA-512')).toBe(true);
    expect(await authenticates(store, 'alice', 'wrong', 'SCRAM-SHA-512')).toBe(false);
    expect(await authenticates(store, 'alice', 'alice-256', 'SCRAM-SHA-256')).toBe(true);

    const file = path.join(dir, 'scram-credentials.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('alice-secret');
    expect(text).not.toContain('alice-256');
    const salted = hiSync(scramHash('SCRAM-SHA-512'), 'alice-secret', (store.get('alice', 'SCRAM-SHA-512') as { salt: Buffer }).salt, 4096);
    expect(text).not.toContain(salted.toString('base64'));

    const reloaded = new ScramStore(dir);
    expect(reloaded.describe()).toEqual(
      new Map([
        [
          'alice',
          [
            { mechanism: 'SCRAM-SHA-256', iterations: 8192 },
            { mechanism: 'SCRAM-SHA-512', iterations: 4096 },
          ],
        ],
      ]),
    );
    expect(await authenticates(reloaded, 'alice', 'alice-secret', 'SCRAM-SHA-512')).toBe(true);
  });

  it('accepts a salt and salted password (what AlterUserScramCredentials carries)', () => {
    const store = new ScramStore(tmp());
    const h = scramHash('SCRAM-SHA-256');
    const salt = Buffer.from('fixed-salt');
    store.upsert('bob', 'SCRAM-SHA-256', { salt, saltedPassword: hiSync(h, 'pw', salt, 4096) }, 4096);
    expect(store.get('bob', 'SCRAM-SHA-256')).toEqual(credentialFromPassword(h, 'pw', salt, 4096));
  });

  it('refuses as Kafka does: empty name, unknown mechanism, iterations outside 4096..16384, deleting nothing', () => {
    const store = new ScramStore(tmp());
    expect(refusal(() => store.upsert('', 'SCRAM-SHA-256', 'x'))).toMatchObject({ errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, message: 'Username must not be empty' });
    expect(refusal(() => store.upsert('a', 'SCRAM-SHA-1' as 'SCRAM-SHA-256', 'x'))).toMatchObject({ errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, message: 'Unknown SCRAM mechanism' });
    expect(refusal(() => store.upsert('a', 'SCRAM-SHA-256', 'x', 4095))).toMatchObject({ errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, message: 'Too few iterations' });
    expect(refusal(() => store.upsert('a', 'SCRAM-SHA-512', 'x', 16385))).toMatchObject({ errorCode: ErrorCode.UNACCEPTABLE_CREDENTIAL, message: 'Too many iterations' });
    store.upsert('a', 'SCRAM-SHA-512', 'x', 16384);
    expect(refusal(() => store.apply([{ user: 'a', mechanism: 'SCRAM-SHA-256' }], []))).toMatchObject({ errorCode: ErrorCode.RESOURCE_NOT_FOUND });
    expect(store.delete('a', 'SCRAM-SHA-256')).toBe(false);
    expect(store.delete('a', 'SCRAM-SHA-512')).toBe(true);
    expect(store.describe().size).toBe(0);
    expect(new ScramStore(store.dataDir).describe().size).toBe(0);
  });

  it('describe names only existing users, in the order asked', () => {
    const store = new ScramStore(tmp());
    store.upsert('b', 'SCRAM-SHA-256', 'x');
    store.upsert('a', 'SCRAM-SHA-256', 'x');
    expect([...store.describe().keys()]).toEqual(['a', 'b']);
    expect([...store.describe(['b', 'zz', 'a']).keys()]).toEqual(['b', 'a']);
  });

  it('a corrupt file is a clear error at start', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'scram-credentials.json'), '{nope');
    expect(() => new ScramStore(dir)).toThrow(/^cannot read SCRAM credentials .*scram-credentials\.json: /);
  });
});
