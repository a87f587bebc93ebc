// Segment files in the old message formats (magic 0 and 1), as a Kafka before 0.11 wrote them or a
// broker converted them: plain messages, compressed wrappers (gzip, snappy, lz4) with their inner
// messages, a v1 LogAppendTime wrapper, a message whose CRC no longer matches, and a v2 batch after
// v1 entries (a log whose format was upgraded). Written with the broker's legacy codec, for
// dump-log's e2e test and the reference tier (Kafka's DumpLogSegments on the same files).
import fs from 'node:fs';
import path from 'node:path';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { CompressionCodec as Codec, compress } from '../../src/protocol/records/compression.js';
import { encodeEntry, encodeMessageSet, type LegacyMessageInput } from '../../src/protocol/records/legacy.js';

export const LEGACY_SEG = '00000000000000000000';
export const LEGACY_T0 = 1_700_000_000_000n;

const b = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s));

function msgs(from: number, rows: Array<[string | null, string | null]>): LegacyMessageInput[] {
  return rows.map(([k, v], i) => ({ offset: BigInt(from + i), timestamp: LEGACY_T0 + BigInt(from + i), key: b(k), value: b(v) }));
}

function index(entries: Array<[number, number]>): Buffer {
  const out = Buffer.alloc(entries.length * 8);
  entries.forEach(([rel, pos], i) => {
    out.writeInt32BE(rel, i * 8);
    out.writeInt32BE(pos, i * 8 + 4);
  });
  return out;
}

function timeIndex(entries: Array<[bigint, number]>): Buffer {
  const out = Buffer.alloc(entries.length * 12);
  entries.forEach(([ts, rel], i) => {
    out.writeBigInt64BE(ts, i * 12);
    out.writeInt32BE(rel, i * 12 + 8);
  });
  return out;
}

/** A v1 gzip wrapper at `offset` over inner messages with relative offsets 0..n-1 (wrapper offset 0: librdkafka's). */
function wrapper(offset: bigint, values: string[], innerCodec = 0): Buffer {
  const inner = Buffer.concat(values.map((v, i) => encodeEntry(1, BigInt(i), innerCodec, LEGACY_T0 + BigInt(i), null, Buffer.from(v))));
  return encodeEntry(1, offset, Codec.GZIP, LEGACY_T0, null, compress(Codec.GZIP, inner));
}

/**
 * Writes `<dir>/v0/` (magic 0, with an offset index that mismatches), `<dir>/v1/` (magic 1 then v2,
 * with indexes), `<dir>/zero/` (a v1 wrapper with offset 0, as some librdkafka versions produced)
 * and `<dir>/bad/` (a v1 wrapper whose offset is below its last inner message's: Kafka's reader fails).
 */
export function writeLegacySegments(dir: string): void {
  const v0 = [
    encodeMessageSet({ magic: 0, messages: msgs(0, [['k0', 'plain'], [null, 'no key'], ['tomb', null]]) }),
    encodeMessageSet({ magic: 0, compression: Codec.GZIP, messages: msgs(3, [['g1', 'gzip one'], ['g2', 'gzip two']]) }),
    encodeMessageSet({ magic: 0, compression: Codec.SNAPPY, messages: msgs(5, [['s1', 'snappy one'], [null, 'snappy two']]) }),
    encodeMessageSet({ magic: 0, compression: Codec.LZ4, messages: msgs(7, [['l1', 'lz4 one'], ['l2', 'lz4 two']]) }),
  ];
  const corrupt = encodeMessageSet({ magic: 1, messages: msgs(2, [['bad', 'crc mismatch']]) });
  corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0x01, corrupt.length - 1);
  const v1 = [
    encodeMessageSet({ magic: 1, messages: msgs(0, [['k0', 'plain'], [null, 'no key']]) }),
    corrupt,
    encodeMessageSet({ magic: 1, compression: Codec.GZIP, messages: msgs(3, [['g1', 'gzip one'], ['g2', 'gzip two'], ['g3', null]]) }),
    encodeMessageSet({ magic: 1, compression: Codec.SNAPPY, logAppendTime: LEGACY_T0 + 1000n, messages: msgs(6, [['s1', 'snappy one'], ['s2', 'snappy two']]) }),
    encodeMessageSet({ magic: 1, compression: Codec.LZ4, messages: msgs(8, [['l1', 'lz4 one'], ['l2', 'lz4 two']]) }),
    encodeRecordBatch({
      baseOffset: 10n,
      timestamp: LEGACY_T0 + 10n,
      records: [
        { key: b('v2'), value: b('after upgrade'), timestamp: LEGACY_T0 + 10n, offsetDelta: 0, headers: [{ key: 'h', value: Buffer.from('x') }] },
        { key: null, value: b('v2 two'), timestamp: LEGACY_T0 + 11n, offsetDelta: 1 },
      ],
    }),
  ];
  const positions = (parts: Buffer[]): number[] => parts.map((_, i) => parts.slice(0, i).reduce((n, p) => n + p.length, 0));
  const p0 = positions(v0);
  const p1 = positions(v1);
  for (const d of ['v0', 'v1', 'zero', 'bad']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'v0', `${LEGACY_SEG}.index`), index([[4, p0[1] as number], [7, p0[3] as number]]));
  fs.writeFileSync(path.join(dir, 'zero', `${LEGACY_SEG}.log`), Buffer.concat([wrapper(0n, ['a', 'b', 'c']), wrapper(5n, ['d', 'e'])]));
  fs.writeFileSync(path.join(dir, 'bad', `${LEGACY_SEG}.log`), wrapper(1n, ['x', 'y', 'z']));
  fs.writeFileSync(path.join(dir, 'v0', `${LEGACY_SEG}.log`), Buffer.concat(v0));
  fs.writeFileSync(path.join(dir, 'v1', `${LEGACY_SEG}.log`), Buffer.concat(v1));
  // Index entries at the wrappers and the v2 batch, time index entries whose last is out of order.
  fs.writeFileSync(path.join(dir, 'v1', `${LEGACY_SEG}.index`), index([[5, p1[2] as number], [7, p1[3] as number], [9, p1[4] as number], [11, p1[5] as number]]));
  fs.writeFileSync(path.join(dir, 'v1', `${LEGACY_SEG}.timeindex`), timeIndex([[LEGACY_T0 + 5n, 5], [LEGACY_T0 + 1000n, 7], [LEGACY_T0 + 11n, 11]]));
}

