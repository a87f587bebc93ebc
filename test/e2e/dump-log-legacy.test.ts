// tkafka dump-log on segments in the old message formats (magic 0 and 1: plain messages, gzip, snappy
// and lz4 wrappers, a v1 LogAppendTime wrapper, a corrupt CRC, a v2 batch after v1 entries, a
// librdkafka zero wrapper offset), and -o json. The expected text is Apache Kafka 4.4's
// DumpLogSegments output on the same files (test/reference/parity-dump-log.test.ts compares them).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { LEGACY_SEG as SEG, writeLegacyEdgeSegments, writeLegacySegments } from '../helpers/legacy-segments.js';

let dir: string;

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-dump-log-legacy-')));
  writeLegacySegments(dir);
  writeLegacyEdgeSegments(path.join(dir, 'edge'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const lines = (ls: string[]): string => `${ls.join('\n')}\n`;

describe('tkafka dump-log on message format v0/v1 segments', () => {
  it('prints magic 0 entries, wrappers and their inner messages as kafka-dump-log.sh, and checks the index', async () => {
    const r = await runCli(['dump-log', '--files', `v0/${SEG}.log,v0/${SEG}.index`, '--print-data-log'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      lines([
        `Dumping v0/${SEG}.log`,
        'Log starting offset: 0',
        'offset: 0 position: 0 NoTimestampType: -1 size: 33 magic: 0 compresscodec: none crc: 2971531271 isvalid: true',
        '| offset: 0 NoTimestampType: -1 keySize: 2 valueSize: 5 isValid: true crc: 2971531271 key: k0 payload: plain',
        'offset: 1 position: 33 NoTimestampType: -1 size: 32 magic: 0 compresscodec: none crc: 1565567844 isvalid: true',
        '| offset: 1 NoTimestampType: -1 keySize: -1 valueSize: 6 isValid: true crc: 1565567844 payload: no key',
        'offset: 2 position: 65 NoTimestampType: -1 size: 30 magic: 0 compresscodec: none crc: 1351652327 isvalid: true',
        '| offset: 2 NoTimestampType: -1 keySize: 4 valueSize: -1 isValid: true crc: 1351652327 key: tomb',
        'offset: 4 position: 95 NoTimestampType: -1 size: 92 magic: 0 compresscodec: gzip crc: 1716169846 isvalid: true',
        '| offset: 3 NoTimestampType: -1 keySize: 2 valueSize: 8 isValid: true crc: 1316286720 key: g1 payload: gzip one',
        '| offset: 4 NoTimestampType: -1 keySize: 2 valueSize: 8 isValid: true crc: 2551746905 key: g2 payload: gzip two',
        'offset: 6 position: 187 NoTimestampType: -1 size: 115 magic: 0 compresscodec: snappy crc: 658340315 isvalid: true',
        '| offset: 5 NoTimestampType: -1 keySize: 2 valueSize: 10 isValid: true crc: 3191959408 key: s1 payload: snappy one',
        '| offset: 6 NoTimestampType: -1 keySize: -1 valueSize: 10 isValid: true crc: 3174143021 payload: snappy two',
        'offset: 8 position: 302 NoTimestampType: -1 size: 103 magic: 0 compresscodec: lz4 crc: 2207376299 isvalid: true',
        '| offset: 7 NoTimestampType: -1 keySize: 2 valueSize: 7 isValid: true crc: 3178757048 key: l1 payload: lz4 one',
        '| offset: 8 NoTimestampType: -1 keySize: 2 valueSize: 7 isValid: true crc: 2706318815 key: l2 payload: lz4 two',
        `Dumping v0/${SEG}.index`,
        'offset: 4 position: 95',
        'offset: 7 position: 302',
      ]),
    );
    expect(r.stderr).toBe(`Mismatches in :${dir}/v0/${SEG}.index\n  Index offset: 7, log offset: 8\n`);
  });

  it('prints magic 1 entries (relative inner offsets, LogAppendTime, a bad CRC) and a v2 batch after them', async () => {
    const r = await runCli(['dump-log', '--files', `v1/${SEG}.log,v1/${SEG}.index,v1/${SEG}.timeindex`, '--deep-iteration'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      lines([
        `Dumping v1/${SEG}.log`,
        'Log starting offset: 0',
        'offset: 0 position: 0 CreateTime: 1700000000000 size: 41 magic: 1 compresscodec: none crc: 1590049505 isvalid: true',
        '| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 5 isValid: true crc: 1590049505',
        'offset: 1 position: 41 CreateTime: 1700000000001 size: 40 magic: 1 compresscodec: none crc: 3933846735 isvalid: true',
        '| offset: 1 CreateTime: 1700000000001 keySize: -1 valueSize: 6 isValid: true crc: 3933846735',
        'offset: 2 position: 81 CreateTime: 1700000000002 size: 49 magic: 1 compresscodec: none crc: 4215743387 isvalid: false',
        '| offset: 2 CreateTime: 1700000000002 keySize: 3 valueSize: 12 isValid: false crc: 4215743387',
        'offset: 5 position: 130 CreateTime: 1700000000005 size: 133 magic: 1 compresscodec: gzip crc: 2917954306 isvalid: true',
        '| offset: 3 CreateTime: 1700000000003 keySize: 2 valueSize: 8 isValid: true crc: 2826986948',
        '| offset: 4 CreateTime: 1700000000004 keySize: 2 valueSize: 8 isValid: true crc: 886214358',
        '| offset: 5 CreateTime: 1700000000005 keySize: 2 valueSize: -1 isValid: true crc: 2518482282',
        'offset: 7 position: 263 LogAppendTime: 1700000001000 size: 125 magic: 1 compresscodec: snappy crc: 839200842 isvalid: true',
        '| offset: 6 LogAppendTime: 1700000001000 keySize: 2 valueSize: 10 isValid: true crc: 3501924300',
        '| offset: 7 LogAppendTime: 1700000001000 keySize: 2 valueSize: 10 isValid: true crc: 2858449186',
        'offset: 9 position: 388 CreateTime: 1700000000009 size: 118 magic: 1 compresscodec: lz4 crc: 2869804953 isvalid: true',
        '| offset: 8 CreateTime: 1700000000008 keySize: 2 valueSize: 7 isValid: true crc: 3613937049',
        '| offset: 9 CreateTime: 1700000000009 keySize: 2 valueSize: 7 isValid: true crc: 604120351',
        'baseOffset: 10 lastOffset: 11 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: -1 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 506 CreateTime: 1700000000011 size: 100 magic: 2 compresscodec: none crc: 1691174458 isvalid: true',
        '| offset: 10 CreateTime: 1700000000010 keySize: 2 valueSize: 13 sequence: -1 headerKeys: [h]',
        '| offset: 11 CreateTime: 1700000000011 keySize: -1 valueSize: 6 sequence: -1 headerKeys: []',
        `Dumping v1/${SEG}.index`,
        'offset: 5 position: 130',
        'offset: 7 position: 263',
        'offset: 9 position: 388',
        'offset: 11 position: 506',
        `Dumping v1/${SEG}.timeindex`,
        'timestamp: 1700000000005 offset: 5',
        'timestamp: 1700000001000 offset: 7',
        'timestamp: 1700000000011 offset: 11',
      ]),
    );
    expect(r.stderr).toBe(`Found out of order timestamp in :${dir}/v1/${SEG}.timeindex\n  Index timestamp: 1700000000011, Previously indexed timestamp: 1700000001000\n`);
  });

  it("resolves a librdkafka wrapper's zero offset as Kafka does, and fails on a wrapper offset below its last inner one", async () => {
    const r = await runCli(['dump-log', '--files', `zero/${SEG}.log`, '--print-data-log', '--skip-record-metadata'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      lines([
        `Dumping zero/${SEG}.log`,
        'Log starting offset: 0',
        'offset: 0 position: 0 CreateTime: 1700000000000 size: 110 magic: 1 compresscodec: gzip crc: 2719186496 isvalid: true',
        '| payload: a',
        '| payload: b',
        '| payload: c',
        'offset: 5 position: 110 CreateTime: 1700000000000 size: 95 magic: 1 compresscodec: gzip crc: 3084047128 isvalid: true',
        '| payload: d',
        '| payload: e',
      ]),
    );
    expect(r.stderr).toBe(`Non-consecutive offsets in ${dir}/zero/${SEG}.log\n  2 is followed by 4\n`);
    const bad = await runCli(['dump-log', '--files', `bad/${SEG}.log`, '--deep-iteration'], { cwd: dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toBe(lines([`Dumping bad/${SEG}.log`, 'Log starting offset: 0', 'offset: 1 position: 0 CreateTime: 1700000000000 size: 110 magic: 1 compresscodec: gzip crc: 2304331392 isvalid: true']));
    expect(bad.stderr).toBe(
      "tkafka: org.apache.kafka.common.InvalidRecordException: Found invalid wrapper offset in compressed v1 message set, wrapper offset '1' is less than the last inner message offset '2' and it is not zero.\n",
    );
  });

  // Kafka dies on these with an exception (tkafka: its line, exit 1) after what it printed before
  // it, a batch line's first half included when the codec id is unknown; the last two read fine.
  it('stops where Kafka\'s legacy reader dies, with its exception\'s line', async () => {
    const cases: Array<[string, string, string, number]> = [
      ['nullval', 'offset: 3 position: 0 CreateTime: 1700000000000 size: 34 magic: 1 compresscodec: gzip crc: 659015000 isvalid: true\n', 'tkafka: org.apache.kafka.common.InvalidRecordException: Found invalid compressed record set with null value (magic = 1)\n', 1],
      ['innercomp', 'offset: 3 position: 0 CreateTime: 1700000000000 size: 94 magic: 1 compresscodec: gzip crc: 3939247948 isvalid: true\n| offset: 2 CreateTime: 1700000000000 keySize: -1 valueSize: 1 isValid: true crc: 1119137538 payload: a\n', 'tkafka: org.apache.kafka.common.InvalidRecordException: Inner messages must not be compressed\n', 1],
      ['zstd', 'offset: 3 position: 0 CreateTime: 1700000000000 size: 86 magic: 1 compresscodec: zstd crc: 559415274 isvalid: true\n', 'tkafka: org.apache.kafka.common.InvalidRecordException: Invalid wrapper compressionType found in legacy deep record iterator 1\n', 1],
      ['badgzip', 'offset: 3 position: 0 CreateTime: 1700000000000 size: 49 magic: 1 compresscodec: gzip crc: 1621137081 isvalid: true\n', 'tkafka: org.apache.kafka.common.KafkaException: java.util.zip.ZipException: Not in GZIP format\n', 1],
      ['empty', 'offset: 3 position: 0 CreateTime: 1700000000000 size: 54 magic: 1 compresscodec: gzip crc: 925434757 isvalid: true\n', 'tkafka: org.apache.kafka.common.InvalidRecordException: Found invalid compressed record set with no inner records\n', 1],
      ['codec5', 'offset: 3', 'tkafka: java.lang.IllegalArgumentException: Unknown compression type id: 5\n', 1],
      ['v2codec6', 'offset: 0 position: 0 CreateTime: 1700000000000 size: 36 magic: 1 compresscodec: none crc: 2062225673 isvalid: true\n| offset: 0 CreateTime: 1700000000000 keySize: -1 valueSize: 2 isValid: true crc: 2062225673 payload: ok\nbaseOffset: 0 lastOffset: 0 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: -1 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty', 'tkafka: java.lang.IllegalArgumentException: Unknown compression type id: 6\n', 1],
      ['mixmagic', 'offset: 3 position: 0 NoTimestampType: -1 size: 107 magic: 0 compresscodec: gzip crc: 3291282218 isvalid: true\n| offset: 2 NoTimestampType: 1700000000000 keySize: 1 valueSize: 8 isValid: true crc: 2688497858 key: k payload: v1 inner\n| offset: 3 NoTimestampType: -1 keySize: -1 valueSize: 8 isValid: true crc: 2707692888 payload: v0 inner\n', `Non-consecutive offsets in ${dir}/edge/mixmagic/00000000000000000000.log\n  -1 is followed by 2\n`, 0],
      ['lat0', 'offset: 0 position: 0 LogAppendTime: 1700000000005 size: 118 magic: 1 compresscodec: snappy crc: 1429914714 isvalid: true\n| offset: 0 LogAppendTime: -1 keySize: -1 valueSize: 12 isValid: true crc: 2299130754 payload: v0 in v1 LAT\n| offset: 1 LogAppendTime: 1700000000005 keySize: -1 valueSize: 2 isValid: true crc: 1783955707 payload: v1\n', '', 0],
    ];
    for (const [name, stdout, stderr, code] of cases) {
      const r = await runCli(['dump-log', '--files', `edge/${name}/${SEG}.log`, '--print-data-log'], { cwd: dir });
      expect({ name, stdout: r.stdout, stderr: r.stderr, code: r.exitCode }).toEqual({ name, stdout: `Dumping edge/${name}/${SEG}.log\nLog starting offset: 0\n${stdout}`, stderr, code });
    }
  });

  it('-o json: one document, legacy batches with their records, the index mismatches and the unknown files', async () => {
    const r = await runCli(['dump-log', '--files', `zero/${SEG}.log,v0/${SEG}.index,v1/${SEG}.timeindex,zero/notes.txt`, '--print-data-log', '-o', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as unknown;
    expect(r.stdout).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    const rec = (offset: number, ts: number, value: string, crc: number): object => ({ offset, timestamp: 1700000000000 + ts, keySize: -1, valueSize: 1, isValid: true, crc, key: null, value });
    const wrapper = { magic: 1, timestampType: 'CreateTime', maxTimestamp: 1700000000000, compression: 'gzip', isValid: true };
    expect(doc).toEqual({
      files: [
        {
          file: `zero/${SEG}.log`,
          kind: 'log',
          startOffset: 0,
          batches: [
            { position: 0, size: 110, lastOffset: 0, crc: 2719186496, ...wrapper, records: [rec(0, 0, 'a', 1119137538), rec(1, 1, 'b', 880776582), rec(2, 2, 'c', 2823757331)] },
            { position: 110, size: 95, lastOffset: 5, crc: 3084047128, ...wrapper, records: [rec(4, 0, 'd', 853433229), rec(5, 1, 'e', 2853896229)] },
          ],
          trailingBytes: 0,
          nonConsecutiveOffsets: [{ offset: 2, next: 4 }],
        },
        { file: `v0/${SEG}.index`, kind: 'offset-index', entries: [{ offset: 4, position: 95 }, { offset: 7, position: 302 }], mismatches: [{ indexOffset: 7, logOffset: 8 }] },
        {
          file: `v1/${SEG}.timeindex`,
          kind: 'time-index',
          entries: [
            { timestamp: 1700000000005, offset: 5 },
            { timestamp: 1700000001000, offset: 7 },
            { timestamp: 1700000000011, offset: 11 },
          ],
          timestampMismatches: [],
          outOfOrderTimestamps: [{ indexTimestamp: 1700000000011, previousTimestamp: 1700000001000 }],
          offsetsNotFound: [],
        },
        { file: 'zero/notes.txt', kind: 'unknown' },
      ],
    });
  });

  it('--json: v2 batches keep their producer fields and headers; shallow, a batch has no records; --index-sanity-check', async () => {
    const r = await runCli(['dump-log', '--files', `v1/${SEG}.log`, '--print-data-log', '--json'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: Array<{ batches: object[] }> }).files;
    expect(files[0]?.batches.at(-1)).toEqual({
      position: 506,
      size: 100,
      magic: 2,
      baseOffset: 10,
      lastOffset: 11,
      count: 2,
      baseSequence: -1,
      lastSequence: -1,
      producerId: -1,
      producerEpoch: -1,
      partitionLeaderEpoch: -1,
      isTransactional: false,
      isControl: false,
      deleteHorizonMs: null,
      timestampType: 'CreateTime',
      maxTimestamp: 1700000000011,
      compression: 'none',
      crc: 1691174458,
      isValid: true,
      records: [
        { offset: 10, timestamp: 1700000000010, keySize: 2, valueSize: 13, sequence: -1, headerKeys: ['h'], key: 'v2', value: 'after upgrade', headers: [{ key: 'h', value: 'x' }] },
        { offset: 11, timestamp: 1700000000011, keySize: -1, valueSize: 6, sequence: -1, headerKeys: [], key: null, value: 'v2 two', headers: [] },
      ],
    });
    expect(files[0]?.batches[2]).toEqual({ position: 81, size: 49, magic: 1, lastOffset: 2, timestampType: 'CreateTime', maxTimestamp: 1700000000002, compression: 'none', crc: 4215743387, isValid: false, records: [{ offset: 2, timestamp: 1700000000002, keySize: 3, valueSize: 12, isValid: false, crc: 4215743387, key: 'bad', value: 'crc mismatci' }] });
    const shallow = await runCli(['dump-log', '--files', `v0/${SEG}.log`, '--json'], { cwd: dir });
    expect((JSON.parse(shallow.stdout) as { files: Array<{ batches: object[] }> }).files[0]?.batches[4]).toEqual({ position: 187, size: 115, magic: 0, lastOffset: 6, timestampType: 'NoTimestampType', maxTimestamp: -1, compression: 'snappy', crc: 658340315, isValid: true });
    const sanity = await runCli(['dump-log', '--files', `v1/${SEG}.index`, '--index-sanity-check', '-o', 'json'], { cwd: dir });
    expect(sanity.stdout).toBe(`${JSON.stringify({ files: [{ file: `v1/${SEG}.index`, kind: 'offset-index', entries: [], sanityCheck: 'passed', mismatches: [] }] }, null, 2)}\n`);
    const failed = await runCli(['dump-log', '--files', `bad/${SEG}.log`, '--deep-iteration', '--json'], { cwd: dir });
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^tkafka: org\.apache\.kafka\.common\.InvalidRecordException: Found invalid wrapper offset/);
    const conflict = await runCli(['dump-log', '--files', `v1/${SEG}.log`, '--json', '-o', 'text'], { cwd: dir });
    expect(conflict.exitCode).toBe(2);
    expect(conflict.stderr.split('\n')[0]).toBe('tkafka: --json conflicts with --output text');
  });
});
