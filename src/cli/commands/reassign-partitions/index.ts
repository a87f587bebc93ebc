import { Option } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import { packageVersion } from '../../version.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { ReassignCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

export function registerReassignPartitionsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('reassign-partitions')
    .description('move partition replicas between brokers: generate, execute, verify, cancel, list (kafka-reassign-partitions.sh)')
    .addOption(new Option('--generate', 'propose an assignment of --topics-to-move-json-file over --broker-list (does not execute it)'))
    .addOption(new Option('--execute', 'start the reassignment in --reassignment-json-file'))
    .addOption(new Option('--verify', 'report the reassignment in --reassignment-json-file; once complete, clear the throttles'))
    .addOption(new Option('--cancel', 'cancel the active reassignments of --reassignment-json-file'))
    .addOption(new Option('--list', 'list the active partition reassignments'))
    .addOption(new Option('--topics-to-move-json-file <file>', 'with --generate: {"topics":[{"topic":"foo"}],"version":1}'))
    .addOption(new Option('--broker-list <ids>', 'with --generate: the brokers to spread the replicas over, e.g. "0,1,2"'))
    .addOption(new Option('--disable-rack-aware', 'with --generate: ignore the brokers\' racks'))
    .addOption(new Option('--reassignment-json-file <file>', '{"version":1,"partitions":[{"topic":"foo","partition":1,"replicas":[1,2,3],"log_dirs":["any","any","any"]}]}'))
    .addOption(new Option('--throttle <bytes/sec>', 'with --execute: throttle the replica movement between brokers (default: -1, none)'))
    .addOption(new Option('--replica-alter-log-dirs-throttle <bytes/sec>', 'with --execute: throttle moves between log dirs of a broker (default: -1, none)'))
    .addOption(new Option('--additional', 'with --execute: start it next to the ongoing reassignments (or change their throttle)'))
    .addOption(new Option('--preserve-throttles', 'with --verify/--cancel: leave broker and topic throttles alone'))
    .addOption(new Option('--timeout <ms>', 'time to wait for log directory moves to begin (default: 10000)'))
    .addOption(new Option('--disallow-replication-factor-change', 'refuse reassignments that change a partition\'s replication factor'))
    .addOption(new Option('--bootstrap-controller <host:port,...>', 'controller(s) to connect to instead of --bootstrap-server (--cancel, --list)'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Exactly one action. Output is kafka-reassign-partitions.sh's, byte for byte; failures print
"Error: <message>" (or Kafka's own sentence) on stdout and exit 1. --generate's proposal is random
where Kafka's is (the start broker and follower shift).

JSON output (-o json), one document on stdout:
  --generate  {"current":[{"topic","partition","replicas"}],"proposed":[...]}
  --execute   {"started":[{"topic","partition"}]}
  --verify    {"ongoing","partitions":[{"topic","partition","currentReplicas","targetReplicas","done"}]}
  --cancel    {"cancelled":[{"topic","partition"}]}
  --list      {"reassignments":[{"topic","partition","replicas","addingReplicas","removingReplicas"}]}

Examples:
  echo '{"topics":[{"topic":"orders"}],"version":1}' > topics.json
  tkafka reassign-partitions --generate --topics-to-move-json-file topics.json --broker-list 1,2,3
  tkafka reassign-partitions --execute --reassignment-json-file plan.json --throttle 10000000
  tkafka reassign-partitions --verify --reassignment-json-file plan.json
  tkafka reassign-partitions --list`,
  );
  cmd.action(lazyAction<ReassignCliFlags>(program, io, async () => (await import('./action.js')).runReassignPartitions));
}
