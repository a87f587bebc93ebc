// The command tree as shell completion sees it, read from the real commander program: every
// visible command, its options (with the values they complete to) and positional choices.
import type { Command, Option } from 'commander';
import { completionHint, type CompletionValues } from './hints.js';

export interface CompletionOption {
  /** `--topic`; null for short-only options. */
  long: string | null;
  /** `-o`; null when there is none. */
  short: string | null;
  /** Takes a value (`<v>` or `[v]`). */
  takesValue: boolean;
  /** The value may be left out (`[v]`). */
  optionalValue: boolean;
  description: string;
  values: CompletionValues | null;
}

export interface CompletionCommand {
  name: string;
  /** Names from the root's first subcommand down to this one; empty for the root. */
  path: string[];
  description: string;
  options: CompletionOption[];
  subcommands: CompletionCommand[];
  /** Choices of the first positional argument, if it has any. */
  argumentValues: string[];
}

/** Values for options no definition tagged: named like what they take. */
function guessValues(long: string | null): CompletionValues | null {
  if (long === null) return null;
  if (long === '--topic') return 'topics';
  if (long === '--group') return 'groups';
  if (/(config|file|-dir)$/.test(long)) return 'files';
  return null;
}

function valuesOf(option: Option): CompletionValues | null {
  if (option.argChoices !== undefined && option.argChoices.length > 0) return { values: [...option.argChoices] };
  return completionHint(option) ?? guessValues(option.long ?? null);
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim();
}

/** Walks `root` (the program from createProgram), leaving out hidden commands and options. */
export function completionModel(root: Command, path: string[] = []): CompletionCommand {
  const help = root.createHelp();
  const options: CompletionOption[] = help.visibleOptions(root).map((o) => ({
    long: o.long ?? null,
    short: o.short ?? null,
    takesValue: o.required || o.optional,
    optionalValue: o.optional,
    description: firstLine(o.description),
    values: o.required || o.optional ? valuesOf(o) : null,
  }));
  const subcommands = help
    .visibleCommands(root)
    .filter((c) => c.name() !== 'help')
    .map((c) => completionModel(c, [...path, c.name()]));
  const firstArg = root.registeredArguments[0];
  return {
    name: root.name(),
    path,
    description: firstLine(root.description()),
    options,
    subcommands,
    argumentValues: firstArg?.argChoices === undefined ? [] : [...firstArg.argChoices],
  };
}

/** Every command of the tree, root first, depth-first. */
export function allCommands(root: CompletionCommand): CompletionCommand[] {
  return [root, ...root.subcommands.flatMap(allCommands)];
}
