// A real old client: sarama 1.22.1 (Debian's golang-github-shopify-sarama-dev, GOPATH build of
// test/peers/go/sarama122), which sends no ApiVersions and speaks the versions its Config.Version
// picks: at 0.8.2 Produce v0 (message format v0, gzip wrapper), Fetch v0, ListOffsets v0, Metadata v0;
// at 0.10.0 Produce v2 (format v1, snappy wrapper), Fetch v2; at 0.10.2 Fetch v3, ListOffsets v1 and
// a consumer group (JoinGroup v1); at 0.11 and 2.0 record batches (Produce v3, Fetch v4); the offset
// manager's OffsetCommit/OffsetFetch v1 at each. Skipped only off CI when Go or the package is missing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { storedBatches } from '../reference/peers.js';

const run = promisify(execFile);
const GOPATH = '/usr/share/gocode';
const SARAMA = path.join(GOPATH, 'src/github.com/Shopify/sarama');
const SOURCE = path.resolve(import.meta.dirname, '../peers/go/sarama122');

function goBinary(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter).concat('/usr/local/go/bin', '/usr/lib/go/bin')) {
    const p = path.join(dir, 'go');
    if (fs.existsSync(p)) return p;
  }
  return null;
}

const go = goBinary();
const available = go !== null && fs.existsSync(SARAMA);

const CASES: Array<{ version: string; codec: 'none' | 'gzip' | 'snappy' | 'lz4'; group: boolean; timestamps: boolean }> = [
  { version: '0.8.2.0', codec: 'gzip', group: false, timestamps: false },
  { version: '0.10.0.0', codec: 'snappy', group: false, timestamps: true },
  { version: '0.10.2.0', codec: 'lz4', group: true, timestamps: true },
  { version: '0.11.0.0', codec: 'gzip', group: true, timestamps: true },
  { version: '2.0.0', codec: 'none', group: true, timestamps: true },
];
const CODECS = { none: CompressionCodec.NONE, gzip: CompressionCodec.GZIP, snappy: CompressionCodec.SNAPPY, lz4: CompressionCodec.LZ4 };

// Skipped only off CI: .ci/run installs Go and the package, so there a missing peer fails instead of passing silently.
describe.skipIf(!available && process.env['CI'] !== 'true')('sarama 1.22.1 at old protocol versions', () => {
  let b: TestBroker;
  let bin: string;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-sarama-'));
    bin = path.join(tmp, 'sarama122');
    await run(go as string, ['build', '-o', bin, '.'], {
      cwd: SOURCE,
      env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOTOOLCHAIN: 'local' },
      timeout: 240_000,
    });
    b = await startTestBroker();
    for (const c of CASES) b.running.broker.topics.create(`sarama-${c.version}`, 1, {});
  }, 300_000);
  afterAll(async () => {
    await b?.dispose();
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each(CASES)('kafka-version $version ($codec): produce, latest offset, partition consumer, offset manager, group', async (c) => {
    const topic = `sarama-${c.version}`;
    const group = `sarama-group-${c.version}`;
    const { stdout } = await run(bin, [b.bootstrap, topic, group, c.version, c.codec], { timeout: 120_000 });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const rec = (phase: string, i: number, ts: boolean): Record<string, unknown> => ({ phase, partition: 0, offset: i, key: `k${i}`, value: `v${i}`, ...(ts ? { timeMs: 1_600_000_000_000 + i } : {}) });
    expect(lines).toEqual([
      ...[0, 1, 2].map((i) => ({ phase: 'produce', partition: 0, offset: i })),
      { phase: 'latest', partition: 0, offset: 3 },
      ...[0, 1, 2].map((i) => rec('partition', i, c.timestamps)),
      { phase: 'committed', partition: 0, offset: 2 },
      ...(c.group ? [0, 1, 2].map((i) => rec('group', i, false)) : []),
    ]);
    // Stored as v2 batches (the producer flushes one or more) with the producer's codec.
    const batches = storedBatches(b.dataDir, topic, 0);
    expect(batches[0]?.baseOffset).toBe(0);
    expect(batches.map((x) => x.compression)).toEqual(batches.map(() => CODECS[c.codec]));
    const kafka = new Kafka({ clientId: 'sarama-test', brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const manual = await admin.fetchOffsets({ groupId: `${group}-manual`, topics: [topic] });
      expect(manual[0]?.partitions.map((p) => [p.partition, p.offset])).toEqual([[0, '2']]);
      if (c.group) {
        const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        expect(committed[0]?.partitions.map((p) => [p.partition, p.offset])).toEqual([[0, '3']]);
      }
    } finally {
      await admin.disconnect();
    }
  }, 120_000);
});
