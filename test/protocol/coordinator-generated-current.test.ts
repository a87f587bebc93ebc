// The committed src/protocol/coordinator must be exactly what scripts/gen-coordinator.ts makes from
// Kafka's coordinator record specs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCoordinator } from '../../scripts/gen-coordinator.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const specsDir = process.env['TKAFKA_COORDINATOR_SPECS_DIR'] ?? resolve(repoRoot, '../shared/kafka-protocol/coordinator');
const committedDir = join(repoRoot, 'src/protocol/coordinator');

describe('generated coordinator record codecs', () => {
  it.skipIf(!existsSync(specsDir))(`match a fresh run of the generator (skipped when ${specsDir} is absent)`, () => {
    const fresh = generateCoordinator(specsDir);
    expect([...fresh.keys()].sort()).toEqual(readdirSync(committedDir).sort());
    expect(fresh.size).toBe(18);
    const stale = [...fresh].filter(([f, text]) => readFileSync(join(committedDir, f), 'utf8') !== text).map(([f]) => f);
    expect(stale, 'run `npm run gen` and commit the result').toEqual([]);
  });
});
