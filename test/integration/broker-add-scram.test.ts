// `tkafka broker start --add-scram ...` (kafka-storage format's flag): the users are in the data
// dir's SCRAM store, salted, before the broker listens, and SCRAM clients log in with them; a bad
// spec is a usage error (exit 2) before anything starts.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/broker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function login(port: number, mechanism: 'scram-sha-256' | 'scram-sha-512', username: string, password: string): Promise<string> {
  const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], sasl: { mechanism, username, password } as never, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  } finally {
    await admin.disconnect();
  }
}

describe('broker start --add-scram', () => {
  it('refuses a bad spec with kafka-storage\'s message and exit 2, starting nothing', () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const r = spawnSync(process.execPath, [...CLI, 'broker', 'start', '--foreground', '--data-dir', dataDir, '--add-scram', 'SCRAM-SHA-512=[name=alice]'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("tkafka: You must supply one of 'password' or 'saltedpassword' to add-scram\n");
    expect(fs.existsSync(path.join(dataDir, 'scram-credentials.json'))).toBe(false);
  });

  it('creates the users before the broker listens; SCRAM logins work and the store holds no password', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const child = spawn(
      process.execPath,
      [
        ...CLI,
        'broker',
        'start',
        '--foreground',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--config',
        'listeners=PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
        '--add-scram',
        'SCRAM-SHA-512=[name=alice,password=alice-secret]',
        '--add-scram',
        'SCRAM-SHA-256=[name=bob,password="bob secret",iterations=8192]',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 60_000);
        const onData = (c: Buffer): void => {
          out += c.toString();
          const m = /SASL_PLAINTEXT:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
      });
      expect(await login(port, 'scram-sha-512', 'alice', 'alice-secret')).toBe('ok');
      expect(await login(port, 'scram-sha-256', 'bob', 'bob secret')).toBe('ok');
      expect(await login(port, 'scram-sha-512', 'alice', 'wrong')).toContain('Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512');
      const file = path.join(dataDir, 'scram-credentials.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toContain('alice-secret');
      expect(text).not.toContain('bob secret');
      expect((JSON.parse(text) as { users: Record<string, Record<string, { iterations: number }>> }).users['bob']?.['SCRAM-SHA-256']?.iterations).toBe(8192);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
