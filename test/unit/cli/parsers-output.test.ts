import { PassThrough } from 'node:stream';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatUptime } from '../../../src/cli/commands/broker/action.js';
import { EXIT_CODES, exitCodesHelp } from '../../../src/cli/exit-codes.js';
import { collectKeyValue, parseDuration, parseJavaNumber, parseNonNegativeInt, parsePort } from '../../../src/cli/options/parsers.js';
import { formatFields, resolveOutputFormat, writeJson } from '../../../src/cli/output/format.js';
import { colorEnabled, memoryIO } from '../../../src/cli/output/io.js';
import { startSpinner } from '../../../src/cli/output/spinner.js';
import { loadStyle, plainStyle } from '../../../src/cli/output/style.js';
import { writeTable } from '../../../src/cli/output/table.js';

describe('option parsers', () => {
  it('parsePort accepts 0..65535 only', () => {
    expect(parsePort('9092')).toBe(9092);
    expect(parsePort('0')).toBe(0);
    for (const bad of ['65536', '-1', '90a', '', '1e3', '9092.5']) expect(() => parsePort(bad)).toThrow(InvalidArgumentError);
  });

  it('parseDuration reads ms/s/m/h and bare seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('3')).toBe(3000);
    for (const bad of ['', 's', '10 sec', '-1s', '1d']) expect(() => parseDuration(bad)).toThrow(InvalidArgumentError);
  });

  it('collectKeyValue splits at the first = and lets a later key win', () => {
    let acc = collectKeyValue('num.partitions=3', undefined);
    acc = collectKeyValue('listeners=PLAINTEXT://:9092', acc);
    acc = collectKeyValue('num.partitions=5', acc);
    acc = collectKeyValue('empty=', acc);
    expect(acc).toEqual({ 'num.partitions': '5', listeners: 'PLAINTEXT://:9092', empty: '' });
    for (const bad of ['novalue', '=x', ' =x']) expect(() => collectKeyValue(bad, {})).toThrow(InvalidArgumentError);
  });

  it('parseNonNegativeInt', () => {
    expect(parseNonNegativeInt('0')).toBe(0);
    expect(parseNonNegativeInt('25')).toBe(25);
    expect(() => parseNonNegativeInt('-2')).toThrow(InvalidArgumentError);
  });
});

describe('parseJavaNumber', () => {
  it("reads a Java Integer/Long as jopt-simple does, refusing with its 'Cannot parse argument' message", () => {
    const int = parseJavaNumber('partition', 32);
    expect(int('7')).toBe(7);
    expect(int('-1')).toBe(-1);
    expect(int(' +3 ')).toBe(3);
    expect(int('2147483647')).toBe(2147483647);
    for (const bad of ['x', '', '1.5', '2147483648', '-2147483649', '1e3']) expect(() => int(bad)).toThrow(`Cannot parse argument '${bad}' of option partition`);
    const long = parseJavaNumber('timeout', 64);
    expect(long('2147483648')).toBe(2147483648);
    expect(() => long('9223372036854775808')).toThrow("Cannot parse argument '9223372036854775808' of option timeout");
  });
});

describe('output', () => {
  it('colour: off with NO_COLOR, on with FORCE_COLOR, else only on a TTY', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(true, { TERM: 'dumb' })).toBe(false);
  });

  it('styles are plain without colour and ANSI with it', async () => {
    expect(await loadStyle(false)).toBe(plainStyle);
    expect((await loadStyle(true)).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  it('--json / -o json resolve to json; a conflict is a usage error', () => {
    expect(resolveOutputFormat({})).toBe('text');
    expect(resolveOutputFormat({ json: true })).toBe('json');
    expect(resolveOutputFormat({ output: 'json' })).toBe('json');
    expect(resolveOutputFormat({ json: true, output: 'json' })).toBe('json');
    expect(() => resolveOutputFormat({ json: true, output: 'text' })).toThrow(/--json conflicts with --output text/);
  });

  it('writeJson prints one indented document on stdout', () => {
    const io = memoryIO();
    writeJson(io, { a: 1, b: [true] });
    expect(io.stdoutText()).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}\n');
    expect(io.stderrText()).toBe('');
  });

  it('formatFields aligns values', () => {
    expect(formatFields([['pid', '1'], ['data dir', '/x']])).toBe('  pid:      1\n  data dir: /x');
  });

  it('tables are TSV off a TTY and boxed on one', async () => {
    const pipe = memoryIO();
    await writeTable(pipe, ['TOPIC', 'PARTITIONS'], [['orders', '3'], ['with\ttab', '1']]);
    expect(pipe.stdoutText()).toBe('TOPIC\tPARTITIONS\norders\t3\nwith tab\t1\n');
    const tty = memoryIO({ tty: true, env: { NO_COLOR: '1' } });
    await writeTable(tty, ['TOPIC'], [['orders']]);
    expect(tty.stdoutText()).toContain('│ orders │');
  });

  it('the spinner is silent off a TTY (nothing on either stream)', async () => {
    const io = memoryIO();
    const s = await startSpinner(io, 'working');
    s.update('still');
    s.succeed('done');
    expect(io.stdoutText() + io.stderrText()).toBe('');
  });

  it('the spinner draws on a sized TTY only; a 0-column pty (script, some CI) gets none', async () => {
    const draw = async (columns: number): Promise<string> => {
      const stream = Object.assign(new PassThrough(), { isTTY: true, columns, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
      let drawn = '';
      stream.on('data', (c: Buffer) => (drawn += c.toString()));
      const s = await startSpinner({ ...memoryIO({ tty: true }), rawStderr: stream }, 'Starting broker');
      s.succeed('Started');
      return drawn;
    };
    expect(await draw(0)).toBe('');
    expect(await draw(80)).toContain('Started');
  });

  it('human formats', () => {
    expect(formatUptime(0)).toBe('0s');
    expect(formatUptime(59_999)).toBe('59s');
    expect(formatUptime(3_723_000)).toBe('1h 2m 3s');
    expect(formatUptime(90_061_000)).toBe('1d 1h 1m 1s');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
  });

  it('the exit code table matches the constants', () => {
    expect(EXIT_CODES).toEqual({ OK: 0, ERROR: 1, USAGE: 2, AUTH: 3, INTERRUPTED: 130 });
    expect(exitCodesHelp().split('\n')[0]).toBe('Exit codes:');
  });
});
