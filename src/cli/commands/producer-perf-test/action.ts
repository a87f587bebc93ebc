import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NativeClient } from '../../../client/native/client.js';
import type { NativeProducer } from '../../../client/native/producer.js';
import { TransactionError } from '../../../client/native/transactions.js';
import { PRODUCER_KEYS, producerSettings, type ProducerSettings } from '../../../core/console-producer/options.js';
import { metricsLines, runProducerPerf, type KeyDistribution, type PayloadSource, type PerfHooks, type PerfProducer } from '../../../core/perf/producer-perf.js';
import { ErrorCode, KafkaProtocolError } from '../../../protocol/error-codes.js';
import { ERROR_CODES, TkafkaError, UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { clientError } from '../../options/client-errors.js';
import { type ConnectionFlags, nativeClientOptions, resolveConnection } from '../../options/connection.js';
import { resolveOutputFormat, writeJson, type OutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface ProducerPerfFlags extends OutputOptions {
  bootstrapServer?: string;
  topic?: string;
  numRecords?: number;
  throughput?: number;
  recordSize?: number;
  payloadFile?: string;
  payloadDelimiter: string;
  payloadMonotonic?: boolean;
  commandProperty?: string[];
  producerProps?: string[];
  commandConfig?: string;
  'producer.config'?: string;
  printMetrics?: boolean;
  transactionalId?: string;
  transactionDurationMs?: number;
  warmupRecords?: number;
  reportingInterval?: number;
  recordKeyRange?: number;
  keyDistribution?: string;
  randomSeed?: number;
}

/** Kafka's readProps: each PROP-NAME=PROP-VALUE splits on '=' into exactly two parts. */
function propsOf(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prop of list) {
    const pieces = prop.split('=');
    if (pieces.length !== 2) throw new UsageError(`Invalid property: ${prop}`);
    out[pieces[0] as string] = pieces[1] as string;
  }
  return out;
}

/** Kafka's Scanner over the file with the delimiter as a regex; an empty or missing file is refused. */
function readPayloads(file: string, delimiter: string, print: (line: string) => void): Buffer[] {
  const path = resolve(file);
  print(`Reading payloads from: ${path}`);
  let text: string;
  try {
    text = readFileSync(realpathSync(path), 'utf8');
  } catch {
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, 'File does not exist or empty file provided.', { exitCode: 1 });
  }
  if (text.length === 0) throw new TkafkaError(ERROR_CODES.BAD_CONFIG, 'File does not exist or empty file provided.', { exitCode: 1 });
  let re: RegExp;
  try {
    re = new RegExp(delimiter === '\\n' ? '\n' : delimiter, 'u');
  } catch {
    throw new UsageError(`--payload-delimiter: '${delimiter}' is not a valid regular expression.`);
  }
  const parts = text.split(re);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const payloads = parts.map((p) => Buffer.from(p, 'utf8'));
  print(`Number of records read: ${payloads.length}`);
  return payloads;
}

function checkFlags(flags: ProducerPerfFlags): { payloadKind: 'size' | 'file' | 'monotonic'; keyDistribution: KeyDistribution } {
  if (flags.topic === undefined) throw new UsageError('argument --topic is required');
  if (flags.numRecords === undefined) throw new UsageError('argument --num-records is required');
  if (flags.throughput === undefined) throw new UsageError('argument --throughput is required');
  const chosen = [flags.recordSize !== undefined ? '--record-size' : null, flags.payloadFile !== undefined ? '--payload-file' : null, flags.payloadMonotonic === true ? '--payload-monotonic' : null].filter((x) => x !== null);
  if (chosen.length === 0) throw new UsageError('one of the arguments --record-size --payload-file --payload-monotonic is required');
  if (chosen.length > 1) throw new UsageError(`argument ${chosen[1]}: not allowed with argument ${chosen[0]}`);
  if (flags.numRecords <= 0) throw new UsageError('--num-records should be greater than zero.');
  if ((flags.warmupRecords ?? 0) >= flags.numRecords) throw new UsageError('The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.');
  if (flags.recordSize !== undefined && flags.recordSize <= 0) throw new UsageError('--record-size should be greater than zero.');
  if (flags.commandProperty !== undefined && flags.producerProps !== undefined) throw new UsageError('--command-property and --producer-props cannot be specified together.');
  if (flags.commandConfig !== undefined && flags['producer.config'] !== undefined) throw new UsageError('--command-config and --producer.config cannot be specified together.');
  if (flags.transactionDurationMs !== undefined && flags.transactionDurationMs <= 0) throw new UsageError('--transaction-duration-ms should be greater than zero.');
  if (flags.reportingInterval !== undefined && flags.reportingInterval <= 0) throw new UsageError('--reporting-interval should be greater than zero.');
  if (flags.recordKeyRange !== undefined && flags.recordKeyRange <= 0) throw new UsageError('--record-key-range should be greater than zero.');
  const dist = flags.keyDistribution ?? 'none';
  if (dist !== 'none' && dist !== 'range' && dist !== 'random') throw new UsageError(`argument --key-distribution: invalid choice: '${dist}' (choose from 'none', 'range', 'random')`);
  if (dist !== 'none' && flags.recordKeyRange === undefined) throw new UsageError("--record-key-range is required when --key-distribution is 'range' or 'random'.");
  if (dist === 'none' && flags.recordKeyRange !== undefined) throw new UsageError("--key-distribution must be 'range' or 'random' when --record-key-range is specified.");
  return { payloadKind: flags.recordSize !== undefined ? 'size' : flags.payloadFile !== undefined ? 'file' : 'monotonic', keyDistribution: dist };
}

