import { Option } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { DumpLogFlags } from '../../../core/dump-log/options.js';

// Definitions only: the action (file readers, record codecs) is imported when the command runs.

export function registerDumpLogCommand(program: Command, io: CliIO): void {
  const cmd: Command = program
    .command('dump-log')
    .description("print the batches, records and index entries of log segment files, offline (kafka-dump-log.sh)")
    .addOption(new Option('--files <file1,file2,...>', 'REQUIRED: the comma separated list of data and index log files to be dumped'))
    .addOption(new Option('--print-data-log', 'print the messages content when dumping data logs (set by any decoder option)'))
    .addOption(new Option('--deep-iteration', 'iterate the records inside each batch (set by --print-data-log)'))
    .addOption(new Option('--verify-index-only', 'just verify the index against its log, without printing its content'))
    .addOption(new Option('--index-sanity-check', "just check the index's sanity (the check a broker runs on start-up)"))
    .addOption(new Option('--max-message-size <size>', 'size of the largest message (default: 5242880)'))
    .addOption(new Option('--max-bytes <size>', 'limit the bytes of batches read from each .log file (default: 2147483647)'))
    .addOption(new Option('--key-decoder-class [class]', 'deserializer of the keys: org.apache.kafka.tools.api.StringDecoder (default), IntegerDecoder or LongDecoder'))
    .addOption(new Option('--value-decoder-class [class]', 'deserializer of the values: org.apache.kafka.tools.api.StringDecoder (default), IntegerDecoder or LongDecoder'))
    .addOption(new Option('--offsets-decoder', 'parse the records as __consumer_offsets keys and values'))
    .addOption(new Option('--transaction-log-decoder', 'parse the records as __transaction_state keys and values'))
    .addOption(new Option('--cluster-metadata-decoder', 'parse the records as cluster metadata records (not supported)'))
    .addOption(new Option('--remote-log-metadata-decoder', 'parse the records as remote log metadata records (not supported)'))
    .addOption(new Option('--share-group-state-decoder', 'parse the records as __share_group_state records (not supported)'))
    .addOption(new Option('--skip-record-metadata', 'skip the metadata of each record (and control records)'));
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Reads segment files directly (no broker): a .log or KRaft .checkpoint segment prints one line per
batch ("baseOffset: .. lastOffset: .. count: .. position: .. size: .. compresscodec: .. crc: ..
isvalid: true"), with --deep-iteration one "| offset: .." line per record, and with
--print-data-log its key and payload; .index and .timeindex files print their entries and are
checked against their segment (mismatches on stderr); producer .snapshot and .txnindex files print
their entries. Output is kafka-dump-log.sh's (Kafka 4.4), byte for byte, on our broker's segments
and on Kafka's, message format v0/v1 entries included ("offset: .. position: .. magic: 1 ..", the
inner messages of compressed wrappers). Failures print Kafka's message as one line and exit 1.

JSON output (-o json): {"files":[{"file","kind":"log","batches":[{"position","size","magic",..,
"records":[{"offset","timestamp",..,"key","value","headers"}]}],"trailingBytes",
"nonConsecutiveOffsets"}, {"kind":"offset-index"|"time-index","entries",..mismatches},
{"kind":"producer-snapshot"|"transaction-index","entries"}, {"kind":"unknown"}]} (README: dump-log)

Examples:
  tkafka dump-log --files data/orders-0/00000000000000000000.log --print-data-log
  tkafka dump-log --files data/orders-0/00000000000000000000.index,data/orders-0/00000000000000000000.timeindex
  tkafka dump-log --files data/__consumer_offsets-12/00000000000000000000.log --offsets-decoder
  tkafka dump-log --files data/__transaction_state-3/00000000000000000000.log --transaction-log-decoder
  tkafka dump-log --files data/orders-0/00000000000000000000.log --print-data-log -o json`,
  );
  cmd.action(lazyAction<DumpLogFlags>(program, io, async () => (await import('./action.js')).runDumpLogCommand));
}
