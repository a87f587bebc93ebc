// Regenerates completions/ (bash, zsh, fish) from the real command tree. Run after adding or
// changing a command or option: `npx tsx scripts/gen-completions.ts` (npm run gen:completions);
// test/unit/core/completion.test.ts fails while the committed scripts are out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryIO } from '../src/cli/output/io.js';
import { createProgram } from '../src/cli/program.js';
import { completionModel } from '../src/core/completion/model.js';
import { COMPLETION_FILES, SHELLS, completionScript } from '../src/core/completion/scripts.js';

const dir = fileURLToPath(new URL('../completions', import.meta.url));
mkdirSync(dir, { recursive: true });
const model = completionModel(createProgram(memoryIO()));
for (const shell of SHELLS) {
  const file = join(dir, COMPLETION_FILES[shell]);
  writeFileSync(file, completionScript(shell, model));
  process.stdout.write(`wrote ${file}\n`);
}
