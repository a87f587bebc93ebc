// Field offsets of a RecordBatch v2 header (see RECORDS.md §4). The produce and fetch paths read
// and stamp these directly on Buffer slices, without decoding records.
export const BASE_OFFSET = 0;
export const BATCH_LENGTH = 8;
export const PARTITION_LEADER_EPOCH = 12;
export const MAGIC = 16;
export const CRC = 17;
export const ATTRIBUTES = 21;
export const LAST_OFFSET_DELTA = 23;
export const BASE_TIMESTAMP = 27;
export const MAX_TIMESTAMP = 35;
export const PRODUCER_ID = 43;
export const PRODUCER_EPOCH = 51;
export const BASE_SEQUENCE = 53;
export const RECORDS_COUNT = 57;
/** Size of the batch header; records start here. */
export const RECORD_BATCH_OVERHEAD = 61;
/** baseOffset + batchLength: the part not counted by batchLength. */
export const LOG_OVERHEAD = 12;

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_BIT = 0x08;
export const TRANSACTIONAL_BIT = 0x10;
export const CONTROL_BIT = 0x20;
export const DELETE_HORIZON_BIT = 0x40;

/** Total size in bytes of the batch starting at `pos` (12 + batchLength). Caller checks pos+12 <= length. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH);
}

export function baseOffsetOf(batch: Buffer): bigint {
  return batch.readBigInt64BE(BASE_OFFSET);
}

export function lastOffsetDeltaOf(batch: Buffer): number {
  return batch.readInt32BE(LAST_OFFSET_DELTA);
}

export function attributesOf(batch: Buffer): number {
  return batch.readInt16BE(ATTRIBUTES);
}

export function maxTimestampOf(batch: Buffer): bigint {
  return batch.readBigInt64BE(MAX_TIMESTAMP);
}

export function recordsCountOf(batch: Buffer): number {
  return batch.readInt32BE(RECORDS_COUNT);
}

/** Overwrites baseOffset in place. Outside the CRC range, so the CRC stays valid. */
export function stampBaseOffset(batch: Buffer, baseOffset: bigint): void {
  batch.writeBigInt64BE(baseOffset, BASE_OFFSET);
}

/** Overwrites partitionLeaderEpoch in place. Outside the CRC range. */
export function stampLeaderEpoch(batch: Buffer, epoch: number): void {
  batch.writeInt32BE(epoch, PARTITION_LEADER_EPOCH);
}
