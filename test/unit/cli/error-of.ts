import { TkafkaError } from '../../../src/shared/errors.js';

/** The TkafkaError `fn` throws, to assert on its message, hint and exit code; anything else fails the test. */
export function errorOf(fn: () => unknown): TkafkaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TkafkaError) return err;
    throw err;
  }
  throw new Error('expected a TkafkaError');
}
