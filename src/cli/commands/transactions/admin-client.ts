// What the admin-style tools of issue 15 share (transactions, metadata-quorum, cluster, features,
// delegation-tokens): subcommands that take the connection flags before or after the subcommand
// name (kafka-transactions.sh --bootstrap-server x list), whole-number flags parsed as Java would
// (a bad one is a usage error), and one native client per run, closed afterwards.
import { InvalidArgumentError, type Command } from 'commander';
import { NativeClient } from '../../../client/native/client.js';
import type { ConnectionFlags } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';
import { lazyAction, type ActionFn } from '../../action.js';

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

/** Runs `fn` with a connected client; connection failures become tkafka's one-line errors. */
export async function withAdminClient<T>(flags: ConnectionFlags, io: CliIO, clientId: string, fn: (client: NativeClient) => Promise<T>): Promise<T> {
  const conn = await resolveConnection(flags, io, { clientId });
  let client: NativeClient | undefined;
  try {
    return await withConnectionErrors(conn, async () => {
      client = await NativeClient.connect(nativeClientOptions(conn));
      return fn(client);
    });
  } finally {
    await client?.close().catch(() => undefined);
  }
}
