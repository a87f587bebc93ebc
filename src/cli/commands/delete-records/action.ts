import { readFileSync } from 'node:fs';
import { checkDeleteRecordsArgs, inlineRecords, parseOffsetJson, type DeleteRecordsFlags } from '../../../core/delete-records/options.js';
import { COMPLETED, EXECUTING, outcomeLines, outcomesJson } from '../../../core/delete-records/render.js';
import { runDeleteRecords } from '../../../core/delete-records/run.js';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface DeleteRecordsCliFlags extends DeleteRecordsFlags, ConnectionFlags, OutputOptions {}

function readOffsetFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const why = errnoCode(err) === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read --offset-json-file '${path}': ${why}.`, { exitCode: 2 });
  }
}

export async function runDeleteRecordsCommand(flags: DeleteRecordsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const input = checkDeleteRecordsArgs(flags);
  const records = input === 'file' ? parseOffsetJson(readOffsetFile(flags.offsetJsonFile ?? '')) : inlineRecords(flags);
  const outcomes = await withNativeClient(flags, io, 'delete-records', async (client) => {
    if (!json) io.stdout.write(EXECUTING);
    return runDeleteRecords(client, records);
  });
  if (json) {
    writeJson(io, outcomesJson(outcomes));
  } else {
    io.stdout.write(COMPLETED);
    io.stdout.write(outcomeLines(outcomes));
  }
  // Kafka exits 0 even when partitions failed; tkafka's failed operations never do.
  return outcomes.some((o) => 'error' in o) ? 1 : 0;
}
