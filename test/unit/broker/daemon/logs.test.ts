import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyLog, followLog, readLogSince } from '../../../../src/broker/daemon/logs.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkafka-logs-'));
  file = join(dir, 'broker.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function copy(lines?: number): Promise<{ text: string; end: number }> {
  let text = '';
  const end = await copyLog(file, (t) => (text += t), lines === undefined ? {} : { lines });
  return { text, end };
}

describe('copyLog', () => {
  it('prints everything, or the last N lines, and returns the end offset', async () => {
    writeFileSync(file, 'a\nb\nc\nd\n');
    expect(await copy()).toEqual({ text: 'a\nb\nc\nd\n', end: 8 });
    expect((await copy(2)).text).toBe('c\nd\n');
    expect((await copy(4)).text).toBe('a\nb\nc\nd\n');
    expect((await copy(10)).text).toBe('a\nb\nc\nd\n');
    expect(await copy(0)).toEqual({ text: '', end: 8 });
  });

  it('counts an unterminated last line as a line', async () => {
    writeFileSync(file, 'a\nb\nc');
    expect((await copy(1)).text).toBe('c');
    expect((await copy(2)).text).toBe('b\nc');
  });

  it('finds line starts across 64 KiB read chunks and keeps multi-byte characters whole', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'é'.repeat(40)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect((await copy(2500)).text).toBe(`${lines.slice(500).join('\n')}\n`);
    expect((await copy()).text).toBe(`${lines.join('\n')}\n`);
  });

  it('fails with NOT_FOUND and a hint when there is no log', async () => {
    await expect(copy()).rejects.toMatchObject({ code: 'NOT_FOUND', message: `no broker log at ${file}` });
  });
});

describe('readLogSince', () => {
  it('returns the bytes after an offset', async () => {
    writeFileSync(file, 'old\nnew\n');
    expect(await readLogSince(file, 4)).toBe('new\n');
    expect(await readLogSince(file, 100)).toBe('');
  });
});

describe('followLog', () => {
  it('writes appended text until aborted, and rereads a truncated log from the start', async () => {
    writeFileSync(file, 'seen\n');
    const ac = new AbortController();
    let out = '';
    const waitFor = async (s: string): Promise<void> => {
      for (let i = 0; i < 100 && !out.includes(s); i++) await new Promise((r) => setTimeout(r, 20));
    };
    const following = followLog(file, 5, (t) => (out += t), ac.signal, 20);
    appendFileSync(file, 'one\n');
    await waitFor('one\n');
    appendFileSync(file, 'two\n');
    await waitFor('two\n');
    writeFileSync(file, 'x\n'); // truncated (e.g. rotated by hand)
    await waitFor('x\n');
    ac.abort();
    await following;
    expect(out).toBe('one\ntwo\nx\n');
  });
});
