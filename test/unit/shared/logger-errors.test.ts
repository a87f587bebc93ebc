import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { ERROR_CODES, TkafkaError, UsageError, errnoCode } from '../../../src/shared/errors.js';
import { createLogger, formatLogLine, parseLogLevel } from '../../../src/shared/logger.js';

describe('logger', () => {
  it("formats lines in Kafka's log4j layout, local time, comma before millis", () => {
    expect(formatLogLine('INFO', 'hello', new Date(2024, 0, 2, 3, 4, 5, 67))).toBe('[2024-01-02 03:04:05,067] INFO hello');
  });

  it('drops messages below the level and stamps with the injected clock', () => {
    const lines: string[] = [];
    const clock = new ManualClock(new Date(2024, 5, 30, 23, 59, 59, 999).getTime());
    const log = createLogger((l) => lines.push(l), { level: 'WARN', clock });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines).toEqual(['[2024-06-30 23:59:59,999] WARN w', '[2024-06-30 23:59:59,999] ERROR e']);
  });

  it('parses level names case-insensitively', () => {
    expect(parseLogLevel('debug')).toBe('DEBUG');
    expect(parseLogLevel(' Warn ')).toBe('WARN');
    expect(parseLogLevel('trace')).toBeUndefined();
  });
});

describe('errors', () => {
  it('TkafkaError defaults to exit 1; UsageError is code USAGE, exit 2', () => {
    const e = new TkafkaError(ERROR_CODES.PORT_IN_USE, 'taken', { hint: 'h', cause: new Error('x') });
    expect(e).toMatchObject({ name: 'TkafkaError', code: 'PORT_IN_USE', exitCode: 1, hint: 'h', message: 'taken' });
    expect((e.cause as Error).message).toBe('x');
    const u = new UsageError('bad flag', 'Run it right.');
    expect(u).toBeInstanceOf(TkafkaError);
    expect(u).toMatchObject({ name: 'UsageError', code: 'USAGE', exitCode: 2, hint: 'Run it right.' });
  });

  it('errnoCode reads system error codes only', () => {
    expect(errnoCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(errnoCode(new Error('x'))).toBeUndefined();
    expect(errnoCode({ code: 42 })).toBeUndefined();
    expect(errnoCode(null)).toBeUndefined();
  });
});
