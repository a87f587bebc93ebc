// kafka-delete-records' output, byte for byte (DeleteRecordsCommand.execute).
import type { DeleteRecordsOutcome } from './run.js';

export const EXECUTING = 'Executing records delete operation\n';
export const COMPLETED = 'Records delete operation completed:\n';

export function outcomeLines(outcomes: readonly DeleteRecordsOutcome[]): string {
  return outcomes.map((o) => ('error' in o ? `partition: ${o.topic}-${o.partition}\terror: ${o.error}\n` : `partition: ${o.topic}-${o.partition}\tlow_watermark: ${o.lowWatermark}\n`)).join('');
}

/** -o json: `{"partitions":[{"topic","partition","lowWatermark"} | {"topic","partition","error"}]}`. */
export function outcomesJson(outcomes: readonly DeleteRecordsOutcome[]): { partitions: DeleteRecordsOutcome[] } {
  return { partitions: [...outcomes] };
}
