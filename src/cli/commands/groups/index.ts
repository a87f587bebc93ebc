import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { packageVersion } from '../../version.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { GroupsCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

export function registerGroupsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('groups')
    .description('list groups of every type (classic, consumer, share, streams) (kafka-groups.sh)')
    .addOption(new Option('--list', 'list the groups'))
    .addOption(completeWith(new Option('--group-type <type>', "only groups of this type: 'classic', 'consumer', 'share' or 'streams'"), { values: ['classic', 'consumer', 'share', 'streams'] }))
    .addOption(new Option('--protocol <protocol>', 'only groups of this protocol type (e.g. consumer, connect)'))
    .addOption(new Option('--consumer', "all kinds of consumer groups: type 'consumer', and type 'classic' with protocol 'consumer' or empty"))
    .addOption(new Option('--share', 'only share groups'))
    .addOption(new Option('--streams', 'only streams groups'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Output is kafka-groups.sh's table, byte for byte (GROUP, TYPE, PROTOCOL; columns at least 20 wide).
--consumer, --share and --streams exclude each other and --group-type/--protocol. Failures print
"Error while executing groups command : <message>" on stdout and exit 1.

JSON output (-o json): {"groups":[{"group","type","protocol"}]}

Examples:
  tkafka groups --list
  tkafka groups --list --group-type consumer
  tkafka groups --list --consumer
  tkafka groups --list --protocol connect`,
  );
  cmd.action(lazyAction<GroupsCliFlags>(program, io, async () => (await import('./action.js')).runGroups));
}
