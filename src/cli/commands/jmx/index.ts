import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { UsageError } from '../../../shared/errors.js';
import { lazyAction } from '../../action.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { JmxCliFlags } from './action.js';

// Definitions only: the action (the JMX RMI client) is imported when the command runs.

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** Kafka reads these with joptsimple's valueOf, which refuses an option given twice. */
function once(name: string): (v: string, prev: string | undefined) => string {
  return (v, prev) => {
    if (prev !== undefined) throw new UsageError(`Found multiple arguments for option ${name}, but you asked for only one`);
    return v;
  };
}

export function registerJmxCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('jmx')
    .description("dump JMX values of a Kafka broker (or any JVM) over RMI, no JVM needed (kafka-jmx.sh)")
    .addOption(new Option('--jmx-url <service-url>', 'the JMXServiceURL to poll (service:jmx:rmi:///jndi/rmi://host:port/jmxrmi)').default(undefined, 'service:jmx:rmi:///jndi/rmi://:9999/jmxrmi').argParser(once('jmx-url')))
    .addOption(new Option('--object-name <name>', 'an ObjectName to query, may contain wildcards; repeatable (default: every MBean)').argParser(collect))
    .addOption(new Option('--attributes <names>', 'comma separated attributes to include (default: all)').argParser(once('attributes')))
    .addOption(new Option('--reporting-interval <ms>', 'poll interval in ms; -1 means --one-time').default(undefined, '2000').argParser(once('reporting-interval')))
    .addOption(new Option('--one-time [one-time]', 'poll once and exit (given at all, even as false, it means once: Kafka reads only its presence)'))
    .addOption(completeWith(new Option('--report-format <format>', "'original' (a CSV header and a row per poll), 'properties', 'csv' or 'tsv' (key and value lines); any other name is original").default(undefined, 'original').argParser(once('report-format')), { values: ['original', 'properties', 'csv', 'tsv'] }))
    .addOption(new Option('--date-format <format>', 'java.text.SimpleDateFormat pattern of the time field (default: epoch ms)').argParser(once('date-format')))
    .addOption(new Option('--wait', 'wait (up to 10 s) for the named objects to exist; only for names without patterns'))
    .addOption(new Option('--jmx-auth-prop <user=password>', 'credentials for remote JMX with password authentication').argParser(once('jmx-auth-prop')))
    .addOption(new Option('--jmx-ssl-enable <ssl-enable>', "the RMI registry over TLS (given at all, even as false, it means TLS, as in Kafka); trusts Node's CAs and NODE_EXTRA_CA_CERTS"));
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Connects with our own RMI client (JRMP and Java serialization in TypeScript): the broker JVM needs
remote JMX on, e.g. KAFKA_JMX_OPTS or JMX_PORT=9999 for kafka-server-start.sh, which sets
-Dcom.sun.management.jmxremote.port=9999 -Dcom.sun.management.jmxremote.authenticate=false
-Dcom.sun.management.jmxremote.ssl=false. tkafka's own broker has no JMX: its metrics are Prometheus
(broker start --config metrics.port=9644, then http://localhost:9644/metrics).

Output (Kafka's): "Trying to connect to JMX url: ..." on stderr; with --report-format original a
header "time","<objectName>:<attribute>",... then a row per poll; properties, csv and tsv print one
"key=value", 'key,"value"' or "key<TAB>value" line per attribute. Keys are sorted, "time" first.

JSON output (-o json): one line per poll, {"time":"...","values":{"<objectName>:<attribute>":value}}

Examples:
  tkafka jmx --jmx-url service:jmx:rmi:///jndi/rmi://localhost:9999/jmxrmi --one-time \\
    --object-name 'kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec' --attributes Count,OneMinuteRate
  tkafka jmx --jmx-url service:jmx:rmi:///jndi/rmi://localhost:9999/jmxrmi --object-name 'kafka.server:type=app-info,*' \\
    --report-format properties --one-time
  tkafka jmx --object-name 'kafka.controller:type=KafkaController,name=*' --reporting-interval 5000 --date-format 'yyyy-MM-dd HH:mm:ss'`,
  );
  cmd.action(lazyAction<JmxCliFlags>(program, io, async () => (await import('./action.js')).runJmxCommand));
}
