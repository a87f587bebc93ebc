import type { CliIO } from './io.js';

export interface Spinner {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

const silent: Spinner = { update: () => undefined, succeed: () => undefined, fail: () => undefined, stop: () => undefined };

/**
 * An ora spinner on stderr, only on a TTY and never in JSON mode (stdout stays pipe-clean either
 * way). Off a TTY it is silent: callers print their own result line.
 */
export async function startSpinner(io: CliIO, text: string, opts: { json?: boolean } = {}): Promise<Spinner> {
  if (!io.stderrIsTTY || io.rawStderr === undefined || opts.json === true) return silent;
  // A pty with no window size (script(1), `docker run -t` in some CIs) reports 0 columns, and ora's
  // redraw then erases lines without end.
  const columns = (io.rawStderr as { columns?: number }).columns;
  if (columns === undefined || !(columns > 0)) return silent;
  const { default: ora } = await import('ora');
  // discardStdin would put the TTY in raw mode, which turns Ctrl-C into a keypress instead of SIGINT.
  const s = ora({ text, stream: io.rawStderr, isEnabled: true, discardStdin: false, color: io.stderrColor ? 'cyan' : false }).start();
  return {
    update: (t) => {
      s.text = t;
    },
    succeed: (t) => {
      s.succeed(t);
    },
    fail: (t) => {
      s.fail(t);
    },
    stop: () => {
      s.stop();
    },
  };
}
