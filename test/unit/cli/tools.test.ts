import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { main } from '../../../src/cli/main.js';
import { memoryIO } from '../../../src/cli/output/io.js';
import { createProgram } from '../../../src/cli/program.js';
import { TOOL_NAMES, toolProgram } from '../../../src/cli/tools.js';

// `tkafka <tool> ...` runs on a tree holding that one command (tools.ts): it must answer exactly as
// the full tree does, and know every command the full tree has.

async function run(args: string[], full: boolean): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const io = memoryIO();
  const exitCode = await main(args, io, full ? createProgram : undefined);
  return { exitCode, stdout: io.stdoutText(), stderr: io.stderrText() };
}

function paths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

describe('one-command trees', () => {
  const full = createProgram(memoryIO());

  it('cover every command of the full tree', () => {
    expect([...TOOL_NAMES].sort()).toEqual(full.commands.map((c) => c.name()).filter((n) => n !== 'help').sort());
  });

  it('are built only for a command name in first place', async () => {
    for (const argv of [[], ['--help'], ['help', 'topics'], ['topic'], ['-V'], ['toString'], ['__proto__']]) {
      expect(await toolProgram(argv, memoryIO()), argv.join(' ')).toBeUndefined();
    }
    expect((await toolProgram(['__complete', 'topics'], memoryIO()))?.commands.map((c) => c.name())).toEqual(['completion', '__complete']);
  });

  it("print every command's and subcommand's --help, and its usage errors, as the full tree does", async () => {
    const all = paths(full).filter((p) => p[0] !== 'help');
    expect(all.length).toBeGreaterThan(40);
    for (const p of all) {
      for (const extra of [['--help'], ['--no-such-flag']]) {
        const args = [...p, ...extra];
        const [mine, theirs] = [await run(args, false), await run(args, true)];
        expect(mine, args.join(' ')).toEqual(theirs);
        if (extra[0] === '--help') expect(mine.stdout, args.join(' ')).toMatch(/^Usage: tkafka /);
      }
    }
  });
});
