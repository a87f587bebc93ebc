import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import { addConnectionOptions } from '../../options/connection.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { BrokerApiVersionsCliFlags } from './action.js';

// Definitions only: the action (native client) is imported when the command runs.

export function registerBrokerApiVersionsCommand(program: Command, io: CliIO): void {
  const cmd = program.command('broker-api-versions').description('the API versions every broker of the cluster supports, and which tkafka can use (kafka-broker-api-versions.sh)');
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Per broker "host:port (id: 1 rack: null isFenced: false) -> (", one line per API,
"<tab>Produce(0): 0 to 11 [usable: 11]," and ")". Usable is the highest version both the broker
and tkafka's protocol table speak; "[unusable: node too new/old]" when there is none; UNSUPPORTED
for an API the broker does not offer; UNKNOWN(n) for an API tkafka does not know.

JSON output (-o json): {"brokers":[{"id","host","port","rack","apis":[{"apiKey","name","minVersion",
"maxVersion","status","usable"}]}]} (status: usable, node too new, node too old, unsupported, unknown;
a broker that could not be asked has "error" instead of "apis")

Examples:
  tkafka broker-api-versions
  tkafka broker-api-versions --bootstrap-server kafka1:9092 --command-config client.properties
  tkafka broker-api-versions -o json`,
  );
  cmd.action(lazyAction<BrokerApiVersionsCliFlags>(program, io, async () => (await import('./action.js')).runBrokerApiVersionsCommand));
}
