import { describe, expect, it } from 'vitest';
import { renderFlaky, renderParityTable } from '../../reference/parity-table.js';

const line = (tier: string, scenario: string, result: string, why?: string): string => JSON.stringify({ tier, scenario, result, ...(why === undefined ? {} : { why }) });

describe('the interop tier parity table', () => {
  it('a scenario logged again by a retried test keeps its first place and its last result', () => {
    const jsonl = [line('t', 'x', 'differs', 'first attempt'), line('t', 'y', 'passes'), line('u', 'x', 'identical'), line('t', 'x', 'identical'), ''].join('\n');
    expect(renderParityTable(jsonl)).toBe(['| tier | scenario | result |', '| --- | --- | --- |', '| t | x | identical |', '| t | y | passes |', '| u | x | identical |', '', 'identical: 2, passes: 1'].join('\n'));
  });

  it('escapes pipes in scenarios and reasons', () => {
    expect(renderParityTable(line('t', 'a|b', 'differs', 'c|d')).split('\n')[2]).toBe('| t | a\\|b | differs (c\\|d) |');
  });

  it('lists the tests that passed only on their retry, and prints nothing when there are none', () => {
    expect(renderFlaky('a.test.ts > x (passed on retry 1; first attempt: boom)\n\nb.test.ts > y (passed on retry 1; first attempt: bang)\n')).toBe(
      '\nFlaky: 2 test(s) failed once and passed on the retry:\n  a.test.ts > x (passed on retry 1; first attempt: boom)\n  b.test.ts > y (passed on retry 1; first attempt: bang)\n',
    );
    expect(renderFlaky('')).toBe('');
  });
});
