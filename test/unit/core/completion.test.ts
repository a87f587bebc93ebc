import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryIO } from '../../../src/cli/output/io.js';
import { createProgram } from '../../../src/cli/program.js';
import { cacheDir, cacheFile, readCache, withDeadline, writeCache } from '../../../src/core/completion/cache.js';
import { allCommands, completionModel } from '../../../src/core/completion/model.js';
import { COMPLETION_FILES, SHELLS, completionScript } from '../../../src/core/completion/scripts.js';
import { ROOT } from '../../helpers/cli.js';

const model = completionModel(createProgram(memoryIO()));

describe('committed completion scripts', () => {
  for (const shell of SHELLS) {
    it(`completions/${COMPLETION_FILES[shell]} matches the command tree`, () => {
      const file = path.join(ROOT, 'completions', COMPLETION_FILES[shell]);
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const current = completionScript(shell, model);
      // Commands and options change; the scripts must follow.
      expect(committed === current, `completions/${COMPLETION_FILES[shell]} is out of date: run 'npx tsx scripts/gen-completions.ts' (npm run gen:completions) and commit completions/`).toBe(true);
    });
  }
});

describe('completion model', () => {
  const byPath = new Map(allCommands(model).map((c) => [c.path.join(' '), c]));
  const cg = byPath.get('consumer-groups');
  const opt = (long: string) => cg?.options.find((o) => o.long === long);

  it('walks every visible command and leaves hidden ones out', () => {
    expect([...byPath.keys()]).toEqual(expect.arrayContaining(['', 'broker', 'broker start', 'topics', 'consumer-groups', 'completion']));
    expect(byPath.has('__complete')).toBe(false);
    expect(byPath.get('topics')?.options.some((o) => o.long === '--zookeeper')).toBe(false);
    expect(byPath.get('completion')?.argumentValues).toEqual(['bash', 'zsh', 'fish']);
  });

  it('carries option values: commander choices, tags, and guesses by name', () => {
    expect(opt('--output')).toMatchObject({ short: '-o', takesValue: true, values: { values: ['text', 'json'] } });
    expect(opt('--group')?.values).toBe('groups');
    expect(opt('--topic')?.values).toBe('topics');
    expect(opt('--from-file')?.values).toBe('files');
    expect(opt('--state')).toMatchObject({ optionalValue: true, values: { values: expect.arrayContaining(['Stable', 'Empty']) as unknown } });
    expect(opt('--execute')).toMatchObject({ takesValue: false, values: null });
    expect(byPath.get('topics')?.options.find((o) => o.long === '--topic')?.values).toBe('topics');
  });

  it('quotes descriptions for each shell', () => {
    const tricky = { ...model, subcommands: [], options: [{ long: '--x', short: null, takesValue: false, optionalValue: false, description: "it's [a]: b", values: null }] };
    expect(completionScript('zsh', tricky)).toContain(`'--x[it'\\''s \\[a\\]\\: b]'`);
    expect(completionScript('fish', tricky)).toContain(`-l x -d 'it\\'s [a]: b'`);
  });
});

describe('completion cache', () => {
  it('lives under $XDG_CACHE_HOME/tkafka, else ~/.cache/tkafka', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/tkafka');
    expect(cacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/tkafka');
    expect(cacheFile('/d', 'topics', 'a:1')).not.toBe(cacheFile('/d', 'topics', 'b:1'));
  });

  it('answers while fresh (30 s) and not after', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-cache-'));
    const file = cacheFile(dir, 'groups', 'h:1');
    expect(readCache(file, 1000)).toBeNull();
    writeCache(file, 'h:1', ['a', 'b'], 1000);
    expect(readCache(file, 1000 + 29_999)).toEqual(['a', 'b']);
    expect(readCache(file, 1000 + 30_001)).toBeNull();
    expect(readCache(file, 999)).toBeNull();
    fs.writeFileSync(file, 'not json');
    expect(readCache(file, 1000)).toBeNull();
  });

  it('gives up at the deadline, not before, and cancels the work', async () => {
    vi.useFakeTimers();
    try {
      let cancelled = false;
      let settled: string[] | null | undefined;
      void withDeadline(() => new Promise<string[]>(() => undefined), 50, () => (cancelled = true)).then((r) => (settled = r));
      await vi.advanceTimersByTimeAsync(49);
      expect({ settled, cancelled }).toEqual({ settled: undefined, cancelled: false });
      await vi.advanceTimersByTimeAsync(1);
      expect({ settled, cancelled }).toEqual({ settled: null, cancelled: true });
    } finally {
      vi.useRealTimers();
    }
    expect(await withDeadline(() => Promise.resolve(['t']), 50, () => undefined)).toEqual(['t']);
    expect(await withDeadline(() => Promise.reject(new Error('x')), 50, () => undefined)).toBeNull();
  });
});
