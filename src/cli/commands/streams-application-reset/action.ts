import { readFileSync } from 'node:fs';
import { NativeClient } from '../../../client/native/client.js';
import { NativeGroupAdmin } from '../../../core/consumer-groups/admin.js';
import { checkStreamsResetArgs, parseStreamsResetPlan, USAGE_HINT, type StreamsResetFlags } from '../../../core/streams-application-reset/options.js';
import { runStreamsReset, streamsResetJson, StreamsResetFailure, type PartitionOffset } from '../../../core/streams-application-reset/run.js';
import { UsageError } from '../../../shared/errors.js';
import { withClientErrors } from '../../options/client-errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface StreamsResetCliFlags extends StreamsResetFlags, ConnectionFlags, OutputOptions {
  /** Kafka 3.x's --bootstrap-servers (removed in Kafka 4.0); --bootstrap-server wins, as in 3.x. */
  bootstrapServers?: string;
}

const CONFIG_FILE_NOTICE = 'Option --config-file has been deprecated and will be removed in a future version. Use --command-config instead.';
const AUTO_OFFSET_RESETS = ['earliest', 'latest', 'none'] as const;

/** Utils.readFileAsString's failure, as a usage error (the plan is read before connecting). */
function readPlan(path: string): PartitionOffset[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Unable to read file ${path}`, USAGE_HINT);
  }
  return parseStreamsResetPlan(text);
}

export async function runStreamsResetCommand(flags: StreamsResetCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const args = checkStreamsResetArgs(flags);
  const plan = args.spec.kind === 'from-file' ? readPlan(args.spec.path) : undefined;
  if (flags.configFile !== undefined) (json ? io.stderr : io.stdout).write(`${CONFIG_FILE_NOTICE}\n`);
  const connectionFlags: ConnectionFlags = {
    ...flags,
    ...(flags.bootstrapServer === undefined && flags.bootstrapServers !== undefined ? { bootstrapServer: flags.bootstrapServers } : {}),
    ...(flags.configFile === undefined ? {} : { commandConfig: flags.configFile }),
  };
  const conn = await resolveConnection(connectionFlags, io, { clientId: 'streams-application-reset', toolKeys: ['auto.offset.reset', 'group.protocol'] });
  const reset = (conn.toolProperties['auto.offset.reset'] ?? 'latest').trim().toLowerCase();
  const autoOffsetReset = AUTO_OFFSET_RESETS.find((r) => r === reset);
  if (autoOffsetReset === undefined) throw new UsageError(`Invalid value ${reset} for configuration auto.offset.reset: Invalid value \`${reset}\` for configuration auto.offset.reset. The value must be either 'earliest', 'latest', 'none' or of the format 'by_duration:<PnDTnHnMn.nS.>'.`, USAGE_HINT);

  const print = json ? (): void => undefined : (line: string): void => void io.stdout.write(`${line}\n`);
  let client: NativeClient | undefined;
  try {
    const outcome = await withClientErrors(conn, async () => {
      client = await NativeClient.connect(nativeClientOptions(conn));
      const groups = new NativeGroupAdmin(client, { timeoutMs: 10_000 });
      return runStreamsReset({ client, groups, args, ...(plan === undefined ? {} : { plan }), autoOffsetReset, now: () => Date.now(), print });
    });
    if (json) writeJson(io, streamsResetJson(outcome));
    return outcome.exitCode;
  } catch (err) {
    if (!(err instanceof StreamsResetFailure)) throw err;
    io.stderr.write(`${err.lines.join('\n')}\n`);
    return 1;
  } finally {
    await client?.close().catch(() => undefined);
  }
}
