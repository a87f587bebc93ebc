import type { Command } from 'commander';
import type { NativeClient } from '../../../client/native/client.js';
import { COMPLETION_DEADLINE_MS, cacheDir, cacheFile, readCache, withDeadline, writeCache, type CompletionKind } from '../../../core/completion/cache.js';
import { completionModel } from '../../../core/completion/model.js';
import { completionScript, type Shell } from '../../../core/completion/scripts.js';
import { EXIT_CODES } from '../../exit-codes.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

export interface CompletionFlags {
  shell: string;
  /** A fresh full command tree to describe (program.ts builds it; importing it here would be a cycle). */
  buildTree: () => Promise<Command>;
}

export interface CompleteFlags extends ConnectionFlags {
  kind: string;
}

export async function runCompletion(flags: CompletionFlags, io: CliIO): Promise<number> {
  io.stdout.write(completionScript(flags.shell as Shell, completionModel(await flags.buildTree())));
  return EXIT_CODES.OK;
}

/** TKAFKA_COMPLETION_DEADLINE_MS overrides the limit (slow links, and tests on a loaded machine). */
function completionDeadlineMs(env: Readonly<Record<string, string | undefined>>): number {
  const v = Number(env['TKAFKA_COMPLETION_DEADLINE_MS']);
  return Number.isInteger(v) && v > 0 ? v : COMPLETION_DEADLINE_MS;
}

/**
 * `tkafka __complete topics|groups`: names one per line, from the cache while fresh, else from the
 * broker within COMPLETION_DEADLINE_MS of starting (connect timeout included). Never fails: any
 * problem prints nothing, so the shell just offers no names.
 */
export async function runComplete(flags: CompleteFlags, io: CliIO): Promise<number> {
  const started = Date.now();
  const kind = flags.kind as CompletionKind;
  try {
    const { nativeClientOptions, resolveConnection } = await import('../../options/connection.js');
    const settings = await resolveConnection(flags, io, { clientId: 'tkafka-completion' });
    const dir = cacheDir(io.env);
    const file = cacheFile(dir, kind, settings.bootstrap);
    const cached = readCache(file, Date.now());
    if (cached !== null) {
      print(io, cached);
      return EXIT_CODES.OK;
    }
    const budget = completionDeadlineMs(io.env) - (Date.now() - started);
    if (budget <= 0) return EXIT_CODES.OK;
    const { NativeClient } = await import('../../../client/native/client.js');
    const { NativeGroupAdmin } = await import('../../../core/consumer-groups/admin.js');
    let client: NativeClient | undefined;
    let cancelled = false;
    const names = await withDeadline(
      async () => {
        const c = await NativeClient.connect(nativeClientOptions(settings, { connectTimeoutMs: budget, requestTimeoutMs: budget }));
        client = c;
        if (cancelled) return [];
        const admin = new NativeGroupAdmin(c, { timeoutMs: budget });
        return kind === 'topics' ? await admin.topicNames() : (await admin.listGroups()).map((g) => g.groupId).sort();
      },
      budget,
      () => {
        cancelled = true;
        void client?.close();
      },
    );
    await client?.close().catch(() => undefined);
    if (names === null) return EXIT_CODES.OK;
    writeCache(file, settings.bootstrap, names, Date.now());
    print(io, names);
  } catch {
    // completion must never print an error into the user's prompt
  }
  return EXIT_CODES.OK;
}

function print(io: CliIO, names: readonly string[]): void {
  if (names.length > 0) io.stdout.write(`${names.join('\n')}\n`);
}
