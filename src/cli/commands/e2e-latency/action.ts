import { runE2eLatency } from '../../../core/perf/e2e-latency.js';
import { UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { withClientErrors } from '../../options/client-errors.js';
import { nativeClientOptions, resolveConnection, type ConnectionFlags } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

export interface E2eLatencyFlags {
  positional: string[];
  bootstrapServer?: string;
  topic?: string;
  numRecords?: number;
  producerAcks?: string;
  recordSize?: number;
  recordKeySize?: number;
  commandConfig?: string;
}

const int = (v: string | undefined): number | undefined => (v === undefined || !/^-?\d+$/.test(v.trim()) ? undefined : Number(v.trim()));

export async function runE2eLatencyCommand(flags: E2eLatencyFlags, io: CliIO): Promise<number> {
  let f = flags;
  if (flags.positional.length > 0) {
    const p = flags.positional;
    if (p.length !== 5 && p.length !== 6) {
      throw new UsageError(`Invalid number of arguments. Expected 5 or 6 positional arguments, but got ${p.length}. Usage: bootstrap-server topic num-records producer-acks record-size [optional] command-config`);
    }
    io.stderr.write('WARNING: Positional argument usage is deprecated and will be removed in Apache Kafka 5.0. Please use named arguments instead: --bootstrap-server, --topic, --num-records, --producer-acks, --record-size, --command-config\n');
    f = { positional: [], bootstrapServer: p[0] as string, topic: p[1] as string, producerAcks: p[3] as string };
    const n = int(p[2]);
    const size = int(p[4]);
    if (n !== undefined) f.numRecords = n;
    if (size !== undefined) f.recordSize = size;
    if (p[5] !== undefined) f.commandConfig = p[5];
  }
  for (const [name, v] of [['topic', f.topic], ['num-records', f.numRecords], ['producer-acks', f.producerAcks], ['record-size', f.recordSize]] as const) {
    if (v === undefined) throw new UsageError(`Missing required argument "[${name}]"`);
  }
  const acks = f.producerAcks === '1' ? 1 : f.producerAcks === 'all' ? -1 : null;
  if (acks === null) throw new UsageError("Invalid value for --producer-acks. Latency testing requires synchronous acknowledgement. Please use '1' or 'all'.");
  if ((f.numRecords ?? 0) <= 0) throw new UsageError('Value for --num-records must be a positive integer.');
  if ((f.recordSize ?? 0) < 0) throw new UsageError('Value for --record-size must be a non-negative integer.');
  if (f.recordKeySize !== undefined && f.recordKeySize < 0) throw new UsageError('Value for --record-key-size must be a non-negative integer.');
  const conn: ConnectionFlags = {};
  if (f.bootstrapServer !== undefined) conn.bootstrapServer = f.bootstrapServer;
  if (f.commandConfig !== undefined) conn.commandConfig = f.commandConfig;
  const settings = await resolveConnection(conn, io, { clientId: 'e2e-latency' });
  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  const unregister = io.onInterrupt(() => interrupt());
  const { NativeClient } = await import('../../../client/native/client.js');
  try {
    await withClientErrors(settings, async () => {
      const client = await NativeClient.connect(nativeClientOptions(settings));
      try {
        await runE2eLatency(client, { topic: f.topic as string, numRecords: f.numRecords as number, acks, recordSize: f.recordSize as number, keySize: f.recordKeySize, interrupted }, (line) => io.stdout.write(`${line}\n`));
      } finally {
        await client.close();
      }
    });
  } finally {
    unregister();
  }
  return EXIT_CODES.OK;
}
