// Producer state for every partition log, loaded on first use: the snapshot file in the partition
// directory (the state as of some offset) plus a replay of the log from there to its end, so the
// state after a crash is what it was at the last append and retried batches are still recognised.
// Snapshots are written on a timer for partitions that changed and on shutdown; a snapshot that
// claims more than the log holds (a tail lost to recovery) is ignored and the log replayed whole.
import fs from 'node:fs';
import path from 'node:path';
import type { Clock, Timer } from '../../shared/clock.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { PartitionLog } from '../log/partition-log.js';
import { decodeRecordBatch } from '../../protocol/records/batch.js';
import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_SEQUENCE,
  BATCH_LENGTH,
  CONTROL_BIT,
  LAST_OFFSET_DELTA,
  LOG_OVERHEAD,
  MAX_TIMESTAMP,
  PRODUCER_EPOCH,
  PRODUCER_ID,
  RECORD_BATCH_OVERHEAD,
  TRANSACTIONAL_BIT,
} from '../../protocol/records/batch-header.js';
import { ControlRecordType, decodeControlRecord } from '../../protocol/records/record.js';
import { PartitionProducerState, type SerializedProducerState } from './producer-state.js';

export const PRODUCER_SNAPSHOT_FILE = 'producer-state.snapshot';
const REPLAY_READ_BYTES = 1 << 20;
/** How often changed partitions get a fresh snapshot, bounding the replay after a crash. */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 30_000;
/** Kafka's producer.id.expiration.ms default: idle producer ids are forgotten after a day. */
export const PRODUCER_ID_EXPIRATION_MS = 86_400_000;

interface Loaded {
  readonly log: PartitionLog;
  readonly state: PartitionProducerState;
  /** state.version at the last snapshot. */
  savedVersion: number;
  savedOffset: number;
}

export interface ReplayStats {
  batches: number;
  fromOffset: number;
  snapshotUsed: boolean;
}

/** Walks the stored batches of [from, log end) and applies each producer batch to `state`. */
export function replayLog(log: PartitionLog, state: PartitionProducerState, from: number): number {
  let offset = from;
  let count = 0;
  while (offset < log.logEndOffset) {
    const read = log.read(offset, REPLAY_READ_BYTES, true);
    const buf = read.records;
    if (buf.length === 0) break;
    let pos = 0;
    let next = offset;
    while (pos + RECORD_BATCH_OVERHEAD <= buf.length) {
      const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH);
      if (pos + size > buf.length) break;
      const baseOffset = buf.readInt32BE(pos + BASE_OFFSET) * 0x1_0000_0000 + buf.readUInt32BE(pos + BASE_OFFSET + 4);
      const lastOffset = baseOffset + buf.readInt32BE(pos + LAST_OFFSET_DELTA);
      if (lastOffset >= offset) {
        applyStoredBatch(state, buf.subarray(pos, pos + size), baseOffset, lastOffset);
        count++;
      }
      next = lastOffset + 1;
      pos += size;
    }
    if (next <= offset) break;
    offset = next;
  }
  return count;
}

function applyStoredBatch(state: PartitionProducerState, batch: Buffer, baseOffset: number, lastOffset: number): void {
  const producerId = batch.readBigInt64BE(PRODUCER_ID);
  if (producerId < 0n) return;
  const attributes = batch.readInt16BE(ATTRIBUTES);
  const producerEpoch = batch.readInt16BE(PRODUCER_EPOCH);
  const timestamp = Number(batch.readBigInt64BE(MAX_TIMESTAMP));
  if ((attributes & CONTROL_BIT) !== 0) {
    const decoded = decodeRecordBatch(batch, { verifyCrc: false });
    const rec = decoded.records[0];
    if (rec === undefined) return;
    const marker = decodeControlRecord(rec);
    if (marker.type !== ControlRecordType.COMMIT && marker.type !== ControlRecordType.ABORT) return;
    state.applyMarker(producerId, producerEpoch, marker.type === ControlRecordType.COMMIT, marker.coordinatorEpoch ?? 0, baseOffset, timestamp);
    return;
  }
  state.applyData(
    {
      producerId,
      producerEpoch,
      baseSequence: batch.readInt32BE(BASE_SEQUENCE),
      lastOffsetDelta: lastOffset - baseOffset,
      isTransactional: (attributes & TRANSACTIONAL_BIT) !== 0,
    },
    baseOffset,
    lastOffset,
    timestamp,
  );
}

