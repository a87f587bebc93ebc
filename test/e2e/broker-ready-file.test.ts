// `tkafka broker start --foreground --ephemeral --port 0 --ready-file F --json`: how a test suite in
// any language starts the broker as a subprocess and learns its address.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/tkafka.js');

describe('broker start --ready-file', () => {
  it('writes the ready line to the file and stdout once the broker accepts connections, and removes the file and the ephemeral dir on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-ready-'));
    const readyFile = path.join(dir, 'ready.json');
    const child = spawn(process.execPath, [bin, 'broker', 'start', '--foreground', '--ephemeral', '--port', '0', '--ready-file', readyFile, '--json', '--config', 'fault.injection.port=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    try {
      await waitFor('the ready file', () => fs.existsSync(readyFile), 30_000);
      const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as { event: string; bootstrap: string; port: number; pid: number; dataDir: string; listeners: { name: string }[]; faults: string | null };
      expect(ready.event).toBe('ready');
      expect(ready.port).toBeGreaterThan(0);
      expect(ready.bootstrap).toBe(`127.0.0.1:${ready.port}`);
      expect(ready.pid).toBe(child.pid);
      expect(ready.listeners.map((l) => l.name)).toEqual(['PLAINTEXT']);
      expect(ready.faults).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/faults$/);
      expect(fs.statSync(ready.dataDir).mode & 0o777).toBe(0o700);
      await waitFor('the ready line on stdout', () => out.endsWith('\n'), 10_000);
      expect(JSON.parse(out)).toEqual(ready);
      await new Promise<void>((resolve, reject) => net.connect(ready.port, '127.0.0.1', resolve).on('error', reject).unref());
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(fs.existsSync(readyFile)).toBe(false);
      expect(fs.existsSync(ready.dataDir)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --ready-file without --foreground, --ephemeral with --data-dir, and a ready file in a missing directory', async () => {
    const a = await runCli(['broker', 'start', '--ready-file', '/tmp/x.json']);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('--ready-file needs --foreground');
    const b = await runCli(['broker', 'start', '--foreground', '--ephemeral', '--data-dir', '/tmp/d']);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('--ephemeral and --data-dir cannot be used together');
    const c = await runCli(['broker', 'start', '--foreground', '--ephemeral', '--ready-file', '/nonexistent-dir/r.json']);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toContain('--ready-file: directory /nonexistent-dir does not exist');
  });
});
