// kafka-metadata-shell.sh's commands (Kafka's shell/command/*.java): argparse4j's parsing of one
// command line (subcommand names by unique prefix, too few and unrecognized arguments), the glob
// paths (GlobVisitor, GlobComponent) and what ls, cat, tree, find, cd, pwd, history, help, man and
// exit print. Without a shell (a command given on the command line) only cat, find, ls and tree
// exist, as in Kafka. Every message goes to the output, as Kafka's handlers print them.
import { javaCompare, printNode, ShellNodePrinter, type MetadataNode } from './nodes.js';

export interface ShellState {
  root: MetadataNode;
  cwd: string;
}

export interface ShellContext {
  /** True in the interactive shell: the shell-only commands exist, ls lays out columns. */
  interactive: boolean;
  out: (text: string) => void;
  /** The terminal's width for ls's columns (interactive only). */
  screenWidth?: number;
  /** The shell's history, oldest first (the history command). */
  history?: () => readonly string[];
  /** Ends the shell (the exit command). */
  exit?: () => void;
}

interface CommandType {
  name: string;
  description: string;
  shellOnly: boolean;
  /** argparse4j's positional argument: its name, nargs and help. */
  arg?: { name: string; nargs: '*' | '+' | '?' | '1'; help: string; integer?: boolean };
}

export const COMMAND_TYPES: readonly CommandType[] = [
  { name: 'cat', description: 'Show the contents of metadata files.', shellOnly: false, arg: { name: 'targets', nargs: '+', help: 'The metadata files to display.' } },
  { name: 'cd', description: 'Set the current working directory.', shellOnly: true, arg: { name: 'target', nargs: '?', help: 'The directory to change to.' } },
  { name: 'exit', description: 'Exit the metadata shell.', shellOnly: true },
  { name: 'find', description: 'Search for nodes in the directory hierarchy.', shellOnly: false, arg: { name: 'paths', nargs: '*', help: 'The paths to start at.' } },
  { name: 'help', description: 'Display this help message.', shellOnly: true },
  { name: 'history', description: 'Print command history.', shellOnly: true, arg: { name: 'numEntriesToShow', nargs: '?', help: 'The number of entries to show.', integer: true } },
  { name: 'ls', description: 'List metadata nodes.', shellOnly: false, arg: { name: 'targets', nargs: '*', help: 'The metadata node paths to list.' } },
  { name: 'man', description: 'Show the help text for a specific command.', shellOnly: true, arg: { name: 'cmd', nargs: '1', help: 'The command to get help text for.' } },
  { name: 'pwd', description: 'Print the current working directory.', shellOnly: true },
  { name: 'tree', description: 'Show the contents of metadata nodes in a tree structure.', shellOnly: false, arg: { name: 'targets', nargs: '+', help: 'The metadata nodes to display.' } },
];

// ---------------------------------------------------------------------------------------------
// Paths and globs

/** CommandUtils.splitPath then stripDotPathComponents. */
export function pathComponents(path: string): string[] {
  const out: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return out;
}

const REGEX_SPECIAL = new Set(['$', '(', ')', '+', '.', '[', ']', '^', '{', '|']);
const GLOB_SPECIAL = new Set(['*', '?', '\\', '{', '}']);

/** GlobComponent.toRegularExpression: null for a literal component; throws for a malformed glob. */
export function globToRegex(glob: string): string | null {
  let out = '^';
  let literal = true;
  let group = false;
  for (let i = 0; i < glob.length; ) {
    const c = glob[i++] as string;
    switch (c) {
      case '?':
        literal = false;
        out += '.';
        break;
      case '*':
        literal = false;
        out += '.*';
        break;
      case '\\':
        if (i === glob.length) out += c;
        else {
          const next = glob[i++] as string;
          if (GLOB_SPECIAL.has(next) || REGEX_SPECIAL.has(next)) out += '\\';
          out += next;
        }
        break;
      case '{':
        if (group) throw new Error("Can't nest glob groups.");
        literal = false;
        out += '(?:(?:';
        group = true;
        break;
      case ',':
        if (group) {
          literal = false;
          out += ')|(?:';
        } else out += c;
        break;
      case '}':
        if (group) {
          literal = false;
          out += '))';
          group = false;
        } else out += c;
        break;
      default:
        if (REGEX_SPECIAL.has(c)) out += '\\';
        out += c;
    }
  }
  if (group) throw new Error('Unterminated glob group.');
  return literal ? null : `${out}$`;
}

function globPattern(component: string): RegExp | null {
  try {
    const re = globToRegex(component);
    return re === null ? null : new RegExp(re, 'su');
  } catch {
    return null; // an invalid glob is a literal, as Kafka's GlobComponent makes it
  }
}

export interface NodeInfo {
  path: string[];
  node: MetadataNode;
}

