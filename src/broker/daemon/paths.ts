import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** `$TKAFKA_DATA_DIR`, else `~/.tkafka/data`. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env['TKAFKA_DATA_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolveDataDir(fromEnv, env);
  return join(homeOf(env), '.tkafka', 'data');
}

/** Absolute path for a user-given data dir; a leading `~` is expanded since quoted values skip the shell. */
export function resolveDataDir(input: string, env: Readonly<Record<string, string | undefined>>): string {
  if (input === '~') return homeOf(env);
  if (input.startsWith('~/')) return join(homeOf(env), input.slice(2));
  return isAbsolute(input) ? resolve(input) : resolve(process.cwd(), input);
}

function homeOf(env: Readonly<Record<string, string | undefined>>): string {
  const home = env['HOME'];
  return home !== undefined && home !== '' ? home : homedir();
}

export interface DaemonFiles {
  readonly dataDir: string;
  /** JSON `{pid, host, port, advertisedHost, startedAt, state}` written by the running broker. */
  readonly pidFile: string;
  /** stdout+stderr of a detached broker, appended across runs. */
  readonly logFile: string;
}

export function daemonFiles(dataDir: string): DaemonFiles {
  return { dataDir, pidFile: join(dataDir, 'broker.pid'), logFile: join(dataDir, 'broker.log') };
}

/**
 * Creates the data dir (and parents) readable by the owner only: it holds every message written to
 * the broker. An existing dir keeps the mode its owner gave it.
 */
export async function ensureDataDir(dataDir: string): Promise<void> {
  const created = await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask; chmod makes 0700 exact for the dir we created.
  if (created !== undefined) await chmod(dataDir, 0o700);
}
