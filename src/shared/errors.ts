/**
 * Codes in use, kept in one list so they stay greppable and stable: scripts and tests match on them.
 * `TkafkaError.code` stays a plain string so a module can introduce a code before it is listed here.
 */
export const ERROR_CODES = {
  USAGE: 'USAGE',
  BAD_CONFIG: 'BAD_CONFIG',
  PORT_IN_USE: 'PORT_IN_USE',
  DATA_DIR_LOCKED: 'DATA_DIR_LOCKED',
  BROKER_NOT_RUNNING: 'BROKER_NOT_RUNNING',
  BROKER_START_FAILED: 'BROKER_START_FAILED',
  BROKER_STOP_FAILED: 'BROKER_STOP_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  IO_ERROR: 'IO_ERROR',
  INTERRUPTED: 'INTERRUPTED',
  AUTH_FAILED: 'AUTH_FAILED',
} as const;

/**
 * The one error type that crosses module boundaries with a stable code. The CLI maps it to a
 * one-line message and an exit code; anything else escaping to the top is an internal error.
 */
export class TkafkaError extends Error {
  override readonly name: string = 'TkafkaError';
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(code: string, message: string, opts: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.exitCode = opts.exitCode ?? 1;
    this.hint = opts.hint;
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends TkafkaError {
  override readonly name: string = 'UsageError';

  constructor(message: string, hint?: string) {
    super(ERROR_CODES.USAGE, message, hint === undefined ? { exitCode: 2 } : { exitCode: 2, hint });
  }
}

/** Node's errno code of a system error (`ENOENT`, `EADDRINUSE`, ...), if it has one. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = err.code;
  return typeof code === 'string' ? code : undefined;
}
