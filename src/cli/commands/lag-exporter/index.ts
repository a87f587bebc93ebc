import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { addConnectionOptions } from '../../options/connection.js';
import { parseDuration } from '../../options/parsers.js';
import { addOutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';
import type { LagExporterCliFlags } from './action.js';

// Definitions only: the action (native client, HTTP server, prom-client) is imported when the command runs.

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerLagExporterCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('lag-exporter')
    .description("Prometheus exporter of consumer lag and partition offsets for any cluster: kafka_exporter's metrics")
    .addOption(new Option('--listen <host:port>', 'address to serve /metrics on (:port for all interfaces, port 0 for a free one)').default('127.0.0.1:9308'))
    .addOption(new Option('--interval <duration>', 'collection period (500ms, 15s, 1m); scrapes are served from the last collection').argParser(parseDuration).default(15_000, '15s'))
    .addOption(completeWith(new Option('--group <regex>', 'collect groups whose id contains a match (repeatable; default: all groups; ^id$ for one)').argParser(collect), 'groups'))
    .addOption(new Option('--exclude-group <regex>', 'leave out groups whose id contains a match (repeatable)').argParser(collect))
    .addOption(completeWith(new Option('--include <regex>', 'collect topics whose name contains a match (repeatable; default: all topics, internal ones too)').argParser(collect), 'topics'))
    .addOption(new Option('--exclude <regex>', 'leave out topics whose name contains a match (repeatable)').argParser(collect))
    .addOption(new Option('--timeout <duration>', 'time to wait for group coordinators in a collection').argParser(parseDuration).default(5000, '5s'))
    .addOption(new Option('--once', 'collect once, print the metrics (or -o json: the snapshot) and exit'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Serves /metrics (Prometheus text format), / (a short page) and /healthz. Each --interval it collects
brokers and partitions (Metadata), oldest and log end offsets (ListOffsets), groups (ListGroups,
DescribeGroups) and their committed offsets (OffsetFetch); lag is log end - committed, and lag in
seconds is the age of the record at the committed offset. Metric names and labels are
danielqsj/kafka_exporter's (kafka_consumergroup_lag{consumergroup,topic,partition}, ...), so its
dashboards and alerts work; README's Monitoring section lists every family.

Filters work as kafka_exporter's --group.filter/--topic.filter: unanchored regular expressions, a name
is kept when it contains a match of any include pattern and of no exclude pattern.

When the cluster cannot be reached it keeps serving (kafka_brokers 0, tkafka_lag_exporter_up 0),
logs the error on stderr and tries again each interval. Ctrl-C or SIGTERM stops it.

JSON output (--once -o json): {"brokers","brokerInfo":[{"id","address"}],"topics":[{"topic","partitions":
  [{"partition","oldestOffset","currentOffset","leader","replicas","isr"}]}],"groups":[{"group","members",
  "offsets":[{"topic","partition","committedOffset","lag","lagSeconds"}]}]}

Examples:
  tkafka lag-exporter --listen 127.0.0.1:9308
  tkafka lag-exporter --bootstrap-server kafka1:9092 --command-config client.properties --listen :9308
  tkafka lag-exporter --group '^orders-' --exclude '^__' --interval 30s
  tkafka lag-exporter --once -o json`,
  );
  cmd.action(lazyAction<LagExporterCliFlags>(program, io, async () => (await import('./action.js')).runLagExporterCommand));
}
