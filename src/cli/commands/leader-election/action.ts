import { readFile } from 'node:fs/promises';
import { checkLeaderElectionArgs, ElectionDataError, parseElectionData, type LeaderElectionFlags } from '../../../core/leader-election/options.js';
import { electionJson, failureMessage, renderElection } from '../../../core/leader-election/render.js';
import { electLeaders } from '../../../core/leader-election/run.js';
import { AdminToolError } from '../../../core/reassign-partitions/wire.js';
import { TkafkaError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface LeaderElectionCliFlags extends LeaderElectionFlags, ConnectionFlags, OutputOptions {}

export async function runLeaderElection(flags: LeaderElectionCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const plan = checkLeaderElectionArgs(flags);
  let partitions = plan.partitions;
  if (plan.jsonFile !== null) {
    let text: string;
    try {
      text = await readFile(plan.jsonFile, 'utf8');
    } catch (err) {
      throw new TkafkaError('IO_ERROR', `${plan.jsonFile} (${err instanceof Error && 'code' in err && err.code === 'ENOENT' ? 'No such file or directory' : String(err)})`);
    }
    try {
      partitions = parseElectionData(text);
    } catch (err) {
      if (err instanceof ElectionDataError) throw new TkafkaError('BAD_INPUT', err.message);
      throw err;
    }
  }
  try {
    const result = await withNativeClient(flags, io, 'kafka-leader-election', (client) => electLeaders(client, plan.electionType, partitions));
    if (json) writeJson(io, electionJson(result));
    else io.stdout.write(renderElection(result));
    const failure = failureMessage(result);
    if (failure !== null) throw new TkafkaError('ELECTION_FAILED', failure);
    return 0;
  } catch (err) {
    if (err instanceof AdminToolError && err.alsoStdout && !json) io.stdout.write(`${err.message}\n`);
    throw err;
  }
}
