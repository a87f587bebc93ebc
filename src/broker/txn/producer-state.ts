// Per-partition producer state (Kafka's ProducerStateManager / ProducerAppendInfo / ProducerStateEntry):
// for each producer id the epoch, the last 5 batches' sequence ranges and offsets (for retry
// de-duplication), the coordinator epoch of its last marker and the first offset of its open
// transaction; per partition the open transactions (which pin the last stable offset) and the
// aborted-transaction index that read_committed fetches return. The same apply functions serve the
// produce path (after the checks) and the rebuild from the log, so both reach the same state.
import { ErrorCode } from '../../protocol/error-codes.js';

/** Kafka keeps this many batches per producer id for de-duplication. */
export const NUM_BATCHES_TO_RETAIN = 5;
export const NO_SEQUENCE = -1;
export const NO_EPOCH = -1;
const INT32_MAX = 0x7fffffff;

/** `seq + inc` with Kafka's wrap from INT32_MAX back to 0. */
export function incrementSequence(seq: number, inc: number): number {
  return seq > INT32_MAX - inc ? inc - (INT32_MAX - seq) - 1 : seq + inc;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

export interface BatchMeta {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  /** The batch's max timestamp as stored (the append time on LogAppendTime topics). */
  timestamp: number;
}

export class ProducerEntry {
  readonly producerId: bigint;
  epoch = NO_EPOCH;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN. */
  batches: BatchMeta[] = [];
  coordinatorEpoch = -1;
  lastTimestamp = -1;
  /** First offset of the open transaction on this partition, -1 when none. */
  txnFirstOffset = -1;

  constructor(producerId: bigint) {
    this.producerId = producerId;
  }

  get lastSeq(): number {
    return this.batches.at(-1)?.lastSeq ?? NO_SEQUENCE;
  }

  findDuplicate(epoch: number, firstSeq: number, lastSeq: number): BatchMeta | undefined {
    if (epoch !== this.epoch) return undefined;
    return this.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
  }

  /** A new epoch forgets the sequences of the old one. */
  setEpoch(epoch: number): void {
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.batches = [];
    }
  }

  addBatch(meta: BatchMeta): void {
    this.batches.push(meta);
    if (this.batches.length > NUM_BATCHES_TO_RETAIN) this.batches.shift();
  }
}

/** A finished aborted transaction: read_committed consumers drop its data between firstOffset and lastOffset. */
export interface AbortedTxn {
  producerId: bigint;
  firstOffset: number;
  /** Offset of the ABORT marker. */
  lastOffset: number;
  /** The partition's last stable offset once this transaction ended; bounds index scans. */
  lastStableOffset: number;
}

/** What the producer-state checks say about a produced batch (before it is appended). */
export type ProduceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; batch: BatchMeta }
  | { kind: 'error'; errorCode: number; message: string };

/** The header fields of a producer batch that producer state looks at. */
export interface ProducerBatch {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  isTransactional: boolean;
}

export interface SerializedProducerState {
  version: 1;
  /** The log end offset the state reflects; replay continues from here. */
  offset: number;
  producers: {
    id: string;
    epoch: number;
    coordinatorEpoch: number;
    lastTimestamp: number;
    txnFirstOffset: number;
    batches: [number, number, number, number, number][];
  }[];
  aborted: [string, number, number, number][];
}

export class PartitionProducerState {
  private readonly producers = new Map<bigint, ProducerEntry>();
  /** Open transactions by producer id. Insertion order is offset order, so the first is the oldest. */
  private readonly ongoing = new Map<bigint, number>();
  /** Ordered by lastOffset (markers are appended in offset order). */
  private aborted: AbortedTxn[] = [];
  /** Bumped on every change, so snapshots are written only when something moved. */
  version = 0;

  entry(producerId: bigint): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  entries(): IterableIterator<ProducerEntry> {
    return this.producers.values();
  }

  get producerCount(): number {
    return this.producers.size;
  }

  /** First offset of the oldest open transaction, or undefined: the LSO is this, else the high watermark. */
  firstUnstableOffset(): number | undefined {
    for (const first of this.ongoing.values()) return first;
    return undefined;
  }

