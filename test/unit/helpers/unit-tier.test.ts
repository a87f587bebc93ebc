import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

// Unit tests run without sockets to a real broker; anything that starts one is an integration test.
const BROKER_STARTERS = /\bstartTestBroker\(|\bstartBroker\(|\bspawnBroker\(|test\/fixtures\/run-broker/;

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the unit tier', () => {
  it('starts no broker (those tests live in test/integration)', () => {
    const starting = testFiles(path.join(ROOT, 'test/unit'))
      .filter((f) => BROKER_STARTERS.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    expect(starting).toEqual([]);
  });
});