function readSnapshot(file: string): SerializedProducerState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const s = JSON.parse(text) as SerializedProducerState;
    return s.version === 1 && Number.isSafeInteger(s.offset) ? s : null;
  } catch {
    return null;
  }
}

export class ProducerStateRegistry {
  private readonly loaded = new Map<PartitionLog, Loaded>();
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private timer: Timer | null = null;
  private closed = false;
  private readonly isLive: (log: PartitionLog) => boolean;
  /** What the last load found, for tests and diagnostics. */
  lastReplay: ReplayStats | null = null;

  /** `isLive` says whether a log still belongs to an existing partition (not a deleted topic's). */
  constructor(clock: Clock, log: (line: string) => void, isLive: (log: PartitionLog) => boolean = (l) => fs.existsSync(l.dir)) {
    this.clock = clock;
    this.log = log;
    this.isLive = isLive;
  }

  /** The partition's producer state, loaded (snapshot + log tail) on first use. */
  get(log: PartitionLog): PartitionProducerState {
    const hit = this.loaded.get(log);
    if (hit !== undefined) return hit.state;
    return this.load(log).state;
  }

  /** The state if already loaded; never loads. */
  peek(log: PartitionLog): PartitionProducerState | undefined {
    return this.loaded.get(log)?.state;
  }

  private load(log: PartitionLog): Loaded {
    const snap = readSnapshot(path.join(log.dir, PRODUCER_SNAPSHOT_FILE));
    let state: PartitionProducerState;
    let from = log.logStartOffset;
    const usable = snap !== null && snap.offset <= log.logEndOffset;
    if (usable) {
      state = PartitionProducerState.deserialize(snap);
      from = Math.max(snap.offset, log.logStartOffset);
    } else {
      state = new PartitionProducerState();
    }
    const batches = replayLog(log, state, from);
    state.truncateHead(log.logStartOffset);
    this.lastReplay = { batches, fromOffset: from, snapshotUsed: usable };
    const entry: Loaded = { log, state, savedVersion: usable && batches === 0 ? state.version : -1, savedOffset: usable ? snap.offset : -1 };
    this.loaded.set(log, entry);
    return entry;
  }

  /** Starts the periodic snapshot timer. */
  start(intervalMs = DEFAULT_SNAPSHOT_INTERVAL_MS): void {
    if (this.closed || this.timer !== null) return;
    const tick = (): void => {
      this.timer = null;
      if (this.closed) return;
      const now = this.clock.now();
      for (const l of this.loaded.values()) l.state.expireProducers(now, PRODUCER_ID_EXPIRATION_MS);
      this.snapshotAll(false);
      this.timer = this.clock.setTimeout(tick, intervalMs);
      this.timer.unref();
    };
    this.timer = this.clock.setTimeout(tick, intervalMs);
    this.timer.unref();
  }

  /** Writes a snapshot for each loaded partition whose state or log end moved (all of them when `force`). */
  snapshotAll(force: boolean): number {
    let written = 0;
    for (const [log, l] of [...this.loaded]) {
      if (!this.isLive(log)) {
        // The topic was deleted (its directory may already hold a new topic of the same name).
        this.loaded.delete(log);
        continue;
      }
      let end: number;
      try {
        end = log.logEndOffset;
        l.state.truncateHead(log.logStartOffset);
      } catch {
        continue;
      }
      if (!force && l.savedVersion === l.state.version && l.savedOffset === end) continue;
      try {
        writeFileAtomic(path.join(log.dir, PRODUCER_SNAPSHOT_FILE), JSON.stringify(l.state.serialize(end)), false);
        l.savedVersion = l.state.version;
        l.savedOffset = end;
        written++;
      } catch (err) {
        this.log(`could not write producer state snapshot in ${log.dir}: ${(err as Error).message}`);
      }
    }
    return written;
  }

  /** Final snapshots; call before the logs close. `snapshot: false` writes none (an in-process crash). */
  close(snapshot = true): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (snapshot) this.snapshotAll(false);
  }
}
