// The layering ARCHITECTURE.md draws, checked on the real imports of src/: which top-level part may
// import which, where the client libraries may be used, no import cycle, one atomic-file writer.
// (What a part may do at runtime — process.exit, process, the TTY — is checked by eslint.config.js.)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))
    .sort();
}

interface Import {
  /** As written: './x.js', 'kafkajs', 'node:fs'. */
  spec: string;
  /** For a relative import, the file under src/ it names (e.g. 'core/topics/admin.ts'). */
  target: string | null;
}

// Static imports and re-exports (also multi-line ones) and dynamic import('...').
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT_RE)].map((m) => {
    const spec = (m[1] ?? m[2]) as string;
    const target = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'))) : null;
    return { spec, target };
  });
}

const FILES = sourceFiles(SRC).map((f) => path.relative(SRC, f));
const IMPORTS = new Map(FILES.map((f) => [f, importsOf(path.join(SRC, f))]));
const partOf = (file: string): string => file.split('/')[0] as string;
/** A folder (with its trailing slash) or a file, as a prefix of `file`. */
const under = (file: string, prefixes: readonly string[]): boolean => prefixes.some((p) => file.startsWith(p));

/** Each part of src/ and the parts it may import (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  shared: [],
  protocol: ['shared'],
  schema: ['shared'],
  client: ['protocol', 'shared'],
  broker: ['protocol', 'schema', 'shared'],
  core: ['client', 'protocol', 'schema', 'shared'],
  cli: ['broker', 'core', 'client', 'protocol', 'schema', 'shared'],
  // The library API (tkafka's package entry, src/index.ts) around the broker, and its test helpers.
  embedded: ['broker', 'shared'],
  testing: ['embedded'],
  'index.ts': ['embedded'],
};

/** npm packages that only some folders may load. */
const PACKAGE_HOMES: Record<string, readonly string[]> = {
  // Every tool talks through our own client (TLS, SASL included); kafkajs is the tests' reference client only.
  kafkajs: [],
  chalk: ['cli/output/'],
  ora: ['cli/output/'],
  'cli-table3': ['cli/output/'],
  commander: ['cli/', 'core/completion/'],
  // The schema formats' libraries stay behind src/schema/'s interface (codecs cached per schema).
  avsc: ['schema/'],
  protobufjs: ['schema/'],
  ajv: ['schema/'],
  'ajv/dist/2019.js': ['schema/'],
  'ajv/dist/2020.js': ['schema/'],
};

describe('src/ imports', () => {
  it('finds the files and their imports', () => {
    // The scan itself must work, or every check below would pass on nothing.
    expect(FILES).toContain('cli/main.ts');
    expect(IMPORTS.get('cli/program.ts')?.map((i) => i.target)).toContain('cli/root.ts');
    expect(IMPORTS.get('cli/commands/topics/index.ts')?.map((i) => i.target)).toContain('cli/commands/topics/action.ts');
  });

  it('every part of src/ is one the layering names', () => {
    const parts = new Set(FILES.filter((f) => f.includes('/')).map(partOf));
    expect([...parts].sort()).toEqual(Object.keys(MAY_IMPORT).filter((p) => !p.endsWith('.ts')).sort());
  });

  it('each part imports only the parts below it (protocol nothing above it, core neither cli nor broker)', () => {
    const wrong: string[] = [];
    for (const [file, imports] of IMPORTS) {
      const from = partOf(file);
      for (const i of imports) {
        if (i.target === null) continue;
        const to = partOf(i.target);
        if (to !== from && !(MAY_IMPORT[from] ?? []).includes(to)) wrong.push(`${file} -> ${i.target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('client libraries and terminal packages are loaded only where they belong', () => {
    const wrong: string[] = [];
    for (const [file, imports] of IMPORTS) {
      for (const i of imports) {
        const homes = PACKAGE_HOMES[i.spec];
        if (homes !== undefined && !under(file, homes)) wrong.push(`${file} imports ${i.spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every relative import names an existing file', () => {
    const missing = [...IMPORTS].flatMap(([file, imports]) => imports.filter((i) => i.target !== null && !IMPORTS.has(i.target)).map((i) => `${file} -> ${i.spec}`));
    expect(missing).toEqual([]);
  });

  it('no import cycle, type-only imports included (they are a loop in the design all the same)', () => {
    expect(cyclesOf(new Map([...IMPORTS].map(([f, is]) => [f, is.flatMap((i) => (i.target === null ? [] : [i.target]))])))).toEqual([]);
  });

  it('the cycle search finds a loop', () => {
    expect(cyclesOf(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('one atomic-file writer: nothing else renames a temp file into place', () => {
    // broker/log/ swaps whole segment files when compacting: a rename, but not of a small state file.
    const renamers = FILES.filter((f) => /\brename(Sync)?\(/.test(fs.readFileSync(path.join(SRC, f), 'utf8')) && !under(f, ['broker/log/']));
    expect(renamers).toEqual(['shared/atomic-file.ts']);
  });
});

/** The strongly connected components with more than one file (Tarjan), each sorted. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}
