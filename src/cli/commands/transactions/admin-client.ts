// One native client per run of an admin-style tool (transactions, metadata-quorum, cluster,
// features, delegation-tokens), closed afterwards. Loaded by their actions only; their flags are
// in options/admin-subcommand.ts.
import { NativeClient } from '../../../client/native/client.js';
import type { ConnectionFlags } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

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
