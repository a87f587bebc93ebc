// ToolsUtils.prettyPrintTable, which kafka-transactions, kafka-metadata-quorum and others print
// with: every cell padded to its column's width and followed by a TAB, header row first.

export function prettyTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (row: readonly string[]): string => row.map((c, i) => `${c.padEnd(widths[i] ?? 0)}\t`).join('') + '\n';
  return line(headers) + rows.map(line).join('');
}
