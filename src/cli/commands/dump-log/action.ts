import { buildOptions, type DumpLogFlags } from '../../../core/dump-log/options.js';
import { stringifyDocument } from '../../../core/dump-log/report-json.js';
import { DumpLogError, runDumpLog, type DumpSink } from '../../../core/dump-log/run.js';
import { TkafkaError } from '../../../shared/errors.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO, OutputStream } from '../../output/io.js';

const UNSUPPORTED: ReadonlyArray<[keyof DumpLogFlags, string]> = [
  ['clusterMetadataDecoder', '--cluster-metadata-decoder is not supported by tkafka dump-log (our broker keeps no __cluster_metadata log); use Kafka\'s kafka-dump-log.sh for KRaft metadata'],
  ['remoteLogMetadataDecoder', '--remote-log-metadata-decoder is not supported by tkafka dump-log (tiered storage is not part of tkafka)'],
  ['shareGroupStateDecoder', '--share-group-state-decoder is not supported by tkafka dump-log (our broker has no share groups)'],
];

/** Collects output into chunks so a large segment is not one write call per line. */
class Chunked {
  private parts: string[] = [];
  private size = 0;
  private readonly stream: OutputStream;
  constructor(stream: OutputStream) {
    this.stream = stream;
  }
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.stream.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export function runDumpLogCommand(flags: DumpLogFlags, io: CliIO): Promise<number> {
  return Promise.resolve().then(() => dumpLogCommand(flags, io));
}

function dumpLogCommand(flags: DumpLogFlags, io: CliIO): number {
  const opts = buildOptions(flags, process.cwd(), resolveOutputFormat(flags) === 'json');
  for (const [flag, message] of UNSUPPORTED) if (flags[flag] === true) throw new TkafkaError('UNSUPPORTED', message);
  const out = new Chunked(io.stdout);
  // stderr lines are flushed in order with stdout, as Kafka's two PrintStreams appear on a terminal.
  const sink: DumpSink = {
    out: (s) => out.write(s),
    err: (s) => {
      out.flush();
      io.stderr.write(s);
    },
  };
  try {
    const doc = runDumpLog(opts, sink);
    if (doc !== undefined) out.write(stringifyDocument(doc));
    return 0;
  } catch (err) {
    out.flush();
    if (err instanceof DumpLogError) throw new TkafkaError('IO_ERROR', err.message);
    if (err instanceof TkafkaError) throw err;
    throw new TkafkaError('IO_ERROR', err instanceof Error ? err.message : String(err));
  } finally {
    out.flush();
  }
}