/**
 * Entries Kafka's reader dies on, one segment each under `<dir>/<name>/` (the reason as Kafka words
 * it): a wrapper with a null value, a compressed inner message, a zstd v1 wrapper, a gzip wrapper
 * whose value is not gzip, a wrapper with no inner messages, an unknown codec id (5) on a v1 entry
 * and (6) on a v2 batch; and two that read fine: v1 and v0 messages inside a v0 wrapper, a v0 message
 * inside a v1 LogAppendTime wrapper.
 */
export const LEGACY_EDGE_CASES = ['nullval', 'innercomp', 'zstd', 'badgzip', 'empty', 'codec5', 'v2codec6', 'mixmagic', 'lat0'] as const;

export function writeLegacyEdgeSegments(dir: string): void {
  const t = LEGACY_T0;
  const w = (name: (typeof LEGACY_EDGE_CASES)[number], buf: Buffer): void => {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, `${LEGACY_SEG}.log`), buf);
  };
  const inner = (attrs = 0): Buffer => Buffer.concat([encodeEntry(1, 0n, 0, t, null, Buffer.from('a')), encodeEntry(1, 1n, attrs, t, null, Buffer.from('b'))]);
  w('nullval', encodeEntry(1, 3n, Codec.GZIP, t, null, null));
  w('innercomp', encodeEntry(1, 3n, Codec.GZIP, t, null, compress(Codec.GZIP, inner(Codec.GZIP))));
  w('zstd', encodeEntry(1, 3n, Codec.ZSTD, t, null, compress(Codec.ZSTD, inner())));
  w('badgzip', encodeEntry(1, 3n, Codec.GZIP, t, null, Buffer.from('not gzip at all')));
  w('empty', encodeEntry(1, 3n, Codec.GZIP, t, null, compress(Codec.GZIP, Buffer.alloc(0))));
  w('codec5', encodeEntry(1, 3n, 5, t, null, Buffer.from('x')));
  const v2 = encodeRecordBatch({ records: [{ key: 'k', value: 'v', timestamp: t }] });
  v2.writeInt16BE(6, 21);
  w('v2codec6', Buffer.concat([encodeEntry(1, 0n, 0, t, null, Buffer.from('ok')), v2]));
  const mixed = Buffer.concat([encodeEntry(1, 2n, 0, t, Buffer.from('k'), Buffer.from('v1 inner')), encodeEntry(0, 3n, 0, -1n, null, Buffer.from('v0 inner'))]);
  w('mixmagic', encodeEntry(0, 3n, Codec.GZIP, -1n, null, compress(Codec.GZIP, mixed)));
  const lat = Buffer.concat([encodeEntry(0, 0n, 0, -1n, null, Buffer.from('v0 in v1 LAT')), encodeEntry(1, 1n, 0, t, null, Buffer.from('v1'))]);
  w('lat0', encodeEntry(1, 0n, Codec.SNAPPY | 8, t + 5n, null, compress(Codec.SNAPPY, lat)));
}
