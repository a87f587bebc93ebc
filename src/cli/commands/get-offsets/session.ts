import { NativeClient } from '../../../client/native/client.js';
import type { ConnectionFlags } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

// The one connection helper of the admin-style tools (get-offsets, delete-records, log-dirs,
// broker-api-versions, configs, groups, leader-election, reassign-partitions, transactions, ...):
// one native client over the connection flags (SASL/TLS from --command-config alike), closed
// whatever happens. Loaded by their actions only.

/** Connects, runs `fn` with the client, closes; connection failures become the CLI's one-line errors. */
export async function withNativeClient<T>(flags: ConnectionFlags, io: CliIO, clientId: string, fn: (client: NativeClient) => Promise<T>): Promise<T> {
  const conn = await resolveConnection(flags, io, { clientId });
  let client: NativeClient | undefined;
  try {
    const connected = await withConnectionErrors(conn, () => NativeClient.connect(nativeClientOptions(conn)));
    client = connected;
    return await withConnectionErrors(conn, () => fn(connected));
  } finally {
    await client?.close().catch(() => undefined);
  }
}