/** Kafka's ProducerPerformance default transactional id prefix and transaction duration. */
const DEFAULT_TRANSACTION_ID_PREFIX = 'performance-producer-';
const DEFAULT_TRANSACTION_DURATION_MS = 3000;

/** Kafka's Uuid.randomUuid().toString(): URL-safe base64 of a random v4 UUID without padding, never starting with '-'. */
function kafkaRandomUuid(): string {
  for (;;) {
    const s = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
    if (!s.startsWith('-')) return s;
  }
}

interface TransactionSettings {
  transactionalId: string;
  durationMs: number;
  timeoutMs: number;
}

function configError(message: string): TkafkaError {
  return new TkafkaError(ERROR_CODES.BAD_CONFIG, message, { exitCode: 2 });
}

/**
 * Kafka's ConfigPostProcessor: transactions are on with --transaction-duration-ms, --transactional-id
 * or transactional.id in the properties; the flag's id wins, then the property's, else
 * performance-producer-<random uuid>; the duration defaults to 3000 ms. Then ProducerConfig's
 * idempotence rules, which a transactional producer needs.
 */
function transactionSettings(flags: ProducerPerfFlags, props: Record<string, string>, ps: ProducerSettings, retries: number): TransactionSettings | null {
  const propId = props['transactional.id'];
  if (flags.transactionDurationMs === undefined && flags.transactionalId === undefined && propId === undefined) return null;
  const idempotence = props['enable.idempotence']?.trim().toLowerCase();
  if (idempotence === 'true') {
    if (retries === 0) throw configError('Must set retries to non-zero when using the idempotent producer.');
    if (ps.acks !== -1) throw configError('Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.');
    if (ps.maxInFlight > 5) throw configError('Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.');
  } else if (idempotence === 'false' || retries === 0 || ps.acks !== -1 || ps.maxInFlight > 5) {
    throw configError('Cannot set a transactional.id without also enabling idempotence.');
  }
  const rawTimeout = props['transaction.timeout.ms'];
  let timeoutMs = 60_000;
  if (rawTimeout !== undefined) {
    if (!/^-?\d+$/.test(rawTimeout.trim()) || !Number.isSafeInteger(Number(rawTimeout.trim()))) throw configError(`Invalid value ${rawTimeout} for configuration transaction.timeout.ms: Not a number of type INT`);
    timeoutMs = Number(rawTimeout.trim());
  }
  return {
    transactionalId: flags.transactionalId ?? propId ?? DEFAULT_TRANSACTION_ID_PREFIX + kafkaRandomUuid(),
    durationMs: flags.transactionDurationMs ?? DEFAULT_TRANSACTION_DURATION_MS,
    timeoutMs,
  };
}

function connectionFlags(flags: ProducerPerfFlags, props: Record<string, string>): ConnectionFlags {
  const out: ConnectionFlags = { commandProperty: props };
  if (flags.bootstrapServer !== undefined) out.bootstrapServer = flags.bootstrapServer;
  const config = flags.commandConfig ?? flags['producer.config'];
  if (config !== undefined) out.commandConfig = config;
  return out;
}

