/**
 * The CLI's only view of the process: commands read input from `stdin`, write data to `stdout`,
 * everything else (messages, progress, logs) to `stderr`, and read `env` from here, so tests run them in-process on memory
 * streams (gh's IOStreams). Nothing here touches process state at import time.
 */

export interface OutputStream {
  write(chunk: string): unknown;
}

/** Input bytes (console-producer's lines); `destroy` releases the stream once the command is done with it. */
export interface InputStream extends AsyncIterable<Buffer> {
  readonly isTTY: boolean;
  destroy(): void;
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface InterruptSource {
  /**
   * Registers for Ctrl-C / SIGTERM and returns the unregister function. While any handler is
   * registered the default reaction (exit 130 at once) is suspended, so a command can shut down
   * cleanly; with none registered an interrupt ends the process as usual.
   */
  onInterrupt(handler: (signal: InterruptSignal) => void): () => void;
}

export interface CliIO extends InterruptSource {
  /** Opened on first call, so a command that reads nothing leaves the process's stdin alone. */
  stdin(): InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Whether ANSI colour may be written to each stream (see `colorEnabled`). */
  readonly stdoutColor: boolean;
  readonly stderrColor: boolean;
  /** The real stderr stream, for ora (which needs a Node stream); absent on memory IO. */
  readonly rawStderr?: NodeJS.WritableStream;
}

/** https://no-color.org: any non-empty NO_COLOR disables colour; FORCE_COLOR (not '0') forces it on. */
export function colorEnabled(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY && env['TERM'] !== 'dumb';
}

/** IO bound to the real process streams; `interrupts` comes from main.ts, which owns signals. */
export function processIO(interrupts: InterruptSource): CliIO {
  const env = process.env;
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stderrIsTTY = process.stderr.isTTY === true;
  return {
    stdin: () => {
      const stream = process.stdin;
      return {
        isTTY: stream.isTTY === true,
        destroy: () => stream.destroy(),
        [Symbol.asyncIterator]: () => (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator](),
      };
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    stdoutIsTTY,
    stderrIsTTY,
    stdoutColor: colorEnabled(stdoutIsTTY, env),
    stderrColor: colorEnabled(stderrIsTTY, env),
    rawStderr: process.stderr,
    onInterrupt: (handler) => interrupts.onInterrupt(handler),
  };
}

export interface MemoryIO extends CliIO {
  stdoutText(): string;
  stderrText(): string;
  /** Delivers an interrupt to the registered handlers; returns how many there were. */
  interrupt(signal?: InterruptSignal): number;
}

/** In-memory IO for tests: `stdin` yields the given input, both output streams are captured, never a TTY unless asked. */
export function memoryIO(opts: { env?: Record<string, string | undefined>; tty?: boolean; stdin?: string | Buffer } = {}): MemoryIO {
  let out = '';
  let err = '';
  const handlers = new Set<(signal: InterruptSignal) => void>();
  const env = opts.env ?? {};
  const tty = opts.tty ?? false;
  const input = opts.stdin;
  return {
    stdin: () => ({
      isTTY: tty,
      destroy: () => undefined,
      [Symbol.asyncIterator]: () => {
        const chunks = input === undefined ? [] : [Buffer.from(input)];
        return { next: () => Promise.resolve(chunks.length > 0 ? { done: false, value: chunks.shift() as Buffer } : { done: true, value: undefined }) };
      },
    }),
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    env,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    stdoutColor: colorEnabled(tty, env),
    stderrColor: colorEnabled(tty, env),
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    stdoutText: () => out,
    stderrText: () => err,
    interrupt(signal = 'SIGINT') {
      const current = [...handlers];
      for (const h of current) h(signal);
      return current.length;
    },
  };
}
