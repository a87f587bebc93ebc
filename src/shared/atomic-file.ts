import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** fsync the data and the directory entry (default true); rebuildable files skip the cost. */
  sync?: boolean;
  /**
   * Several processes may write the file at once (the pidfile, the completion cache): each writes
   * its own temp file, so one never renames the other's half-written bytes into place.
   */
  shared?: boolean;
}

let tmpSeq = 0;

/**
 * The one writer for small state files: a crash leaves either the old or the new content, never a
 * mix, because the bytes go to a temp file that is then renamed over the target. With `sync` the new
 * content also survives a power loss. Files are created 0600 in a 0700 directory.
 */
export function writeFileAtomic(file: string, data: string | Buffer, options: boolean | AtomicWriteOptions = true): void {
  const { sync = true, shared = false } = typeof options === 'boolean' ? { sync: options } : options;
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = shared ? `${file}.${process.pid}.${++tmpSeq}.tmp` : `${file}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, data);
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    // A half-written temp file would hold on to the space a full disk needs back.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // The write's own error is the one to report.
    }
    throw err;
  }
  if (!sync) return;
  const dfd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}