export async function runProducerPerfTest(flags: ProducerPerfFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const out = json ? io.stderr : io.stdout;
  const print = (line: string): void => void out.write(`${line}\n`);
  const { payloadKind, keyDistribution } = checkFlags(flags);
  if (flags.producerProps !== undefined) io.stderr.write('Option --producer-props has been deprecated and will be removed in a future version. Use --command-property instead.\n');
  if (flags['producer.config'] !== undefined) io.stderr.write('Option --producer.config has been deprecated and will be removed in a future version. Use --command-config instead.\n');
  const props = propsOf(flags.commandProperty ?? flags.producerProps ?? []);
  const settings = await resolveConnection(
    connectionFlags(flags, props),
    io,
    { clientId: 'perf-producer-client', toolKeys: [...PRODUCER_KEYS, 'transactional.id', 'transaction.timeout.ms'] },
  );
  const ps = producerSettings({}, settings);
  const txn = transactionSettings(flags, settings.toolProperties, ps, settings.retries);
  const topic = flags.topic as string;
  let payload: PayloadSource;
  if (payloadKind === 'size') payload = { kind: 'size', size: flags.recordSize as number };
  else if (payloadKind === 'file') payload = { kind: 'list', payloads: readPayloads(flags.payloadFile as string, flags.payloadDelimiter, print) };
  else payload = { kind: 'monotonic' };

  const { NativeClient } = await import('../../../client/native/client.js');
  const { NativeProducer: Producer } = await import('../../../client/native/producer.js');
  let client: NativeClient | null = null;
  let producer: NativeProducer | null = null;
  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  const unregister = io.onInterrupt(() => interrupt());
  try {
    const open = async (hooks: PerfHooks): Promise<PerfProducer> => {
      client = await NativeClient.connect(nativeClientOptions(settings, { requestTimeoutMs: Math.max(settings.requestTimeoutMs, ps.requestTimeoutMs), retryBackoffMs: ps.retryBackoffMs }));
      producer = await Producer.create(
        client,
        { topic, acks: ps.acks, compression: ps.compression, compressionLevel: ps.compressionLevel, batchSize: ps.batchSize, lingerMs: ps.lingerMs, bufferMemory: ps.bufferMemory, retries: ps.retries, retryBackoffMs: ps.retryBackoffMs, requestTimeoutMs: ps.requestTimeoutMs, maxInFlight: ps.maxInFlight, maxRequestSize: ps.maxRequestSize, maxBlockMs: ps.maxBlockMs, autoCreate: ps.autoCreate, onSuccess: hooks.onSuccess, ...(txn === null ? {} : { transactionalId: txn.transactionalId, transactionTimeoutMs: txn.timeoutMs }) },
        hooks.onFailure,
      );
      if (txn !== null) await producer.initTransactions();
      return producer;
    };
    const result = await runProducerPerf(
      open,
      {
        numRecords: flags.numRecords as number,
        throughput: flags.throughput as number,
        warmupRecords: Math.max(0, flags.warmupRecords ?? 0),
        reportingIntervalMs: flags.reportingInterval ?? 5000,
        payload,
        keyDistribution,
        keyRange: flags.recordKeyRange ?? 0,
        randomSeed: flags.randomSeed ?? 0,
        interrupted,
        transactionDurationMs: txn?.durationMs,
      },
      print,
    );
    if (flags.printMetrics === true) {
      const tags = `{client-id=${settings.clientId}}`;
      const t = result.total;
      const lines = metricsLines([
        [`producer-metrics:record-send-total:${tags}`, t.records],
        [`producer-metrics:record-send-rate:${tags}`, t.recordsPerSec],
        [`producer-metrics:record-error-total:${tags}`, result.failed],
        [`producer-metrics:record-size-avg:${tags}`, t.records === 0 ? 0 : (t.mbPerSec * 1024 * 1024) / t.recordsPerSec],
        [`producer-metrics:request-latency-avg:${tags}`, t.avgLatencyMs],
        [`producer-metrics:request-latency-max:${tags}`, t.maxLatencyMs],
      ]);
      for (const line of lines) print(line);
    }
    if (json) writeJson(io, { total: result.total, steadyState: result.steady, failed: result.failed });
    if (result.failed > 0) {
      const why = result.firstError === null ? '' : `: ${(result.firstError).message}`;
      throw new TkafkaError('PRODUCE_FAILED', `${result.failed} of ${result.sent} record(s) were not written to ${topic}${why}`);
    }
  } catch (err) {
    if (err instanceof TransactionError) {
      const cause = err.cause instanceof TransactionError ? err.cause.toString() : err.cause instanceof Error ? err.cause.message : undefined;
      throw new TkafkaError('KAFKA_ERROR', cause === undefined ? err.toString() : `${err.toString()}: ${cause}`, { cause: err });
    }
    if (err instanceof KafkaProtocolError && err.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
      throw new TkafkaError(ERROR_CODES.NOT_FOUND, `Topic ${topic} not present in metadata after ${ps.maxBlockMs} ms.`);
    }
    throw clientError(err, settings);
  } finally {
    unregister();
    (producer as NativeProducer | null)?.close();
    await (client as NativeClient | null)?.close();
  }
  return EXIT_CODES.OK;
}
