import { planLogDirs, type LogDirsFlags } from '../../../core/log-dirs/options.js';
import { QUERYING, kafkaJsonLine, logDirsJson, receivedLine } from '../../../core/log-dirs/render.js';
import { LogDirsError, brokersToQuery, clusterBrokers, describeLogDirs } from '../../../core/log-dirs/run.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface LogDirsCliFlags extends LogDirsFlags, ConnectionFlags, OutputOptions {}

export async function runLogDirsCommand(flags: LogDirsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const plan = planLogDirs(flags);
  try {
    await withNativeClient(flags, io, 'log-dirs-tool', async (client) => {
      const queried = brokersToQuery(plan, await clusterBrokers(client));
      if (!json) io.stdout.write(QUERYING);
      const result = await describeLogDirs(client, plan, queried);
      if (json) {
        writeJson(io, logDirsJson(result));
      } else {
        io.stdout.write(receivedLine(result));
        io.stdout.write(kafkaJsonLine(result));
      }
    });
    return 0;
  } catch (err) {
    // LogDirsCommand.mainNoExit prints the message alone on stderr and exits 1.
    if (!(err instanceof LogDirsError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return 1;
  }
}
