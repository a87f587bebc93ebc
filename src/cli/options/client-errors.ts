// How the producing/consuming tools end on a client failure. Imported by actions only (it loads the
// protocol's error table): connection.ts stays light for every command's --help.
import { kafkaError } from '../../core/console-consumer/kafka-error.js';
import { KafkaProtocolError } from '../../protocol/error-codes.js';
import { asConnectionError, type ConnectionSettings } from './connection.js';

/**
 * A TkafkaError as it is; an unreachable or refusing cluster as connectionError; a broker's error
 * code as kafkaError (one line, exit 1); anything else as it is (an internal error).
 */
export function clientError(err: unknown, settings: Pick<ConnectionSettings, 'bootstrap'>): unknown {
  const mapped = asConnectionError(err, settings);
  return mapped === err && err instanceof KafkaProtocolError ? kafkaError(err) : mapped;
}

/** Runs `fn` (connecting included, so a refused connection is mapped too), throwing clientError. */
export async function withClientErrors<T>(settings: Pick<ConnectionSettings, 'bootstrap'>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw clientError(err, settings);
  }
}
