import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { addConnectionOptions } from '../../options/connection.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { DeleteRecordsCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

export function registerDeleteRecordsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('delete-records')
    .description('delete the records of partitions below an offset (kafka-delete-records.sh)')
    .addOption(new Option('--offset-json-file <file>', 'JSON file with the offset per partition: {"partitions":[{"topic":"foo","partition":1,"offset":1}],"version":1}'))
    .addOption(completeWith(new Option('--topic <topic>', 'inline form (tkafka): the topic, with --partition and --offset'), 'topics'))
    .addOption(new Option('--partition <n>', 'inline form: the partition'))
    .addOption(new Option('--offset <offset>', 'inline form: delete the records before this offset (-1: the high watermark)'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
The log start offset of each partition moves up to the offset (offset -1: the high watermark);
the records below it can no longer be read. Output is kafka-delete-records.sh's: one line per
partition, "partition: foo-1<TAB>low_watermark: N" or "partition: foo-1<TAB>error: <exception>".
Exits 1 when any partition failed (Kafka exits 0).

JSON output (-o json): {"partitions":[{"topic","partition","lowWatermark"} or {"topic","partition","error"}]}

Examples:
  tkafka delete-records --offset-json-file offsets.json
  tkafka delete-records --topic orders --partition 0 --offset 1000
  tkafka delete-records --topic orders --partition 0 --offset -1 -o json`,
  );
  cmd.action(lazyAction<DeleteRecordsCliFlags>(program, io, async () => (await import('./action.js')).runDeleteRecordsCommand));
}
