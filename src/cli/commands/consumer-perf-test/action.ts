import { CONSUMER_KEYS } from '../../../core/console-consumer/options.js';
import { runConsumerPerf } from '../../../core/perf/consumer-perf.js';
import { UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { withClientErrors } from '../../options/client-errors.js';
import { nativeClientOptions, resolveConnection, type ConnectionFlags } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

export interface ConsumerPerfFlags extends ConnectionFlags {
  topic?: string;
  numRecords?: number;
  messages?: number;
  group?: string;
  fromLatest?: boolean;
  fetchSize?: number;
  socketBufferSize?: number;
  timeout?: number | boolean;
  reportingInterval?: number;
  showDetailedStats?: boolean;
  dateFormat: string;
  hideHeader?: boolean;
  printMetrics?: boolean;
}

function intProp(props: Record<string, string>, key: string): number | undefined {
  const v = props[key];
  return v === undefined || !/^\d+$/.test(v.trim()) ? undefined : Number(v.trim());
}

export async function runConsumerPerfTest(flags: ConsumerPerfFlags, io: CliIO): Promise<number> {
  if (flags.messages !== undefined) io.stderr.write('Warning: --messages is deprecated. Use --num-records instead.\n');
  const numRecords = flags.numRecords ?? flags.messages;
  if (numRecords === undefined) throw new UsageError('Missing required argument "[num-records]"');
  if (flags.topic === undefined) throw new UsageError('Exactly one of the following arguments is required: [topic], [include]');
  if (flags.reportingInterval !== undefined && flags.reportingInterval <= 0) throw new UsageError('Reporting interval must be greater than 0.');
  const settings = await resolveConnection(flags, io, { clientId: 'perf-consumer-client', toolKeys: CONSUMER_KEYS });
  const props = settings.toolProperties;
  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  const unregister = io.onInterrupt(() => interrupt());
  const { NativeClient } = await import('../../../client/native/client.js');
  const { topic } = flags;
  try {
    await withClientErrors(settings, async () => {
      const client = await NativeClient.connect(nativeClientOptions(settings));
      try {
        await runConsumerPerf(
          client,
          {
            topic,
            groupId: flags.group ?? props['group.id'] ?? `perf-consumer-${Math.floor(Math.random() * 100_000)}`,
            numRecords,
            fromLatest: flags.fromLatest === true,
            fetchSize: flags.fetchSize ?? 1_048_576,
            timeoutMs: typeof flags.timeout === 'number' ? flags.timeout : 10_000,
            reportingIntervalMs: flags.reportingInterval ?? 5000,
            detailed: flags.showDetailedStats === true,
            hideHeader: flags.hideHeader === true,
            dateFormat: flags.dateFormat,
            interrupted,
          },
          (line) => io.stdout.write(`${line}\n`),
          { maxWaitMs: intProp(props, 'fetch.max.wait.ms') ?? 500, minBytes: intProp(props, 'fetch.min.bytes') ?? 1, maxBytes: intProp(props, 'fetch.max.bytes') ?? 52_428_800 },
        );
      } finally {
        await client.close();
      }
    });
  } finally {
    unregister();
  }
  return EXIT_CODES.OK;
}
