import type { Command } from 'commander';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import { intArg, longArg, shortArg, subcommand } from '../../options/admin-subcommand.js';
import type { TxnCliFlags } from './action.js';

// Definitions only: the action (native client, admin calls) is imported when a subcommand runs.

export function registerTransactionsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('transactions')
    .description('analyse transactional producers and recover hanging transactions (kafka-transactions.sh)')
    .addHelpText(
      'after',
      `
Tables are kafka-transactions.sh's, byte for byte (cells padded, a TAB after each); -o json prints
the rows as objects keyed by the column names. Failures print Kafka's message on stderr, exit 1.

Examples:
  tkafka transactions list
  tkafka transactions list --transactional-id-pattern 'payments-.*'
  tkafka transactions --bootstrap-server localhost:9092 describe --transactional-id payments
  tkafka transactions describe-producers --topic orders --partition 0
  tkafka transactions find-hanging --broker-id 1 --max-transaction-timeout 5
  tkafka transactions abort --topic orders --partition 0 --start-offset 42
  tkafka transactions forceTerminateTransaction --transactionalId payments`,
    );
  addConnectionOptions(cmd);
  addOutputOptions(cmd);
  const load = async () => (await import('./action.js')).runTransactions;
  const sub = (name: string, description: string): Command => subcommand<TxnCliFlags>(cmd, program, io, name, description, async () => {
    const run = await load();
    return (flags, cliIo) => run(name, flags, cliIo);
  });

  sub('list', 'list transactions')
    .option('--duration-filter <ms>', 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned', longArg)
    .option('--transactional-id-pattern <regex>', 'Transactional id regular expression pattern to filter by');
  sub('describe', 'describe the state of an active transactional-id').requiredOption('--transactional-id <id>', 'transactional id');
  sub('describe-producers', 'describe the states of active producers for a topic partition')
    .option('--broker-id <id>', 'optional broker id to describe the producer state on a specific replica', intArg)
    .requiredOption('--topic <topic>', 'topic name')
    .requiredOption('--partition <n>', 'partition number', intArg);
  sub('abort', 'abort a hanging transaction (requires administrative privileges)')
    .requiredOption('--topic <topic>', 'topic name')
    .requiredOption('--partition <n>', 'partition number', intArg)
    .option('--start-offset <offset>', 'start offset of the transaction to abort (brokers 3.0 and above)', longArg)
    .option('--producer-id <id>', 'producer id (brokers older than 3.0)', longArg)
    .option('--producer-epoch <epoch>', 'producer epoch (brokers older than 3.0)', shortArg)
    .option('--coordinator-epoch <epoch>', 'coordinator epoch (brokers older than 3.0)', intArg);
  sub('find-hanging', 'find hanging transactions')
    .option('--broker-id <id>', 'broker id to search for hanging transactions', intArg)
    .option('--max-transaction-timeout <minutes>', 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)', intArg, 15)
    .option('--topic <topic>', 'topic name to limit search to (required if --partition is specified)')
    .option('--partition <n>', 'partition number', intArg);
  sub('forceTerminateTransaction', 'Force abort an ongoing transaction on transactionalId (requires administrative privileges)').requiredOption('--transactionalId <id>', 'transactional id');
}
