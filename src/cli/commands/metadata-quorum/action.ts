import { QuorumCommandError, clusterId, describeQuorum, renderReplication, renderStatus } from '../../../core/metadata-quorum/run.js';
import { UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withAdminClient } from '../transactions/admin-client.js';

export interface QuorumCliFlags extends ConnectionFlags, OutputOptions {
  status?: boolean;
  replication?: boolean;
  humanReadable?: boolean;
}

const HINT = "Run 'tkafka metadata-quorum describe --help' for usage.";

export async function runMetadataQuorum(flags: QuorumCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  // MetadataQuorumCommand's TerseExceptions.
  if (flags.status === true && flags.replication === true) throw new UsageError('Only one of --status or --replication should be specified with describe sub-command', HINT);
  if (flags.status !== true && flags.replication !== true) throw new UsageError('One of --status or --replication must be specified with describe sub-command', HINT);
  if (flags.status === true && flags.humanReadable === true) throw new UsageError('The option --human-readable is only supported along with --replication', HINT);
  try {
    const res = await withAdminClient(flags, io, 'kafka-metadata-quorum', async (client) => {
      if (flags.replication === true) return renderReplication(await describeQuorum(client), flags.humanReadable === true, Date.now());
      const id = await clusterId(client);
      return renderStatus(id, await describeQuorum(client));
    });
    if (json) writeJson(io, res.json);
    else io.stdout.write(res.text);
    return 0;
  } catch (err) {
    if (!(err instanceof QuorumCommandError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return 1;
  }
}
