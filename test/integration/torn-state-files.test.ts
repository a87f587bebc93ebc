// Torn broker state files. The partition files (segments, indexes, checkpoints, producer snapshots)
// recover to the last valid state on their own (test/unit/broker/log/torn-files.test.ts); the broker's
// own state files are only ever replaced whole (temp file + rename), so a cut one was damaged from
// outside, and the broker refuses to start with a one-line error naming the file rather than guess a
// topic's id, partition count and configs or a cluster id. Put back whole, everything is there.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { TkafkaError } from '../../src/shared/errors.js';
import { startServer, startTestBroker, tempDataDir } from '../helpers/broker.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function refusal(dataDir: string): Promise<unknown> {
  try {
    const running = await startServer({ dataDir, config: {}, log: () => undefined });
    await running.close();
    return null;
  } catch (err) {
    return err;
  }
}

/** A data dir with topic `kept` holding three records, stopped cleanly. */
async function prepared(): Promise<string> {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const b = await startTestBroker({ dataDir });
  const created = b.running.broker.topics.create('kept', 2, { 'cleanup.policy': 'compact' });
  if (!created.ok) throw new Error(created.message);
  const log = created.value?.partitions[1]?.log;
  for (const v of ['a', 'b', 'c']) log?.append(encodeRecordBatch({ records: [{ key: Buffer.from(v), value: Buffer.from(v) }] }));
  await b.stop();
  return dataDir;
}

describe('torn broker state files', () => {
  it('a cut topic metadata file stops the start with a clear error; restored, the topic and its records are back', async () => {
    const dataDir = await prepared();
    const file = path.join(dataDir, '.topics', 'kept.json');
    const whole = fs.readFileSync(file);
    // Every cut short of the final newline (which JSON does not need) is refused.
    for (const n of [0, 1, 10, Math.floor(whole.length / 2), whole.length - 3, whole.length - 2]) {
      fs.writeFileSync(file, whole.subarray(0, n));
      const err = await refusal(dataDir);
      expect(err, `cut at ${n}`).toBeInstanceOf(TkafkaError);
      expect((err as TkafkaError).code).toBe('BAD_CONFIG');
      expect((err as TkafkaError).message).toMatch(
        new RegExp(`^The topic metadata file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid \\(not JSON: [^)]*\\); restore it from a backup, or remove it and the kept-<partition> directories to drop the topic\\.$`),
      );
    }
    fs.writeFileSync(file, whole);
    const b = await startTestBroker({ dataDir });
    const t = b.running.broker.topics.get('kept');
    expect(t?.partitions.length).toBe(2);
    expect(t?.configs).toEqual({ 'cleanup.policy': 'compact' });
    expect(t?.partitions[1]?.log.logEndOffset).toBe(3);
    await b.stop();
  });

  it('a cut meta.properties stops the start instead of taking a cut cluster id', async () => {
    const dataDir = await prepared();
    const file = path.join(dataDir, 'meta.properties');
    const whole = fs.readFileSync(file, 'utf8');
    const clusterId = /cluster\.id=(.*)\n/.exec(whole)?.[1];
    fs.writeFileSync(file, whole.slice(0, whole.indexOf('cluster.id=') + 'cluster.id='.length + 3));
    const err = await refusal(dataDir);
    expect(err).toBeInstanceOf(TkafkaError);
    expect((err as TkafkaError).message).toBe(`The broker's ${file} is not valid (it ends in the middle of a line, cut short?); restore it from a backup, or remove it to give the broker a new cluster id.`);
    fs.writeFileSync(file, whole);
    const b = await startTestBroker({ dataDir });
    expect(b.running.broker.clusterId).toBe(clusterId);
    await b.stop();
  });

  it.each([
    ['.client-quotas.json', 'client quota', 'restore it from a backup or remove it to start without quotas', { version: 1, quotas: [{ entity: [{ type: 'user', name: 'alice' }], values: { producer_byte_rate: 1024 } }] }],
    ['.entity-configs.json', 'group and client-metrics config', 'restore it from a backup or remove it to drop those configs', { version: 1, groups: { g: { 'consumer.session.timeout.ms': '45000' } }, clientMetrics: {} }],
    ['.broker-configs.json', 'dynamic broker config', 'restore it from a backup or remove it to drop the dynamic broker configs', { version: 1, default: { 'log.retention.ms': '3600000' }, broker: {} }],
  ])('a damaged %s stops the start with one line naming it; whole, the broker starts', async (name, what, remedy, doc) => {
    const dataDir = await prepared();
    const file = path.join(dataDir, name);
    const whole = JSON.stringify(doc);
    const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    fs.writeFileSync(file, whole.slice(0, Math.floor(whole.length / 2)));
    const cut = await refusal(dataDir);
    expect(cut).toBeInstanceOf(TkafkaError);
    expect((cut as TkafkaError).code).toBe('BAD_CONFIG');
    expect((cut as TkafkaError).message).toMatch(new RegExp(`^The ${esc(what)} file ${esc(file)} is not valid \\(not JSON: [^)]*\\); ${esc(remedy)}\\.$`));
    fs.writeFileSync(file, JSON.stringify({ ...doc, version: 2 }));
    expect(((await refusal(dataDir)) as TkafkaError).message).toBe(`The ${what} file ${file} is not valid (${name === '.client-quotas.json' ? 'expected {"version": 1, "quotas": [{"entity": [{"type", "name"}], "values": {...}}]}' : 'expected version 1'}); ${remedy}.`);
    fs.writeFileSync(file, whole);
    expect(await refusal(dataDir)).toBe(null);
  });
  it('a cut producer id file stops the start rather than hand out producer ids again; restored, ids continue past it', async () => {
    const dataDir = await prepared();
    const b = await startTestBroker({ dataDir });
    const first = b.running.broker.txn.producerIds.allocate();
    await b.stop();
    const file = path.join(dataDir, '.producer-ids');
    const whole = fs.readFileSync(file);
    expect(whole.toString()).toBe(`version=1\nnext.block.start=${first + 1000n}\n`);
    // Every cut but the whole file is refused: "next.block.start=1" of 1000 would reuse ids 1..999.
    for (let n = 0; n < whole.length; n++) {
      fs.writeFileSync(file, whole.subarray(0, n));
      const err = await refusal(dataDir);
      expect(err, `cut at ${n}`).toBeInstanceOf(TkafkaError);
      expect((err as TkafkaError).message).toBe(
        `The producer id file ${file} is not valid (expected "version=1" and "next.block.start=<id>" lines); restore it from a backup: producer ids handed out before must never be given again.`,
      );
    }
    fs.writeFileSync(file, whole);
    const again = await startTestBroker({ dataDir });
    expect(again.running.broker.txn.producerIds.allocate()).toBe(first + 1000n);
    await again.stop();
  });
});
