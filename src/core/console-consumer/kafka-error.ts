import { ErrorCode, type KafkaProtocolError } from '../../protocol/error-codes.js';
import { TkafkaError } from '../../shared/errors.js';

/** A broker's refusal seen by the console tools (an invalid topic name, ...) as a one-line error, exit 1. */
export function kafkaError(err: KafkaProtocolError): TkafkaError {
  const hint = err.code === ErrorCode.INVALID_TOPIC_EXCEPTION ? "Topic names are 1 to 249 characters from ASCII letters, digits, '.', '_' and '-'." : undefined;
  return new TkafkaError('KAFKA_ERROR', err.message, { cause: err, ...(hint === undefined ? {} : { hint }) });
}
