// scripts/protocol-overlay.ts: the generator adds the versions it declares beyond ../shared's specs,
// and steps aside for a spec that already reaches them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../scripts/gen-protocol.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const specsDir = process.env['TKAFKA_SPECS_DIR'] ?? resolve(repoRoot, '../shared/kafka-protocol/message');
const names = ['ListTransactionsRequest.json', 'ListTransactionsResponse.json'];
const haveSpecs = names.every((n) => existsSync(join(specsDir, n)));

describe('protocol overlay', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tkafka-overlay-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const specs = (edit: (name: string, spec: Record<string, unknown>) => Record<string, unknown>): string => {
    const dir = mkdtempSync(join(tmp, 'specs-'));
    for (const n of names) {
      const spec = JSON.parse(readFileSync(join(specsDir, n), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
      writeFileSync(join(dir, n), JSON.stringify(edit(n, spec)));
    }
    return dir;
  };

  it.skipIf(!haveSpecs)('adds ListTransactions v2 with its pattern field to v0-1 specs', () => {
    const out = generate(specs((_, s) => ({ ...s, validVersions: '0-1', fields: (s['fields'] as Array<Record<string, unknown>>).filter((f) => f['name'] !== 'TransactionalIdPattern') })));
    const req = out.get('messages/list-transactions-request.ts') ?? '';
    expect(req).toContain('versions 0-2, flexible 0+');
    expect(req).toContain('transactionalIdPattern: string | null; // v2, nullable v2');
    expect(req).toContain('w.compactNullableString(m.transactionalIdPattern);');
    expect(out.get('api-keys.ts')).toContain("{ apiKey: 66, name: 'ListTransactions', minVersion: 0, maxVersion: 2,");
  });

  it.skipIf(!haveSpecs)('leaves a spec that already reaches the version as it is', () => {
    const v3 = { name: 'LaterField', type: 'int32', versions: '3+', default: '0' };
    const out = generate(
      specs((n, s) => {
        const fields = (s['fields'] as Array<Record<string, unknown>>).filter((f) => f['name'] !== 'TransactionalIdPattern');
        if (n.includes('Request')) fields.push({ name: 'TransactionalIdPattern', type: 'string', versions: '2+', nullableVersions: '2+', default: 'null' }, v3);
        return { ...s, validVersions: '0-3', fields };
      }),
    );
    const req = out.get('messages/list-transactions-request.ts') ?? '';
    expect(req).toContain('versions 0-3, flexible 0+');
    expect(req.match(/transactionalIdPattern: string \| null;/g)).toHaveLength(1);
    expect(req).toContain('laterField: number; // v3');
  });
});
