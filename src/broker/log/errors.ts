// Errors the log raises to the broker, each carrying the Kafka error code the broker answers with.

export class LogError extends Error {
  override readonly name: string = 'LogError';
  /** Kafka protocol error code to answer with. */
  readonly kafkaErrorCode: number;

  constructor(kafkaErrorCode: number, message: string) {
    super(message);
    this.kafkaErrorCode = kafkaErrorCode;
  }
}

/** OFFSET_OUT_OF_RANGE (1). */
export class OffsetOutOfRangeError extends LogError {
  override readonly name: string = 'OffsetOutOfRangeError';

  constructor(message: string) {
    super(1, message);
  }
}

/** CORRUPT_MESSAGE (2): the bytes handed to append are not one well-formed v2 batch. */
export class CorruptRecordError extends LogError {
  override readonly name: string = 'CorruptRecordError';

  constructor(message: string) {
    super(2, message);
  }
}

/** MESSAGE_TOO_LARGE (10): batch larger than max.message.bytes (or than a whole segment). */
export class RecordTooLargeError extends LogError {
  override readonly name: string = 'RecordTooLargeError';

  constructor(message: string) {
    super(10, message);
  }
}

/** KAFKA_STORAGE_ERROR (56): the log was closed or deleted underneath the caller. */
export class LogClosedError extends LogError {
  override readonly name: string = 'LogClosedError';

  constructor(message: string) {
    super(56, message);
  }
}

/**
 * Whether `err` is the operating system refusing a file operation (ENOSPC, EIO, EMFILE, ...): what
 * Java reports as an IOException, which Kafka turns into KafkaStorageException. Not a bug of ours.
 */
export function isStorageFailure(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

/**
 * KAFKA_STORAGE_ERROR (56): a write to the log directory failed (disk full, I/O error). Kafka's
 * KafkaStorageException; nothing of the failed write stays in the log, and the next write tries again.
 */
export class KafkaStorageError extends LogError {
  override readonly name: string = 'KafkaStorageError';
  override readonly cause: unknown;

  constructor(message: string, cause?: unknown) {
    super(56, message);
    this.cause = cause;
  }
}
