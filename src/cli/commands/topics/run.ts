import {
  ERROR_PREFIX,
  TopicCommandError,
  checkTopicsArgs,
  runTopicCommand,
  type TopicAction,
  type TopicsFlags,
  type TopicsOutput,
} from '../../../core/topics.js';
import { UnsupportedApiError } from '../../../core/topics/wire.js';
import type { ConnectionFlags, ConnectionSettings } from '../../options/connection.js';
import { createKafka, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { loadStyle } from '../../output/style.js';

export interface TopicsCliFlags extends TopicsFlags, ConnectionFlags, OutputOptions {}

/** The failures kafka-topics reports as "Error while executing topic command : ..." (exit 1). */
function asTopicFailure(err: unknown): TopicCommandError | null {
  if (err instanceof TopicCommandError) return err;
  if (err instanceof UnsupportedApiError) return new TopicCommandError(err.message, { cause: err });
  // kafkajs errors that are not about reaching the cluster (those became connectionError), e.g. timeouts.
  if (err instanceof Error && err.name.startsWith('KafkaJS')) return new TopicCommandError(err.message, { cause: err });
  return null;
}

/** Hints tkafka adds on stderr; stdout stays exactly Kafka's. */
function hintFor(err: TopicCommandError, action: TopicAction, settings: ConnectionSettings | undefined): string | undefined {
  if (err.hint !== undefined) return err.hint;
  if (err.errorCode === 36 && action === 'create') return 'Add --if-not-exists to treat an existing topic as success.';
  if (err.errorCode === 38) {
    return `The cluster at ${settings?.bootstrap ?? 'this address'} has fewer brokers than that; the bundled broker is a single node: use --replication-factor 1.`;
  }
  return undefined;
}

export async function runTopics(flags: TopicsCliFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  const { action, stderrNotices, stdoutNotices } = checkTopicsArgs(flags);
  const data = format === 'json' ? io.stderr : io.stdout;
  for (const line of stderrNotices) io.stderr.write(`${line}\n`);
  for (const line of stdoutNotices) data.write(`${line}\n`);
  const out: TopicsOutput = { stdout: (t) => io.stdout.write(t), stderr: (t) => io.stderr.write(t) };

  let settings: ConnectionSettings | undefined;
  let admin: { close(): Promise<void> } | undefined;
  try {
    const conn = await resolveConnection(flags, io);
    settings = conn;
    const kafka = await createKafka(conn);
    const { WireTopicAdmin } = await import('../../../core/topics/admin.js');
    const opts = { timeoutMs: conn.requestTimeoutMs, ...(flags.partitionSizeLimitPerResponse === undefined ? {} : { partitionLimit: flags.partitionSizeLimitPerResponse }) };
    const wireAdmin = await withConnectionErrors(conn, () => WireTopicAdmin.connect(kafka, opts));
    admin = wireAdmin;
    await withConnectionErrors(conn, () => runTopicCommand(action, flags, wireAdmin, out, { format }));
    return 0;
  } catch (err) {
    const failure = asTopicFailure(err);
    if (failure === null) throw err;
    data.write(`${ERROR_PREFIX}${failure.message}\n`);
    const hint = hintFor(failure, action, settings);
    if (hint !== undefined) io.stderr.write(`${(await loadStyle(io.stderrColor)).dim(hint)}\n`);
    return 1;
  } finally {
    await admin?.close().catch(() => undefined);
  }
}
