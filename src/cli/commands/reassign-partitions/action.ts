import { readFile } from 'node:fs/promises';
import { checkReassignArgs, type ReassignFlags } from '../../../core/reassign-partitions/options.js';
import { cancel, execute, generate, list, ReassignFailure, verify, type Out } from '../../../core/reassign-partitions/run.js';
import { AdminToolError } from '../../../core/reassign-partitions/wire.js';
import { TkafkaError, UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface ReassignCliFlags extends ReassignFlags, ConnectionFlags, OutputOptions {}

/** Utils.readFileAsString; a missing file is Kafka's NoSuchFileException text. */
async function readJsonFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new ReassignFailure(`java.nio.file.NoSuchFileException: ${path}`, false);
  }
}

export async function runReassignPartitions(flags: ReassignCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const plan = checkReassignArgs(flags);
  if (flags.disallowReplicationFactorChange === true) {
    throw new UsageError('--disallow-replication-factor-change needs AlterPartitionReassignments v1, which tkafka does not speak yet');
  }
  const out: Out = { print: (t) => (json ? undefined : io.stdout.write(t)) };
  const connFlags = flags.bootstrapController === undefined ? flags : { ...flags, bootstrapServer: flags.bootstrapController };
  try {
    const doc = await withNativeClient(connFlags, io, 'reassign-partitions-tool', async (client): Promise<unknown> => {
      switch (plan.action) {
        case 'generate': {
          const text = await readJsonFile(flags.topicsToMoveJsonFile ?? '');
          return generate(client, text, flags.brokerList ?? '', flags.disableRackAware !== true, out);
        }
        case 'execute': {
          const text = await readJsonFile(flags.reassignmentJsonFile ?? '');
          const started = await execute(client, text, { additional: flags.additional === true, interBrokerThrottle: plan.interBrokerThrottle, logDirThrottle: plan.logDirThrottle }, out);
          return { started };
        }
        case 'verify':
          return verify(client, await readJsonFile(flags.reassignmentJsonFile ?? ''), flags.preserveThrottles === true, out);
        case 'cancel':
          return { cancelled: await cancel(client, await readJsonFile(flags.reassignmentJsonFile ?? ''), flags.preserveThrottles === true, out) };
        case 'list':
          return { reassignments: await list(client, out) };
      }
    });
    if (json) writeJson(io, doc);
    return 0;
  } catch (err) {
    let message: string;
    if (err instanceof ReassignFailure) message = err.terse ? err.message : `Error: ${err.message}`;
    else if (err instanceof AdminToolError) message = `Error: ${err.message}`;
    else throw err;
    if (json) throw new TkafkaError('REASSIGN_FAILED', message);
    io.stdout.write(`${message}\n`);
    return 1;
  }
}
