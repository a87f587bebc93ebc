// A venv per requirements file for the Python peers of the interop tier (kafka-python, Faust), created
// once per (requirements, Python version) under the reference cache, outside git.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './kafka-ref.js';
import { cachedBuild } from './peers.js';

export const PYTHON_PEERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../peers/python');

/** The interpreter that creates the venv: $TKAFKA_PYTHON, else python3 on the PATH (needs the venv module). */
function python(): string {
  const p = process.env['TKAFKA_PYTHON'];
  return p === undefined || p === '' ? 'python3' : p;
}

export function runSync(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${what} failed (${String(r.error ?? r.status)}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The python of a venv holding test/peers/python/<requirements>. */
export async function venvPython(requirements: string): Promise<string> {
  const file = path.join(PYTHON_PEERS, requirements);
  const version = runSync(python(), ['-c', 'import sys; print(sys.version)'], `${python()} --version`).trim();
  const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).update(version).digest('hex').slice(0, 12);
  // Built in place: a venv's scripts hard-code its path.
  const dir = await cachedBuild(
    path.join(cacheDir(), 'python-peers', hash),
    (out) => {
      runSync(python(), ['-m', 'venv', out], `${python()} -m venv (Debian needs python3-venv)`);
      runSync(path.join(out, 'bin', 'python'), ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', file], `pip install -r test/peers/python/${requirements}`);
    },
    { inPlace: true },
  );
  return path.join(dir, 'bin', 'python');
}
