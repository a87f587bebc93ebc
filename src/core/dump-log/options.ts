// kafka-dump-log's options (DumpLogSegments.DumpLogSegmentsOptions in Kafka 4.4): which decoder a
// .log file's records go through, and the flags that switch on printing and deep iteration.
import { UsageError } from '../../shared/errors.js';

export const STRING_DECODER = 'org.apache.kafka.tools.api.StringDecoder';
const DECODERS = ['org.apache.kafka.tools.api.StringDecoder', 'org.apache.kafka.tools.api.IntegerDecoder', 'org.apache.kafka.tools.api.LongDecoder'] as const;
export type DecoderClass = (typeof DECODERS)[number];

/** Flags as commander camel-cases Kafka's option names. */
export interface DumpLogFlags {
  files?: string;
  printDataLog?: boolean;
  verifyIndexOnly?: boolean;
  indexSanityCheck?: boolean;
  maxMessageSize?: string;
  maxBytes?: string;
  deepIteration?: boolean;
  valueDecoderClass?: string | boolean;
  keyDecoderClass?: string | boolean;
  offsetsDecoder?: boolean;
  transactionLogDecoder?: boolean;
  clusterMetadataDecoder?: boolean;
  remoteLogMetadataDecoder?: boolean;
  shareGroupStateDecoder?: boolean;
  skipRecordMetadata?: boolean;
  /** -o json / --json (cli/output/format.ts). */
  json?: boolean;
  output?: string;
}

export type ParserKind = 'offsets' | 'transaction-log' | 'cluster-metadata' | 'remote-log-metadata' | 'share-group-state' | 'decoders';

export interface DumpLogOptions {
  files: string[];
  printDataLog: boolean;
  deepIteration: boolean;
  verifyOnly: boolean;
  indexSanityOnly: boolean;
  skipRecordMetadata: boolean;
  maxMessageSize: number;
  maxBytes: number;
  parser: ParserKind;
  keyDecoder: string;
  valueDecoder: string;
  /** The directory relative file names are resolved against (Java's File.getAbsolutePath). */
  cwd: string;
  /** One JSON document instead of Kafka's text (report-json.ts). */
  json: boolean;
}

export const USAGE_HINT = "Run 'tkafka dump-log --help' for usage.";

/** joptsimple's Integer conversion: a decimal int32, else Kafka's message. */
function intOption(name: string, value: string | undefined, dflt: number): number {
  if (value === undefined) return dflt;
  if (!/^[+-]?\d+$/.test(value) || Number(value) > 0x7fffffff || Number(value) < -0x80000000) {
    throw new UsageError(`Cannot parse argument '${value}' of option ${name}`, USAGE_HINT);
  }
  return Number(value);
}

function decoderName(v: string | boolean | undefined): string {
  return typeof v === 'string' ? v : STRING_DECODER;
}

export function isSupportedDecoder(name: string): name is DecoderClass {
  return (DECODERS as readonly string[]).includes(name);
}

export function buildOptions(flags: DumpLogFlags, cwd: string, json = false): DumpLogOptions {
  if (flags.files === undefined) throw new UsageError('Missing required argument "[files]"', USAGE_HINT);
  const parser: ParserKind =
    flags.offsetsDecoder === true
      ? 'offsets'
      : flags.transactionLogDecoder === true
        ? 'transaction-log'
        : flags.clusterMetadataDecoder === true
          ? 'cluster-metadata'
          : flags.remoteLogMetadataDecoder === true
            ? 'remote-log-metadata'
            : flags.shareGroupStateDecoder === true
              ? 'share-group-state'
              : 'decoders';
  const printDataLog =
    flags.printDataLog === true ||
    parser !== 'decoders' ||
    flags.valueDecoderClass !== undefined ||
    flags.keyDecoderClass !== undefined;
  return {
    // Java's String.split drops trailing empty strings.
    files: trimTrailingEmpty(flags.files.split(',')),
    printDataLog,
    deepIteration: flags.deepIteration === true || printDataLog,
    verifyOnly: flags.verifyIndexOnly === true,
    indexSanityOnly: flags.indexSanityCheck === true,
    skipRecordMetadata: flags.skipRecordMetadata === true,
    maxMessageSize: intOption('max-message-size', flags.maxMessageSize, 5 * 1024 * 1024),
    maxBytes: intOption('max-bytes', flags.maxBytes, 0x7fffffff),
    parser,
    keyDecoder: decoderName(flags.keyDecoderClass),
    valueDecoder: decoderName(flags.valueDecoderClass),
    cwd,
    json,
  };
}

function trimTrailingEmpty(parts: string[]): string[] {
  let n = parts.length;
  while (n > 0 && parts[n - 1] === '') n--;
  return parts.slice(0, n);
}
