import { brokerVersionsJson, brokerVersionsText } from '../../../core/broker-api-versions/render.js';
import { brokerApiVersions } from '../../../core/broker-api-versions/run.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface BrokerApiVersionsCliFlags extends ConnectionFlags, OutputOptions {}

export async function runBrokerApiVersionsCommand(flags: BrokerApiVersionsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const brokers = await withNativeClient(flags, io, 'broker-api-versions', (client) => brokerApiVersions(client));
  if (json) writeJson(io, brokerVersionsJson(brokers));
  else io.stdout.write(brokerVersionsText(brokers));
  // Kafka exits 0 after printing "-> ERROR: ..." lines; tkafka's failed operations never do.
  return brokers.some((b) => 'error' in b) ? 1 : 0;
}
