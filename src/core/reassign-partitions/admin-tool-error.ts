import { TkafkaError } from '../../shared/errors.js';

/** A failure these tools print as Kafka does; `message` is the text after the tool's own prefix. */
export class AdminToolError extends TkafkaError {
  override readonly name: string = 'AdminToolError';
  /** Kafka prints this message on stdout too before failing (e.g. leader-election's authorization line). */
  readonly alsoStdout: boolean;
  constructor(message: string, alsoStdout = false) {
    super('ADMIN_FAILED', message);
    this.alsoStdout = alsoStdout;
  }
}