  lastStableOffset(highWatermark: number): number {
    const first = this.firstUnstableOffset();
    return first === undefined ? highWatermark : Math.min(first, highWatermark);
  }

  hasOngoingTxn(producerId: bigint): boolean {
    return this.ongoing.has(producerId);
  }

  ongoingTxnFirstOffset(producerId: bigint): number {
    return this.ongoing.get(producerId) ?? -1;
  }

  abortedCount(): number {
    return this.aborted.length;
  }

  /**
   * Aborted transactions overlapping [fetchOffset, upperBound), as Kafka's TransactionIndex collects
   * them: marker at or after the fetch offset and first offset below the bound.
   */
  abortedTransactions(fetchOffset: number, upperBound: number): AbortedTxn[] {
    const out: AbortedTxn[] = [];
    let lo = 0;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.aborted[mid] as AbortedTxn).lastOffset < fetchOffset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.aborted.length; i++) {
      const a = this.aborted[i] as AbortedTxn;
      if (a.firstOffset < upperBound) out.push(a);
      // Every transaction that ended later began at or after this one's LSO.
      if (a.lastStableOffset >= upperBound) break;
    }
    return out;
  }

  /**
   * The checks Kafka makes before appending a client batch of an idempotent or transactional producer
   * (UnifiedLog.analyzeAndValidateProducerState + ProducerAppendInfo): a batch matching one of the
   * last 5 is a duplicate; an older epoch is INVALID_PRODUCER_EPOCH; a new epoch must start at
   * sequence 0 (unless the producer is unknown here, KIP-360); otherwise the batch must continue the
   * last sequence; a non-transactional write inside an open transaction is INVALID_TXN_STATE.
   */
  checkProduce(b: ProducerBatch): ProduceCheck {
    const e = this.producers.get(b.producerId);
    const lastSeq = incrementSequence(b.baseSequence, b.lastOffsetDelta);
    if (e === undefined) return { kind: 'append' };
    const dup = e.findDuplicate(b.producerEpoch, b.baseSequence, lastSeq);
    if (dup !== undefined) return { kind: 'duplicate', batch: dup };
    if (b.producerEpoch < e.epoch) {
      return {
        kind: 'error',
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `Epoch of producer ${b.producerId} is ${b.producerEpoch}, which is smaller than the last seen epoch ${e.epoch}`,
      };
    }
    if (b.producerEpoch !== e.epoch) {
      if (b.baseSequence !== 0 && e.epoch !== NO_EPOCH) {
        return {
          kind: 'error',
          errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          message: `Invalid sequence number for new epoch of producer ${b.producerId}: ${b.producerEpoch} (request epoch), ${b.baseSequence} (seq. number), ${e.epoch} (current producer epoch)`,
        };
      }
    } else if (e.epoch !== NO_EPOCH && !inSequence(e.lastSeq, b.baseSequence)) {
      return {
        kind: 'error',
        errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `Out of order sequence number for producer ${b.producerId}: ${b.baseSequence} (incoming seq. number), ${e.lastSeq} (current end sequence number)`,
      };
    }
    if (e.txnFirstOffset >= 0 && !b.isTransactional) {
      return { kind: 'error', errorCode: ErrorCode.INVALID_TXN_STATE, message: `Expected transactional write from producer ${b.producerId}` };
    }
    return { kind: 'append' };
  }

  /** Records an appended data batch (client or coordinator written, or replayed from the log). */
  applyData(b: ProducerBatch, firstOffset: number, lastOffset: number, timestamp: number): void {
    let e = this.producers.get(b.producerId);
    if (e === undefined) this.producers.set(b.producerId, (e = new ProducerEntry(b.producerId)));
    e.setEpoch(b.producerEpoch);
    if (b.baseSequence >= 0) {
      e.addBatch({ firstSeq: b.baseSequence, lastSeq: incrementSequence(b.baseSequence, b.lastOffsetDelta), firstOffset, lastOffset, timestamp });
    }
    e.lastTimestamp = timestamp;
    if (b.isTransactional && e.txnFirstOffset < 0) {
      e.txnFirstOffset = firstOffset;
      this.ongoing.set(b.producerId, firstOffset);
    }
    this.version++;
  }

  /** Checks a marker the coordinator is about to write: 0, or the error Kafka would throw. */
  checkMarker(producerId: bigint, epoch: number, coordinatorEpoch: number): number {
    const e = this.producers.get(producerId);
    if (e === undefined) return ErrorCode.NONE;
    if (epoch < e.epoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (coordinatorEpoch < e.coordinatorEpoch) return ErrorCode.TRANSACTION_COORDINATOR_FENCED;
    return ErrorCode.NONE;
  }

  /**
   * Records a COMMIT/ABORT marker at `offset`. Ends the producer's open transaction here (an aborted
   * one enters the index) and returns it, or null when the producer had written nothing here.
   */
  applyMarker(producerId: bigint, epoch: number, commit: boolean, coordinatorEpoch: number, offset: number, timestamp: number): AbortedTxn | null {
    let e = this.producers.get(producerId);
    if (e === undefined) this.producers.set(producerId, (e = new ProducerEntry(producerId)));
    const first = e.txnFirstOffset;
    e.setEpoch(epoch);
    e.txnFirstOffset = -1;
    e.coordinatorEpoch = coordinatorEpoch;
    e.lastTimestamp = timestamp;
    this.version++;
    if (first < 0) return null;
    this.ongoing.delete(producerId);
    const done: AbortedTxn = { producerId, firstOffset: first, lastOffset: offset, lastStableOffset: this.firstUnstableOffset() ?? offset + 1 };
    if (!commit) this.aborted.push(done);
    return done;
  }

  /**
   * Forgets producers idle for longer than `expirationMs` (Kafka's producer.id.expiration.ms) that
   * have no open transaction here; returns how many went.
   */
  expireProducers(now: number, expirationMs: number): number {
    let n = 0;
    for (const [id, e] of this.producers) {
      if (e.txnFirstOffset < 0 && e.lastTimestamp >= 0 && now - e.lastTimestamp > expirationMs) {
        this.producers.delete(id);
        n++;
      }
    }
    if (n > 0) this.version++;
    return n;
  }

  /** Drops aborted-index entries wholly below the log start offset (retention, DeleteRecords). */
  truncateHead(logStartOffset: number): void {
    let n = 0;
    while (n < this.aborted.length && (this.aborted[n] as AbortedTxn).lastOffset < logStartOffset) n++;
    if (n > 0) {
      this.aborted = this.aborted.slice(n);
      this.version++;
    }
  }

  serialize(offset: number): SerializedProducerState {
    return {
      version: 1,
      offset,
      producers: [...this.producers.values()].map((e) => ({
        id: e.producerId.toString(),
        epoch: e.epoch,
        coordinatorEpoch: e.coordinatorEpoch,
        lastTimestamp: e.lastTimestamp,
        txnFirstOffset: e.txnFirstOffset,
        batches: e.batches.map((b): [number, number, number, number, number] => [b.firstSeq, b.lastSeq, b.firstOffset, b.lastOffset, b.timestamp]),
      })),
      aborted: this.aborted.map((a): [string, number, number, number] => [a.producerId.toString(), a.firstOffset, a.lastOffset, a.lastStableOffset]),
    };
  }

  static deserialize(s: SerializedProducerState): PartitionProducerState {
    const st = new PartitionProducerState();
    const open: [bigint, number][] = [];
    for (const p of s.producers) {
      const e = new ProducerEntry(BigInt(p.id));
      e.epoch = p.epoch;
      e.coordinatorEpoch = p.coordinatorEpoch;
      e.lastTimestamp = p.lastTimestamp;
      e.txnFirstOffset = p.txnFirstOffset;
      e.batches = p.batches.map(([firstSeq, lastSeq, firstOffset, lastOffset, timestamp]) => ({ firstSeq, lastSeq, firstOffset, lastOffset, timestamp }));
      st.producers.set(e.producerId, e);
      if (e.txnFirstOffset >= 0) open.push([e.producerId, e.txnFirstOffset]);
    }
    open.sort((a, b) => a[1] - b[1]);
    for (const [id, first] of open) st.ongoing.set(id, first);
    st.aborted = s.aborted.map(([id, firstOffset, lastOffset, lastStableOffset]) => ({ producerId: BigInt(id), firstOffset, lastOffset, lastStableOffset }));
    return st;
  }
}
