import { stopBroker } from '../../../broker/daemon/stop.js';
import type { CliIO } from '../../output/io.js';
import { dataDirOf } from './shared.js';

export interface StopFlags {
  dataDir?: string;
  /** Milliseconds (parsed from a duration). */
  timeout?: number;
}

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

export async function runStop(flags: StopFlags, io: CliIO): Promise<number> {
  const dataDir = dataDirOf(flags, io);
  const res = await stopBroker(dataDir, {
    timeoutMs: flags.timeout ?? DEFAULT_STOP_TIMEOUT_MS,
    onWarn: (m) => io.stderr.write(`tkafka: warning: ${m}\n`),
  });
  const how = res.forced ? 'killed' : 'stopped';
  io.stderr.write(`Broker ${how} (pid ${res.pid}, ${(res.elapsedMs / 1000).toFixed(1)}s)\n`);
  return 0;
}
