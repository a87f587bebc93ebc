import type { Command } from 'commander';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import { subcommand } from '../../options/admin-subcommand.js';
import type { QuorumCliFlags } from './action.js';

// Definitions only: the action is imported when `describe` runs.

export function registerMetadataQuorumCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('metadata-quorum')
    .description('describe the KRaft metadata quorum: status and replication (kafka-metadata-quorum.sh)')
    .addHelpText(
      'after',
      `
Output is kafka-metadata-quorum.sh's. Our single-node broker is a one-voter quorum; its high
watermark counts the metadata records a KRaft log would hold for its state.

Examples:
  tkafka metadata-quorum describe --status
  tkafka metadata-quorum --bootstrap-server localhost:9092 describe --replication --human-readable`,
    );
  addConnectionOptions(cmd);
  addOutputOptions(cmd);
  subcommand<QuorumCliFlags>(cmd, program, io, 'describe', 'Describe the metadata quorum info', async () => (await import('./action.js')).runMetadataQuorum)
    .option('--status', 'A short summary of the quorum status and the other provides detailed information about the status of replication.')
    .option('--replication', 'Detailed information about the status of replication')
    .option('--human-readable', 'Human-readable output');
}
