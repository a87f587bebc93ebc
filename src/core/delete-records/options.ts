// kafka-delete-records' input (DeleteRecordsCommand): the offset JSON file, version 1,
// `{"partitions":[{"topic":"foo","partition":1,"offset":1}],"version":1}`, with duplicates refused;
// or tkafka's inline --topic/--partition/--offset for one partition.
import { UsageError } from '../../shared/errors.js';
import { topicPartitionOrder } from '../consumer-groups/java-order.js';

export interface DeleteRecordsFlags {
  offsetJsonFile?: string;
  topic?: string;
  partition?: string;
  offset?: string;
}

export interface RecordsToDelete {
  topic: string;
  partition: number;
  /** Delete the records before this offset; -1 means the high watermark. */
  offset: bigint;
}

const USAGE = "Give --offset-json-file, or --topic, --partition and --offset. Run 'tkafka delete-records --help' for the file's format.";

/** Which input the flags name; the file is read by the caller. */
export function checkDeleteRecordsArgs(flags: DeleteRecordsFlags): 'file' | 'inline' {
  const inline = flags.topic !== undefined || flags.partition !== undefined || flags.offset !== undefined;
  if (flags.offsetJsonFile !== undefined && inline) throw new UsageError('--offset-json-file cannot be used with --topic, --partition or --offset', USAGE);
  if (flags.offsetJsonFile !== undefined) return 'file';
  if (!inline) throw new UsageError('Missing required argument "[offset-json-file]"', USAGE);
  for (const [flag, value] of [
    ['--topic', flags.topic],
    ['--partition', flags.partition],
    ['--offset', flags.offset],
  ] as const) {
    if (value === undefined) throw new UsageError(`${flag} is required with the inline form (--topic, --partition and --offset)`, USAGE);
  }
  return 'inline';
}

export function inlineRecords(flags: DeleteRecordsFlags): RecordsToDelete[] {
  const partition = flags.partition ?? '';
  if (!/^\d+$/.test(partition) || Number(partition) > 2147483647) throw new UsageError(`--partition: '${partition}' is not a partition number`);
  const offset = flags.offset ?? '';
  if (!/^-?\d+$/.test(offset) || BigInt(offset) > 0x7fffffffffffffffn || BigInt(offset) < -1n) {
    throw new UsageError(`--offset: '${offset}' is not an offset (a number, or -1 for the high watermark)`);
  }
  return [{ topic: flags.topic ?? '', partition: Number(partition), offset: BigInt(offset) }];
}

/** Kafka's AdminOperationException / JSON decoding failures, with Kafka's messages (exit 2: bad input). */
function bad(message: string): UsageError {
  return new UsageError(message);
}

function describeJson(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

function field(obj: Record<string, unknown>, name: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, name)) throw bad(`No such field exists: \`${name}\``);
  return obj[name];
}

function asInt(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v > 2147483647 || v < -2147483648) throw bad(`Expected \`Int\` value, received ${describeJson(v)}`);
  return v;
}

/**
 * DeleteRecordsCommand.parseOffsetJsonStringWithoutDedup plus its duplicate check. Offsets are
 * read exactly (as 64-bit integers), not through a double.
 */
export function parseOffsetJson(text: string): RecordsToDelete[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad('The input string is not a valid JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad(`Expected JSON object, received ${describeJson(doc)}`);
  const top = doc as Record<string, unknown>;
  const version = 'version' in top ? asInt(top['version']) : 1;
  if (version !== 1) throw bad(`Not supported version field value ${version}`);
  if (!('partitions' in top)) throw bad('Missing partitions field');
  const partitions = top['partitions'];
  if (!Array.isArray(partitions)) throw bad(`Expected JSON array, received ${describeJson(partitions)}`);
  const offsets = rawOffsets(text);
  const out: RecordsToDelete[] = [];
  partitions.forEach((p: unknown, i) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad(`Expected JSON object, received ${describeJson(p)}`);
    const obj = p as Record<string, unknown>;
    const topic = field(obj, 'topic');
    if (typeof topic !== 'string') throw bad(`Expected \`String\` value, received ${describeJson(topic)}`);
    const partition = asInt(field(obj, 'partition'));
    const offset = field(obj, 'offset');
    if (typeof offset !== 'number' || !Number.isInteger(offset)) throw bad(`Expected \`Long\` value, received ${describeJson(offset)}`);
    const raw = offsets.length === partitions.length ? offsets[i] : undefined;
    out.push({ topic, partition, offset: raw !== undefined && Number(raw) === offset ? raw : BigInt(offset) });
  });
  const seen = new Map<string, number>();
  for (const r of out) seen.set(`${r.topic}-${r.partition}`, (seen.get(`${r.topic}-${r.partition}`) ?? 0) + 1);
  const duplicates = topicPartitionOrder(out.filter((r, i) => (seen.get(`${r.topic}-${r.partition}`) ?? 0) > 1 && out.findIndex((x) => x.topic === r.topic && x.partition === r.partition) === i));
  if (duplicates.length > 0) {
    throw bad(`Offset json file contains duplicate topic partitions: ${duplicates.map((d) => `${d.topic}-${d.partition}`).join(',')}`);
  }
  return out;
}

/**
 * The "offset" values as written, in order, so offsets beyond 2^53 stay exact. Used only when there
 * is one per partition entry and each equals the parsed number; otherwise the parsed numbers are.
 */
function rawOffsets(text: string): bigint[] {
  const out: bigint[] = [];
  for (const m of text.matchAll(/"offset"\s*:\s*(-?\d+)(?=\s*[,}])/g)) out.push(BigInt(m[1] ?? '0'));
  return out;
}
