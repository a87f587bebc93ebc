// --from-file of a reset plan (kafka-consumer-groups and kafka-streams-groups --reset-offsets): the
// file's text, or a one-line error (exit 2) that says why it cannot be read.
import { readFileSync } from 'node:fs';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../shared/errors.js';

export function readPlanFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const why = errnoCode(err) === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read --from-file '${path}': ${why}.`, { exitCode: 2 });
  }
}
