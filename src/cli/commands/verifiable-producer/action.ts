import type { NativeClient } from '../../../client/native/client.js';
import { PRODUCER_KEYS, producerSettings } from '../../../core/console-producer/options.js';
import { runVerifiableProducer, type VerifiableHooks, type VerifiableSink } from '../../../core/perf/verifiable-producer.js';
import { UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { clientError } from '../../options/client-errors.js';
import { nativeClientOptions, resolveConnection, type ConnectionFlags } from '../../options/connection.js';
import type { CliIO } from '../../output/io.js';

export interface VerifiableProducerFlags extends ConnectionFlags {
  topic?: string;
  maxMessages?: number;
  throughput?: number;
  acks?: number;
  messageCreateTime?: number;
  valuePrefix?: number;
  repeatingKeys?: number;
}

export async function runVerifiableProducerCommand(flags: VerifiableProducerFlags, io: CliIO): Promise<number> {
  if (flags.topic === undefined) throw new UsageError('argument --topic is required');
  const topic = flags.topic;
  const settings = await resolveConnection(flags, io, { clientId: 'verifiable-producer', toolKeys: [...PRODUCER_KEYS, 'retries'] });
  // Kafka puts --acks first and lets the config file override it; sends are never retried.
  const props = { acks: String(flags.acks ?? -1), ...settings.toolProperties };
  const ps = producerSettings({}, { ...settings, toolProperties: props, retries: 0 });
  if (flags.repeatingKeys !== undefined && flags.repeatingKeys <= 0) throw new UsageError('--repeating-keys must be greater than zero.');

  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  const unregister = io.onInterrupt(() => interrupt());
  const { NativeClient } = await import('../../../client/native/client.js');
  const { NativeProducer } = await import('../../../client/native/producer.js');
  let client: NativeClient | null = null;
  try {
    const open = async (hooks: VerifiableHooks): Promise<{ sink: VerifiableSink; close: () => Promise<void> }> => {
      const c = await NativeClient.connect(nativeClientOptions(settings, { requestTimeoutMs: Math.max(settings.requestTimeoutMs, ps.requestTimeoutMs) }));
      client = c;
      const producer = await NativeProducer.create(
        c,
        { topic, acks: ps.acks, compression: ps.compression, compressionLevel: ps.compressionLevel, batchSize: ps.batchSize, lingerMs: ps.lingerMs, bufferMemory: ps.bufferMemory, retries: 0, retryBackoffMs: ps.retryBackoffMs, requestTimeoutMs: ps.requestTimeoutMs, maxInFlight: ps.maxInFlight, maxRequestSize: ps.maxRequestSize, maxBlockMs: ps.maxBlockMs, autoCreate: ps.autoCreate, onSuccess: hooks.onSuccess },
        hooks.onFailure,
      );
      return {
        sink: producer,
        close: async () => {
          producer.close();
          client = null;
          await c.close();
        },
      };
    };
    const result = await runVerifiableProducer(
      open,
      {
        topic,
        maxMessages: flags.maxMessages ?? -1,
        throughput: flags.throughput ?? -1,
        valuePrefix: flags.valuePrefix,
        repeatingKeys: flags.repeatingKeys,
        createTime: flags.messageCreateTime === undefined || flags.messageCreateTime === -1 ? undefined : flags.messageCreateTime,
        interrupted,
      },
      (text) => io.stdout.write(text),
    );
    return result.interrupted ? EXIT_CODES.INTERRUPTED : EXIT_CODES.OK;
  } catch (err) {
    throw clientError(err, settings);
  } finally {
    unregister();
    await (client as NativeClient | null)?.close();
  }
}
