import { randomBytes } from 'node:crypto';
import { checkClientMetricsArgs, ClientMetricsError, runClientMetrics, type ClientMetricsFlags } from '../../../core/client-metrics/run.js';
import { ConfigsAdmin } from '../../../core/configs/admin.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface ClientMetricsCliFlags extends ClientMetricsFlags, ConnectionFlags, OutputOptions {}

/** Kafka's Uuid.randomUuid().toString(): 16 random bytes as base64url, never starting with '-'. */
function randomKafkaUuid(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const ERROR_PREFIX = 'Error while executing client metrics command : ';

export async function runClientMetricsCommand(flags: ClientMetricsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const action = checkClientMetricsArgs(flags);
  try {
    const res = await withNativeClient(flags, io, 'kafka-client-metrics', (client) => {
      const admin = new ConfigsAdmin({ any: () => client.anyConnection(), node: (id) => client.nodeConnection(id) });
      return runClientMetrics(action, flags, admin, randomKafkaUuid);
    });
    if (json) writeJson(io, res.json);
    else io.stdout.write(res.text);
    return 0;
  } catch (err) {
    const message = err instanceof ClientMetricsError ? err.message : err instanceof Error && (err.name === 'UnsupportedApiError' || err.name === 'NativeRequestError') ? err.message : null;
    if (message === null) throw err;
    (json ? io.stderr : io.stdout).write(`${ERROR_PREFIX}${message}\n`);
    return 1;
  }
}
