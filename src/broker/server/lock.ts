import fs from 'node:fs';
import path from 'node:path';
import { TkafkaError } from '../../shared/errors.js';

export interface DataDirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One broker per data dir. The lock file holds the owner's pid; a lock left by a killed process
 * (kill -9, power loss) is taken over, since that process can no longer write.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return {
        release: () => {
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new TkafkaError('DATA_DIR_LOCKED', `another broker (pid ${owner}) is using data dir ${dataDir}`, {
          hint: "Stop it with 'tkafka broker stop' or choose another --data-dir.",
        });
      }
      if (owner === process.pid) {
        throw new TkafkaError('DATA_DIR_LOCKED', `this process already runs a broker on data dir ${dataDir}`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new TkafkaError('DATA_DIR_LOCKED', `cannot lock data dir ${dataDir}`);
}
