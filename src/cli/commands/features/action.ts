import { describeFeatures, featureDependencies, updateFeatures, versionMapping } from '../../../core/features/run.js';
import { UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';
import { printToolResult } from '../transactions/tool-output.js';

export interface FeaturesCliFlags extends ConnectionFlags, OutputOptions {
  bootstrapController?: string;
  metadata?: string;
  releaseVersion?: string;
  feature?: string[];
  unsafe?: boolean;
  dryRun?: boolean;
}

export async function runFeatures(command: string, flags: FeaturesCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  if (flags.bootstrapServer !== undefined && flags.bootstrapController !== undefined) {
    throw new UsageError('argument --bootstrap-controller: not allowed with argument --bootstrap-server', "Run 'tkafka features --help' for usage.");
  }
  const conn: ConnectionFlags = { ...flags, ...(flags.bootstrapController === undefined ? {} : { bootstrapServer: flags.bootstrapController }) };
  return printToolResult(io, json, () => {
    // version-mapping and feature-dependencies read Kafka's tables only: no connection.
    if (command === 'version-mapping') return versionMapping(flags.releaseVersion);
    if (command === 'feature-dependencies') return featureDependencies(flags.feature ?? []);
    return withNativeClient(conn, io, 'kafka-features', (client) =>
      command === 'describe'
        ? describeFeatures(client)
        : updateFeatures(client, {
            op: command as 'upgrade' | 'downgrade' | 'disable',
            ...(flags.metadata === undefined ? {} : { metadata: flags.metadata }),
            ...(flags.releaseVersion === undefined ? {} : { releaseVersion: flags.releaseVersion }),
            features: flags.feature ?? [],
            unsafe: flags.unsafe === true,
            dryRun: flags.dryRun === true,
          }),
    );
  });
}
