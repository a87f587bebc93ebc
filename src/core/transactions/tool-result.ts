// What the admin-style tools (transactions, metadata-quorum, cluster, features, delegation-tokens)
// return and how they fail, so one CLI helper prints them all as Kafka's tools do.

/** A command's output: Kafka's text, and the same data for -o json. */
export interface ToolResult {
  text: string;
  json: unknown;
}

/**
 * A failure as Kafka's tool reports it: `stdout` is what it printed before failing (text output
 * only), then the message alone on stderr, exit 1.
 */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
  readonly stdout: string;
  constructor(message: string, stdout = '') {
    super(message);
    this.stdout = stdout;
  }
}
