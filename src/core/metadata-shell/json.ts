// -o json for a command given on the command line (tkafka only; Kafka's shell prints text): the
// same globs and nodes as the text commands, as one document. A file is its printed line, a
// directory an object of its children by name (sorted as the text prints them).
import { absolute, effectivePaths, parseCommand, visitGlob, type ShellState } from './commands.js';
import { javaCompare, type MetadataNode } from './nodes.js';

export type NodeJson = string | { [name: string]: NodeJson };

export function nodeJson(node: MetadataNode): NodeJson {
  if (!node.isDirectory()) return node.text();
  const out: { [name: string]: NodeJson } = {};
  for (const name of node.childNames().sort(javaCompare)) {
    const child = node.child(name);
    if (child !== undefined) out[name] = nodeJson(child);
  }
  return out;
}

export type CommandJson =
  | { command: 'ls'; paths: Array<{ path: string; directory: boolean; children?: string[] }>; missing: string[] }
  | { command: 'cat' | 'tree'; paths: Array<{ path: string; node: NodeJson }>; missing: string[]; directories?: string[] }
  | { command: 'find'; paths: string[]; missing: string[] };

/** The command's result as data, or an error message as the text command prints it. */
export function commandJson(state: ShellState, words: readonly string[]): CommandJson | { error: string } {
  const parsed = parseCommand(words, false);
  if (parsed.kind === 'noop') return { error: 'no command given' };
  if (parsed.kind === 'error') return { error: parsed.message };
  const missing: string[] = [];
  const name = parsed.type.name;
  if (name === 'ls') {
    const paths: Array<{ path: string; directory: boolean; children?: string[] }> = [];
    for (const target of effectivePaths(parsed.args)) {
      visitGlob(
        state,
        target,
        (info) => paths.push(info.node.isDirectory() ? { path: absolute(info), directory: true, children: info.node.childNames().sort(javaCompare) } : { path: absolute(info), directory: false }),
        () => missing.push(target),
      );
    }
    return { command: 'ls', paths, missing };
  }
  if (name === 'cat' || name === 'tree') {
    const paths: Array<{ path: string; node: NodeJson }> = [];
    const directories: string[] = [];
    for (const target of parsed.args) {
      visitGlob(
        state,
        target,
        (info) => {
          // cat refuses a directory ("Is a directory"), as the text command does.
          if (name === 'cat' && info.node.isDirectory()) directories.push(absolute(info));
          else paths.push({ path: absolute(info), node: nodeJson(info.node) });
        },
        () => missing.push(target),
      );
    }
    return name === 'cat' ? { command: 'cat', paths, missing, directories } : { command: 'tree', paths, missing };
  }
  if (name === 'find') {
    const paths: string[] = [];
    const walk = (path: string, node: MetadataNode): void => {
      paths.push(path);
      if (!node.isDirectory()) return;
      for (const child of node.childNames().sort(javaCompare)) {
        const c = node.child(child);
        if (c !== undefined) walk(path === '/' ? path + child : `${path}/${child}`, c);
      }
    };
    for (const start of effectivePaths(parsed.args)) visitGlob(state, start, (info) => walk(start, info.node), () => missing.push(start));
    return { command: 'find', paths, missing };
  }
  return { error: `${name} is a shell command: -o json takes cat, find, ls or tree` };
}
