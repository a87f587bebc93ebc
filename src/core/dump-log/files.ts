// The file side of kafka-dump-log: Java's java.io.File path forms (what "Dumping <file>" and the
// error maps print), positioned reads of a segment, and Java's HashMap order for the maps Kafka
// prints its mismatches from (keyed by absolute path, so the order is String.hashCode's).
import fs from 'node:fs';

/** Thrown with the message Kafka's tool prints for the same failure (the CLI adds no stack trace). */
export class DumpLogError extends Error {
  override readonly name = 'DumpLogError';
}

/** java.io.File's normal form of a path string: repeated slashes collapsed, no trailing slash. */
export function javaPath(p: string): string {
  const collapsed = p.replace(/\/+/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

/** File.getAbsolutePath: relative paths are appended to the working directory, nothing else normalised. */
export function absolutePath(p: string, cwd: string): string {
  const j = javaPath(p);
  if (j.startsWith('/')) return j;
  return j === '' ? cwd : `${cwd === '/' ? '' : cwd}/${j}`;
}

export function fileName(p: string): string {
  const j = javaPath(p);
  return j.slice(j.lastIndexOf('/') + 1);
}

export function parentOf(abs: string): string {
  const i = abs.lastIndexOf('/');
  return i <= 0 ? '/' : abs.slice(0, i);
}

/** Long.parseLong with Java's NumberFormatException message. */
export function parseJavaLong(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new DumpLogError(`For input string: "${s}"`);
  const v = BigInt(s);
  if (v > 0x7fffffffffffffffn || v < -0x8000000000000000n) throw new DumpLogError(`For input string: "${s}"`);
  return v;
}

/** A file opened for positioned reads; the open failure worded as Java's NoSuchFileException/AccessDeniedException. */
export class ReadFile {
  private readonly fd: number;
  readonly size: number;

  private constructor(fd: number, size: number) {
    this.fd = fd;
    this.size = size;
  }

  static open(path: string, shown: string): ReadFile {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new DumpLogError(`java.nio.file.NoSuchFileException: ${shown}`);
      if (code === 'EACCES') throw new DumpLogError(`java.nio.file.AccessDeniedException: ${shown}`);
      if (code === 'EISDIR') throw new DumpLogError(`${shown}: Is a directory`);
      throw new DumpLogError(`${shown}: ${(err as Error).message}`);
    }
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) {
      fs.closeSync(fd);
      throw new DumpLogError(`${shown}: Is a directory`);
    }
    return new ReadFile(fd, stat.size);
  }

  /** Up to `length` bytes at `position` (fewer at the end of the file). */
  read(position: number, length: number): Buffer {
    const n = Math.max(0, Math.min(length, this.size - position));
    const buf = Buffer.allocUnsafe(n);
    let done = 0;
    while (done < n) {
      const r = fs.readSync(this.fd, buf, done, n - done, position + done);
      if (r === 0) break;
      done += r;
    }
    return done === n ? buf : buf.subarray(0, done);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The keys of a java.util.HashMap (default capacity 16, load factor 0.75) in its iteration order:
 * by bucket (the spread hash masked to the table size), then insertion order within a bucket.
 */
export function javaHashMapOrder(keysInInsertionOrder: readonly string[]): string[] {
  let capacity = 16;
  while (keysInInsertionOrder.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string): number => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keysInInsertionOrder
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((e) => e.k);
}
