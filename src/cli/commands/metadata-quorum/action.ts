import { clusterId, describeQuorum, renderReplication, renderStatus } from '../../../core/metadata-quorum/run.js';
import { UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';
import { printToolResult } from '../transactions/tool-output.js';

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
  return printToolResult(io, json, () =>
    withNativeClient(flags, io, 'kafka-metadata-quorum', async (client) => {
      if (flags.replication === true) return renderReplication(await describeQuorum(client), flags.humanReadable === true, Date.now());
      const id = await clusterId(client);
      return renderStatus(id, await describeQuorum(client));
    }),
  );
}
