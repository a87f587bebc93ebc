/**
 * The one error type that crosses module boundaries with a stable code. The CLI maps it to a
 * one-line message and an exit code; anything else escaping to the top is an internal error.
 */
export class TkafkaError extends Error {
  override readonly name = 'TkafkaError';
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
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint === undefined ? { exitCode: 2 } : { exitCode: 2, hint });
  }
}
