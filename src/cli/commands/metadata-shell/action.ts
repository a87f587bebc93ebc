import readline from 'node:readline';
import { Readable } from 'node:stream';
import { loadMetadata, MetadataShellError } from '../../../core/metadata-shell/load.js';
import { complete } from '../../../core/metadata-shell/commands.js';
import { commandJson } from '../../../core/metadata-shell/json.js';
import { newState, runInteractive, runOnce } from '../../../core/metadata-shell/shell.js';
import { TkafkaError, UsageError } from '../../../shared/errors.js';
import { resolveOutputFormat, writeJson, type OutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { packageVersion } from '../../version.js';

export interface MetadataShellFlags extends OutputOptions {
  snapshot?: string;
  command: string[];
}

export async function runMetadataShellCommand(flags: MetadataShellFlags, io: CliIO): Promise<number> {
  if (flags.snapshot === undefined || flags.snapshot === '') throw new UsageError('argument --snapshot/-s is required');
  const interactive = flags.command.length === 0;
  const json = resolveOutputFormat(flags) === 'json';
  if (json && interactive) throw new UsageError('-o json needs a command (cat, find, ls or tree with its paths)');
  let loaded;
  try {
    if (interactive) io.stdout.write('Loading...\n');
    loaded = loadMetadata(flags.snapshot);
  } catch (err) {
    if (err instanceof MetadataShellError) throw new TkafkaError('IO_ERROR', err.message);
    throw err;
  }
  for (const note of loaded.notes) io.stderr.write(`tkafka: ${note}\n`);
  // /local describes the tool that reads the log, as Kafka's shows its own AppInfoParser version.
  const state = newState(loaded.image, { version: packageVersion(), commitId: 'unknown' });
  if (json) {
    const doc = commandJson(state, flags.command);
    if ('error' in doc) throw new UsageError(doc.error);
    writeJson(io, doc);
    return 0;
  }
  if (!interactive) {
    const parts: string[] = [];
    runOnce(state, flags.command, (s) => parts.push(s));
    io.stdout.write(parts.join(''));
    return 0;
  }
  io.stdout.write('Starting...\n');
  const input = io.stdin();
  const tty = input.isTTY && io.stdoutIsTTY;
  // On a terminal readline needs the tty itself (raw mode: line editing, Ctrl-C as a key, history);
  // otherwise lines come from io's stdin, and leaving on `exit` releases it under the wrapper, which
  // then reports a premature close: nothing to report.
  const source = tty ? undefined : Readable.from(input);
  source?.on('error', () => undefined);
  const rl = tty
    ? readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true, completer: (line: string) => complete(state, line) })
    : readline.createInterface({ input: source as Readable, terminal: false });
  rl.setPrompt('>> ');
  rl.on('SIGINT', () => {
    // Kafka's shell answers Ctrl-C with ^C and a new prompt, and goes on.
    io.stdout.write('^C\n');
    rl.prompt();
  });
  try {
    await runInteractive(state, {
      lines: rl,
      out: (s) => io.stdout.write(s),
      prompt: () => (tty ? rl.prompt() : io.stdout.write('>> ')),
      ...(tty && process.stdout.columns !== undefined ? { screenWidth: process.stdout.columns } : {}),
    });
  } finally {
    rl.close();
    source?.destroy();
    input.destroy();
  }
  return 0;
}
