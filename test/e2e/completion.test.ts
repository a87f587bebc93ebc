import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { assertFreshBuild, BIN, ROOT, runCli } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The committed completion scripts, loaded in real shells, completing a topic name that only the
// broker knows; and `tkafka __complete` keeping its time limit and cache.

let b: TestBroker;
let binDir: string;
let cacheHome: string;
let tmp: string;

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
  assertFreshBuild(); // the shells run BIN directly
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
  b.running.broker.topics.create('payments', 1, {});
  b.running.broker.topics.create('pageviews', 1, {});
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-completion-'));
  binDir = path.join(tmp, 'bin');
  cacheHome = path.join(tmp, 'cache');
  fs.mkdirSync(binDir);
  fs.mkdirSync(cacheHome);
  fs.symlinkSync(BIN, path.join(binDir, 'tkafka'));
});

afterAll(async () => {
  await b?.dispose();
  if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
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
    // Keys typed before the shell is ready are lost: wait for its prompt, then for the completed
    // line, each with a deadline (the failure prints what the terminal showed).
    const script = `
      zmodload zsh/zpty
      setopt extendedglob
      out=""
      await() {
        local deadline=$(( SECONDS + 20 )) chunk
        while [[ "\${out//$'\\e'\\[[0-9;?]#[a-zA-Z]/}" != *"$1"* ]]; do
          if (( SECONDS > deadline )); then print -r -- "timed out waiting for '$1' in: $out"; return 1; fi
          if zpty -r -t z chunk; then out+=$chunk; else sleep 0.05; fi
        done
      }
      zpty -b z 'zsh -f -i'
      zpty -w z "PS1='READY%% '; fpath=(${path.join(ROOT, 'completions')} \\$fpath); autoload -U compinit; compinit -u -D"
      await 'READY% ' || exit 1
      out=""
      zpty -w -n z $'tkafka topics --bootstrap-server ${b.bootstrap} --describe --topic pay\\t'
      await '--describe --topic payments' || exit 1
      zpty -d z
      print -r -- ok
    `;
    const r = await sh('zsh', ['-f', '-c', script]);
    expect(r.stdout).toBe('ok\n');
  });
});

describe('tkafka __complete', () => {
  // Each test has its own cache directory, so none answers from another's cache.
  const freshCache = (): string => fs.mkdtempSync(path.join(cacheHome, 'xdg-'));

  it('prints the broker\'s topic names and writes them to the cache', async () => {
    const xdg = freshCache();
    const topics = await runCli(['__complete', 'topics', '--bootstrap-server', b.bootstrap], { env: { XDG_CACHE_HOME: xdg } });
    expect(topics).toMatchObject({ exitCode: 0, stdout: 'pageviews\npayments\n', stderr: '' });
    const files = fs.readdirSync(path.join(xdg, 'tkafka'));
    expect(files).toEqual([expect.stringMatching(/^complete-topics-[0-9a-f]{16}\.json$/)]);
    expect(JSON.parse(fs.readFileSync(path.join(xdg, 'tkafka', files[0] ?? ''), 'utf8'))).toMatchObject({ bootstrap: b.bootstrap, names: ['pageviews', 'payments'] });
  });

  it('prints nothing and exits 0 when the broker accepts but never answers', async () => {
    // Only the completion's own deadline can end this wait (how long it takes is bench/cli-startup.ts's business).
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['__complete', 'groups', '--bootstrap-server', `127.0.0.1:${port}`], { env: { XDG_CACHE_HOME: freshCache() } });
      expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    } finally {
      silent.close();
    }
  });

  it('answers from the cache while fresh, once the broker is gone; another cache has nothing', async () => {
    const xdg = freshCache();
    const gone = await startTestBroker();
    gone.running.broker.topics.create('only-in-cache', 1, {});
    const addr = gone.bootstrap;
    const first = await runCli(['__complete', 'topics', '--bootstrap-server', addr], { env: { XDG_CACHE_HOME: xdg } });
    expect(first).toMatchObject({ exitCode: 0, stdout: 'only-in-cache\n', stderr: '' });
    await gone.dispose();
    const cached = await runCli(['__complete', 'topics', '--bootstrap-server', addr], { env: { XDG_CACHE_HOME: xdg } });
    expect(cached).toMatchObject({ exitCode: 0, stdout: 'only-in-cache\n', stderr: '' });
    const uncached = await runCli(['__complete', 'topics', '--bootstrap-server', addr], { env: { XDG_CACHE_HOME: freshCache() } });
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
