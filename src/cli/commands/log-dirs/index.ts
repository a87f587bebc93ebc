import { Option } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import { addConnectionOptions } from '../../options/connection.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { LogDirsCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

export function registerLogDirsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('log-dirs')
    .description('log directories of brokers and the size of each partition in them (kafka-log-dirs.sh)')
    .addOption(new Option('--describe', 'describe the log directories of the brokers (required)'))
    .addOption(new Option('--broker-list <ids>', 'brokers to query, e.g. "0,1,2" (default: every broker of the cluster)'))
    .addOption(new Option('--topic-list <topics>', 'topics to show, e.g. "topic1,topic2" (default: all)'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Output is kafka-log-dirs.sh's: two lines, then one line of JSON,
{"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"t-0","size":123,"offsetLag":0,"isFuture":false}],"error":null,"logDir":"/data"}]}],"version":1}
(size in bytes on disk; keys and lists in Kafka's order).

JSON output (-o json): one document {"version":1,"brokers":[{"broker","logDirs":[{"logDir","error",
"totalBytes","usableBytes","partitions":[{"partition","size","offsetLag","isFuture"}]}]}]}

Examples:
  tkafka log-dirs --describe
  tkafka log-dirs --describe --topic-list orders,payments
  tkafka log-dirs --describe --broker-list 1,2 -o json`,
  );
  cmd.action(lazyAction<LogDirsCliFlags>(program, io, async () => (await import('./action.js')).runLogDirsCommand));
}
