import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { collectKeyValue, parseDuration, parseNonNegativeInt, parsePort } from '../../options/parsers.js';
import type { LogsFlags, StartFlags, StatusFlags, StopFlags } from './action.js';

// Definitions only: every action module is imported when its command runs, never for --help.

/** A repeatable option's values, in order. */
const collectList = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const DATA_DIR_HELP = 'broker data directory (default: $TKAFKA_DATA_DIR or ~/.tkafka/data)';

export function registerBrokerCommand(program: Command, io: CliIO): void {
  const broker = program
    .command('broker')
    .description('run the bundled single-node Kafka broker: start, stop, status, logs')
    .addHelpText(
      'after',
      `
Examples:
  tkafka broker start                      # background broker on 127.0.0.1:9092
  tkafka broker start --port 19092 --data-dir ./kafka-data --config num.partitions=3
  tkafka broker start --secure             # plus SASL_SSL (SCRAM-SHA-512) on 127.0.0.1:9093
  tkafka broker start --add-scram 'SCRAM-SHA-512=[name=alice,password=alice-secret]'
  tkafka broker status --json
  tkafka broker logs -f
  tkafka broker stop`,
    );

  const start = broker
    .command('start')
    .description('start the broker in the background and print its address (--foreground: run in this terminal)')
    .option('--port <port>', 'TCP port to listen on (default: 9092, or the port in listeners=)', parsePort)
    .option('--host <host>', 'address to bind; 0.0.0.0 for all interfaces (default: 127.0.0.1)')
    .option('--advertised-host <host>', 'host name clients are told to connect to (default: --host)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--config <key=value>', 'broker config by its Kafka name, e.g. num.partitions=3 (repeatable)', collectKeyValue)
    .option('--config-file <file>', 'read broker config from a server.properties file; --config wins over it')
    .option('--foreground', 'run in this process with logs on stderr; Ctrl-C or SIGTERM stops it cleanly')
    .option('--ready-file <file>', 'with --foreground: once the broker accepts connections, write its address to <file> as one JSON object ({"event":"ready","bootstrap":...}); removed on stop')
    .option('--ephemeral', 'with --foreground: use a new private temporary data dir, removed on stop (for test suites)')
    .option('--add-scram <spec>', "create a SCRAM user before starting, kafka-storage format's syntax: 'SCRAM-SHA-512=[name=alice,password=alice-secret]' (also iterations=, salt=/saltedpassword=; repeatable)", collectList)
    .option('--secure', 'also listen with SASL_SSL on the next port: creates a CA, a broker certificate and a SCRAM-SHA-512 user in <data-dir>/secure once, and prints the client properties to use')
    .addHelpText(
      'after',
      `
The background broker logs to <data-dir>/broker.log and records its pid in <data-dir>/broker.pid.
listeners= and advertised.listeners= in --config-file set the listeners (PLAINTEXT, SSL, SASL_PLAINTEXT,
SASL_SSL); --host/--port set the first one. TLS and SASL take Kafka's ssl.* and sasl.* keys.
--config metrics.port=9644 serves Prometheus metrics at http://<host>:9644/metrics (0 or absent: off).
For test suites in any language: 'tkafka broker start --foreground --ephemeral --port 0 --ready-file F'
picks a free port and writes {"event":"ready","bootstrap":"127.0.0.1:PORT",...} to F once ready; with
--json the same line goes to stdout.`,
    );
  addOutputOptions(start).action(lazyAction<StartFlags>(program, io, async () => (await import('./action.js')).runStart));

  broker
    .command('stop')
    .description('stop the background broker: SIGTERM, then SIGKILL after --timeout')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--timeout <duration>', 'how long to wait for a graceful stop, e.g. 10s, 500ms (default: 10s)', parseDuration)
    .action(lazyAction<StopFlags>(program, io, async () => (await import('./action.js')).runStop));

  const status = broker
    .command('status')
    .description('show whether the broker runs, its address, pid, uptime and data dir usage (exit 1 if not running)')
    .option('--data-dir <dir>', DATA_DIR_HELP);
  addOutputOptions(status).action(lazyAction<StatusFlags>(program, io, async () => (await import('./action.js')).runStatus));

  broker
    .command('logs')
    .description("print the background broker's log")
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('-n, --lines <n>', 'print only the last N lines', parseNonNegativeInt)
    .action(lazyAction<LogsFlags>(program, io, async () => (await import('./action.js')).runLogs));
}
