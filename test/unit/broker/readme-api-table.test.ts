import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handlers } from '../../../src/broker/handlers/index.js';

// The README's API table is what users read to know whether their client works: it must list exactly
// the APIs and version ranges the broker advertises (and serves) in ApiVersions.
describe("README's API table", () => {
  it('lists exactly the advertised APIs and version ranges', () => {
    const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('| API | versions |'));
    const table = section.slice(0, section.indexOf('\n\n'));
    const documented = new Map<string, string>();
    for (const row of table.split('\n').slice(2)) {
      const cells = row.split('|').map((c) => c.trim()).filter((c) => c !== '');
      for (let i = 0; i + 1 < cells.length; i += 2) documented.set(cells[i] as string, cells[i + 1] as string);
    }
    const advertised = new Map(handlers.map((h) => [h.name, h.minVersion === h.maxVersion ? String(h.minVersion) : `${h.minVersion}–${h.maxVersion}`]));
    expect(Object.fromEntries([...documented].sort())).toEqual(Object.fromEntries([...advertised].sort()));
  });
});
