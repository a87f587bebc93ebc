import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BrokerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly bootstrap: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
}

/** Starts a broker in a child process (so it can be killed with SIGKILL) and waits for READY. */
export function spawnBroker(dataDir: string, port = 0): Promise<BrokerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/fixtures/run-broker.ts'), dataDir, String(port)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let out = '';
    let err = '';
    // Starting takes seconds on a busy machine; past this it is stuck, and its stderr says why.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`broker not READY after 30 s: ${err}`));
    }, 30_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        const p = Number(m[1]);
        resolve({ child, port: p, bootstrap: `127.0.0.1:${p}`, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`broker exited (${code}) before READY: ${err}`));
    });
  });
}
