import { Option, type Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { ClientMetricsCliFlags } from './action.js';

// Definitions only: the action is imported when the command runs.

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const SELECTORS = ['client_id', 'client_instance_id', 'client_software_name', 'client_software_version', 'client_source_address', 'client_source_port'];

export function registerClientMetricsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('client-metrics')
    .description('list, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)')
    .addOption(new Option('--alter', 'Alter the configuration for the client metrics resource.'))
    .addOption(new Option('--delete', 'Delete the configuration for the client metrics resource.'))
    .addOption(new Option('--describe', 'List configurations for the client metrics resource.'))
    .addOption(new Option('--list', 'List the client metrics resources.'))
    .addOption(new Option('--name <name>', 'Name of client metrics configuration resource.'))
    .addOption(new Option('--generate-name', 'Generate a UUID to use as the name.'))
    .addOption(new Option('--interval <push interval>', 'The metrics push interval in milliseconds. Leave empty to reset the interval.'))
    .addOption(new Option('--match <k1=v1,k2=v2>', `Matching selector 'k1=v1,k2=v2' (repeatable). Valid selector names: ${SELECTORS.join(', ')}.`).argParser(collect))
    .addOption(new Option('--metrics <m1,m2>', "Telemetry metric name prefixes 'm1,m2' (repeatable).").argParser(collect));
  addConnectionOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Exactly one of --alter, --delete, --describe, --list. Output and messages are
kafka-client-metrics.sh's (Kafka 4.4); a failure prints "Error while executing client metrics
command : <message>" on stdout and exits 1; usage errors exit 2. A subscription exists while it has
a config: --alter with an empty value (--interval '', --metrics '') removes that key, --delete
removes them all.

JSON output (-o json): --list {"resources":[name]}; --describe {"resources":[{"name","configs":{key:value}}]};
--alter {"altered":name,"set":{key:value},"deleted":[key]}; --delete {"deleted":name}.

Examples:
  tkafka client-metrics --list
  tkafka client-metrics --alter --name producers --metrics org.apache.kafka.producer. --interval 60000 --match client_software_name=apache-kafka-java
  tkafka client-metrics --alter --generate-name --metrics '*'
  tkafka client-metrics --describe --name producers
  tkafka client-metrics --delete --name producers`,
  );
  cmd.action(
    lazyAction<ClientMetricsCliFlags>(program, io, async () => (await import('./action.js')).runClientMetricsCommand),
  );
}
