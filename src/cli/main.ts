import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TkafkaError, errnoCode } from '../shared/errors.js';
import { EXIT_CODES } from './exit-codes.js';
import type { CliIO, InterruptSignal, InterruptSource } from './output/io.js';
import { processIO } from './output/io.js';
import { loadStyle } from './output/style.js';
import { CommanderError, runProgram } from './root.js';
import type { Command } from './root.js';
import { toolProgram } from './tools.js';

/**
 * Runs one CLI invocation and returns its exit code. The single catch here decides how every
 * failure ends: a TkafkaError is one `tkafka: <message>` line (+ hint) and its own exit code, help
 * and version exit quietly, anything else is an internal error. No stack trace unless TKAFKA_DEBUG=1.
 * `tkafka <tool> ...` loads only that tool's definitions (tools.ts); anything else the full tree.
 */
export async function main(argv: readonly string[], io: CliIO, build?: (io: CliIO) => Command): Promise<number> {
  try {
    const program = build?.(io) ?? (await toolProgram(argv, io)) ?? (await import('./program.js')).createProgram(io);
    return await runProgram(program, argv);
  } catch (err) {
    return reportError(err, io);
  }
}

async function reportError(err: unknown, io: CliIO): Promise<number> {
  if (err instanceof CommanderError) {
    // Help or version was printed; help printed for a missing subcommand is a usage error.
    return err.exitCode === 0 ? EXIT_CODES.OK : EXIT_CODES.USAGE;
  }
  const style = await loadStyle(io.stderrColor);
  const debug = io.env['TKAFKA_DEBUG'] === '1' || io.env['TKAFKA_DEBUG'] === 'true';
  const prefix = style.red('tkafka:');
  if (err instanceof TkafkaError) {
    io.stderr.write(`${prefix} ${err.message}\n`);
    if (err.hint !== undefined && err.hint !== '') io.stderr.write(`${style.dim(err.hint)}\n`);
    if (debug) io.stderr.write(`${stackOf(err)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`${prefix} internal error: ${message}\n`);
  io.stderr.write(debug ? `${stackOf(err)}\n` : `${style.dim('This is a bug in tkafka. Run again with TKAFKA_DEBUG=1 to see the stack trace, and please report it.')}\n`);
  return EXIT_CODES.ERROR;
}

function stackOf(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 5; depth++) {
    parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : JSON.stringify(e));
    e = e instanceof Error ? e.cause : undefined;
    if (e !== undefined) parts.push('Caused by:');
  }
  return parts.join('\n');
}

/**
 * SIGINT/SIGTERM are only trapped while a command has asked to handle them; otherwise Node's
 * default applies (the shell sees 130). A second signal during a graceful shutdown gives up on it.
 */
function processInterrupts(): InterruptSource {
  const handlers = new Set<(signal: InterruptSignal) => void>();
  let delivered = false;
  const onSignal = (signal: InterruptSignal): void => {
    if (delivered) process.exit(EXIT_CODES.INTERRUPTED);
    delivered = true;
    for (const h of [...handlers]) h(signal);
  };
  return {
    onInterrupt(handler) {
      if (handlers.size === 0) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
      handlers.add(handler);
      return () => {
        if (!handlers.delete(handler) || handlers.size > 0) return;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      };
    },
  };
}

/** True when this module was loaded by bin/tkafka.js (or run directly), not imported by a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  let real: string;
  try {
    real = realpathSync(script);
  } catch {
    return false;
  }
  const here = fileURLToPath(import.meta.url);
  const bin = fileURLToPath(new URL('../../bin/tkafka.js', import.meta.url));
  return real === here || real === bin;
}

if (isEntryPoint()) {
  // `tkafka broker logs | head`: once the reader is gone there is nobody to report to; stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (errnoCode(err) === 'EPIPE') process.exit(process.exitCode ?? EXIT_CODES.OK);
      throw err;
    });
  }
  process.exitCode = await main(process.argv.slice(2), processIO(processInterrupts()));
  // A handle leaked by a library must never turn a finished command into a hang; unref'd, this
  // timer fires only if something else is still keeping the process alive.
  setTimeout(() => process.exit(), 3000).unref();
}
