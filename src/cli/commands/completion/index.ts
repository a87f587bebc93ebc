import { Argument } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { CompleteFlags, CompletionFlags } from './action.js';

// Definitions only: the generator and the client are imported when the command runs.

export function registerCompletionCommand(program: Command, io: CliIO, buildTree: () => Promise<Command>): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      `
Topic and group names complete from the broker given with --bootstrap-server on the command line
(else $TKAFKA_BOOTSTRAP_SERVER or localhost:9092), cached for 30 s under $XDG_CACHE_HOME/tkafka
(~/.cache/tkafka); a broker that does not answer within 300 ms completes nothing.

Install:
  bash  echo 'source <(tkafka completion bash)' >> ~/.bashrc
  zsh   tkafka completion zsh > "\${fpath[1]}/_tkafka"    (then restart zsh)
  fish  tkafka completion fish > ~/.config/fish/completions/tkafka.fish`,
    )
    .action(async (shell: string) => {
      await lazyAction<CompletionFlags>(program, io, async () => (await import('./action.js')).runCompletion)({ shell, buildTree });
    });

  // Called by the generated scripts; hidden from help and from completion itself.
  const complete = program
    .command('__complete', { hidden: true })
    .description('print topic or group names for shell completion (from a short-lived cache or the broker)')
    .addArgument(new Argument('<kind>', 'topics or groups').choices(['topics', 'groups']));
  addConnectionOptions(complete);
  complete.action(async (kind: string, opts: Omit<CompleteFlags, 'kind'>) => {
    await lazyAction<CompleteFlags>(program, io, async () => (await import('./action.js')).runComplete)({ ...opts, kind });
  });
}
