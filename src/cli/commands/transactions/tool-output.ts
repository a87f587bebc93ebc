// How the admin-style tools (transactions, metadata-quorum, cluster, features, delegation-tokens)
// end: the result as Kafka's text or -o json, exit 0; a ToolFailure as Kafka's tool prints it
// (what it printed before failing, then the message on stderr), exit 1. Loaded by their actions only.
import { ToolFailure, type ToolResult } from '../../../core/transactions/tool-result.js';
import { writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export async function printToolResult(io: CliIO, json: boolean, produce: () => ToolResult | Promise<ToolResult>): Promise<number> {
  try {
    const res = await produce();
    if (json) writeJson(io, res.json);
    else io.stdout.write(res.text);
    return 0;
  } catch (err) {
    if (!(err instanceof ToolFailure)) throw err;
    if (!json && err.stdout !== '') io.stdout.write(err.stdout);
    io.stderr.write(`${err.message}\n`);
    return 1;
  }
}
