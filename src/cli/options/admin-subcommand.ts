// Flag helpers for the admin-style tools (transactions, metadata-quorum, cluster, features,
// delegation-tokens): subcommands that take the connection flags before or after the subcommand
// name (kafka-transactions.sh --bootstrap-server x list) and whole-number flags parsed as Java
// would (a bad one is a usage error). Registration only: nothing here loads the client, so a
// tool's --help stays instant.
import { InvalidArgumentError, type Command } from 'commander';
import { lazyAction, type ActionFn } from '../action.js';
import { addOutputOptions } from '../output/format.js';
import type { CliIO } from '../output/io.js';
import { addConnectionOptions } from './connection.js';

/** Integer.parseInt / Long.parseLong: an optional sign and digits only. */
export function javaInt(bits: 16 | 32 | 64): (value: string) => number | bigint {
  return (value: string) => {
    if (!/^[-+]?\d+$/.test(value)) throw new InvalidArgumentError(`could not convert '${value}' to ${bits === 64 ? 'Long' : bits === 32 ? 'Integer' : 'Short'}`);
    const v = BigInt(value);
    const limit = 1n << BigInt(bits - 1);
    if (v < -limit || v >= limit) throw new InvalidArgumentError(`could not convert '${value}' to ${bits === 64 ? 'Long' : bits === 32 ? 'Integer' : 'Short'}`);
    return bits === 64 ? v : Number(v);
  };
}

export const intArg = javaInt(32) as (value: string) => number;
export const shortArg = javaInt(16) as (value: string) => number;
export const longArg = javaInt(64) as (value: string) => bigint;

/** A subcommand with the connection and output flags, whose action sees the parent's flags too. */
export function subcommand<F>(parent: Command, program: Command, io: CliIO, name: string, description: string, load: () => Promise<ActionFn<F>>): Command {
  const sub = parent.command(name).description(description);
  addConnectionOptions(sub);
  addOutputOptions(sub);
  const run = lazyAction<F>(program, io, load);
  sub.action(async (_opts: unknown, cmd: Command) => run(cmd.optsWithGlobals() as F));
  return sub;
}
