import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { memoryIO } from '../../../src/cli/output/io.js';
import { lazyAction } from '../../../src/cli/action.js';
import { createProgram } from '../../../src/cli/program.js';
import { TkafkaError, UsageError } from '../../../src/shared/errors.js';

const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function run(args: string[], env: Record<string, string> = {}) {
  const io = memoryIO({ env });
  const exitCode = await main(args, io);
  return { exitCode, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('main (in-process)', () => {
  it('prints the version and help through the injected IO', async () => {
    expect(await run(['--version'])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
    const help = await run(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stderr).toBe('');
    expect((await run(['help', 'broker'])).stdout).toMatch(/^Usage: tkafka broker /);
  });

  it('turns commander usage errors into one line + a --help hint, exit 2', async () => {
    expect(await run(['broker', 'status', '--bogus'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: "tkafka: unknown option '--bogus'\nRun 'tkafka broker status --help' for usage.\n",
    });
    expect((await run(['broker', 'logs', '-n', '-3'])).stderr).toBe(
      "tkafka: option '-n, --lines <n>' argument '-3' is invalid. Expected a whole number >= 0.\nRun 'tkafka broker logs --help' for usage.\n",
    );
    expect((await run(['broker', 'statsu'])).stderr).toBe("tkafka: unknown command 'statsu' (Did you mean status?)\nRun 'tkafka broker --help' for usage.\n");
  });

  it('a missing subcommand prints help on stderr and exits 2', async () => {
    const r = await run(['broker']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: tkafka broker \[options\] \[command\]/);
  });

  it('--json and -o text together are a usage error from the action', async () => {
    expect(await run(['broker', 'status', '--json', '-o', 'text', '--data-dir', '/nonexistent/x'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'tkafka: --json conflicts with --output text\nUse one of them.\n',
    });
  });
});

/** Runs main() on the real tree plus one command whose action throws `err`. */
async function runThrowing(err: Error, env: Record<string, string> = {}): Promise<{ exitCode: number; stderr: string }> {
  const io = memoryIO({ env });
  const exitCode = await main(['boom'], io, (cliIO) => {
    const program = createProgram(cliIO);
    program.command('boom').action(lazyAction(program, cliIO, () => Promise.resolve(() => Promise.reject(err))));
    return program;
  });
  expect(io.stdoutText()).toBe('');
  return { exitCode, stderr: io.stderrText() };
}

describe('error rendering', () => {
  it('TkafkaError: message, hint, its own exit code, no stack', async () => {
    const err = new TkafkaError('PORT_IN_USE', 'port 9092 on 127.0.0.1 is already in use', { hint: 'Choose another with --port.' });
    expect(await runThrowing(err)).toEqual({ exitCode: 1, stderr: 'tkafka: port 9092 on 127.0.0.1 is already in use\nChoose another with --port.\n' });
    expect(await runThrowing(new UsageError('bad combo'))).toEqual({ exitCode: 2, stderr: 'tkafka: bad combo\n' });
    expect((await runThrowing(new TkafkaError('INTERRUPTED', 'stopped', { exitCode: 130 }))).exitCode).toBe(130);
  });

  it('anything else is an internal error (exit 1) with a bug hint; TKAFKA_DEBUG=1 adds the stack and causes', async () => {
    expect(await runThrowing(new RangeError('index out of range'))).toEqual({
      exitCode: 1,
      stderr: 'tkafka: internal error: index out of range\nThis is a bug in tkafka. Run again with TKAFKA_DEBUG=1 to see the stack trace, and please report it.\n',
    });
    const debug = await runThrowing(new TkafkaError('IO_ERROR', 'disk full', { cause: new Error('ENOSPC') }), { TKAFKA_DEBUG: '1' });
    expect(debug.stderr).toMatch(/^tkafka: disk full\nTkafkaError: disk full\n\s+at .*\nCaused by:\nError: ENOSPC\n\s+at /s);
  });

  it('an action return value becomes the exit code', async () => {
    const io = memoryIO();
    const code = await main(['seven'], io, (cliIO) => {
      const program = createProgram(cliIO);
      program.command('seven').action(lazyAction(program, cliIO, () => Promise.resolve(() => Promise.resolve(7))));
      return program;
    });
    expect(code).toBe(7);
  });
});
