// The fuzzer's broker, in its own process so a crash is a dead pid rather than a dead test runner:
// `node --import tsx test/fuzz/run-broker.ts <dataDir> '<config JSON>'`. Every log line goes to
// stderr (the fuzzer reads the handler exceptions there); "READY <listeners JSON>" goes to stdout.
// No uncaughtException handler: an exception that escapes kills the process, as it would the CLI's.
import { serverOf } from '../../src/embedded/internals.js';
import { startBroker } from '../../src/index.js';

const [dataDir, configJson] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: run-broker.ts <dataDir> [config JSON]');
const config = JSON.parse(configJson ?? '{}') as Record<string, string>;
const running = await startBroker({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  config,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`READY ${JSON.stringify(Object.fromEntries(serverOf(running).listeners.map((l) => [l.name, l.port])))}\n`);
process.on('SIGTERM', () => {
  void running.stop().then(() => process.exit(0));
});
