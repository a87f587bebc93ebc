/**
 * The process exit codes tkafka promises to scripts. Contract: a new code is only ever adopted on a
 * path that already exited non-zero, so `cmd && next` keeps working across versions.
 */
export const EXIT_CODES = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  /** The cluster refused our credentials: SASL authentication, an OAUTHBEARER token, or the client certificate (mTLS). */
  AUTH: 3,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

const DESCRIPTIONS: ReadonlyArray<readonly [number, string]> = [
  [EXIT_CODES.OK, 'success'],
  [EXIT_CODES.ERROR, 'runtime error (broker unreachable, request failed, nothing to stop, ...)'],
  [EXIT_CODES.USAGE, 'usage error (unknown command or option, bad option value, invalid config)'],
  [EXIT_CODES.AUTH, 'authentication failed (SASL credentials, OAUTHBEARER token, client certificate)'],
  [EXIT_CODES.INTERRUPTED, 'interrupted (Ctrl-C)'],
];

/** The table shown at the end of `tkafka --help`. */
export function exitCodesHelp(): string {
  const lines = DESCRIPTIONS.map(([code, text]) => `  ${String(code).padEnd(4)} ${text}`);
  return `Exit codes:\n${lines.join('\n')}`;
}