/** GlobVisitor: calls `found` for each match (in sorted order), or `missing` once when none matched. */
export function visitGlob(state: ShellState, glob: string, found: (info: NodeInfo) => void, missing: () => void): void {
  const full = glob.startsWith('/') ? glob : `${state.cwd}/${glob}`;
  const comps = pathComponents(full);
  const walk = (i: number, node: MetadataNode, path: string[]): boolean => {
    if (i >= comps.length) {
      found({ path, node });
      return true;
    }
    const comp = comps[i] as string;
    const re = globPattern(comp);
    if (!node.isDirectory()) return false;
    if (re === null) {
      const child = node.child(comp);
      return child === undefined ? false : walk(i + 1, child, [...path, comp]);
    }
    let any = false;
    for (const name of node.childNames().sort(javaCompare)) {
      if (!re.test(name)) continue;
      const child = node.child(name);
      if (child === undefined) throw new Error(`Expected ${name} to be a valid child, but it was not.`);
      if (walk(i + 1, child, [...path, name])) any = true;
    }
    return any;
  };
  if (!walk(0, state.root, [])) missing();
}

const lastComponent = (info: NodeInfo): string => info.path[info.path.length - 1] ?? '/';
export const absolute = (info: NodeInfo): string => `/${info.path.join('/')}`;

/** CommandUtils.getEffectivePaths: empty strings dropped, "." when none is left. */
export function effectivePaths(paths: readonly string[]): string[] {
  const out = paths.filter((p) => p !== '');
  return out.length === 0 ? ['.'] : out;
}

// ---------------------------------------------------------------------------------------------
// ls's columns (LsCommandHandler.printEntries / calculateColumnSchema)

function columnSchema(width: number | undefined, entries: readonly string[]): { widths: number[]; perColumn: number } {
  const one = { widths: [0], perColumn: entries.length };
  if (width === undefined) return one;
  const maxColumns = Math.floor(width / 4);
  if (maxColumns <= 1) return one;
  const schemas: Array<{ widths: number[]; perColumn: number }> = [];
  for (let n = 1; n <= maxColumns; n++) schemas.push({ widths: new Array<number>(n).fill(0), perColumn: Math.ceil(entries.length / n) });
  entries.forEach((e, i) => {
    for (const s of schemas) {
      const col = Math.floor(i / s.perColumn);
      s.widths[col] = Math.max(s.widths[col] ?? 0, e.length + 2);
    }
  });
  for (let k = schemas.length - 1; k > 0; k--) {
    const s = schemas[k] as { widths: number[]; perColumn: number };
    if (s.widths[s.widths.length - 1] !== 0 && s.widths.reduce((a, b) => a + b, 0) <= width) return s;
  }
  return schemas[0] as { widths: number[]; perColumn: number };
}

