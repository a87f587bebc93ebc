import type { RecordHeaderInput } from '../../protocol/records/record.js';
import type { ProduceRecord } from '../../client/native/producer.js';
import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';

/**
 * Kafka's LineMessageReader: one record per line, laid out `[headers<delim>][key<sep>]value`.
 * Work happens on bytes (separators are UTF-8 encoded and searched in the line's bytes, which
 * finds exactly the character-boundary matches for UTF-8 text), so values pass through byte for
 * byte; only the header block is decoded, because its separator is a regular expression.
 */
export interface LineReaderConfig {
  parseKey: boolean;
  keySeparator: Buffer;
  parseHeaders: boolean;
  headersDelimiter: Buffer;
  /** Java regex semantics for the common cases; compiled with the `g` flag. */
  headersSeparator: RegExp;
  headersKeySeparator: string;
  ignoreError: boolean;
  nullMarker: Buffer | null;
}

export const LINE_READER_KEYS = ['parse.key', 'key.separator', 'parse.headers', 'headers.delimiter', 'headers.separator', 'headers.key.separator', 'ignore.error', 'null.marker'] as const;

/** A line the reader cannot parse; fatal unless ignore.error covers it (as in Kafka). */
export class LineParseError extends TkafkaError {
  override readonly name: string = 'LineParseError';
  readonly lineNumber: number;

  constructor(message: string, lineNumber: number) {
    super('BAD_INPUT', message);
    this.lineNumber = lineNumber;
  }
}

function bool(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

function invalid(message: string): TkafkaError {
  return new TkafkaError(ERROR_CODES.BAD_CONFIG, message, { exitCode: 2 });
}

/** Builds the reader config from `--reader-property`/`--reader-config` values, with Kafka's checks. */
export function lineReaderConfig(props: Readonly<Record<string, string>>): LineReaderConfig {
  for (const k of Object.keys(props)) {
    if (!(LINE_READER_KEYS as readonly string[]).includes(k)) {
      throw invalid(`Unknown reader property '${k}'; LineMessageReader understands ${LINE_READER_KEYS.join(', ')}.`);
    }
  }
  const keySeparator = props['key.separator'] ?? '\t';
  const headersDelimiter = props['headers.delimiter'] ?? '\t';
  const headersSeparator = props['headers.separator'] ?? ',';
  const headersKeySeparator = props['headers.key.separator'] ?? ':';
  const nullMarker = props['null.marker'];
  let regex: RegExp;
  try {
    regex = new RegExp(headersSeparator, 'g');
  } catch (err) {
    throw invalid(`headers.separator '${headersSeparator}' is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Kafka's own checks, with its wording.
  if (headersDelimiter === headersSeparator) throw invalid('headers.delimiter and headers.separator may not be equal');
  if (headersDelimiter === headersKeySeparator) throw invalid('headers.delimiter and headers.key.separator may not be equal');
  if (headersSeparator === headersKeySeparator) throw invalid('headers.separator and headers.key.separator may not be equal');
  if (nullMarker !== undefined) {
    if (keySeparator === nullMarker) throw invalid('null.marker and key.separator may not be equal');
    if (headersSeparator === nullMarker) throw invalid('null.marker and headers.separator may not be equal');
    if (headersDelimiter === nullMarker) throw invalid('null.marker and headers.delimiter may not be equal');
    if (headersKeySeparator === nullMarker) throw invalid('null.marker and headers.key.separator may not be equal');
  }
  if (keySeparator === '' && bool(props['parse.key'])) throw invalid('key.separator may not be empty');
  if (headersDelimiter === '' && bool(props['parse.headers'])) throw invalid('headers.delimiter may not be empty');
  return {
    parseKey: bool(props['parse.key']),
    keySeparator: Buffer.from(keySeparator, 'utf8'),
    parseHeaders: bool(props['parse.headers']),
    headersDelimiter: Buffer.from(headersDelimiter, 'utf8'),
    headersSeparator: regex,
    headersKeySeparator,
    ignoreError: bool(props['ignore.error']),
    nullMarker: nullMarker === undefined ? null : Buffer.from(nullMarker, 'utf8'),
  };
}

/** True when every line is simply its value (the fast path: no parsing at all). */
export function isPlainValueReader(cfg: LineReaderConfig): boolean {
  return !cfg.parseKey && !cfg.parseHeaders && cfg.nullMarker === null;
}

/**
 * Java's String.split(regex): splits around matches, drops trailing empty strings, returns the
 * input itself when nothing matches; a zero-width match at the start gives no leading empty string.
 */
export function javaSplit(input: string, re: RegExp): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  let last = 0;
  let matched = false;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    if (m[0].length === 0) {
      re.lastIndex = m.index + 1;
      if (m.index === 0 || m.index >= input.length) {
        if (m.index >= input.length) break;
        continue;
      }
    }
    matched = true;
    out.push(input.slice(last, m.index));
    last = m.index + m[0].length;
  }
  if (!matched) return [input];
  out.push(input.slice(last));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function isNull(bytes: Buffer, marker: Buffer | null): boolean {
  return marker !== null && bytes.equals(marker);
}

/** Parses one line (without its terminator) into a record. Throws LineParseError. */
export function parseLine(line: Buffer, lineNumber: number, cfg: LineReaderConfig): ProduceRecord {
  const fail = (what: string): never => {
    throw new LineParseError(`No ${what} found on line number ${lineNumber}: '${line.toString('utf8')}'`, lineNumber);
  };
  let offset = 0;
  let headerBytes: Buffer | null = null;
  if (cfg.parseHeaders) {
    const i = line.indexOf(cfg.headersDelimiter, 0);
    if (i === -1) {
      if (!cfg.ignoreError) fail('headers delimiter');
    } else {
      headerBytes = line.subarray(0, i);
      offset = i + cfg.headersDelimiter.length;
    }
  }
  let key: Buffer | null = null;
  if (cfg.parseKey) {
    const i = line.indexOf(cfg.keySeparator, offset);
    if (i === -1) {
      if (!cfg.ignoreError) fail('key separator');
    } else {
      key = line.subarray(offset, i);
      offset = i + cfg.keySeparator.length;
    }
  }
  const valueBytes = line.subarray(offset);
  const record: ProduceRecord = {
    key: key !== null && !isNull(key, cfg.nullMarker) ? key : null,
    value: isNull(valueBytes, cfg.nullMarker) ? null : valueBytes,
  };
  if (headerBytes !== null && !isNull(headerBytes, cfg.nullMarker)) record.headers = splitHeaders(headerBytes.toString('utf8'), lineNumber, cfg);
  return record;
}

function splitHeaders(headers: string, lineNumber: number, cfg: LineReaderConfig): RecordHeaderInput[] {
  const marker = cfg.nullMarker === null ? null : cfg.nullMarker.toString('utf8');
  return javaSplit(headers, cfg.headersSeparator).map((pair) => {
    const i = pair.indexOf(cfg.headersKeySeparator);
    if (i === -1) {
      if (cfg.ignoreError) return { key: pair, value: null };
      throw new LineParseError(`No header key separator found in pair '${pair}' on line number ${lineNumber}`, lineNumber);
    }
    const key = pair.slice(0, i);
    if (key === marker) throw new LineParseError(`Header keys should not be equal to the null marker '${marker}' as they can't be null`, lineNumber);
    const value = pair.slice(i + cfg.headersKeySeparator.length);
    return { key, value: value === marker ? null : Buffer.from(value, 'utf8') };
  });
}
