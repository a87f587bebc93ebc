// `tkafka broker status` of a background broker started with metrics.port: the headline numbers (rates
// over the interval between two scrapes of its /metrics, connections, the group with the most lag),
// in text and JSON, after a known load.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/broker/daemon/process.js';
import { runCli } from '../helpers/cli.js';
import { kcat } from '../helpers/kcat.js';
import { freePort } from '../helpers/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'tkafka-e2e-status-metrics-'));

afterAll(async () => {
  const pidFile = join(dir, 'broker.pid');
  if (existsSync(pidFile)) {
    const pid = (JSON.parse(readFileSync(pidFile, 'utf8')) as { pid?: number }).pid;
    if (typeof pid === 'number' && (await isProcessAlive(pid))) process.kill(pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('tkafka broker status with metrics.port', () => {
  it('shows rates, connections and the worst group lag read from /metrics', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const started = await runCli(['broker', 'start', '--port', String(port), '--data-dir', dir, '--config', `metrics.port=${metricsPort}`]);
    expect(started.exitCode, started.stderr).toBe(0);
    const bootstrap = `127.0.0.1:${port}`;
    try {
      const produced = await kcat(['-P', '-b', bootstrap, '-t', 't', '-p', '0'], Array.from({ length: 1000 }, (_, i) => `r${i}`).join('\n') + '\n');
      expect(produced.exitCode, produced.stderr).toBe(0);
      const consumed = await runCli(['console-consumer', '--bootstrap-server', bootstrap, '--topic', 't', '--group', 'g', '--from-beginning', '--max-messages', '600']);
      expect(consumed.exitCode, consumed.stderr).toBe(0);

      const json = await runCli(['broker', 'status', '--data-dir', dir, '--json']);
      expect(json.exitCode, json.stderr).toBe(0);
      const s = JSON.parse(json.stdout) as { metrics: Record<string, unknown>; metricsError: unknown };
      expect(s.metricsError).toBeNull();
      // Nothing is produced while status samples, so both rates are exactly 0; the clients are gone.
      expect(s.metrics).toMatchObject({ url: `http://127.0.0.1:${metricsPort}/metrics`, messagesInPerSec: 0, bytesInPerSec: 0, connections: 0 });
      expect(s.metrics['worstGroup']).toMatchObject({ group: 'g', lag: 400 });
      expect((s.metrics['worstGroup'] as { lagSeconds: number }).lagSeconds).toBeGreaterThan(0);
      expect(s.metrics['intervalMs']).toBeGreaterThanOrEqual(1000);

      const text = await runCli(['broker', 'status', '--data-dir', dir]);
      expect(text.exitCode, text.stderr).toBe(0);
      const fields = text.stdout.trimEnd().split('\n').slice(1).map((l) => l.replace(/:\s+/, ': ').trim());
      expect(fields).toContain(`metrics: http://127.0.0.1:${metricsPort}/metrics`);
      expect(fields.find((f) => f.startsWith('messages in: '))).toMatch(/^messages in: 0\.0\/s \(over 1\.\ds\)$/);
      expect(fields.find((f) => f.startsWith('bytes in: '))).toMatch(/^bytes in: 0 B\/s \(over 1\.\ds\)$/);
      expect(fields).toContain('connections: 0');
      expect(fields.find((f) => f.startsWith('worst lag: '))).toMatch(/^worst lag: 400 records, group g \(\d+\.\ds behind\)$/);
    } finally {
      const stopped = await runCli(['broker', 'stop', '--data-dir', dir]);
      expect(stopped.exitCode, stopped.stderr).toBe(0);
    }
  });
});
