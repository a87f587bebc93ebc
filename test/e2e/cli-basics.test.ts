import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

// The one-line error contract: `tkafka: <message>` then a `Run '... --help'` hint, nothing else.
function expectUsageError(stderr: string, message: RegExp, helpFor: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toBe(`Run '${helpFor} --help' for usage.`);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('tkafka basics (built binary)', () => {
  it('--version prints the package version alone', async () => {
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ exitCode: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect((await runCli(['-V'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('--help lists only real commands and the exit codes, on stdout', async () => {
    const r = await runCli(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    // Commands are listed in purpose groups ('Broker:' first) up to the exit codes.
    const commands = r.stdout.slice(r.stdout.indexOf('Broker:'), r.stdout.indexOf('Exit codes:'));
    const names = [...commands.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1] ?? '');
    expect(names).toContain('broker');
    expect(names).toContain('get-offsets');
    // Every listed command is real: its own --help works.
    for (const name of names.filter((n) => n !== 'help')) {
      const sub = await runCli([name, '--help']);
      expect(sub.exitCode, name).toBe(0);
      expect(sub.stdout).toMatch(new RegExp(`^Usage: tkafka ${name} `));
    }
    expect(r.stdout).toMatch(/^Exit codes:\n {2}0 +success\n {2}1 +runtime error.*\n {2}2 +usage error.*\n {2}3 +authentication failed.*\n {2}130 +interrupted/m);
  });

  it('broker --help and broker start --help describe the subcommands and flags', async () => {
    const broker = await runCli(['broker', '--help']);
    expect(broker.exitCode).toBe(0);
    for (const sub of ['start', 'stop', 'status', 'logs']) expect(broker.stdout).toMatch(new RegExp(`^ {2}${sub}\\b`, 'm'));
    const start = await runCli(['broker', 'start', '--help']);
    for (const flag of ['--port', '--host', '--advertised-host', '--data-dir', '--config', '--config-file', '--foreground', '--json']) {
      expect(start.stdout).toContain(flag);
    }
  });

  it('an unknown command exits 2 with one line and a hint', async () => {
    const r = await runCli(['topicz']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expectUsageError(r.stderr, /^tkafka: unknown command 'topicz'/, 'tkafka');
  });

  it('an unknown flag names the flag and suggests the close one', async () => {
    const r = await runCli(['broker', 'start', '--prot', '1']);
    expect(r.exitCode).toBe(2);
    expectUsageError(r.stderr, /^tkafka: unknown option '--prot' \(Did you mean --port\?\)$/, 'tkafka broker start');
  });

  it('a bad option value is a usage error naming the option', async () => {
    const r = await runCli(['broker', 'stop', '--timeout', 'soon']);
    expect(r.exitCode).toBe(2);
    expectUsageError(r.stderr, /^tkafka: option '--timeout <duration>' argument 'soon' is invalid\./, 'tkafka broker stop');
    const port = await runCli(['broker', 'start', '--port', '70000']);
    expect(port.exitCode).toBe(2);
    expectUsageError(port.stderr, /^tkafka: option '--port <port>' argument '70000' is invalid\./, 'tkafka broker start');
  });

  it('no command prints help on stderr and exits 2', async () => {
    const r = await runCli([]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: tkafka /);
  });

  describe('runtime errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tkafka-e2e-basics-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('are one line with exit 1, and show a stack only with TKAFKA_DEBUG=1', async () => {
      const r = await runCli(['broker', 'stop', '--data-dir', dir]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(`tkafka: no broker to stop: none is running on data dir ${dir}\n`);
      const debug = await runCli(['broker', 'stop', '--data-dir', dir], { env: { TKAFKA_DEBUG: '1' } });
      expect(debug.exitCode).toBe(1);
      expect(debug.stderr).toMatch(/^tkafka: no broker to stop.*\nTkafkaError: no broker to stop.*\n\s+at /);
    });
  });
});

describe('startup cost', () => {
  it('--help loads neither kafkajs, the broker, the protocol clients, ora, cli-table3 nor chalk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tkafka-e2e-trace-'));
    const trace = join(dir, 'modules.txt');
    try {
      const hooks =
        "import { appendFileSync } from 'node:fs';\n" +
        'export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.TKAFKA_TRACE_FILE, r.url + "\\n"); return r; }';
      const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
      const r = await runCli(['--help'], {
        env: { TKAFKA_TRACE_FILE: trace },
        nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(register)}`],
      });
      expect(r.exitCode).toBe(0);
      const loaded = readFileSync(trace, 'utf8').split('\n').filter((l) => l !== '');
      expect(loaded.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
      expect(loaded.filter((u) => /kafkajs|\/ora\/|cli-table3|chalk|\/dist\/broker\/|\/dist\/protocol\/|\/dist\/client\//.test(u))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
