import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canConnect } from '../../src/broker/daemon/net.js';
import { isProcessAlive } from '../../src/broker/daemon/process.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const root = mkdtempSync(join(tmpdir(), 'tkafka-e2e-daemon-'));
const dataDirs: string[] = [];
function newDataDir(name: string): string {
  const d = join(root, name, 'data');
  dataDirs.push(d);
  return d;
}

function pidFileOf(dir: string): Record<string, unknown> | undefined {
  const p = join(dir, 'broker.pid');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>) : undefined;
}

afterAll(async () => {
  // Never leave a daemon behind, whatever failed above.
  for (const d of dataDirs) {
    const pid = pidFileOf(d)?.['pid'];
    if (typeof pid === 'number' && (await isProcessAlive(pid))) process.kill(pid, 'SIGKILL');
  }
  rmSync(root, { recursive: true, force: true });
});

describe('tkafka broker (background daemon)', () => {
  // One daemon's life, each step needing the one before (a started broker, then a stopped one): one
  // test, so that it runs whole when run alone or shuffled.
  it('start, refusals, status, logs, stop, status after stop, stop again', async () => {
    const dir = newDataDir('main');
    const port = await freePort();
    let pid = 0;

    // start prints the bootstrap address, pid and data dir, and the broker accepts connections
    {
      const r = await runCli(['broker', 'start', '--port', String(port), '--data-dir', dir]);
      expect(r.exitCode).toBe(0);
      const m = /^Broker started on 127\.0\.0\.1:(\d+)\n {2}pid: {6}(\d+)\n {2}data dir: (.+)\n {2}log file: (.+)\n$/.exec(r.stdout);
      expect(m, r.stdout + r.stderr).not.toBeNull();
      expect(Number(m?.[1])).toBe(port);
      pid = Number(m?.[2]);
      expect(m?.[3]).toBe(dir);
      expect(m?.[4]).toBe(join(dir, 'broker.log'));
      expect(r.stderr).toBe(`Connect with --bootstrap-server 127.0.0.1:${port}; stop with 'tkafka broker stop --data-dir ${dir}'.\n`);

      expect(await isProcessAlive(pid)).toBe(true);
      expect(await canConnect('127.0.0.1', port)).toBe(true);
      // The broker's node starts with BROKER_NODE_FLAGS, before the script: V8 reads them at start-up only.
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(argv.slice(1, 3)).toEqual(['--initial-old-space-size=64', join(process.cwd(), 'bin', 'tkafka.js')]);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(pidFileOf(dir)).toMatchObject({ pid, host: '127.0.0.1', port, advertisedHost: '127.0.0.1', state: 'running' });
    }

    // a second start on the same data dir refuses with one line (exit 1)
    {
      const r = await runCli(['broker', 'start', '--port', String(await freePort()), '--data-dir', dir]);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `tkafka: a broker is already running on data dir ${dir} (pid ${pid}, 127.0.0.1:${port})\n` +
          `Stop it with 'tkafka broker stop --data-dir ${dir}', or use another --data-dir.\n`,
      );
    }

    // a start on a taken port refuses with one line (exit 1) and leaves no broker behind
    {
      const other = newDataDir('other');
      const r = await runCli(['broker', 'start', '--port', String(port), '--data-dir', other]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(`tkafka: port ${port} on 127.0.0.1 is already in use\nChoose another with --port, or stop what is listening there.\n`);
      expect(pidFileOf(other)).toBeUndefined();
    }

    // status (text) while running
    {
      const r = await runCli(['broker', 'status', '--data-dir', dir]);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe('');
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('Broker is running');
      expect(lines.slice(1).map((l) => l.replace(/:\s+/, ': ').trim())).toEqual([
        `address: 127.0.0.1:${port}`,
        `pid: ${pid}`,
        expect.stringMatching(/^uptime: \d+s$/),
        `data dir: ${dir}`,
        `log file: ${join(dir, 'broker.log')}`,
        'topics: 0',
        'partitions: 0',
        'disk usage: 0 B',
        'metrics: off (broker start --config metrics.port=9644 shows rates and lag here)',
      ]);
    }

    // status --json while running has exactly the documented fields
    {
      const r = await runCli(['broker', 'status', '--data-dir', dir, '--json']);
      expect(r.exitCode).toBe(0);
      const s = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(s)).toEqual(['running', 'state', 'pid', 'host', 'port', 'advertisedHost', 'bootstrapServer', 'startedAt', 'uptimeMs', 'listeners', 'dataDir', 'logFile', 'topics', 'partitions', 'bytesOnDisk', 'metrics', 'metricsError']);
      expect(s).toMatchObject({ running: true, state: 'running', pid, host: '127.0.0.1', port, advertisedHost: '127.0.0.1', bootstrapServer: `127.0.0.1:${port}`, dataDir: dir, logFile: join(dir, 'broker.log'), topics: 0, partitions: 0, bytesOnDisk: 0 });
      expect(Date.parse(s['startedAt'] as string)).toBeLessThanOrEqual(Date.now());
      expect(s['uptimeMs']).toBeGreaterThanOrEqual(0);
      expect((await runCli(['broker', 'status', '--data-dir', dir, '-o', 'json'])).stdout).toMatch(/^\{\n {2}"running": true,/);
    }

    // logs prints the log; -n limits it; -f follows until Ctrl-C (exit 130)
    {
      const all = await runCli(['broker', 'logs', '--data-dir', dir]);
      expect(all.exitCode).toBe(0);
      expect(all.stdout).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] INFO .*listening on 127\.0\.0\.1:\d+/m);
      // The HTTP worker (Schema Registry, metrics) starts under the daemon's node flags too.
      expect(all.stdout).not.toMatch(/execArgv/);
      const lines = all.stdout.trimEnd().split('\n');
      expect((await runCli(['broker', 'logs', '--data-dir', dir, '-n', '1'])).stdout).toBe(`${lines.at(-1) ?? ''}\n`);

      let child: ChildProcess | undefined;
      let seen = '';
      const following = runCli(['broker', 'logs', '--data-dir', dir, '-f', '-n', '0'], {
        onSpawn: (c) => {
          child = c;
          c.stdout?.on('data', (d: Buffer) => (seen += d.toString()));
        },
      });
    // Keep appending until one shows up: lines written before the follower opened the log are
    // (correctly) skipped by -n 0, and a loaded machine can take a while to start node.
      let n = 0;
      await waitFor('the followed line', () => {
        writeFileSync(join(dir, 'broker.log'), `appended by the test ${n++}\n`, { flag: 'a' });
        return seen.includes('appended by the test');
      });
      child?.kill('SIGINT');
      const f = await following;
      expect(f.exitCode).toBe(130);
      expect(f.stderr).toBe('');
      expect(f.stdout).toMatch(/^(appended by the test \d+\n)+$/);
    }

    // stop is graceful: SIGTERM, the broker closes and removes its pidfile
    {
      const r = await runCli(['broker', 'stop', '--data-dir', dir]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^Broker stopped \\(pid ${pid}, \\d+\\.\\ds\\)\\n$`));
      expect(await isProcessAlive(pid)).toBe(false);
      expect(await canConnect('127.0.0.1', port, 300)).toBe(false);
      expect(pidFileOf(dir)).toBeUndefined();
      expect(readFileSync(join(dir, 'broker.log'), 'utf8')).toContain('INFO tkafka broker shutting down (SIGTERM)');
    }

    // status after stop: not running, exit 1, same JSON fields with nulls
    {
      const text = await runCli(['broker', 'status', '--data-dir', dir]);
      expect(text.exitCode).toBe(1);
      expect(text.stdout.split('\n')[0]).toBe('Broker is not running');
      const json = await runCli(['broker', 'status', '--data-dir', dir, '--json']);
      expect(json.exitCode).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({
        running: false,
        state: 'stopped',
        pid: null,
        host: null,
        port: null,
        advertisedHost: null,
        bootstrapServer: null,
        startedAt: null,
        uptimeMs: null,
        listeners: [],
        dataDir: dir,
        logFile: join(dir, 'broker.log'),
        topics: 0,
        partitions: 0,
        bytesOnDisk: 0,
        metrics: null,
        metricsError: null,
      });
    }

    // stop with nothing running: one line, exit 1
    {
      const r = await runCli(['broker', 'stop', '--data-dir', dir]);
      expect(r).toMatchObject({ exitCode: 1, stdout: '', stderr: `tkafka: no broker to stop: none is running on data dir ${dir}\n` });
    }
  });
});

describe('tkafka broker status (offline data dir scan)', () => {
  it('counts topics, partitions and bytes from the partition directories', async () => {
    const dir = newDataDir('scan');
    for (const [rel, bytes] of [['orders-0/00000000000000000000.log', 1000], ['orders-1/00000000000000000000.log', 24], ['audit-0/00000000000000000000.log', 2048]] as const) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), Buffer.alloc(bytes));
    }
    const r = await runCli(['broker', 'status', '--data-dir', dir, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ running: false, topics: 2, partitions: 3, bytesOnDisk: 3072 });
    expect((await runCli(['broker', 'status', '--data-dir', dir])).stdout).toContain('  disk usage: 3.0 KiB (3072 bytes)\n');
  });
});

describe('tkafka broker start: config errors', () => {
  it('--config-file with an unknown key fails with one line (exit 2) and starts nothing', async () => {
    const dir = newDataDir('badconfig');
    const file = join(root, 'server.properties');
    writeFileSync(file, 'num.partitions=3\nlog.retention.hourz=1\n');
    const r = await runCli(['broker', 'start', '--port', String(await freePort()), '--data-dir', dir, '--config-file', file]);
    expect(r).toMatchObject({ exitCode: 2, stdout: '', stderr: "tkafka: invalid broker config: unknown broker config 'log.retention.hourz'\n" });
    expect(pidFileOf(dir)).toBeUndefined();
  });

  it('an invalid --config value is rejected the same way', async () => {
    const r = await runCli(['broker', 'start', '--data-dir', newDataDir('badvalue'), '--config', 'num.partitions=zero']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("tkafka: invalid broker config: num.partitions must be an integer, got 'zero'\n");
  });
});

describe('tkafka broker start --foreground', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`runs in-process, logs to stderr, and stops cleanly on ${signal} (exit 0)`, async () => {
      const dir = newDataDir(`fg-${signal}`);
      const port = await freePort();
      let child: ChildProcess | undefined;
      const run = runCli(['broker', 'start', '--foreground', '--port', String(port), '--data-dir', dir], { onSpawn: (c) => (child = c) });
      await waitFor('the foreground broker to be ready', () => pidFileOf(dir)?.['state'] === 'running');
      expect(pidFileOf(dir)?.['pid']).toBe(child?.pid);
      expect(await canConnect('127.0.0.1', port)).toBe(true);
      expect((await runCli(['broker', 'status', '--data-dir', dir])).exitCode).toBe(0);
      child?.kill(signal);
      const r = await run;
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/INFO .*listening on 127\.0\.0\.1:\d+/);
      expect(r.stderr).toContain(`INFO tkafka broker shutting down (${signal})`);
      expect(pidFileOf(dir)).toBeUndefined();
      expect(existsSync(join(dir, 'broker.log'))).toBe(false);
    });
  }
});
