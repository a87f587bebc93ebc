import type { Command } from 'commander';
import type { CliIO } from './output/io.js';

// Lives apart from program.ts: the command definitions import it, and program.ts imports them.

/** An action returns its exit code (or nothing for 0); it never touches process.exitCode itself. */
export type ActionFn<O> = (opts: O, io: CliIO) => Promise<number | void>;

// Exit codes returned by actions, keyed by root program; read back by runProgram.
const actionExitCodes = new WeakMap<Command, number>();

/**
 * Wraps a lazily imported action so `tkafka --help` loads only definitions: the action module (and
 * what it imports, e.g. the broker or the protocol client) is imported when the command actually runs.
 */
export function lazyAction<O>(program: Command, io: CliIO, load: () => Promise<ActionFn<O>>): (opts: O) => Promise<void> {
  return async (opts: O) => {
    const action = await load();
    const code = await action(opts, io);
    if (typeof code === 'number') actionExitCodes.set(program, code);
  };
}

/** The exit code the action run by `program` returned (0 when it returned nothing). */
export function actionExitCode(program: Command): number {
  return actionExitCodes.get(program) ?? 0;
}
