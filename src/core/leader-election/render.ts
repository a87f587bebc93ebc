// LeaderElectionCommand's lines, byte for byte.
import type { ElectionResult } from './run.js';

const tp = (p: { topic: string; partition: number }): string => `${p.topic}-${p.partition}`;

export function renderElection(r: ElectionResult): string {
  let out = '';
  if (r.succeeded.length > 0) out += `Successfully completed leader election (${r.electionType}) for partitions ${r.succeeded.map(tp).join(', ')}\n`;
  if (r.noop.length > 0) out += `Valid replica already elected for partitions ${r.noop.map(tp).join(', ')}\n`;
  for (const f of r.failed) out += `Error completing leader election (${r.electionType}) for partition: ${tp(f)}: ${f.error}\n`;
  return out;
}

/** The exception Kafka throws (its message goes to stderr) when some partitions failed. */
export function failureMessage(r: ElectionResult): string | null {
  return r.failed.length === 0 ? null : `${r.failed.length} replica(s) could not be elected`;
}

export function electionJson(r: ElectionResult): unknown {
  return {
    electionType: r.electionType,
    succeeded: r.succeeded,
    noop: r.noop,
    failed: r.failed,
  };
}
