import { FeatureCommandError, describeFeatures, featureDependencies, updateFeatures, versionMapping, type FeatureResult } from '../../../core/features/run.js';
import { UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withAdminClient } from '../transactions/admin-client.js';

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
  try {
    let res: FeatureResult;
    if (command === 'version-mapping') res = versionMapping(flags.releaseVersion);
    else if (command === 'feature-dependencies') res = featureDependencies(flags.feature ?? []);
    else {
      res = await withAdminClient(conn, io, 'kafka-features', (client) =>
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
    }
    if (json) writeJson(io, res.json);
    else io.stdout.write(res.text);
    return 0;
  } catch (err) {
    if (!(err instanceof FeatureCommandError)) throw err;
    if (!json) io.stdout.write(err.stdout);
    io.stderr.write(`${err.message}\n`);
    return 1;
  }
}
