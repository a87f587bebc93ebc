// npm run kafka:ref -- start [--nodes 1|3] [--version V] [--sasl] [--dir D] | stop --dir D | tool --dir D <MainClass> args...
// Starts Apache Kafka from Maven jars on free loopback ports and prints how to reach it, its ready time and RSS.
import fs from 'node:fs';
import path from 'node:path';
import { readCluster, runKafkaTool, startKafka, stopKafka, KAFKA_4 } from './kafka-ref.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'start': {
      const dir = flag(args, '--dir');
      const info = await startKafka({
        version: flag(args, '--version') ?? KAFKA_4,
        nodes: Number(flag(args, '--nodes') ?? '1'),
        sasl: args.includes('--sasl'),
        ...(dir === undefined ? {} : { dir: path.resolve(dir) }),
      });
      process.stdout.write(
        [
          `Apache Kafka ${info.version}: ${info.nodes.length} KRaft node(s) ready in ${(info.readyMs / 1000).toFixed(1)} s, RSS ${(info.rssKb / 1024).toFixed(0)} MiB`,
          `bootstrap: ${info.bootstrap}`,
          ...(info.saslBootstrap === undefined ? [] : [`SASL_SSL bootstrap: ${info.saslBootstrap} (--command-config ${info.saslClientConfig ?? ''})`]),
          `dir: ${info.dir}   (stop: npm run kafka:ref -- stop --dir ${info.dir})`,
          '',
        ].join('\n'),
      );
      return 0;
    }
    case 'stop': {
      const dir = flag(args, '--dir');
      if (dir === undefined) throw new Error('stop needs --dir');
      const info = JSON.parse(fs.readFileSync(path.join(dir, 'cluster.json'), 'utf8')) as Parameters<typeof stopKafka>[0];
      stopKafka(info);
      return 0;
    }
    case 'tool': {
      const dir = flag(args, '--dir');
      if (dir === undefined) throw new Error('tool needs --dir');
      const info = readCluster(dir);
      if (info === undefined) throw new Error(`no running cluster in ${dir}`);
      const rest = args.slice(args.indexOf('--dir') + 2);
      const [mainClass, ...toolArgs] = rest;
      if (mainClass === undefined) throw new Error('tool needs a main class');
      const input = process.stdin.isTTY ? '' : fs.readFileSync(0, 'utf8');
      const r = await runKafkaTool(info, mainClass, toolArgs, { input });
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      return r.exitCode ?? 1;
    }
    case undefined:
    default:
      process.stderr.write('usage: npm run kafka:ref -- start [--nodes N] [--version V] [--sasl] [--dir D] | stop --dir D | tool --dir D MainClass [args]\n');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`kafka:ref: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
