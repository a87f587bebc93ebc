import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

export const LOG_LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Kafka's log4j layout (`[%d] %p %m`), local time with a comma before the milliseconds, so a
 * tkafka broker.log reads and greps like a Kafka server.log.
 */
export function formatLogLine(level: LogLevel, message: string, at: Date): string {
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())},${pad(at.getMilliseconds(), 3)}`;
  return `[${date} ${time}] ${level} ${message}`;
}

export function parseLogLevel(value: string): LogLevel | undefined {
  const upper = value.trim().toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as LogLevel) : undefined;
}

/** A logger writing one formatted line per call; messages below `level` are dropped. */
export function createLogger(write: (line: string) => void, opts: { level?: LogLevel; clock?: Clock } = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(opts.level ?? 'INFO');
  const clock = opts.clock ?? systemClock;
  const at = (level: LogLevel) => (message: string): void => {
    if (LOG_LEVELS.indexOf(level) <= threshold) write(formatLogLine(level, message, new Date(clock.now())));
  };
  return { error: at('ERROR'), warn: at('WARN'), info: at('INFO'), debug: at('DEBUG') };
}

/** Swallows everything; for library callers that pass no logger. */
export const silentLogger: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
