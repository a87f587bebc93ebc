import { Option } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { MetadataShellFlags } from './action.js';

// Definitions only: the action (the record codecs, the image and the shell) is imported when the command runs.

export function registerMetadataShellCommand(program: Command, io: CliIO): void {
  const cmd: Command = program
    .command('metadata-shell')
    .description("browse a KRaft cluster's metadata log or snapshot offline (kafka-metadata-shell.sh)")
    .addOption(new Option('-s, --snapshot <file>', 'REQUIRED: the metadata log segment (.log) or snapshot (.checkpoint) to read, or a __cluster_metadata-0 directory'))
    .argument('[command...]', 'a command to run (cat, find, ls or tree with its paths); none starts the interactive shell');
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Reads the metadata records of a KRaft __cluster_metadata-0 partition (no broker, nothing written)
into the metadata image, as Kafka 4.4's MetadataShell does, and shows it as a tree of nodes:
/image/{provenance,features,cluster/{brokers,controllers},topics/{byName,byId},configs,
clientQuotas,producerIds,acls/byId,scram,delegationToken} and /local/{version,commitId}.
With a command it runs that command and exits; without, it starts a shell (ls, cd, pwd, cat, tree,
find, history, help, man, exit; Ctrl-D leaves). Paths take globs (*, ?, {a,b}). Output is
kafka-metadata-shell.sh's. A record of an unknown type or version is skipped with a note on
stderr; a file that is missing or holds no metadata records is a one-line error and exit 1.
A directory (tkafka only) reads its newest snapshot and the log segments after it.
-o json (tkafka only, with a command): one document, {"command", "paths", "missing"}: ls gives
each path with its children, cat and tree each path's node (a file is its printed line, a
directory an object of its children; cat lists directories apart), find the paths it walks.

Examples:
  tkafka metadata-shell -s /var/lib/kafka/__cluster_metadata-0/00000000000000000000.log ls /image/topics/byName
  tkafka metadata-shell -s /var/lib/kafka/__cluster_metadata-0 tree /image/features
  tkafka metadata-shell -s 00000000000000000000.log cat '/image/topics/byName/orders/*'
  tkafka metadata-shell -s 00000000000000000000.log find /image/configs
  tkafka metadata-shell -s 00000000000000000000.log -o json tree /image/topics/byName/orders
  tkafka metadata-shell -s 00000000000000012345-0000000003.checkpoint     (interactive)`,
  );
  cmd.action((command: string[], opts: MetadataShellFlags) => run({ ...opts, command }));
  const run = lazyAction<MetadataShellFlags>(program, io, async () => (await import('./action.js')).runMetadataShellCommand);
}
