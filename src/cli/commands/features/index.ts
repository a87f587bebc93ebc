import { Option, type Command } from 'commander';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import { subcommand } from '../../options/admin-subcommand.js';
import type { FeaturesCliFlags } from './action.js';

// Definitions only: the action is imported when a subcommand runs.

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerFeaturesCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('features')
    .description('describe and change feature flags, map release versions to feature levels (kafka-features.sh)')
    .addHelpText(
      'after',
      `
Output and messages are kafka-features.sh's (Kafka 4.4's feature tables). Our broker's feature
levels are fixed by what it implements: an update to another level is refused as Kafka's controller
refuses one it cannot make (INVALID_UPDATE_VERSION, "Local controller N only supports versions ...").

Examples:
  tkafka features describe
  tkafka features upgrade --feature group.version=1 --dry-run
  tkafka features downgrade --release-version 3.9-IV0
  tkafka features version-mapping --release-version 4.0-IV3
  tkafka features feature-dependencies --feature eligible.leader.replicas.version=1`,
    );
  addConnectionOptions(cmd);
  addOutputOptions(cmd);
  cmd.addOption(new Option('--bootstrap-controller <host:port,...>', 'controller(s) to connect to instead of --bootstrap-server'));
  const load = async () => (await import('./action.js')).runFeatures;
  const sub = (name: string, description: string): Command =>
    subcommand<FeaturesCliFlags>(cmd, program, io, name, description, async () => {
      const run = await load();
      return (flags, cliIo) => run(name, flags, cliIo);
    });
  sub('describe', 'Describes the current active feature flags.');
  sub('upgrade', 'Upgrade one or more feature flags.')
    .option('--metadata <version>', 'DEPRECATED -- The level to which we should upgrade the metadata. For example, 3.3-IV3.')
    .option('--release-version <version>', 'The release version to update all features to. For example, 3.9-IV0 will set metadata.version=21 and kraft.version=1.')
    .option('--feature <feature=level>', 'A feature upgrade we should perform, in feature=level format (repeatable). For example: `metadata.version=5`.', collect)
    .option('--dry-run', 'Validate this upgrade, but do not perform it.');
  sub('downgrade', 'Upgrade one or more feature flags.')
    .option('--metadata <version>', 'DEPRECATED -- The level to which we should downgrade the metadata. For example, 3.3-IV0.')
    .option('--release-version <version>', 'The release version to downgrade all features to. For example, 3.9-IV0 will set metadata.version=21 and kraft.version=1.')
    .option('--feature <feature=level>', 'A feature downgrade we should perform, in feature=level format (repeatable).', collect)
    .option('--unsafe', 'Perform this downgrade even if it may irreversibly destroy metadata.')
    .option('--dry-run', 'Validate this downgrade, but do not perform it.');
  sub('disable', 'Disable one or more feature flags. This is the same as downgrading the version to zero.')
    .option('--feature <feature>', 'A feature flag to disable (repeatable).', collect)
    .option('--unsafe', 'Disable this feature flag even if it may irreversibly destroy metadata.')
    .option('--dry-run', 'Perform a dry-run of this disable operation.');
  sub('version-mapping', 'Look up the corresponding features for a given metadata version (default: the latest stable one).').option(
    '--release-version <version>',
    'The release version to use for the corresponding feature mapping. The minimum is 3.0-IV0; the default is 4.4-IV2',
  );
  sub('feature-dependencies', 'Look up dependencies for a given feature version. Multiple features can be specified.').requiredOption(
    '--feature <feature=version>',
    'The feature and version to look up dependencies for, in feature=version format (repeatable). For example: `metadata.version=5`.',
    collect,
  );
}
