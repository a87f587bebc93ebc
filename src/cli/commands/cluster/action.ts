import { clusterIdCommand, listEndpointsCommand, unregisterCommand } from '../../../core/cluster/run.js';
import { UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';
import { printToolResult } from '../transactions/tool-output.js';

export interface ClusterCliFlags extends ConnectionFlags, OutputOptions {
  b?: string;
  config?: string;
  bootstrapController?: string;
  id?: number;
  includeFencedBrokers?: boolean;
}

export async function runCluster(command: string, flags: ClusterCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const bootstrap = flags.bootstrapServer ?? flags.b;
  if (bootstrap !== undefined && flags.bootstrapController !== undefined) {
    throw new UsageError('argument --bootstrap-controller/-C: not allowed with argument --bootstrap-server/-b', `Run 'tkafka cluster ${command} --help' for usage.`);
  }
  const conn: ConnectionFlags = {
    ...flags,
    ...(bootstrap ?? flags.bootstrapController) !== undefined ? { bootstrapServer: bootstrap ?? flags.bootstrapController } : {},
    ...(flags.commandConfig ?? flags.config) !== undefined ? { commandConfig: flags.commandConfig ?? flags.config } : {},
  };
  return printToolResult(io, json, () =>
    withNativeClient(conn, io, 'kafka-cluster', (client) =>
      command === 'cluster-id' ? clusterIdCommand(client) : command === 'unregister' ? unregisterCommand(client, flags.id ?? -1) : listEndpointsCommand(client, flags.bootstrapController !== undefined),
    ),
  );
}
