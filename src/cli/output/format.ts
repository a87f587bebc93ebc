import { Option } from 'commander';
import type { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import type { CliIO } from './io.js';

export const OUTPUT_FORMATS = ['text', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputOptions {
  json?: boolean;
  output?: string;
}

/** Adds `--json` and `-o, --output <format>` (the two spellings people reach for first). */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--json', 'print one JSON document on stdout (same as -o json)'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS));
}

export function resolveOutputFormat(opts: OutputOptions): OutputFormat {
  if (opts.json === true) {
    if (opts.output !== undefined && opts.output !== 'json') {
      throw new UsageError(`--json conflicts with --output ${opts.output}`, 'Use one of them.');
    }
    return 'json';
  }
  return opts.output === 'json' ? 'json' : 'text';
}

/** One JSON document, two-space indented, newline-terminated; never coloured. */
export function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One JSON value per line, for streams of records. */
export function writeJsonLine(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/** `key: value` lines with the values aligned, the layout of tkafka's human-readable reports. */
export function formatFields(fields: ReadonlyArray<readonly [string, string]>, indent = '  '): string {
  const width = Math.max(0, ...fields.map(([k]) => k.length + 1));
  return fields.map(([k, v]) => `${indent}${`${k}:`.padEnd(width)} ${v}`).join('\n');
}
