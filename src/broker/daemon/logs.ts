import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../shared/errors.js';

const CHUNK = 64 * 1024;

async function openLog(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      throw new TkafkaError(ERROR_CODES.NOT_FOUND, `no broker log at ${file}`, {
        hint: "Logs are written by a broker started without --foreground ('tkafka broker start').",
      });
    }
    throw err;
  }
}

/** The log's bytes from offset `from` to its current end, as UTF-8. */
export async function readLogSince(file: string, from: number): Promise<string> {
  const fh = await openLog(file);
  try {
    const { size } = await fh.stat();
    const start = Math.min(from, size);
    const buf = Buffer.alloc(size - start);
    await readFully(fh, buf, start);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}

async function readFully(fh: FileHandle, buf: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** Offset where the last `lines` lines begin (a final newline does not start an empty line). */
async function tailOffset(fh: FileHandle, size: number, lines: number): Promise<number> {
  if (lines === 0) return size;
  let pos = size;
  let newlines = 0;
  const buf = Buffer.alloc(CHUNK);
  let skipTrailing = true;
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    await readFully(fh, buf.subarray(0, len), pos);
    for (let i = len - 1; i >= 0; i--) {
      if (buf[i] !== 0x0a) {
        skipTrailing = false;
        continue;
      }
      if (skipTrailing) {
        skipTrailing = false;
        continue;
      }
      if (++newlines === lines) return pos + i + 1;
    }
  }
  return 0;
}

/**
 * Writes the log (or its last `lines` lines) through `write`, streaming in chunks so a large log
 * never sits in memory. Returns the offset reached, where a follow continues.
 */
export async function copyLog(file: string, write: (text: string) => void, opts: { lines?: number } = {}): Promise<number> {
  const fh = await openLog(file);
  try {
    const { size } = await fh.stat();
    let pos = opts.lines === undefined ? 0 : await tailOffset(fh, size, opts.lines);
    const buf = Buffer.alloc(CHUNK);
    const decoder = new TextDecoder('utf-8');
    while (pos < size) {
      const n = await readFully(fh, buf.subarray(0, Math.min(CHUNK, size - pos)), pos);
      if (n === 0) break;
      pos += n;
      write(decoder.decode(buf.subarray(0, n), { stream: true }));
    }
    const rest = decoder.decode();
    if (rest !== '') write(rest);
    return pos;
  } finally {
    await fh.close();
  }
}

/**
 * Polls the log from `from` and writes what is appended until `signal` aborts. A log that shrinks
 * (truncated or recreated) is read again from its start, as `tail -F` does.
 */
export async function followLog(file: string, from: number, write: (text: string) => void, signal: AbortSignal, pollMs = 200): Promise<void> {
  let pos = from;
  const decoder = new TextDecoder('utf-8');
  const buf = Buffer.alloc(CHUNK);
  while (!signal.aborted) {
    let fh: FileHandle | undefined;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    if (fh !== undefined) {
      try {
        const { size } = await fh.stat();
        if (size < pos) pos = 0;
        while (pos < size && !signal.aborted) {
          const n = await readFully(fh, buf.subarray(0, Math.min(CHUNK, size - pos)), pos);
          if (n === 0) break;
          pos += n;
          write(decoder.decode(buf.subarray(0, n), { stream: true }));
        }
      } finally {
        await fh.close();
      }
    }
    await abortableSleep(pollMs, signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolveSleep) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolveSleep();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
