// Starts the fuzzer's broker (run-broker.ts) in a child process and keeps its log.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface FuzzBroker {
  readonly pid: number;
  /** Listener name → port (PLAINTEXT always). */
  readonly listeners: Readonly<Record<string, number>>;
  readonly port: number;
  /** Everything the broker wrote to stderr so far. */
  readonly log: () => string;
  /** True while the process runs. */
  readonly alive: () => boolean;
  /** Exit code or signal once it exited. */
  readonly exit: () => string | null;
  /** SIGTERM and wait for the exit; SIGKILL after `graceMs`. */
  readonly stop: (graceMs?: number) => Promise<string>;
}

/** The fuzzer's SASL listener: PLAIN with one user. */
export const SASL_USER = { user: 'fuzz', password: 'fuzz-secret' } as const;
export const SASL_CONFIG: Readonly<Record<string, string>> = {
  listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
  'sasl.enabled.mechanisms': 'PLAIN',
  'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${SASL_USER.user}="${SASL_USER.password}";`,
};

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function spawnFuzzBroker(dataDir: string, config: Record<string, string> = {}): Promise<FuzzBroker> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/fuzz/run-broker.ts'), dataDir, JSON.stringify(config)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  let stdout = '';
  let exit: string | null = null;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      exit = signal !== null ? `signal ${signal}` : `exit code ${String(code)}`;
      resolve(exit);
    }),
  );
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fuzz broker not READY after 60 s:\n${stderr}`));
    }, 60_000);
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`fuzz broker exited (${e}) before READY:\n${stderr}`));
    });
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const m = /READY (\{.*\})\n/.exec(stdout);
      if (m === null) return;
      clearTimeout(timer);
      const listeners = JSON.parse(m[1] as string) as Record<string, number>;
      const pid = child.pid as number;
      resolve({
        pid,
        listeners,
        port: listeners['PLAINTEXT'] ?? (Object.values(listeners)[0] as number),
        log: () => stderr,
        alive: () => exit === null,
        exit: () => exit,
        stop: async (graceMs = 15_000) => {
          if (exit !== null) return exit;
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const e = await exited;
          clearTimeout(t);
          return e;
        },
      });
    });
  });
}
