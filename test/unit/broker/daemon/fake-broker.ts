import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/**
 * A stand-in for `tkafka broker start --foreground`, small enough to start in ~40ms: it behaves the
 * way the daemon layer expects a broker process to (pidfile, port, SIGTERM) or misbehaves on request.
 * Run as `node -e FAKE_BROKER_JS broker start <dataDir> <port> <mode>` so its command line looks like a
 * broker's. Modes: ok, ignore-term (needs SIGKILL), fail (our error line, exit 2), crash (exit 3),
 * hang (never becomes ready).
 */
export const FAKE_BROKER_JS = String.raw`
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const [dataDir, portArg, mode] = process.argv.slice(3);
const pidFile = path.join(dataDir, 'broker.pid');
const log = (s) => process.stderr.write(s + '\n');
log('fake broker starting in mode ' + mode);
if (mode === 'fail') { log('tkafka: invalid broker config: unknown broker config \'nope\''); log('Check the key.'); process.exit(2); }
if (mode === 'crash') { for (let i = 1; i <= 12; i++) log('boot line ' + i); process.exit(3); }
if (mode === 'ignore-term') process.on('SIGTERM', () => log('ignoring SIGTERM'));
const server = net.createServer((s) => s.end());
server.listen({ host: '127.0.0.1', port: Number(portArg) }, () => {
  const port = server.address().port;
  if (mode !== 'hang') {
    fs.writeFileSync(pidFile, JSON.stringify({ pid: process.pid, host: '127.0.0.1', port, advertisedHost: 'localhost', startedAt: new Date().toISOString(), state: 'running' }));
  }
  log('listening on ' + port);
  process.stdout.write('READY ' + port + '\n');
});
if (mode !== 'ignore-term') {
  process.on('SIGTERM', () => {
    log('stopping');
    server.close(() => { fs.rmSync(pidFile, { force: true }); process.exit(0); });
  });
}
`;

export function fakeBrokerArgs(dataDir: string, port: number, mode: string): string[] {
  return ['-e', FAKE_BROKER_JS, 'broker', 'start', dataDir, String(port), mode];
}

/** Spawns the fake as a (non-detached) child and resolves once it listens. */
export function spawnFakeBroker(dataDir: string, mode: 'ok' | 'ignore-term' = 'ok'): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolveSpawn, rejectSpawn) => {
    const child = spawn(process.execPath, fakeBrokerArgs(dataDir, 0, mode), { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /READY (\d+)/.exec(out);
      if (m !== null) resolveSpawn({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => rejectSpawn(new Error(`fake broker exited with ${code}`)));
  });
}
