import type { CliIO } from './io.js';

/**
 * A table on stdout: boxed by cli-table3 on a TTY, tab-separated rows (header first) otherwise,
 * so `cut -f` and `awk -F'\t'` work on piped output.
 */
export async function writeTable(io: CliIO, head: readonly string[], rows: ReadonlyArray<readonly string[]>): Promise<void> {
  if (!io.stdoutIsTTY) {
    const lines = [head, ...rows].map((r) => r.map((cell) => cell.replace(/[\t\n]/g, ' ')).join('\t'));
    io.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head: [...head], style: { head: io.stdoutColor ? ['cyan'] : [], border: io.stdoutColor ? ['grey'] : [] } });
  for (const r of rows) table.push([...r]);
  io.stdout.write(`${table.toString()}\n`);
}
