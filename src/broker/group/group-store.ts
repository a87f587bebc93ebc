// Where the group coordinator's records go (the __consumer_offsets topic in the broker, memory in
// unit tests), shared by its membership and offsets parts.
import { ErrorCode } from '../../protocol/error-codes.js';
import { LogError, RecordTooLargeError } from '../log/errors.js';
import type { CoordinatorRecord } from './records.js';

/** Where coordinator records go; all records of one call belong to one group (one partition). */
export interface GroupStore {
  append(groupId: string, records: readonly CoordinatorRecord[]): void;
  /** Replays every stored record in log order. */
  load(apply: (rec: CoordinatorRecord) => void): void;
  /** Creates the backing storage ahead of the first write (Kafka creates its topic on FindCoordinator). */
  prepare?(): void;
  /** The partition that holds the group's records (transaction markers settle offsets per partition). */
  partitionFor?(groupId: string): number;
  /** The records of the producer's transactional batches in `partition` from `fromOffset` on. */
  transactionalRecords?(partition: number, producerId: bigint, fromOffset: number): CoordinatorRecord[];
}

/**
 * Kafka's mapping of a failed __consumer_offsets append to what the client is told: a storage
 * failure (disk full) is NOT_COORDINATOR (GroupCoordinatorService maps KafkaStorageException so),
 * which sends the client to FindCoordinator and a retry.
 */
export function appendErrorCode(err: unknown): number {
  if (err instanceof RecordTooLargeError) return ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
  return writeErrorCode(err, ErrorCode.COORDINATOR_NOT_AVAILABLE);
}

/** NOT_COORDINATOR for a write the log refused (disk full), else `otherwise`. */
export function writeErrorCode(err: unknown, otherwise: number): number {
  return err instanceof LogError && err.kafkaErrorCode === ErrorCode.KAFKA_STORAGE_ERROR ? ErrorCode.NOT_COORDINATOR : otherwise;
}
