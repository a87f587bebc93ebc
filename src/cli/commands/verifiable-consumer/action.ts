import { CONSUMER_KEYS } from '../../../core/console-consumer/options.js';
import { runVerifiableConsumer } from '../../../core/perf/verifiable-consumer.js';
import { UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { withClientErrors } from '../../options/client-errors.js';
import { nativeClientOptions, resolveConnection, type ConnectionFlags } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

export interface VerifiableConsumerFlags extends ConnectionFlags {
  topic?: string;
  groupId?: string;
  groupProtocol: string;
  groupRemoteAssignor?: string;
  groupInstanceId?: string;
  maxMessages?: number;
  sessionTimeout?: number;
  verbose?: boolean;
  enableAutocommit?: boolean;
  closeTimeout?: number;
  resetPolicy: string;
  assignmentStrategy?: string;
}

function assignorOf(name: string | undefined): 'range' | 'roundrobin' {
  if (name === undefined) return 'range';
  const short = name.split('.').pop() ?? name;
  if (short === 'RangeAssignor' || short.toLowerCase() === 'range') return 'range';
  if (short === 'RoundRobinAssignor' || short.toLowerCase() === 'roundrobin') return 'roundrobin';
  throw new UsageError(`--assignment-strategy: ${name} is not supported (RangeAssignor or RoundRobinAssignor).`);
}

export async function runVerifiableConsumerCommand(flags: VerifiableConsumerFlags, io: CliIO): Promise<number> {
  if (flags.topic === undefined) throw new UsageError('argument --topic is required');
  if (flags.groupId === undefined) throw new UsageError('argument --group-id is required');
  const protocol = flags.groupProtocol.toLowerCase();
  if (protocol !== 'classic' && protocol !== 'consumer') throw new UsageError(`argument --group-protocol: must be one of CLASSIC, CONSUMER`);
  // As VerifiableConsumer: the remote assignor is for the consumer protocol, the assignment strategy for the classic one.
  if (protocol === 'classic' && flags.groupRemoteAssignor !== undefined) throw new UsageError('--group-remote-assignor is only used with --group-protocol consumer.');
  if (protocol === 'consumer' && flags.assignmentStrategy !== undefined) throw new UsageError('--assignment-strategy is only used with --group-protocol classic (the broker assigns with --group-protocol consumer).');
  const reset = flags.resetPolicy.toLowerCase();
  if (reset !== 'earliest' && reset !== 'latest' && reset !== 'none') throw new UsageError(`argument --reset-policy: must be either 'earliest', 'latest', or 'none'`);
  const assignor = assignorOf(flags.assignmentStrategy);
  const settings = await resolveConnection(flags, io, { clientId: 'verifiable-consumer', toolKeys: CONSUMER_KEYS });
  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  const unregister = io.onInterrupt(() => interrupt());
  const { NativeClient } = await import('../../../client/native/client.js');
  const { topic, groupId } = flags;
  try {
    const r = await withClientErrors(settings, async () => {
      const client = await NativeClient.connect(nativeClientOptions(settings));
      try {
        return await runVerifiableConsumer(
          client,
          {
            topic,
            groupId,
            groupInstanceId: flags.groupInstanceId,
            maxMessages: flags.maxMessages ?? -1,
            sessionTimeoutMs: flags.sessionTimeout,
            verbose: flags.verbose === true,
            autoCommit: flags.enableAutocommit === true,
            resetPolicy: reset,
            assignor,
            protocol,
            remoteAssignor: flags.groupRemoteAssignor ?? null,
            interrupted,
          },
          (line) => io.stdout.write(`${line}\n`),
        );
      } finally {
        await client.close();
      }
    });
    return r.interrupted ? EXIT_CODES.INTERRUPTED : EXIT_CODES.OK;
  } finally {
    unregister();
  }
}
