// kafka-metadata-shell.sh's two modes over a loaded image: one command from the command line
// (MetadataShell.run's non-interactive branch: only cat, find, ls and tree) or the interactive
// shell (InteractiveShell: the banner, the ">> " prompt, every command, history, Ctrl-D to leave).
import { runCommand, splitLine, type ShellState } from './commands.js';
import type { MetadataImage } from './image.js';
import { rootNode } from './nodes.js';

export interface LocalInfo {
  version: string;
  commitId: string;
}

export function newState(image: MetadataImage, local: LocalInfo): ShellState {
  return { root: rootNode(image, local), cwd: '/' };
}

/** Runs the command given on the command line; what it prints goes to `out`. */
export function runOnce(state: ShellState, words: readonly string[], out: (s: string) => void): void {
  runCommand(words, state, { interactive: false, out });
}

export interface InteractiveIO {
  lines: AsyncIterable<string>;
  out: (s: string) => void;
  prompt: () => void;
  screenWidth?: number;
}

/** The interactive loop: resolves when input ends or `exit` is typed. */
export async function runInteractive(state: ShellState, io: InteractiveIO): Promise<void> {
  io.out('[ Kafka Metadata Shell ]\n');
  const history: string[] = [];
  let done = false;
  io.prompt();
  for await (const line of io.lines) {
    if (line.trim() !== '') history.push(line);
    runCommand(splitLine(line), state, {
      interactive: true,
      out: io.out,
      history: () => history,
      exit: () => {
        done = true;
      },
      ...(io.screenWidth === undefined ? {} : { screenWidth: io.screenWidth }),
    });
    if (done) return;
    io.prompt();
  }
}