function printEntries(ctx: ShellContext, intro: string, entries: readonly string[]): void {
  if (entries.length === 0) return;
  if (intro !== '') ctx.out(`${intro}\n`);
  const s = columnSchema(ctx.interactive ? ctx.screenWidth : undefined, entries);
  const lines = Math.ceil(entries.length / s.widths.length);
  for (let line = 0; line < lines; line++) {
    let text = '';
    for (let col = 0; col < s.widths.length; col++) {
      const e = entries[line + col * s.perColumn];
      if (e === undefined) continue;
      text += e;
      if (col < s.widths.length - 1) text += ' '.repeat(Math.max(0, (s.widths[col] ?? 0) - e.length));
    }
    ctx.out(`${text}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// The handlers

function ls(state: ShellState, ctx: ShellContext, targets: readonly string[]): void {
  const files: string[] = [];
  const dirs: Array<{ name: string; children: string[] }> = [];
  for (const target of effectivePaths(targets)) {
    visitGlob(
      state,
      target,
      (info) => {
        if (info.node.isDirectory()) dirs.push({ name: lastComponent(info), children: info.node.childNames().sort(javaCompare) });
        else files.push(lastComponent(info));
      },
      () => ctx.out(`ls: ${target}: no such file or directory.\n`),
    );
  }
  printEntries(ctx, '', files);
  const needIntro = files.length > 0 || dirs.length > 1;
  let firstIntro = files.length === 0;
  for (const d of dirs) {
    let intro = '';
    if (needIntro) {
      if (!firstIntro) intro += '\n';
      intro += `${d.name}:`;
      firstIntro = false;
    }
    printEntries(ctx, intro, d.children);
  }
}

function catOrTree(state: ShellState, ctx: ShellContext, cmd: 'cat' | 'tree', targets: readonly string[]): void {
  for (const target of targets) {
    visitGlob(
      state,
      target,
      (info) => {
        if (cmd === 'cat' && info.node.isDirectory()) ctx.out(`cat: ${target}: Is a directory\n`);
        else printNode(info.node, new ShellNodePrinter(ctx.out));
      },
      () => ctx.out(`${cmd}: ${target}: No such file or directory.\n`),
    );
  }
}

function find(state: ShellState, ctx: ShellContext, paths: readonly string[]): void {
  const walk = (path: string, node: MetadataNode): void => {
    ctx.out(`${path}\n`);
    if (!node.isDirectory()) return;
    for (const name of node.childNames().sort(javaCompare)) {
      const child = node.child(name);
      if (child === undefined) throw new Error(`Expected ${name} to be a valid child of ${path}, but it was not.`);
      walk(path === '/' ? path + name : `${path}/${name}`, child);
    }
  };
  for (const path of effectivePaths(paths)) {
    visitGlob(
      state,
      path,
      (info) => walk(path, info.node),
      () => ctx.out(`find: ${path}: no such file or directory.\n`),
    );
  }
}

function cd(state: ShellState, ctx: ShellContext, target: string | undefined): void {
  const t = target ?? '/';
  visitGlob(
    state,
    t,
    (info) => {
      if (!info.node.isDirectory()) ctx.out(`cd: ${t}: not a directory.\n`);
      else state.cwd = absolute(info);
    },
    () => ctx.out(`cd: ${t}: no such directory.\n`),
  );
}

const HELP_COLUMN = 25;

function helpLine(indent: number, name: string, help: string): string {
  const head = `${' '.repeat(indent)}${name}`;
  return head.length < HELP_COLUMN - 1 ? `${head.padEnd(HELP_COLUMN)}${help}\n` : `${head}\n${' '.repeat(HELP_COLUMN)}${help}\n`;
}

function usageArg(t: CommandType): string {
  const a = t.arg;
  if (a === undefined) return '';
  switch (a.nargs) {
    case '*':
      return ` [${a.name} [${a.name} ...]]`;
    case '+':
      return ` ${a.name} [${a.name} ...]`;
    case '?':
      return ` [${a.name}]`;
    case '1':
      return ` ${a.name}`;
  }
}

/**
 * argparse4j fills help text to 75 columns, spreading the spaces of a wrapped line (only tree's
 * description is that long: its first line as argparse4j 0.7 justifies it).
 */
const WRAPPED_HELP: Readonly<Record<string, string>> = {
  'Show the contents of metadata nodes in a tree structure.': `Show the contents  of  metadata  nodes  in  a tree\n${' '.repeat(HELP_COLUMN)}structure.`,
};

function help(ctx: ShellContext): void {
  const names = COMMAND_TYPES.map((t) => t.name).join(',');
  let text = 'Welcome to the Apache Kafka metadata shell.\n\n';
  text += `usage:  {${names}} ...\n\npositional arguments:\n  {${names}}\n`;
  for (const t of COMMAND_TYPES) text += helpLine(4, t.name, WRAPPED_HELP[t.description] ?? t.description);
  ctx.out(text);
}

function man(ctx: ShellContext, cmd: string): void {
  const t = COMMAND_TYPES.find((x) => x.name === cmd);
  if (t === undefined) {
    ctx.out(`man: unknown command ${cmd}. Type help to get a list of commands.\n`);
    return;
  }
  let text = `${cmd}: ${t.description}\n\nusage: ${t.name}${usageArg(t)}\n`;
  if (t.arg !== undefined) text += `\npositional arguments:\n${helpLine(2, t.arg.name, t.arg.help)}`;
  ctx.out(text);
}

function history(ctx: ShellContext, count: number | undefined): void {
  const entries = ctx.history?.() ?? [];
  const n = Math.max(0, Math.min(count ?? Number.MAX_SAFE_INTEGER, entries.length));
  for (let i = entries.length - n; i < entries.length; i++) ctx.out(`${String(i).padStart(5)}  ${entries[i] ?? ''}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parsing (Commands.parseCommand over argparse4j's subparsers)

export type Parsed = { kind: 'noop' } | { kind: 'error'; message: string } | { kind: 'run'; type: CommandType; args: string[] };

export function parseCommand(words: readonly string[], interactive: boolean): Parsed {
  const args = [...words];
  while (args.length > 0 && args[args.length - 1] === '') args.pop();
  if (args.length === 0) return { kind: 'noop' };
  const types = COMMAND_TYPES.filter((t) => interactive || !t.shellOnly);
  const first = args[0] as string;
  const choices = types.map((t) => `'${t.name}'`).join(', ');
  if (first.startsWith('-') && first.length > 1) return { kind: 'error', message: `unrecognized arguments: '${first}'` };
  const type = types.find((t) => t.name === first);
  if (type === undefined) {
    // argparse4j takes a unique prefix of a command; Kafka then refuses the abbreviation.
    const candidates = types.filter((t) => t.name.startsWith(first)).map((t) => t.name);
    if (candidates.length > 1) return { kind: 'error', message: `ambiguous command: ${first} could match ${candidates.join(', ')}` };
    const only = candidates[0];
    if (only === undefined) return { kind: 'error', message: `invalid choice: '${first}' (choose from ${choices})` };
    return { kind: 'error', message: `invalid choice: '${first}': did you mean '${only}'?` };
  }
  const rest = args.slice(1);
  const options = rest.filter((a) => a.startsWith('-') && a.length > 1 && !/^-\d/.test(a));
  if (options.length > 0) return { kind: 'error', message: `unrecognized arguments: '${options.join(' ')}'` };
  const a = type.arg;
  const max = a === undefined ? 0 : a.nargs === '*' || a.nargs === '+' ? Infinity : 1;
  const min = a === undefined ? 0 : a.nargs === '+' || a.nargs === '1' ? 1 : 0;
  if (rest.length < min) return { kind: 'error', message: 'too few arguments' };
  if (rest.length > max) return { kind: 'error', message: `unrecognized arguments: '${rest.slice(max).join(' ')}'` };
  if (a?.integer === true && rest[0] !== undefined && !/^[+-]?\d+$/.test(rest[0])) return { kind: 'error', message: `argument ${a.name}: could not convert '${rest[0]}' to Integer (For input string: "${rest[0]}")` };
  return { kind: 'run', type, args: rest };
}

/** Parses and runs one command line's words against the state. */
export function runCommand(words: readonly string[], state: ShellState, ctx: ShellContext): void {
  const parsed = parseCommand(words, ctx.interactive);
  if (parsed.kind === 'noop') return;
  if (parsed.kind === 'error') {
    ctx.out(`${parsed.message}\n`);
    return;
  }
  const args = parsed.args;
  switch (parsed.type.name) {
    case 'ls':
      ls(state, ctx, args);
      return;
    case 'cat':
      catOrTree(state, ctx, 'cat', args);
      return;
    case 'tree':
      catOrTree(state, ctx, 'tree', args);
      return;
    case 'find':
      find(state, ctx, args);
      return;
    case 'cd':
      cd(state, ctx, args[0]);
      return;
    case 'pwd':
      ctx.out(`${state.cwd}\n`);
      return;
    case 'help':
      help(ctx);
      return;
    case 'man':
      man(ctx, args[0] as string);
      return;
    case 'history':
      history(ctx, args[0] === undefined ? undefined : Number(args[0]));
      return;
    case 'exit':
      ctx.exit?.();
      return;
    default:
      return;
  }
}

/** jline's DefaultParser, enough for a shell line: words split on blanks, quotes and backslash escapes. */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && i + 1 < line.length) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/**
 * Tab completion as Kafka's MetadataShellCompleter: the first word completes to command names, the
 * next ones (for the commands that take paths) to child names, directories with a trailing slash.
 * Returns the candidates and the part of the line they replace, as node:readline's completer wants.
 */
export function complete(state: ShellState, line: string): [string[], string] {
  const words = splitLine(line);
  const endsInBlank = line === '' || /\s$/.test(line);
  if (words.length === 0 || (words.length === 1 && !endsInBlank)) {
    const prefix = words[0] ?? '';
    return [COMMAND_TYPES.map((t) => t.name).filter((n) => n.startsWith(prefix)), prefix];
  }
  const type = COMMAND_TYPES.find((t) => t.name === words[0]);
  if (type === undefined || type.arg === undefined || type.name === 'history') return [[], ''];
  const partial = endsInBlank ? '' : (words[words.length - 1] as string);
  if (type.name === 'man') return [COMMAND_TYPES.map((t) => t.name).filter((n) => n.startsWith(partial)), partial];
  const absolute = partial.startsWith('/') ? partial : `${state.cwd}/${partial}`;
  const comps = pathComponents(absolute);
  const dirCount = partial.endsWith('/') || partial === '' ? comps.length : comps.length - 1;
  let node: MetadataNode | undefined = state.root;
  for (let i = 0; i < dirCount && node !== undefined; i++) {
    const child: MetadataNode | undefined = node.child(comps[i] as string);
    node = child !== undefined && child.isDirectory() ? child : undefined;
  }
  if (node === undefined) return [[], partial];
  const last = dirCount < comps.length ? (comps[dirCount] as string) : '';
  const base = partial.slice(0, partial.lastIndexOf('/') + 1);
  const out: string[] = [];
  for (const name of node.childNames().sort(javaCompare)) {
    if (!name.startsWith(last)) continue;
    out.push(`${base}${name}${node.child(name)?.isDirectory() === true ? '/' : ''}`);
  }
  return [out, partial];
}
