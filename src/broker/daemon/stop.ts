import { ERROR_CODES, TkafkaError, errnoCode } from '../../shared/errors.js';
import { readPidFile, isLiveBroker, removePidFile } from './pidfile.js';
import { formatMs, waitForExit } from './process.js';

export interface StopResult {
  pid: number;
  /** True when SIGTERM was not enough and the broker was killed. */
  forced: boolean;
  elapsedMs: number;
}

/**
 * Stops the broker recorded in `<dataDir>/broker.pid`: SIGTERM (the broker closes gracefully), wait up
 * to `timeoutMs`, then SIGKILL with a warning. No live broker is a BROKER_NOT_RUNNING error, as
 * kafka-server-stop's "No kafka server to stop" exit 1; a stale pidfile is removed on the way.
 */
export async function stopBroker(dataDir: string, opts: { timeoutMs: number; onWarn?: (message: string) => void }): Promise<StopResult> {
  const started = Date.now();
  const pf = await readPidFile(dataDir);
  if (pf === undefined || !(await isLiveBroker(pf.pid))) {
    if (pf !== undefined) await removePidFile(dataDir);
    const message = `no broker to stop: none is running on data dir ${dataDir}`;
    throw new TkafkaError(ERROR_CODES.BROKER_NOT_RUNNING, message, pf === undefined ? {} : { hint: `Removed a stale pidfile (pid ${pf.pid} is gone).` });
  }
  signal(pf.pid, 'SIGTERM');
  if (await waitForExit(pf.pid, opts.timeoutMs)) return { pid: pf.pid, forced: false, elapsedMs: Date.now() - started };

  opts.onWarn?.(`broker (pid ${pf.pid}) did not stop within ${formatMs(opts.timeoutMs)}; sending SIGKILL`);
  signal(pf.pid, 'SIGKILL');
  if (!(await waitForExit(pf.pid, 5000))) {
    throw new TkafkaError(ERROR_CODES.BROKER_STOP_FAILED, `broker (pid ${pf.pid}) is still running after SIGKILL`);
  }
  // A killed broker could not remove its own pidfile.
  await removePidFile(dataDir);
  return { pid: pf.pid, forced: true, elapsedMs: Date.now() - started };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ESRCH') return;
    if (code === 'EPERM') {
      throw new TkafkaError(ERROR_CODES.BROKER_STOP_FAILED, `not permitted to signal the broker (pid ${pid})`, { hint: 'It was started by another user.', cause: err });
    }
    throw err;
  }
}
