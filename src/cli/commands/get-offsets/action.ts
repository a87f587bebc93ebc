import { GetOffsetsError, planGetOffsets, type GetOffsetsFlags } from '../../../core/get-offsets/options.js';
import { ERROR_PREFIX, offsetLines, offsetsJson, skipLines } from '../../../core/get-offsets/render.js';
import { runGetOffsets } from '../../../core/get-offsets/run.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from './session.js';

export interface GetOffsetsCliFlags extends GetOffsetsFlags, ConnectionFlags, OutputOptions {}

export async function runGetOffsetsCommand(flags: GetOffsetsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  try {
    const plan = planGetOffsets(flags);
    const result = await withNativeClient(flags, io, 'GetOffsetShell', (client) => runGetOffsets(client, plan));
    if (json) {
      writeJson(io, offsetsJson(result));
    } else {
      io.stderr.write(skipLines(result));
      io.stdout.write(offsetLines(result));
    }
    return 0;
  } catch (err) {
    // Kafka's own line for its runtime failures (GetOffsetShell.mainNoExit), on stderr, exit 1.
    if (!(err instanceof GetOffsetsError)) throw err;
    io.stderr.write(`${ERROR_PREFIX}${err.message}\n`);
    return 1;
  }
}
