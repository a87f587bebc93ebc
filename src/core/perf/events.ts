// The JSON event lines of Kafka's verifiable tools, field for field in Jackson's order.
import { KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';

/** `class org.apache.kafka.common.errors.XxxException` for a Kafka error, as Java's getClass() prints it. */
export function javaExceptionClass(err: Error): string {
  if (err instanceof KafkaProtocolError) {
    const name = errorInfo(err.code).name;
    const camel = name
      .toLowerCase()
      .split('_')
      .map((w) => (w === '' ? '' : (w[0] as string).toUpperCase() + w.slice(1)))
      .join('');
    return `class org.apache.kafka.common.errors.${camel.endsWith('Exception') ? camel : `${camel}Exception`}`;
  }
  if (err.name === 'RangeError') return 'class java.lang.IllegalArgumentException';
  return `class org.apache.kafka.common.errors.${err.message.includes('timed out') || err.message.includes('timeout') ? 'TimeoutException' : 'NetworkException'}`;
}
