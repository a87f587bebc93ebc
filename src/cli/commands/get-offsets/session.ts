import { NativeClient } from '../../../client/native/client.js';
import type { ConnectionFlags, ConnectionSettings } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

// Shared by get-offsets, delete-records, log-dirs and broker-api-versions: one native client over
// the connection flags (SASL/TLS from --command-config alike), closed whatever happens.

/** Connects, runs `fn` with the client, closes; connection failures become the CLI's one-line errors. */
export async function withNativeClient<T>(flags: ConnectionFlags, io: CliIO, clientId: string, fn: (client: NativeClient, conn: ConnectionSettings) => Promise<T>): Promise<T> {
  const conn = await resolveConnection(flags, io, { clientId });
  let client: NativeClient | undefined;
  try {
    const connected = await withConnectionErrors(conn, () => NativeClient.connect(nativeClientOptions(conn)));
    client = connected;
    return await withConnectionErrors(conn, () => fn(connected, conn));
  } finally {
    await client?.close().catch(() => undefined);
  }
}
