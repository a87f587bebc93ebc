// kafka-get-offsets' output: `topic:partition:offset` lines on stdout, and Kafka's
// `Skip getting offsets for topic-partition ...` line on stderr for each partition that failed.
import type { GetOffsetsResult } from './run.js';

export const ERROR_PREFIX = 'Error occurred: ';

export function offsetLines(result: GetOffsetsResult): string {
  return result.offsets.map((o) => `${o.topic}:${o.partition}:${o.offset}\n`).join('');
}

export function skipLines(result: GetOffsetsResult): string {
  return result.skipped.map((s) => `Skip getting offsets for topic-partition ${s.topic}-${s.partition} due to error: ${s.error}\n`).join('');
}

/** -o json: `{"offsets":[{"topic","partition","offset"}],"skipped":[{"topic","partition","error"}]}`. */
export function offsetsJson(result: GetOffsetsResult): { offsets: GetOffsetsResult['offsets']; skipped: GetOffsetsResult['skipped'] } {
  return { offsets: result.offsets, skipped: result.skipped };
}
