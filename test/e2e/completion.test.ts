import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The committed completion scripts, loaded in real shells, completing a topic name that only the
// broker knows; and `tkafka __complete` keeping its time limit and cache.

let b: TestBroker;
let binDir: string;
let cacheHome: string;

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** Runs a shell without blocking: the broker lives in this process and must keep answering. */
function sh(shell: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, args, { env: shellEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

function shellEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${binDir}:${process.env['PATH'] ?? ''}`, XDG_CACHE_HOME: cacheHome, NO_COLOR: '1', HOME: cacheHome };
}

beforeAll(async () => {
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
  b.running.broker.topics.create('payments', 1, {});
  b.running.broker.topics.create('pageviews', 1, {});
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-completion-'));
  binDir = path.join(tmp, 'bin');
  cacheHome = path.join(tmp, 'cache');
  fs.mkdirSync(binDir);
  fs.symlinkSync(BIN, path.join(binDir, 'tkafka'));
});

afterAll(async () => {
  await b.dispose();
});

describe.concurrent('completion scripts in real shells', () => {
  it('bash completes commands, options, enum values and a topic name from the broker', async () => {
    const script = `
      source ${JSON.stringify(path.join(ROOT, 'completions/tkafka.bash'))}
      comp() { COMP_LINE="$1"; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _tkafka; echo "\${COMPREPLY[*]}"; }
      comp "tkafka consumer-gr"
      comp "tkafka topics --bootstrap-server ${b.bootstrap} --describe --topic pay"
      comp "tkafka topics --bootstrap-server=${b.bootstrap} --describe --topic=pa"
      comp "tkafka consumer-groups --list --state Sta"
      comp "tkafka consumer-groups --reset-offsets --to-e"
      comp "tkafka completion "
    `;
    const r = await sh('bash', ['-c', script]);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual(['consumer-groups', 'payments', 'pageviews payments', 'Stable', '--to-earliest', 'bash zsh fish', '']);
  });

  it.skipIf(!has('fish'))('fish completes a topic name from the broker', async () => {
    const script = `source ${path.join(ROOT, 'completions/tkafka.fish')}; complete -C "tkafka console-consumer --bootstrap-server ${b.bootstrap} --topic pay"; complete -C "tkafka broker st"`;
    const r = await sh('fish', ['-c', script]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n').map((l) => l.split('\t')[0]);
    expect(lines).toEqual(['payments', 'start', 'status', 'stop', '']);
  });

  it.skipIf(!has('zsh'))('zsh completes a topic name from the broker (interactive shell under zpty)', async () => {
    // Keys typed before the shell is ready are lost, hence the pauses.
    const script = `
      zmodload zsh/zpty
      zpty -b z 'zsh -f -i'
      zpty -w z "PS1='%% '; fpath=(${path.join(ROOT, 'completions')} \\$fpath); autoload -U compinit; compinit -u -D"
      sleep 1
      zpty -w -n z $'tkafka topics --bootstrap-server ${b.bootstrap} --describe --topic pay\\t'
      sleep 2
      out=""
      while zpty -r -t z chunk; do out+=$chunk; done
      zpty -d z
      print -r -- "\${out//$'\\e'\\[[0-9;?]#[a-zA-Z]/}"
    `;
    const r = await sh('zsh', ['-f', '-c', script]);
    expect(r.stdout).toContain(`--describe --topic payments`);
  });
});

describe('tkafka __complete', () => {
  it('prints names, then answers from the cache; never waits on a broker that does not answer', async () => {
    const env = { XDG_CACHE_HOME: cacheHome };
    const topics = await runCli(['__complete', 'topics', '--bootstrap-server', b.bootstrap], { env });
    expect(topics).toMatchObject({ exitCode: 0, stderr: '' });
    expect(topics.stdout.split('\n')).toEqual(expect.arrayContaining(['payments', 'pageviews']));
    const files = fs.readdirSync(path.join(cacheHome, 'tkafka'));
    expect(files.some((f) => f.startsWith('complete-topics-'))).toBe(true);

    // A listener that accepts and never answers: the time limit, not the broker, ends the wait.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const r = await runCli(['__complete', 'groups', '--bootstrap-server', `127.0.0.1:${port}`], { env });
      const elapsed = Date.now() - started;
      expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
      // Node's own start-up plus the 300 ms budget; well under the 3 s of a hung request.
      expect(elapsed).toBeLessThan(2000);
    } finally {
      silent.close();
    }

    // The cache answers while fresh, even once the broker is gone.
    const stopped = await startTestBroker();
    const addr = stopped.bootstrap;
    const first = await runCli(['__complete', 'topics', '--bootstrap-server', addr], { env });
    expect(first.exitCode).toBe(0);
    await stopped.dispose();
    const cached = await runCli(['__complete', 'topics', '--bootstrap-server', addr], { env });
    expect(cached.stdout).toBe(first.stdout);
    const uncached = await runCli(['__complete', 'topics', '--bootstrap-server', addr], { env: { XDG_CACHE_HOME: path.join(cacheHome, 'other') } });
    expect(uncached).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('`tkafka completion <shell>` prints the committed script; unknown shells are usage errors', async () => {
    for (const [shell, file] of [
      ['bash', 'tkafka.bash'],
      ['zsh', '_tkafka'],
      ['fish', 'tkafka.fish'],
    ] as const) {
      const r = await runCli(['completion', shell]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'completions', file), 'utf8'));
    }
    const bad = await runCli(['completion', 'powershell']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/powershell/);
  });
});
