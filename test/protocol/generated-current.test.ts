// The committed src/protocol/generated must be exactly what scripts/gen-protocol.ts makes from the
// specs: a hand edit or a generator change without re-running `npm run gen` fails here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const specsDir = process.env['TKAFKA_SPECS_DIR'] ?? resolve(repoRoot, '../shared/kafka-protocol/message');
const committedDir = join(repoRoot, 'src/protocol/generated');
const haveSpecs = existsSync(specsDir);

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

describe('generated protocol code', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tkafka-gen-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.skipIf(!haveSpecs)(`matches a fresh run of the generator (skipped when ${specsDir} is absent)`, () => {
    execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/gen-protocol.ts'), '--out', tmp], {
      cwd: repoRoot,
      env: { ...process.env, TKAFKA_SPECS_DIR: specsDir },
      stdio: 'pipe',
    });
    const fresh = listFiles(tmp);
    expect(fresh.length).toBeGreaterThan(186);
    expect(listFiles(committedDir)).toEqual(fresh);
    const stale = fresh.filter((f) => !readFileSync(join(tmp, f)).equals(readFileSync(join(committedDir, f))));
    expect(stale, 'run `npm run gen` and commit the result').toEqual([]);
  });
});
