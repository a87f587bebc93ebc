import { checkTopicsArgs, type TopicAction, type TopicsFlags } from '../../../core/topics/options.js';
import { ERROR_PREFIX, renderTopics } from '../../../core/topics/render.js';
import { runTopicCommand } from '../../../core/topics/run.js';
import { TopicCommandError } from '../../../core/topics/types.js';
import type { AdminTransport } from '../../../core/topics/admin.js';
import type { ConnectionFlags, ConnectionSettings } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { loadStyle } from '../../output/style.js';

export interface TopicsCliFlags extends TopicsFlags, ConnectionFlags, OutputOptions {}

/** tkafka's own protocol client, for every security protocol (TLS, mTLS, SASL). */
async function connectTransport(conn: ConnectionSettings): Promise<AdminTransport> {
  const { NativeTransport } = await import('../../../core/topics/native.js');
  return NativeTransport.connect(nativeClientOptions(conn));
}

/** The failures kafka-topics reports as "Error while executing topic command : ..." (exit 1). */
function asTopicFailure(err: unknown): TopicCommandError | null {
  if (err instanceof TopicCommandError) return err;
  if (err instanceof Error && err.name === 'UnsupportedApiError') return new TopicCommandError(err.message, { cause: err });
  return null;
}

/** Hints tkafka adds on stderr; stdout stays exactly Kafka's. */
function hintFor(err: TopicCommandError, action: TopicAction, settings: ConnectionSettings | undefined): string | undefined {
  if (err.hint !== undefined) return err.hint;
  if (err.errorCode === 36 && action === 'create') return 'Add --if-not-exists to treat an existing topic as success.';
  // Only a one-broker cluster (the bundled broker) gets the single-node hint; Kafka's message already names the count.
  if (err.errorCode === 38 && /only 1 broker\(s\)/.test(err.message)) {
    return `The cluster at ${settings?.bootstrap ?? 'this address'} has one broker (the bundled broker is a single node): use --replication-factor 1.`;
  }
  return undefined;
}

export async function runTopics(flags: TopicsCliFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  const { action, stderrNotices, stdoutNotices } = checkTopicsArgs(flags);
  const data = format === 'json' ? io.stderr : io.stdout;
  for (const line of stderrNotices) io.stderr.write(`${line}\n`);
  for (const line of stdoutNotices) data.write(`${line}\n`);

  let settings: ConnectionSettings | undefined;
  let transport: AdminTransport | undefined;
  try {
    const conn = await resolveConnection(flags, io);
    settings = conn;
    const { WireTopicAdmin } = await import('../../../core/topics/admin.js');
    const connected = await withConnectionErrors(conn, () => connectTransport(conn));
    transport = connected;
    const opts = { timeoutMs: conn.requestTimeoutMs, ...(flags.partitionSizeLimitPerResponse === undefined ? {} : { partitionLimit: flags.partitionSizeLimitPerResponse }) };
    const admin = new WireTopicAdmin(connected, opts);
    await withConnectionErrors(conn, async () => {
      const result = await runTopicCommand(action, flags, admin, { format });
      const text = renderTopics(result, format);
      if (text.stderr !== '') io.stderr.write(text.stderr);
      if (text.stdout !== '') io.stdout.write(text.stdout);
      if (result.failure !== undefined) throw result.failure;
    });
    return 0;
  } catch (err) {
    const failure = asTopicFailure(err);
    if (failure === null) throw err;
    data.write(`${ERROR_PREFIX}${failure.message}\n`);
    const hint = hintFor(failure, action, settings);
    if (hint !== undefined) io.stderr.write(`${(await loadStyle(io.stderrColor)).dim(hint)}\n`);
    return 1;
  } finally {
    await transport?.close().catch(() => undefined);
  }
}
