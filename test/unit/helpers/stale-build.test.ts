import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleBuild } from '../../helpers/cli.js';

// The e2e tests run dist/; this is the check that stops them from testing an old build.
let root: string;
let src: string;
let dist: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-stale-'));
  src = path.join(root, 'src');
  dist = path.join(root, 'dist');
  fs.mkdirSync(path.join(src, 'cli'), { recursive: true });
  fs.mkdirSync(path.join(dist, 'cli'), { recursive: true });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const write = (file: string, mtimeSec: number): void => {
  fs.writeFileSync(file, '');
  fs.utimesSync(file, mtimeSec, mtimeSec);
};

describe('staleBuild', () => {
  it('accepts a build written after every source; ignores .d.ts sources', () => {
    write(path.join(src, 'cli/main.ts'), 1000);
    write(path.join(src, 'cli/env.d.ts'), 3000);
    write(path.join(dist, 'cli/main.js'), 2000);
    expect(staleBuild(src, dist)).toBeNull();
  });

  it('names a source edited after its build and a source never built', () => {
    write(path.join(src, 'cli/main.ts'), 3000);
    write(path.join(src, 'new.ts'), 1000);
    write(path.join(dist, 'cli/main.js'), 2000);
    expect(staleBuild(src, dist)).toBe(
      `dist/ is older than src/ (${path.join('cli', 'main.ts')} is newer than its build; new.js is missing): run 'npm run build' before the e2e tests`,
    );
  });
});
