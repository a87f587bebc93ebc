// The parity table: one row per scenario logged by the interop tier (JSON lines in $TKAFKA_PARITY_LOG).
import { appendFileSync } from 'node:fs';

export interface ParityRow {
  tier: string;
  scenario: string;
  result: 'identical' | 'normalised-identical' | 'differs' | 'passes' | 'pending';
  why?: string;
}

export function logParity(row: ParityRow): void {
  const file = process.env['TKAFKA_PARITY_LOG'];
  if (file === undefined || file === '') return;
  // Test files run one at a time, so plain appends never interleave.
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** Where flaky-reporter.ts notes the tests that passed only on their retry, beside the parity log. */
export function flakyLogOf(parityLog: string): string {
  return `${parityLog}.flaky`;
}

/** The flaky tests' lines, printed after the parity table; nothing when there are none. */
export function renderFlaky(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length === 0 ? '' : `\nFlaky: ${lines.length} test(s) failed once and passed on the retry:\n${lines.map((l) => `  ${l}\n`).join('')}`;
}

export function renderParityTable(jsonl: string): string {
  // A test retried after a failure (vitest.reference.config.ts) logs its rows again: the later row of
  // a (tier, scenario) replaces the earlier one, in the earlier one's place.
  const byKey = new Map<string, ParityRow>();
  for (const l of jsonl.split('\n')) {
    if (l.trim() === '') continue;
    const r = JSON.parse(l) as ParityRow;
    byKey.set(`${r.tier}\u0000${r.scenario}`, r);
  }
  const rows = [...byKey.values()];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.result, (counts.get(r.result) ?? 0) + 1);
  const lines = ['| tier | scenario | result |', '| --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.tier} | ${r.scenario.replaceAll('|', '\\|')} | ${r.result}${r.why === undefined ? '' : ` (${r.why.replaceAll('|', '\\|')})`} |`);
  lines.push('', [...counts].map(([k, v]) => `${k}: ${v}`).join(', '));
  return lines.join('\n');
}
