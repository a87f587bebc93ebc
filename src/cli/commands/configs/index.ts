import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { packageVersion } from '../../version.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { ConfigsCliFlags } from './action.js';

// Definitions only: the action (native client, admin) is imported when the command runs.

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const ENTITY_TYPES = ['topics', 'clients', 'users', 'brokers', 'broker-loggers', 'ips', 'client-metrics', 'groups'];

const CONFIGS_JSON_HELP = `JSON output (-o json), one document on stdout:
  --describe of topics/brokers/broker-loggers/groups/client-metrics
      {"entities":[{"entityType","entityName","configs":[{"name","value","source","sensitive","readOnly","synonyms":[{"name","value","source"}]}]}]}
  --describe of users/clients/ips
      {"quotas":[{"entity":{"user"|"client-id"|"ip":name|null},"values":{key:number}}],"scram":[{"user","credentials":[{"mechanism","iterations"}]}]}
  --alter  {"altered":{"entityType","entityName","set":{key:value},"deleted":[key]}}`;

export function registerConfigsCommand(program: Command, io: CliIO): void {
  // --entity-name and --entity-default pair with --entity-type by their order on the command line.
  const nameOrder: string[] = [];
  const cmd = program
    .command('configs')
    .description("describe and alter topic, broker, user, client, ip, group and client-metrics configs, SCRAM credentials and quotas (kafka-configs.sh)")
    .addOption(new Option('--describe', 'list configs for the given entity'))
    .addOption(new Option('--alter', 'alter the configuration for the entity'))
    .addOption(new Option('--all', 'list all configs for the given entity, including static configs if available'))
    .addOption(completeWith(new Option('--entity-type <type>', `type of entity (${ENTITY_TYPES.join('/')}) (repeatable: users and clients together)`).argParser(collect), { values: ENTITY_TYPES }))
    .addOption(new Option('--entity-name <name>', 'name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)'))
    .addOption(new Option('--entity-default', 'default entity name for clients/users/brokers/ips (applies to corresponding entity type)'))
    .addOption(new Option('--add-config <k=v,...>', "configs to add: 'k1=v1,k2=[v1,v2,v2],k3=v3' (brackets group values with commas); SCRAM: 'SCRAM-SHA-256=[iterations=8192,password=secret]'").argParser(collect))
    .addOption(new Option('--add-config-file <file>', 'a properties file with configs to add'))
    .addOption(new Option('--delete-config <k1,k2>', 'config keys to remove (repeatable)').argParser(collect))
    .addOption(completeWith(new Option('--topic <topic>', "the topic's name"), 'topics'))
    .addOption(new Option('--client <client>', "the client's ID"))
    .addOption(new Option('--client-defaults', 'the config defaults for all clients'))
    .addOption(new Option('--user <user>', "the user's principal name"))
    .addOption(new Option('--user-defaults', 'the config defaults for all users'))
    .addOption(new Option('--broker <id>', "the broker's ID"))
    .addOption(new Option('--broker-defaults', 'the config defaults for all brokers'))
    .addOption(new Option('--broker-logger <id>', "the broker's ID for its logger config"))
    .addOption(new Option('--ip <ip>', 'the IP address'))
    .addOption(new Option('--ip-defaults', 'the config defaults for all IPs'))
    .addOption(completeWith(new Option('--group <group>', "the group's ID"), 'groups'))
    .addOption(new Option('--client-metrics <name>', 'the client metrics config resource name'))
    .addOption(new Option('--force', 'accepted for compatibility (kafka-configs asks nothing)').hideHelp())
    .addOption(new Option('--bootstrap-controller <host:port,...>', 'controller(s) to connect to instead of --bootstrap-server'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.on('option:entity-name', (v: string) => nameOrder.push(v));
  cmd.on('option:entity-default', () => nameOrder.push(''));
  cmd.addHelpText(
    'after',
    `
Exactly one of --describe, --alter. Output is kafka-configs.sh's, byte for byte; Kafka's errors
print as one line "tkafka: <Kafka's message>" on stderr (exit 1; usage errors exit 2).

${CONFIGS_JSON_HELP}

Examples:
  tkafka configs --describe --entity-type topics --entity-name orders
  tkafka configs --describe --topic orders --all
  tkafka configs --alter --topic orders --add-config retention.ms=86400000,cleanup.policy=[compact,delete]
  tkafka configs --alter --topic orders --delete-config retention.ms
  tkafka configs --describe --entity-type brokers --entity-default
  tkafka configs --alter --entity-type users --entity-name alice --add-config 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]'
  tkafka configs --describe --entity-type users --entity-name alice
  tkafka configs --alter --user alice --client app --add-config producer_byte_rate=1048576
  tkafka configs --describe --ip-defaults -o json`,
  );
  cmd.action(
    lazyAction<ConfigsCliFlags>(program, io, async () => {
      const run = (await import('./action.js')).runConfigs;
      return (flags, cliIo) => run({ ...flags, entityNameOrder: [...nameOrder] }, cliIo);
    }),
  );
}
