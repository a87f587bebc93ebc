import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/broker/daemon/process.js';
import { runCli } from '../helpers/cli.js';
import { kcat } from '../helpers/kcat.js';
import { freePort } from '../helpers/ports.js';

// The `tkafka broker start --secure` walkthrough as a user follows it: start, copy the printed
// kcat command, produce and consume over SASL_SSL with SCRAM-SHA-512, check that no password leaks.

const root = mkdtempSync(join(tmpdir(), 'tkafka-e2e-secure-'));
const dir = join(root, 'data');

function pidOf(): number | undefined {
  const p = join(dir, 'broker.pid');
  if (!existsSync(p)) return undefined;
  const pid = (JSON.parse(readFileSync(p, 'utf8')) as { pid?: unknown }).pid;
  return typeof pid === 'number' ? pid : undefined;
}

afterAll(async () => {
  const pid = pidOf();
  if (pid !== undefined && (await isProcessAlive(pid))) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('tkafka broker start --secure', () => {
  it('starts SASL_SSL beside PLAINTEXT, prints working client properties, and keeps the password out of logs, status and argv', async () => {
    const port = await freePort();
    const start = await runCli(['broker', 'start', '--secure', '--port', String(port), '--data-dir', dir]);
    expect(start.exitCode, start.stderr).toBe(0);
    const secureDir = join(dir, 'secure');
    const props = readFileSync(join(secureDir, 'client.properties'), 'utf8');
    const password = /password="([^"]+)"/.exec(props)?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(props).toBe(
      '# tkafka broker start --secure: a client of this broker\'s SASL_SSL listener\n' +
        `bootstrap.servers=127.0.0.1:${port + 1}\n` +
        'security.protocol=SASL_SSL\n' +
        'sasl.mechanism=SCRAM-SHA-512\n' +
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="tkafka" password="${password}";\n` +
        'ssl.truststore.type=PEM\n' +
        `ssl.truststore.location=${join(secureDir, 'ca.pem')}\n`,
    );
    expect(start.stdout).toContain(`Created a CA, a broker certificate and SCRAM-SHA-512 user in ${secureDir}\nSASL_SSL listener: 127.0.0.1:${port + 1}\nClient properties (${join(secureDir, 'client.properties')}):\n\n${props}\n`);
    expect(statSync(secureDir).mode & 0o777).toBe(0o700);
    for (const f of ['ca.key', 'ca.pem', 'broker.pem', 'client.properties', 'client-librdkafka.properties']) expect(statSync(join(secureDir, f)).mode & 0o777).toBe(0o600);

    // The printed kcat command, as printed.
    const kcatLine = /^kcat: kcat (-F \S+) -L$/m.exec(start.stdout);
    expect(kcatLine, start.stdout).not.toBeNull();
    const fileArgs = (kcatLine?.[1] ?? '').split(' ');
    const list = await kcat([...fileArgs, '-L']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toContain(`  broker 1 at 127.0.0.1:${port + 1} (controller)\n`);
    const p = await kcat([...fileArgs, '-t', 'secure-walk', '-P', '-K:'], 'k1:hello\nk2:world\n');
    expect(p.exitCode, p.stderr).toBe(0);
    const c = await kcat([...fileArgs, '-t', 'secure-walk', '-C', '-e', '-q', '-f', '%o|%k|%s\n']);
    expect(c.stdout).toBe('0|k1|hello\n1|k2|world\n');
    // A wrong password is refused with Kafka's SCRAM text.
    const wrong = await kcat([...fileArgs, '-X', 'sasl.password=wrong', '-L', '-m', '3'], undefined, 15_000);
    expect(wrong.stderr).toContain('Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512');

    const status = await runCli(['broker', 'status', '--data-dir', dir]);
    expect(status.stdout).toContain(`  listeners:  PLAINTEXT://127.0.0.1:${port}, SASL_SSL://127.0.0.1:${port + 1}\n`);
    const json = await runCli(['broker', 'status', '--data-dir', dir, '--json']);
    expect((JSON.parse(json.stdout) as { listeners: unknown }).listeners).toEqual([
      { name: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port, advertisedHost: '127.0.0.1', advertisedPort: port },
      { name: 'SASL_SSL', securityProtocol: 'SASL_SSL', host: '127.0.0.1', port: port + 1, advertisedHost: '127.0.0.1', advertisedPort: port + 1 },
    ]);
    const pid = pidOf() ?? 0;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    for (const text of [status.stdout, json.stdout, cmdline, readFileSync(join(dir, 'broker.log'), 'utf8'), readFileSync(join(dir, 'scram-credentials.json'), 'utf8')]) {
      expect(text).not.toContain(password);
    }

    // A second start reuses the CA, the certificate and the user.
    expect((await runCli(['broker', 'stop', '--data-dir', dir])).exitCode).toBe(0);
    const again = await runCli(['broker', 'start', '--secure', '--port', String(port), '--data-dir', dir]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Using a CA, a broker certificate and SCRAM-SHA-512 user in ${secureDir}\n`);
    expect(readFileSync(join(secureDir, 'client.properties'), 'utf8')).toBe(props);
    const c2 = await kcat([...fileArgs, '-t', 'secure-walk', '-C', '-e', '-q', '-f', '%s\n']);
    expect(c2.stdout).toBe('hello\nworld\n');
    expect((await runCli(['broker', 'stop', '--data-dir', dir])).exitCode).toBe(0);
  });
});
