import { copyLog, followLog } from '../../../broker/daemon/logs.js';
import { daemonFiles } from '../../../broker/daemon/paths.js';
import { EXIT_CODES } from '../../exit-codes.js';
import type { CliIO } from '../../output/io.js';
import { dataDirOf } from './shared.js';

export interface LogsFlags {
  dataDir?: string;
  follow?: boolean;
  lines?: number;
}

/** Prints the log (all of it, or the last -n lines); with -f keeps following until Ctrl-C (exit 130, like tail -f). */
export async function runLogs(flags: LogsFlags, io: CliIO): Promise<number> {
  const { logFile } = daemonFiles(dataDirOf(flags, io));
  const write = (text: string): void => {
    io.stdout.write(text);
  };
  const end = await copyLog(logFile, write, flags.lines === undefined ? {} : { lines: flags.lines });
  if (flags.follow !== true) return EXIT_CODES.OK;
  const stop = new AbortController();
  const off = io.onInterrupt(() => stop.abort());
  try {
    await followLog(logFile, end, write, stop.signal);
  } finally {
    off();
  }
  return EXIT_CODES.INTERRUPTED;
}
