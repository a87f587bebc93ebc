import { ProtocolDecodeError } from '../codec/errors.js';

/** Kafka error codes a records failure maps to (numbers from Kafka's Errors table). */
export const RecordsErrorCode = {
  UNKNOWN_SERVER_ERROR: -1,
  CORRUPT_MESSAGE: 2,
  MESSAGE_TOO_LARGE: 10,
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 43,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  INVALID_RECORD: 87,
} as const;

/**
 * A record batch (or its compressed payload) is malformed, oversized or unsupported. Extends
 * ProtocolDecodeError so request decoders that already catch that type handle it too; `code` is the
 * Kafka error code a broker should answer with for the partition.
 */
export class RecordsError extends ProtocolDecodeError {
  readonly code: number;

  constructor(message: string, offset: number, code: number = RecordsErrorCode.CORRUPT_MESSAGE) {
    super(message, offset);
    this.code = code;
  }
}
