// Reads a KRaft metadata log or snapshot into a MetadataImage, as kafka-metadata-shell.sh's
// SnapshotFileReader and MetadataLoader do: every batch of the file in order (a .log segment or a
// .checkpoint snapshot), control batches ignored, each readable metadata record replayed; records
// between BeginTransaction and EndTransaction apply at the end, an AbortTransaction drops them.
// A record Kafka's serde refuses (unknown type or version) is skipped with a note, as Kafka logs
// and skips it. A directory (tkafka only: Kafka's shell takes one file) reads its newest snapshot
// and then the log segments' batches past it, as a KRaft node loads its metadata.
import fs from 'node:fs';
import path from 'node:path';
import { decodeRecordBatch } from '../../protocol/records/batch.js';
import { LOG_OVERHEAD, MAGIC, RECORD_BATCH_OVERHEAD } from '../../protocol/records/batch-header.js';
import { decodeMetadataRecord, MetadataRecordError, type MetadataRecord } from '../../protocol/metadata-records/index.js';
import { emptyImage, replay, type MetadataImage } from './image.js';

/** A failure with the one line the CLI prints. */
export class MetadataShellError extends Error {
  override readonly name = 'MetadataShellError';
}

export interface LoadResult {
  image: MetadataImage;
  /** Metadata records applied. */
  applied: number;
  /** One line per record or batch skipped. */
  notes: string[];
}

const SEGMENT = /^(\d{20})\.log$/;
const SNAPSHOT = /^(\d{20})-(\d{10})\.checkpoint$/;

function openFile(file: string): number {
  try {
    return fs.openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MetadataShellError(`java.nio.file.NoSuchFileException: ${file}`);
    if (code === 'EACCES') throw new MetadataShellError(`java.nio.file.AccessDeniedException: ${file}`);
    throw new MetadataShellError(`${file}: ${(err as Error).message}`);
  }
}

/**
 * The file's batches one at a time (a metadata segment may be large: only one batch is in memory),
 * as Kafka's FileRecords iterates them; a trailing partial batch ends the file.
 */
function* fileBatches(file: string): Generator<Buffer> {
  const fd = openFile(file);
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(MAGIC + 1);
    let pos = 0;
    while (size - pos >= LOG_OVERHEAD) {
      const got = fs.readSync(fd, head, 0, head.length, pos);
      const batchLength = head.readInt32BE(8);
      if (batchLength < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) throw new MetadataShellError(`${file} is not a KRaft metadata log: record batch size ${LOG_OVERHEAD + batchLength} at position ${pos} is smaller than the ${RECORD_BATCH_OVERHEAD}-byte header`);
      if (got > MAGIC && head.readInt8(MAGIC) !== 2) throw new MetadataShellError(`${file} is not a KRaft metadata log: unsupported record batch magic ${head.readInt8(MAGIC)} at position ${pos} (only v2 is supported)`);
      const total = LOG_OVERHEAD + batchLength;
      if (total > size - pos) return;
      const batch = Buffer.alloc(total);
      fs.readSync(fd, batch, 0, total, pos);
      yield batch;
      pos += total;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The files a directory stands for: the newest snapshot, then the segments, reading from the snapshot's end offset. */
function directoryFiles(dir: string): { files: string[]; fromOffset: bigint } {
  const names = fs.readdirSync(dir).sort();
  const snapshots = names.filter((n) => SNAPSHOT.test(n));
  const segments = names.filter((n) => SEGMENT.test(n));
  if (snapshots.length === 0 && segments.length === 0) throw new MetadataShellError(`${dir} holds no metadata log segment (*.log) or snapshot (*.checkpoint)`);
  const newest = snapshots[snapshots.length - 1];
  const fromOffset = newest === undefined ? 0n : BigInt((SNAPSHOT.exec(newest) as RegExpExecArray)[1] as string);
  return { files: [...(newest === undefined ? [] : [newest]), ...segments].map((n) => path.join(dir, n)), fromOffset };
}

class Loader {
  readonly image = emptyImage();
  applied = 0;
  readonly notes: string[] = [];
  private txn: MetadataRecord[] | undefined;

  apply(rec: MetadataRecord): void {
    if (rec.name === 'BeginTransactionRecord') {
      this.txn = [];
      return;
    }
    if (rec.name === 'EndTransactionRecord') {
      for (const r of this.txn ?? []) replay(this.image, r);
      this.txn = undefined;
      return;
    }
    if (rec.name === 'AbortTransactionRecord') {
      this.txn = undefined;
      return;
    }
    if (this.txn !== undefined) this.txn.push(rec);
    else replay(this.image, rec);
  }

  file(file: string, fromOffset: bigint): void {
    let i = 0;
    for (const raw of fileBatches(file)) {
      i++;
      let batch;
      try {
        batch = decodeRecordBatch(raw);
      } catch (err) {
        throw new MetadataShellError(`${file} is not a KRaft metadata log: batch ${i}: ${(err as Error).message}`);
      }
      const lastOffset = batch.baseOffset + BigInt(batch.lastOffsetDelta);
      if (lastOffset < fromOffset) continue;
      if (batch.isControl) continue;
      let readable = 0;
      for (const r of batch.records) {
        if (r.offset < fromOffset) continue;
        let rec: MetadataRecord;
        try {
          if (r.value === null) throw new MetadataRecordError('the record has no value', 0);
          rec = decodeMetadataRecord(r.value);
        } catch (err) {
          if (!(err instanceof MetadataRecordError)) throw err;
          this.notes.push(`skipped the metadata record at offset ${r.offset} of ${file}: ${err.message.replace(/ at byte \d+$/, '')}`);
          continue;
        }
        readable++;
        this.applied++;
        this.apply(rec);
      }
      // Kafka's provenance: the batch's base offset plus the records it could read, its epoch and max timestamp.
      if (this.txn === undefined) this.image.provenance = { offset: batch.baseOffset + BigInt(readable) - 1n, epoch: batch.partitionLeaderEpoch, timeMs: batch.maxTimestamp };
    }
  }
}

/** Loads `target` (a .log segment, a .checkpoint snapshot, or a __cluster_metadata-0 directory). */
export function loadMetadata(target: string): LoadResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    fs.closeSync(openFile(target)); // throws the error Kafka's tool reports for the path
    throw new MetadataShellError(`${target}: cannot be read`);
  }
  const loader = new Loader();
  if (stat.isDirectory()) {
    const { files, fromOffset } = directoryFiles(target);
    for (const f of files) loader.file(f, SNAPSHOT.test(path.basename(f)) ? 0n : fromOffset);
  } else {
    loader.file(target, 0n);
  }
  if (loader.applied === 0) throw new MetadataShellError(`${target} holds no metadata records: not a KRaft metadata log or snapshot`);
  return { image: loader.image, applied: loader.applied, notes: loader.notes };
}
